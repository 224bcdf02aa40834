"""Local runners for SDKs that only Debian ships here (no registry of theirs is reachable).

``python-debian``: Debian's ``python3`` with a ``python3-*`` SDK package (sentry-sdk 1.9.10).
``go-debian``: sentry-go / raven-go from ``golang-github-getsentry-*-dev``, built without
modules (``GO111MODULE=off GOPATH=<cache>:/usr/share/gocode``), cached per factory and version.
``ruby-debian``: Debian's ``ruby`` with ``ruby-sentry-*`` gems.

None of them installs anything: :func:`~sentry_compat.factories.runners.prepare` checks the
runner's ``debian_packages`` first and names the apt command that installs them
(``scripts/install-toolchains.sh`` installs them all).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .manifest import Factory, FactoryError
from .runners import Log, PreparedFactory, _env_key, _locked_build, _run, cache_dir, register_runner

__all__: list[str] = []

GOCODE = "/usr/share/gocode"


def _debian_version(package: str) -> str:
    proc = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True
    )
    return proc.stdout.strip()


def _prepare_python_debian(factory: Factory, version: str, log: Log) -> PreparedFactory:
    runner = factory.runner_for(version)
    python = runner.get("python", "/usr/bin/python3")
    if not Path(python).exists():
        raise FactoryError(
            f"factory {factory.name!r}: {python} not found (apt-get install python3)"
        )
    # Debian's paths (/usr/lib/python3/dist-packages, /usr/lib/python3.11) are the same on
    # every Debian machine: nothing to scrub but the factory folder.
    return PreparedFactory(
        factory=factory,
        sdk_version=version,
        environment=Path("/usr"),
        substitutions={"python": python, "dir": str(factory.directory)},
        machine_paths={},
        env={"PYTHONNOUSERSITE": "1"},
    )


def _prepare_go_debian(factory: Factory, version: str, log: Log) -> PreparedFactory:
    go = shutil.which("go")
    if not go:
        raise FactoryError(f"factory {factory.name!r} needs go: apt-get install golang-go")
    runner = factory.runner_for(version)
    sources = sorted(factory.directory.glob("*.go"))
    if not sources:
        raise FactoryError(f"factory {factory.name!r}: no *.go file in {factory.directory}")
    packages = list(runner.get("debian_packages", []))
    go_version = subprocess.run([go, "version"], capture_output=True, text=True).stdout.strip()
    key = _env_key(
        [
            go_version,
            "-trimpath",
            *(f"{p}={_debian_version(p)}" for p in packages),
            *(s.read_text() for s in sources),
        ]
    )
    target = cache_dir() / "go" / f"{factory.name}-{version}-{key}"

    def build(tmp: Path) -> None:
        (tmp / "gopath").mkdir(parents=True)
        (tmp / "gocache").mkdir()
        # Build inside a GOPATH package folder with -trimpath, so file paths in stack traces
        # are import paths (factory/main.go, runtime/panic.go), the same on every machine.
        src = tmp / "gopath" / "src" / "factory"
        src.mkdir(parents=True)
        for source in sources:
            shutil.copy2(source, src / source.name)
        env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": str(tmp),
            "GO111MODULE": "off",
            "GOPATH": f"{tmp / 'gopath'}:{GOCODE}",
            "GOCACHE": str(tmp / "gocache"),
        }
        _run(
            [go, "build", "-trimpath", "-o", str(tmp / "factory-bin"), "."],
            log,
            "go build",
            cwd=src,
            env=env,
        )

    _locked_build(target, build, log)
    return PreparedFactory(
        factory=factory,
        sdk_version=version,
        environment=target,
        substitutions={"binary": str(target / "factory-bin"), "dir": str(factory.directory)},
        machine_paths={"gopath": str(target / "gopath")},
    )


def _prepare_ruby_debian(factory: Factory, version: str, log: Log) -> PreparedFactory:
    ruby = shutil.which("ruby")
    if not ruby:
        raise FactoryError(f"factory {factory.name!r} needs ruby: apt-get install ruby")
    return PreparedFactory(
        factory=factory,
        sdk_version=version,
        environment=Path("/usr/lib/ruby"),
        substitutions={"ruby": ruby, "dir": str(factory.directory)},
        machine_paths={},
        env={"RUBYOPT": ""},
    )


register_runner("python-debian", _prepare_python_debian, ())
register_runner("go-debian", _prepare_go_debian, ("go",))
register_runner("ruby-debian", _prepare_ruby_debian, ("ruby",))
