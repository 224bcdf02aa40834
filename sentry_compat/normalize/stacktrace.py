"""Stacktraces and frames as 9.1.2 (semaphore) stored them."""

from __future__ import annotations

from typing import Any

from .context import Context
from .meta import Path


def normalize_stacktrace(value: Any, ctx: Context, path: Path) -> Any:
    """Normalize the ``stacktrace`` interface at ``path``; return the new value or REMOVE."""
    return value
