"""Shared test helpers: where the shared reference data lives, and factory environments."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """``../shared`` beside the repository, or ``$SENTRY_COMPAT_SHARED``."""
    env = os.environ.get("SENTRY_COMPAT_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def shared_reference(*parts: str) -> Path:
    """A path under ``../shared/reference``; skips the test with a reason when absent."""
    path = shared_dir().joinpath("reference", *parts)
    if not path.exists():
        pytest.skip(f"shared reference data not available: {path} (set SENTRY_COMPAT_SHARED)")
    return path
