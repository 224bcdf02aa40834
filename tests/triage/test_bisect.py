"""triage.bisect and triage.registry: the search and the version lists it walks."""

from __future__ import annotations

import math

import pytest

from sentry_compat.triage.bisect import bisect_versions
from sentry_compat.triage.registry import RegistryError, between, registry_for, sort_versions

VERSIONS = [f"2.{minor}.0" for minor in range(40)]


@pytest.mark.parametrize("change_at", [0, 1, 17, 38, 39])
def test_finds_the_first_change_in_log_n_runs(change_at: int) -> None:
    first = VERSIONS[change_at]
    result = bisect_versions(
        VERSIONS[:-1], "1.45.1", VERSIONS[-1], lambda v: VERSIONS.index(v) >= change_at
    )
    assert result.first_changed == first
    # bad, then at most ceil(log2(n + 1)) midpoints
    assert result.steps <= 1 + math.ceil(math.log2(result.candidates + 1))


def test_no_change_between_good_and_bad() -> None:
    result = bisect_versions(VERSIONS[1:-1], VERSIONS[0], VERSIONS[-1], lambda v: False)
    assert result.first_changed is None and result.steps == 1
    assert "no change" in result.message


def test_versions_that_cannot_run_are_skipped() -> None:
    broken = {"2.19.0", "2.20.0"}

    def changed(version: str) -> bool | None:
        if version in broken:
            return None
        return VERSIONS.index(version) >= 20

    result = bisect_versions(VERSIONS[1:-1], VERSIONS[0], VERSIONS[-1], changed)
    assert result.first_changed in ("2.20.0", "2.21.0")
    assert result.last_same in ("2.18.0", "2.19.0")
    assert "could not be run" in result.message  # 2.20.0 itself is unknown
    assert any(answer is None for _, answer in result.runs)


def test_pypi_and_npm_ordering() -> None:
    assert sort_versions("pypi", ["2.0.0", "1.45.1", "2.0.0a1", "1.9.10", "2.10.0"]) == [
        "1.9.10", "1.45.1", "2.0.0a1", "2.0.0", "2.10.0",
    ]  # fmt: skip
    npm = ["8.0.0-beta.1", "7.120.4", "11.12.0", "8.0.0", "8.0.0-alpha.9", "10.0.0"]
    assert sort_versions("npm", npm) == [
        "7.120.4", "8.0.0-alpha.9", "8.0.0-beta.1", "8.0.0", "10.0.0", "11.12.0",
    ]  # fmt: skip
    assert between("npm", npm, "7.120.4", "11.12.0") == ["8.0.0", "10.0.0"]
    assert between("npm", npm, "7.120.4", "11.12.0", prereleases=True)[0] == "8.0.0-alpha.9"
    assert between("pypi", ["1.45.1", "2.0.0rc1", "2.0.0", "2.1.0"], "1.45.1", "2.1.0") == ["2.0.0"]
    with pytest.raises(RegistryError, match="older"):
        between("pypi", [], "2.0.0", "1.0.0")


def test_registry_of_a_factory_runner() -> None:
    assert registry_for({"kind": "python-venv"}, "sentry-sdk") == "pypi"
    assert registry_for({"kind": "node-npm"}, "@sentry/node") == "npm"
    with pytest.raises(RegistryError, match="Debian only"):
        registry_for(
            {"kind": "python-system", "debian_packages": ["python3-sentry-sdk"]}, "sentry-sdk"
        )
    with pytest.raises(RegistryError, match="no package registry"):
        registry_for({"kind": "docker-only"}, "sentry-php")
