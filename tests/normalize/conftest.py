"""Fixtures of the normalizer tests: the oracle's semaphore step and its Python 2.7."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..conftest import oracle_from_env


@pytest.fixture(scope="session")
def oracle_python() -> Path:
    """The oracle venv's Python 2.7 (9.1.2, semaphore 0.4.65, ua-parser 0.7.3)."""
    python = Path(oracle_from_env().dir) / "venv" / "bin" / "python"
    if not python.exists():
        pytest.skip(f"no oracle venv at {python}")
    return python


@pytest.fixture(scope="session")
def semaphore_step() -> Iterator[Any]:
    """9.1.2's ingest normalization step (``SemaphoreStep``), one process per session."""
    from sentry_compat.reference.semaphore_step import SemaphoreStep, SemaphoreStepError

    try:
        step = SemaphoreStep(oracle_from_env())
    except SemaphoreStepError as exc:
        pytest.skip(str(exc))
    with step:
        yield step
