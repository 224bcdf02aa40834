"""The package type-checks (``mypy --strict`` as configured in ``pyproject.toml``), so the
``py.typed`` marker promises something true.  Skips where mypy is not installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_mypy_strict_is_clean(tmp_path: Path) -> None:
    pytest.importorskip("mypy", reason="mypy is not installed (pip install 'sentry-compat[test]')")
    if not (REPO / "pyproject.toml").exists():
        pytest.skip("not a source checkout")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
