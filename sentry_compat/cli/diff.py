"""``compat diff``: every corpus case against its Sentry 9.1.2 references.

Three levels kept apart in the report: *accepted*, *field-equal* (stored and API JSON after
the volatile masks) and *grouping-equal* (hashes and grouping-info trees).  Exit status 0 only
when every compared level matches or differs as expected; 1 when something differs
unexpectedly (or an expected difference no longer occurs); 2 for unusable input.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from ._ui import console, err_console, print_json
from ._ui import fail as _ui_fail


def fail(message: str, code: int = 2) -> NoReturn:
    """One red line on stderr (the message is shown as is, never read as markup)."""
    from rich.markup import escape

    _ui_fail(escape(message), code)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


if TYPE_CHECKING:
    from ..diff.engine import CaseResult, DiffOptions

_LEVEL_GROUPS = (
    ("accepted", "accepted"),
    ("field-equal", "stored"),
    ("", "api"),
    ("grouping-equal", "grouping"),
)


def _select(
    corpus_dir: Path,
    cases: list[str],
    sdk: str | None,
    platform: str | None,
    features: list[str],
) -> list[str]:
    from ..corpus import Corpus
    from ..exceptions import SentryCompatError

    corpus = Corpus(corpus_dir)
    try:
        names = [
            c.name
            for c, _ in corpus.select(names=cases, sdk=sdk, platform=platform, features=features)
        ]
    except SentryCompatError as exc:
        fail(str(exc))
    if cases:
        import fnmatch

        known = corpus.names()
        missing = [c for c in cases if not any(fnmatch.fnmatchcase(n, c) for n in known)]
        if missing:
            fail(f"--case {missing[0]}: no such case in {corpus_dir}")
    return names


def _repro_args(
    target: str, expectations: Path | None, allow: list[str], schema: bool
) -> tuple[str, ...]:
    args: list[str] = []
    if target != "library":
        args += ["--target", target]
    if expectations is not None:
        args += ["--expectations", str(expectations)]
    for name in allow:
        args += ["--allow", name]
    if not schema:
        args.append("--no-schema")
    return tuple(args)


def _run(
    options: DiffOptions, names: list[str], jobs: int, show_progress: bool
) -> list[CaseResult]:
    from ..diff.engine import run_cases

    results: list[CaseResult] = []
    if not show_progress:
        return list(run_cases(options, names, jobs=jobs))
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]diff[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=len(names))
        for result in run_cases(options, names, jobs=jobs):
            results.append(result)
            progress.update(task, advance=1, description=result.name)
    return results


def _summary_table(summary: dict[str, dict[str, int]], title: str) -> Any:
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    table.add_column("level")
    table.add_column("compared", style="dim")
    for column, style in (
        ("matched", "green"),
        ("expected", "yellow"),
        ("failed", "red"),
        ("errors", "red"),
        ("skipped", "dim"),
    ):
        table.add_column(column, justify="right", style=style)
    for group, level in _LEVEL_GROUPS:
        row = summary[level]
        table.add_row(
            group,
            level,
            str(row["match"]),
            str(row["expected"]),
            str(row["fail"]),
            str(row["error"]),
            str(row["skip"]),
        )
    return table


def _print_failures(
    results: list[CaseResult], options: DiffOptions, verbose: bool, shown: int, paths: int
) -> None:
    from rich.markup import escape

    from ..diff.engine import explain_case
    from ..diff.report import level_detail

    failed = [r for r in results if r.failed]
    for result in failed[:shown]:
        console.print(f"\n[bold red]✗[/] [bold]{escape(result.name)}[/]")
        for level, lr in result.levels.items():
            if not lr.failed:
                continue
            console.print(f"  [red]{level}[/]: {escape(lr.message)}")
            for line in level_detail(lr, limit=paths):
                console.print(f"    {escape(line)}", soft_wrap=True)
            if verbose:
                for note in lr.notes:
                    console.print(f"    [dim]{escape(note)}[/]", soft_wrap=True)
        if verbose:
            explained = explain_case(options, result.name)
            for level, lines in explained.items():
                if result.levels[level].failed:
                    console.print(f"  [bold]{level}[/] (deepdiff, reference -> target):")
                    for line in lines:
                        console.print(f"    {escape(line)}", soft_wrap=True)
        console.print(f"  [dim]reproduce:[/] {escape(result.repro)}", soft_wrap=True)
    if len(failed) > shown:
        console.print(
            f"\n[dim]... {len(failed) - shown} more failing case(s) (--show N, --json)[/]"
        )


def _only_accepted(result: CaseResult) -> bool:
    return all(lr.status == "skip" for level, lr in result.levels.items() if level != "accepted")


def _update(corpus_dir: Path, names: list[str], yes: bool) -> None:
    from ..corpus import Corpus
    from ..diff.update import apply_update, plan_update
    from ..exceptions import SentryCompatError
    from ..reference.state import StateError, resolve_state

    corpus = Corpus(corpus_dir)
    try:
        state = resolve_state()
    except StateError as exc:
        fail(f"--update needs the reference oracle: {exc}")
    console.print(f"harvesting {len(names)} case(s) from the oracle at {state.url} ...")
    try:
        plan = plan_update(corpus, names, state=state)
    except SentryCompatError as exc:
        fail(str(exc))
    try:
        for case in plan.cases:
            if case.status != "harvested":
                console.print(f"[red]failed[/] {_escape(case.name)}: {_escape(case.message)}")
            elif not case.changed:
                console.print(f"[dim]unchanged[/] {case.name}")
            else:
                console.print(f"[yellow]changes[/] {case.name}")
                for folder, changes in case.changes.items():
                    if changes is None:
                        console.print(f"    {folder}: new file")
                    for change in (changes or [])[:10]:
                        console.print(f"    {folder}: {change}", soft_wrap=True, markup=False)
                    if changes and len(changes) > 10:
                        console.print(f"    {folder}: ... {len(changes) - 10} more")
        if not plan.changed:
            console.print("references are up to date")
            return
        if not yes:
            if not sys.stdin.isatty():
                fail("not a terminal: rerun with --yes to write the changed references")
            if not typer.confirm(f"write the references of {len(plan.changed)} case(s)?"):
                fail("nothing written", code=1)
        written = apply_update(plan, corpus)
        console.print(f"updated {len(written)} case(s): {', '.join(written)}")
    finally:
        plan.discard()


def diff(
    corpus: Annotated[
        Path, typer.Option(help="Corpus root (any folder of the corpus layout).")
    ] = Path("corpus"),
    case: Annotated[
        list[str] | None,
        typer.Option("--case", "-c", help="Only these cases (names or glob patterns; repeatable)."),
    ] = None,
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
    target: Annotated[
        str,
        typer.Option(
            help="`library` (default), `library-isolated` (API and grouping from the reference stored event), or a backend adapter `module:function`."
        ),
    ] = "library",
    expectations: Annotated[
        Path | None,
        typer.Option(help="Expectations file (default: <corpus>/expectations.toml when present)."),
    ] = None,
    allow: Annotated[
        list[str] | None,
        typer.Option(
            "--allow", help="Apply this [[intentional]] rule of the expectations file (repeatable)."
        ),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the results as JSON (no table).")
    ] = False,
    junit: Annotated[
        Path | None, typer.Option(help="Also write JUnit XML here (one testsuite per level).")
    ] = None,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Show deepdiff's report and schema notes for each failing case."
        ),
    ] = False,
    show: Annotated[int, typer.Option(help="Failing cases shown in detail.")] = 10,
    paths: Annotated[int, typer.Option(help="Differing paths listed per failing level.")] = 5,
    schema: Annotated[
        bool,
        typer.Option(
            "--schema/--no-schema",
            help="Validate incoming events against the 9.1.2 schema (notes; events over 1 MB are left to `compat corpus check`).",
        ),
    ] = True,
    update: Annotated[
        bool,
        typer.Option(
            "--update",
            help="Rewrite the selected cases' references from the oracle (shows the changes, asks first).",
        ),
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="With --update: write without asking.")
    ] = False,
) -> None:
    """Compare the library (or a backend) with the corpus references, case by case."""
    from ..diff.engine import DiffOptions, levels_summary
    from ..exceptions import SentryCompatError

    if not corpus.is_dir():
        fail(f"{corpus}: no such corpus directory")
    if update:
        names = _select(corpus, case or [], sdk, platform, feature or [])
        if not names:
            fail("no cases selected")
        _update(corpus, names, yes)
        return
    allow = allow or []
    options = DiffOptions(
        corpus=str(corpus),
        target=target,
        expectations=str(expectations) if expectations else None,
        allow=tuple(allow),
        schema=schema,
        repro_args=_repro_args(target, expectations, allow, schema),
    )
    # unusable input: one line per problem, before any case runs
    problems: list[str] = []
    try:
        from ..corpus import Corpus
        from ..diff.targets import resolve_target
        from ..expectations import Expectations

        unusable = [p.message for p in Corpus(corpus).manifest_problems() if p.case is None]
        if unusable:  # a broken manifest is one line, not a traceback
            raise SentryCompatError(unusable[0])
        exp = Expectations.for_corpus(corpus, expectations)
        exp.select(allow)
        problems += exp.problems(Corpus(corpus).names())
        resolve_target(target)
    except SentryCompatError as exc:
        problems.append(str(exc))
    if not problems:
        names = _select(corpus, case or [], sdk, platform, feature or [])
    if problems:
        for problem in problems:
            err_console.print(f"[bold red]error:[/] {_escape(problem)}", soft_wrap=True)
        raise typer.Exit(2)
    # a manifest out of sync: one line each, the run goes on, the exit status says so
    out_of_sync = [p.message for p in Corpus(corpus).manifest_problems()]
    for line in out_of_sync:
        err_console.print(f"[bold red]error:[/] {_escape(line)}", soft_wrap=True)
    start = time.monotonic()
    show_progress = not as_json and err_console.is_terminal and len(names) > 1
    try:
        results = _run(options, names, jobs, show_progress)
    except SentryCompatError as exc:
        fail(str(exc))
    seconds = time.monotonic() - start
    summary = levels_summary(results)
    if junit is not None:
        from ..diff.report import write_junit

        write_junit(junit, results)
    failed = [r for r in results if r.failed]
    if as_json:
        from ..diff.report import json_document

        print_json(
            json_document(
                results,
                summary,
                corpus=str(corpus),
                target=target,
                seconds=seconds,
                problems=out_of_sync,
            )
        )
    else:
        if not names:
            console.print(f"no cases in {corpus} (nothing to compare)")
        else:
            console.print(
                _summary_table(summary, f"{len(names)} case(s) of {corpus} vs target {target}")
            )
            _print_failures(results, options, verbose, show, paths)
            expected = sum(1 for r in results if r.status == "expected" and not r.failed)
            bare = sum(1 for r in results if not r.failed and _only_accepted(r))
            matched = len(results) - len(failed) - expected - bare
            style = "red" if failed else "green"
            console.print(
                f"\n[{style}]{len(results)} case(s): {matched} matched, {expected} as expected, "
                f"{len(failed)} failed[/], {bare} accepted with no reference to compare "
                f"[dim]({seconds:.1f}s)[/]"
            )
        if junit is not None:
            console.print(f"[dim]JUnit: {junit}[/]")
    if failed or out_of_sync:
        raise typer.Exit(1)
