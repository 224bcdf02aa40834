"""The three levels of a probe, kept apart: accepted, field-equal (stored, api), grouping-equal.

* **accepted**: the backend answered 2xx *and* stored the event (read back through its API);
  ``dropped`` is a 2xx for an event that never shows up (Bugsink #4, GlitchTip taking
  ``/store/`` without making an issue), ``refused`` a 4xx/5xx.
* **stored** / **api** (together "field-equal"): the backend's documents, in Sentry's shapes
  (the adapter maps them), against 9.1.2's references, volatile values masked
  (:data:`sentry_compat.compare.STORED_VOLATILE`, :data:`~sentry_compat.compare.API_VOLATILE`),
  compared only at the paths the adapter maps, the hashes left to the grouping level (as
  ``compat diff`` compares, :func:`sentry_compat.diff.engine.compare_documents`).
* **grouping**: the hashes and grouping-info where the backend serves Sentry's, and always the
  partition: which probed events share an issue, against which share a 9.1.2 hash.

Statuses, worst first: ``error`` (the probe itself failed), ``refused``, ``dropped``, ``diff``,
``expected`` (only differences an expectations file lists), ``pass``, ``n/a``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..compare import API_VOLATILE, STORED_VOLATILE, Difference, format_path, parse_path

__all__ = [
    "LEVELS",
    "MATRIX_LEVELS",
    "STATUSES",
    "LevelResult",
    "compare_document",
    "partition_results",
    "project_paths",
    "worst",
]

LEVELS = ("accepted", "stored", "api", "grouping")
#: the matrix shows three columns: stored and api together are "field-equal"
MATRIX_LEVELS = ("accepted", "field-equal", "grouping-equal")
STATUSES = ("error", "refused", "dropped", "diff", "expected", "pass", "n/a")
#: differences kept per level in a report (the count is always exact)
KEEP = 25


def worst(statuses: Iterable[str]) -> str:
    present = [s for s in statuses if s in STATUSES]
    if not present:
        return "n/a"
    return min(present, key=STATUSES.index)


@dataclasses.dataclass
class LevelResult:
    level: str
    status: str
    summary: str = ""
    differences: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    count: int = 0
    expected: int = 0
    stale: list[str] = dataclasses.field(default_factory=list)
    #: the top-level keys where the differences are (all of them; ``differences`` is cut)
    keys: list[str] = dataclasses.field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "summary": self.summary}
        if self.count or self.differences:
            out["count"] = self.count
            out["keys"] = self.keys
            out["differences"] = self.differences
        if self.expected:
            out["expected"] = self.expected
        if self.stale:
            out["stale_expectations"] = self.stale
        return out


def _as_dict(difference: Difference) -> dict[str, Any]:
    out: dict[str, Any] = {"path": format_path(difference.path), "kind": difference.kind}
    if difference.kind != "extra":
        out["expected"] = difference.expected
    if difference.kind != "missing":
        out["actual"] = difference.actual
    return out


def project_paths(document: Any, paths: Sequence[str] | None) -> Any:
    """Only the values of ``document`` at ``paths`` (dotted, ``*`` for any key or index)."""
    if paths is None or not isinstance(document, dict):
        return document
    out: dict[str, Any] = {}

    def copy(source: Any, target: dict[str, Any], parts: tuple[str, ...]) -> None:
        head, rest = parts[0], parts[1:]
        keys = list(source) if head == "*" else [head] if head in source else []
        for key in keys:
            if not rest:
                target[key] = source[key]
            elif isinstance(source[key], dict):
                copy(source[key], target.setdefault(key, {}), rest)

    for path in paths:
        copy(document, out, parse_path(path))
    return out


def compare_document(
    level: str,
    expected: Mapping[str, Any] | None,
    actual: Mapping[str, Any] | None,
    *,
    paths: Sequence[str] | None = None,
    volatile: Sequence[str] | None = None,
    triage: Any = None,
    unavailable: str = "the backend does not expose it",
) -> LevelResult:
    """Compare one document with its reference; ``triage(level, differences)`` (an
    expectations hook) sorts known differences out."""
    if expected is None:
        return LevelResult(level, "n/a", "no 9.1.2 reference for this case")
    if actual is None:
        return LevelResult(level, "n/a", unavailable)
    from ..diff.engine import API_GROUPING_KEYS, STORED_GROUPING_KEYS, compare_documents

    if volatile is None:
        volatile = STORED_VOLATILE if level == "stored" else API_VOLATILE
    # as ``compat diff`` does: the hashes are the grouping level's
    drop = (
        STORED_GROUPING_KEYS if level == "stored" else API_GROUPING_KEYS if level == "api" else ()
    )
    found = compare_documents(
        project_paths(expected, paths), project_paths(actual, paths), volatile, drop
    )
    scope = f" (at {', '.join(paths)})" if paths is not None else ""
    if not found:
        stale = triage(level, [])[2] if triage is not None else []
        if stale:
            return LevelResult(
                level, "diff", f"equal{scope}, but expectations are stale", stale=stale
            )
        return LevelResult(level, "pass", f"equal{scope}, volatile values masked")
    unexpected, expected_count, stale = found, 0, []
    if triage is not None:
        unexpected, expected_count, stale = triage(level, found)
    status = "diff" if unexpected or stale else "expected"
    shown = unexpected or found
    top = sorted({format_path(d.path[:1]) for d in shown})
    summary = f"{len(unexpected)} difference(s){scope}" + (
        f", {expected_count} expected" if expected_count else ""
    )
    summary += ": " + ", ".join(top[:8]) + (" ..." if len(top) > 8 else "")
    return LevelResult(
        level,
        status,
        summary,
        [_as_dict(d) for d in shown[:KEEP]],
        len(unexpected),
        expected_count,
        stale,
        top,
    )


# ---- grouping as a partition ------------------------------------------------------------------


def _reference_classes(hashes: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Case -> class number: cases sharing any 9.1.2 hash are in one group (9.1.2 found the
    group of an event by any of its hashes)."""
    parent = {name: name for name in hashes}

    def find(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    owner: dict[str, str] = {}
    for name, values in hashes.items():
        for value in values:
            if value in owner:
                parent[find(name)] = find(owner[value])
            else:
                owner[value] = name
    roots: dict[str, int] = {}
    return {name: roots.setdefault(find(name), len(roots)) for name in hashes}


@dataclasses.dataclass(frozen=True)
class Partition:
    """How one case was grouped against 9.1.2, among the probed cases."""

    same: bool
    #: cases the backend put in this case's issue that 9.1.2 kept in other groups
    merged_with: tuple[str, ...] = ()
    #: cases 9.1.2 grouped with this one that the backend put in other issues
    split_from: tuple[str, ...] = ()
    peers: int = 0

    def describe(self, shown: int = 4) -> str:
        if self.same:
            return f"same issue as the {self.peers} probed case(s) 9.1.2 grouped with it"

        def names(values: tuple[str, ...]) -> str:
            more = f" and {len(values) - shown} more" if len(values) > shown else ""
            return ", ".join(values[:shown]) + more

        parts = []
        if self.merged_with:
            parts.append(f"merged with {names(self.merged_with)} (9.1.2: separate)")
        if self.split_from:
            parts.append(f"split from {names(self.split_from)} (9.1.2: one group)")
        return "; ".join(parts)


def partition_results(
    groups: Mapping[str, str], reference_hashes: Mapping[str, Sequence[str]]
) -> dict[str, Partition]:
    """For each case with both a backend group and 9.1.2 hashes, how it was grouped.

    Two probed cases share a backend issue exactly when they share a 9.1.2 group."""
    names = sorted(set(groups) & set(reference_hashes))
    classes = _reference_classes({n: reference_hashes[n] for n in names})
    out: dict[str, Partition] = {}
    for name in names:
        backend_peers = {n for n in names if groups[n] == groups[name]} - {name}
        reference_peers = {n for n in names if classes[n] == classes[name]} - {name}
        out[name] = Partition(
            backend_peers == reference_peers,
            tuple(sorted(backend_peers - reference_peers)),
            tuple(sorted(reference_peers - backend_peers)),
            len(reference_peers),
        )
    return out
