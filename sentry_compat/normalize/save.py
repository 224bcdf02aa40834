"""``EventManager.save`` (src/sentry/event_manager.py): what 9.1.2 computed and stored at save."""

from __future__ import annotations

from typing import Any

from .context import Context


def save(data: dict[str, Any], ctx: Context) -> dict[str, Any]:
    return data
