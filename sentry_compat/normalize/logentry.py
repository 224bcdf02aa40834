"""The logentry (message) interface as 9.1.2 (semaphore) stored it."""

from __future__ import annotations

from typing import Any

from .context import Context
from .meta import Path


def normalize_logentry(value: Any, ctx: Context, path: Path) -> Any:
    """Normalize the ``logentry`` interface at ``path``; return the new value or REMOVE."""
    return value
