from __future__ import annotations

from pathlib import Path

import pytest

from sentry_compat.factories import FactoryError, get_factory, load_factories, load_factory

REPO = Path(__file__).resolve().parents[2]


def test_every_factory_manifest_loads() -> None:
    factories = load_factories(REPO / "error_factories")
    assert "python-sentry-sdk" in factories
    for factory in factories.values():
        assert factory.scenarios, factory.name
        assert factory.default_version in factory.versions
        if factory.docker_compose:
            assert (factory.directory / factory.docker_compose).is_file(), factory.name
        assert len({s.name for s in factory.scenarios}) == len(factory.scenarios)


def test_python_factory_has_the_issue_scenarios() -> None:
    names = {s.name for s in get_factory("python-sentry-sdk", REPO / "error_factories").scenarios}
    assert {
        "zero_division",
        "captured_exception",
        "captured_message",
        "logging_error",
        "message_params",
        "rich_context",
        "custom_fingerprint",
    } <= names


def test_bad_manifests_name_the_file(tmp_path: Path) -> None:
    (tmp_path / "factory.toml").write_text('name = "x"\n')
    with pytest.raises(FactoryError, match=r"factory\.toml: missing 'sdk'"):
        load_factory(tmp_path)
    (tmp_path / "factory.toml").write_text("name = [")
    with pytest.raises(FactoryError, match="invalid TOML"):
        load_factory(tmp_path)
    with pytest.raises(FactoryError, match="no factory named 'nope'"):
        get_factory("nope", REPO / "error_factories")
    with pytest.raises(FactoryError, match="has no scenario 'nope'"):
        get_factory("python-sentry-sdk", REPO / "error_factories").scenario("nope")


SDK_PER_VERSION = """
name = "fw"
language = "python"
[sdk]
package = "sentry-sdk"
name = "sentry.python.flask"
default_version = "2.0"
versions = ["2.0", "6.1"]
[sdk.version."6.1"]
package = "raven"
{extra}
[[scenario]]
name = "a"
description = "a"
"""


def test_a_version_can_run_another_sdk_package(tmp_path: Path) -> None:
    from sentry_compat.capture.session import case_name

    (tmp_path / "factory.toml").write_text(SDK_PER_VERSION.format(extra='name = "raven-python"'))
    factory = load_factory(tmp_path)
    assert factory.sdk_for("2.0") == ("sentry-sdk", "sentry.python.flask")
    assert factory.sdk_for("6.1") == ("raven", "raven-python")
    assert factory.sdk_for("9.9") == ("sentry-sdk", "sentry.python.flask")  # not listed
    assert case_name("{sdk}-{sdk_version}-{scenario}", factory, "6.1", "a") == "raven-6.1-a"
    # a package without a name reports the package's name, never the other SDK's
    (tmp_path / "factory.toml").write_text(SDK_PER_VERSION.format(extra=""))
    assert load_factory(tmp_path).sdk_for("6.1") == ("raven", "raven")
    (tmp_path / "factory.toml").write_text(SDK_PER_VERSION.format(extra='kind = "x"'))
    with pytest.raises(FactoryError, match=r'\[sdk\.version\."6\.1"\]: only'):
        load_factory(tmp_path)
