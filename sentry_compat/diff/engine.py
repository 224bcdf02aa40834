"""Comparing one corpus case with its Sentry 9.1.2 references, at four levels kept apart:

``accepted``
    the incoming event decodes (a JSON object, or the event item of an envelope), validates
    against the 9.1.2 schema (violations are notes: 9.1.2 stored such events minus the invalid
    parts), and the target accepts it as 9.1.2 did;
``stored`` and ``api`` (*field-equal*)
    the target's stored event and API event against ``oss_sentry_json`` and
    ``oss_sentry_events``, after the volatile masks of :mod:`sentry_compat.compare`; the
    hashes (``hashes``, ``fingerprints``) are left to the grouping level;
``grouping`` (*grouping-equal*)
    the hashes against the stored reference's ``hashes`` (else the API's ``fingerprints``),
    and the grouping-info tree per config where ``grouping_info`` references exist.

Each level's differences are triaged with the expectations file (known differences,
selected intentional rules); the result is a small, picklable :class:`CaseResult`, so
:func:`run_cases` can stream any number of cases through worker processes with flat memory.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import shlex
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from ..compare import API_VOLATILE, STORED_VOLATILE, Difference, diff, format_path, mask
from ..corpus import API, STORED, Corpus
from ..exceptions import SentryCompatError
from ..expectations import LEVELS, Expectations, Intentional, Triage

__all__ = [
    "STATUSES",
    "CaseResult",
    "DiffOptions",
    "LevelResult",
    "compare_case",
    "compare_documents",
    "explain_case",
    "levels_summary",
    "run_cases",
]

#: level statuses, best first; ``skip`` means nothing to compare at that level
STATUSES = ("match", "expected", "skip", "fail", "error")

#: what the field levels leave to the grouping level
STORED_GROUPING_KEYS = ("hashes",)
API_GROUPING_KEYS = ("fingerprints",)

MAX_LISTED = 20  # differences kept per level (the count is always complete)
MAX_VALUE = 200  # characters of a value kept in a result


@dataclasses.dataclass(frozen=True)
class DiffOptions:
    """Everything a worker needs to compare a case (picklable)."""

    corpus: str
    target: str = "library"
    expectations: str | None = None
    allow: tuple[str, ...] = ()
    schema: bool = True
    #: larger incoming events are not schema-checked by ``compat diff`` (jsonschema needs
    #: seconds for a multi-MB event); ``compat corpus check`` checks them all
    schema_max_bytes: int = 1_000_000
    repro_args: tuple[str, ...] = ()


@dataclasses.dataclass
class LevelResult:
    level: str
    status: str
    message: str = ""
    #: the first unexpected differences: {"path", "kind", "expected", "actual"} (values as JSON text)
    unexpected: list[dict[str, str]] = dataclasses.field(default_factory=list)
    unexpected_count: int = 0
    expected_count: int = 0
    allowed_count: int = 0
    #: known entries of this case and level that matched nothing
    stale: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.status in ("fail", "error")


@dataclasses.dataclass
class CaseResult:
    name: str
    levels: dict[str, LevelResult]
    seconds: float = 0.0
    repro: str = ""

    @property
    def status(self) -> str:
        ranks = [STATUSES.index(r.status) for r in self.levels.values()]
        worst = max(ranks, default=0)
        if STATUSES[worst] == "skip":  # skip never hides a pass or an expected difference
            kept = [r for r in ranks if STATUSES[r] != "skip"]
            worst = max(kept) if kept else worst
        return STATUSES[worst]

    @property
    def failed(self) -> bool:
        return any(r.failed for r in self.levels.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "seconds": self.seconds,
            "repro": self.repro,
            "levels": {k: dataclasses.asdict(v) for k, v in self.levels.items()},
        }


def _text(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=False, default=repr)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 3] + "..."


def _difference_dict(d: Difference) -> dict[str, str]:
    return {
        "path": format_path(d.path) if d.path else "<root>",
        "kind": d.kind,
        "expected": _text(d.expected) if d.kind != "extra" else "",
        "actual": _text(d.actual) if d.kind != "missing" else "",
    }


def _level_from_triage(level: str, triage: Triage, notes: Sequence[str] = ()) -> LevelResult:
    result = LevelResult(
        level,
        "match",
        unexpected=[_difference_dict(d) for d in triage.unexpected[:MAX_LISTED]],
        unexpected_count=len(triage.unexpected),
        expected_count=len(triage.expected),
        allowed_count=len(triage.allowed),
        stale=[f"{k.where}: {k.reason} ({k.issue})" for k in triage.stale],
        notes=list(notes),
    )
    if triage.unexpected or triage.stale:
        result.status = "fail"
        parts = []
        if triage.unexpected:
            parts.append(f"{len(triage.unexpected)} unexpected difference(s)")
        if triage.stale:
            parts.append(f"{len(triage.stale)} listed difference(s) no longer occur")
        result.message = ", ".join(parts)
    elif triage.expected or triage.allowed:
        result.status = "expected"
        result.message = f"{len(triage.expected)} known, {len(triage.allowed)} allowed"
    return result


def _skip(level: str, message: str, expectations: Expectations, case: str) -> LevelResult:
    stale = expectations.for_case(case, level)
    if stale:  # a listed difference at a level that could not be compared is not confirmed
        return LevelResult(
            level,
            "fail",
            f"{message}; {len(stale)} listed difference(s) not confirmed",
            stale=[f"{k.where}: {k.reason} ({k.issue})" for k in stale],
        )
    return LevelResult(level, "skip", message)


def compare_documents(
    expected: Any,
    actual: Any,
    volatile: Iterable[str],
    drop: Iterable[str] = (),
    *,
    in_place: bool = False,
) -> list[Difference]:
    """Differences of two JSON documents after masking ``volatile`` paths in both and
    removing the top-level keys ``drop`` (``in_place``: in the documents themselves, which
    the caller owns and no longer needs as they were)."""
    volatile = tuple(volatile)
    left = mask(expected, volatile, copy_first=not in_place)
    right = mask(actual, volatile, copy_first=not in_place)
    drop = set(drop)
    if drop and isinstance(left, dict):
        left = {k: v for k, v in left.items() if k not in drop}  # shallow: the caller's keys stay
    if drop and isinstance(right, dict):
        right = {k: v for k, v in right.items() if k not in drop}
    return diff(left, right)


class _Context:
    """Per-process state: corpus, target, expectations, validator (built once per worker)."""

    def __init__(self, options: DiffOptions):
        from .targets import resolve_target

        self.options = options
        self.corpus = Corpus(options.corpus)
        self.expectations = Expectations.for_corpus(options.corpus, options.expectations)
        self.allow: list[Intentional] = self.expectations.select(options.allow)
        self.target_label, self.adapter = resolve_target(options.target)
        self.validator: Any = None
        if options.schema:
            from .schema import sentry912_validator

            self.validator = sentry912_validator()


def _repro(options: DiffOptions, name: str) -> str:
    args = ["compat", "diff", "--corpus", options.corpus, "--case", name, *options.repro_args, "-v"]
    return shlex.join(args)


def _grouping_differences(
    output: Mapping[str, Any], stored_ref: Any, api_ref: Any, refs: dict[str, Any]
) -> tuple[list[Difference], list[str], bool]:
    """(differences, notes, compared anything)."""
    differences: list[Difference] = []
    notes: list[str] = []
    compared = False
    ref_hashes = None
    if isinstance(stored_ref, dict) and stored_ref.get("hashes") is not None:
        ref_hashes = stored_ref["hashes"]
    elif isinstance(api_ref, dict) and api_ref.get("fingerprints") is not None:
        ref_hashes = api_ref["fingerprints"]
    if ref_hashes is not None:
        if output.get("hashes") is not None:
            compared = True
            differences += [
                dataclasses.replace(d, path=("hashes", *d.path))
                for d in diff(ref_hashes, output["hashes"])
            ]
        else:
            notes.append("the target gives no hashes")
    trees = output.get("grouping")
    for config, reference in refs.items():
        if not isinstance(trees, Mapping) or config not in trees:
            notes.append(f"the target gives no grouping info for {config}")
            continue
        compared = True
        differences += [
            dataclasses.replace(d, path=(config, *d.path)) for d in diff(reference, trees[config])
        ]
    return differences, notes, compared


def compare_case(name: str, ctx: _Context, *, keep: dict[str, Any] | None = None) -> CaseResult:
    """Compare one case at every level.  ``keep``, when given, receives the documents
    compared (``{level: (expected, actual)}``) for a detailed rendering."""
    start = time.monotonic()
    case = ctx.corpus.case(name)
    exp = ctx.expectations
    levels: dict[str, LevelResult] = {}
    result = CaseResult(name, levels, repro=_repro(ctx.options, name))

    def done() -> CaseResult:
        result.seconds = round(time.monotonic() - start, 4)
        return result

    def level_result(
        level: str, differences: list[Difference], notes: Sequence[str] = ()
    ) -> LevelResult:
        return _level_from_triage(level, exp.triage(name, level, differences, ctx.allow), notes)

    def not_compared(message: str, *names: str) -> None:
        for level in names:
            levels[level] = _skip(level, message, exp, name)

    # ---- accepted -----------------------------------------------------------------------
    notes: list[str] = []
    try:
        event = case.replay_event()
        stored_ref = case.load_reference(STORED)
        api_ref = case.load_reference(API)
        grouping_refs = case.grouping_references()
    except SentryCompatError as exc:
        levels["accepted"] = level_result("accepted", [Difference((), "error", actual=str(exc))])
        levels["accepted"].message = str(exc)
        not_compared("the case cannot be read", "stored", "api", "grouping")
        return done()
    size = case.incoming_path.stat().st_size
    if ctx.validator is not None and size > ctx.options.schema_max_bytes:
        notes.append(
            f"9.1.2 schema: not checked here, the event has {size} bytes "
            f"(over {ctx.options.schema_max_bytes}; `compat corpus check` checks every event)"
        )
    elif ctx.validator is not None:
        from .schema import violations

        found = violations(ctx.validator, event, limit=10)
        if found:
            notes.append(f"9.1.2 schema: {len(found)} violation(s) (9.1.2 dropped these parts)")
            notes += [f"  {line}" for line in found]
    reference_accepted = not (
        case.reference.get("rejected") or case.metadata.get("expect") == "rejected"
    )
    context = {
        "name": name,
        "metadata": case.metadata,
        "reference": case.reference,
        "normalize_kwargs": case.normalize_kwargs(),
        "grouping_configs": sorted(grouping_refs),
        "reference_stored": stored_ref,
    }
    try:
        output = dict(ctx.adapter(event, context) or {})
    except Exception as exc:  # the target failed on this case: an error, never a crash of the run
        message = f"{type(exc).__name__}: {exc}"
        levels["accepted"] = level_result(
            "accepted", [Difference((), "error", actual=message)], notes
        )
        if levels["accepted"].status == "fail":
            levels["accepted"].status = "error"
        levels["accepted"].message = f"target raised {message}"
        not_compared("the target raised", "stored", "api", "grouping")
        return done()
    accepted = bool(output.get("accepted", True))
    differences = []
    if accepted != reference_accepted:
        differences.append(Difference(("accepted",), "changed", reference_accepted, accepted))
    levels["accepted"] = level_result("accepted", differences, notes)
    if not accepted:
        reason = output.get("reason")
        levels["accepted"].message = f"refused by the target{': ' + str(reason) if reason else ''}"
        not_compared("the target refused the event", "stored", "api", "grouping")
        return done()

    # ---- stored / api ---------------------------------------------------------------------
    for level, reference, volatile, drop in (
        ("stored", stored_ref, STORED_VOLATILE, STORED_GROUPING_KEYS),
        ("api", api_ref, API_VOLATILE, API_GROUPING_KEYS),
    ):
        actual = output.get(level)
        if reference is None:
            levels[level] = _skip(level, f"no reference ({level})", exp, name)
        elif actual is None:
            levels[level] = _skip(level, f"the target gives no {level} event", exp, name)
        else:
            if keep is not None:
                keep[level] = (mask(reference, volatile), mask(actual, volatile))
            # both documents are this run's own (read from disk, made by the target): no copies
            levels[level] = level_result(
                level, compare_documents(reference, actual, volatile, drop, in_place=True)
            )

    # ---- grouping -------------------------------------------------------------------------
    differences, notes, compared = _grouping_differences(output, stored_ref, api_ref, grouping_refs)
    if not compared:
        why = "; ".join(notes) if notes else "no grouping reference"
        levels["grouping"] = _skip("grouping", why, exp, name)
    else:
        levels["grouping"] = level_result("grouping", differences, notes)
        if keep is not None:
            keep["grouping"] = (
                {"hashes": (stored_ref or {}).get("hashes"), **grouping_refs},
                {"hashes": output.get("hashes"), **dict(output.get("grouping") or {})},
            )
    return done()


# ---- running many cases -------------------------------------------------------------------

_WORKER: _Context | None = None


def _init_worker(options: DiffOptions) -> None:
    global _WORKER
    _WORKER = _Context(options)


def _work(name: str) -> CaseResult:
    assert _WORKER is not None
    return compare_case(name, _WORKER)


def run_cases(
    options: DiffOptions,
    names: Iterable[str],
    *,
    jobs: int = 1,
    on_result: Callable[[CaseResult], None] | None = None,
) -> Iterator[CaseResult]:
    """Compare ``names`` one by one (``jobs`` > 1: in that many worker processes), yielding
    results in the order of ``names``.  Each worker loads its own cases, so memory does not
    grow with the corpus.  Raises :class:`SentryCompatError` (bad expectations, bad target)
    before the first case."""
    ctx = _Context(options)  # validates options in this process first
    if jobs <= 1:
        for name in names:
            result = compare_case(name, ctx)
            if on_result:
                on_result(result)
            yield result
        return
    methods = multiprocessing.get_all_start_methods()
    mp = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with mp.Pool(jobs, initializer=_init_worker, initargs=(options,)) as pool:
        for result in pool.imap(_work, names, chunksize=8):
            if on_result:
                on_result(result)
            yield result


def levels_summary(results: Iterable[CaseResult]) -> dict[str, dict[str, int]]:
    """``{level: {status: count}}`` over results."""
    out = {level: dict.fromkeys(STATUSES, 0) for level in LEVELS}
    for result in results:
        for level, r in result.levels.items():
            out[level][r.status] += 1
    return out


def explain_case(options: DiffOptions, name: str, limit: int = 30) -> dict[str, list[str]]:
    """deepdiff's rendering of the unexpected changes of one case, per compared level
    (expected and allowed changes are counted, not shown)."""
    from .report import deep_lines

    ctx = _Context(options)
    kept: dict[str, Any] = {}
    compare_case(name, ctx, keep=kept)
    out: dict[str, list[str]] = {}
    for level, (expected, actual) in kept.items():
        known = ctx.expectations.for_case(name, level)

        def covered(d: Difference, level: str = level, known: list[Any] = known) -> bool:
            return any(r.applies(level, d) for r in ctx.allow) or any(k.covers(d) for k in known)

        drop = (
            STORED_GROUPING_KEYS
            if level == "stored"
            else API_GROUPING_KEYS
            if level == "api"
            else ()
        )
        for key in drop:
            expected.pop(key, None)
            actual.pop(key, None)
        lines = deep_lines(expected, actual, covered, limit)
        if lines:
            out[level] = lines
    return out
