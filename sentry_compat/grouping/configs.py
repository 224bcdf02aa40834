"""The grouping configurations Sentry 9.1.2 shipped (``src/sentry/grouping/strategies/configurations.py``).

``legacy:2019-03-12`` is the default; ``new:wip`` was reachable only through the
project option ``sentry:grouping_config`` or the grouping-info ``?config=`` parameter.
"""

from __future__ import annotations

from typing import Any

from sentry_compat.grouping import strategies as _strategies  # noqa: F401 - registers strategies
from sentry_compat.grouping.strategies.base import (
    StrategyConfiguration,
    create_strategy_configuration,
)

__all__ = ["CLASSES", "CONFIGURATIONS", "CONFIG_DEFINITIONS", "DEFAULT_CONFIG"]

#: the config new events get
DEFAULT_CONFIG = "legacy:2019-03-12"

#: the configurations as 9.1.2 registered them (strategy ids, delegate ids, changelog)
CONFIG_DEFINITIONS: list[dict[str, Any]] = [
    {
        "id": "legacy:2019-03-12",
        "strategies": [
            "expect-ct:v1",
            "expect-staple:v1",
            "hpkp:v1",
            "csp:v1",
            "threads:v1",
            "stacktrace:legacy",
            "chained-exception:legacy",
            "template:v1",
            "message:v1",
        ],
        "delegates": ["frame:legacy", "stacktrace:legacy", "single-exception:legacy"],
        "changelog": """
            * Traditional grouping algorithm
            * Some known weeknesses with regards to grouping of native frames
        """,
    },
    {
        "id": "new:wip",
        "strategies": [
            "expect-ct:v1",
            "expect-staple:v1",
            "hpkp:v1",
            "csp:v1",
            "threads:v1",
            "stacktrace:v1",
            "chained-exception:v1",
            "template:v1",
            "message:v1",
        ],
        "delegates": ["frame:v1", "stacktrace:v1", "single-exception:v1"],
        "changelog": """
            * Work in progress grouping algorith that is not frozen in behavior yet
        """,
    },
]

#: the classes of grouping algorithms (config id prefixes), in registration order
CLASSES: list[str] = []

#: config id -> configuration class
CONFIGURATIONS: dict[str, type[StrategyConfiguration]] = {}

for _definition in CONFIG_DEFINITIONS:
    _config = create_strategy_configuration(**_definition)
    assert _config.id is not None and _config.config_class is not None
    if _config.config_class not in CLASSES:
        CLASSES.append(_config.config_class)
    CONFIGURATIONS[_config.id] = _config
