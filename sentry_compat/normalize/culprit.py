"""The culprit 9.1.2 computed at save time (``src/sentry/culprit.py``, BSD)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..trimming import truncatechars

__all__ = ["MAX_CULPRIT_LENGTH", "generate_culprit", "get_culprit"]

#: src/sentry/constants.py: MAX_CULPRIT_LENGTH
MAX_CULPRIT_LENGTH = 200


def _get(data: Any, *path: Any) -> Any:
    for part in path:
        if isinstance(data, Mapping):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and -len(data) <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def get_culprit(data: Mapping[str, Any]) -> str:
    """``EventManager.get_culprit``: client culprit, else transaction, else generated."""
    # src/sentry/event_manager.py: EventManager.get_culprit
    return str(data.get("culprit") or data.get("transaction") or generate_culprit(data) or "")


def generate_culprit(data: Mapping[str, Any]) -> str:
    # src/sentry/culprit.py: generate_culprit
    platform = data.get("platform")
    exceptions = _get(data, "exception", "values")
    exceptions = [e for e in exceptions if e is not None] if isinstance(exceptions, list) else None
    stacktraces: list[Any] | None
    if exceptions:
        if _get(exceptions, -1, "mechanism", "synthetic"):
            return ""
        stacktraces = [e["stacktrace"] for e in exceptions if _get(e, "stacktrace", "frames")]
    else:
        stacktrace = data.get("stacktrace")
        if stacktrace and stacktrace.get("frames"):
            stacktraces = [stacktrace]
        else:
            stacktraces = None
    culprit = None
    if stacktraces:
        culprit = get_stacktrace_culprit(stacktraces[-1], platform)
    if not culprit and data.get("request"):
        culprit = _get(data, "request", "url")
    return truncatechars(culprit or "", MAX_CULPRIT_LENGTH) or ""


def get_stacktrace_culprit(stacktrace: Mapping[str, Any], platform: Any) -> str | None:
    # src/sentry/culprit.py: get_stacktrace_culprit
    default = None
    for frame in reversed(stacktrace["frames"]):
        if not frame:
            continue
        if frame.get("in_app"):
            culprit = get_frame_culprit(frame, platform)
            if culprit:
                return culprit
        elif default is None:
            default = get_frame_culprit(frame, platform)
    return default


def get_frame_culprit(frame: Mapping[str, Any], platform: Any) -> str:
    # src/sentry/culprit.py: get_frame_culprit
    platform = frame.get("platform") or platform
    if platform in ("objc", "cocoa", "native"):
        return frame.get("function") or "?"
    fileloc = frame.get("module") or frame.get("filename")
    if not fileloc:
        return ""
    if platform in ("javascript", "node"):
        return "%s(%s)" % (frame.get("function") or "?", fileloc)
    return "%s in %s" % (fileloc, frame.get("function") or "?")
