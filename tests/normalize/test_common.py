"""Shared trimming and coercion helpers (observed on 9.1.2 + semaphore 0.4.65)."""

from __future__ import annotations

from sentry_compat.normalize import NormalizeOptions
from sentry_compat.normalize._common import (
    coerce_primitive_string,
    trim_databag,
    trim_extra,
    trim_string,
)
from sentry_compat.normalize.context import Context


def ctx() -> Context:
    return Context(options=NormalizeOptions(), received=0.0)


def test_trim_string_counts_code_points_remark_in_bytes() -> None:
    c = ctx()
    assert trim_string("é" * 300, 200, c, ("culprit",)) == "é" * 197 + "..."
    assert c.meta.to_tree() == {"culprit": {"": {"len": 300, "rem": [["!limit", "s", 394, 397]]}}}
    assert trim_string("x" * 200, 200, c, ("x",)) == "x" * 200


def test_databag_budget_cuts_last_string_to_what_is_left() -> None:
    c = ctx()
    bag = {"k%04d" % i: "v" * 100 for i in range(200)}
    out, _ = trim_databag(bag, c, ("extra", "a"), max_size=16384, max_depth=6, depth=1)
    assert len(out) == 160
    assert out["k0159"] == "vvvv..."
    assert c.meta.to_tree()["extra"]["a"] == {
        "": {"len": 200},
        "k0159": {"": {"len": 100, "rem": [["!limit", "s", 4, 7]]}},
    }


def test_databag_depth_stringifies() -> None:
    c = ctx()
    out = trim_extra(
        {"a": {"b": {"c": {"d": {"e": {"f": {"g": 1}}}}}}, "z": [[[[[[[1]]]]]]]}, c, ("extra",)
    )
    assert out == {"a": {"b": {"c": {"d": {"e": {"f": '{"g":1}'}}}}}, "z": [[[[["[[1]]"]]]]]}


def test_extra_total_budget_stops_taking_keys() -> None:
    c = ctx()
    out = trim_extra({"k%04d" % i: "v" * 1000 for i in range(400)}, c, ("extra",))
    assert len(out) == 262
    assert c.meta.to_tree() == {"extra": {"": {"len": 400}}}


def test_primitive_strings() -> None:
    c = ctx()
    assert [coerce_primitive_string(v, c, ("r",)) for v in ("a", 1, 1.5, True, -3)] == [
        "a",
        "1",
        "1",
        "True",
        "-3",
    ]
    assert coerce_primitive_string(1e20, c, ("r",)) is None
    assert coerce_primitive_string([1], c, ("s",)) is None
    assert [e["reason"] for e in c.meta.errors()] == [
        "expected a number with JSON precision",
        "expected a primitive value",
    ]
