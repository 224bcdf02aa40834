"""``compat factories``: what error factories exist and what runs here."""

from __future__ import annotations

import shutil
from typing import Annotated

import typer

from ._ui import console, fail

app = typer.Typer(help="Error factories: small apps raising errors through real SDKs.", no_args_is_help=True)

#: runner kind -> the tool it needs on this machine
_RUNNER_NEEDS = {
    "python-venv": "python3",
    "node-npm": "npm",
}


@app.command("list")
def list_(
    scenarios: Annotated[bool, typer.Option("--scenarios", "-s", help="List every scenario.")] = False,
) -> None:
    """List factories, their SDK versions, and whether they run here or need Docker."""
    from rich.table import Table

    from ..exceptions import SentryCompatError
    from ..factories import load_factories
    from ..factories.runners import _PREPARERS

    try:
        factories = load_factories()
    except SentryCompatError as exc:
        fail(str(exc))
    table = Table(title="error factories")
    for column in ("factory", "sdk", "versions", "scenarios", "runs here"):
        table.add_column(column, overflow="fold")
    for factory in factories.values():
        kind = factory.runner_kind
        tool = _RUNNER_NEEDS.get(kind)
        if kind not in _PREPARERS:
            where = "[yellow]docker compose only[/]"
        elif tool and not shutil.which(tool):
            where = f"[red]no: needs {tool}[/]"
        else:
            where = f"[green]yes[/] ({kind})"
        table.add_row(
            factory.name,
            f"{factory.sdk_package} ({factory.sdk_name})",
            ", ".join(factory.versions),
            str(len(factory.scenarios)),
            where,
        )
    console.print(table)
    if scenarios:
        detail = Table(title="scenarios")
        for column in ("factory", "scenario", "description", "features"):
            detail.add_column(column, overflow="fold")
        for factory in factories.values():
            for scenario in factory.scenarios:
                detail.add_row(factory.name, scenario.name, scenario.description, ", ".join(scenario.features))
        console.print(detail)
