"""``compat reference``: stand up a real Sentry 9.1.2 (the oracle) and harvest references from it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

__all__ = ["app", "default_corpus_dir"]

_DOCKER_HELP = (
    "Use the official sentry:9.1.2 image through docker compose (data/docker-compose.yml) "
    "instead of the native install. Needs a Docker engine that can pull images: not the case "
    "on the project's Debian build machines, where the native install is the way."
)

app = typer.Typer(
    help=(
        "The reference oracle: a real BSD Sentry 9.1.2 on this machine (Python 2.7 and Redis 6 "
        "from Debian bullseye, PostgreSQL 15, no Docker needed), and the harvest of its stored "
        "events, API events and grouping info for corpus cases."
    ),
    no_args_is_help=True,
)

DirOption = Annotated[
    Path | None,
    typer.Option("--dir", help="Oracle directory (default ~/.cache/sentry-compat/oracle)."),
]


def default_corpus_dir() -> Path:
    """`corpus/` of the current directory if there is one, else of this repository."""
    here = Path.cwd() / "corpus"
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[2] / "corpus"


@app.command()
def up(
    dir: DirOption = None,
    port: Annotated[int, typer.Option("--port", help="Web port on 127.0.0.1.")] = 9000,
    redis_port: Annotated[
        int | None, typer.Option("--redis-port", help="Redis port (default: port + 1000).")
    ] = None,
    python2: Annotated[
        str | None,
        typer.Option(
            "--python2",
            help="A Python 2.7 to build the venv with (default: Debian bullseye's "
            "/usr/bin/python2.7, installed by this command).",
        ),
    ] = None,
    docker: Annotated[bool, typer.Option("--docker", help=_DOCKER_HELP)] = False,
) -> None:
    """Install (first time: about 3 minutes) and start the oracle; fast when it already runs."""
    from ..reference.install import Installer, InstallError, InstallOptions
    from ..reference.state import default_dir
    from ._ui import console, fail

    options = InstallOptions(
        dir=dir or default_dir(),
        port=port,
        redis_port=redis_port,
        python2=python2,
        docker=docker,
    )
    with console.status("starting") as status:
        installer = Installer(options, echo=lambda line: console.print(line, markup=False))
        installer.runner.on_start = lambda name: status.update(f"step [bold]{name}[/] ...")
        try:
            state = installer.up()
        except InstallError as exc:
            fail(str(exc))
    console.print(f"  state file: {state.path}")
    console.print(f"  DSN:        {state.dsn}")


@app.command()
def status(
    dir: DirOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """What runs, the versions, URL and DSN."""
    from ..reference.install import status as get_status
    from ._ui import console, print_json

    info = get_status(dir)
    if as_json:
        print_json(info)
        return
    if not info.get("url"):
        console.print(f"no oracle in {info['dir']} (run `compat reference up`)")
        raise typer.Exit(1)
    for key in (
        "url",
        "dsn",
        "state_file",
        "org",
        "project",
        "web",
        "health",
        "redis",
        "postgresql",
        "admin",
    ):
        console.print(f"{key:<11} {info.get(key)}", markup=False)
    versions = ", ".join(f"{k} {v}" for k, v in sorted(info.get("versions", {}).items()))
    console.print(f"{'versions':<11} {versions}", markup=False, soft_wrap=True)
    if not str(info.get("web", "")).startswith("running"):
        raise typer.Exit(1)


@app.command()
def down(
    dir: DirOption = None,
    stop_postgres: Annotated[
        bool,
        typer.Option(
            "--stop-postgres",
            help="Also stop the shared PostgreSQL cluster, only if `up` had started it.",
        ),
    ] = False,
    purge: Annotated[
        bool,
        typer.Option("--purge", help="Also drop the oracle's database and role, delete its dir."),
    ] = False,
) -> None:
    """Stop what `up` started (uwsgi and redis, by pid); the shared PostgreSQL keeps running."""
    from ..reference.install import InstallError
    from ..reference.install import down as do_down
    from ._ui import console, fail

    try:
        for line in do_down(dir, stop_postgres=stop_postgres, purge=purge):
            console.print(line, markup=False)
    except InstallError as exc:
        fail(str(exc))


@app.command()
def harvest(
    cases: Annotated[
        list[str] | None, typer.Argument(help="Case names (default: every incoming event).")
    ] = None,
    corpus_dir: Annotated[
        Path | None, typer.Option("--corpus", help="Corpus root (default: ./corpus).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing references.")] = False,
    state_file: Annotated[
        str | None,
        typer.Option(
            "--state", help="Oracle state file (default: $SENTRY_COMPAT_ORACLE or ~/.cache/...)."
        ),
    ] = None,
) -> None:
    """Post each case's incoming event to the oracle and write its three references."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..corpus import INCOMING, Corpus
    from ..reference.state import StateError, resolve_state
    from ._ui import console, fail

    try:
        state = resolve_state(state_file)
    except StateError as exc:
        fail(str(exc))
    corpus = Corpus(corpus_dir or default_corpus_dir())
    names = list(cases) if cases else corpus.names(INCOMING)
    if not names:
        fail(f"no cases in {corpus.root / INCOMING}")
    counts: dict[str, int] = {}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        task = bar.add_task("harvest", total=len(names))

        def report(name: str, index: int, total: int, result: Any) -> None:
            counts[result.status] = counts.get(result.status, 0) + 1
            colour = {"harvested": "green", "skipped": "yellow"}.get(result.status, "red")
            detail = f" ({result.seconds:.2f} s)" if result.status == "harvested" else ""
            message = f": {result.message}" if result.message else ""
            bar.console.print(f"[{colour}]{result.status}[/] {name}{detail}{message}")
            bar.update(task, advance=1, description=name)

        from ..reference.harvest import harvest_cases

        results = harvest_cases(corpus, names, state, force, report)
    done = [r for r in results if r.status == "harvested"]
    mean = sum(r.seconds for r in done) / len(done) if done else 0.0
    console.print(
        ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        + (f"; {mean:.2f} s per harvested case" if done else "")
    )
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)
