"""The stored view: ``Event.as_dict()`` (src/sentry/models/event.py), what the UI "JSON" link shows."""

from __future__ import annotations

from typing import Any

from .context import Context


def as_dict(data: dict[str, Any], ctx: Context) -> dict[str, Any]:
    return data
