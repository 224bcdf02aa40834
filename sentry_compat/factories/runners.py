"""Local runners: run a factory scenario here, without Docker.

Each runner kind prepares an isolated, cached environment per factory and SDK
version (an SDK's ``sdk.name`` follows whatever is importable next to it, so
factories never share one) and builds the command for a scenario.  The
environment the scenario runs in is minimal (``PATH``, ``HOME``, ``LANG``,
``SENTRY_DSN``) so nothing of the user's environment can leak into an event.
"""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .manifest import Factory, FactoryError

__all__ = ["PreparedFactory", "ScenarioRun", "cache_dir", "prepare", "run_scenario"]

Log = Callable[[str], None]


def cache_dir() -> Path:
    """``$SENTRY_COMPAT_CACHE`` or ``~/.cache/sentry-compat``."""
    env = os.environ.get("SENTRY_COMPAT_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "sentry-compat"


@dataclasses.dataclass(frozen=True)
class PreparedFactory:
    """A factory ready to run with one SDK version."""

    factory: Factory
    sdk_version: str
    environment: Path  # the venv / npm prefix / build dir
    substitutions: dict[str, str]
    #: Path prefixes that are machine-specific, for the scrub rules: name -> path
    machine_paths: dict[str, str]
    #: Extra environment for the scenario process (e.g. NODE_PATH)
    env: dict[str, str] = dataclasses.field(default_factory=dict)

    def command(self, scenario: str) -> list[str]:
        template = self.factory.runner.get("command")
        if not template:
            raise FactoryError(f"factory {self.factory.name!r}: [runner] has no command")
        values = {**self.substitutions, "scenario": scenario}
        return [part.format(**values) for part in template]


@dataclasses.dataclass(frozen=True)
class ScenarioRun:
    scenario: str
    command: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float


def _env_key(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:10]


def _locked_build(target: Path, build: Callable[[Path], None], log: Log) -> None:
    """Build ``target`` once: under a lock, into a temp dir, renamed into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.with_name(target.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (target / ".ready").exists():
            return
        tmp = target.with_name(target.name + ".building")
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(target, ignore_errors=True)
        build(tmp)
        (tmp / ".ready").write_text(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        tmp.rename(target)


def _run(cmd: list[str], log: Log, what: str, **kwargs: object) -> None:
    log(f"{what}: {' '.join(cmd)}")
    proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    if proc.returncode != 0:
        raise FactoryError(
            f"{what} failed (exit {proc.returncode}): {' '.join(cmd)}\n{proc.stdout[-2000:]}{proc.stderr[-4000:]}"
        )


def _prepare_python_venv(factory: Factory, version: str, log: Log) -> PreparedFactory:
    requirements = [r.format(version=version) for r in factory.runner.get("requirements", [])]
    python = factory.runner.get("python", sys.executable)
    key = _env_key([python, *requirements])
    target = cache_dir() / "venvs" / f"{factory.name}-{version}-{key}"

    def build(tmp: Path) -> None:
        _run([python, "-m", "venv", str(tmp)], log, "create venv")
        pip = [str(tmp / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        _run([*pip, *requirements], log, f"install {' '.join(requirements)}")

    _locked_build(target, build, log)
    venv_python = target / "bin" / "python"
    # The venv's own site-packages and the interpreter it was made from are machine paths.
    base = subprocess.run(
        [str(venv_python), "-c", "import sys; print(sys.base_prefix)"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    return PreparedFactory(
        factory=factory,
        sdk_version=version,
        environment=target,
        substitutions={"python": str(venv_python), "dir": str(factory.directory)},
        machine_paths={"venv": str(target), "python": base},
    )


def _prepare_node_npm(factory: Factory, version: str, log: Log) -> PreparedFactory:
    npm = shutil.which("npm")
    node = shutil.which("node")
    if not npm or not node:
        raise FactoryError(f"factory {factory.name!r} needs node and npm, which are not installed")
    packages = [p.format(version=version) for p in factory.runner.get("packages", [])]
    node_version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    key = _env_key([node_version, *packages])
    target = cache_dir() / "npm" / f"{factory.name}-{version}-{key}"

    def build(tmp: Path) -> None:
        tmp.mkdir(parents=True)
        (tmp / "package.json").write_text('{"name": "factory-env", "private": true}\n')
        _run([npm, "install", "--prefix", str(tmp), "--no-audit", "--no-fund", "--loglevel=error",
              *packages], log, f"npm install {' '.join(packages)}")

    _locked_build(target, build, log)
    return PreparedFactory(
        factory=factory,
        sdk_version=version,
        environment=target,
        substitutions={"dir": str(factory.directory), "node_modules": str(target / "node_modules")},
        machine_paths={"node_modules": str(target / "node_modules")},
        env={"NODE_PATH": str(target / "node_modules")},
    )


_PREPARERS: dict[str, Callable[[Factory, str, Log], PreparedFactory]] = {
    "python-venv": _prepare_python_venv,
    "node-npm": _prepare_node_npm,
}


def register_runner(kind: str, preparer: Callable[[Factory, str, Log], PreparedFactory]) -> None:
    """Add a runner kind (used by factories of other languages)."""
    _PREPARERS[kind] = preparer


def prepare(factory: Factory, sdk_version: str | None = None, log: Log | None = None) -> PreparedFactory:
    """Install (once, cached) what ``factory`` needs to run with ``sdk_version``."""
    kind = factory.runner_kind
    if kind not in _PREPARERS:
        raise FactoryError(
            f"factory {factory.name!r}: no local runner of kind {kind!r} on this machine "
            f"(known: {', '.join(sorted(_PREPARERS))}); use its docker compose file"
        )
    return _PREPARERS[kind](factory, sdk_version or factory.default_version, log or (lambda _: None))


def scenario_env(dsn: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": os.environ.get("HOME", "/root"),
        "LANG": "C.UTF-8",
        "SENTRY_DSN": dsn,
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.update(extra or {})
    return env


def run_scenario(
    prepared: PreparedFactory, scenario: str, dsn: str, *, timeout: float = 120.0
) -> ScenarioRun:
    """Run one scenario to completion against ``dsn``."""
    prepared.factory.scenario(scenario)  # validates the name
    command = prepared.command(scenario)
    started = time.monotonic()
    try:
        proc = subprocess.run(
            command,
            cwd=prepared.factory.directory,
            env=scenario_env(dsn, {**prepared.factory.runner.get("env", {}), **prepared.env}),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        raise FactoryError(
            f"{prepared.factory.name} {scenario}: did not finish within {timeout:.0f} s"
        ) from exc
    return ScenarioRun(
        scenario, command, proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started
    )


