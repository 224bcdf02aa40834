"""New-style exception strategies (``single-exception:v1``, ``chained-exception:v1``).

Ports ``src/sentry/grouping/strategies/exception.py``: an exception hashes its
stacktrace and type only (never the value); a synthetic mechanism switches the type
off; a chain hashes all its exceptions.
"""

from __future__ import annotations

from typing import Any

from sentry_compat.grouping.component import GroupingComponent
from sentry_compat.grouping.strategies.base import StrategyConfiguration, strategy

__all__ = ["chained_exception_v1", "single_exception_v1"]


@strategy(id="single-exception:v1", interfaces=["singleexception"], variants=["!system", "app"])
def single_exception_v1(
    exception: Any, config: StrategyConfiguration, **meta: Any
) -> GroupingComponent:
    # src/sentry/grouping/strategies/exception.py: single_exception_v1
    if exception.stacktrace is not None:
        stacktrace_component = config.get_grouping_component(exception.stacktrace, **meta)
    else:
        stacktrace_component = GroupingComponent(id="stacktrace")
    type_component = GroupingComponent(id="type", values=[exception.type] if exception.type else [])
    if exception.mechanism and exception.mechanism.synthetic:
        type_component.update(contributes=False, hint="ignored because exception is synthetic")
    return GroupingComponent(id="exception", values=[stacktrace_component, type_component])


@strategy(
    id="chained-exception:v1", interfaces=["exception"], variants=["!system", "app"], score=2000
)
def chained_exception_v1(
    chained_exception: Any, config: StrategyConfiguration, **meta: Any
) -> GroupingComponent:
    # src/sentry/grouping/strategies/exception.py: chained_exception_v1
    exceptions = chained_exception.exceptions()
    if len(exceptions) == 1:
        return config.get_grouping_component(exceptions[0], **meta)
    values = [config.get_grouping_component(exception, **meta) for exception in exceptions]
    return GroupingComponent(id="chained-exception", values=values)
