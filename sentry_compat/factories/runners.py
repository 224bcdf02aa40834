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
from typing import Any

from .manifest import Factory, FactoryError

__all__ = [
    "DOCKER_ONLY",
    "PreparedFactory",
    "ScenarioRun",
    "cache_dir",
    "free_port",
    "prepare",
    "register_runner",
    "run_scenario",
    "unavailable",
]

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

    @property
    def runner(self) -> dict[str, Any]:
        """The ``[runner]`` table for this SDK version (see :meth:`Factory.runner_for`)."""
        return self.factory.runner_for(self.sdk_version)

    def command(self, scenario: str) -> list[str]:
        template = self.runner.get("command")
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
    #: loopback ports the scenario's own servers listened on (``FACTORY_PORT``), to scrub
    ports: tuple[int, ...] = ()


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
    kwargs.setdefault("timeout", 900)
    proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    if proc.returncode != 0:
        raise FactoryError(
            f"{what} failed (exit {proc.returncode}): {' '.join(cmd)}\n{proc.stdout[-2000:]}{proc.stderr[-4000:]}"
        )


def _prepare_python_venv(factory: Factory, version: str, log: Log) -> PreparedFactory:
    runner = factory.runner_for(version)
    requirements = [r.format(version=version) for r in runner.get("requirements", [])]
    python = runner.get("python", sys.executable)
    key = _env_key([python, *requirements])
    target = cache_dir() / "venvs" / f"{factory.name}-{version}-{key}"

    def build(tmp: Path) -> None:
        _run([python, "-m", "venv", str(tmp)], log, "create venv")
        pip = [
            str(tmp / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "-q",
        ]
        _run([*pip, *requirements], log, f"install {' '.join(requirements)}")

    _locked_build(target, build, log)
    venv_python = target / "bin" / "python"
    # The venv's own site-packages and the interpreter it was made from are machine paths.
    base = subprocess.run(
        [str(venv_python), "-c", "import sys; print(sys.base_prefix)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return PreparedFactory(
        factory=factory,
        sdk_version=version,
        environment=target,
        substitutions={"python": str(venv_python), "dir": str(factory.directory)},
        machine_paths={"venv": str(target), "python": base},
    )


def node_tools(factory: Factory) -> tuple[str, str, str]:
    """``npm``, ``node`` and ``node --version``, or :class:`FactoryError`."""
    npm = shutil.which("npm")
    node = shutil.which("node")
    if not npm or not node:
        raise FactoryError(f"factory {factory.name!r} needs node and npm, which are not installed")
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    return npm, node, version


def npm_install(npm: str, prefix: Path, packages: list[str], log: Log) -> None:
    """A fresh npm prefix at ``prefix`` holding ``packages``."""
    prefix.mkdir(parents=True)
    (prefix / "package.json").write_text('{"name": "factory-env", "private": true}\n')
    if packages:
        _run(
            [
                npm,
                "install",
                "--prefix",
                str(prefix),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                *packages,
            ],
            log,
            f"npm install {' '.join(packages)}",
        )


def _prepare_node_npm(factory: Factory, version: str, log: Log) -> PreparedFactory:
    npm, _, node_version = node_tools(factory)
    packages = [p.format(version=version) for p in factory.runner_for(version).get("packages", [])]
    key = _env_key([node_version, *packages])
    target = cache_dir() / "npm" / f"{factory.name}-{version}-{key}"

    def build(tmp: Path) -> None:
        npm_install(npm, tmp, packages, log)

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

#: runner kind -> the programs it needs on this machine
RUNNER_TOOLS: dict[str, tuple[str, ...]] = {
    "python-venv": (),
    "node-npm": ("node", "npm"),
}

#: runner kinds that have no local runner at all: the factory runs with docker compose only
DOCKER_ONLY = "docker-only"


def register_runner(
    kind: str,
    preparer: Callable[[Factory, str, Log], PreparedFactory],
    tools: tuple[str, ...] = (),
) -> None:
    """Add a runner kind (used by factories of other languages)."""
    _PREPARERS[kind] = preparer
    RUNNER_TOOLS[kind] = tools


def missing_debian_packages(packages: list[str]) -> list[str]:
    """Those of ``packages`` that dpkg does not list as installed."""
    missing = []
    for package in packages:
        proc = (
            subprocess.run(
                ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
            )
            if shutil.which("dpkg-query")
            else None
        )
        if proc is None or "install ok installed" not in proc.stdout:
            missing.append(package)
    return missing


def apt_hint(packages: list[str]) -> str:
    return f"apt-get install {' '.join(packages)} (or scripts/install-toolchains.sh)"


def unavailable(factory: Factory, sdk_version: str | None = None) -> str | None:
    """Why ``factory`` cannot run here with ``sdk_version`` (None: it can), without
    installing anything: no local runner, a missing program or Debian package."""
    version = sdk_version or factory.default_version
    runner = factory.runner_for(version)
    kind = str(runner.get("kind", ""))
    if kind == DOCKER_ONLY or kind not in _PREPARERS:
        return "docker compose only"
    tools = [*RUNNER_TOOLS.get(kind, ()), *runner.get("tools", [])]
    absent = [tool for tool in tools if not shutil.which(tool)]
    if absent:
        return f"needs {', '.join(absent)}"
    packages = missing_debian_packages(list(runner.get("debian_packages", [])))
    if packages:
        return f"needs Debian packages: {apt_hint(packages)}"
    return None


def prepare(
    factory: Factory, sdk_version: str | None = None, log: Log | None = None
) -> PreparedFactory:
    """Install (once, cached) what ``factory`` needs to run with ``sdk_version``.

    SDKs that only Debian ships are not installed here: the runner checks their
    packages and names the apt command that installs them."""
    version = sdk_version or factory.default_version
    kind = factory.kind_for(version)
    if kind == DOCKER_ONLY or kind not in _PREPARERS:
        raise FactoryError(
            f"factory {factory.name!r} ({factory.sdk_package} {version}) has no local runner "
            f"on this machine (runner kind {kind!r}): it runs with docker compose only "
            f"(compat capture {factory.name} --docker, or {factory.directory}/docker-compose.yml)"
        )
    runner = factory.runner_for(version)
    absent = [
        t for t in (*RUNNER_TOOLS.get(kind, ()), *runner.get("tools", [])) if not shutil.which(t)
    ]
    if absent:
        raise FactoryError(
            f"factory {factory.name!r} needs {', '.join(absent)}, which is not installed"
        )
    packages = missing_debian_packages(list(runner.get("debian_packages", [])))
    if packages:
        raise FactoryError(
            f"factory {factory.name!r} ({factory.sdk_package} {version}) needs the Debian "
            f"package(s) {', '.join(packages)}, not installed here: {apt_hint(packages)}"
        )
    return _PREPARERS[kind](factory, version, log or (lambda _: None))


def free_port() -> int:
    """A free loopback TCP port (for a scenario's own HTTP server)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
    ports: tuple[int, ...] = ()
    extra = {**prepared.runner.get("env", {}), **prepared.env}
    if prepared.runner.get("app_port"):
        ports = (free_port(),)
        extra["FACTORY_PORT"] = str(ports[0])
    started = time.monotonic()
    # A session of its own, so a timeout ends the scenario's servers and browsers too.
    proc = subprocess.Popen(
        command,
        cwd=prepared.factory.directory,
        env=scenario_env(dsn, extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _kill_group(proc)
        raise FactoryError(
            f"{prepared.factory.name} {scenario}: did not finish within {timeout:.0f} s"
        ) from exc
    finally:
        if proc.poll() is None:
            _kill_group(proc)
    _kill_group(proc)  # whatever the scenario left running in its session
    return ScenarioRun(
        scenario, command, proc.returncode, stdout, stderr, time.monotonic() - started, ports
    )


def _kill_group(proc: subprocess.Popen[str]) -> None:
    import signal

    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if proc.poll() is None:
        proc.communicate()
