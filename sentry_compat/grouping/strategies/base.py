"""Strategy registry and configurations of Sentry 9.1.2 (``src/sentry/grouping/strategies/base.py``).

A strategy turns one interface into a component per variant (``system``, ``app`` or
``default``). A leading ``!`` marks a mandatory variant: optional variants that do
not differ from a mandatory one are switched off. A configuration is a set of scored
strategies plus delegates (the strategies for ``frame``, ``stacktrace`` and
``singleexception`` that others call through ``config.get_grouping_component``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, Protocol

from sentry_compat import _py2
from sentry_compat.grouping.component import GroupingComponent

__all__ = [
    "STRATEGIES",
    "Strategy",
    "StrategyConfiguration",
    "create_strategy_configuration",
    "lookup_strategy",
    "strategy",
]


class GroupingEvent(Protocol):
    """What strategies read from an event: its interfaces and platform."""

    @property
    def interfaces(self) -> Any: ...

    @property
    def platform(self) -> str | None: ...


StrategyFunc = Callable[..., GroupingComponent]
VariantProcessor = Callable[..., dict[str, GroupingComponent]]

STRATEGIES: dict[str, Strategy] = {}


def strategy(
    id: str,
    variants: list[str],
    interfaces: list[str],
    name: str | None = None,
    score: int | None = None,
) -> Callable[[StrategyFunc], Strategy]:
    """Register the decorated function as strategy ``id``."""
    if name is None:
        if len(interfaces) != 1:
            raise RuntimeError("%r requires a name" % id)
        name = interfaces[0]

    def decorator(f: StrategyFunc) -> Strategy:
        STRATEGIES[id] = rv = Strategy(
            id=id, name=name, interfaces=interfaces, variants=variants, score=score, func=f
        )
        return rv

    return decorator


def lookup_strategy(strategy_id: str) -> Strategy:
    try:
        return STRATEGIES[strategy_id]
    except KeyError:
        raise LookupError("Unknown strategy %r" % strategy_id) from None


class Strategy:
    def __init__(
        self,
        id: str,
        name: str,
        interfaces: list[str],
        variants: list[str],
        score: int | None,
        func: StrategyFunc,
    ) -> None:
        self.id = id
        self.name = name
        self.interfaces = interfaces
        self.mandatory_variants: list[str] = []
        self.optional_variants: list[str] = []
        self.variants: list[str] = []
        for variant in variants:
            if variant[:1] == "!":
                self.mandatory_variants.append(variant[1:])
            else:
                self.optional_variants.append(variant)
            self.variants.append(variant)
        self.score = score
        self.func = func
        self.variant_processor_func: VariantProcessor | None = None

    def __repr__(self) -> str:
        return "<%s id=%r variants=%r>" % (type(self).__name__, self.id, self.variants)

    def __call__(self, *args: Any, **kwargs: Any) -> GroupingComponent:
        kwargs["strategy"] = self
        return self.func(*args, **kwargs)

    def variant_processor(self, func: VariantProcessor) -> VariantProcessor:
        """Register a post-processor for this strategy's variant components."""
        self.variant_processor_func = func
        return func

    def get_grouping_component(
        self, event: GroupingEvent, variant: str, config: StrategyConfiguration
    ) -> GroupingComponent | None:
        args = []
        for iface_path in self.interfaces:
            iface = event.interfaces.get(iface_path)
            if iface is None:
                return None
            args.append(iface)
        return self(*args, event=event, variant=variant, config=config)

    def get_grouping_component_variants(
        self, event: GroupingEvent, config: StrategyConfiguration
    ) -> dict[str, GroupingComponent]:
        """``{variant: component}``; keys in insertion order (iterate with py2 order)."""
        # src/sentry/grouping/strategies/base.py: Strategy.get_grouping_component_variants
        rv: dict[str, GroupingComponent] = {}
        if not self.mandatory_variants:
            for variant in self.variants:
                component = self.get_grouping_component(event, variant, config)
                if component is not None:
                    rv[variant] = component
        else:
            mandatory_component_hashes: dict[str | None, str] = {}
            for variant in self.mandatory_variants:
                component = self.get_grouping_component(event, variant, config)
                if component is None:
                    continue
                if component.contributes:
                    mandatory_component_hashes[component.get_hash()] = variant
                rv[variant] = component

            prevent_contribution = not mandatory_component_hashes
            for variant in self.optional_variants:
                component = self.get_grouping_component(event, variant, config)
                if component is None:
                    continue
                if component.contributes:
                    if prevent_contribution:
                        # 9.1.2 checks len() of the (empty) dict here, so the text is fixed
                        component.update(
                            contributes=False,
                            hint="ignored because %s variant is not used" % "other mandatory",
                        )
                    else:
                        duplicate_of = mandatory_component_hashes.get(component.get_hash())
                        if duplicate_of is not None:
                            component.update(
                                contributes=False,
                                hint="ignored because hash matches %s variant" % duplicate_of,
                            )
                rv[variant] = component

        if self.variant_processor_func is not None:
            rv = self.variant_processor_func(rv, event=event, config=config, strategy=self)
        return rv


class StrategyConfiguration:
    """A grouping configuration; subclasses are made by :func:`create_strategy_configuration`."""

    id: ClassVar[str | None] = None
    config_class: ClassVar[str | None] = None
    strategies: ClassVar[dict[str, Strategy]] = {}
    delegates: ClassVar[dict[str, Strategy]] = {}
    changelog: ClassVar[str | None] = None

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        self.options: dict[str, Any] = options if options is not None else {}
        #: while one event's variants are computed: id(frame) -> (frame, its component)
        self.frame_components: dict[int, tuple[Any, GroupingComponent]] | None = None

    def __repr__(self) -> str:
        return "<%s %r>" % (type(self).__name__, self.id)

    def iter_strategies(self) -> Iterator[Strategy]:
        """Scored strategies, highest score first."""
        return iter(sorted(self.strategies.values(), key=lambda x: -(x.score or 0)))

    def get_grouping_component(
        self, interface: Any, *args: Any, **kwargs: Any
    ) -> GroupingComponent:
        """Run the delegate strategy for ``interface.path`` (frame, stacktrace, ...)."""
        path = interface.path
        strategy = self.delegates.get(path)
        if strategy is not None:
            kwargs["config"] = self
            return strategy(interface, *args, **kwargs)
        return GroupingComponent(id=path, hint="grouping algorithm does not consider this value")

    def as_dict(self) -> dict[str, Any]:
        """``{id, options, strategies, delegates}`` (sorted ids), keys in py2 order."""
        return _py2.reorder(
            {
                "id": self.id,
                "options": self.options,
                "strategies": sorted(self.strategies),
                "delegates": sorted(x.id for x in self.delegates.values()),
            },
            literal=True,
        )


def create_strategy_configuration(
    id: str,
    strategies: list[str] | None = None,
    delegates: list[str] | None = None,
    changelog: str | None = None,
) -> type[StrategyConfiguration]:
    # src/sentry/grouping/strategies/base.py: create_strategy_configuration
    class NewStrategyConfiguration(StrategyConfiguration):
        pass

    NewStrategyConfiguration.id = id
    NewStrategyConfiguration.config_class = id.split(":", 1)[0]
    NewStrategyConfiguration.strategies = {}
    NewStrategyConfiguration.delegates = {}
    for strategy_id in strategies or ():
        strat = lookup_strategy(strategy_id)
        if strat.score is None:
            raise RuntimeError("Unscored strategy %s added to %s" % (strategy_id, id))
        NewStrategyConfiguration.strategies[strategy_id] = strat
    for strategy_id in delegates or ():
        strat = lookup_strategy(strategy_id)
        for interface in strat.interfaces:
            if interface in NewStrategyConfiguration.delegates:
                raise RuntimeError(
                    "duplicate interface match for delegate %r (conflict on %r)" % (id, interface)
                )
            NewStrategyConfiguration.delegates[interface] = strat
    NewStrategyConfiguration.changelog = inspect.cleandoc(changelog or "")
    NewStrategyConfiguration.__name__ = "StrategyConfiguration(%s)" % id
    return NewStrategyConfiguration
