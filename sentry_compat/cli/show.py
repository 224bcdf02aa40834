"""``compat show``: a stored event laid out the way Sentry 9.1.2's issue page showed it.

``TARGET`` is a path to an event JSON file or a corpus case name, looked up as
``<corpus>/oss_sentry_json/NAME.json``, else ``<corpus>/incoming_events/NAME.json`` (a raw
event, normalized first when :mod:`sentry_compat.normalize` is available). A file may hold a
stored event (the UI JSON view or node data), a raw event, or a probe result (its ``stored``).
The page is rendered from :func:`sentry_compat.api.to_api_event`: title and culprit, the
entries in 9.1.2's order (exception with in-app frames highlighted, message, request,
breadcrumbs, ...), tags, user, contexts, SDK and processing errors. ``--json`` prints the
API event itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ._ui import console, fail, print_json

if TYPE_CHECKING:
    from rich.console import RenderableType

#: keys a stored event has and a raw SDK event does not
_STORED_MARKERS = ("datetime", "hashes", "_ref")


def _find(target: str, corpus: Path) -> Path:
    path = Path(target)
    if path.suffix == ".json" and path.is_file():
        return path
    for folder in ("oss_sentry_json", "incoming_events"):
        candidate = corpus / folder / f"{target}.json"
        if candidate.is_file():
            return candidate
    fail(
        f"{target}: no such file, and no case {corpus / 'oss_sentry_json' / (target + '.json')}"
        f" or {corpus / 'incoming_events' / (target + '.json')}"
    )


def load_stored(target: str, corpus: Path) -> dict[str, Any]:
    """The stored event for ``target`` (see the module docstring); exits with a message."""
    path = _find(target, corpus)
    try:
        event = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        fail(f"{path}: cannot read JSON: {exc}")
    if isinstance(event, dict) and isinstance(event.get("stored"), dict):
        event = event["stored"]  # a probe result
    if not isinstance(event, dict):
        fail(f"{path}: not a JSON object")
    if any(key in event for key in _STORED_MARKERS):
        return event
    try:
        from ..normalize import normalize
    except ImportError:
        fail(f"{path}: a raw event, and sentry_compat.normalize is not available to store it")
    try:
        stored = normalize(event)
    except Exception as exc:  # the normalizer may still be incomplete: say so
        fail(f"{path}: a raw event, and normalizing it failed: {type(exc).__name__}: {exc}")
    if not isinstance(stored, dict):
        fail(f"{path}: the normalizer returned no event")
    return stored


# ---------------------------------------------------------------------------- rendering


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _kv_table(rows: list[tuple[str, Any]], title: str | None = None) -> RenderableType:
    from rich.table import Table

    table = Table(title=title, show_header=False, box=None, pad_edge=False, title_justify="left")
    table.add_column(style="cyan", no_wrap=True)
    table.add_column(overflow="fold")
    for key, value in rows:
        table.add_row(key, _text(value))
    return table


def _frame_lines(frame: dict[str, Any], show_source: bool) -> list[Any]:
    from rich.text import Text

    in_app = bool(frame.get("inApp"))
    where = frame.get("filename") or frame.get("absPath") or frame.get("module") or "?"
    line = Text("  ")
    line.append(str(where), style="bold" if in_app else "dim")
    if frame.get("function"):
        line.append(" in ", style="dim")
        line.append(str(frame["function"]), style="bold green" if in_app else "dim")
    if frame.get("lineNo") is not None:
        line.append(" at line %s" % frame["lineNo"], style="dim")
        if frame.get("colNo") is not None:
            line.append(":%s" % frame["colNo"], style="dim")
    if frame.get("instructionAddr"):
        line.append("  " + str(frame["instructionAddr"]), style="dim")
    if in_app:
        line.append("  app", style="magenta")
    out: list[Any] = [line]
    if show_source:
        for lineno, source in frame.get("context") or ():
            current = lineno == frame.get("lineNo")
            out.append(
                Text(
                    "    %5s %s" % (lineno, _text(source)),
                    style="yellow" if current else "dim",
                    no_wrap=True,
                    overflow="ellipsis",
                )
            )
        if frame.get("vars"):
            for key, value in list(frame["vars"].items())[:20]:
                out.append(
                    Text(
                        "      %s = %s" % (key, _text(value)),
                        style="dim",
                        no_wrap=True,
                        overflow="ellipsis",
                    )
                )
    return out


def _stacktrace(stacktrace: dict[str, Any] | None, full: bool) -> list[Any]:
    from rich.text import Text

    if not stacktrace:
        return []
    frames = stacktrace.get("frames") or []
    app_only = stacktrace.get("hasSystemFrames") and not full
    out: list[Any] = []
    hidden = 0
    for index, frame in enumerate(frames):
        last = index == len(frames) - 1
        if app_only and not frame.get("inApp") and not last:
            hidden += 1
            continue
        if hidden:
            out.append(
                Text("  ... %d system frame%s" % (hidden, "s" if hidden > 1 else ""), style="dim")
            )
            hidden = 0
        out.extend(_frame_lines(frame, frame.get("inApp") or last or full))
    if stacktrace.get("framesOmitted"):
        out.append(Text("  frames omitted: %s" % _text(stacktrace["framesOmitted"]), style="dim"))
    return out


def _exception(data: dict[str, Any], full: bool) -> list[Any]:
    from rich.text import Text

    out: list[Any] = []
    for value in reversed(data.get("values") or []):
        head = Text()
        head.append(str(value.get("type") or "Error"), style="bold red")
        if value.get("value"):
            head.append(": " + str(value["value"]))
        out.append(head)
        mechanism = value.get("mechanism")
        if mechanism:
            handled = mechanism.get("handled")
            out.append(
                Text(
                    "  mechanism: %s%s"
                    % (
                        mechanism.get("type"),
                        "" if handled is None else " (handled: %s)" % ("yes" if handled else "no"),
                    ),
                    style="dim",
                )
            )
        out.extend(_stacktrace(value.get("stacktrace"), full))
        out.append(Text(""))
    if data.get("excOmitted"):
        out.append(Text("exceptions omitted: %s" % _text(data["excOmitted"]), style="dim"))
    return out


def _breadcrumbs(data: dict[str, Any]) -> RenderableType:
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for column in ("time", "type", "category", "level", "message / data"):
        table.add_column(column, style="dim" if column == "time" else None, overflow="fold")
    for crumb in (data.get("values") or [])[-50:]:
        message = crumb.get("message")
        if message is None and crumb.get("data"):
            message = crumb["data"]
        level = crumb.get("level") or ""
        style = "red" if level in ("error", "fatal") else "yellow" if level == "warning" else None
        table.add_row(
            _text(crumb.get("timestamp")), _text(crumb.get("type")), _text(crumb.get("category")),
            level, _text(message), style=style,
        )  # fmt: skip
    return table


def _request(data: dict[str, Any]) -> list[Any]:
    from rich.text import Text

    out: list[Any] = [
        Text("%s %s" % (data.get("method") or "", data.get("url") or ""), style="bold")
    ]
    rows: list[tuple[str, Any]] = []
    if data.get("query"):
        rows.append(("query", "&".join("%s=%s" % tuple(pair) for pair in data["query"])))
    if data.get("fragment"):
        rows.append(("fragment", data["fragment"]))
    if data.get("data") is not None:
        rows.append(("body", data["data"]))
    rows.extend(("header " + str(k), v) for k, v in data.get("headers") or ())
    rows.extend(("cookie " + str(k), v) for k, v in data.get("cookies") or ())
    rows.extend(("env " + str(k), v) for k, v in (data.get("env") or {}).items())
    out.append(_kv_table(rows))
    return out


def _entry(entry: dict[str, Any], full: bool) -> tuple[str, list[Any]]:
    from rich.text import Text

    kind, data = entry.get("type"), entry.get("data") or {}
    if kind == "exception":
        return "Exception", _exception(data, full)
    if kind == "message":
        out: list[Any] = [Text(_text(data.get("formatted")))]
        if data.get("message"):
            out.append(Text("template: " + _text(data["message"]), style="dim"))
        if data.get("params"):
            out.append(Text("params: " + _text(data["params"]), style="dim"))
        return "Message", out
    if kind == "stacktrace":
        return "Stacktrace", _stacktrace(data, full)
    if kind == "threads":
        out = []
        for thread in data.get("values") or []:
            label = "thread %s %s" % (_text(thread.get("id")), _text(thread.get("name")))
            if thread.get("crashed"):
                label += " (crashed)"
            out.append(Text(label, style="bold red" if thread.get("crashed") else "bold"))
            if thread.get("crashed") or thread.get("current") or full:
                out.extend(_stacktrace(thread.get("stacktrace"), full))
        return "Threads", out
    if kind == "breadcrumbs":
        return "Breadcrumbs", [_breadcrumbs(data)]
    if kind == "request":
        return "Request", _request(data)
    if kind == "template":
        out = [
            Text(
                "%s at line %s" % (_text(data.get("filename")), _text(data.get("lineNo"))),
                style="bold",
            )
        ]
        for lineno, source in data.get("context") or ():
            out.append(
                Text(
                    "    %5s %s" % (lineno, _text(source)),
                    style="yellow" if lineno == data.get("lineNo") else "dim",
                )
            )
        return "Template", out
    if kind == "debugmeta":
        rows = [
            (str(i.get("type")), i.get("code_file") or i.get("uuid") or i.get("debug_id"))
            for i in data.get("images") or []
        ]
        if data.get("sdk_info"):
            rows.append(("sdk_info", data["sdk_info"]))
        return "Debug meta", [_kv_table(rows)]
    # csp, hpkp, expectct, expectstaple: the report's fields
    return str(kind).upper(), [_kv_table(sorted(data.items()))]


def render_page(api: dict[str, Any], full: bool = False) -> list[RenderableType]:
    """The issue page of an API event as rich renderables."""
    from rich.panel import Panel
    from rich.text import Text

    page: list[RenderableType] = []
    head = Text()
    head.append(_text(api.get("title")), style="bold")
    if api.get("culprit"):
        head.append("\n" + _text(api["culprit"]), style="dim")
    facts = [
        ("event", api.get("eventID")),
        ("type", api.get("type")),
        ("platform", api.get("platform")),
        ("date", api.get("dateCreated")),
        ("received", api.get("dateReceived")),
        ("location", api.get("location")),
        ("release", (api.get("release") or {}).get("version")),
        ("size", api.get("size")),
        ("fingerprints", " ".join(api.get("fingerprints") or [])),
    ]
    if api.get("message") and api.get("message") != api.get("title"):
        facts.insert(0, ("message", api["message"]))
    from rich.console import Group

    page.append(
        Panel(
            Group(head, _kv_table([(k, v) for k, v in facts if v not in (None, "")])), expand=True
        )
    )
    if api.get("errors"):
        rows = [(e.get("message") or e.get("type"), e.get("data")) for e in api["errors"]]
        page.append(
            Panel(
                _kv_table(rows),
                title="There %s %d error%s encountered while processing this event"
                % ("was" if len(rows) == 1 else "were", len(rows), "" if len(rows) == 1 else "s"),
                border_style="red",
            )
        )
    for entry in api.get("entries") or []:
        title, body = _entry(entry, full)
        page.append(Panel(Group(*body) if body else Text(""), title=title, title_align="left"))
    if api.get("tags"):
        page.append(
            Panel(
                _kv_table([(t["key"], t["value"]) for t in api["tags"]]),
                title="Tags",
                title_align="left",
            )
        )
    if api.get("user"):
        user = api["user"]
        rows = [
            (k, user[k]) for k in ("id", "email", "username", "ip_address", "name") if user.get(k)
        ]
        rows.extend(("data." + str(k), v) for k, v in (user.get("data") or {}).items())
        page.append(Panel(_kv_table(rows), title="User", title_align="left"))
    for alias, context in sorted((api.get("contexts") or {}).items()):
        rows = [(k, v) for k, v in sorted(context.items()) if k != "type"]
        page.append(
            Panel(
                _kv_table(rows), title="%s (%s)" % (alias, context.get("type")), title_align="left"
            )
        )
    if api.get("context"):
        page.append(
            Panel(
                _kv_table(sorted((str(k), v) for k, v in api["context"].items())),
                title="Additional data",
                title_align="left",
            )
        )
    if api.get("packages"):
        page.append(
            Panel(_kv_table(sorted(api["packages"].items())), title="Packages", title_align="left")
        )
    if api.get("sdk"):
        sdk = api["sdk"]
        upstream = sdk.get("upstream") or {}
        line = "%s %s" % (_text(sdk.get("name")), _text(sdk.get("version")))
        if upstream.get("isNewer"):
            line += "  (update available: %s %s)" % (
                _text(upstream.get("name")),
                _text(upstream.get("url")),
            )
        page.append(Panel(Text(line), title="SDK", title_align="left"))
    return page


def show(
    target: Annotated[str, typer.Argument(help="Event JSON file, or a corpus case name.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the API event JSON.")] = False,
    full: Annotated[
        bool, typer.Option("--full", help="All frames with source, not only in-app ones.")
    ] = False,
    corpus: Annotated[Path, typer.Option(help="Corpus root for case names.")] = Path("corpus"),
) -> None:
    """Show a stored event as Sentry 9.1.2's issue page (or its API JSON with --json)."""
    from ..api import ServerError, to_api_event

    stored = load_stored(target, corpus)
    try:
        api = to_api_event(stored)
    except ServerError as exc:
        fail(f"Sentry 9.1.2 answered 500 for this event ({exc})", code=1)
    if as_json:
        print_json(api)
        return
    for renderable in render_page(api, full=full):
        console.print(renderable)
