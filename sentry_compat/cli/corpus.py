"""``compat corpus``: list the cases of a corpus, and check that it is complete and valid."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from ._ui import console, err_console, print_json
from ._ui import fail as _ui_fail


def fail(message: str, code: int = 2) -> NoReturn:
    """One red line on stderr (the message is shown as is, never read as markup)."""
    from rich.markup import escape

    _ui_fail(escape(message), code)


app = typer.Typer(
    help="The corpus as data: list its cases, check it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

CorpusOption = Annotated[Path, typer.Option(help="Corpus root (any folder of the corpus layout).")]


def _corpus(root: Path) -> Any:
    from ..corpus import Corpus

    if not root.is_dir():
        fail(f"{root}: no such corpus directory")
    return Corpus(root)


@app.command("list")
def list_cases(
    corpus: CorpusOption = Path("corpus"),
    sdk: Annotated[
        str | None, typer.Option(help="Only cases whose SDK name contains this.")
    ] = None,
    platform: Annotated[str | None, typer.Option(help="Only cases of this platform.")] = None,
    feature: Annotated[
        list[str] | None,
        typer.Option(
            "--feature", "-f", help="Only cases with this feature (repeatable: all of them)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """The cases, with SDK, platform, features and the references they have."""
    from rich.markup import escape
    from rich.table import Table

    from ..exceptions import SentryCompatError

    root = _corpus(corpus)
    try:
        rows = [
            info or case.describe()
            for case, info in root.select(sdk=sdk, platform=platform, features=feature or [])
        ]
    except SentryCompatError as exc:
        fail(str(exc))
    if as_json:
        print_json(rows)
        return
    table = Table(title=f"{len(rows)} case(s) in {corpus}", title_justify="left")
    for column in ("case", "sdk", "version", "platform", "features", "references"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            escape(row["name"]),
            escape(str(row["sdk"] or "")),
            escape(str(row["sdk_version"] or "")),
            escape(str(row["platform"] or "")),
            escape(", ".join(row["features"])),
            ", ".join(row["references"]) or "[red]none[/]",
        )
    console.print(table)


def _schema_lines(
    root: Any, sdk_schema: Path | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(9.1.2 schema problems, current SDK schema findings), one entry per violation."""
    from ..corpus import INCOMING
    from ..diff.schema import sdk_validator, sentry912_validator, violations
    from ..exceptions import SentryCompatError

    ours = sentry912_validator()
    theirs = sdk_validator(sdk_schema)
    errors: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    for case in root.cases(INCOMING):
        try:
            event = case.load_event()
        except SentryCompatError:
            continue  # reported by the structural check
        path = case.incoming_path
        invalid_on_purpose = case.metadata.get("expect_invalid")
        for line in violations(ours, event, limit=5):
            entry = {
                "case": case.name,
                "kind": "schema",
                "message": f"{path}: 9.1.2 schema: {line}",
            }
            if invalid_on_purpose:
                entry["severity"] = "warning"
                entry["message"] += f" (invalid on purpose: {invalid_on_purpose})"
            else:
                entry["severity"] = "error"
            errors.append(entry)
        if theirs is not None:
            for line in violations(theirs, event, limit=5):
                findings.append(
                    {
                        "case": case.name,
                        "kind": "sdk-schema",
                        "severity": "warning",
                        "message": f"{path}: SDK schema: {line}",
                    }
                )
    return errors, findings


@app.command("check")
def check(
    corpus: CorpusOption = Path("corpus"),
    expectations: Annotated[
        Path | None,
        typer.Option(help="Expectations file (default: <corpus>/expectations.toml when present)."),
    ] = None,
    sdk_schema: Annotated[
        Path | None,
        typer.Option(
            help="Current SDK event schema (default: ../shared/reference/event-schema/event.schema.json when present)."
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            help="Warnings fail the check too (incomplete foreign cases, SDK schema findings)."
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON.")] = False,
) -> None:
    """Every case complete, every file valid JSON, every incoming event valid against the
    9.1.2 schema, the manifest and the expectations in sync.  One line per problem."""
    from rich.markup import escape

    from ..exceptions import SentryCompatError
    from ..expectations import Expectations

    root = _corpus(corpus)
    problems: list[dict[str, Any]] = [
        {"case": p.case, "kind": p.kind, "severity": p.severity, "message": p.message}
        for p in root.problems()
    ]
    try:
        exp = Expectations.for_corpus(corpus, expectations)
        problems += [
            {"case": None, "kind": "expectations", "severity": "error", "message": line}
            for line in exp.problems(root.names())
        ]
    except SentryCompatError as exc:
        problems.append(
            {"case": None, "kind": "expectations", "severity": "error", "message": str(exc)}
        )
    if sdk_schema is not None and not sdk_schema.is_file():
        fail(f"--sdk-schema {sdk_schema}: no such file")
    ours, theirs = _schema_lines(root, sdk_schema)
    problems += ours
    failing = [p for p in problems + theirs if p["severity"] == "error" or strict]
    if as_json:
        print_json(
            {
                "corpus": str(corpus),
                "ok": not failing,
                "cases": len(root.names()),
                "problems": problems,
                "sdk_schema": theirs,
            }
        )
    else:
        for p in problems:
            colour = "red" if p["severity"] == "error" else "yellow"
            err_console.print(
                f"[{colour}]{p['severity']}:[/] {escape(p['message'])}",
                soft_wrap=True,
                markup=True,
                highlight=False,
            )
        if theirs:
            err_console.print(
                f"[bold]current SDK schema[/] ({len(theirs)} finding(s), informational):"
            )
            for p in theirs:
                err_console.print(
                    f"[yellow]warning:[/] {escape(p['message'])}",
                    soft_wrap=True,
                    markup=True,
                    highlight=False,
                )
        errors = sum(1 for p in problems if p["severity"] == "error")
        warnings = len(problems) - errors + len(theirs)
        style = "red" if failing else "green"
        console.print(
            f"[{style}]{len(root.names())} case(s) in {corpus}: {errors} error(s), {warnings} warning(s)[/]"
        )
    if failing:
        raise typer.Exit(1)
