"""``compat factories``: what error factories exist and what runs here."""

from __future__ import annotations

from typing import Annotated

import typer

from ._ui import console, fail

app = typer.Typer(
    help="Error factories: small apps raising errors through real SDKs.", no_args_is_help=True
)


@app.command("list")
def list_(
    scenarios: Annotated[
        bool, typer.Option("--scenarios", "-s", help="List every scenario.")
    ] = False,
) -> None:
    """List factories, their SDK versions, and whether they run here or need Docker."""
    from rich.table import Table

    from ..exceptions import SentryCompatError
    from ..factories import load_factories, unavailable

    try:
        factories = load_factories()
    except SentryCompatError as exc:
        fail(str(exc))
    table = Table(title="error factories")
    for column in ("factory", "sdk", "versions", "scenarios", "runs here", "docker"):
        table.add_column(column, overflow="fold")
    for factory in factories.values():
        cells = []
        for version in factory.versions:
            reason = unavailable(factory, version)
            if reason == "docker compose only":
                cells.append(f"[yellow]{version}: docker compose only (untested here)[/]")
            elif reason:
                cells.append(f"[red]{version}: no, {reason}[/]")
            else:
                cells.append(f"[green]{version}: yes[/] ({factory.kind_for(version)})")
        docker = "Dockerfile" if (factory.directory / "Dockerfile").is_file() else "-"
        table.add_row(
            factory.name,
            f"{factory.sdk_package} ({factory.sdk_name})",
            # a version running another SDK package (raven in a framework factory) names it
            ", ".join(
                v
                if factory.sdk_for(v)[0] == factory.sdk_package
                else f"{v} ({factory.sdk_for(v)[0]})"
                for v in factory.versions
            ),
            str(len(factory.scenarios)),
            "\n".join(cells),
            docker,
        )
    console.print(table)
    if scenarios:
        detail = Table(title="scenarios")
        for column in ("factory", "scenario", "description", "features"):
            detail.add_column(column, overflow="fold")
        for factory in factories.values():
            for scenario in factory.scenarios:
                detail.add_row(
                    factory.name, scenario.name, scenario.description, ", ".join(scenario.features)
                )
        console.print(detail)
