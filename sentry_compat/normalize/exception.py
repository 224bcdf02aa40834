"""The exception interface (values, mechanism) as 9.1.2 (semaphore) stored it."""

from __future__ import annotations

from typing import Any

from .context import Context
from .meta import Path


def normalize_exception(value: Any, ctx: Context, path: Path) -> Any:
    """Normalize the ``exception`` interface at ``path``; return the new value or REMOVE."""
    return value
