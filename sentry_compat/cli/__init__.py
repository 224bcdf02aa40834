"""The ``compat`` command line (typer + rich; install ``sentry-compat[cli]``).

Sub-commands live in modules of this package and import heavy things inside
their functions, so ``compat --help`` starts fast.
"""

from __future__ import annotations

import typer

from . import capture as _capture
from . import demo as _demo
from . import factories as _factories

app = typer.Typer(
    name="compat",
    help="sentry-compat: capture real SDK events and compare them with Sentry 9.1.2.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
app.command("capture")(_capture.capture)
app.command("demo")(_demo.demo)
app.add_typer(_factories.app, name="factories")


def _optional(module: str, attribute: str, name: str, kind: str) -> None:
    """Register a sub-command module written separately (skipped while it does not exist)."""
    import importlib

    try:
        mod = importlib.import_module(f"{__name__}.{module}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{module}":
            raise
        return
    target = getattr(mod, attribute)
    if kind == "group":
        app.add_typer(target, name=name)
    else:
        app.command(name)(target)


_optional("reference", "app", "reference", "group")
_optional("group", "group", "group", "command")
_optional("show", "show", "show", "command")
_optional("corpus", "app", "corpus", "group")
_optional("diff", "diff", "diff", "command")
_optional("triage", "triage", "triage", "command")
_optional("probe", "probe", "probe", "command")


def main() -> None:
    """Console-script entry point."""
    app()
