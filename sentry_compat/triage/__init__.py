"""``compat triage``: what did an SDK upgrade change in the events it sends?

Runs one factory scenario under several SDK versions (each installed in its own cached
environment by the factory runner), captures what each sent, and reports what changed between
consecutive versions at four levels: the wire, the raw event, the stored event (9.1.2's
normalization) and the grouping hashes.  ``bisect`` walks the versions a registry published
between a good and a bad one to the first that changes a chosen level.  See docs/triage.md.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .bisect import BisectResult, bisect_versions
from .changes import LEVELS, Comparison, compare_snapshots
from .registry import RegistryError, between, list_versions, registry_for
from .snapshot import Snapshot, take_snapshot

__all__ = [
    "LEVELS",
    "BisectResult",
    "BisectRun",
    "Comparison",
    "RegistryError",
    "Snapshot",
    "TriageRun",
    "bisect",
    "compare_snapshots",
    "take_snapshot",
    "triage",
]

Log = Callable[[str], None]
Snap = Callable[[str], Snapshot]


@dataclasses.dataclass
class TriageRun:
    factory: str
    scenario: str
    package: str
    snapshots: list[Snapshot]
    comparisons: list[Comparison]

    def as_dict(self, *, snapshots: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "factory": self.factory,
            "scenario": self.scenario,
            "package": self.package,
            "versions": [
                {
                    "version": s.sdk_version,
                    "ok": s.ok,
                    "error": s.error,
                    "events": len(s.events),
                    "seconds": round(s.seconds, 1),
                }
                for s in self.snapshots
            ],
            "comparisons": [c.as_dict() for c in self.comparisons],
        }
        if snapshots:
            out["snapshots"] = [s.as_dict() for s in self.snapshots]
        return out


def _snapper(
    factory: str, scenario: str, timeout: float, log: Log | None, root: Path | None
) -> Snap:
    def snap(version: str) -> Snapshot:
        return take_snapshot(
            factory, scenario, version, timeout=timeout, log=log, factories_root=root
        )

    return snap


def triage(
    factory: str,
    scenario: str,
    versions: Sequence[str],
    *,
    timeout: float = 60.0,
    log: Log | None = None,
    factories_root: Path | None = None,
    snap: Snap | None = None,
    ignore: Sequence[str] = (),
) -> TriageRun:
    """Snapshot ``scenario`` under each version and compare consecutive ones."""
    from ..factories import get_factory

    spec = get_factory(factory, factories_root)
    spec.scenario(scenario)
    snap = snap or _snapper(factory, scenario, timeout, log, factories_root)
    snapshots = [snap(v) for v in versions]
    comparisons = []
    usable = [s for s in snapshots if s.ok]
    for before, after in itertools.pairwise(usable):
        comparisons.append(compare_snapshots(before, after, ignore=ignore))
    packages = sorted({spec.sdk_for(v)[0] for v in versions})
    return TriageRun(spec.name, scenario, " / ".join(packages), snapshots, comparisons)


@dataclasses.dataclass
class BisectRun:
    factory: str
    scenario: str
    package: str
    registry: str
    level: str
    result: BisectResult
    #: what changed at the first changed version, against the last same one
    change: Comparison | None
    snapshots: dict[str, Snapshot]

    @property
    def steps(self) -> int:
        """Versions run: ``good`` itself and every version the search ran."""
        return len(self.snapshots)

    def as_dict(self) -> dict[str, Any]:
        return {
            "factory": self.factory,
            "scenario": self.scenario,
            "package": self.package,
            "registry": self.registry,
            "level": self.level,
            **self.result.as_dict(),
            "steps": self.steps,
            "change": self.change.as_dict() if self.change else None,
            "errors": {v: s.error for v, s in self.snapshots.items() if s.error},
        }


def bisect(
    factory: str,
    scenario: str,
    good: str,
    bad: str,
    *,
    level: str = "event",
    prereleases: bool = False,
    timeout: float = 60.0,
    log: Log | None = None,
    factories_root: Path | None = None,
    snap: Snap | None = None,
    versions: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
) -> BisectRun:
    """The first version between ``good`` and ``bad`` whose ``scenario`` differs from
    ``good``'s at ``level``.  ``versions`` (the published list) is fetched from the
    factory's registry unless given; Debian-only SDKs raise :class:`RegistryError`."""
    from ..factories import get_factory

    if level not in LEVELS:
        raise ValueError(f"--level {level!r}: one of {', '.join(LEVELS)}")
    spec = get_factory(factory, factories_root)
    spec.scenario(scenario)
    # the registry of the factory's own runner (a per-version Debian build does not change
    # where the versions in between come from)
    runner = {k: v for k, v in spec.runner.items() if k != "version"}
    # a factory can run another SDK package for some versions (raven inside python-django):
    # the versions in between are those of the package the good version runs
    package = spec.sdk_for(good)[0]
    if package != spec.sdk_for(bad)[0]:
        raise RegistryError(
            f"{good} runs {package} and {bad} runs {spec.sdk_for(bad)[0]}: "
            "bisect needs one SDK package"
        )
    registry = registry_for(runner, package)
    if versions is None:
        versions = list_versions(registry, package)
    candidates = between(registry, versions, good, bad, prereleases=prereleases)
    snap = snap or _snapper(factory, scenario, timeout, log, factories_root)
    snapshots: dict[str, Snapshot] = {}

    def get(version: str) -> Snapshot:
        if version not in snapshots:
            snapshots[version] = snap(version)
        return snapshots[version]

    baseline = get(good)
    if not baseline.ok:
        raise RegistryError(f"the good version {good} could not be run: {baseline.error}")

    def changed(version: str) -> bool | None:
        current = get(version)
        if not current.ok:
            return None
        return level in compare_snapshots(baseline, current, ignore=ignore).changed_levels

    result = bisect_versions(candidates, good, bad, changed)
    change = None
    if result.first_changed and result.last_same:
        change = compare_snapshots(get(result.last_same), get(result.first_changed), ignore=ignore)
    return BisectRun(spec.name, scenario, package, registry, level, result, change, snapshots)
