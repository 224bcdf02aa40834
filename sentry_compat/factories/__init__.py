"""Error factories: discovery, manifests and local runners (sits above the library)."""

from __future__ import annotations

from .manifest import (
    Factory,
    FactoryError,
    Scenario,
    find_factories_dir,
    get_factory,
    load_factories,
    load_factory,
)
from .runners import PreparedFactory, ScenarioRun, cache_dir, prepare, register_runner, run_scenario

__all__ = [
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
]
