"""Legacy ``Message.to_python`` (src/sentry/interfaces/message.py)."""

from __future__ import annotations

import pytest

from sentry_compat.interfaces import InterfaceValidationError, Message


@pytest.mark.parametrize(
    ("data", "message", "formatted"),
    [
        ({"message": "User %s failed", "params": ["a"]}, "User %s failed", "User a failed"),
        (
            {"message": "User %s failed", "formatted": "User b failed"},
            "User %s failed",
            "User b failed",
        ),
        ({"formatted": "User a failed"}, None, "User a failed"),
        ({"message": "no params", "params": []}, None, "no params"),
        ({"message": "x {} y", "params": [1.5]}, "x {} y", "x 1.5 y"),
        # py2 %s of a float is str(): 12 significant digits
        ({"message": "%s", "params": [0.1234567890123]}, "%s", "0.123456789012"),
        # %r of text: py2 repr, u-prefixed for non-ASCII unicode
        ({"message": "%r", "params": ["\xe9"]}, "%r", "u'\\xe9'"),
        # %a does not exist on py2: formatting fails, the template is kept as formatted
        ({"message": "%a", "params": ["x"]}, None, "%a"),
        ({"message": "%(n)s!", "params": {"n": 5}}, "%(n)s!", "5!"),
        ({"message": 42}, None, "42"),
        ({"message": True, "formatted": ["x"]}, None, "true"),
    ],
)
def test_message_rules(data: dict[str, object], message: str | None, formatted: str) -> None:
    m = Message.to_python(data)
    assert (m.message, m.formatted) == (message, formatted)


def test_message_trim_and_missing() -> None:
    m = Message.to_python({"formatted": "x" * 9000})
    assert len(m.formatted) == 8192 and m.formatted.endswith("...")
    with pytest.raises(InterfaceValidationError):
        Message.to_python({"params": ["a"]})
    assert Message.path == "logentry" and Message.external_type == "message"
