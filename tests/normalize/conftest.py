"""Fixtures of the normalizer tests: the oracle's semaphore step and its Python 2.7."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def _state() -> Any:
    from sentry_compat.reference.state import StateError, resolve_state

    spec = os.environ.get("SENTRY_COMPAT_ORACLE")
    if not spec:
        pytest.skip("no oracle: set SENTRY_COMPAT_ORACLE to its state file (compat reference up)")
    try:
        return resolve_state(spec)
    except StateError as exc:
        pytest.skip(f"SENTRY_COMPAT_ORACLE={spec} is not usable: {exc}")


@pytest.fixture(scope="session")
def oracle_python() -> Path:
    """The oracle venv's Python 2.7 (9.1.2, semaphore 0.4.65, ua-parser 0.7.3)."""
    python = Path(_state().dir) / "venv" / "bin" / "python"
    if not python.exists():
        pytest.skip(f"no oracle venv at {python}")
    return python


@pytest.fixture(scope="session")
def semaphore_step() -> Iterator[Any]:
    """9.1.2's ingest normalization step (``SemaphoreStep``), one process per session."""
    from sentry_compat.reference.semaphore_step import SemaphoreStep, SemaphoreStepError

    try:
        step = SemaphoreStep(_state())
    except SemaphoreStepError as exc:
        pytest.skip(str(exc))
    with step:
        yield step
