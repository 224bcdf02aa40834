"""Find the first published version that changes a level, in O(log n) runs.

``bisect_versions(candidates, good, bad, changed)`` is the search, independent of how a
version is run: ``changed(version)`` answers True (differs from ``good`` at the chosen level),
False (same as ``good``) or None (could not be installed or run: skipped, as ``git bisect
skip``, trying the nearest untried version in the interval instead).  It assumes one change
point, as ``git bisect`` does; the answer names the last version that was still the same and
the first that differed, and every version it ran.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

__all__ = ["BisectResult", "bisect_versions"]


@dataclasses.dataclass
class BisectResult:
    good: str
    bad: str
    #: the last version found equal to ``good`` and the first found different
    last_same: str | None
    first_changed: str | None
    candidates: int
    #: every version run, in order, with its answer (True changed, False same, None skipped)
    runs: list[tuple[str, bool | None]] = dataclasses.field(default_factory=list)
    message: str = ""

    @property
    def steps(self) -> int:
        return len(self.runs)

    def as_dict(self) -> dict[str, object]:
        return {
            "good": self.good,
            "bad": self.bad,
            "last_same": self.last_same,
            "first_changed": self.first_changed,
            "candidates": self.candidates,
            "steps": self.steps,
            "runs": [{"version": v, "changed": c} for v, c in self.runs],
            "message": self.message,
        }


def bisect_versions(
    candidates: Sequence[str],
    good: str,
    bad: str,
    changed: Callable[[str], bool | None],
) -> BisectResult:
    """Bisect ``[good, *candidates, bad]`` for the first version where ``changed`` is True."""
    result = BisectResult(good, bad, None, None, len(candidates))
    ordered = [good, *candidates, bad]

    def run(version: str) -> bool | None:
        answer = changed(version)
        result.runs.append((version, answer))
        return answer

    at_bad = run(bad)
    if at_bad is None:
        result.message = f"{bad} could not be run: nothing to bisect against"
        return result
    if not at_bad:
        result.last_same = bad
        result.message = f"no change at this level between {good} and {bad}"
        return result
    low, high = 0, len(ordered) - 1  # ordered[low] is the same as good, ordered[high] differs
    skipped: set[int] = set()
    while high - low > 1:
        middle = (low + high) // 2
        probe = _nearest_untried(middle, low, high, skipped)
        if probe is None:
            break
        answer = run(ordered[probe])
        if answer is None:
            skipped.add(probe)
        elif answer:
            high = probe
        else:
            low = probe
    result.last_same, result.first_changed = ordered[low], ordered[high]
    untried = [ordered[i] for i in range(low + 1, high)]
    if untried:
        result.message = (
            f"the change is between {ordered[low]} and {ordered[high]}; "
            f"{', '.join(untried)} could not be run"
        )
    else:
        result.message = f"first changed in {ordered[high]} (last same: {ordered[low]})"
    return result


def _nearest_untried(middle: int, low: int, high: int, skipped: set[int]) -> int | None:
    for offset in range(high - low):
        for index in (middle + offset, middle - offset):
            if low < index < high and index not in skipped:
                return index
    return None
