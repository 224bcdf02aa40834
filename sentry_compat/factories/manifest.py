"""Error-factory manifests: ``error_factories/<name>/factory.toml``.

A factory is a small app raising errors through a real Sentry SDK.  Its manifest
names the SDK (package, reported ``sdk.name``, versions), how to run it locally
(``[runner]``), its docker compose file, and its scenarios with a one-line
description and the features they exercise.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef,import-not-found,unused-ignore]

from ..exceptions import SentryCompatError

__all__ = [
    "Factory",
    "FactoryError",
    "Scenario",
    "find_factories_dir",
    "load_factories",
    "load_factory",
]

MANIFEST = "factory.toml"


class FactoryError(SentryCompatError):
    """A factory that cannot be found, loaded or run; the message names it."""


@dataclasses.dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    features: tuple[str, ...] = ()
    #: how many requests carrying an event the scenario sends
    events: int = 1
    #: the SDK versions that can produce it (empty: all of the factory's)
    sdk_versions: tuple[str, ...] = ()

    def supports(self, version: str) -> bool:
        return not self.sdk_versions or version in self.sdk_versions


@dataclasses.dataclass(frozen=True)
class Factory:
    name: str
    directory: Path
    language: str
    description: str
    sdk_package: str
    sdk_name: str
    default_version: str
    versions: tuple[str, ...]
    runner: dict[str, Any]
    scenarios: tuple[Scenario, ...]
    docker_compose: str | None = None
    platform: str | None = None
    #: ``[sdk.version."X"]``: another SDK package for one version (a framework factory
    #: running the legacy raven client beside the official SDK): version -> package, name
    sdk_overrides: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)

    def scenario(self, name: str) -> Scenario:
        for scenario in self.scenarios:
            if scenario.name == name:
                return scenario
        known = ", ".join(s.name for s in self.scenarios)
        raise FactoryError(f"factory {self.name!r} has no scenario {name!r} (it has: {known})")

    @property
    def runner_kind(self) -> str:
        return str(self.runner.get("kind", ""))

    def scenarios_for(self, version: str) -> tuple[Scenario, ...]:
        """The scenarios this SDK version can produce."""
        return tuple(s for s in self.scenarios if s.supports(version))

    def runner_for(self, version: str) -> dict[str, Any]:
        """The ``[runner]`` table for one SDK version: ``[runner.version."X"]`` entries
        override the common keys (a Debian build of one version, era-pinned frameworks)."""
        runner = {k: v for k, v in self.runner.items() if k != "version"}
        runner.update(self.runner.get("version", {}).get(version, {}))
        return runner

    def kind_for(self, version: str) -> str:
        return str(self.runner_for(version).get("kind", ""))

    def sdk_for(self, version: str) -> tuple[str, str]:
        """The SDK package and the ``sdk.name`` it reports, for one version."""
        override = self.sdk_overrides.get(version, {})
        package = override.get("package", self.sdk_package)
        return package, override.get("name", package if "package" in override else self.sdk_name)


def _require(data: dict[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise FactoryError(f"{where}: missing {key!r}")
    return data[key]


def load_factory(directory: Path) -> Factory:
    """Load ``directory/factory.toml``; :class:`FactoryError` names the file and field at fault."""
    path = Path(directory) / MANIFEST
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise FactoryError(f"{path}: no such file") from None
    except tomllib.TOMLDecodeError as exc:
        raise FactoryError(f"{path}: invalid TOML: {exc}") from None
    where = str(path)
    sdk = _require(data, "sdk", where)
    scenarios = []
    for index, entry in enumerate(data.get("scenario", [])):
        spot = f"{where}: scenario {index}"
        scenarios.append(
            Scenario(
                name=_require(entry, "name", spot),
                description=_require(entry, "description", spot),
                features=tuple(entry.get("features", ())),
                events=int(entry.get("events", 1)),
                sdk_versions=tuple(str(v) for v in entry.get("sdk_versions", ())),
            )
        )
    if not scenarios:
        raise FactoryError(f"{where}: no [[scenario]] entries")
    overrides = {}
    for version, entry in sdk.get("version", {}).items():
        spot = f'{where}: [sdk.version."{version}"]'
        if not isinstance(entry, dict) or set(entry) - {"package", "name"}:
            raise FactoryError(f"{spot}: only 'package' and 'name' can be set per version")
        overrides[str(version)] = {k: str(v) for k, v in entry.items()}
    return Factory(
        name=_require(data, "name", where),
        directory=Path(directory),
        language=_require(data, "language", where),
        description=data.get("description", ""),
        sdk_package=_require(sdk, "package", f"{where}: [sdk]"),
        sdk_name=sdk.get("name", _require(sdk, "package", f"{where}: [sdk]")),
        default_version=str(_require(sdk, "default_version", f"{where}: [sdk]")),
        versions=tuple(str(v) for v in sdk.get("versions", [sdk["default_version"]])),
        runner=dict(data.get("runner", {})),
        scenarios=tuple(scenarios),
        docker_compose=data.get("docker", {}).get("compose"),
        platform=data.get("platform"),
        sdk_overrides=overrides,
    )


def find_factories_dir(start: Path | None = None) -> Path:
    """The ``error_factories`` folder: ``$SENTRY_COMPAT_FACTORIES``, else the nearest one
    above ``start`` (the current directory), else the one beside this package's source."""
    env = os.environ.get("SENTRY_COMPAT_FACTORIES")
    if env:
        return Path(env)
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "error_factories").is_dir():
            return candidate / "error_factories"
    beside = Path(__file__).resolve().parents[2] / "error_factories"
    if beside.is_dir():
        return beside
    raise FactoryError(
        "no error_factories folder found (run from a sentry-compat checkout or set SENTRY_COMPAT_FACTORIES)"
    )


def load_factories(root: Path | None = None) -> dict[str, Factory]:
    """Every factory below ``root`` (default :func:`find_factories_dir`), by name."""
    root = root or find_factories_dir()
    factories = {}
    for manifest in sorted(Path(root).glob(f"*/{MANIFEST}")):
        factory = load_factory(manifest.parent)
        factories[factory.name] = factory
    return factories


def get_factory(name: str, root: Path | None = None) -> Factory:
    factories = load_factories(root)
    if name not in factories:
        known = ", ".join(sorted(factories)) or "none"
        raise FactoryError(f"no factory named {name!r} (known: {known})")
    return factories[name]
