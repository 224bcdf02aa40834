"""The threads strategy (``threads:v1``, ``src/sentry/grouping/strategies/threads.py``).

Only an event with exactly one thread that has a stacktrace groups by threads;
``crashed``/``current`` are never consulted.
"""

from __future__ import annotations

from typing import Any

from sentry_compat.grouping.component import GroupingComponent
from sentry_compat.grouping.strategies.base import StrategyConfiguration, strategy

__all__ = ["threads_v1"]


@strategy(id="threads:v1", interfaces=["threads"], variants=["!system", "app"], score=1900)
def threads_v1(
    threads_interface: Any, config: StrategyConfiguration, **meta: Any
) -> GroupingComponent:
    thread_count = len(threads_interface.values)
    if thread_count != 1:
        return GroupingComponent(
            id="threads",
            contributes=False,
            hint="ignored because contains %d threads" % thread_count,
        )
    stacktrace = threads_interface.values[0].get("stacktrace")
    if not stacktrace:
        return GroupingComponent(id="threads", contributes=False, hint="thread has no stacktrace")
    return GroupingComponent(
        id="threads", values=[config.get_grouping_component(stacktrace, **meta)]
    )
