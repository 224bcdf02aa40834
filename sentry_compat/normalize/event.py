"""Top-level event fields and the order of the semaphore step."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..canonical import CanonicalKeyDict
from .context import REMOVE, Context


def canonicalize(data: dict[str, Any]) -> dict[str, Any]:
    """Legacy key aliases -> canonical keys (src/sentry/utils/canonical.py: CanonicalKeyDict)."""
    return dict(CanonicalKeyDict(data))


def normalize_event(
    data: dict[str, Any], ctx: Context, handlers: Mapping[str, Callable[..., Any]]
) -> dict[str, Any]:
    """The semaphore step on the whole event."""
    ctx.event = data
    for key, handler in handlers.items():
        if key in data:
            value = handler(data[key], ctx, (key,))
            if value is REMOVE:
                del data[key]
            else:
                data[key] = value
    return data
