"""The message strategy (``message:v1``, ``src/sentry/grouping/strategies/message.py``).

Hashes the log entry's template (``message``) or, without one, its ``formatted`` text,
as the legacy ``Message.to_python`` left them.
"""

from __future__ import annotations

from typing import Any

from sentry_compat.grouping.component import GroupingComponent
from sentry_compat.grouping.strategies.base import strategy

__all__ = ["message_v1"]


@strategy(id="message:v1", interfaces=["message"], variants=["default"], score=0)
def message_v1(message_interface: Any, **meta: Any) -> GroupingComponent:
    return GroupingComponent(
        id="message", values=[message_interface.message or message_interface.formatted]
    )
