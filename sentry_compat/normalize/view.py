"""The stored event as 9.1.2's UI "JSON" link showed it: ``Event.as_dict()``.

``src/sentry/models/event.py: EventCommon.as_dict`` (BSD), served as JSON by
``src/sentry/web/frontend/group_event_json.py``.  Key order: the event-row columns
``event_id, project, release, dist, platform, message, datetime, time_spent``, then ``tags``,
then every other key of the node data in sorted order (``sdk`` without ``client_ip``), then
``culprit`` (only if the data had none), ``title`` and ``location`` (recomputed from ``type``
and ``metadata``).  ``tags`` is ``Event.tags``: the pairs without nulls, **sorted**, with the
``sentry:`` prefix cut; ``release``/``dist`` are the ``sentry:release``/``sentry:dist`` tags.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from typing import Any

from .context import Context
from .eventtypes import EVENT_TYPES, get_location, get_title

__all__ = ["as_dict", "event_datetime", "event_tags"]


#: node-data keys the JSON view does not show (observed: ``node_id``)
HIDDEN_KEYS: frozenset[str] = frozenset(("node_id",))


def event_tags(data: dict[str, Any]) -> list[tuple[Any, Any]]:
    """``Event.tags``: sorted ``(key, value)`` pairs without nulls."""
    # src/sentry/models/event.py: EventCommon.tags
    tags = data.get("tags")
    if not isinstance(tags, list):
        return []
    pairs = []
    for kv in tags:
        if kv is None:
            continue
        try:
            key, value = kv
        except (TypeError, ValueError):
            return []  # 9.1.2: an invalid tag set gives no tags at all
        if key is not None and value is not None:
            pairs.append((key, value))
    try:
        return sorted(pairs)
    except TypeError:
        return sorted(pairs, key=lambda kv: (str(kv[0]), str(kv[1])))


def _round_half_away(x: float) -> int:
    return math.floor(x + 0.5) if x >= 0 else -math.floor(-x + 0.5)


def event_datetime(timestamp: Any) -> str | None:
    """``Event.datetime`` (py2 ``datetime.fromtimestamp``, UTC) as ``sentry.utils.json``
    rendered it: ``%Y-%m-%dT%H:%M:%S.%fZ``."""
    # src/sentry/event_manager.py: EventManager._get_event_instance; src/sentry/utils/json.py
    if not isinstance(timestamp, (int, float)) or isinstance(timestamp, bool):
        return None
    seconds = math.floor(timestamp)
    micros = _round_half_away((timestamp - seconds) * 1e6)
    if micros >= 1000000:
        seconds += 1
        micros -= 1000000
    moment = datetime.fromtimestamp(seconds, tz=timezone.utc).replace(microsecond=micros)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def as_dict(data: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """``Event.as_dict()`` for the saved node data ``data``."""
    # src/sentry/models/event.py: EventCommon.as_dict
    tags = event_tags(data)
    lookup = dict(reversed(tags))  # get_tag: the first match in sorted order

    out: dict[str, Any] = {}
    out["event_id"] = data.get("event_id")
    out["project"] = ctx.saved_project_id
    out["release"] = lookup.get("sentry:release")
    out["dist"] = lookup.get("sentry:dist")
    out["platform"] = data.get("platform")
    logentry = data.get("logentry")
    message = ""
    if isinstance(logentry, dict):
        message = logentry.get("formatted") or logentry.get("message") or ""
    out["message"] = message
    out["datetime"] = event_datetime(data.get("timestamp"))
    out["time_spent"] = data.get("time_spent")
    out["tags"] = [[k.split("sentry:", 1)[-1] if isinstance(k, str) else k, v] for k, v in tags]
    for key in sorted(data):
        if key in out or key in HIDDEN_KEYS:
            continue
        value = data[key]
        if key == "sdk" and isinstance(value, dict):
            value = {k: v for k, v in value.items() if k != "client_ip"}
        out[key] = value
    if out.get("culprit") is None:
        out["culprit"] = data.get("culprit") or ""  # the group's culprit: the same value
    event_type = data.get("type", "default")
    metadata = data.get("metadata") or {}
    if event_type in EVENT_TYPES:
        out["title"] = get_title(event_type, metadata)
        out["location"] = get_location(event_type, metadata)
    else:
        out["title"] = data.get("title")
        out["location"] = data.get("location")
    return out
