"""Shared terminal output for the CLI: one console, errors as one red line."""

from __future__ import annotations

import json
from typing import Any, NoReturn

import typer
from rich.console import Console

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``error: message`` to stderr and exit with ``code``."""
    err_console.print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True)
    raise typer.Exit(code)


def print_json(data: Any) -> None:
    """Plain JSON on stdout (no colours, so it can be piped)."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def event_summary(event: dict[str, Any] | None, limit: int = 100) -> str:
    """A one-line description of a raw event: exception type and value, or message (at most
    ``limit`` characters)."""
    text = _event_summary(event).splitlines()[0] if event else ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _event_summary(event: dict[str, Any] | None) -> str:
    if not event:
        return ""
    exc = event.get("exception")
    values = exc.get("values") if isinstance(exc, dict) else exc if isinstance(exc, list) else None
    if isinstance(exc, dict) and values is None:
        values = [exc]
    if values:
        last = values[-1] if isinstance(values[-1], dict) else {}
        text = f"{last.get('type') or '?'}: {last.get('value') or ''}"
        return text if len(values) == 1 else f"{text} (+{len(values) - 1} chained)"
    for key in ("logentry", "message", "sentry.interfaces.Message"):
        value = event.get(key)
        if isinstance(value, dict):
            value = value.get("formatted") or value.get("message")
        if value:
            return str(value)
    return "<no message>"
