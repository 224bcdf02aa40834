"""Grouping strategies of Sentry 9.1.2; importing this package registers them all."""

from __future__ import annotations

from sentry_compat.grouping.strategies import (  # noqa: F401 - registration side effects
    legacy_exception,
    legacy_stacktrace,
    message,
    newstyle_exception,
    newstyle_stacktrace,
    security,
    template,
    threads,
)
from sentry_compat.grouping.strategies.base import STRATEGIES, Strategy, lookup_strategy

__all__ = ["STRATEGIES", "Strategy", "lookup_strategy"]
