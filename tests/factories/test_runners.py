"""Runner selection per SDK version, availability checks and Debian-only SDKs."""

from __future__ import annotations

from pathlib import Path

import pytest

from sentry_compat.factories import (
    FactoryError,
    get_factory,
    load_factories,
    load_factory,
    prepare,
    unavailable,
)

REPO = Path(__file__).resolve().parents[2]
FACTORIES = REPO / "error_factories"

MANIFEST = """
name = "fake"
language = "python"
[sdk]
package = "fake-sdk"
default_version = "1.0"
versions = ["1.0", "0.9"]
[runner]
kind = "{kind}"
requirements = ["fake-sdk=={{version}}"]
command = ["{{python}}", "app.py", "{{scenario}}"]
[runner.version."0.9"]
kind = "python-debian"
debian_packages = ["sentry-compat-no-such-package"]
[[scenario]]
name = "a"
description = "every version"
[[scenario]]
name = "b"
description = "only 1.0"
sdk_versions = ["1.0"]
"""


def fake(tmp_path: Path, kind: str = "python-venv") -> Path:
    (tmp_path / "factory.toml").write_text(MANIFEST.format(kind=kind))
    return tmp_path


def test_version_overrides_and_scenarios_per_version(tmp_path: Path) -> None:
    factory = load_factory(fake(tmp_path))
    assert factory.kind_for("1.0") == "python-venv" and factory.kind_for("0.9") == "python-debian"
    assert factory.runner_for("0.9")["requirements"] == ["fake-sdk=={version}"]  # inherited
    assert "version" not in factory.runner_for("1.0")
    assert [s.name for s in factory.scenarios_for("1.0")] == ["a", "b"]
    assert [s.name for s in factory.scenarios_for("0.9")] == ["a"]


def test_debian_only_sdk_names_the_apt_command(tmp_path: Path) -> None:
    factory = load_factory(fake(tmp_path))
    reason = unavailable(factory, "0.9")
    assert reason and "apt-get install sentry-compat-no-such-package" in reason
    with pytest.raises(FactoryError, match="apt-get install sentry-compat-no-such-package"):
        prepare(factory, "0.9")


def test_docker_only_factories_say_so(tmp_path: Path) -> None:
    factory = load_factory(fake(tmp_path, kind="docker-only"))
    assert unavailable(factory, "1.0") == "docker compose only"
    with pytest.raises(FactoryError, match="docker compose only"):
        prepare(factory, "1.0")


def test_every_factory_has_docker_files_and_scenarios_run_somewhere() -> None:
    factories = load_factories(FACTORIES)
    assert len({f.sdk_package for f in factories.values()}) >= 12
    for factory in factories.values():
        assert (factory.directory / "Dockerfile").is_file(), factory.name
        compose = (factory.directory / "docker-compose.yml").read_text()
        assert f"dockerfile: {factory.directory.name}/Dockerfile" in compose, factory.name
        assert "network_mode: host" in compose
        for version in factory.versions:
            assert factory.scenarios_for(version), (factory.name, version)
        for scenario in factory.scenarios:
            assert scenario.description and scenario.features, (factory.name, scenario.name)
            assert set(scenario.sdk_versions) <= set(factory.versions)


def test_the_issue_scenarios_exist_where_the_sdk_can_produce_them() -> None:
    browser = {s.name for s in get_factory("browser-sentry", FACTORIES).scenarios}
    assert {
        "onerror_error",
        "onerror_string",
        "onerror_object",
        "timeout_error",
        "listener_error",
        "rejection_error",
        "rejection_string",
        "captured_exception",
        "captured_string",
        "captured_object",
        "captured_message",
    } <= browser
    for name in (
        "python-sentry-sdk",
        "python-raven",
        "node-sentry",
        "node-raven",
        "go-sentry",
        "ruby-sentry",
        "ruby-raven",
    ):
        names = {s.name for s in get_factory(name, FACTORIES).scenarios}
        assert {"captured_exception", "captured_message", "rich_context"} <= names, name
        assert {"custom_fingerprint", "long_value", "unicode"} <= names, name
