"""``compat capture``: listen for SDK events, or capture factory scenarios into the corpus."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._ui import console, event_summary, fail

if TYPE_CHECKING:
    from ..capture import CapturedRequest, CaptureServer
    from ..capture.session import CaseCapture, Executor
    from ..corpus import Corpus
    from ..factories import Factory
    from ..reference.state import OracleState


def _default_listen_dir() -> Path:
    return Path("captures") / dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def _print_request(captured: CapturedRequest, pretty: bool) -> None:
    record = captured.record
    stamp = dt.datetime.fromtimestamp(record["received"]).strftime("%H:%M:%S")
    if not captured.accepted:
        error = record.get("error", {})
        console.print(
            f"[dim]{stamp}[/] [red]{record['status']}[/] {record['request']['method']} "
            f"{record['request']['path']}  [red]{error.get('where')}: {error.get('message')}[/]"
        )
        return
    auth = record.get("auth", {})
    steps = "+".join(record.get("decode_steps") or []) or "plain"
    console.print(
        f"[dim]{stamp}[/] [green]{record['status']}[/] [bold]{record['endpoint']}[/] "
        f"{steps} {','.join(captured.item_types)} [dim]{auth.get('client') or ''}[/]  "
        f"{event_summary(captured.event)}"
    )
    console.print(f"      [dim]{captured.path}[/]")
    if pretty and captured.event is not None:
        from rich.syntax import Syntax

        console.print(Syntax(json.dumps(captured.event, indent=2, ensure_ascii=False), "json"))


def listen(host: str, port: int, directory: Path | None, pretty: bool, key: str | None) -> None:
    from ..capture import CaptureConfig, CaptureServer

    directory = directory or _default_listen_dir()
    config = CaptureConfig(host=host, port=port, directory=directory)
    if key:
        config = CaptureConfig(host=host, port=port, directory=directory, public_key=key)
    server = CaptureServer(config)
    server.store.listeners.append(lambda c: _print_request(c, pretty))

    def ready(srv: CaptureServer) -> None:
        console.print(f"[bold]DSN[/]      {srv.dsn}")
        console.print(f"[bold]records[/]  {srv.directory}/requests/ (refused: rejected/)")
        console.print("[dim]waiting for events; Ctrl-C to stop[/]")

    server.serve_forever(on_ready=ready)
    console.print(
        f"stopped: {server.store.accepted_count} accepted, {server.store.rejected_count} refused"
    )


def capture(
    factory: Annotated[
        str | None, typer.Argument(help="Factory to run (see `compat factories list`).")
    ] = None,
    scenarios: Annotated[
        list[str] | None, typer.Argument(help="Scenarios (default: all of the factory's).")
    ] = None,
    listen_: Annotated[
        bool,
        typer.Option("--listen", "-l", help="Only listen: print a DSN and save whatever arrives."),
    ] = False,
    host: Annotated[str, typer.Option(help="Address to bind (--listen).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to bind (--listen; 0 = any free port).")] = 0,
    directory: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            help="Where request records go (default ./captures/<time> with --listen, a temp dir otherwise).",
        ),
    ] = None,
    pretty: Annotated[
        bool, typer.Option("--print", help="Pretty-print each event as it arrives (--listen).")
    ] = False,
    key: Annotated[
        str | None, typer.Option(help="Public key of the DSN (--listen; default random).")
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            "-n",
            help="Case name, or a template with {factory} {sdk} {sdk_version} {scenario}.",
        ),
    ] = None,
    sdk_version: Annotated[
        str | None,
        typer.Option("--sdk-version", help="SDK version to install (default: the factory's)."),
    ] = None,
    corpus: Annotated[Path, typer.Option(help="Corpus root to write cases into.")] = Path("corpus"),
    force: Annotated[bool, typer.Option(help="Overwrite existing corpus cases.")] = False,
    timeout: Annotated[
        float, typer.Option(help="Seconds to wait for each scenario's events.")
    ] = 30.0,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Capture and show, write nothing to the corpus.")
    ] = False,
    show: Annotated[bool, typer.Option("--show", help="Pretty-print each captured event.")] = False,
    reference: Annotated[
        bool,
        typer.Option(
            "--reference",
            help="Also harvest references from the running Sentry 9.1.2 oracle (compat reference up).",
        ),
    ] = False,
    all_: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Every scenario of every factory that runs here, for every version in its "
            "manifest; cases that exist are skipped (--force: recaptured).",
        ),
    ] = False,
    docker: Annotated[
        bool,
        typer.Option(
            "--docker",
            help="Build the factory's image and run the scenarios in containers (--network host); "
            "as root with no engine running, a private dockerd is started and stopped.",
        ),
    ] = False,
    docker_host: Annotated[
        str | None,
        typer.Option(
            "--docker-host", help="Docker engine URL (default: DOCKER_HOST or the local socket)."
        ),
    ] = None,
) -> None:
    """Capture raw SDK events.

    [bold]compat capture --listen[/] prints a DSN and saves every request that arrives.
    [bold]compat capture FACTORY [SCENARIO...][/] runs factory scenarios locally against a
    fresh capture server and saves each event as a corpus case
    (incoming_events/NAME.json, wire/NAME.json, manifest entry); with [bold]--reference[/]
    their references are harvested from the oracle in the same step.
    """
    if listen_:
        listen(host, port, directory, pretty, key)
        return
    if reference and dry_run:
        fail("--reference writes references: it cannot be combined with --dry-run")
    if all_:
        if factory or scenarios or name or sdk_version:
            fail("--all captures everything: give no FACTORY, SCENARIO, --name or --sdk-version")
        capture_all(
            corpus,
            force=force,
            timeout=timeout,
            dry_run=dry_run,
            reference=reference,
            docker=docker,
            docker_host=docker_host,
        )
        return
    if not factory:
        fail("give a FACTORY to run, --all, or --listen (see `compat factories list`)")
    from ..corpus import Corpus
    from ..exceptions import SentryCompatError
    from ..factories import get_factory

    engine = None
    try:
        spec = get_factory(factory)
        version = sdk_version or spec.default_version
        chosen = list(scenarios or [s.name for s in spec.scenarios_for(version)])
        if name and len(chosen) > 1 and "{scenario}" not in name:
            fail("--name must contain {scenario} when several scenarios are captured")
        state = _oracle_state() if reference else None
        executor = None
        if docker:
            executor, engine = docker_executor(docker_host)
        results = run_capture(
            spec,
            chosen,
            Corpus(corpus),
            sdk_version,
            name,
            force,
            timeout,
            dry_run,
            directory,
            executor,
        )
    except SentryCompatError as exc:
        fail(str(exc))
    finally:
        if engine is not None:
            engine.stop()
    _report(results, Corpus(corpus), dry_run, show)
    if state is not None:
        _harvest(Corpus(corpus), [case.name for case in results], state, force)


def docker_executor(docker_host: str | None):  # type: ignore[no-untyped-def]
    """A :class:`DockerExecutor` on the given or default engine; where none answers and
    this is root with dockerd installed, on a private engine (returned to be stopped)."""
    from ..docker import DockerExecutor, PrivateEngine, docker_client, private_engine_unavailable
    from ..exceptions import SentryCompatError

    try:
        return DockerExecutor(docker_client(docker_host)), None
    except SentryCompatError as exc:
        if docker_host or private_engine_unavailable():
            raise
        console.print(f"[dim]{exc}; starting a private dockerd[/]")
    engine = PrivateEngine().start()
    return DockerExecutor(engine.client()), engine


def _oracle_state() -> OracleState:
    """The running oracle, checked before anything is captured."""
    from ..reference.state import resolve_state

    try:
        return resolve_state()
    except Exception as exc:
        fail(f"--reference needs a running oracle: {exc} (start one with `compat reference up`)")


def _harvest(corpus, names, state, force: bool) -> None:  # type: ignore[no-untyped-def]
    from ..reference.harvest import harvest_cases

    with console.status("harvesting references from Sentry 9.1.2") as status:
        results = harvest_cases(
            corpus,
            names,
            state,
            force=True,
            progress=lambda name, i, n, r: status.update(f"{i + 1}/{n} {name}: {r.status}"),
        )
    failed = [r for r in results if r.status == "failed"]
    for result in results:
        colour = "red" if result.status == "failed" else "green"
        console.print(f"  [{colour}]{result.status}[/] {result.name} {result.message or ''}")
    if failed:
        fail(f"{len(failed)} of {len(results)} references could not be harvested")


def run_capture(
    spec: Factory,
    chosen: list[str],
    corpus: Corpus,
    sdk_version: str | None,
    name: str | None,
    force: bool,
    timeout: float,
    dry_run: bool,
    directory: Path | None,
    executor: Executor | None = None,
) -> list[CaseCapture]:
    from ..capture.session import capture_scenarios

    with console.status(f"capturing {spec.name} ({sdk_version or spec.default_version})") as status:
        return capture_scenarios(
            spec,
            chosen,
            corpus,
            sdk_version=sdk_version,
            name_template=name,
            force=force,
            timeout=timeout,
            dry_run=dry_run,
            capture_dir=directory,
            log=lambda line: status.update(line[:120]),
            executor=executor,
        )


def capture_all(  # type: ignore[no-untyped-def]
    root: Path,
    *,
    force: bool,
    timeout: float,
    dry_run: bool,
    reference: bool,
    docker: bool,
    docker_host: str | None,
):
    """``compat capture --all``: every runnable SDK build, every scenario, with a progress
    bar and a summary per SDK build (endpoint, encoding, item types)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from ..capture.session import capture_scenarios, plan_all
    from ..corpus import Corpus
    from ..exceptions import SentryCompatError
    from ..factories import load_factories

    corpus = Corpus(root)
    try:
        plan = plan_all(load_factories(), corpus, force=force, docker=docker)
    except SentryCompatError as exc:
        fail(str(exc))
    state = _oracle_state() if reference else None
    engine = None
    executor = None
    if docker:
        try:
            executor, engine = docker_executor(docker_host)
        except SentryCompatError as exc:
            fail(str(exc))
    summary = Table(title="SDK builds" + (" (dry run: nothing written)" if dry_run else ""))
    for column in (
        "factory",
        "sdk",
        "version",
        "captured",
        "endpoint",
        "encoding",
        "items",
        "note",
    ):
        summary.add_column(column, overflow="fold")
    names: list[str] = []
    failures = 0
    total = sum(len(build.scenarios) for build in plan if build.scenarios)
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )
    try:
        with progress:
            task = progress.add_task("capturing", total=total)
            for build in plan:
                label = f"{build.factory.name} {build.version}"
                if not build.scenarios:
                    summary.add_row(
                        build.factory.name,
                        build.factory.sdk_for(build.version)[0],
                        build.version,
                        "0",
                        "",
                        "",
                        "",
                        f"[yellow]{build.note}[/]",
                    )
                    continue
                progress.update(task, description=label)

                def log(line: str, label: str = label) -> None:
                    progress.update(task, description=f"{label}: {line[:70]}")

                try:
                    results = capture_scenarios(
                        build.factory,
                        build.scenarios,
                        corpus,
                        sdk_version=build.version,
                        force=force,
                        timeout=timeout,
                        dry_run=dry_run,
                        executor=executor,
                        log=log,
                        progress=lambda _: progress.advance(task),
                    )
                except SentryCompatError as exc:
                    failures += 1
                    progress.advance(task, len(build.scenarios))
                    summary.add_row(
                        build.factory.name,
                        build.factory.sdk_for(build.version)[0],
                        build.version,
                        "0",
                        "",
                        "",
                        "",
                        f"[red]{str(exc).splitlines()[0][:160]}[/]",
                    )
                    continue
                names += [case.name for case in results]
                wire = [case.metadata["captured"] for case in results]
                items = sorted(
                    {t for w in wire for t in w["item_types"]}
                    | {t for w in wire for o in w["other_requests"] for t in o["item_types"]}
                )
                summary.add_row(
                    build.factory.name,
                    build.factory.sdk_for(build.version)[0],
                    build.version,
                    str(len(results)),
                    ", ".join(sorted({str(w["endpoint"]) for w in wire})),
                    ", ".join(sorted({"+".join(w["decode_steps"]) or "plain" for w in wire})),
                    ", ".join(items),
                    build.note,
                )
    finally:
        if engine is not None:
            engine.stop()
    console.print(summary)
    console.print(f"{len(names)} case(s) captured" + ("" if dry_run else f" into {corpus.root}/"))
    if state is not None and names:
        _harvest(corpus, names, state, force)
    if failures:
        fail(f"{failures} SDK build(s) failed (see the table)", code=1)


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else f"{text[: limit - 20]}... ({len(text)} chars)"


def _report(results, corpus, dry_run: bool, show: bool) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table

    table = Table(title="captured" + (" (dry run: nothing written)" if dry_run else ""))
    for column in ("case", "endpoint", "encoding", "items", "event"):
        table.add_column(column, overflow="fold")
    for case in results:
        wire = case.metadata["captured"]
        items = ",".join(wire["item_types"])
        others = [t for o in wire["other_requests"] for t in o["item_types"]]
        if others:
            items += f" [dim](+{','.join(others)})[/]"
        table.add_row(
            case.name,
            wire["endpoint"],
            "+".join(wire["decode_steps"]) or "plain",
            items,
            _short(event_summary(case.event)),
        )
    console.print(table)
    if not dry_run:
        console.print(
            f"[dim]written to {corpus.root}/incoming_events/ and {corpus.root}/manifest.json[/]"
        )
    if show:
        from rich.syntax import Syntax

        for case in results:
            console.rule(case.name)
            console.print(Syntax(json.dumps(case.event, indent=2, ensure_ascii=False), "json"))
