"""Sentry 9.1.2 event grouping: configs, components, variants and hashes.

Public API:

* :func:`get_grouping_variants` ``(event, config=None) -> dict[str, Variant]``
* :func:`calculate_hashes` ``(event, config=None) -> list[str]``
* :func:`grouping_info` ``(event, config=None) -> dict`` (the grouping-info endpoint body)
* :func:`grouping_configs` ``() -> list[dict]`` (the grouping-configs endpoint body)
* :func:`normalize_in_app` ``(data) -> None`` (lives in :mod:`sentry_compat.stacktraces`)
* :data:`DEFAULT_CONFIG`, :data:`CONFIGURATIONS`, :data:`CONFIG_DEFINITIONS`

``event`` is the stored (normalized) event dict, e.g. an ``oss_sentry_json`` document.
"""

from __future__ import annotations

from sentry_compat.grouping.api import (
    ConfigNotFoundException,
    calculate_hashes,
    get_grouping_variants,
    grouping_configs,
    grouping_info,
    load_grouping_config,
)
from sentry_compat.grouping.component import GroupingComponent
from sentry_compat.grouping.configs import (
    CLASSES,
    CONFIG_DEFINITIONS,
    CONFIGURATIONS,
    DEFAULT_CONFIG,
)
from sentry_compat.grouping.utils import DEFAULT_FINGERPRINT_VALUES, hash_from_values
from sentry_compat.grouping.variants import Variant
from sentry_compat.stacktraces import normalize_in_app

__all__ = [
    "CLASSES",
    "CONFIGURATIONS",
    "CONFIG_DEFINITIONS",
    "DEFAULT_CONFIG",
    "DEFAULT_FINGERPRINT_VALUES",
    "ConfigNotFoundException",
    "GroupingComponent",
    "Variant",
    "calculate_hashes",
    "get_grouping_variants",
    "grouping_configs",
    "grouping_info",
    "hash_from_values",
    "load_grouping_config",
    "normalize_in_app",
]
