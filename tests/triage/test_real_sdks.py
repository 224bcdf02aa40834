"""Triage with real SDKs: each version installed by the factory runner, run, captured.

sentry-sdk 2.0 moved errors from /store/ to /envelope/ (its changelog says so); a bisection
between 1.45.1 and a 2.x release must land there, at the wire level, in O(log n) runs.
"""

from __future__ import annotations

import json
import math
import shutil
from typing import Any

import pytest

from sentry_compat.triage import bisect, triage

typer_testing = pytest.importorskip("typer.testing", reason="typer is not installed")


def _cli(*args: str) -> Any:
    import typer

    from sentry_compat.cli.triage import triage as command

    app = typer.Typer()
    app.command()(command)
    return typer_testing.CliRunner().invoke(app, list(args))


@pytest.mark.slow
def test_sentry_sdk_1_to_2_changes_the_wire_not_the_grouping() -> None:
    run = triage("python-sentry-sdk", "captured_message", ["1.45.1", "2.75.0"])
    assert [s.ok for s in run.snapshots] == [True, True], [s.error for s in run.snapshots]
    comparison = run.comparisons[0]
    wire = {
        d["path"]: (d.get("before"), d.get("after")) for d in comparison.levels["wire"].differences
    }
    assert wire["endpoint"] == ("store", "envelope")
    assert wire["content_type"] == ("application/json", "application/x-sentry-envelope")
    assert comparison.levels["grouping"].verdict == "same hashes"


@pytest.mark.slow
def test_bisect_lands_on_2_0_0_at_the_wire_level() -> None:
    published = ["1.45.0", "1.45.1", "2.0.0rc1", "2.0.0", "2.0.1", "2.1.0", "2.1.1", "2.2.0"]
    run = bisect(
        "python-sentry-sdk", "captured_message", "1.45.1", "2.2.0", level="wire", versions=published
    )
    assert run.result.first_changed == "2.0.0"
    assert run.result.last_same == "1.45.1"
    assert run.change is not None and "wire" in run.change.changed_levels
    candidates = run.result.candidates
    assert candidates == 4  # 2.0.0rc1 is a pre-release
    assert run.steps <= 2 + math.ceil(math.log2(candidates + 1))


@pytest.mark.slow
@pytest.mark.npm
def test_node_7_to_11() -> None:
    if not shutil.which("npm"):
        pytest.skip("npm is not installed")
    run = triage("node-sentry", "captured_exception", ["7.120.4", "11.12.0"])
    assert all(s.ok for s in run.snapshots), [s.error for s in run.snapshots]
    comparison = run.comparisons[0]
    assert comparison.levels["event"].changed  # the events differ beyond ids and clocks
    assert comparison.levels["wire"].differences  # at least the envelope headers changed


def test_cli_needs_two_versions_and_refuses_debian_bisects() -> None:
    result = _cli("python-sentry-sdk", "captured_message", "--sdk-versions", "2.75.0")
    assert result.exit_code == 2 and "at least two versions" in result.output
    result = _cli("go-sentry", "captured_exception", "--bisect", "0.10.0", "0.11.0")
    assert result.exit_code == 2
    assert "cannot bisect" in result.output and "Debian" in result.output
    result = _cli("python-sentry-sdk", "captured_message", "--bisect", "1", "2", "--level", "x")
    assert result.exit_code == 2 and "--level" in result.output


@pytest.mark.slow
def test_cli_json_and_versions_after_the_option() -> None:
    result = _cli(
        "python-sentry-sdk", "captured_message", "--sdk-versions", "1.45.1", "2.75.0", "--json"
    )
    assert result.exit_code == 0, result.output[-2000:]
    data = json.loads(result.stdout)
    assert [v["version"] for v in data["versions"]] == ["1.45.1", "2.75.0"]
    assert data["comparisons"][0]["changed"][0] == "wire"
