"""The oracle state file."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from sentry_compat.reference.state import (
    STATE_FILE_NAME,
    OracleState,
    StateError,
    load_state,
    resolve_state,
    save_state,
    state_path,
)


def make_state(tmp_path: Path, **overrides: object) -> OracleState:
    fields: dict[str, object] = {
        "dir": str(tmp_path),
        "url": "http://127.0.0.1:9000",
        "port": 9000,
        "redis_port": 10000,
        "org": "sentry",
        "project": "oracle",
        "project_id": 2,
        "key_id": 2,
        "public_key": "pk",
        "dsn": "http://pk@127.0.0.1:9000/2",
        "api_token": "t" * 64,
        "admin_email": "admin@oracle.invalid",
        "admin_password": "pw",
        "versions": {"sentry": "9.1.2", "semaphore": "0.4.65", "python": "2.7.18"},
        "pids": {"web": 10, "redis": 11},
    }
    fields.update(overrides)
    return OracleState(**fields)  # type: ignore[arg-type]


def test_round_trip_and_private_mode(tmp_path: Path) -> None:
    state = make_state(tmp_path)
    path = save_state(state)
    assert path == tmp_path / STATE_FILE_NAME == state.path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # it holds a token and passwords
    assert load_state(path) == state
    assert load_state(tmp_path) == state  # the directory works too
    assert not list(tmp_path.glob(".*tmp"))  # no temp file left behind
    assert json.loads(path.read_text())["versions"]["sentry"] == "9.1.2"


def test_overwrite_is_atomic_replacement(tmp_path: Path) -> None:
    save_state(make_state(tmp_path))
    save_state(make_state(tmp_path, project_id=5))
    assert load_state(tmp_path).project_id == 5


def test_unknown_fields_are_ignored_and_missing_ones_named(tmp_path: Path) -> None:
    data = make_state(tmp_path).to_dict()
    data["future_field"] = 1
    assert OracleState.from_dict(data).project == "oracle"
    del data["redis_port"]
    with pytest.raises(StateError, match="'redis_port' is missing"):
        OracleState.from_dict(data, source="s.json")
    with pytest.raises(StateError, match="expected a JSON object"):
        OracleState.from_dict([], source="s.json")  # type: ignore[arg-type]
    data["redis_port"], data["format"] = 1, 99
    with pytest.raises(StateError, match="'format' is 99"):
        OracleState.from_dict(data)


def test_load_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(StateError, match=r"no oracle state file .*compat reference up"):
        load_state(tmp_path / "nope.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"dir": ')
    with pytest.raises(StateError, match=r"bad\.json: invalid JSON at byte 8"):
        load_state(bad)


def test_derived_values(tmp_path: Path) -> None:
    state = make_state(tmp_path, versions={"sentry": "9.1.2", "redis": "6.0.16"})
    assert state.session_path == tmp_path / "session.json"
    assert list(state.oracle_versions()) == ["redis", "sentry"]
    assert state_path(tmp_path) == tmp_path / STATE_FILE_NAME


def test_resolve_state_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    state = make_state(tmp_path)
    save_state(state)
    monkeypatch.setenv("SENTRY_COMPAT_ORACLE", str(state.path))
    assert resolve_state() == state
    assert resolve_state(str(tmp_path)) == state
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no default oracle there
    with pytest.raises(StateError, match="a URL alone carries no token"):
        resolve_state("http://127.0.0.1:9999")


def test_resolve_state_from_url_of_the_default_oracle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    default = tmp_path / ".cache" / "sentry-compat" / "oracle"
    state = make_state(default)
    save_state(state)
    assert resolve_state("http://127.0.0.1:9000/") == state
    with pytest.raises(StateError, match=r"describes http://127\.0\.0\.1:9000"):
        resolve_state("http://127.0.0.1:9100")
