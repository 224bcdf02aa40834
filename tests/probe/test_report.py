"""probe.report: levels kept apart in JSON, JUnit XML and the compatibility matrix."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from sentry_compat.probe.levels import LevelResult
from sentry_compat.probe.report import CaseResult, ProbeReport


def case(name: str, sdk: str, version: str, accepted: str, stored: str, api: str, grouping: str,
         *, fallback: bool = False) -> CaseResult:  # fmt: skip
    result = CaseResult(case=name, sdk=sdk, sdk_version=version, curl="curl ...")
    for level, status in (
        ("accepted", accepted),
        ("stored", stored),
        ("api", api),
        ("grouping", grouping),
    ):
        differences = (
            [{"path": "culprit", "kind": "changed", "expected": "a", "actual": "b"}]
            if status == "diff"
            else []
        )
        result.levels[level] = LevelResult(
            level, status, f"{level} {status}", differences, len(differences)
        )
    if fallback:
        result.fallback = {"status": 200}
    return result


def report() -> ProbeReport:
    out = ProbeReport(backend={"backend": "bugsink", "api": "http://x", "project": "p", "tested_here": True},
                      dsn="http://k…@x/1", corpus="corpus", started="2026-11-27T00:00:00+00:00")  # fmt: skip
    out.cases = [
        case("py-1", "sentry-sdk", "2.75.0", "pass", "pass", "pass", "pass"),
        case("py-2", "sentry-sdk", "2.75.0", "pass", "diff", "pass", "diff"),
        case("raven-1", "raven", "6.10.0", "refused", "diff", "diff", "pass", fallback=True),
        case("raven-2", "raven", "6.10.0", "refused", "n/a", "n/a", "n/a"),
        case("node-1", "@sentry/node", "7.120.4", "dropped", "n/a", "n/a", "n/a"),
    ]
    return out


def test_counts_keep_the_levels_apart() -> None:
    counts = report().counts()
    assert counts["accepted"] == {"refused": 2, "dropped": 1, "pass": 2}
    assert counts["field-equal"] == {"diff": 2, "pass": 1, "n/a": 2}
    assert counts["grouping-equal"] == {"diff": 1, "pass": 2, "n/a": 2}
    assert not report().ok


def test_matrix_cells() -> None:
    matrix = report().matrix()
    assert list(matrix) == ["@sentry/node 7.120.4", "raven 6.10.0", "sentry-sdk 2.75.0"]
    assert matrix["sentry-sdk 2.75.0"]["accepted"]["text"] == "pass 2/2"
    assert matrix["sentry-sdk 2.75.0"]["field-equal"]["text"] == "diff 1/2"
    assert matrix["raven 6.10.0"]["accepted"]["text"] == "refused 2/2"
    assert matrix["raven 6.10.0"]["field-equal"]["fallback"] is True
    assert matrix["@sentry/node 7.120.4"]["accepted"]["status"] == "dropped"
    assert matrix["@sentry/node 7.120.4"]["field-equal"]["text"] == "n/a"


def test_markdown_and_html() -> None:
    text = report().matrix_markdown()
    assert "| raven 6.10.0 | refused 2/2 | diff 1/2 † | pass 1/2 † |" in text
    assert "store fallback" in text
    page = report().matrix_html()
    assert page.startswith("<!doctype html>") and "refused 2/2" in page and "<h2>Cases</h2>" in page


def test_junit_one_suite_per_level() -> None:
    root = ET.fromstring(report().to_junit().split("\n", 1)[1])
    suites = {s.get("name"): s for s in root}
    assert list(suites) == ["probe.accepted", "probe.stored", "probe.api", "probe.grouping"]
    accepted = suites["probe.accepted"]
    assert (accepted.get("tests"), accepted.get("failures"), accepted.get("skipped")) == (
        "5",
        "3",
        "0",
    )
    stored = suites["probe.stored"]
    failed = [tc.get("name") for tc in stored if tc.find("failure") is not None]
    skipped = [tc.get("name") for tc in stored if tc.find("skipped") is not None]
    assert failed == ["py-2", "raven-1"] and skipped == ["raven-2", "node-1"]
    assert "culprit" in (stored[1].find("failure").text or "")  # type: ignore[union-attr]


def test_json_is_complete() -> None:
    data = json.loads(report().to_json())
    assert data["cases"][2]["levels"]["accepted"]["status"] == "refused"
    assert data["cases"][2]["fallback"] == {"status": 200}
    assert data["matrix"]["raven 6.10.0"]["accepted"]["counts"] == {"refused": 2}
