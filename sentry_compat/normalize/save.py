"""``EventManager.save`` (src/sentry/event_manager.py, BSD): what 9.1.2 computed and stored.

In order (``save_event`` in ``src/sentry/tasks/store.py`` pops ``project`` first):
culprit (before the in_app rewrite), ``node_id``, tags (``level``, ``logger``,
``environment``, ``transaction``, ``sentry:release``, ``sentry:dist``, ``sentry:user``),
``normalize_in_app``, plugin tags (``url``; the user-agent plugins are off whenever a
``contexts`` interface exists, which ``normalize_user_agent`` guarantees for a non-empty
``User-Agent`` header: they tag an empty one ``Other``), interface tags (``iter_tags`` of every interface, highest score
first, built with ``get_interfaces(data, mutate=True)``: their legacy ``to_python`` rewrites
the stored dicts in place, e.g. nulls stripped from frames), the default fingerprint, the
hashes, ``type``/``metadata``/``title``/``location`` and the culprit.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..grouping import calculate_hashes
from ..interfaces import get_interfaces
from ..stacktraces import normalize_in_app
from ..trimming import trim
from .context import Context
from .culprit import get_culprit
from .eventtypes import materialize_metadata
from .useragent import parse_user_agent

__all__ = ["MAX_TAG_VALUE_LENGTH", "event_user_tag", "node_id", "save", "set_tag"]

#: src/sentry/constants.py: MAX_TAG_VALUE_LENGTH
MAX_TAG_VALUE_LENGTH = 200

#: src/sentry/models/eventuser.py: KEYWORD_MAP (attribute -> tag prefix), in priority order
EVENT_USER_KEYS: tuple[tuple[str, str], ...] = (
    ("id", "id"),
    ("username", "username"),
    ("email", "email"),
    ("ip_address", "ip"),
)


def node_id(project_id: Any, event_id: Any) -> str:
    """src/sentry/models/event.py: EventCommon.generate_node_id."""
    return hashlib.md5(("%s:%s" % (project_id, event_id)).encode("utf-8")).hexdigest()


def pop_tag(data: dict[str, Any], key: str) -> None:
    # src/sentry/event_manager.py: pop_tag
    data["tags"] = [kv for kv in data["tags"] if kv is None or kv[0] != key]


def set_tag(data: dict[str, Any], key: str, value: Any) -> None:
    # src/sentry/event_manager.py: set_tag
    pop_tag(data, key)
    data["tags"].append([key, trim(value, MAX_TAG_VALUE_LENGTH)])


def get_tag(data: dict[str, Any], key: str) -> Any:
    # src/sentry/event_manager.py: get_tag
    for kv in data.get("tags") or ():
        if kv is not None and kv[0] == key:
            return kv[1]
    return None


def event_user_tag(user: Any) -> str | None:
    """``EventUser.tag_value`` of the event's user (``EventManager._get_event_user``).

    Stateless, as 9.1.2 was for the first event of a user and for any event while its
    ``euserid`` cache entry lived (an hour).  9.1.2 had one stateful exception, which no
    stateless normalizer can reproduce: the hash of an ``EventUser`` is the md5 of its first
    non-empty value *without its key*, and on a cache miss an existing row with that hash
    (``IntegrityError`` on save) was loaded and *its* ``tag_value`` used.  So a later event
    whose first value equals an earlier event's, under another key, got the earlier label
    (observed on the oracle, which runs without a cache so that this happens every time:
    ``{"username": "u"}`` then ``{"id": "u"}`` twice stored ``username:u`` three times; the
    loaded row also has the IP address as PostgreSQL's ``inet`` keeps it: ``001.2.3.4`` was
    tagged ``ip:001.2.3.4`` the first time and ``ip:1.2.3.4`` the second)."""
    # src/sentry/models/eventuser.py: EventUser.tag_value / build_hash
    if not user or not isinstance(user, dict):
        return None
    for attr, prefix in EVENT_USER_KEYS:
        value = user.get(attr)
        if value:
            return "%s:%s" % (prefix, value)
    return None


def _url_plugin_tags(interfaces: dict[str, Any]) -> list[tuple[str, Any]]:
    # src/sentry/plugins/sentry_urls/models.py: UrlsPlugin (TagPlugin.get_tags: len <= 200)
    http = interfaces.get("request")
    url = getattr(http, "url", None) if http is not None else None
    if not url or len(url) > MAX_TAG_VALUE_LENGTH:
        return []
    return [("url", url)]


def _user_agent_plugin_tags(interfaces: dict[str, Any]) -> list[tuple[str, Any]]:
    """The browser, os and device plugin tags: only without a ``contexts`` interface, which
    ``normalize_user_agent`` adds for any non-empty ``User-Agent`` header, so in practice for
    an empty one (``Other``, observed on 9.1.2)."""
    # src/sentry/plugins/sentry_useragents/models.py: UserAgentPlugin.get_tag_values,
    # BrowserPlugin/OsPlugin/DevicePlugin.get_tag_from_ua; TagPlugin.get_tags: len <= 200
    if interfaces.get("contexts"):
        return []
    http = interfaces.get("request")
    headers = getattr(http, "headers", None) if http is not None else None
    if not headers:
        return []
    parsed = []
    for key, value in headers:
        if key != "User-Agent":
            continue
        if not isinstance(value, str):
            return []  # ua-parser raised: safe_execute, no tags from the plugins
        parsed.append(parse_user_agent(value))
    out: list[tuple[str, Any]] = []
    for ua in parsed:
        for tag, part, version_keys in (
            ("browser", "user_agent", ("major", "minor")),
            ("os", "os", ("major", "minor", "patch")),
        ):
            info = ua[part]
            if not info["family"]:
                continue
            version = ".".join(info[k] for k in version_keys if info.get(k))
            out.append((tag, info["family"] + (" " + version if version else "")))
        out.append(("device", ua["device"]["family"]))
    return [(k, v) for k, v in out if v is not None and len(v) <= MAX_TAG_VALUE_LENGTH]


def save(data: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """The event as 9.1.2 saved it into the node store (mutates and returns ``data``)."""
    project_id = data.pop("project", None)  # src/sentry/tasks/store.py: save_event
    if project_id is None:
        project_id = ctx.options.project_id
    ctx.saved_project_id = project_id
    culprit = get_culprit(data)

    level = data.get("level")
    transaction = data.get("transaction")
    logger_name = data.get("logger")
    release = data.get("release")
    dist = data.get("dist")
    environment = data.get("environment")

    # src/sentry/event_manager.py: EventManager._get_event_instance
    data["node_id"] = node_id(project_id, data.get("event_id"))

    if not isinstance(data.get("tags"), list):
        data["tags"] = []
    set_tag(data, "level", level)
    if logger_name:
        set_tag(data, "logger", logger_name)
    if environment:
        set_tag(data, "environment", environment)
    if transaction:
        set_tag(data, "transaction", transaction)
    if release:
        pop_tag(data, "release")
        set_tag(data, "sentry:release", release)
    if dist and release:
        pop_tag(data, "dist")
        set_tag(data, "sentry:dist", dist)
    user_tag = event_user_tag(data.get("user"))
    if user_tag:
        pop_tag(data, "user")
        set_tag(data, "sentry:user", user_tag)

    normalize_in_app(data)

    interfaces = get_interfaces(data, mutate=True)
    plugin_tags = _url_plugin_tags(interfaces) + _user_agent_plugin_tags(interfaces)
    for key, value in plugin_tags:  # plugins do not override client tags
        if get_tag(data, key) is None:
            set_tag(data, key, value)
    for iface in interfaces.values():
        for key, value in iface.iter_tags():
            set_tag(data, key, value)

    data["fingerprint"] = data.get("fingerprint") or ["{{ default }}"]
    if data.get("hashes") is None:
        # event.get_hashes() reads the memoized event.interfaces built for the tags above
        data["hashes"] = calculate_hashes(data, interfaces=interfaces)

    materialized = materialize_metadata(data)
    data.update(materialized)
    data["culprit"] = culprit
    ctx.search_message = None
    return data
