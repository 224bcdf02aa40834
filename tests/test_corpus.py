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


@pytest.mark.parametrize("name", ["../x", "a/b", "a\\b", ".hidden", "", "x.json", "a..b", "x" * 200, "a b"])
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
    assert Corpus(tmp_path).manifest.get("b") == {"sdk": {"name": "x", "version": "1"}, "factory": "f"}


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
