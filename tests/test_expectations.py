from __future__ import annotations

import re
from pathlib import Path

import pytest

from sentry_compat.compare import Difference, diff
from sentry_compat.expectations import Expectations, ExpectationsError, path_covers

TOML = """
[[known]]
case = "a"
level = "api"
path = "entries.*.data.values"
reason = "frame order"
issue = "https://example.invalid/issues/1"

[[known]]
case = "a"
level = "stored"
paths = ["_meta", "errors.**.value"]
reason = "meta not yet"
issue = "https://example.invalid/issues/2"

[[known]]
case = "b"
level = "accepted"
reason = "refused"
issue = "https://example.invalid/issues/3"

[[intentional]]
name = "ellipsis"
level = "api"
paths = ["title", "metadata.value"]
rule = "ellipsis"
reason = "GlitchTip truncates with …"

[[intentional]]
name = "dates"
paths = ["dateCreated"]
rule = "prefix:23"
reason = "GlitchTip compares datetime[:23]"
"""


def test_path_patterns() -> None:
    assert path_covers(("a", "*", "c"), ("a", "0", "c", "d"))
    assert not path_covers(("a", "*", "c"), ("a", "0"))
    assert path_covers(("**", "value"), ("errors", "0", "value"))
    assert path_covers((), ("x",))
    assert not path_covers(("a",), ("b",))


def test_triage_sorts_expected_allowed_unexpected_and_stale() -> None:
    exp = Expectations.parse(TOML)
    expected = {"entries": [{"data": {"values": [1]}}], "title": "x" * 97 + "...", "culprit": "a"}
    actual = {"entries": [{"data": {"values": [2]}}], "title": "x" * 99 + "…", "culprit": "b"}
    differences = diff(expected, actual)
    triage = exp.triage("a", "api", differences, exp.select(["ellipsis"]))
    assert [str(d.path) for d, _ in triage.expected] == ["('entries', '0', 'data', 'values', '0')"]
    assert [d.path for d, _ in triage.allowed] == [("title",)]
    assert [d.path for d in triage.unexpected] == [("culprit",)]
    assert triage.stale == [] and not triage.ok
    # without --allow the ellipsis difference is unexpected
    assert len(exp.triage("a", "api", differences).unexpected) == 2


def test_listed_difference_that_no_longer_occurs_is_stale() -> None:
    exp = Expectations.parse(TOML)
    triage = exp.triage("a", "stored", [Difference(("_meta", "x"), "extra", actual=1)])
    assert [k.path for k in triage.stale] == ["errors.**.value"]
    assert not triage.ok
    whole = exp.triage("b", "accepted", [Difference((), "error", actual="refused")])
    assert whole.ok and len(whole.expected) == 1


def test_rules() -> None:
    exp = Expectations.parse(TOML)
    dates = exp.select(["dates"])
    same = Difference(
        ("dateCreated",), "changed", "2020-05-02T16:54:20.488000Z", "2020-05-02T16:54:20.488Z"
    )
    assert exp.triage("z", "api", [same], dates).ok


def test_unknown_cases_are_reported() -> None:
    exp = Expectations.parse(TOML)
    assert exp.problems(["a"]) == [
        "<expectations>: known[2] (b, accepted): unknown case 'b' (not in the corpus)"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[known]]\ncase='a'\nlevel='api'\nreason='r'\n", "known[0]: missing 'issue'"),
        ("[[known]]\ncase='a'\nlevel='api'\nreason='r'\nissue='#3'\n", "'issue' must be a link"),
        (
            "[[known]]\ncase='a'\nlevel='fields'\nreason='r'\nissue='https://x'\n",
            "level 'fields' is not one of",
        ),
        (
            "[[known]]\ncase='../a'\nlevel='api'\nreason='r'\nissue='https://x'\n",
            "invalid case name",
        ),
        (
            "[[known]]\ncase='a'\nlevel='api'\nreason='r'\nissue='https://x'\nwhy=1\n",
            "unknown key 'why'",
        ),
        (
            "[[intentional]]\nname='e'\npath='title'\nrule='fuzzy'\nreason='r'\n",
            "unknown rule 'fuzzy'",
        ),
        ("[[intentional]]\nname='e'\nrule='ignore'\nreason='r'\n", "missing 'path'"),
        ("[expected]\n", "unknown table 'expected'"),
        ("[[known]\n", "invalid TOML"),
    ],
)
def test_bad_files_give_one_clear_line(text: str, message: str) -> None:
    with pytest.raises(ExpectationsError, match=re.escape(message)) as info:
        Expectations.parse(text, source="x.toml")
    assert str(info.value).startswith("x.toml: ") and "\n" not in str(info.value)


def test_unknown_allow_name() -> None:
    with pytest.raises(
        ExpectationsError,
        match=r"--allow nope: no \[\[intentional\]\] rule of that name \(ellipsis, dates\)",
    ):
        Expectations.parse(TOML).select(["nope"])


def test_for_corpus_defaults(tmp_path: Path) -> None:
    assert Expectations.for_corpus(tmp_path).known == []
    (tmp_path / "expectations.toml").write_text(TOML)
    assert len(Expectations.for_corpus(tmp_path).known) == 4
    with pytest.raises(ExpectationsError, match="no such file"):
        Expectations.for_corpus(tmp_path, tmp_path / "nope.toml")


def test_repository_expectations_file_is_valid() -> None:
    root = Path(__file__).resolve().parents[1] / "corpus"
    exp = Expectations.for_corpus(root)
    assert (
        exp.problems(__import__("sentry_compat.corpus", fromlist=["Corpus"]).Corpus(root).names())
        == []
    )
