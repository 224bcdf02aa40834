"""The sdk interface as 9.1.2 (semaphore) stored it (and the sdk built from the client string)."""

from __future__ import annotations

from typing import Any

from .context import Context
from .meta import Path


def normalize_sdk(value: Any, ctx: Context, path: Path) -> Any:
    """Normalize the ``sdk`` interface at ``path``; return the new value or REMOVE."""
    return value
