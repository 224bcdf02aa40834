"""The library imports only the standard library, and data flows one way.

bytes -> protocol -> interfaces -> grouping -> normalize -> api -> (capture, corpus, reference,
factories, cli: may import third-party packages).  A module may import only from its own layer
or the layers below it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sentry_compat"

#: first path component below sentry_compat -> layer (anything not named is protocol, layer 0)
LAYERS = {
    "interfaces": 1,
    "grouping": 2,
    "normalize": 3,
    "api": 4,
}
#: tooling on top of the library that still uses only the standard library
STDLIB_TOOLING = {"corpus", "expectations", "features", "compare", "scrub", "replay", "timeshift"}
STDLIB_TOP = 5
#: tooling that may import third-party packages (typer, rich, aiohttp, docker, deepdiff, ...)
TOP_PACKAGES = {
    "capture",
    "cli",
    "reference",
    "factories",
    "diff",
    "docker",
    "pytest_plugin",
    "strategies",
    "probe",
    "triage",
    "schemas",
}
TOP = 6
#: optional accelerators imported lazily, inside the function that needs them
OPTIONAL_LAZY = {"brotli", "zstandard"}


def layer_of(module: str) -> int:
    head = module.split(".")[0]
    if head in LAYERS:
        return LAYERS[head]
    if head in STDLIB_TOOLING:
        return STDLIB_TOP
    if head in TOP_PACKAGES:
        return TOP
    return 0  # protocol and shared helpers


def library_modules() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if layer_of(_name(p)) < TOP]


def _name(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join(parts) or "__init__"


def test_optional_imports_are_lazy() -> None:
    for path in library_modules():
        tree = ast.parse(path.read_text(), str(path))
        for node in tree.body:  # module level only
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            )
            assert not any(n.split(".")[0] in OPTIONAL_LAZY for n in names), _name(path)


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported module, is_internal) pairs, resolved against the package."""
    tree = ast.parse(path.read_text(), str(path))
    own = _name(path).split(".")
    package = own if path.name == "__init__.py" else own[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                internal = alias.name.startswith("sentry_compat")
                found.append(
                    (
                        alias.name.removeprefix("sentry_compat.") if internal else alias.name,
                        internal,
                    )
                )
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = ".".join([*base, node.module] if node.module else base)
                if not node.module:
                    for alias in node.names:
                        found.append((".".join([*base, alias.name]).strip("."), True))
                    continue
                found.append((target.strip("."), True))
            elif node.module:
                internal = node.module.startswith("sentry_compat")
                found.append(
                    (
                        node.module.removeprefix("sentry_compat.") if internal else node.module,
                        internal,
                    )
                )
    return found


@pytest.mark.parametrize("path", library_modules(), ids=lambda p: _name(p))
def test_library_module_imports(path: Path) -> None:
    mine = layer_of(_name(path))
    for module, internal in _imports(path):
        if internal:
            if module in ("", "__init__"):
                continue
            assert layer_of(module) <= mine, (
                f"{_name(path)} (layer {mine}) imports {module} (layer {layer_of(module)})"
            )
        else:
            top = module.split(".")[0]
            assert top in sys.stdlib_module_names or top in ("__future__", *OPTIONAL_LAZY), (
                f"{_name(path)} imports third-party {module}"
            )


def test_import_pulls_in_no_third_party_module() -> None:
    code = (
        "import sys, json\n"
        "before = set(sys.modules)\n"
        "import sentry_compat\n"
        "new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "print(json.dumps(sorted(m for m in new if m not in sys.stdlib_module_names and m != 'sentry_compat')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PACKAGE.parent
    ).stdout
    assert out.strip() == "[]"
