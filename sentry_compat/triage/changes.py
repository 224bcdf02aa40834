"""What changed between two snapshots of the same scenario, level by level.

* **wire**: any field of the wire summary (the body size is shown, never counted);
* **event** and **stored**: structural differences (:func:`sentry_compat.compare.diff`) after
  :func:`~sentry_compat.triage.volatile.mask_volatile` (the stored ``hashes`` are left to the
  grouping level);
* **grouping**: the hash lists.  Equal hashes: same issue.  Overlapping: 9.1.2 still finds
  the old issue (it looked an event's group up by any of its hashes).  Disjoint: **split**,
  every issue of this kind opens anew after the upgrade.  The grouping-info components that
  changed say why.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from ..compare import Difference, diff, format_path, mask
from .snapshot import EventSnapshot, Snapshot
from .volatile import mask_volatile

__all__ = ["LEVELS", "Comparison", "LevelChange", "compare_snapshots"]

LEVELS = ("wire", "event", "stored", "grouping")
KEEP = 60


@dataclasses.dataclass
class LevelChange:
    level: str
    changed: bool
    summary: str
    differences: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    count: int = 0
    verdict: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"changed": self.changed, "summary": self.summary}
        if self.verdict:
            out["verdict"] = self.verdict
        if self.count:
            out["count"] = self.count
            out["differences"] = self.differences
        return out


@dataclasses.dataclass
class Comparison:
    before: str
    after: str
    levels: dict[str, LevelChange]

    @property
    def changed_levels(self) -> list[str]:
        return [name for name in LEVELS if self.levels[name].changed]

    def as_dict(self) -> dict[str, Any]:
        return {
            "before": self.before,
            "after": self.after,
            "changed": self.changed_levels,
            "levels": {name: self.levels[name].as_dict() for name in LEVELS},
        }


def _entry(difference: Difference, prefix: str = "") -> dict[str, Any]:
    path = format_path(difference.path)
    out: dict[str, Any] = {"path": f"{prefix}{path}", "kind": difference.kind}
    if difference.kind != "extra":
        out["before"] = difference.expected
    if difference.kind != "missing":
        out["after"] = difference.actual
    return out


def _summary(entries: list[dict[str, Any]], what: str) -> str:
    if not entries:
        return f"no {what} change"
    tops = sorted({e["path"].split(".")[0] for e in entries})
    more = " ..." if len(tops) > 6 else ""
    return f"{len(entries)} change(s): {', '.join(tops[:6])}{more}"


def _pairs(
    a: Snapshot, b: Snapshot
) -> list[tuple[str, EventSnapshot | None, EventSnapshot | None]]:
    count = max(len(a.events), len(b.events))
    out = []
    for index in range(count):
        prefix = f"event[{index}]." if count > 1 else ""
        out.append(
            (
                prefix,
                a.events[index] if index < len(a.events) else None,
                b.events[index] if index < len(b.events) else None,
            )
        )
    return out


def _doc_level(
    level: str, a: Snapshot, b: Snapshot, get: Any, versions: list[str], ignore: Sequence[str]
) -> LevelChange:
    entries: list[dict[str, Any]] = []
    notes: list[str] = []
    for prefix, x, y in _pairs(a, b):
        if x is None or y is None:
            continue
        left, right = get(x), get(y)
        if left is None or right is None:
            notes += [e for e in (x.errors + y.errors) if e not in notes]
            continue
        left = mask(mask_volatile(left, sdk_versions=versions), ignore, copy_first=False)
        right = mask(mask_volatile(right, sdk_versions=versions), ignore, copy_first=False)
        entries += [_entry(d, prefix) for d in diff(left, right)]
    summary = _summary(entries, level)
    if notes:
        summary += " (" + "; ".join(notes) + ")"
    return LevelChange(level, bool(entries), summary, entries[:KEEP], len(entries))


def _wire_level(a: Snapshot, b: Snapshot, versions: list[str]) -> LevelChange:
    entries: list[dict[str, Any]] = []
    if len(a.events) != len(b.events):
        entries.append(
            {"path": "events", "kind": "changed", "before": len(a.events), "after": len(b.events)}
        )
    sizes = []
    for prefix, x, y in _pairs(a, b):
        if x is None or y is None:
            continue
        left = {k: v for k, v in x.wire.items() if k != "body_bytes"}
        right = {k: v for k, v in y.wire.items() if k != "body_bytes"}
        entries += [_entry(d, prefix) for d in diff(left, right)]
        sizes.append(f"{x.wire.get('body_bytes')} -> {y.wire.get('body_bytes')} bytes")
    entries += [_entry(d, "other_requests.") for d in diff(a.other_requests, b.other_requests)]
    summary = _summary(entries, "wire")
    if sizes:
        summary += f"; body {', '.join(sizes)}"
    return LevelChange("wire", bool(entries), summary, entries[:KEEP], len(entries))


def _components(info: Any) -> dict[str, Any]:
    """``{config/variant: hash and the component tree}`` of a grouping-info document."""
    return info if isinstance(info, dict) else {}


def _grouping_level(a: Snapshot, b: Snapshot) -> LevelChange:
    verdicts: list[str] = []
    entries: list[dict[str, Any]] = []
    notes: list[str] = []
    for prefix, x, y in _pairs(a, b):
        if x is None or y is None:
            continue
        if x.hashes is None or y.hashes is None:
            notes += [e for e in (x.errors + y.errors) if e not in notes]
            continue
        before, after = set(x.hashes), set(y.hashes)
        if before == after:
            verdicts.append("same hashes")
            continue
        if before & after:
            verdicts.append("same issue (hashes overlap: 9.1.2 finds the old group)")
        else:
            verdicts.append(
                "SPLIT: no hash in common, every issue of this kind opens anew after the upgrade"
            )
        entries.append(
            {"path": f"{prefix}hashes", "kind": "changed", "before": x.hashes, "after": y.hashes}
        )
        entries += [
            _entry(d, f"{prefix}grouping_info.")
            for d in diff(_components(x.grouping), _components(y.grouping))
        ]
    verdict = "; ".join(dict.fromkeys(verdicts)) or None
    summary = verdict or "no grouping computed"
    if notes:
        summary += " (" + "; ".join(notes) + ")"
    changed = any(v != "same hashes" for v in verdicts)
    return LevelChange("grouping", changed, summary, entries[:KEEP], len(entries), verdict)


def compare_snapshots(a: Snapshot, b: Snapshot, *, ignore: Sequence[str] = ()) -> Comparison:
    """What changed from ``a`` to ``b`` (two versions of one scenario).  ``ignore``: dotted
    path patterns (``*`` any key or index) masked in the event and stored levels, e.g.
    ``sdk.integrations`` when only the payload matters."""
    versions = [a.sdk_version, b.sdk_version]
    levels = {
        "wire": _wire_level(a, b, versions),
        "event": _doc_level("event", a, b, lambda e: e.event, versions, ignore),
        "stored": _doc_level(
            "stored",
            a,
            b,
            lambda e: (
                None if e.stored is None else {k: v for k, v in e.stored.items() if k != "hashes"}
            ),
            versions,
            ignore,
        ),
        "grouping": _grouping_level(a, b),
    }
    return Comparison(a.sdk_version, b.sdk_version, levels)
