"""Shared trimming and coercion helpers (observed on 9.1.2 + semaphore 0.4.65)."""

from __future__ import annotations

from sentry_compat.normalize import NormalizeOptions
from sentry_compat.normalize._common import coerce_primitive_string, trim_string
from sentry_compat.normalize.context import Context


def ctx() -> Context:
    return Context(options=NormalizeOptions(), received=0.0)


def test_trim_string_counts_code_points_remark_in_bytes() -> None:
    c = ctx()
    assert trim_string("é" * 300, 200, c, ("culprit",)) == "é" * 197 + "..."
    assert c.meta.to_tree() == {"culprit": {"": {"len": 300, "rem": [["!limit", "s", 394, 397]]}}}
    assert trim_string("x" * 200, 200, c, ("x",)) == "x" * 200


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
