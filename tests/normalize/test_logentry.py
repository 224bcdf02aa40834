"""The logentry interface (``sentry_compat.normalize.logentry``), pinned on 9.1.2 + semaphore
0.4.65 (``observations/logentry.jsonl``)."""

from __future__ import annotations

from typing import Any

import pytest

from sentry_compat.normalize import NormalizeOptions, normalize_ingest
from sentry_compat.normalize.logentry import format_message

from . import context_generators

OPTIONS = NormalizeOptions(client_ip="127.0.0.1", client="sentry-compat-oracle/1.0")


def norm(event: dict[str, Any]) -> dict[str, Any]:
    return normalize_ingest(event, options=OPTIONS)


@pytest.mark.parametrize(
    ("template", "params", "expected"),
    [
        ("Hello %s", ["world"], "Hello world"),
        ("%d|%5s|%-3d|%.2f|%%", [1.5, "a", 1, 2.5], "1.5|a|1|2.5|%"),
        ("%x %X %#x %o %#o", [255, 255, 255, 8, 8], "ff FF 0xff 10 0o10"),
        ("%x", [-255], "ffffffffffffff01"),
        ("%e %E", [1.5, 0.00012], "1.5e0 1.2E-4"),
        ("%r %r", ['a"b', 1.5], '"a\\"b" 1.5'),
        (
            "%s %s %s",
            [True, {"b": 1, "a": [1.0]}, 1e20],
            'true {"a":[1.0],"b":1} 100000000000000000000',
        ),
        ("%(a)s %(a)d", {"a": 1}, "1 1"),
        ("% d %z %1$s %s", ["x"], "% d %z %1$s x"),
        ("% 5s|%x5s|100%100%", ["a", "b"], "a|b|100%"),
        ("{} {0} {}|{{}}", ["a", "b", "c"], "a a b|{c}"),
        ("{name} {:>5}", {"name": "x"}, "x {:>5}"),
    ],
)
def test_semaphore_formatter(template: str, params: Any, expected: str) -> None:
    assert format_message(template, params) == expected


@pytest.mark.parametrize(
    ("template", "params"),
    [
        ("a %s b %s", ["x"]),  # too few
        ("%s", [None]),  # null argument
        ("%(a)s", ["x"]),  # named with a list
        ("%s", {"a": 1}),  # positional with an object
        ("%x", ["a"]),  # not an integer
        ("%e", [1]),  # not a float
        ("{} {1}", ["a"]),  # index out of range
        ("{name}", ["x"]),  # a key with a list
    ],
)
def test_formatter_failures(template: str, params: Any) -> None:
    assert format_message(template, params) is None


def test_collapse_and_top_level_message() -> None:
    assert norm({"message": "hello %s"})["logentry"] == {"formatted": "hello %s"}
    assert norm({"message": "a", "logentry": {"formatted": "b"}})["logentry"] == {"formatted": "b"}
    assert norm({"message": 1.0})["logentry"] == {"formatted": "1.0"}
    assert norm({"message": ["a"]})["logentry"] == {"formatted": '["a"]'}
    assert "logentry" not in norm({"message": False})
    out = norm({"logentry": {"message": "x %s", "params": ["y"]}})["logentry"]
    assert out == {"message": "x %s", "params": ["y"], "formatted": "x y"}
    assert norm({"logentry": {"message": "x", "formatted": "x"}})["logentry"] == {"formatted": "x"}
    assert norm({"logentry": {"message": "{} 100%", "params": ["y"]}})["logentry"] == {
        "params": ["y"],
        "formatted": "{} 100%",  # a template with a % is printf-style only
    }


def test_invalid_fields() -> None:
    out = norm({"logentry": {"message": 42}})
    assert out["logentry"] is None
    assert out["errors"][0]["reason"] == "no message present"
    assert out["_meta"]["errors"]["0"]["value"]["message"][""]["val"] == 42
    out = norm({"logentry": {"message": "m", "formatted": 1, "params": "x"}})
    assert out["logentry"] == {"params": None, "formatted": "m"}  # formatted's error is gone
    assert [e["name"] for e in out["errors"]] == ["logentry.params"]
    assert "logentry" not in norm({"logentry": {"params": [], "other": {}}})


def test_trimming() -> None:
    assert len(norm({"logentry": {"formatted": "b" * 8392}})["logentry"]["formatted"]) == 8392
    out = norm({"logentry": {"formatted": "\u00e9" * 8393}})
    assert len(out["logentry"]["formatted"]) == 8192
    assert out["_meta"]["logentry"]["formatted"][""] == {
        "len": 8393,
        "rem": [["!limit", "s", 16378, 16381]],
    }
    out = norm({"logentry": {"message": "x", "params": ["a" * 1000, "b" * 1000, "c" * 100, "d"]}})
    assert [len(p) for p in out["logentry"]["params"]] == [1000, 1000, 42]


@pytest.mark.oracle
def test_generated_logentries_against_the_oracle(semaphore_step: Any) -> None:
    context_generators.check_area(semaphore_step, "logentry")
