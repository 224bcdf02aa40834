"""The one databag trimmer (``normalize/_databag.py``; observed on 9.1.2 + semaphore 0.4.65)."""

from __future__ import annotations

from sentry_compat.normalize import NormalizeOptions
from sentry_compat.normalize._databag import cost, trim_bag, trim_extra
from sentry_compat.normalize.context import Context


def ctx() -> Context:
    return Context(options=NormalizeOptions(), received=0.0)


def test_costs() -> None:
    # observed: [1] costs 1+1 inside and 2+1(digits)+1 for the list; floats as Rust Display
    assert [cost(v) for v in (None, True, False, 12345, 1e20, "é", [1], [[1]], {"a": "b"})] == [
        0,
        4,
        5,
        5,
        21,
        4,
        3,
        3,
        2,
    ]


def test_budget_cuts_last_string_to_what_is_left() -> None:
    c = ctx()
    out = trim_extra({"a": {"k%04d" % i: "v" * 100 for i in range(200)}}, c, ("extra",))["a"]
    assert len(out) == 160
    assert out["k0159"] == "vvvv..."
    assert c.meta.to_tree()["extra"]["a"] == {
        "": {"len": 200},
        "k0159": {"": {"len": 100, "rem": [["!limit", "s", 4, 7]]}},
    }


def test_a_short_string_with_almost_nothing_left_becomes_dots() -> None:
    # observed (vars, contexts, extra): "ab" with 1 left is "..." (longer than it was)
    c = ctx()
    out = trim_bag({"a": "y" * 2044, "b": "ab"}, c, ("vars",), "frame.vars")
    assert out["b"] == "..."
    assert c.meta.to_tree()["vars"]["b"] == {"": {"len": 2, "rem": [["!limit", "s", 0, 3]]}}


def test_depth_stringifies() -> None:
    out = trim_extra(
        {"a": {"b": {"c": {"d": {"e": {"f": {"g": 1}}}}}}, "z": [[[[[[[1]]]]]]]}, ctx(), ("extra",)
    )
    assert out == {"a": {"b": {"c": {"d": {"e": {"f": '{"g":1}'}}}}}, "z": [[[[["[[1]]"]]]]]}


def test_extra_total_budget_stops_taking_keys() -> None:
    c = ctx()
    out = trim_extra({"k%04d" % i: "v" * 1000 for i in range(400)}, c, ("extra",))
    assert len(out) == 262
    assert c.meta.to_tree() == {"extra": {"": {"len": 400}}}


def test_extra_value_inside_the_whole_bag() -> None:
    # observed: the 17th value is visited in full (strings are cut by their own bag only) but
    # its later items go once the whole extra is used up
    c = ctx()
    out = trim_extra({"k%02d" % i: ["y" * 16000, 12345] for i in range(20)}, c, ("extra",))
    assert len(out) == 17
    assert out["k16"] == ["y" * 16000]
    assert out["k15"] == ["y" * 16000, 12345]
