"""The ``tags`` of the API event (``EventSerializer._get_tags_with_meta``).

Stored pairs (nulls skipped) become ``{"key", "value", "_meta"}`` with one ``sentry:`` cut
from the key, sorted by that key (stable: equal keys keep their stored order). ``user`` tags
of the form ``id:…``/``username:…``/``email:…``/``ip:…`` get a search ``query``. Tag meta
(looked up by the stored key, else by the stored index's value) moves to ``_meta.tags`` keyed
by the *sorted* index; tags without meta keep ``"_meta": null`` in the item (observed on 9.1.2:
the item key is only removed where meta was found).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sentry_compat import _py2
from sentry_compat.api.meta import meta_with_chunks

__all__ = ["USER_TAG_KEYWORDS", "convert_user_tag_to_query", "render_tags"]

#: ``src/sentry/models/eventuser.py: KEYWORD_MAP`` (tag prefix -> EventUser attribute)
USER_TAG_KEYWORDS: dict[str, str] = {
    "id": "ident",
    "username": "username",
    "email": "email",
    "ip": "ip_address",
}


def convert_user_tag_to_query(key: Any, value: Any) -> str | None:
    """``user.id:42`` for the tag ``user``/``id:42``; None for every other tag."""
    # src/sentry/search/utils.py: convert_user_tag_to_query
    if key == "user" and ":" in value:
        sub_key, rest = value.split(":", 1)
        if USER_TAG_KEYWORDS.get(sub_key):
            return "user.%s:%s" % (sub_key, rest)
    return None


def _strip_sentry_prefix(key: Any) -> Any:
    return key.split("sentry:", 1)[-1]


def _get_path(data: Any, *path: Any) -> Any:
    for part in path:
        if isinstance(data, Mapping) and part in data:
            data = data[part]
        else:
            return None
    return data


def render_tags(
    tags: Any, tags_meta: Any, chunk: Callable[[Any, Any], Any] = meta_with_chunks
) -> tuple[list[dict[str, Any]], Any]:
    """(API ``tags``, ``_meta.tags``) from the stored tag pairs and ``_meta.tags``."""
    # src/sentry/api/serializers/models/event.py: EventSerializer._get_tags_with_meta
    meta = tags_meta or {}
    items = []
    for index, kv in enumerate(tags or ()):
        if kv is None or kv[0] is None or kv[1] is None:
            continue
        items.append(
            {
                "key": _strip_sentry_prefix(kv[0]),
                "value": kv[1],
                "_meta": meta.get(kv[0]) or _get_path(meta, str(index), "1") or None,
            }
        )
    items.sort(key=lambda item: _py2.py2_sort_key(item["key"]))
    for item in items:
        query = convert_user_tag_to_query(item["key"], item["value"])
        if query:
            item["query"] = query
    sorted_meta = {
        str(index): {"value": item.pop("_meta")}
        for index, item in enumerate(items)
        if item.get("_meta")
    }
    return items, chunk(items, sorted_meta)
