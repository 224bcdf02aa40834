"""``compat probe``: which SDK events does a running backend store and show as Sentry 9.1.2 did?

Sends corpus cases to the backend's real ingest endpoint in the dialect each was captured in,
reads back what it stored through its API and compares at three levels, never collapsed:
accepted, field-equal, grouping-equal.  See docs/probe.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ._ui import console, fail

if TYPE_CHECKING:
    from ..probe.report import CaseResult, ProbeReport

_STYLE = {
    "pass": "green",
    "expected": "green",
    "diff": "yellow",
    "dropped": "red",
    "refused": "red",
    "error": "bold red",
    "n/a": "dim",
}


def _cell(status: str, text: str | None = None) -> str:
    return f"[{_STYLE.get(status, 'white')}]{text or status}[/]"


def probe(
    cases: Annotated[
        list[str] | None,
        typer.Argument(help="Cases to send (names or fnmatch patterns; default: every case)."),
    ] = None,
    dsn: Annotated[
        str,
        typer.Option("--dsn", help="DSN of the backend project to probe (ingest goes only here)."),
    ] = "",
    api: Annotated[
        str,
        typer.Option("--api", help="Base URL of the backend's web API (readback goes only here)."),
    ] = "",
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="SENTRY_COMPAT_PROBE_TOKEN",
            help="API token (Bearer).",
            show_default=False,
        ),
    ] = None,
    backend: Annotated[
        str,
        typer.Option(
            "--backend", help="sentry (any Sentry API, the 9.1.2 oracle), bugsink, glitchtip."
        ),
    ] = "sentry",
    corpus: Annotated[Path, typer.Option(help="Corpus root.")] = Path("corpus"),
    sdk: Annotated[
        str | None, typer.Option("--sdk", help="Only cases whose SDK name contains this.")
    ] = None,
    rate: Annotated[
        float | None, typer.Option("--rate", help="At most this many requests per second.")
    ] = None,
    dialect: Annotated[
        str,
        typer.Option(
            "--dialect", help="original: each case as captured; store: every case as store JSON."
        ),
    ] = "original",
    fallback: Annotated[
        bool,
        typer.Option(
            "--fallback/--no-fallback",
            help="When the captured dialect is refused, also post the event as store JSON to "
            "compare its fields (the accepted level still says refused).",
        ),
    ] = True,
    readback_timeout: Annotated[
        float | None,
        typer.Option(help="Seconds to wait for a stored event to show up (default per backend)."),
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds per HTTP request.")] = 30.0,
    max_retries: Annotated[int, typer.Option(help="Retries of a rate-limited (429) request.")] = 3,
    max_wait: Annotated[
        float, typer.Option(help="Longest Retry-After honoured, in seconds (longer: refused).")
    ] = 120.0,
    expectations: Annotated[
        Path | None,
        typer.Option(help="Expectations file ([[known]] differences per case and level)."),
    ] = None,
    allow: Annotated[
        list[str] | None,
        typer.Option("--allow", help="Apply this [[intentional]] rule of the expectations file."),
    ] = None,
    oracle_state: Annotated[
        str | None,
        typer.Option(
            help="State file of the local oracle (default $SENTRY_COMPAT_ORACLE): with "
            "--backend sentry at its URL, its session reads the stored JSON too."
        ),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print the JSON report on stdout.")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Write the JSON report here.")] = None,
    junit: Annotated[
        Path | None, typer.Option("--junit", help="Write a JUnit XML report here.")
    ] = None,
    matrix: Annotated[
        Path | None,
        typer.Option("--matrix", help="Write the compatibility matrix here (.md, or .html)."),
    ] = None,
    native: Annotated[
        bool, typer.Option("--native", help="Keep the backend's own documents in the JSON report.")
    ] = False,
) -> None:
    """Probe a running backend with the corpus: accepted, field-equal, grouping-equal.

    Every case goes to the backend's real ingest endpoint in the dialect it was captured in
    (wire/NAME.json: its encoding, auth, envelope framing), with a fresh event id and its
    timestamp moved to now; the backend's API is then read (through an adapter mapping it to
    Sentry's shapes) and compared with the case's Sentry 9.1.2 references.  Exit status 0 when
    every level of every case passes (or is expected / not applicable), 1 otherwise.
    """
    from ..corpus import Corpus
    from ..dsn import Dsn
    from ..exceptions import SentryCompatError
    from ..probe import AdapterError, ApiClient, ProbeOptions, RateLimiter, get_adapter, probe_cases

    if not dsn or not api:
        fail("give --dsn (where events go) and --api (where they are read back)")
    if dialect not in ("original", "store"):
        fail(f"--dialect {dialect!r}: use original or store")
    if not corpus.is_dir():
        fail(f"{corpus}: no such corpus directory")
    try:
        target = Dsn.parse(dsn)
        adapter_class = get_adapter(backend)
        limiter = RateLimiter(rate, max_wait=max_wait)
        client = ApiClient(api, token, limiter=limiter, timeout=timeout, retries=max_retries)
        adapter = adapter_class(client, target, oracle_state=oracle_state)
        options = ProbeOptions(
            rate=rate,
            fallback_store=fallback,
            readback_timeout=readback_timeout,
            timeout=timeout,
            max_retries=max_retries,
            max_wait=max_wait,
            limiter=limiter,
            dialect=dialect,
        )
        root = Corpus(corpus)
        if expectations is not None or allow:
            options.expectations, options.allow = _expectations(root, expectations, allow or [])
        if not adapter_class.tested_here and not json_:
            console.print(
                f"[yellow]note:[/] the {backend} adapter is untested here (written from its "
                "public API docs; the backend does not run on this machine)"
            )
        if json_:
            report = probe_cases(root, adapter, names=cases, sdk=sdk, options=options)
        else:
            with console.status(f"probing {backend} at {api}") as status:

                def progress(name: str, index: int, total: int, result: CaseResult | None) -> None:
                    if result is None:
                        status.update(f"{index + 1}/{total} {name}")

                options.progress = progress
                report = probe_cases(root, adapter, names=cases, sdk=sdk, options=options)
    except (AdapterError, SentryCompatError, ValueError, OSError) as exc:
        fail(str(exc))
    if not report.cases:
        fail("no corpus case matched")
    _write_outputs(report, out, junit, matrix, native)
    if json_:
        typer.echo(report.to_json(native=native))
    else:
        _show(report)
    raise typer.Exit(0 if report.ok else 1)


def _expectations(root: Any, path: Path | None, allow: list[str]) -> tuple[Any, list[Any]]:
    try:
        from ..expectations import Expectations
    except ImportError:
        fail("--expectations/--allow need sentry_compat.expectations, which is not installed")
    loaded = Expectations.for_corpus(root.root, path)
    return loaded, loaded.select(allow)


def _write_outputs(
    report: ProbeReport, out: Path | None, junit: Path | None, matrix: Path | None, native: bool
) -> None:
    from ..corpus import write_bytes_atomic

    if out is not None:
        write_bytes_atomic(out, report.to_json(native=native).encode() + b"\n", force=True)
    if junit is not None:
        write_bytes_atomic(junit, report.to_junit().encode(), force=True)
    if matrix is not None:
        text = (
            report.matrix_html()
            if matrix.suffix.lower() in (".html", ".htm")
            else (report.matrix_markdown())
        )
        write_bytes_atomic(matrix, text.encode(), force=True)


def _show(report: ProbeReport) -> None:
    from rich.table import Table

    from ..probe.levels import LEVELS, MATRIX_LEVELS

    backend = report.backend
    console.print(
        f"[bold]{backend.get('backend')}[/] {backend.get('api')}  project {backend.get('project')}"
        + ("" if backend.get("tested_here", True) else "  [yellow](adapter untested here)[/]")
    )
    table = Table(title=f"{len(report.cases)} case(s), {report.seconds:.1f} s", show_lines=False)
    table.add_column("case", overflow="fold")
    table.add_column("sent as", overflow="fold")
    for level in LEVELS:
        table.add_column(level)
    table.add_column("why", overflow="fold", ratio=2)
    for case in report.cases:
        dialect = case.dialect or {}
        sent = (
            f"{dialect.get('endpoint', '?')} {'+'.join(dialect.get('encoding') or []) or 'plain'}"
        )
        if case.request.get("status"):
            sent += f" → {case.request['status']}"
        if case.fallback is not None:
            sent += f", store → {case.fallback.get('status', '-')}"
        reasons = []
        for level in LEVELS:
            result = case.levels.get(level)
            if result and result.status not in ("pass", "n/a"):
                summary = result.summary if len(result.summary) <= 90 else result.summary[:89] + "…"
                reasons.append(f"{level}: {summary}")
        table.add_row(
            case.case,
            sent,
            *[_cell(case.status(level)) for level in LEVELS],
            "\n".join(reasons),
        )
    console.print(table)
    console.print("[dim]every difference, and a curl command per case: --json / --out[/]")
    grid = Table(title="compatibility matrix (SDK build x level)")
    grid.add_column("SDK build")
    for level in MATRIX_LEVELS:
        grid.add_column(level)
    for build, row in report.matrix().items():
        grid.add_row(
            build,
            *[
                _cell(
                    row[level]["status"],
                    row[level]["text"] + (" †" if row[level]["fallback"] else ""),
                )
                for level in MATRIX_LEVELS
            ],
        )
    console.print(grid)
    if any(cell["fallback"] for row in report.matrix().values() for cell in row.values()):
        console.print("[dim]† through the store fallback: the captured dialect was refused[/]")
    counts = report.counts()
    line = "  ".join(
        f"{level}: " + ", ".join(f"{_cell(s, f'{n} {s}')}" for s, n in counts[level].items())
        for level in ("accepted", "field-equal", "grouping-equal")
    )
    console.print(line)
    if report.rate_limited:
        console.print(f"[yellow]rate limited {report.rate_limited} time(s)[/]")
