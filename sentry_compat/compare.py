"""Comparing JSON documents: masks for volatile values and structural differences.

Pure standard library, shared by the test suites, ``compat diff`` and the probe.  A path is
a tuple of keys and list indices; its text form is dotted (``entries.0.data.values``), with
``*`` matching any one key or index in mask patterns.
"""

from __future__ import annotations

import copy
import dataclasses
import math
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = [
    "API_VOLATILE",
    "MASKED",
    "STORED_VOLATILE",
    "Difference",
    "diff",
    "format_path",
    "mask",
    "parse_path",
]

MASKED = "<masked>"

#: Values of a stored event (UI JSON view) that differ between two posts of the same event.
STORED_VOLATILE: tuple[str, ...] = (
    "event_id",
    "project",
    "key_id",
    "received",
    "datetime",
    "timestamp",
    "_meta.timestamp.''.val",
)

#: Values of an API event that depend on the instance or the clock.
API_VOLATILE: tuple[str, ...] = (
    "id",
    "groupID",
    "eventID",
    "projectID",
    "dateCreated",
    "dateReceived",
    "size",
    "nextEventID",
    "previousEventID",
    "release.dateCreated",
    "release.dateReleased",
    "release.firstEvent",
    "release.lastEvent",
    "release.newGroups",
    "userReport",
)


def parse_path(text: str) -> tuple[str, ...]:
    """``"a.0.b"`` -> ``("a", "0", "b")``; ``''`` (two quotes) stands for the empty key."""
    return tuple("" if part == "''" else part for part in text.split(".")) if text else ()


def format_path(path: Sequence[Any]) -> str:
    return ".".join("''" if part == "" else str(part) for part in path) or "<root>"


def _children(value: Any) -> Iterable[tuple[str, Any]]:
    if isinstance(value, dict):
        return ((str(k), v) for k, v in value.items())
    if isinstance(value, list):
        return ((str(i), v) for i, v in enumerate(value))
    return ()


def _mask_in_place(value: Any, pattern: tuple[str, ...]) -> None:
    if not pattern:
        return
    head, rest = pattern[0], pattern[1:]
    if isinstance(value, dict):
        keys = list(value) if head == "*" else [head] if head in value else []
        for key in keys:
            if rest:
                _mask_in_place(value[key], rest)
            else:
                value[key] = MASKED
    elif isinstance(value, list):
        indices = (
            range(len(value))
            if head == "*"
            else (
                [int(head)]
                if head.lstrip("-").isdigit() and -len(value) <= int(head) < len(value)
                else []
            )
        )
        for index in indices:
            if rest:
                _mask_in_place(value[index], rest)
            else:
                value[index] = MASKED


def mask(document: Any, patterns: Iterable[str], *, copy_first: bool = True) -> Any:
    """A deep copy of ``document`` with every value at a pattern replaced by :data:`MASKED`
    (only where it exists: masking never adds keys).  ``copy_first=False`` masks
    ``document`` itself, for a caller that owns it (no copy of a large document)."""
    result = copy.deepcopy(document) if copy_first else document
    for pattern in patterns:
        _mask_in_place(result, parse_path(pattern))
    return result


@dataclasses.dataclass(frozen=True)
class Difference:
    """One difference: ``kind`` is ``changed``, ``missing`` (expected has it, actual not) or
    ``extra`` (actual has it, expected not)."""

    path: tuple[str, ...]
    kind: str
    expected: Any = None
    actual: Any = None

    def __str__(self) -> str:
        where = format_path(self.path)
        if self.kind == "missing":
            return f"{where}: missing (expected {_short(self.expected)})"
        if self.kind == "extra":
            return f"{where}: unexpected {_short(self.actual)}"
        return f"{where}: expected {_short(self.expected)}, got {_short(self.actual)}"


def _short(value: Any, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _same_scalar(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return True
        return a == b
    return type(a) is type(b) and a == b


def diff(expected: Any, actual: Any, *, limit: int | None = None) -> list[Difference]:
    """Structural differences, depth first.  Object key order is ignored; list order is not.
    ``1`` and ``1.0`` compare equal (JSON does not tell them apart); ``True`` and ``1`` do not."""
    out: list[Difference] = []

    def walk(a: Any, b: Any, path: tuple[str, ...]) -> None:
        if limit is not None and len(out) >= limit:
            return
        if isinstance(a, dict) and isinstance(b, dict):
            for key in a:
                if key not in b:
                    out.append(Difference((*path, str(key)), "missing", expected=a[key]))
                else:
                    walk(a[key], b[key], (*path, str(key)))
            for key in b:
                if key not in a:
                    out.append(Difference((*path, str(key)), "extra", actual=b[key]))
        elif isinstance(a, list) and isinstance(b, list):
            for index in range(min(len(a), len(b))):
                walk(a[index], b[index], (*path, str(index)))
            for index in range(len(b), len(a)):
                out.append(Difference((*path, str(index)), "missing", expected=a[index]))
            for index in range(len(a), len(b)):
                out.append(Difference((*path, str(index)), "extra", actual=b[index]))
        elif not _same_scalar(a, b):
            out.append(Difference(path, "changed", expected=a, actual=b))

    walk(expected, actual, ())
    return out
