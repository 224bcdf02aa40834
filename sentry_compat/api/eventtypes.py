"""Event title, location and search message, recomputed the way 9.1.2's ``Event`` did.

The API does not show the stored ``title``/``location``: ``Event.title`` and
``Event.location`` ask the event type (``src/sentry/eventtypes/``) again, with the stored
``type`` and ``metadata``. The API ``message`` falls back to the ``Event.message`` column,
the *search message* that ``EventManager.get_search_message`` built at save time from the
log entry, the metadata values (in py2 dict order) and the culprit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sentry_compat import _py2
from sentry_compat.normalize import eventtypes as _saved
from sentry_compat.trimming import trim, truncatechars

__all__ = [
    "EVENT_TYPES",
    "METADATA_KEY_ORDER",
    "UnknownEventType",
    "get_location",
    "get_search_message",
    "get_title",
    "metadata_in_py2_order",
]

#: the event types 9.1.2 registers (``src/sentry/eventtypes/__init__.py``)
EVENT_TYPES = _saved.EVENT_TYPES

#: the order in which each type's ``get_metadata`` inserted its keys (py2 order follows from it)
METADATA_KEY_ORDER: dict[str, tuple[str, ...]] = {
    "default": ("title",),
    "error": ("value", "type", "filename", "function"),
    "csp": ("directive", "uri", "message"),
    "hpkp": ("origin", "message"),
    "expectct": ("origin", "message"),
    "expectstaple": ("origin", "message"),
}

#: types whose metadata was a dict display (``{...}``) rather than built key by key
_LITERAL_METADATA = frozenset(["csp", "hpkp", "expectct", "expectstaple"])


class UnknownEventType(KeyError):
    """``eventtypes.get(type)`` of a type 9.1.2 does not register (a KeyError there)."""


def _check(event_type: Any) -> str:
    if event_type not in EVENT_TYPES:
        raise UnknownEventType(event_type)
    return str(event_type)


def _first_line(value: str) -> str:
    # py2: an ASCII value loaded from the node store is a byte string, whose splitlines()
    # breaks at \n and \r only; unicode.splitlines() has the same boundaries as py3's
    lines = value.encode().splitlines() if _py2.is_bytes_like(value) else value.splitlines()
    first = lines[0] if lines else ""
    return first.decode() if isinstance(first, bytes) else first


def get_title(event_type: Any, metadata: Mapping[str, Any]) -> Any:
    """``Event.title``: the event type's ``get_title(metadata)``."""
    # src/sentry/eventtypes/base.py, error.py, security.py: get_title
    kind = _check(event_type)
    if kind == "default":
        return metadata.get("title") or "<untitled>"
    if kind == "error":
        ty = metadata.get("type")
        if ty is None:
            return metadata.get("function") or "<unknown>"
        if not metadata.get("value"):
            return ty
        return "%s: %s" % (
            _py2.py2_str(ty),
            truncatechars(_first_line(metadata["value"]), 100),
        )
    return metadata["message"]


def get_location(event_type: Any, metadata: Mapping[str, Any]) -> Any:
    """``Event.location``: ``filename`` (error), ``uri`` (csp), ``origin`` (hpkp, expect-*);
    the save-time rule of :mod:`sentry_compat.normalize.eventtypes`, for a registered type."""
    return _saved.get_location(_check(event_type), metadata)


def metadata_in_py2_order(event_type: Any, metadata: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The metadata items in the order py2 iterated the dict ``get_metadata`` built at save."""
    known = METADATA_KEY_ORDER.get(event_type, ())
    keys = [k for k in known if k in metadata] + [k for k in metadata if k not in known]
    literal = event_type in _LITERAL_METADATA
    return _py2.ordered_items({k: metadata[k] for k in keys}, literal=literal)


def get_search_message(
    logentry: Any, event_type: Any, metadata: Mapping[str, Any], culprit: Any
) -> str:
    """``Event.message``: the log entry text plus every metadata value and the culprit that
    it does not already contain, space-separated, stripped and trimmed to 8192."""
    # src/sentry/event_manager.py: EventManager.get_search_message
    message = ""
    if logentry:
        message += logentry.get("formatted") or logentry.get("message") or ""
    for _key, value in metadata_in_py2_order(event_type, metadata):
        value_u = _py2.py2_str(value)
        if value_u not in message:
            message = "%s %s" % (message, value_u)
    if culprit and culprit not in message:
        message = "%s %s" % (message, _py2.py2_str(culprit))
    return trim(_py2.unicode_strip(message), 8192)  # type: ignore[no-any-return]
