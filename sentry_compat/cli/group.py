"""``compat group``: show how Sentry 9.1.2 groups a stored event, like its grouping-info panel.

``TARGET`` is a path to an event JSON file, or a corpus case name looked up as
``<corpus>/oss_sentry_json/NAME.json``, else ``<corpus>/incoming_events/NAME.json``.
A raw incoming event is grouped after the save-time ``in_app`` rewrite only (it is
not normalized), so its result is indicative.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ._ui import console, fail, print_json

if TYPE_CHECKING:
    from rich.tree import Tree


def _find_event(target: str, corpus: Path) -> tuple[Path, bool]:
    """The event file for ``target`` and whether it is a raw incoming event."""
    path = Path(target)
    if path.suffix == ".json" and path.is_file():
        return path, False
    for folder, raw in (("oss_sentry_json", False), ("incoming_events", True)):
        candidate = corpus / folder / f"{target}.json"
        if candidate.is_file():
            return candidate, raw
    fail(
        f"{target}: no such file, and no case {corpus / 'oss_sentry_json' / (target + '.json')}"
        f" or {corpus / 'incoming_events' / (target + '.json')}"
    )


def _value_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _add_component(tree: Tree, component: dict[str, Any], parent_contributes: bool) -> None:
    from rich.text import Text

    contributes = bool(component["contributes"]) and parent_contributes
    label = Text()
    label.append(component["id"], style="bold green" if contributes else "dim")
    if component.get("name"):
        label.append(f" ({component['name']})", style="cyan" if contributes else "dim")
    primitives = [v for v in component["values"] if not isinstance(v, dict)]
    if primitives:
        label.append("  ")
        label.append(
            " ".join(_value_text(v) for v in primitives), style="yellow" if contributes else "dim"
        )
    if component.get("hint"):
        label.append(f"  — {component['hint']}", style="dim italic")
    node = tree.add(label)
    for value in component["values"]:
        if isinstance(value, dict):
            _add_component(node, value, contributes)


def _variant_tree(key: str, variant: dict[str, Any]) -> Tree:
    from rich.text import Text
    from rich.tree import Tree

    contributes = variant.get("hash") is not None
    title = Text()
    title.append(key, style="bold magenta" if contributes else "dim")
    title.append(f"  {variant.get('description') or variant.get('type') or 'fallback'}")
    title.append(f"  {variant.get('hash') or '(not used)'}", style="bold" if contributes else "dim")
    if variant.get("hashMismatch"):
        title.append("  hash not stored", style="red")
    tree = Tree(title)
    if variant.get("values") is not None:
        tree.add(Text("fingerprint " + _value_text(variant["values"]), style="cyan"))
    component = variant.get("component")
    if component is not None:
        _add_component(tree, component, True)
    return tree


def group(
    target: Annotated[str, typer.Argument(help="Event JSON file, or a corpus case name.")],
    config: Annotated[
        str | None,
        typer.Option(
            help="Grouping config id (default: the event's stored one, else legacy:2019-03-12)."
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the raw grouping info as JSON.")
    ] = False,
    corpus: Annotated[Path, typer.Option(help="Corpus root for case names.")] = Path("corpus"),
) -> None:
    """Show the grouping components and hashes Sentry 9.1.2 computes for an event."""
    from ..grouping import CONFIGURATIONS, calculate_hashes, grouping_info
    from ..grouping.api import ConfigNotFoundException
    from ..stacktraces import normalize_in_app

    path, raw = _find_event(target, corpus)
    try:
        with path.open(encoding="utf-8") as f:
            event = json.load(f)
    except (OSError, ValueError) as exc:
        fail(f"{path}: cannot read JSON: {exc}")
    if not isinstance(event, dict):
        fail(f"{path}: not a JSON object")
    if raw:
        event = copy.deepcopy(event)
        normalize_in_app(event)
    try:
        info = grouping_info(event, config)
        hashes = calculate_hashes(event, config)
    except ConfigNotFoundException:
        fail(f"unknown grouping config {config!r} (known: {', '.join(sorted(CONFIGURATIONS))})")
    except Exception as exc:  # 9.1.2 itself fails on such events; say why
        fail(f"{path}: grouping failed: {type(exc).__name__}: {exc}")
    if as_json:
        print_json(info)
        return

    stored_config = (
        (event.get("grouping_config") or {}).get("id")
        if isinstance(event.get("grouping_config"), dict)
        else None
    )
    console.print(
        f"[bold]{path}[/]" + ("  [yellow](raw incoming event, not normalized)[/]" if raw else "")
    )
    console.print(f"config: [bold]{config or stored_config or 'legacy:2019-03-12'}[/]")
    for key, variant in info.items():
        console.print(_variant_tree(key, variant))
    console.print("hashes: " + (" ".join(f"[bold]{h}[/]" for h in hashes) or "[dim](none)[/]"))
    stored = event.get("hashes")
    if stored is not None and stored != hashes:
        # expected when another config is forced; a real mismatch otherwise
        console.print("stored hashes: " + " ".join(stored), style="dim" if config else "red")
