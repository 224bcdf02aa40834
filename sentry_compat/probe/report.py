"""The probe report: per case and level, as JSON, JUnit XML, and a compatibility matrix
(SDK build x level -> pass / diff / refused ...) in Markdown or HTML.

The three levels are never collapsed: a case that was accepted but stored different fields
is ``accepted: pass, field-equal: diff``; one refused in its dialect but compared through
the store fallback says both.
"""

from __future__ import annotations

import dataclasses
import html
import json
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

from .levels import LEVELS, MATRIX_LEVELS, STATUSES, LevelResult, worst

__all__ = ["CaseResult", "ProbeReport", "cell_text"]


@dataclasses.dataclass
class CaseResult:
    case: str
    sdk: str | None = None
    sdk_version: str | None = None
    sent_as: str = ""
    dialect: dict[str, Any] | None = None
    request: dict[str, Any] = dataclasses.field(default_factory=dict)
    fallback: dict[str, Any] | None = None
    levels: dict[str, LevelResult] = dataclasses.field(default_factory=dict)
    group: str | None = None
    reference_hashes: list[str] | None = None
    readback_seconds: float | None = None
    curl: str | None = None
    notes: list[str] = dataclasses.field(default_factory=list)
    native: dict[str, Any] = dataclasses.field(default_factory=dict)

    def error(self, message: str) -> None:
        self.levels["accepted"] = LevelResult("accepted", "error", message)
        for level in LEVELS[1:]:
            self.levels[level] = LevelResult(level, "n/a", "probe error")

    @property
    def build(self) -> str:
        if self.sdk and self.sdk_version:
            return f"{self.sdk} {self.sdk_version}"
        return self.sdk or "unknown SDK"

    def status(self, level: str) -> str:
        """The status of a level, or of a matrix column (``field-equal``: stored and api)."""
        if level == "field-equal":
            found = [self.levels[x].status for x in ("stored", "api") if x in self.levels]
            available = [s for s in found if s != "n/a"]
            return worst(available) if available else "n/a"
        if level == "grouping-equal":
            level = "grouping"
        result = self.levels.get(level)
        return result.status if result else "n/a"

    def as_dict(self, *, native: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "case": self.case,
            "sdk": self.sdk,
            "sdk_version": self.sdk_version,
            "sent_as": self.sent_as,
            "dialect": self.dialect,
            "request": self.request,
        }
        if self.fallback is not None:
            out["fallback"] = self.fallback
        out["levels"] = {
            name: self.levels[name].as_dict() for name in LEVELS if name in self.levels
        }
        out["group"] = self.group
        if self.readback_seconds is not None:
            out["readback_seconds"] = self.readback_seconds
        if self.notes:
            out["notes"] = list(dict.fromkeys(self.notes))
        out["reproduce"] = self.curl
        if native and self.native:
            out["native"] = self.native
        return out


def cell_text(statuses: list[str]) -> tuple[str, str]:
    """(status, text) of a matrix cell: the worst status and how many cases have it."""
    counts = Counter(statuses)
    status = worst(statuses)
    total = len(statuses)
    if status == "n/a":
        return status, "n/a"
    return status, f"{status} {counts[status]}/{total}"


@dataclasses.dataclass
class ProbeReport:
    backend: dict[str, Any]
    dsn: str
    corpus: str
    started: str
    options: dict[str, Any] = dataclasses.field(default_factory=dict)
    cases: list[CaseResult] = dataclasses.field(default_factory=list)
    requests: int = 0
    rate_limited: int = 0
    seconds: float = 0.0

    # ---- aggregates -------------------------------------------------------------------------
    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for level in (*LEVELS, *MATRIX_LEVELS[1:]):
            tally = Counter(case.status(level) for case in self.cases)
            out[level] = {s: tally[s] for s in STATUSES if tally[s]}
        return out

    def builds(self) -> list[str]:
        return sorted({case.build for case in self.cases})

    def matrix(self) -> dict[str, dict[str, dict[str, Any]]]:
        """``{build: {level: {"status", "text", "counts", "fallback"}}}`` for the matrix levels."""
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for build in self.builds():
            cases = [c for c in self.cases if c.build == build]
            row: dict[str, dict[str, Any]] = {}
            for level in MATRIX_LEVELS:
                statuses = [c.status(level) for c in cases]
                status, text = cell_text(statuses)
                fallback = level != "accepted" and any(
                    c.fallback is not None and c.status(level) != "n/a" for c in cases
                )
                row[level] = {
                    "status": status,
                    "text": text,
                    "counts": dict(Counter(statuses)),
                    "fallback": fallback,
                }
            out[build] = row
        return out

    @property
    def ok(self) -> bool:
        return all(
            case.status(level) in ("pass", "expected", "n/a")
            for case in self.cases
            for level in LEVELS
        )

    # ---- renderings -------------------------------------------------------------------------
    def as_dict(self, *, native: bool = False) -> dict[str, Any]:
        return {
            "backend": self.backend,
            "dsn": self.dsn,
            "corpus": self.corpus,
            "started": self.started,
            "seconds": self.seconds,
            "options": self.options,
            "requests": self.requests,
            "rate_limited": self.rate_limited,
            "counts": self.counts(),
            "matrix": self.matrix(),
            "cases": [case.as_dict(native=native) for case in self.cases],
        }

    def to_json(self, *, native: bool = False) -> str:
        return json.dumps(self.as_dict(native=native), indent=2, ensure_ascii=False, default=str)

    def to_junit(self) -> str:
        """One ``<testsuite>`` per level, one ``<testcase>`` per case: failures are differences,
        refusals and drops; ``n/a`` is skipped; a probe failure is an error."""
        root = ET.Element("testsuites", name=f"compat probe {self.backend.get('backend')}")
        for level in LEVELS:
            suite = ET.SubElement(root, "testsuite", name=f"probe.{level}")
            tally = Counter(case.status(level) for case in self.cases)
            suite.set("tests", str(len(self.cases)))
            suite.set("failures", str(tally["diff"] + tally["refused"] + tally["dropped"]))
            suite.set("errors", str(tally["error"]))
            suite.set("skipped", str(tally["n/a"]))
            for case in self.cases:
                result = case.levels.get(level)
                element = ET.SubElement(
                    suite, "testcase", classname=f"probe.{level}.{case.build}", name=case.case
                )
                status = result.status if result else "n/a"
                summary = result.summary if result else ""
                if status in ("diff", "refused", "dropped"):
                    failure = ET.SubElement(element, "failure", message=f"{status}: {summary}")
                    details = [
                        json.dumps(d, ensure_ascii=False, default=str)
                        for d in (result.differences if result else [])
                    ]
                    failure.text = "\n".join([summary, *details, case.curl or ""])
                elif status == "error":
                    ET.SubElement(element, "error", message=summary)
                elif status == "n/a":
                    ET.SubElement(element, "skipped", message=summary)
                elif status == "expected":
                    ET.SubElement(element, "system-out").text = f"expected differences: {summary}"
        ET.indent(root)
        return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"

    def _title(self) -> str:
        backend = self.backend.get("backend", "?")
        untested = "" if self.backend.get("tested_here", True) else " (adapter untested here)"
        return f"Compatibility with Sentry 9.1.2: {backend}{untested}"

    def matrix_markdown(self) -> str:
        lines = [
            f"# {self._title()}",
            "",
            f"Backend API `{self.backend.get('api')}`, project {self.backend.get('project')}, "
            f"probed {self.started} with {len(self.cases)} corpus case(s) from `{self.corpus}`.",
            "",
            "| SDK build | " + " | ".join(MATRIX_LEVELS) + " |",
            "|---|" + "---|" * len(MATRIX_LEVELS),
        ]
        for build, row in self.matrix().items():
            cells = []
            for level in MATRIX_LEVELS:
                cell = row[level]
                cells.append(cell["text"] + (" †" if cell["fallback"] else ""))
            lines.append(f"| {build} | " + " | ".join(cells) + " |")
        lines += [
            "",
            "accepted: answered 2xx and stored (read back through the API); field-equal: the "
            "stored and API documents equal 9.1.2's, volatile values masked; grouping-equal: "
            "same hashes where exposed, and the same partition into issues.",
        ]
        if any(cell["fallback"] for row in self.matrix().values() for cell in row.values()):
            lines.append(
                "† compared through the store fallback: the backend refused the captured dialect, "
                "the event was then posted as plain store JSON."
            )
        return "\n".join(lines) + "\n"

    def matrix_html(self) -> str:
        colours = {
            "pass": "#cdeccd",
            "expected": "#e4f2cf",
            "diff": "#fde2b8",
            "dropped": "#f8c9c9",
            "refused": "#f5b5b5",
            "error": "#e0a0a0",
            "n/a": "#eeeeee",
        }
        rows = []
        for build, row in self.matrix().items():
            cells = "".join(
                f'<td style="background:{colours.get(row[level]["status"], "#fff")}">'
                f"{html.escape(row[level]['text'])}{' †' if row[level]['fallback'] else ''}</td>"
                for level in MATRIX_LEVELS
            )
            rows.append(f"<tr><th>{html.escape(build)}</th>{cells}</tr>")
        head = "".join(f"<th>{html.escape(level)}</th>" for level in MATRIX_LEVELS)
        detail = []
        for case in self.cases:
            cells = "".join(
                f'<td style="background:{colours.get(case.status(level), "#fff")}" '
                f'title="{html.escape(case.levels[level].summary if level in case.levels else "")}">'
                f"{html.escape(case.status(level))}</td>"
                for level in LEVELS
            )
            detail.append(f"<tr><th>{html.escape(case.case)}</th>{cells}</tr>")
        level_head = "".join(f"<th>{html.escape(level)}</th>" for level in LEVELS)
        return (
            "<!doctype html>\n<html><head><meta charset='utf-8'>"
            f"<title>{html.escape(self._title())}</title>"
            "<style>body{font-family:sans-serif}table{border-collapse:collapse;margin:1em 0}"
            "td,th{border:1px solid #999;padding:4px 8px;text-align:left}</style></head><body>"
            f"<h1>{html.escape(self._title())}</h1>"
            f"<p>Backend API <code>{html.escape(str(self.backend.get('api')))}</code>, project "
            f"{html.escape(str(self.backend.get('project')))}, probed {html.escape(self.started)} "
            f"with {len(self.cases)} case(s).</p>"
            f"<table><tr><th>SDK build</th>{head}</tr>{''.join(rows)}</table>"
            "<p>† compared through the store fallback (the captured dialect was refused).</p>"
            f"<h2>Cases</h2><table><tr><th>case</th>{level_head}</tr>{''.join(detail)}</table>"
            "</body></html>\n"
        )
