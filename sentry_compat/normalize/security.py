"""Security reports (csp, hpkp, expectct, expectstaple) as 9.1.2 stored them."""

from __future__ import annotations

from typing import Any

from .context import Context
from .meta import Path


def normalize_csp(value: Any, ctx: Context, path: Path) -> Any:
    return value


def normalize_hpkp(value: Any, ctx: Context, path: Path) -> Any:
    return value


def normalize_expectct(value: Any, ctx: Context, path: Path) -> Any:
    return value


def normalize_expectstaple(value: Any, ctx: Context, path: Path) -> Any:
    return value
