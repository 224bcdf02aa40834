from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from sentry_compat.corpus import (
    CaseExistsError,
    Corpus,
    InvalidCaseName,
    validate_case_name,
    write_json_atomic,
)


@pytest.mark.parametrize(
    "name", ["../x", "a/b", "a\\b", ".hidden", "", "x.json", "a..b", "x" * 200, "a b"]
)
def test_unsafe_names_are_refused(name: str) -> None:
    with pytest.raises(InvalidCaseName):
        validate_case_name(name)


def test_safe_names() -> None:
    for name in ("python-sentry-sdk-2.75.0-zero_division", "a", "A.b_c-1"):
        assert validate_case_name(name) == name


def test_write_refuses_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "incoming_events" / "a.json"
    write_json_atomic(path, {"x": 1})
    with pytest.raises(CaseExistsError, match="use --force"):
        write_json_atomic(path, {"x": 2})
    assert json.loads(path.read_text()) == {"x": 1}
    write_json_atomic(path, {"x": 3}, force=True)
    assert json.loads(path.read_text()) == {"x": 3}
    assert [p.name for p in path.parent.iterdir()] == ["a.json"]  # no temp files left


def test_corpus_discovery_and_manifest_merge(tmp_path: Path) -> None:
    corpus = Corpus(tmp_path)
    write_json_atomic(corpus.case("b").incoming_path, {})
    write_json_atomic(corpus.case("a").stored_path, {})
    assert corpus.names() == ["a", "b"]
    assert corpus.names("incoming_events") == ["b"]
    corpus.manifest.update("b", sdk={"name": "x"}, factory="f")
    corpus.manifest.update("b", sdk={"version": "1"})
    assert Corpus(tmp_path).manifest.get("b") == {
        "sdk": {"name": "x", "version": "1"},
        "factory": "f",
    }


def test_concurrent_manifest_updates_are_not_lost(tmp_path: Path) -> None:
    corpus = Corpus(tmp_path)

    def worker(i: int) -> None:
        Corpus(tmp_path).manifest.update(f"case{i}", n=i)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(Corpus(tmp_path).manifest.cases) == sorted(f"case{i}" for i in range(20))
    assert corpus.manifest.path.exists()


def test_invalid_json_names_the_file(tmp_path: Path) -> None:
    from sentry_compat.exceptions import SentryCompatError

    path = tmp_path / "incoming_events" / "bad.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"a": }')
    with pytest.raises(SentryCompatError, match=r"bad\.json: invalid JSON: .* \(line 1 column 7\)"):
        Corpus(tmp_path).case("bad").load_incoming()


# ---- layouts, features, references, problems ------------------------------------------------


def _write(root: Path, rel: str, data: object) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def test_per_config_grouping_files_belong_to_their_case(tmp_path: Path) -> None:
    _write(tmp_path, "incoming_events/py-1.45-a.json", {})
    _write(tmp_path, "grouping_info/py-1.45-a.legacy_2019-03-12.json", {"app": {}})
    _write(tmp_path, "grouping_info/py-1.45-a.new_wip.json", {"system": {}})
    _write(tmp_path, "grouping_info/b.json", {"legacy:2019-03-12": {"default": {}}})
    corpus = Corpus(tmp_path)
    assert corpus.names() == ["b", "py-1.45-a"]
    assert corpus.case("py-1.45-a").grouping_references() == {
        "legacy:2019-03-12": {"app": {}},
        "new:wip": {"system": {}},
    }
    assert corpus.case("b").grouping_references() == {"legacy:2019-03-12": {"default": {}}}


def test_flat_manifest_layout_is_read_as_reference_entries(tmp_path: Path) -> None:
    from sentry_compat.exceptions import SentryCompatError

    _write(
        tmp_path,
        "manifest.json",
        {
            "a": {
                "received": 12.5,
                "client_ip": "10.0.0.1",
                "sentry_client": "raven-python/6.10.0",
                "key_id": "2",
                "project_id": 2,
                "user_agent": "x",
            }
        },
    )
    _write(tmp_path, "incoming_events/a.json", {"message": "hi"})
    case = Corpus(tmp_path).case("a")
    assert case.reference["source"] == "manifest"
    assert case.normalize_kwargs() == {
        "received": 12.5,
        "project_id": 2,
        "key_id": "2",
        "client_ip": "10.0.0.1",
        "user_agent": "x",
        "client": "raven-python/6.10.0",
    }
    with pytest.raises(SentryCompatError, match="read-only"):
        Corpus(tmp_path).manifest.update("a", factory="f")


def test_reference_is_derived_from_the_stored_event_without_a_manifest(tmp_path: Path) -> None:
    _write(tmp_path, "incoming_events/a.json", {"user": {"ip_address": "{{auto}}"}})
    _write(
        tmp_path,
        "oss_sentry_json/a.json",
        {
            "received": 1589330497.905,
            "project": 7,
            "key_id": "7",
            "user": {"ip_address": "172.18.0.1"},
        },
    )
    _write(tmp_path, "incoming_events/b.json", {})
    _write(
        tmp_path,
        "oss_sentry_events/b.json",
        {"dateReceived": "2020-05-13T00:41:37.905000Z", "projectID": "3"},
    )
    corpus = Corpus(tmp_path)
    assert corpus.case("a").reference == {
        "source": "derived",
        "received": 1589330497.905,
        "project_id": 7,
        "key_id": "7",
        "client_ip": "172.18.0.1",
    }
    assert corpus.case("b").normalize_kwargs() == {"received": 1589330497.905, "project_id": 3}


def test_replay_event_applies_the_harvest_event_id_and_timestamp_shift(tmp_path: Path) -> None:
    corpus = Corpus(tmp_path)
    _write(
        tmp_path,
        "incoming_events/a.json",
        {"event_id": "8A2F1C10-0F7E-4E64-9E0B-6A3C2B1D0E9F", "timestamp": "2024-01-01T00:00:00.5Z"},
    )
    corpus.manifest.update(
        "a",
        reference={
            "event_id": "0123456789abcdef0123456789abcdef",
            "timestamp_shift": 3600,
            "received": 5.0,
        },
    )
    event = corpus.case("a").replay_event()
    assert event["event_id"] == "01234567-89AB-CDEF-0123-456789ABCDEF"
    assert event["timestamp"] == "2024-01-01T01:00:00.5Z"
    assert json.loads((tmp_path / "incoming_events/a.json").read_text())["timestamp"].startswith(
        "2024-01-01T00"
    )


def test_json_array_envelope_yields_its_event_item(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "incoming_events/env.json",
        [
            {"event_id": "45e4eb512da94cb2956b788e6932c2cd"},
            {"type": "session"},
            {"sid": "x"},
            {"type": "event"},
            {"platform": "java", "exception": {"values": [{"type": "E"}, {"type": "F"}]}},
        ],
    )
    case = Corpus(tmp_path).case("env")
    event = case.load_event()
    assert event["event_id"] == "45e4eb512da94cb2956b788e6932c2cd"
    assert "exception_chain" in case.describe()["features"]


def test_select_filters_by_sdk_platform_feature_and_name(tmp_path: Path) -> None:
    corpus = Corpus(tmp_path)
    _write(
        tmp_path,
        "incoming_events/py.json",
        {
            "platform": "python",
            "sdk": {"name": "sentry.python"},
            "exception": {"values": [{"type": "A"}, {"type": "B"}]},
        },
    )
    _write(
        tmp_path,
        "incoming_events/js.json",
        {"platform": "javascript", "sdk": {"name": "sentry.javascript.node"}},
    )
    assert [c.name for c, _ in corpus.select(sdk="PYTHON")] == ["py"]
    assert [c.name for c, _ in corpus.select(platform="javascript")] == ["js"]
    assert [c.name for c, _ in corpus.select(features=["exception_chain"])] == ["py"]
    assert [c.name for c, _ in corpus.select(names=["j*"])] == ["js"]


def test_problems_one_line_each(tmp_path: Path) -> None:
    corpus = Corpus(tmp_path)
    corpus.manifest.update("ok", factory="f", reference={"received": 1.0})
    _write(tmp_path, "incoming_events/ok.json", {})
    _write(tmp_path, "oss_sentry_json/ok.json", {})
    _write(tmp_path, "incoming_events/bad.json", '{"a": }')
    _write(tmp_path, "oss_sentry_json/orphan.json", {})
    _write(tmp_path, "incoming_events/array.json", [1, 2])
    corpus.manifest.update("ghost", factory="f")
    corpus.manifest.update("bad", factory="f")
    corpus.manifest.update("array", factory="f")
    problems = list(Corpus(tmp_path).problems())
    text = [p.message for p in problems]
    assert any("bad.json: invalid JSON" in t for t in text)
    assert any(
        "orphan.json: missing (the case has references but no incoming event)" in t for t in text
    )
    assert any("no entry for case 'orphan'" in t for t in text)
    assert any("case 'ghost' has no files" in t for t in text)
    assert any("array.json: a JSON array that is not an envelope" in t for t in text)
    assert any(
        p.kind == "incomplete" and p.case == "bad" and p.severity == "error" for p in problems
    )
    assert not any(p.case == "ok" for p in problems)
    assert all("\n" not in t for t in text)
