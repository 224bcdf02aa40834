"""The log entry (message) model of Sentry 9.1.2 (``src/sentry/interfaces/message.py``).

Legacy ``to_python``: ``formatted``/``message`` are kept when strings, JSON-encoded
when numbers or booleans, else dropped; ``params`` are applied with py2 ``%``
formatting (or ``str.format`` for ``{}``) only when ``formatted`` is missing; when the
result is missing or equals the template, the template becomes ``formatted`` and
``message`` is cleared. Both are trimmed to 8192 characters.
"""

from __future__ import annotations

from typing import Any

from sentry_compat import _py2
from sentry_compat.interfaces.base import Interface, InterfaceValidationError, prune_empty_keys
from sentry_compat.trimming import trim

__all__ = ["MAX_MESSAGE_LENGTH", "Message", "stringify"]

# src/sentry/conf/server.py: SENTRY_MAX_MESSAGE_LENGTH
MAX_MESSAGE_LENGTH = 1024 * 8


def stringify(value: Any) -> str | None:
    """Strings as they are, numbers and booleans as JSON, anything else None."""
    # src/sentry/interfaces/message.py: stringify
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float, bool)):
        return _py2.json_dumps(value)
    return None


class Message(Interface):
    score = 0
    display_score = 2050
    path = "logentry"
    external_type = "message"

    @classmethod
    def to_python(cls, data: Any) -> Message:
        # src/sentry/interfaces/message.py: Message.to_python (legacy path)
        formatted = stringify(data.get("formatted"))
        message = stringify(data.get("message"))
        if formatted is None and message is None:
            raise InterfaceValidationError("No message present")

        params = data.get("params")
        if isinstance(params, (list, tuple)):
            params = tuple(params)
        elif isinstance(params, dict):
            params = dict(params)
        else:
            params = ()

        if formatted is None and params:
            assert message is not None
            try:
                if "%" in message:
                    formatted = _py2.percent_format(message, params)
                elif "{}" in message and isinstance(params, tuple):
                    formatted = _py2.brace_format(message, *params)
            except Exception:  # 9.1.2 ignores any formatting error
                pass

        if formatted is None or message == formatted:
            formatted = message
            message = None

        return cls(
            formatted=trim(formatted, MAX_MESSAGE_LENGTH),
            message=trim(message, MAX_MESSAGE_LENGTH),
            params=trim(params, 1024),
        )

    def to_json(self) -> dict[str, Any] | None:
        return prune_empty_keys(
            {"message": self.message, "formatted": self.formatted, "params": self.params or None}
        )
