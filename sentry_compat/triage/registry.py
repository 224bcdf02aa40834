"""The versions a package registry published, in order: what a bisection walks.

* PyPI: the JSON API (``https://pypi.org/pypi/<package>/json``; ``$SENTRY_COMPAT_PYPI_URL``
  overrides the base), releases with at least one file not yanked, ordered by PEP 440;
* npm: ``npm view <package> versions --json`` (the npm client, with its configured
  registry), ordered by semver;
* a factory whose SDK comes only from Debian has no registry to bisect: :class:`RegistryError`
  says so.

Pre-releases are left out unless asked for.  One request per bisection.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.request
from collections.abc import Sequence
from typing import Any

from ..exceptions import SentryCompatError

__all__ = [
    "RegistryError",
    "between",
    "npm_versions",
    "pypi_versions",
    "registry_for",
    "sort_versions",
    "version_key",
]

_SEMVER = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")


class RegistryError(SentryCompatError):
    """Versions cannot be listed (no registry for the SDK, registry unreachable)."""


def registry_for(runner: dict[str, Any], package: str) -> str:
    """``pypi`` or ``npm`` for a factory runner table; :class:`RegistryError` otherwise."""
    kind = str(runner.get("kind", ""))
    if runner.get("debian_packages") or "debian" in kind:
        packages = ", ".join(runner.get("debian_packages") or []) or package
        raise RegistryError(
            f"{package} comes from Debian only here ({packages}): Debian ships one version, "
            "there is nothing to bisect; compare the versions you have with --sdk-versions"
        )
    if kind == "python-venv":
        return "pypi"
    if kind == "node-npm":
        return "npm"
    raise RegistryError(
        f"{package}: runner kind {kind!r} has no package registry this tool can list versions from"
    )


def version_key(registry: str, version: str) -> tuple[Any, ...]:
    """A sort key: PEP 440 for PyPI (``packaging``), semver for npm."""
    if registry == "pypi":
        from packaging.version import InvalidVersion, Version

        try:
            return (0, Version(version))
        except InvalidVersion:
            return (1, version)
    match = _SEMVER.match(version)
    if not match:
        return (2, (), version)
    major, minor, patch, pre = match.groups()
    # a release sorts after its pre-releases
    pre_key: tuple[Any, ...] = (
        (1,)
        if pre is None
        else (
            0,
            tuple((0, int(p)) if p.isdigit() else (1, p) for p in pre.split(".")),
        )
    )
    return (0, (int(major), int(minor), int(patch)), pre_key)


def is_prerelease(registry: str, version: str) -> bool:
    if registry == "pypi":
        from packaging.version import InvalidVersion, Version

        try:
            return Version(version).is_prerelease
        except InvalidVersion:
            return True
    match = _SEMVER.match(version)
    return match is None or match.group(4) is not None


def sort_versions(registry: str, versions: Sequence[str]) -> list[str]:
    return sorted(dict.fromkeys(versions), key=lambda v: version_key(registry, v))


def pypi_versions(package: str, *, timeout: float = 30.0) -> list[str]:
    base = os.environ.get("SENTRY_COMPAT_PYPI_URL", "https://pypi.org/pypi").rstrip("/")
    url = f"{base}/{package}/json"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            data = json.load(response)
    except (OSError, ValueError) as exc:
        raise RegistryError(f"PyPI: GET {url}: {exc}") from None
    releases = data.get("releases") if isinstance(data, dict) else None
    if not isinstance(releases, dict):
        raise RegistryError(f"PyPI: {url}: no 'releases' in the answer")
    return [
        version
        for version, files in releases.items()
        if isinstance(files, list)
        and any(not f.get("yanked") for f in files if isinstance(f, dict))
    ]


def npm_versions(package: str, *, timeout: float = 120.0) -> list[str]:
    npm = shutil.which("npm")
    if not npm:
        raise RegistryError("npm is not installed: cannot list the versions of " + package)
    proc = subprocess.run(
        [npm, "view", package, "versions", "--json"],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise RegistryError(f"npm view {package} versions: {proc.stderr.strip()[-500:]}")
    try:
        data = json.loads(proc.stdout)
    except ValueError as exc:
        raise RegistryError(f"npm view {package} versions: not JSON ({exc})") from None
    return [data] if isinstance(data, str) else [str(v) for v in data]


def list_versions(registry: str, package: str) -> list[str]:
    if registry == "pypi":
        return pypi_versions(package)
    if registry == "npm":
        return npm_versions(package)
    raise RegistryError(f"unknown registry {registry!r}")


def between(
    registry: str,
    versions: Sequence[str],
    good: str,
    bad: str,
    *,
    prereleases: bool = False,
) -> list[str]:
    """The published versions strictly between ``good`` and ``bad``, in order."""
    low, high = version_key(registry, good), version_key(registry, bad)
    if low >= high:
        raise RegistryError(
            f"--bisect {good} {bad}: the good version must be older than the bad one"
        )
    out = [
        v
        for v in sort_versions(registry, versions)
        if low < version_key(registry, v) < high and (prereleases or not is_prerelease(registry, v))
    ]
    return out
