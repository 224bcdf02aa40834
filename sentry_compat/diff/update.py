"""``compat diff --update``: rewrite references from the oracle, never silently.

The selected cases are harvested into a scratch copy of the corpus first (their incoming
events, wire records and manifest entries), through
:func:`sentry_compat.reference.harvest.harvest_cases`; :func:`plan_update` then lists what
would change in each reference (after the volatile masks), and only :func:`apply_update`
writes into the corpus (atomically, file by file, and the manifest's ``reference`` entry).
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..compare import API_VOLATILE, STORED_VOLATILE, Difference
from ..corpus import API, GROUPING, INCOMING, STORED, WIRE, Corpus, load_json, write_json_atomic
from ..exceptions import SentryCompatError
from .engine import compare_documents

__all__ = ["CaseUpdate", "UpdatePlan", "apply_update", "plan_update"]

_FOLDERS = ((STORED, STORED_VOLATILE), (API, API_VOLATILE), (GROUPING, ()))


@dataclasses.dataclass
class CaseUpdate:
    name: str
    status: str  # "harvested" or "failed"
    message: str = ""
    #: folder -> differences old -> new (None: the file is new)
    changes: dict[str, list[Difference] | None] = dataclasses.field(default_factory=dict)
    reference: dict[str, Any] | None = None

    @property
    def changed(self) -> bool:
        return any(v is None or v for v in self.changes.values())


@dataclasses.dataclass
class UpdatePlan:
    scratch: Path
    cases: list[CaseUpdate]

    @property
    def changed(self) -> list[CaseUpdate]:
        return [c for c in self.cases if c.status == "harvested" and c.changed]

    def discard(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)


def plan_update(
    corpus: Corpus,
    names: Sequence[str],
    *,
    state: Any = None,
    progress: Callable[[str, int, int, Any], None] | None = None,
) -> UpdatePlan:
    """Harvest ``names`` into a scratch corpus and compare with the current references."""
    from ..reference.harvest import harvest_cases

    if corpus.manifest.layout != "cases":
        raise SentryCompatError(
            f"{corpus.manifest.path}: references of a corpus with a flat manifest cannot be "
            "updated here"
        )
    scratch = Path(tempfile.mkdtemp(prefix="sentry-compat-update-"))
    try:
        work = Corpus(scratch)
        for name in names:
            case = corpus.case(name)
            for folder in (INCOMING, WIRE):
                if case.has(folder):
                    target = work.case(name).path(folder)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(case.path(folder), target)
            entry = {k: v for k, v in case.metadata.items() if k != "reference"}
            if entry:
                work.manifest.update(name, **entry)
        results = harvest_cases(work, list(names), state=state, force=True, progress=progress)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    plan = UpdatePlan(scratch, [])
    for result in results:
        update = CaseUpdate(result.name, result.status, result.message, reference=result.reference)
        if result.status == "harvested":
            old_case, new_case = corpus.case(result.name), work.case(result.name)
            for folder, volatile in _FOLDERS:
                new = load_json(new_case.path(folder))
                if not old_case.has(folder):
                    update.changes[folder] = None
                else:
                    update.changes[folder] = compare_documents(
                        load_json(old_case.path(folder)), new, volatile
                    )
        plan.cases.append(update)
    return plan


def apply_update(plan: UpdatePlan, corpus: Corpus) -> list[str]:
    """Write the harvested references of every changed case into ``corpus``; the names."""
    written = []
    work = Corpus(plan.scratch)
    for update in plan.changed:
        for folder, _ in _FOLDERS:
            data = load_json(work.case(update.name).path(folder))
            write_json_atomic(corpus.case(update.name).path(folder), data, force=True)
        if update.reference is not None:
            corpus.manifest.update(update.name, reference=update.reference)
        written.append(update.name)
    return written
