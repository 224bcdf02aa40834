"""``compat demo``: the main job on its embedded default, no Docker, no network.

1. runs the python-sentry-sdk factory with the real sentry-sdk against a local capture server
   and captures every scenario into a scratch corpus (what the SDK put on the wire);
2. normalizes each captured event with the library, as Sentry 9.1.2 would have stored it
   (title, culprit, level, grouping hashes);
3. diffs the library against the repository corpus, whose references a real Sentry 9.1.2
   produced (accepted, field-equal, grouping-equal).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer

from ._ui import console, event_summary, fail

DEMO_FACTORY = "python-sentry-sdk"


def _find_corpus() -> Path | None:
    from ..factories import find_factories_dir

    try:
        corpus = find_factories_dir().parent / "corpus"
    except Exception:
        return None
    return corpus if (corpus / "incoming_events").is_dir() else None


def demo(
    out: Annotated[
        Path | None, typer.Option(help="Corpus folder to write (default: a temp dir).")
    ] = None,
    sdk_version: Annotated[str | None, typer.Option("--sdk-version")] = None,
    jobs: Annotated[int, typer.Option("-j", "--jobs", help="Processes for the corpus diff.")] = 2,
) -> None:
    """Capture the Python factory's events with the real sentry-sdk, normalize them as
    Sentry 9.1.2 would, and diff the library against the corpus references."""
    from rich.table import Table

    from ..capture.session import capture_scenarios
    from ..corpus import Corpus
    from ..exceptions import SentryCompatError
    from ..factories import get_factory
    from ..normalize import normalize

    root = out or Path(tempfile.mkdtemp(prefix="sentry-compat-demo-"))
    corpus = Corpus(root)
    try:
        factory = get_factory(DEMO_FACTORY)
        version = sdk_version or factory.default_version
        with console.status(
            f"installing {factory.sdk_package}=={version} (cached after the first run)"
        ) as status:
            results = capture_scenarios(
                factory,
                [s.name for s in factory.scenarios],
                corpus,
                sdk_version=version,
                force=True,
                log=lambda line: status.update(line[:120]),
            )
    except SentryCompatError as exc:
        fail(str(exc))

    console.rule(f"1. what {factory.sdk_package} {version} sent")
    table = Table()
    for column in ("scenario", "endpoint", "wire", "auth", "event"):
        table.add_column(column, overflow="fold")
    for case in results:
        wire = case.metadata["captured"]
        table.add_row(
            case.metadata["scenario"],
            wire["endpoint"],
            f"{wire['content_type'] or '-'} {'+'.join(wire['decode_steps']) or 'plain'}",
            f"{', '.join(wire['auth'])} v{wire['protocol_version']}",
            event_summary(case.event),
        )
    console.print(table)
    console.print(
        f"{len(results)} events captured into [bold]{root}[/] (incoming_events/, wire/, manifest.json)"
    )

    console.rule("2. what Sentry 9.1.2 would have stored (sentry_compat.normalize)")
    stored_table = Table()
    for column in ("scenario", "type", "level", "title", "culprit", "hashes"):
        stored_table.add_column(column, overflow="fold")
    for case in results:
        stored = normalize(case.event, client=case.metadata["captured"].get("client"))
        stored_table.add_row(
            case.metadata["scenario"],
            stored.get("type", ""),
            stored.get("level", ""),
            stored.get("title", ""),
            stored.get("culprit", ""),
            "\n".join(h[:12] for h in stored.get("hashes", [])),
        )
    console.print(stored_table)

    repo_corpus = _find_corpus()
    if repo_corpus is None:
        console.print("[dim]no repository corpus found: skipping the diff[/]")
        return
    console.rule(f"3. the library against {repo_corpus}'s Sentry 9.1.2 references")
    from ..diff import DiffOptions, levels_summary, run_cases
    from .diff import _summary_table

    options = DiffOptions(corpus=str(repo_corpus), schema=False)
    names = Corpus(repo_corpus).names("incoming_events")
    with console.status(f"comparing {len(names)} cases"):
        diffed = list(run_cases(options, names, jobs=jobs))
    console.print(_summary_table(levels_summary(diffed), f"{len(names)} corpus cases"))
    failed = [r.name for r in diffed if r.failed]
    if failed:
        console.print(
            f"[red]{len(failed)} case(s) differ[/]: compat diff {' '.join(failed[:5])} -v"
        )
    else:
        console.print("[green]every corpus case matches Sentry 9.1.2[/] (compat diff for details)")
