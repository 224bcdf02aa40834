"""``compat corpus list`` and ``compat corpus check`` on real corpora (a real subprocess)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sentry_compat.corpus import Corpus

from ..conftest import shared_reference
from ..diff.helpers import make_case, write
from ._run import compat


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    make_case(root, "py-msg")
    make_case(
        root,
        "js-chain",
        event={
            "platform": "javascript",
            "sdk": {"name": "sentry.javascript.browser", "version": "7.0.0"},
            "exception": {"values": [{"type": "A", "value": "a"}, {"type": "B", "value": "b"}]},
        },
    )
    return root


def test_list_filters(corpus: Path) -> None:
    done = compat("corpus", "list", "--corpus", str(corpus))
    assert done.returncode == 0, done.stderr
    assert "py-msg" in done.stdout and "js-chain" in done.stdout and "2 case(s)" in done.stdout
    only = json.loads(
        compat(
            "corpus", "list", "--corpus", str(corpus), "--feature", "exception_chain", "--json"
        ).stdout
    )
    assert [c["name"] for c in only] == ["js-chain"]
    assert only[0]["sdk_version"] == "2.0.0"  # the manifest wins over the event
    by_platform = json.loads(
        compat("corpus", "list", "--corpus", str(corpus), "--platform", "python", "--json").stdout
    )
    assert [c["name"] for c in by_platform] == ["py-msg"]
    by_sdk = json.loads(
        compat("corpus", "list", "--corpus", str(corpus), "--sdk", "python", "--json").stdout
    )
    assert [c["name"] for c in by_sdk] == [
        "js-chain",
        "py-msg",
    ]  # both say sentry.python in the manifest


def test_check_clean_corpus(corpus: Path, tmp_path: Path) -> None:
    schema = write(
        tmp_path,
        "sdk.schema.json",
        {"type": "object", "properties": {"message": {"type": "integer"}}},
    )
    done = compat("corpus", "check", "--corpus", str(corpus), "--sdk-schema", str(schema))
    assert done.returncode == 0, done.stdout + done.stderr
    # the current SDK schema is reported separately, and does not fail the check
    assert "current SDK schema (1 finding(s), informational)" in done.stderr
    assert 'py-msg.json: SDK schema: message: string "hello" is not of type integer' in done.stderr
    strict = compat(
        "corpus", "check", "--corpus", str(corpus), "--sdk-schema", str(schema), "--strict"
    )
    assert strict.returncode == 1


@pytest.mark.parametrize(
    ("breakage", "line"),
    [
        (
            "missing-file",
            "{corpus}/incoming_events/py-msg.json: missing (the case has references but no incoming event)",
        ),
        (
            "invalid-json",
            "{corpus}/oss_sentry_json/py-msg.json: invalid JSON: Expecting value (line 1 column 7)",
        ),
        (
            "manifest-ghost",
            "{corpus}/manifest.json: case 'ghost' has no files (manifest out of sync)",
        ),
        (
            "manifest-missing",
            "{corpus}/manifest.json: no entry for case 'extra' (manifest out of sync)",
        ),
        (
            "unknown-expectation",
            "{corpus}/expectations.toml: known[0] (ghost, api): unknown case 'ghost' (not in the corpus)",
        ),
        (
            "schema",
            "{corpus}/incoming_events/py-msg.json: 9.1.2 schema: fingerprint.0: number 1 is not of type string",
        ),
        ("bad-manifest", "{corpus}/manifest.json: invalid JSON"),
    ],
)
def test_check_reports_one_line_per_problem(corpus: Path, breakage: str, line: str) -> None:
    if breakage == "missing-file":
        (corpus / "incoming_events/py-msg.json").unlink()
    elif breakage == "invalid-json":
        write(corpus, "oss_sentry_json/py-msg.json", '{"a": ')
    elif breakage == "manifest-ghost":
        Corpus(corpus).manifest.update("ghost", factory="f")
    elif breakage == "manifest-missing":
        write(corpus, "incoming_events/extra.json", {})
    elif breakage == "unknown-expectation":
        write(
            corpus,
            "expectations.toml",
            '[[known]]\ncase = "ghost"\nlevel = "api"\nreason = "r"\nissue = "https://example.invalid/1"\n',
        )
    elif breakage == "schema":
        write(corpus, "incoming_events/py-msg.json", {"message": "x", "fingerprint": [1]})
    elif breakage == "bad-manifest":
        write(corpus, "manifest.json", "{")
    done = compat("corpus", "check", "--corpus", str(corpus))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "error: " + line.format(corpus=corpus) in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    errors = [x for x in done.stderr.splitlines() if x.startswith("error:")]
    assert all("\n" not in x for x in errors)


def test_check_missing_directory(tmp_path: Path) -> None:
    done = compat("corpus", "check", "--corpus", str(tmp_path / "nope"))
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: {tmp_path / 'nope'}: no such corpus directory"


def test_check_shared_corpora_both_layouts() -> None:
    grouping = shared_reference("sentry-9.1.2-grouping")
    done = compat("corpus", "check", "--corpus", str(grouping), "--json")
    doc = json.loads(done.stdout)
    assert doc["cases"] == 87
    # cases invalid on purpose (non-string fingerprint values, bad templates) are named
    kinds = {(p["case"], p["kind"]) for p in doc["problems"]}
    assert ("fingerprint-non-string-values", "schema") in kinds
    assert not any(p["kind"] in ("json", "missing", "manifest") for p in doc["problems"])
    glitchtip = json.loads(
        compat("corpus", "check", "--corpus", str(shared_reference("glitchtip")), "--json").stdout
    )
    incomplete = {p["case"] for p in glitchtip["problems"] if p["kind"] == "incomplete"}
    assert incomplete == {"android_sdk_envelope", "django_fingerprint", "incoming"}
    assert all(
        p["severity"] == "warning" for p in glitchtip["problems"] if p["kind"] == "incomplete"
    )
