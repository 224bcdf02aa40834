from __future__ import annotations

import pytest

from sentry_compat.auth import PROTOCOL_VERSIONS, auth_from_request, parse_auth_header
from sentry_compat.exceptions import AuthError, ProtocolError


def test_x_sentry_auth_header_raven_python() -> None:
    auth = auth_from_request(
        {
            "X-Sentry-Auth": "Sentry sentry_timestamp=1732700000.1, sentry_client=raven-python/6.10.0, "
            "sentry_version=6, sentry_key=abc"
        }
    )
    assert (auth.public_key, auth.version, auth.client, auth.timestamp) == (
        "abc",
        "6",
        "raven-python/6.10.0",
        "1732700000.1",
    )
    assert auth.sources == ("X-Sentry-Auth header",)
    assert auth.client_name == "raven-python"


def test_authorization_header_and_secret() -> None:
    auth = auth_from_request(
        {"authorization": "Sentry sentry_key=k, sentry_secret=s, sentry_version=7"}
    )
    assert (auth.public_key, auth.secret_key) == ("k", "s")
    assert auth.sources == ("Authorization header",)


def test_query_string_browser() -> None:
    auth = auth_from_request(
        {"User-Agent": "Mozilla/5.0"},
        [("sentry_key", "k"), ("sentry_version", "7"), ("sentry_client", "raven-js/3.27.2")],
    )
    assert (auth.public_key, auth.client, auth.sources) == (
        "k",
        "raven-js/3.27.2",
        ("query string",),
    )


def test_client_defaults_to_user_agent() -> None:
    auth = auth_from_request(
        {"User-Agent": "sentry.python/2.75.0"}, {"sentry_key": "k", "sentry_version": "7"}
    )
    assert auth.client == "sentry.python/2.75.0"


def test_envelope_dsn_only() -> None:
    auth = auth_from_request(None, None, envelope_dsn="http://k:s@127.0.0.1:9/1")
    assert (auth.public_key, auth.secret_key, auth.version) == ("k", "s", None)
    assert auth.sources == ("envelope header dsn",)


def test_agreeing_sources_are_accepted() -> None:
    auth = auth_from_request(
        {"X-Sentry-Auth": "Sentry sentry_key=k, sentry_version=7"}, envelope_dsn="http://k@h/1"
    )
    assert auth.sources == ("X-Sentry-Auth header", "envelope header dsn")


def test_conflicting_sources_are_rejected() -> None:
    with pytest.raises(AuthError, match="conflicting") as info:
        auth_from_request(
            {"X-Sentry-Auth": "Sentry sentry_key=a, sentry_version=7"}, {"sentry_key": "b"}
        )
    assert info.value.status == 400


def test_missing_auth() -> None:
    with pytest.raises(AuthError, match="Unable to find authentication information") as info:
        auth_from_request({"User-Agent": "x"}, [("foo", "bar")])
    assert info.value.status == 401


def test_missing_key() -> None:
    with pytest.raises(AuthError, match="no sentry_key"):
        auth_from_request({"X-Sentry-Auth": "Sentry sentry_version=7"})


@pytest.mark.parametrize("version", sorted(PROTOCOL_VERSIONS))
def test_versions_912_accepted(version: str) -> None:
    assert (
        auth_from_request(
            {"X-Sentry-Auth": f"Sentry sentry_key=k, sentry_version={version}"}
        ).version
        == version
    )


@pytest.mark.parametrize("version", ["1", "8", "7.0", ""])
def test_other_versions_rejected(version: str) -> None:
    with pytest.raises(ProtocolError, match="unsupported server protocol version"):
        auth_from_request({"X-Sentry-Auth": f"Sentry sentry_key=k, sentry_version={version}"})


def test_header_parsing_is_912_like() -> None:
    assert parse_auth_header('Sentry sentry_key="q", a=b=c') == {"sentry_key": '"q"', "a": "b=c"}
    with pytest.raises(AuthError, match="piece 1"):
        parse_auth_header("Sentry sentry_key=k, junk")


def test_non_sentry_authorization_is_ignored() -> None:
    with pytest.raises(AuthError, match="Unable to find"):
        auth_from_request({"Authorization": "Bearer token"})
