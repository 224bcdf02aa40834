"""``compat diff`` end to end: real corpora on disk, real adapter modules, a real subprocess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..conftest import running_oracle, shared_reference
from ..diff.helpers import PERFECT, make_case, write, write_adapter
from ..diff.test_report import assert_valid_junit
from ._run import REPO, compat

BAD_TITLE = PERFECT.replace(
    '"api": load("oss_sentry_events", name),',
    '"api": dict(load("oss_sentry_events", name), title=name),',
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    make_case(root, "good")
    return root


def test_everything_matches_exit_0(corpus: Path, tmp_path: Path) -> None:
    spec = write_adapter(tmp_path, PERFECT)
    done = compat("diff", "--corpus", str(corpus), "--target", spec, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "field-equal" in done.stdout and "grouping-equal" in done.stdout
    assert "1 case(s): 1 matched, 0 as expected, 0 failed" in done.stdout


def test_failures_list_paths_values_and_a_reproduction(corpus: Path, tmp_path: Path) -> None:
    make_case(corpus, "bad")
    spec = write_adapter(tmp_path, BAD_TITLE)
    junit = tmp_path / "junit.xml"
    done = compat(
        "diff",
        "--corpus",
        str(corpus),
        "--target",
        spec,
        "--junit",
        str(junit),
        "-j",
        "2",
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "✗ bad" in done.stdout and "✗ good" in done.stdout
    assert 'title: expected "hello", got "bad"' in done.stdout
    repro = f"reproduce: compat diff --corpus {corpus} --case bad --target {spec} -v"
    assert repro in done.stdout
    root = assert_valid_junit(junit)
    assert root.get("failures") == "2"
    # the reproduction command, run, shows that case with deepdiff's report
    again = compat(*repro.removeprefix("reproduce: compat ").split(), cwd=tmp_path)
    assert again.returncode == 1
    assert "root['title']: reference 'hello', target 'bad'" in again.stdout
    assert "✗ good" not in again.stdout


def test_json_output(corpus: Path, tmp_path: Path) -> None:
    spec = write_adapter(tmp_path, BAD_TITLE)
    done = compat("diff", "--corpus", str(corpus), "--target", spec, "--json", cwd=tmp_path)
    assert done.returncode == 1
    doc = json.loads(done.stdout)
    assert doc["summary"]["api"]["fail"] == 1 and doc["summary"]["stored"]["match"] == 1
    assert doc["cases"][0]["levels"]["api"]["unexpected"][0]["path"] == "title"


def test_known_difference_is_expected_and_exit_0(corpus: Path, tmp_path: Path) -> None:
    (corpus / "expectations.toml").write_text(
        '[[known]]\ncase = "good"\nlevel = "api"\npath = "title"\nreason = "titles differ"\n'
        'issue = "https://example.invalid/7"\n'
    )
    spec = write_adapter(tmp_path, BAD_TITLE)
    done = compat("diff", "--corpus", str(corpus), "--target", spec, cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert "0 matched, 1 as expected, 0 failed" in done.stdout
    # once fixed, the listed difference is stale and fails the run
    fixed = compat(
        "diff", "--corpus", str(corpus), "--target", write_adapter(tmp_path, PERFECT), cwd=tmp_path
    )
    assert fixed.returncode == 1
    assert "stale expectation known[0] (good, api, title): titles differ" in fixed.stdout


@pytest.mark.parametrize(
    ("setup", "args", "line"),
    [
        ("none", ["--corpus", "{tmp}/nowhere"], "error: {tmp}/nowhere: no such corpus directory"),
        (
            "unknown-case",
            [],
            "error: {corpus}/expectations.toml: known[0] (ghost, api): unknown case 'ghost' (not in the corpus)",
        ),
        ("bad-toml", [], "error: {corpus}/expectations.toml: invalid TOML:"),
        (
            "none",
            ["--allow", "nope"],
            "--allow nope: no [[intentional]] rule of that name (none declared)",
        ),
        (
            "none",
            ["--target", "http://localhost:1"],
            "a live backend is compared by `compat probe`",
        ),
        ("none", ["--target", "nosuchmod_q:run"], "cannot import 'nosuchmod_q'"),
        ("none", ["--case", "ghost"], "error: --case ghost: no such case in {corpus}"),
        ("none", ["--expectations", "{tmp}/nope.toml"], "error: {tmp}/nope.toml: no such file"),
    ],
)
def test_unusable_input_is_one_line_and_exit_2(
    corpus: Path, tmp_path: Path, setup: str, args: list[str], line: str
) -> None:
    if setup == "unknown-case":
        (corpus / "expectations.toml").write_text(
            '[[known]]\ncase = "ghost"\nlevel = "api"\nreason = "r"\nissue = "https://example.invalid/1"\n'
        )
    elif setup == "bad-toml":
        (corpus / "expectations.toml").write_text("[[known]\n")
    fill = {"tmp": str(tmp_path), "corpus": str(corpus)}
    args = [a.format(**fill) for a in args]
    if "--corpus" not in args:
        args = ["--corpus", str(corpus), *args]
    done = compat("diff", *args, cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert line.format(**fill) in done.stderr
    assert "Traceback" not in done.stderr
    assert len([x for x in done.stderr.splitlines() if x.strip()]) == 1


def test_invalid_json_case_fails_with_one_line(corpus: Path, tmp_path: Path) -> None:
    write(corpus, "incoming_events/good.json", '{"a": ')
    done = compat("diff", "--corpus", str(corpus), cwd=tmp_path)
    assert done.returncode == 1
    assert "good.json: invalid JSON: Expecting value (line 1 column 7)" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_manifest_out_of_sync_is_one_line_and_fails(corpus: Path, tmp_path: Path) -> None:
    from sentry_compat.corpus import Corpus

    Corpus(corpus).manifest.update("ghost", factory="f")
    done = compat(
        "diff", "--corpus", str(corpus), "--target", write_adapter(tmp_path, PERFECT), cwd=tmp_path
    )
    assert done.returncode == 1
    assert (
        done.stderr.strip()
        == f"error: {corpus}/manifest.json: case 'ghost' has no files (manifest out of sync)"
    )
    assert "1 matched" in done.stdout  # the cases themselves still ran
    write(corpus, "manifest.json", "{")
    broken = compat("diff", "--corpus", str(corpus), cwd=tmp_path)
    assert broken.returncode == 2
    assert broken.stderr.startswith(f"error: {corpus}/manifest.json: invalid JSON")
    assert len(broken.stderr.strip().splitlines()) == 1


def test_empty_corpus(tmp_path: Path) -> None:
    (tmp_path / "incoming_events").mkdir()
    done = compat("diff", "--corpus", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 0 and "no cases" in done.stdout


def test_update_needs_the_oracle(corpus: Path, tmp_path: Path) -> None:
    env_state = tmp_path / "no-oracle"
    done = compat(
        "diff",
        "--corpus",
        str(corpus),
        "--update",
        cwd=tmp_path,
        env={"SENTRY_COMPAT_ORACLE": str(env_state)},
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error: --update needs the reference oracle:")
    assert "Traceback" not in done.stderr


@pytest.mark.oracle
def test_update_rewrites_references_from_the_oracle_only_when_confirmed(tmp_path: Path) -> None:
    running_oracle()  # skips without a running oracle
    root = tmp_path / "corpus"
    write(
        root,
        "incoming_events/upd.json",
        {
            "message": "update me",
            "platform": "python",
            "event_id": "0123456789abcdef0123456789abcdef",
        },
    )
    from sentry_compat.corpus import Corpus

    Corpus(root).manifest.update("upd", factory="hand")
    refused = compat("diff", "--corpus", str(root), "--update", cwd=tmp_path, stdin="")
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "rerun with --yes" in refused.stderr
    assert not (root / "oss_sentry_json" / "upd.json").exists()
    done = compat("diff", "--corpus", str(root), "--update", "--yes", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "changes upd" in done.stdout and "oss_sentry_json: new file" in done.stdout
    stored = json.loads((root / "oss_sentry_json" / "upd.json").read_text())
    assert stored["logentry"]["formatted"] == "update me"
    entry = Corpus(root).manifest.get("upd")
    assert entry["factory"] == "hand" and entry["reference"]["oracle"]


def test_glitchtip_corpus_runs_unchanged(tmp_path: Path) -> None:
    root = shared_reference("glitchtip")
    junit = tmp_path / "glitchtip.xml"
    done = compat("diff", "--corpus", str(root), "-j", "2", "--junit", str(junit), cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "18 case(s)" in done.stdout
    xml = assert_valid_junit(junit)
    assert xml.get("tests") == str(18 * 4)


def test_glitchtip_corpus_is_green_with_its_expectations(tmp_path: Path) -> None:
    # every difference against GlitchTip's 2020 references is listed with its reason in
    # expectations/glitchtip.toml (strict: a stale entry would fail the run too)
    root = shared_reference("glitchtip")
    expectations = REPO / "expectations" / "glitchtip.toml"
    done = compat(
        "diff", "--corpus", str(root), "--expectations", str(expectations), "-j", "2", cwd=tmp_path
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 failed" in done.stdout
