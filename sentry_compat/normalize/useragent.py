"""``normalize_user_agent`` (src/sentry/utils/contexts_normalization.py): browser, os and device
contexts from the event's ``User-Agent`` request header, as ua-parser 0.7.3 parsed it."""

from __future__ import annotations

from typing import Any


def normalize_user_agent(data: dict[str, Any]) -> None:
    """Add ``contexts.browser``/``os``/``device`` in place (only where unset)."""
