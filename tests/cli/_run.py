"""Running ``compat diff`` / ``compat corpus`` as a user would: a real subprocess.

Uses ``compat`` itself once ``diff`` and ``corpus`` are registered there, else a typer app
with just these two commands (the registration lives in ``sentry_compat/cli/__init__.py``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

APP = """
import typer
from sentry_compat.cli import app as main_app
names = {c.name for c in main_app.registered_commands} | {g.name for g in main_app.registered_groups}
if {"diff", "corpus"} <= names:
    main_app()
else:
    from sentry_compat.cli.corpus import app as corpus
    from sentry_compat.cli.diff import diff
    app = typer.Typer(pretty_exceptions_enable=False)
    app.command("diff")(diff)
    app.add_typer(corpus, name="corpus")
    app()
"""


def compat(
    *args: str,
    cwd: Path = REPO,
    timeout: float = 300,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", APP, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        input=stdin,
        env={**os.environ, "COLUMNS": "200", "PYTHONPATH": str(REPO), **(env or {})},
    )
