"""Shared test helpers: where the shared reference data lives, the reference oracle, and
factory environments."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from sentry_compat.reference.client import OracleClient
    from sentry_compat.reference.state import OracleState

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


def oracle_from_env() -> OracleState:
    """The oracle named by env ``SENTRY_COMPAT_ORACLE`` (its state file, directory or URL);
    skips the test with the reason when it is unset or unusable (the server may be down: see
    :func:`running_oracle`)."""
    from sentry_compat.reference.state import StateError, resolve_state

    spec = os.environ.get("SENTRY_COMPAT_ORACLE")
    if not spec:
        pytest.skip("no oracle: set SENTRY_COMPAT_ORACLE to its state file (compat reference up)")
    try:
        return resolve_state(spec)
    except StateError as exc:
        pytest.skip(f"SENTRY_COMPAT_ORACLE={spec} is not usable: {exc}")


def running_oracle() -> OracleState:
    """:func:`oracle_from_env`, and its server answers (else the test skips)."""
    from sentry_compat.reference.install import http_status

    state = oracle_from_env()
    if http_status(f"{state.url}/_health/") != 200:
        pytest.skip(f"the oracle at {state.url} does not answer (compat reference up)")
    return state


@pytest.fixture(scope="session")
def oracle_state() -> OracleState:
    """The running oracle's state (tests marked ``oracle``; skips without one)."""
    return running_oracle()


@pytest.fixture(scope="session")
def oracle_client(oracle_state: OracleState) -> OracleClient:
    from sentry_compat.reference.client import OracleClient as Client

    return Client(oracle_state)
