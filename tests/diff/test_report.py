"""JUnit XML and JSON results."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sentry_compat.diff import DiffOptions, levels_summary, run_cases
from sentry_compat.diff.report import json_document, write_junit

from .helpers import PERFECT, make_case, write_adapter

CHILDREN = {"skipped", "failure", "error", "system-out", "system-err"}


def assert_valid_junit(path: Path) -> ET.Element:
    """The structure CI systems read (the common JUnit XSD): counts consistent, no stray elements."""
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites"
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for suite in root:
        assert suite.tag == "testsuite" and suite.get("name")
        cases = list(suite)
        assert all(c.tag == "testcase" and c.get("classname") and c.get("name") for c in cases)
        float(suite.get("time", "x"))
        counts = {
            "tests": len(cases),
            "failures": sum(1 for c in cases if c.find("failure") is not None),
            "errors": sum(1 for c in cases if c.find("error") is not None),
            "skipped": sum(1 for c in cases if c.find("skipped") is not None),
        }
        for key, value in counts.items():
            assert suite.get(key) == str(value), (suite.get("name"), key)
            totals[key] += value
        for case in cases:
            float(case.get("time", "x"))
            assert {child.tag for child in case} <= CHILDREN
            outcomes = [c for c in case if c.tag in ("skipped", "failure", "error")]
            assert len(outcomes) <= 1
            for outcome in outcomes:
                assert outcome.get("message") is not None
    for key, value in totals.items():
        assert root.get(key) == str(value)
    return root


def test_junit_and_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    root = tmp_path / "corpus"
    make_case(root, "good")
    make_case(root, "bad")
    body = PERFECT.replace(
        '"api": load("oss_sentry_events", name),',
        '"api": dict(load("oss_sentry_events", name), title=name + " <&>"),',
    )
    options = DiffOptions(corpus=str(root), target=write_adapter(tmp_path, body))
    results = list(run_cases(options, ["bad", "good"]))
    write_junit(tmp_path / "out" / "junit.xml", results)
    xml = assert_valid_junit(tmp_path / "out" / "junit.xml")
    api = xml.find("testsuite[@name='api']")
    assert api is not None and api.get("failures") == "2"
    failure = api.find("testcase[@name='bad']/failure")
    assert failure is not None and failure.text is not None
    assert 'title: expected "hello", got "bad <&>"' in failure.text
    assert "reproduce: compat diff --corpus" in failure.text and "--case bad" in failure.text
    doc = json_document(results, levels_summary(results), corpus=str(root), target="x")
    text = json.dumps(doc)
    assert json.loads(text)["summary"]["api"]["fail"] == 2
    assert doc["ok"] is False and [c["name"] for c in doc["cases"]] == ["bad", "good"]
