"""Stored event -> the API event JSON of Sentry 9.1.2.

:func:`to_api_event` renders what ``GET /api/0/projects/<org>/<project>/events/<event_id>/``
(and ``GET /api/0/issues/<id>/events/latest/``, which forwards to it) answered:
``DetailedEventSerializer`` plus ``nextEventID``/``previousEventID``
(``src/sentry/api/serializers/models/event.py``, ``src/sentry/api/endpoints/
project_event_details.py``, ``src/sentry/models/event.py: EventCommon``).

The input is a stored event: the UI "JSON" view document (``Event.as_dict()``, the
``oss_sentry_json`` references) or the raw node data. 9.1.2 read the node data, not
``as_dict()``; the differences are undone first (:func:`node_data_from_stored`). Then,
as 9.1.2 did on every read, all interfaces are rebuilt by the legacy models *in place*
(contexts cut to 512 characters, breadcrumbs with unreadable timestamps gone, frame vars
slimmed, a failing interface dropped...), and everything else, ``size`` included, is read
from the data they left behind.

Where 9.1.2 answered HTTP 500, :class:`ServerError` is raised.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sentry_compat import _py2
from sentry_compat.api.dates import format_datetime, parse_datetime, utcfromtimestamp
from sentry_compat.api.entries import render_entries, render_interface
from sentry_compat.api.errors import render_errors
from sentry_compat.api.eventtypes import get_location, get_search_message, get_title
from sentry_compat.api.meta import meta_with_chunks
from sentry_compat.api.order import py2_key_order
from sentry_compat.api.release import render_release
from sentry_compat.api.tags import render_tags
from sentry_compat.exceptions import SentryCompatError
from sentry_compat.grouping import DEFAULT_CONFIG, calculate_hashes
from sentry_compat.interfaces import get_interfaces
from sentry_compat.interfaces.base import deepcopy_data

__all__ = [
    "AS_DICT_ONLY_KEYS",
    "ServerError",
    "event_size",
    "node_data_from_stored",
    "to_api_event",
]

T = TypeVar("T")

#: keys ``Event.as_dict()`` adds in front of the node data (``src/sentry/models/event.py``)
AS_DICT_ONLY_KEYS = ("message", "datetime")
#: ``as_dict()`` shows these tags' keys without their ``sentry:`` prefix
_PREFIXED_TAGS = frozenset(["release", "dist", "user"])
#: node store bookkeeping, popped when the node is loaded (``NodeData.bind_data``)
_NODE_KEYS = ("_ref", "_ref_version")

#: top-level keys of the serializer's dict display, in source order, then the keys set after it
_TOP_LEVEL_LITERAL = (
    "id", "groupID", "eventID", "projectID", "size", "entries", "dist", "message", "title",
    "location", "culprit", "user", "contexts", "crashFile", "sdk", "context", "packages",
    "type", "metadata", "tags", "platform", "dateCreated", "dateReceived", "errors",
    "fingerprints", "groupingConfig", "_meta",
)  # fmt: skip
_TOP_LEVEL_ADDED = ("release", "userReport", "nextEventID", "previousEventID")
_META_LITERAL = (
    "entries", "message", "user", "contexts", "sdk", "context", "packages", "tags",
)  # fmt: skip


class ServerError(SentryCompatError):
    """9.1.2's event endpoint answered HTTP 500 for this stored event.

    ``stage`` names the part of the serializer that failed (``sdk``, ``entries``,
    ``title``, ...), ``cause`` the exception 9.1.2 raised there. Shapes seen on the oracle: a
    frame whose ``data`` is a non-empty object without ``sourcemap`` (KeyError), an ``sdk``
    whose name is in ``SDK_VERSIONS`` but that has no usable ``version`` (AttributeError from
    ``LooseVersion``), a stacktrace whose ``_meta`` names a frame index past its frames
    (IndexError in ``Stacktrace.get_api_meta``). From the source: an unknown stored ``type``,
    security metadata without ``message``, an error without ``type``.
    """

    status = 500

    def __init__(self, stage: str, cause: BaseException) -> None:
        self.stage = stage
        self.cause = cause
        super().__init__(f"{stage}: {type(cause).__name__}: {cause}")


def _run(stage: str, func: Callable[..., T], *args: Any) -> T:
    try:
        return func(*args)
    except ServerError:
        raise
    except Exception as exc:  # 9.1.2: any error in the serializer is a 500
        raise ServerError(stage, exc) from exc


def node_data_from_stored(stored: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of the event's node data (what ``Event.data`` held) from a stored event.

    An ``as_dict()`` document (it has ``datetime``) loses ``message`` and ``datetime`` (not
    in the node), ``release``/``dist``/``time_spent`` where null without meta (columns and
    tags shown even when absent from the node), gets its ``sentry:`` tag prefixes back
    (``release``, ``dist``, ``user``) and its refused tag pairs back as nulls (where
    ``_meta.tags`` names them). Not recoverable, so ``size`` can differ: a client tag
    ``sentry:foo`` (shown as ``foo``), pairs with a null key or value, duplicate pairs.
    """
    data: dict[str, Any] = deepcopy_data(dict(stored))
    for key in _NODE_KEYS:
        data.pop(key, None)
    if "datetime" not in stored:
        return data
    meta: dict[str, Any] = data["_meta"] if isinstance(data.get("_meta"), dict) else {}
    for key in AS_DICT_ONLY_KEYS:
        data.pop(key, None)
    for key in ("release", "dist", "time_spent"):
        # absent from the node unless set; a value semaphore refused stays as null + meta
        if data.get(key) is None and key not in meta:
            data.pop(key, None)
    tags = data.get("tags")
    if isinstance(tags, list):
        tags = [
            ["sentry:" + kv[0], *kv[1:]]
            if isinstance(kv, (list, tuple)) and kv and kv[0] in _PREFIXED_TAGS
            else kv
            for kv in tags
        ]
        # pairs semaphore refused are null in the node, with meta at their index
        tags_meta: dict[str, Any] = meta["tags"] if isinstance(meta.get("tags"), dict) else {}
        for index in sorted(
            int(k) for k, v in tags_meta.items() if k.isdigit() and isinstance(v, dict) and "" in v
        ):
            tags.insert(min(index, len(tags)), None)
        data["tags"] = tags
    return data


def event_size(data: Mapping[str, Any]) -> int:
    """``Event.size``: the length of the data as ``sentry.utils.json.dumps`` writes it
    (compact, ASCII escapes, NaN as null)."""
    # src/sentry/models/event.py: EventCommon.size
    try:
        # the stdlib's compact ASCII encoding has the same length (same escapes, same float
        # reprs, key order aside); NaN and infinities are null there, so they take the slow way
        return len(json.dumps(data, ensure_ascii=True, separators=(",", ":"), allow_nan=False))
    except (ValueError, TypeError):
        return len(_py2.json_dumps(dict(data)))


def _get_path(data: Any, *path: Any) -> Any:
    # src/sentry/utils/safe.py: get_path (no default, no filter)
    for part in path:
        if isinstance(data, Mapping) and part in data:
            data = data[part]
        elif (
            isinstance(data, (list, tuple))
            and isinstance(part, int)
            and -len(data) <= part < len(data)
        ):
            data = data[part]
        else:
            return None
    return data


def _event_tags(data: Mapping[str, Any]) -> list[tuple[Any, Any]]:
    # src/sentry/models/event.py: EventCommon.tags (sorted pairs, nulls skipped)
    pairs = [kv for kv in (data.get("tags") or ()) if kv is not None]
    try:
        return sorted(
            ((kv[0], kv[1]) for kv in pairs if kv[0] is not None and kv[1] is not None),
            key=lambda kv: (_py2.py2_sort_key(kv[0]), _py2.py2_sort_key(kv[1])),
        )
    except ValueError:
        return []


def _get_tag(data: Mapping[str, Any], key: str) -> Any:
    for k, v in _event_tags(data):
        if k == key:
            return v
    return None


def _message(
    data: Mapping[str, Any], event_meta: Any, chunk: Callable[[Any, Any], Any]
) -> tuple[Any, Any]:
    # src/sentry/api/serializers/models/event.py: EventSerializer._get_legacy_message_with_meta
    message = _get_path(data, "logentry", "formatted")
    msg_meta = _get_path(event_meta, "logentry", "formatted")
    if not message:
        message = _get_path(data, "logentry", "message")
        msg_meta = _get_path(event_meta, "logentry", "message")
    if not message:
        event_type = data.get("type", "default")
        metadata = data.get("metadata") or {}
        message = get_search_message(
            data.get("logentry"), event_type, metadata, data.get("culprit")
        )
        msg_meta = None
    return message, chunk(message, msg_meta)


def _date_received(data: Mapping[str, Any]) -> str | None:
    received = data.get("received")
    if not received:
        return None
    try:
        return format_datetime(utcfromtimestamp(received))
    except TypeError:  # "Sentry at one point attempted to record invalid types here."
        return None


def _date_created(stored: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    # Event.datetime: the as_dict() column, else datetime.fromtimestamp(timestamp) at save
    value = stored.get("datetime")
    if value is None:
        value = data.get("timestamp")
    parsed = parse_datetime(value)
    return format_datetime(parsed) if parsed is not None else None


def _text(value: Any) -> str | None:
    return None if value is None else _py2.py2_str(value)


def to_api_event(
    stored: Mapping[str, Any],
    *,
    event_id: str | None = None,
    group_id: str | int | None = None,
    project_id: str | int | None = None,
    date_received: str | _dt.datetime | None = None,
    size: int | None = None,
    previous_event_id: str | None = None,
    next_event_id: str | None = None,
    row_id: str | int | None = None,
    project: Mapping[str, Any] | None = None,
    group_culprit: str | None = None,
) -> dict[str, Any]:
    """The API event JSON 9.1.2 answered for ``stored`` (a ``Event.as_dict()`` document or
    node data); raises :class:`ServerError` where 9.1.2 answered 500.

    Instance-dependent values come from the keywords: ``row_id`` (``id``), ``group_id``,
    ``event_id`` and ``project_id`` (default: the stored ones), ``date_received`` (default:
    from the stored ``received``), ``size`` (default: computed), the neighbours'
    ids, ``project`` (``{"slug", "name"}``, listed in ``release.projects``) and
    ``group_culprit`` (the issue's culprit, shown when the event's own is empty).
    """
    data = node_data_from_stored(stored)
    interfaces = _run("interfaces", get_interfaces, data, True)
    event_meta = data.get("_meta") or {}

    # meta is rebuilt dict by dict in py2 order; the new dicts keep the order they get
    produced: list[dict[Any, Any]] = []

    def order(mapping: Mapping[Any, Any]) -> list[Any]:
        return py2_key_order(list(mapping))

    def chunk(value: Any, meta: Any) -> Any:
        return meta_with_chunks(value, meta, order=order, produced=produced)

    user, user_meta = _run("user", render_interface, interfaces, "user", event_meta, False, chunk)
    contexts, contexts_meta = _run(
        "contexts", render_interface, interfaces, "contexts", event_meta, False, chunk
    )
    sdk, sdk_meta = _run("sdk", render_interface, interfaces, "sdk", event_meta, False, chunk)
    entries, entries_meta = _run("entries", render_entries, interfaces, event_meta, False, chunk)

    errors = _run("errors", render_errors, _get_path(data, "errors"))
    message, message_meta = _run("message", _message, data, event_meta, chunk)
    tags, tags_meta = _run(
        "tags", render_tags, data.get("tags"), _get_path(data, "_meta", "tags"), chunk
    )
    context = data.get("extra", {})
    context_meta = _run("context", chunk, context, _get_path(data, "_meta", "extra"))
    packages = data.get("modules", {})
    packages_meta = _run("packages", chunk, packages, _get_path(data, "_meta", "modules"))

    if date_received is None:
        received = _run("dateReceived", _date_received, data)
    elif isinstance(date_received, _dt.datetime):
        received = format_datetime(date_received)
    else:
        received = date_received

    event_type = data.get("type", "default")
    metadata = data.get("metadata") or {}
    hashes = data.get("hashes")
    if hashes is None:
        hashes = _run("fingerprints", calculate_hashes, data, data.get("grouping_config"))

    result: dict[str, Any] = {
        "id": _text(row_id),
        "groupID": _text(group_id),
        "eventID": _text(event_id if event_id is not None else stored.get("event_id")),
        "projectID": _text(project_id if project_id is not None else stored.get("project")),
        "size": size if size is not None else _run("size", event_size, data),
        "entries": entries,
        "dist": _get_tag(data, "sentry:dist"),
        "message": message,
        "title": _run("title", get_title, event_type, metadata),
        "location": _run("location", get_location, event_type, metadata),
        # src/sentry/models/event.py: EventCommon.culprit
        "culprit": data.get("culprit") or group_culprit or data.get("culprit"),
        "user": user,
        "contexts": contexts or {},
        "crashFile": None,
        "sdk": sdk,
        "context": context,
        "packages": packages,
        "type": event_type,
        "metadata": metadata,
        "tags": tags,
        "platform": stored.get("platform"),
        "dateCreated": _run("dateCreated", _date_created, stored, data),
        "dateReceived": received,
        "errors": errors,
        "fingerprints": hashes,
        "groupingConfig": data.get("grouping_config") or {"id": DEFAULT_CONFIG},
        "_meta": {
            "entries": entries_meta,
            "message": message_meta,
            "user": user_meta,
            "contexts": contexts_meta,
            "sdk": sdk_meta,
            "context": context_meta,
            "packages": packages_meta,
            "tags": tags_meta,
        },
    }
    release = _get_tag(data, "sentry:release")
    result["release"] = (
        render_release(release, projects=[project] if project else ()) if release else None
    )
    result["userReport"] = None
    result["nextEventID"] = next_event_id
    result["previousEventID"] = previous_event_id
    rendered: dict[str, Any] = _to_json(result, {id(d) for d in produced})
    return rendered


def _json_key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, float):
        return repr(key)
    return str(key)


def _to_json(value: Any, final: set[int]) -> Any:
    """What DRF's JSON rendering made of the serializer's result: datetimes as text, tuples
    as lists, object keys as text, keys in py2 order (dicts in ``final`` are in it already)."""
    cls = type(value)
    if cls is str or cls is int or value is None or cls is bool or cls is float:
        return value
    if cls is dict or isinstance(value, Mapping):
        keys = list(value) if id(value) in final else py2_key_order(list(value))
        return {_json_key(k): _to_json(value[k], final) for k in keys}
    if cls is list or isinstance(value, (list, tuple)):
        return [_to_json(v, final) for v in value]
    if isinstance(value, _dt.datetime):
        return format_datetime(value)
    return value
