"""Legacy exception/mechanism rules (src/sentry/interfaces/exception.py)."""

from __future__ import annotations

import pytest

from sentry_compat.interfaces import Exception as ExceptionInterface
from sentry_compat.interfaces import InterfaceValidationError, Mechanism, SingleException
from sentry_compat.interfaces.exception import upgrade_legacy_mechanism


@pytest.mark.parametrize(
    ("value", "type_", "out"),
    [
        ("ValueError: bad thing ", "ValueError", "bad thing"),
        ("a.b.C: x", None, "a.b.C: x"),
        (
            "\u041e\u0448\u0438\u0431\u043a\u0430: x",
            None,
            "\u041e\u0448\u0438\u0431\u043a\u0430: x",
        ),
        ("Err: line1\nline2", None, "Err: line1\nline2"),
    ],
)
def test_type_split_from_value(value: str, type_: str | None, out: str) -> None:
    exc = SingleException.to_python({"value": value})
    assert (exc.type, exc.value) == (type_, out)


def test_non_string_value_is_json_and_missing_type_value_raises() -> None:
    assert SingleException.to_python({"type": "T", "value": {"b": 1, "a": [1.5, None]}}).value == (
        '{"a":[1.5,null],"b":1}'
    )
    with pytest.raises(InterfaceValidationError):
        SingleException.to_python({"value": "", "type": None})


def test_exception_wraps_bare_object_and_filters_nulls() -> None:
    exc = ExceptionInterface.to_python({"type": "A", "value": "b"})
    assert len(exc) == 1 and exc.exceptions()[0].type == "A"
    exc = ExceptionInterface.to_python({"values": [None, {"type": "B"}]})
    assert len(exc) == 1 and exc.values[0] is None
    assert not ExceptionInterface.to_python({"values": [None]})


def test_stacktrace_needs_a_non_null_frame() -> None:
    exc = SingleException.to_python({"type": "A", "stacktrace": {"frames": [None]}})
    assert exc.stacktrace is None


def test_mechanism_legacy_upgrade_and_tags() -> None:
    data = {
        "posix_signal": {"signal": 11, "name": "SIGSEGV"},
        "relevant_address": "0x1",
        "synthetic": True,
    }
    upgraded = upgrade_legacy_mechanism(data)
    assert upgraded == {
        "type": "generic",
        "meta": {"signal": {"number": 11, "name": "SIGSEGV"}},
        "data": {"relevant_address": "0x1", "synthetic": True},
    }
    m = Mechanism.to_python({"relevant_address": "0x1", "synthetic": True})
    assert m.type == "generic" and m.synthetic is None  # synthetic moved under data
    m = Mechanism.to_python({"type": "onerror", "handled": False})
    assert list(m.iter_tags()) == [("mechanism", "onerror"), ("handled", "no")]
    exc = ExceptionInterface.to_python(
        {"values": [{"type": "A", "mechanism": {"type": "x", "handled": True}}]}
    )
    assert list(exc.iter_tags()) == [("mechanism", "x"), ("handled", "yes")]


def test_invalid_mechanism_invalidates_exception() -> None:
    with pytest.raises(InterfaceValidationError):
        SingleException.to_python({"type": "A", "mechanism": {"type": ""}})
    # a wrongly typed meta entry is deleted from the mechanism, not fatal
    m = Mechanism.to_python({"type": "x", "meta": {"signal": {"name": "S"}}})
    assert m.meta == {"errno": None, "mach_exception": None, "signal": None}


def test_api_context() -> None:
    exc = ExceptionInterface.to_python(
        {
            "values": [
                {
                    "type": "A",
                    "value": "v",
                    "stacktrace": {"frames": [{"function": "f", "in_app": True}]},
                }
            ]
        }
    )
    ctx = exc.get_api_context()
    assert ctx["hasSystemFrames"] is True and ctx["excOmitted"] is None
    assert ctx["values"][0]["type"] == "A" and ctx["values"][0]["rawStacktrace"] is None
