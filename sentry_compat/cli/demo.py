"""``compat demo``: the main job on its embedded default, no Docker, no network.

Runs the python-sentry-sdk factory with the real sentry-sdk against a local
capture server, captures every scenario into a scratch corpus and shows what
was captured.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer

from ._ui import console, event_summary, fail

DEMO_FACTORY = "python-sentry-sdk"


def demo(
    out: Annotated[Path | None, typer.Option(help="Corpus folder to write (default: a temp dir).")] = None,
    sdk_version: Annotated[str | None, typer.Option("--sdk-version")] = None,
) -> None:
    """Capture every scenario of the Python factory with the real sentry-sdk and show the events."""
    from rich.table import Table

    from ..capture.session import capture_scenarios
    from ..corpus import Corpus
    from ..exceptions import SentryCompatError
    from ..factories import get_factory

    root = out or Path(tempfile.mkdtemp(prefix="sentry-compat-demo-"))
    corpus = Corpus(root)
    try:
        factory = get_factory(DEMO_FACTORY)
        version = sdk_version or factory.default_version
        with console.status(f"installing {factory.sdk_package}=={version} (cached after the first run)") as status:
            results = capture_scenarios(
                factory, [s.name for s in factory.scenarios], corpus, sdk_version=version,
                force=True, log=lambda line: status.update(line[:120]),
            )
    except SentryCompatError as exc:
        fail(str(exc))
    table = Table(title=f"{factory.sdk_package} {version}: what the SDK sent")
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
    console.print(f"{len(results)} events captured into [bold]{root}[/] (incoming_events/, wire/, manifest.json)")
