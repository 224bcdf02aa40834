"""The pytest plugin as a backend's test suite uses it (pytester: a real inner pytest run)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .diff.helpers import make_case, write

pytest_plugins = ["pytester"]

BACKEND_TESTS = '''
import json
import pytest
from sentry_compat.pytest_plugin import assert_sentry_compatible


def backend_api_event(case):
    """A stand-in backend: answers the reference, but with its own ids and a wrong title for 'bad'."""
    api = json.loads(case.api_path.read_text()) if case.api_path.exists() else {}
    api.update(id="999", eventID="f" * 32)  # volatile: masked
    if case.name == "bad":
        api["title"] = "something else"
    return api


def test_compatible(corpus_case):
    event = corpus_case.replay_event()
    assert event["message"] == "hello"
    assert corpus_case.normalize_kwargs()["client_ip"] == "10.1.2.3"
    assert_sentry_compatible(backend_api_event(corpus_case), corpus_case)
'''


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "the-corpus"
    make_case(root, "good")
    make_case(root, "bad")
    make_case(root, "noapi")
    (root / "oss_sentry_events" / "noapi.json").unlink()
    return root


def test_corpus_case_parametrizes_and_asserts(pytester: pytest.Pytester, corpus: Path) -> None:
    pytester.makepyfile(test_backend=BACKEND_TESTS)
    result = pytester.runpytest("--sentry-compat-corpus", str(corpus), "-rs")
    result.assert_outcomes(passed=1, failed=1, skipped=1)
    result.stdout.fnmatch_lines(
        [
            "*test_compatible?bad?*",
            "*bad: the API event differs from Sentry 9.1.2's (1 unexpected difference(s), reference -> actual):*",
            "*root?'title'?: reference 'hello', target 'something else'*",
            "*noapi: no API reference*",
        ]
    )
    assert (
        "test_compatible[good] PASSED"
        in pytester.runpytest("--sentry-compat-corpus", str(corpus), "-v").stdout.str()
    )


def test_expectations_and_intentional_rules_apply(pytester: pytest.Pytester, corpus: Path) -> None:
    write(
        corpus,
        "expectations.toml",
        '[[known]]\ncase = "bad"\nlevel = "api"\npath = "title"\nreason = "ours"\n'
        'issue = "https://example.invalid/9"\n',
    )
    pytester.makepyfile(test_backend=BACKEND_TESTS)
    result = pytester.runpytest("--sentry-compat-corpus", str(corpus))
    result.assert_outcomes(passed=2, skipped=1)


def test_ini_option_and_missing_corpus(
    pytester: pytest.Pytester, corpus: Path, tmp_path: Path
) -> None:
    pytester.makeini(f"[pytest]\nsentry_compat_corpus = {corpus}\n")
    pytester.makepyfile(test_backend=BACKEND_TESTS)
    pytester.runpytest().assert_outcomes(passed=1, failed=1, skipped=1)
    missing = pytester.runpytest("--sentry-compat-corpus", str(tmp_path / "nope"), "-rs")
    missing.assert_outcomes(skipped=1)
    missing.stdout.fnmatch_lines([f"*no corpus at {tmp_path / 'nope'}*"])


def test_collection_imports_nothing_heavy(pytester: pytest.Pytester, corpus: Path) -> None:
    pytester.makepyfile(
        test_imports="""
import sys

def test_modules(corpus_case):
    heavy = {"deepdiff", "jsonschema", "aiohttp", "typer", "rich", "requests",
             "sentry_compat.diff", "sentry_compat.capture", "sentry_compat.cli"}
    assert not heavy & set(sys.modules), sorted(heavy & set(sys.modules))
"""
    )
    result = pytester.runpytest_subprocess(
        "--sentry-compat-corpus", str(corpus), "-k", "good", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=1)


def test_capture_server_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_capture="""
import json
import urllib.request


def test_event_arrives(capture_server):
    url = capture_server.dsn.replace("://" + capture_server.config.public_key + "@", "://")
    host, project = url.rsplit("/", 1)
    request = urllib.request.Request(
        f"{host}/api/{project}/store/", data=json.dumps({"message": "hi"}).encode(),
        headers={"Content-Type": "application/json",
                 "X-Sentry-Auth": f"Sentry sentry_version=7, sentry_client=t/1, sentry_key={capture_server.config.public_key}"},
    )
    urllib.request.urlopen(request, timeout=10).read()
    captured = capture_server.wait_for_event(lambda c: c.event and c.event.get("message") == "hi", timeout=10)
    assert captured.event["message"] == "hi"
"""
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_repository_corpus_is_the_default(pytester: pytest.Pytester) -> None:
    from sentry_compat.pytest_plugin import default_corpus

    assert default_corpus() == Path(__file__).resolve().parents[1] / "corpus"
    pytester.makepyfile(test_default="def test_case(corpus_case):\n    assert corpus_case.name\n")
    result = pytester.runpytest("--co", "-q")
    ids = [
        line.split("[", 1)[1].rstrip("]")
        for line in result.stdout.lines
        if line.startswith("test_default.py::test_case[")
    ]
    names = sorted(p.stem for p in (default_corpus() / "incoming_events").glob("*.json"))
    assert ids == (names or ["no-cases"])
