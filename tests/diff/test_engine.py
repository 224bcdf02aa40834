"""The per-case comparison and the parallel runner, on real corpora and real adapter modules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sentry_compat.diff import DiffOptions, levels_summary, run_cases
from sentry_compat.diff.engine import explain_case

from ..conftest import shared_reference
from .helpers import PERFECT, make_case, write, write_adapter


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(tmp_path))
    root = tmp_path / "corpus"
    make_case(root)
    return root


def run(root: Path, target: str, **options: object) -> dict[str, object]:
    result = next(run_cases(DiffOptions(corpus=str(root), target=target, **options), ["hello"]))  # type: ignore[arg-type]
    return {level: lr for level, lr in result.levels.items()} | {"case": result}


def test_a_perfect_backend_matches_at_every_level(corpus: Path) -> None:
    out = run(corpus, write_adapter(corpus.parent, PERFECT))
    assert {k: v.status for k, v in out.items() if k != "case"} == {
        "accepted": "match",
        "stored": "match",
        "api": "match",
        "grouping": "match",
    }
    assert not out["case"].failed  # type: ignore[attr-defined]


def test_volatile_values_and_hashes_are_not_field_differences(corpus: Path) -> None:
    body = PERFECT.replace(
        'stored = load("oss_sentry_json", name)',
        'stored = dict(load("oss_sentry_json", name), event_id="0" * 32, received=1.0, hashes=["x"])',
    )
    out = run(corpus, write_adapter(corpus.parent, body))
    assert out["stored"].status == "match"  # type: ignore[attr-defined]
    grouping = out["grouping"]
    assert grouping.status == "fail"  # type: ignore[attr-defined]
    assert grouping.unexpected == [  # type: ignore[attr-defined]
        {
            "path": "hashes.0",
            "kind": "changed",
            "expected": '"5d41402abc4b2a76b9719d911017c592"',
            "actual": '"x"',
        }
    ]


def test_the_adapter_gets_the_replay_event_and_the_receive_context(
    corpus: Path, tmp_path: Path
) -> None:
    seen = tmp_path / "seen.json"
    body = f"""
def adapt(event, case):
    Path({str(seen)!r}).write_text(json.dumps({{"event": event, "case": case}}))
    return {{}}
"""
    out = run(corpus, write_adapter(corpus.parent, body))
    got = json.loads(seen.read_text())
    assert got["event"]["event_id"] == "fedcba9876543210fedcba9876543210"
    assert got["event"]["timestamp"] == "2024-01-02T00:00:00Z"  # shifted by the harvest's 86400 s
    assert got["case"]["normalize_kwargs"] == {
        "received": 1700000000.5,
        "project_id": 2,
        "key_id": "2",
        "client_ip": "10.1.2.3",
        "user_agent": "sentry.python/2.0.0",
        "client": "sentry.python/2.0.0",
    }
    assert got["case"]["grouping_configs"] == ["legacy:2019-03-12"]
    # parts the adapter does not give are skipped, not failed
    assert [out[k].status for k in ("accepted", "stored", "api", "grouping")] == [  # type: ignore[attr-defined]
        "match",
        "skip",
        "skip",
        "skip",
    ]


def test_a_raising_target_is_an_error_not_a_crash(corpus: Path) -> None:
    out = run(
        corpus,
        write_adapter(corpus.parent, "def adapt(event, case):\n    raise KeyError('boom')\n"),
    )
    assert out["accepted"].status == "error"  # type: ignore[attr-defined]
    assert out["accepted"].message == "target raised KeyError: 'boom'"  # type: ignore[attr-defined]
    assert out["stored"].status == "skip"  # type: ignore[attr-defined]


def test_refusing_an_event_9_1_2_stored_fails_acceptance(corpus: Path) -> None:
    body = "def adapt(event, case):\n    return {'accepted': False, 'reason': 'no platform'}\n"
    out = run(corpus, write_adapter(corpus.parent, body))
    assert out["accepted"].status == "fail"  # type: ignore[attr-defined]
    assert "refused by the target: no platform" in out["accepted"].message  # type: ignore[attr-defined]


def test_known_differences_are_expected_and_stale_ones_fail(corpus: Path) -> None:
    body = PERFECT.replace(
        '"api": load("oss_sentry_events", name),',
        '"api": dict(load("oss_sentry_events", name), title="hallo"),',
    )
    spec = write_adapter(corpus.parent, body)
    known = (
        '[[known]]\ncase = "hello"\nlevel = "api"\npath = "title"\nreason = "r"\n'
        'issue = "https://example.invalid/1"\n'
    )
    (corpus / "expectations.toml").write_text(known)
    assert run(corpus, spec)["api"].status == "expected"  # type: ignore[attr-defined]
    (corpus / "expectations.toml").write_text(known.replace('"title"', '"message"'))
    api = run(corpus, spec)["api"]
    assert api.status == "fail"  # type: ignore[attr-defined]
    assert api.message == "1 unexpected difference(s), 1 listed difference(s) no longer occur"  # type: ignore[attr-defined]


def test_intentional_rules_apply_only_when_allowed(corpus: Path) -> None:
    body = PERFECT.replace(
        '"api": load("oss_sentry_events", name),',
        '"api": dict(load("oss_sentry_events", name), title="hel…"),',
    )
    write(
        corpus,
        "oss_sentry_events/hello.json",
        {**json.loads((corpus / "oss_sentry_events/hello.json").read_text()), "title": "h..."},
    )
    (corpus / "expectations.toml").write_text(
        '[[intentional]]\nname = "ellipsis"\npath = "title"\nrule = "ellipsis"\nreason = "…"\n'
    )
    spec = write_adapter(corpus.parent, body)
    assert run(corpus, spec)["api"].status == "fail"  # type: ignore[attr-defined]
    allowed = run(corpus, spec, allow=("ellipsis",))["api"]
    assert allowed.status == "expected" and allowed.allowed_count == 1  # type: ignore[attr-defined]


def test_unreadable_case_is_one_line(corpus: Path) -> None:
    write(corpus, "incoming_events/hello.json", '{"a": ')
    out = run(corpus, write_adapter(corpus.parent, PERFECT))
    assert out["accepted"].status == "fail"  # type: ignore[attr-defined]
    assert out["accepted"].message.endswith(
        "hello.json: invalid JSON: Expecting value (line 1 column 7)"
    )  # type: ignore[attr-defined]


def test_parallel_results_equal_serial_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "corpus"
    for i in range(12):
        make_case(root, f"c{i:02d}", event={"message": f"m{i}", "platform": "python"})
    spec = write_adapter(
        tmp_path,
        PERFECT.replace(
            'load("oss_sentry_events", name)', 'dict(load("oss_sentry_events", name), n=name)'
        ),
    )
    options = DiffOptions(corpus=str(root), target=spec)
    names = [f"c{i:02d}" for i in range(12)]
    serial = [r.as_dict() for r in run_cases(options, names)]
    parallel = [r.as_dict() for r in run_cases(options, names, jobs=3)]
    strip = lambda rs: [{**r, "seconds": 0} for r in rs]  # noqa: E731
    assert strip(serial) == strip(parallel)
    assert levels_summary(run_cases(options, names, jobs=2))["api"]["fail"] == 12


def test_explain_uses_deepdiff_and_hides_covered_changes(corpus: Path) -> None:
    body = PERFECT.replace(
        '"api": load("oss_sentry_events", name),',
        '"api": dict(load("oss_sentry_events", name), title="hallo", extra=1),',
    )
    (corpus / "expectations.toml").write_text(
        '[[known]]\ncase = "hello"\nlevel = "api"\npath = "extra"\nreason = "r"\n'
        'issue = "https://example.invalid/1"\n'
    )
    lines = explain_case(
        DiffOptions(corpus=str(corpus), target=write_adapter(corpus.parent, body)), "hello"
    )
    assert lines == {
        "api": [
            "root['title']: reference 'hello', target 'hallo'",
            "(1 expected or allowed change(s) not shown)",
        ]
    }


def test_library_on_the_glitchtip_corpus_is_truthful() -> None:
    root = shared_reference("glitchtip")
    from sentry_compat.corpus import Corpus

    names = Corpus(root).names()
    results = list(run_cases(DiffOptions(corpus=str(root)), names, jobs=2))
    assert [r.name for r in results] == names
    summary = levels_summary(results)
    # every GlitchTip event decodes (the Android envelope too): nothing fails acceptance; a
    # normalizer still being written may raise on a case, which is reported as an error
    assert summary["accepted"]["fail"] == 0
    assert summary["accepted"]["match"] + summary["accepted"]["error"] == len(names)
    # a level without a reference is skipped, never passed
    no_refs = next(r for r in results if r.name == "android_sdk_envelope")
    assert no_refs.levels["stored"].status == "skip"
    assert sum(summary["stored"].values()) == len(names)


def test_library_isolated_grouping_on_the_grouping_references() -> None:
    root = shared_reference("sentry-9.1.2-grouping")
    from sentry_compat.corpus import Corpus

    names = Corpus(root).names()[:10]
    results = list(run_cases(DiffOptions(corpus=str(root), target="library-isolated"), names))
    # the grouping port is fed 9.1.2's own stored events: this level is the grouping code alone
    assert all(r.levels["grouping"].status in ("match", "fail") for r in results)
    assert all(r.levels["api"].status == "skip" for r in results)  # no API references there
