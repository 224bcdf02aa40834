"""Event type, metadata, title and location as 9.1.2 computed them at save time.

``src/sentry/eventtypes/{base,error,security}.py`` (BSD).  The event's ``type`` was already
set by semaphore; ``materialize_metadata`` asks that type for metadata, title and location.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import _py2
from ..interfaces import InterfaceValidationError
from ..interfaces.security import Csp, ExpectCT, ExpectStaple, Hpkp
from ..interfaces.stacktrace import trim_function_name
from ..trimming import trim, truncatechars
from .culprit import _get

__all__ = ["EVENT_TYPES", "get_location", "get_metadata", "get_title", "materialize_metadata"]

EVENT_TYPES = ("csp", "hpkp", "expectct", "expectstaple", "error", "default")


def _first_line(value: str) -> str:
    lines = value.splitlines()
    return lines[0] if lines else ""


def _strip(value: Any) -> str:
    # src/sentry/utils/strings.py: strip
    if not value:
        return ""
    return _py2.unicode_strip(value) if isinstance(value, str) else str(value).strip()


def get_crash_location(
    exception: Mapping[str, Any], platform: Any = None
) -> tuple[Any, Any] | None:
    # src/sentry/eventtypes/error.py: get_crash_location
    default = None
    frames = _get(exception, "stacktrace", "frames") or ()
    for frame in reversed([f for f in frames if f is not None] if isinstance(frames, list) else ()):
        fn = frame.get("filename") or frame.get("abs_path")
        if fn:
            func = frame.get("function")
            if func is not None:
                func = trim_function_name(func, frame.get("platform") or platform)
            if frame.get("in_app"):
                return fn, func
            if default is None:
                default = fn, func
    return default


def get_metadata(event_type: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """``<EventType>.get_metadata(data)``; keys in the order 9.1.2 inserted them."""
    if event_type == "default":
        # src/sentry/eventtypes/base.py: DefaultEvent.get_metadata
        message = _strip(_get(data, "logentry", "formatted") or _get(data, "logentry", "message"))
        title = truncatechars(_first_line(message), 100) if message else "<unlabeled event>"
        return {"title": title}
    if event_type == "error":
        # src/sentry/eventtypes/error.py: ErrorEvent.get_metadata
        exception = _get(data, "exception", "values", -1)
        if not exception:
            return {}
        loc = get_crash_location(exception, data.get("platform"))
        value = exception.get("value")
        rv: dict[str, Any] = {"value": trim(value if value is not None else "", 1024)}
        if not _get(exception, "mechanism", "synthetic"):
            ty = exception.get("type")
            rv["type"] = trim(ty if ty is not None else "Error", 128)
        if loc is not None:
            fn, func = loc
            if fn:
                rv["filename"] = fn
            if func:
                rv["function"] = func
        return rv
    # src/sentry/eventtypes/security.py
    if event_type == "csp":
        csp = Csp.to_python(dict(data["csp"]))
        return {
            "directive": csp.effective_directive,
            "uri": csp.normalized_blocked_uri,
            "message": csp.get_message(),
        }
    cls = {"hpkp": Hpkp, "expectct": ExpectCT, "expectstaple": ExpectStaple}[event_type]
    iface = cls.to_python(dict(data[event_type]))
    return {"origin": iface.get_origin(), "message": iface.get_message()}


def get_title(event_type: str, metadata: Mapping[str, Any]) -> Any:
    if event_type == "default":
        return metadata.get("title") or "<untitled>"
    if event_type == "error":
        ty = metadata.get("type")
        if ty is None:
            return metadata.get("function") or "<unknown>"
        if not metadata.get("value"):
            return ty
        return "%s: %s" % (ty, truncatechars(_first_line(metadata["value"]), 100))
    # security types: ``metadata["message"]``; an interface 9.1.2 could not read crashed it
    # (nothing stored, see ``normalize.stored_nothing``): no title then
    return metadata.get("message")


def get_location(event_type: str, metadata: Mapping[str, Any]) -> Any:
    if event_type == "error":
        return metadata.get("filename")
    if event_type == "csp":
        return metadata.get("uri")
    if event_type == "default":
        return None
    return metadata.get("origin")


def materialize_metadata(data: Mapping[str, Any]) -> dict[str, Any]:
    """``EventManager.materialize_metadata``: ``type``, ``metadata``, ``title``, ``location``."""
    # src/sentry/event_manager.py: EventManager.materialize_metadata
    event_type = data.get("type", "default")
    if event_type not in EVENT_TYPES:
        event_type = "default"  # eventtypes.get() falls back to the default type
    try:
        metadata = get_metadata(event_type, data)
    except (InterfaceValidationError, KeyError, TypeError, ValueError, AttributeError):
        metadata = {}
    return {
        "type": event_type,
        "metadata": metadata,
        "title": get_title(event_type, metadata),
        "location": get_location(event_type, metadata),
    }
