"""Error factories: discovery, manifests and local runners (sits above the library)."""

from __future__ import annotations

# runner kinds for Debian-packaged SDKs and browsers register themselves
from . import browser as _browser  # noqa: F401
from . import system as _system  # noqa: F401
from .manifest import (
    Factory,
    FactoryError,
    Scenario,
    find_factories_dir,
    get_factory,
    load_factories,
    load_factory,
)
from .runners import (
    DOCKER_ONLY,
    PreparedFactory,
    ScenarioRun,
    cache_dir,
    prepare,
    register_runner,
    run_scenario,
    unavailable,
)

__all__ = [
    "DOCKER_ONLY",
    "Factory",
    "FactoryError",
    "PreparedFactory",
    "Scenario",
    "ScenarioRun",
    "cache_dir",
    "find_factories_dir",
    "get_factory",
    "load_factories",
    "load_factory",
    "prepare",
    "register_runner",
    "run_scenario",
    "unavailable",
]
