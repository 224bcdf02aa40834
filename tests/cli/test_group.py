"""``compat group``: loads an event by path or corpus case name and renders its grouping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

typer_testing = pytest.importorskip("typer.testing", reason="typer is not installed")

from sentry_compat.cli import app  # noqa: E402
from sentry_compat.grouping import grouping_info  # noqa: E402

EVENT = {
    "platform": "python",
    "logentry": {"formatted": "User %s failed to log in", "params": ["bob"]},
    "exception": {
        "values": [
            {
                "type": "ZeroDivisionError",
                "value": "division by zero",
                "stacktrace": {
                    "frames": [
                        {"module": "shop.views", "function": "checkout", "in_app": True},
                        {"module": "django.core", "function": "get_response", "in_app": False},
                    ]
                },
            }
        ]
    },
}


def _invoke(*args: str) -> tuple[int, str]:
    result = typer_testing.CliRunner().invoke(app, ["group", *args])
    return result.exit_code, result.output


def test_group_by_path_shows_tree_and_hashes(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(EVENT))
    code, out = _invoke(str(path))
    assert code == 0, out
    info = grouping_info(EVENT)
    for variant in info.values():
        if variant["hash"]:
            assert variant["hash"] in out
    assert "exception of app takes precedence" in out
    assert "ZeroDivisionError" in out


def test_group_json_is_grouping_info(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(EVENT))
    code, out = _invoke(str(path), "--json", "--config", "new:wip")
    assert code == 0, out
    assert json.loads(out) == grouping_info(EVENT, "new:wip")


def test_group_finds_corpus_case_and_falls_back_to_incoming(tmp_path: Path) -> None:
    (tmp_path / "incoming_events").mkdir()
    raw = dict(EVENT, exception=None, logentry={"formatted": "only incoming"})
    (tmp_path / "incoming_events" / "case1.json").write_text(json.dumps(raw))
    code, out = _invoke("case1", "--corpus", str(tmp_path))
    assert code == 0, out
    assert "not normalized" in out
    (tmp_path / "oss_sentry_json").mkdir()
    (tmp_path / "oss_sentry_json" / "case1.json").write_text(json.dumps(EVENT))
    code, out = _invoke("case1", "--corpus", str(tmp_path), "--json")
    assert code == 0, out
    assert json.loads(out) == grouping_info(EVENT)


def test_group_errors(tmp_path: Path) -> None:
    code, out = _invoke("no-such-case", "--corpus", str(tmp_path))
    assert code == 2
    assert "no-such-case" in out
    path = tmp_path / "event.json"
    path.write_text(json.dumps(EVENT))
    code, out = _invoke(str(path), "--config", "bogus:1")
    assert code == 2
    assert "unknown grouping config" in out
