"""Stacktrace helpers that run on stored event data (``src/sentry/stacktraces.py``).

:func:`normalize_in_app` is what 9.1.2's ``EventManager.save`` ran on the event data
just before hashing: each stack (exception, top-level, thread stacks and the raw
stacks of exceptions and threads) is judged on its own. A stack that mixes in-app and
other frames gets ``in_app: false`` where it was unset; any other stack (all in-app,
or none) gets ``in_app: false`` on every frame.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any, NamedTuple

__all__ = ["StacktraceInfo", "find_stacktraces_in_data", "normalize_in_app"]


class StacktraceInfo(NamedTuple):
    stacktrace: Any
    container: Any
    platforms: frozenset[Any]


def _filtered_frames(stacktrace: Any) -> list[Any]:
    frames = stacktrace.get("frames") if isinstance(stacktrace, dict) else None
    if isinstance(frames, (list, tuple)) and frames:
        return [f for f in frames if f is not None]
    return []


def _filtered(data: Any, *path: str) -> list[Any]:
    for p in path:
        if not isinstance(data, dict) or p not in data:
            return []
        data = data[p]
    if isinstance(data, (list, tuple)):
        return [x for x in data if x is not None]
    return []


def find_stacktraces_in_data(
    data: MutableMapping[str, Any], include_raw: bool = False
) -> list[StacktraceInfo]:
    """Every stack with at least one non-null frame, with its container (exception/thread)."""
    # src/sentry/stacktraces.py: find_stacktraces_in_data
    rv: list[StacktraceInfo] = []

    def _report_stack(stacktrace: Any, container: Any) -> None:
        if not stacktrace or not _filtered_frames(stacktrace):
            return
        platforms = frozenset(
            frame.get("platform") or data.get("platform") for frame in _filtered_frames(stacktrace)
        )
        rv.append(StacktraceInfo(stacktrace=stacktrace, container=container, platforms=platforms))

    for exc in _filtered(data, "exception", "values"):
        _report_stack(exc.get("stacktrace"), exc)
    _report_stack(data.get("stacktrace"), None)
    for thread in _filtered(data, "threads", "values"):
        _report_stack(thread.get("stacktrace"), thread)
    if include_raw:
        for info in rv[:]:
            if info.container is not None:
                _report_stack(info.container.get("raw_stacktrace"), info.container)
    return rv


def normalize_in_app(data: MutableMapping[str, Any]) -> None:
    """Rewrite ``in_app`` of every frame **in place**, as 9.1.2 did before hashing."""

    # src/sentry/stacktraces.py: normalize_in_app
    def _has_system_frames(frames: list[Any]) -> bool:
        system_frames = sum(1 for frame in frames if not frame.get("in_app"))
        return bool(system_frames) and len(frames) != system_frames

    for info in find_stacktraces_in_data(data, include_raw=True):
        frames = _filtered_frames(info.stacktrace)
        has_system_frames = _has_system_frames(frames)
        for frame in frames:
            if not has_system_frames:
                frame["in_app"] = False
            elif frame.get("in_app") is None:
                frame["in_app"] = False
