"""Fixtures for the reference oracle tests.

Tests marked `oracle` need a running Sentry 9.1.2: env SENTRY_COMPAT_ORACLE names its state
file (or its directory, or its URL when the state is in the default directory). Without it they
skip with the reason.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from sentry_compat.reference.client import OracleClient
    from sentry_compat.reference.state import OracleState

REPO = Path(__file__).resolve().parents[2]


def shared_glitchtip(*parts: str) -> Path:
    """`../shared/reference/glitchtip/...` (or under $SENTRY_COMPAT_SHARED); skips when absent."""
    env = os.environ.get("SENTRY_COMPAT_SHARED")
    base = Path(env) if env else REPO.parent / "shared"
    path = base.joinpath("reference", "glitchtip", *parts)
    if not path.exists():
        pytest.skip(f"shared reference data not available: {path} (set SENTRY_COMPAT_SHARED)")
    return path


@pytest.fixture(scope="session")
def oracle_state() -> OracleState:
    """The running oracle's state; skips when SENTRY_COMPAT_ORACLE is not set or not usable."""
    from sentry_compat.reference.install import http_status
    from sentry_compat.reference.state import StateError, resolve_state

    spec = os.environ.get("SENTRY_COMPAT_ORACLE")
    if not spec:
        pytest.skip("no oracle: set SENTRY_COMPAT_ORACLE to its state file (compat reference up)")
    try:
        state = resolve_state(spec)
    except StateError as exc:
        pytest.skip(f"SENTRY_COMPAT_ORACLE={spec} is not usable: {exc}")
    if http_status(f"{state.url}/_health/") != 200:
        pytest.skip(f"the oracle at {state.url} does not answer (compat reference up)")
    return state


@pytest.fixture(scope="session")
def oracle_client(oracle_state: OracleState) -> OracleClient:
    from sentry_compat.reference.client import OracleClient as Client

    return Client(oracle_state)
