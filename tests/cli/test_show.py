"""``compat show``: loads a stored event by path or case name and lays out its issue page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

typer_testing = pytest.importorskip("typer.testing", reason="typer is not installed")

import typer  # noqa: E402

from sentry_compat.api import to_api_event  # noqa: E402
from sentry_compat.cli.show import show  # noqa: E402

STORED: dict[str, Any] = {
    "event_id": "0123456789abcdef0123456789abcdef",
    "project": 2,
    "platform": "python",
    "datetime": "2026-11-27T08:10:26.487733Z",
    "tags": [["level", "error"], ["user", "id:42"]],
    "culprit": "shop.views in checkout",
    "hashes": ["5d41402abc4b2a76b9719d911017c592"],
    "received": 1795767027.203692,
    "type": "error",
    "metadata": {"type": "ZeroDivisionError", "value": "division by zero", "filename": "shop/views.py"},
    "user": {"id": "42", "email": "alice@example.invalid"},
    "exception": {
        "values": [
            {
                "type": "ZeroDivisionError",
                "value": "division by zero",
                "stacktrace": {
                    "frames": [
                        {"module": "django.core", "filename": "django/core.py", "function": "get_response", "in_app": False},
                        {"module": "shop.views", "filename": "shop/views.py", "function": "checkout", "in_app": True,
                         "lineno": 3, "context_line": "    return 1 / 0", "pre_context": ["def checkout():"]},
                    ]
                },
            }
        ]
    },
    "breadcrumbs": {"values": [{"timestamp": 1795767020.0, "type": "default", "category": "auth", "message": "logged in"}]},
}  # fmt: skip


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command()(show)
    return app


def _invoke(*args: str) -> tuple[int, str]:
    result = typer_testing.CliRunner().invoke(_app(), list(args))
    return result.exit_code, result.output


def test_show_by_path(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(STORED))
    code, out = _invoke(str(path))
    assert code == 0, out
    assert "ZeroDivisionError: division by zero" in out
    assert "shop.views in checkout" in out  # culprit
    assert "checkout" in out and "return 1 / 0" in out  # the in-app frame with its source
    assert "Breadcrumbs" in out and "logged in" in out
    assert "alice@example.invalid" in out and "Tags" in out


def test_show_json_is_the_api_event(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(STORED))
    code, out = _invoke(str(path), "--json")
    assert code == 0, out
    assert json.loads(out) == to_api_event(STORED)


def test_show_by_case_name_and_probe_result(tmp_path: Path) -> None:
    folder = tmp_path / "oss_sentry_json"
    folder.mkdir()
    (folder / "case-1.json").write_text(json.dumps(STORED))
    code, out = _invoke("case-1", "--corpus", str(tmp_path), "--json")
    assert code == 0 and json.loads(out)["eventID"] == STORED["event_id"]
    probe = tmp_path / "probe.json"
    probe.write_text(json.dumps({"stored": STORED, "api": {}}))
    code, out = _invoke(str(probe), "--json")
    assert code == 0 and json.loads(out)["title"] == "ZeroDivisionError: division by zero"


def test_show_server_error_and_missing_case(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(dict(STORED, sdk={"name": "raven-js"})))  # 9.1.2 answered 500
    code, out = _invoke(str(path))
    assert code == 1 and "500" in out
    code, out = _invoke("no-such-case", "--corpus", str(tmp_path))
    assert code == 2 and "no-such-case" in out
