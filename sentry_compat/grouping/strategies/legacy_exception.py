"""Legacy exception strategies (``single-exception:legacy``, ``chained-exception:legacy``).

Ports ``src/sentry/grouping/strategies/legacy_exception.py``: an exception hashes its
stacktrace and type; without a contributing stacktrace, its type and value. In a
chain, exceptions without a contributing stacktrace are dropped when another has one,
and a variant without any contributing stacktrace is dropped when another variant has
one (the doubled "but but" of the hint is 9.1.2's).
"""

from __future__ import annotations

from typing import Any

from sentry_compat import _py2
from sentry_compat.grouping.component import GroupingComponent
from sentry_compat.grouping.strategies.base import StrategyConfiguration, strategy

__all__ = ["chained_exception_legacy", "single_exception_legacy"]


@strategy(id="single-exception:legacy", interfaces=["singleexception"], variants=["!system", "app"])
def single_exception_legacy(
    exception: Any, config: StrategyConfiguration, **meta: Any
) -> GroupingComponent:
    # src/sentry/grouping/strategies/legacy_exception.py: single_exception_legacy
    type_component = GroupingComponent(
        id="type", values=[exception.type] if exception.type else [], contributes=False
    )
    value_component = GroupingComponent(
        id="value", values=[exception.value] if exception.value else [], contributes=False
    )
    stacktrace_component = GroupingComponent(id="stacktrace")

    if exception.stacktrace is not None:
        stacktrace_component = config.get_grouping_component(exception.stacktrace, **meta)
        if stacktrace_component.contributes:
            if exception.type:
                type_component.update(contributes=True)
                if exception.value:
                    value_component.update(hint="stacktrace and type take precedence")
            elif exception.value:
                value_component.update(hint="stacktrace takes precedence")

    if not stacktrace_component.contributes:
        if exception.type:
            type_component.update(contributes=True)
        if exception.value:
            value_component.update(contributes=True)

    return GroupingComponent(
        id="exception", values=[stacktrace_component, type_component, value_component]
    )


@strategy(
    id="chained-exception:legacy", interfaces=["exception"], variants=["!system", "app"], score=2000
)
def chained_exception_legacy(
    chained_exception: Any, config: StrategyConfiguration, **meta: Any
) -> GroupingComponent:
    # src/sentry/grouping/strategies/legacy_exception.py: chained_exception_legacy
    exceptions = chained_exception.exceptions()
    if len(exceptions) == 1:
        return config.get_grouping_component(exceptions[0], **meta)

    any_stacktraces = False
    values = []
    for exception in exceptions:
        exception_component = config.get_grouping_component(exception, **meta)
        stacktrace_component = exception_component.get_subcomponent("stacktrace")
        if stacktrace_component is not None and stacktrace_component.contributes:
            any_stacktraces = True
        values.append(exception_component)

    if any_stacktraces:
        for value in values:
            stacktrace_component = value.get_subcomponent("stacktrace")
            if stacktrace_component is None or not stacktrace_component.contributes:
                value.update(contributes=False, hint="exception has no stacktrace")

    return GroupingComponent(id="chained-exception", values=values)


@chained_exception_legacy.variant_processor
def chained_exception_legacy_variant_processor(
    variants: dict[str, GroupingComponent], config: StrategyConfiguration, **meta: Any
) -> dict[str, GroupingComponent]:
    # src/sentry/grouping/strategies/legacy_exception.py: chained_exception_legacy_variant_processor
    if len(variants) <= 1:
        return variants
    any_stacktrace_contributes = False
    non_contributing_components = []
    stacktrace_variants = []
    for key, component in _py2.ordered_items(variants):
        if any(
            s.contributes for s in component.iter_subcomponents(id="stacktrace", recursive=True)
        ):
            any_stacktrace_contributes = True
            stacktrace_variants.append(key)
        else:
            non_contributing_components.append(component)

    if any_stacktrace_contributes:
        if len(stacktrace_variants) == 1:
            hint_suffix = "but the %s variant does" % stacktrace_variants[0]
        else:
            # dead with two variants, kept as 9.1.2 wrote it
            hint_suffix = "others do"
        for component in non_contributing_components:
            component.update(
                contributes=False,
                hint="ignored because this variant does not contain a stacktrace, but %s"
                % hint_suffix,
            )
    return variants
