"""``compat triage``: what did an SDK upgrade change in the events it sends?

    compat triage FACTORY SCENARIO --sdk-versions A B [C...]
    compat triage FACTORY SCENARIO --bisect GOOD BAD [--level wire|event|stored|grouping]

See docs/triage.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ._ui import console, fail

if TYPE_CHECKING:
    from ..triage import BisectRun, Comparison, TriageRun


def _short(value: Any, limit: int = 70) -> str:
    text = (
        json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, str) else value
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


def triage(
    targets: Annotated[
        list[str],
        typer.Argument(
            metavar="FACTORY SCENARIO [VERSION...]",
            help="Factory and scenario (compat factories list -s); more versions may follow.",
        ),
    ],
    sdk_versions: Annotated[
        list[str] | None,
        typer.Option(
            "--sdk-versions",
            help="SDK versions to compare, oldest first: --sdk-versions A B C (or A,B,C).",
        ),
    ] = None,
    bisect_range: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--bisect",
            metavar="GOOD BAD",
            help="Walk the versions published between GOOD and BAD to the first that changes --level.",
        ),
    ] = None,
    level: Annotated[
        str,
        typer.Option("--level", help="Level a bisection looks at: wire, event, stored, grouping."),
    ] = "event",
    prereleases: Annotated[
        bool, typer.Option("--prereleases", help="Bisect over pre-releases too.")
    ] = False,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            help="Leave this path out of the event and stored levels (dotted, * for any key), "
            "e.g. sdk.integrations.",
        ),
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for a scenario's events.")] = 60.0,
    rows: Annotated[int, typer.Option("--rows", help="Differences shown per level.")] = 12,
    json_: Annotated[bool, typer.Option("--json", help="Print the JSON result on stdout.")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Write the JSON result here.")] = None,
    snapshots: Annotated[
        bool, typer.Option("--snapshots", help="Include every version's events in the JSON.")
    ] = False,
) -> None:
    """Run a scenario under several SDK versions and show what changed, level by level:
    the wire (endpoint, encoding, auth, item types, headers), the raw event, the event as
    Sentry 9.1.2 stored it, and the grouping hashes (same scenario, different hashes: the
    upgrade splits every issue of this kind).  --bisect finds the first version that changed."""
    from ..exceptions import SentryCompatError
    from ..triage import LEVELS, RegistryError, bisect
    from ..triage import triage as run_triage

    if len(targets) < 2:
        fail("give FACTORY and SCENARIO")
    factory, scenario, extra = targets[0], targets[1], targets[2:]
    versions = [v for item in (sdk_versions or []) for v in item.split(",") if v] + extra
    if level not in LEVELS:
        fail(f"--level {level!r}: one of {', '.join(LEVELS)}")
    if bisect_range and versions:
        fail("give --sdk-versions or --bisect, not both")
    if not bisect_range and len(versions) < 2:
        fail("give at least two versions: --sdk-versions A B [C...]")
    result: Any
    try:
        if bisect_range:
            good, bad = bisect_range
            if json_:
                result = bisect(factory, scenario, good, bad, level=level,
                                prereleases=prereleases, timeout=timeout, ignore=ignore or [])  # fmt: skip
            else:
                with console.status(f"bisecting {factory} {scenario} {good}..{bad}") as status:
                    result = bisect(
                        factory, scenario, good, bad, level=level, prereleases=prereleases,
                        timeout=timeout, log=lambda line: status.update(line[:120]),
                        ignore=ignore or [],
                    )  # fmt: skip
            data = result.as_dict()
        else:
            if json_:
                result = run_triage(
                    factory, scenario, versions, timeout=timeout, ignore=ignore or []
                )
            else:
                with console.status(f"running {factory} {scenario}") as status:
                    result = run_triage(
                        factory, scenario, versions, timeout=timeout,
                        log=lambda line: status.update(line[:120]), ignore=ignore or [],
                    )  # fmt: skip
            data = result.as_dict(snapshots=snapshots)
    except RegistryError as exc:
        fail(f"cannot bisect: {exc}")
    except (SentryCompatError, ValueError, OSError) as exc:
        fail(str(exc))
    if out is not None:
        from ..corpus import write_json_atomic

        write_json_atomic(out, data, force=True)
    if json_:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    elif bisect_range:
        _show_bisect(result, rows)
    else:
        _show_triage(result, rows)


def _show_comparison(comparison: Comparison, rows: int) -> None:
    from rich.table import Table

    from ..triage import LEVELS

    table = Table(title=f"{comparison.before} → {comparison.after}", title_justify="left")
    table.add_column("level")
    table.add_column("changed")
    table.add_column("summary", overflow="fold")
    for name in LEVELS:
        change = comparison.levels[name]
        mark = "[yellow]yes[/]" if change.changed else "[green]no[/]"
        summary = change.summary
        if name == "grouping" and change.verdict and "SPLIT" in change.verdict:
            summary = f"[bold red]{summary}[/]"
        table.add_row(name, mark, summary)
    console.print(table)
    for name in LEVELS:
        change = comparison.levels[name]
        if not change.differences:
            continue
        detail = Table(
            show_header=True, title=f"{name}: {change.count} change(s)", title_justify="left"
        )
        detail.add_column("path", overflow="fold")
        detail.add_column("before", overflow="fold")
        detail.add_column("after", overflow="fold")
        for entry in change.differences[:rows]:
            before = _short(entry["before"]) if "before" in entry else "[dim](absent)[/]"
            after = _short(entry["after"]) if "after" in entry else "[dim](absent)[/]"
            detail.add_row(entry["path"], before, after)
        if change.count > rows:
            detail.add_row(f"[dim]… {change.count - rows} more (--rows, --json)[/]", "", "")
        console.print(detail)


def _show_triage(run: TriageRun, rows: int) -> None:
    console.print(f"[bold]{run.factory}[/] {run.scenario}  ({run.package})")
    for snap in run.snapshots:
        state = "[green]ok[/]" if snap.ok else f"[red]failed[/]: {snap.error}"
        console.print(
            f"  {snap.sdk_version}: {len(snap.events)} event(s), {snap.seconds:.1f} s, {state}"
        )
    if not run.comparisons:
        fail("fewer than two versions ran: nothing to compare")
    for comparison in run.comparisons:
        _show_comparison(comparison, rows)


def _show_bisect(run: BisectRun, rows: int) -> None:
    result = run.result
    console.print(
        f"[bold]{run.factory}[/] {run.scenario}  ({run.package} from {run.registry}), "
        f"level [bold]{run.level}[/]: {result.candidates} version(s) between "
        f"{result.good} and {result.bad}"
    )
    answers = {True: "[yellow]changed[/]", False: "[green]same[/]", None: "[red]skipped[/]"}
    console.print(f"  {result.good}: [green]good (baseline)[/]")
    for version, answer in result.runs:
        error = run.snapshots[version].error if version in run.snapshots else None
        console.print(f"  {version}: {answers[answer]}" + (f" ({error[:100]})" if error else ""))
    console.print(f"[bold]{result.message}[/] — {run.steps} run(s)")
    if run.change is not None:
        _show_comparison(run.change, rows)
