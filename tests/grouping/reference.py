"""Locating the shared Sentry 9.1.2 reference data (never copied into this repository).

``SENTRY_COMPAT_SHARED`` may point at the shared folder; by default it is ``../shared``
beside the repository root.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..conftest import shared_dir

#: grouping-info file suffix per config id (":" is written "_")
CONFIG_SUFFIXES = {"legacy:2019-03-12": "legacy_2019-03-12", "new:wip": "new_wip"}


def grouping_reference_dir() -> Path:
    return shared_dir() / "reference" / "sentry-9.1.2-grouping"


def glitchtip_reference_dir() -> Path:
    return shared_dir() / "reference" / "glitchtip"


def case_names(folder: Path) -> list[str]:
    """Names of the ``*.json`` cases in ``folder`` (empty when it is absent)."""
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.json"))


def load_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def key_order(value: Any) -> Any:
    """The value with every dict turned into a list of (key, value) pairs, to compare order."""
    if isinstance(value, dict):
        return [(k, key_order(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [key_order(v) for v in value]
    return value
