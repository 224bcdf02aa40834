"""Variants, hashes and grouping info of a stored event, as Sentry 9.1.2 computed them.

Ports ``src/sentry/grouping/api.py`` (``load_grouping_config``,
``get_grouping_variants_for_event``), the hashing methods of
``src/sentry/models/event.py`` (``get_grouping_variants``, ``get_hashes``) and the
response of ``src/sentry/api/endpoints/event_grouping_info.py``.

The input is the stored (normalized) event. It is read through the legacy interface
models (:func:`sentry_compat.interfaces.get_interfaces`) on a deep copy, so the
caller's dict is never changed. Dicts that 9.1.2 iterated are iterated in py2 order
(:mod:`sentry_compat._py2`): that decides the hash order (``app`` before ``system``)
and the ``of app``/``of system`` wording of precedence hints.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cached_property
from typing import Any

from sentry_compat import _py2
from sentry_compat.canonical import CanonicalKeyView
from sentry_compat.grouping.component import GroupingComponent
from sentry_compat.grouping.configs import CONFIGURATIONS, DEFAULT_CONFIG
from sentry_compat.grouping.strategies.base import StrategyConfiguration
from sentry_compat.grouping.utils import DEFAULT_FINGERPRINT_VALUES, hash_from_values
from sentry_compat.grouping.variants import (
    BaseVariant,
    ChecksumVariant,
    ComponentVariant,
    CustomFingerprintVariant,
    FallbackVariant,
    SaltedComponentVariant,
)
from sentry_compat.interfaces import get_interfaces

__all__ = [
    "HASH_RE",
    "ConfigNotFoundException",
    "GroupingEvent",
    "calculate_hashes",
    "get_grouping_variants",
    "get_grouping_variants_for_event",
    "grouping_configs",
    "grouping_info",
    "load_grouping_config",
]

HASH_RE = re.compile(r"^[0-9a-f]{32}$")

ConfigArg = str | Mapping[str, Any] | None


class ConfigNotFoundException(LookupError):
    """An unknown grouping config id (the endpoint answers 404 "Unknown grouping config")."""


class GroupingEvent:
    """The parts of 9.1.2's ``Event`` that grouping reads: data, platform and interfaces."""

    def __init__(
        self, data: Mapping[str, Any], interfaces: Mapping[str, Any] | None = None
    ) -> None:
        self.data = data
        if interfaces is not None:  # already built (EventManager.save): 9.1.2's memoized ones
            self.__dict__["interfaces"] = CanonicalKeyView(interfaces)

    @property
    def platform(self) -> str | None:
        value = self.data.get("platform")
        return value if isinstance(value, str) or value is None else str(value)

    @cached_property
    def interfaces(self) -> CanonicalKeyView:
        return CanonicalKeyView(get_interfaces(self.data))

    def get_grouping_config(self) -> dict[str, Any]:
        # src/sentry/models/event.py: get_grouping_config (no project: the default)
        return dict(self.data.get("grouping_config") or {"id": DEFAULT_CONFIG})


def load_grouping_config(config_dict: Mapping[str, Any] | None = None) -> StrategyConfiguration:
    """Instantiate a config from ``{"id": ..., "options": ...}`` (None: the default)."""
    # src/sentry/grouping/api.py: load_grouping_config
    if config_dict is None:
        config_dict = {"id": DEFAULT_CONFIG}
    elif "id" not in config_dict:
        raise ValueError("Malformed configuration dictionary")
    kwargs = dict(config_dict)
    config_id = kwargs.pop("id")
    if config_id not in CONFIGURATIONS:
        raise ConfigNotFoundException(config_id)
    return CONFIGURATIONS[config_id](**kwargs)


def _get_calculated_grouping_variants_for_event(
    event: GroupingEvent, config: StrategyConfiguration
) -> dict[str, GroupingComponent]:
    # src/sentry/grouping/api.py: _get_calculated_grouping_variants_for_event
    config.frame_components = {}  # each frame's component is computed once for all variants
    try:
        return _calculated_variants(event, config)
    finally:
        config.frame_components = None


def _calculated_variants(
    event: GroupingEvent, config: StrategyConfiguration
) -> dict[str, GroupingComponent]:
    winning_strategy = None
    precedence_hint = None
    per_variant_components: dict[str, list[GroupingComponent]] = {}

    for strategy in config.iter_strategies():
        rv = strategy.get_grouping_component_variants(event, config=config)
        for variant, component in _py2.ordered_items(rv):
            per_variant_components.setdefault(variant, []).append(component)
            if winning_strategy is None:
                if component.contributes:
                    winning_strategy = strategy.name
                    precedence_hint = "%s takes precedence" % (
                        "%s of %s" % (strategy.name, variant)
                        if variant != "default"
                        else strategy.name
                    )
            elif component.contributes and winning_strategy != strategy.name:
                component.update(contributes=False, hint=precedence_hint)

    result: dict[str, GroupingComponent] = {}
    for variant, components in _py2.ordered_items(per_variant_components):
        component = GroupingComponent(id=variant, values=components)
        if not component.contributes and precedence_hint:
            component.update(hint=precedence_hint)
        result[variant] = component
    return result


def get_grouping_variants_for_event(
    event: GroupingEvent, config: Mapping[str, Any] | None = None
) -> dict[str, BaseVariant]:
    """All variants of an event (keys in 9.1.2's insertion order)."""
    # src/sentry/grouping/api.py: get_grouping_variants_for_event
    checksum = event.data.get("checksum")
    if checksum:
        if HASH_RE.match(checksum):
            return {"checksum": ChecksumVariant(checksum)}
        return {
            "checksum": ChecksumVariant(checksum),
            "hashed-checksum": ChecksumVariant(hash_from_values(checksum), hashed=True),
        }

    fingerprint = event.data.get("fingerprint") or ["{{ default }}"]
    defaults_referenced = sum(1 if d in DEFAULT_FINGERPRINT_VALUES else 0 for d in fingerprint)
    if defaults_referenced == 0:
        return {"custom-fingerprint": CustomFingerprintVariant(fingerprint)}

    loaded = load_grouping_config(config)
    components = _get_calculated_grouping_variants_for_event(event, loaded)
    rv: dict[str, BaseVariant] = {}
    if defaults_referenced == 1 and len(fingerprint) == 1:
        for key, component in _py2.ordered_items(components):
            rv[key] = ComponentVariant(component, loaded)
    else:
        for key, component in _py2.ordered_items(components):
            rv[key] = SaltedComponentVariant(fingerprint, component, loaded)

    if not any(x.contributes for x in rv.values()):
        rv["fallback"] = FallbackVariant()
    return rv


def _resolve_config(event: GroupingEvent, config: ConfigArg) -> Mapping[str, Any] | None:
    # src/sentry/models/event.py: get_grouping_variants (force_config handling)
    if config is None:
        stored = event.data.get("grouping_config")
        return stored if stored is None or isinstance(stored, Mapping) else {"id": stored}
    if isinstance(config, str):
        resolved = event.get_grouping_config()
        resolved["id"] = config
        return resolved
    return config


def get_grouping_variants(
    event: Mapping[str, Any],
    config: ConfigArg = None,
    *,
    interfaces: Mapping[str, Any] | None = None,
) -> dict[str, BaseVariant]:
    """The grouping variants of a stored event, in 9.1.2's (py2) order.

    ``config`` None uses the event's stored ``grouping_config`` (the default
    ``legacy:2019-03-12`` when there is none); a string replaces the stored config's id;
    a dict is used as is. Raises :class:`ConfigNotFoundException` for an unknown id
    (only when a config is needed: checksum and custom-fingerprint events need none).

    ``interfaces``: the event's interfaces when the caller has built them already
    (``get_interfaces(event, mutate=True)`` at save, as 9.1.2's ``Event.interfaces`` was
    memoized between the tags and the hashes); grouping only reads them.  Without it they
    are built from a copy of the event.
    """
    ev = GroupingEvent(event, interfaces)
    variants = get_grouping_variants_for_event(ev, _resolve_config(ev, config))
    return _py2.reorder(variants)


def calculate_hashes(
    event: Mapping[str, Any],
    config: ConfigArg = None,
    *,
    interfaces: Mapping[str, Any] | None = None,
) -> list[str]:
    """The hashes 9.1.2 stored for the event (primary first); stored ``hashes`` are ignored.
    ``interfaces``: see :func:`get_grouping_variants`."""
    # src/sentry/models/event.py: get_hashes (the recomputing branch)
    variants = get_grouping_variants(event, config, interfaces=interfaces)
    hashes = [v.get_hash() for v in variants.values()]
    return [h for h in hashes if h]


def grouping_info(event: Mapping[str, Any], config: ConfigArg = None) -> dict[str, Any]:
    """The body of 9.1.2's grouping-info endpoint for a stored event, keys in py2 order.

    ``hashMismatch`` compares against the event's stored ``hashes`` (recomputed with the
    stored config when the event has none).
    """
    # src/sentry/api/endpoints/event_grouping_info.py: EventGroupingInfoEndpoint.get
    stored = event.get("hashes")
    hashes = stored if stored is not None else calculate_hashes(event)
    rv: dict[str, Any] = {}
    for key, variant in get_grouping_variants(event, config).items():
        h = variant.get_hash()
        rv[key] = variant.as_dict({"hashMismatch": h is not None and h not in hashes, "key": key})
    return rv


def grouping_configs() -> list[dict[str, Any]]:
    """The body of ``GET /api/0/grouping-configs/``: every config's ``as_dict()``, by id."""
    # src/sentry/api/endpoints/grouping_configs.py: GroupingConfigsEndpoint.get
    return [
        config().as_dict() for config in sorted(CONFIGURATIONS.values(), key=lambda x: x.id or "")
    ]
