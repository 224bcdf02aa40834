"""Fixtures for the reference oracle tests.

Tests marked `oracle` need a running Sentry 9.1.2: env SENTRY_COMPAT_ORACLE names its state
file (or its directory, or its URL when the state is in the default directory). Without it they
skip with the reason (the `oracle_state`/`oracle_client` fixtures live in `tests/conftest.py`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def shared_glitchtip(*parts: str) -> Path:
    """`../shared/reference/glitchtip/...` (or under $SENTRY_COMPAT_SHARED); skips when absent."""
    env = os.environ.get("SENTRY_COMPAT_SHARED")
    base = Path(env) if env else REPO.parent / "shared"
    path = base.joinpath("reference", "glitchtip", *parts)
    if not path.exists():
        pytest.skip(f"shared reference data not available: {path} (set SENTRY_COMPAT_SHARED)")
    return path
