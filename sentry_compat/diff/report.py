"""Results as data: the ``--json`` document, JUnit XML for CI, and the deepdiff rendering.

JUnit: one ``<testsuite>`` per level (``accepted``, ``stored``, ``api``, ``grouping``), one
``<testcase>`` per case (``classname="sentry_compat.<level>"``): a ``<failure>`` for
unexpected or stale differences (first differing paths with both values, and the
reproduction command), an ``<error>`` where the target raised, ``<skipped>`` where there was
nothing to compare; an expected difference passes with a ``<system-out>`` note.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..compare import Difference
from ..corpus import write_bytes_atomic
from ..expectations import LEVELS
from .engine import STATUSES, CaseResult, LevelResult

__all__ = ["deep_lines", "json_document", "level_detail", "write_junit"]


def level_detail(result: LevelResult, limit: int = 5) -> list[str]:
    """One line per listed difference (both values), then stale entries."""
    lines = []
    for d in result.unexpected[:limit]:
        if d["kind"] == "missing":
            lines.append(f"{d['path']}: missing (expected {d['expected']})")
        elif d["kind"] == "extra":
            lines.append(f"{d['path']}: unexpected {d['actual']}")
        elif d["kind"] == "error":
            lines.append(f"error: {d['actual']}")
        else:
            lines.append(f"{d['path']}: expected {d['expected']}, got {d['actual']}")
    more = result.unexpected_count - min(limit, len(result.unexpected))
    if more > 0:
        lines.append(f"... {more} more")
    lines += [f"stale expectation {s}" for s in result.stale]
    return lines


def json_document(
    results: Sequence[CaseResult],
    summary: Mapping[str, Mapping[str, int]],
    *,
    corpus: str,
    target: str,
    problems: Sequence[str] = (),
    seconds: float = 0.0,
) -> dict[str, Any]:
    return {
        "corpus": corpus,
        "target": target,
        "seconds": round(seconds, 3),
        "ok": not problems and not any(r.failed for r in results),
        "summary": {level: dict(summary[level]) for level in LEVELS},
        "problems": list(problems),
        "cases": [r.as_dict() for r in results],
    }


def _testcase(parent: ET.Element, result: CaseResult, level: str) -> None:
    lr = result.levels.get(level)
    case = ET.SubElement(
        parent,
        "testcase",
        classname=f"sentry_compat.{level}",
        name=result.name,
        time=f"{result.seconds:.4f}",
    )
    if lr is None:
        ET.SubElement(case, "skipped", message="not compared")
        return
    if lr.status == "skip":
        ET.SubElement(case, "skipped", message=lr.message or "nothing to compare")
    elif lr.status in ("fail", "error"):
        body = "\n".join([*level_detail(lr, limit=20), "", f"reproduce: {result.repro}"])
        element = ET.SubElement(
            case, "failure" if lr.status == "fail" else "error", message=lr.message, type=lr.status
        )
        element.text = body
    elif lr.status == "expected":
        out = ET.SubElement(case, "system-out")
        out.text = f"expected: {lr.message}"
    if lr.notes:
        err = ET.SubElement(case, "system-err")
        err.text = "\n".join(lr.notes)


def write_junit(
    path: Path, results: Iterable[CaseResult], *, name: str = "sentry-compat diff"
) -> None:
    """Write JUnit XML atomically (temp file + rename)."""
    results = list(results)
    root = ET.Element("testsuites", name=name)
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for level in LEVELS:
        suite = ET.SubElement(root, "testsuite", name=level)
        counts = dict.fromkeys(STATUSES, 0)
        seconds = 0.0
        for result in results:
            _testcase(suite, result, level)
            lr = result.levels.get(level)
            counts[lr.status if lr else "skip"] += 1
            seconds += result.seconds
        attrs = {
            "tests": len(results),
            "failures": counts["fail"],
            "errors": counts["error"],
            "skipped": counts["skip"],
        }
        for key, value in attrs.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("time", f"{seconds:.3f}")
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    write_bytes_atomic(Path(path), data, force=True)


def deep_lines(
    expected: Any,
    actual: Any,
    covered: Callable[[Difference], bool] | None = None,
    limit: int = 30,
) -> list[str]:
    """deepdiff's human-readable report of two (masked) documents, one line per change.
    ``covered(difference) -> bool`` drops changes an expectation or allowed rule covers."""
    from deepdiff import DeepDiff

    result = DeepDiff(expected, actual, verbose_level=2, view="tree")
    lines: list[str] = []
    hidden = 0
    for kind in sorted(result):
        for item in result[kind]:
            path = tuple(str(p) for p in item.path(output_format="list"))
            change = (
                Difference(path, "extra", actual=item.t2)
                if kind.endswith("_added")
                else Difference(path, "missing", expected=item.t1)
                if kind.endswith("_removed")
                else Difference(path, "changed", item.t1, item.t2)
            )
            if covered is not None and covered(change):
                hidden += 1
                continue
            lines.append(_deep_line(kind, item))
    lines.sort()
    out = lines[:limit]
    if len(lines) > limit:
        out.append(f"... {len(lines) - limit} more")
    if hidden:
        out.append(f"({hidden} expected or allowed change(s) not shown)")
    return out


def _short(value: Any, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _deep_line(kind: str, item: Any) -> str:
    where = item.path()
    if kind.endswith("_added"):
        return f"{where}: only in the target: {_short(item.t2)}"
    if kind.endswith("_removed"):
        return f"{where}: only in the reference: {_short(item.t1)}"
    if kind == "type_changes":
        return (
            f"{where}: reference {type(item.t1).__name__} {_short(item.t1)}, "
            f"target {type(item.t2).__name__} {_short(item.t2)}"
        )
    return f"{where}: reference {_short(item.t1)}, target {_short(item.t2)}"
