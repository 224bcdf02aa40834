"""Numbers and JSON text as semaphore's Rust read and wrote them (``normalize/_rust.py``)."""

from __future__ import annotations

from sentry_compat.normalize._rust import display, display_float, json_text, json_value, serde_float


def test_json_numbers_as_semaphore_received_them() -> None:
    assert json_value([2**63, 2**64 - 1, 2**64, -(2**63) - 1, float("nan")]) == [
        -(2**63),
        -1,
        0,
        float(-(2**63) - 1),
        0,
    ]
    assert json_value({"a": (1, float("inf"))}) == {"a": [1, 0]}


def test_float_texts() -> None:
    assert display_float(1e20) == "100000000000000000000"
    assert display_float(1.0) == "1"
    assert display_float(1e-7) == "0.0000001"
    assert display_float(-0.0) == "0"  # observed (size estimates, message formatting)
    assert display_float(5e-324) == "0." + "0" * 323 + "5"
    assert serde_float(1e20) == "1e20"
    assert serde_float(1e15) == "1000000000000000.0"
    assert serde_float(1e16) == "1e16"
    assert serde_float(1e-7) == "1e-7"
    assert serde_float(1.5e-5) == "0.000015"
    assert serde_float(-0.0) == "-0.0"
    assert json_text({"b": 1.0, "a": [True, None, "é\n"]}) == '{"a":[true,null,"é\\n"],"b":1.0}'


def test_display() -> None:
    assert [display(v) for v in ("x", True, 2**63, 1e20, None, {"b": [1.5]})] == [
        "x",
        "true",
        "-9223372036854775808",
        "100000000000000000000",
        "null",
        '{"b":[1.5]}',
    ]
