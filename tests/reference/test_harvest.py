"""Harvest helpers: who the event is posted as, and what the manifest records."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from sentry_compat.reference.client import DEFAULT_SENTRY_CLIENT
from sentry_compat.reference.harvest import (
    ClientIdentity,
    client_identity,
    identity,
    parse_auth_client,
    reference_record,
)
from sentry_compat.reference.state import OracleState

EVENT = {"sdk": {"name": "sentry.python", "version": "0.14.3"}}


def test_parse_auth_client() -> None:
    assert parse_auth_client(
        "Sentry sentry_version=7, sentry_client=raven-js/3.27.0, sentry_key=k"
    ) == ("raven-js/3.27.0")
    assert parse_auth_client("sentry_key=k,sentry_client=x/1") == "x/1"
    assert parse_auth_client("Sentry sentry_key=k") is None


def test_identity_from_the_event_sdk() -> None:
    assert client_identity(EVENT) == ("sentry.python/0.14.3", "sentry.python/0.14.3")
    assert client_identity({}) == (DEFAULT_SENTRY_CLIENT, DEFAULT_SENTRY_CLIENT)
    assert client_identity({"sdk": {"name": "x"}}) == (DEFAULT_SENTRY_CLIENT, DEFAULT_SENTRY_CLIENT)
    # an sdk that cannot go into the X-Sentry-Auth header is not used (generated events)
    for name in ("a\nb", "a,b", "é", " a", 'a"'):
        assert client_identity({"sdk": {"name": name, "version": "1"}})[0] == DEFAULT_SENTRY_CLIENT


def test_identity_from_a_capture_record() -> None:
    record = {
        "request": {
            "headers": [
                ["User-Agent", "sentry-python/1.9.10"],
                [
                    "X-Sentry-Auth",
                    "Sentry sentry_key=k, sentry_version=7, sentry_client=sentry.python/1.9.10",
                ],
            ],
            "query": [],
        },
        "auth": {"client": "ignored/0"},
    }
    assert client_identity(EVENT, record) == ("sentry.python/1.9.10", "sentry-python/1.9.10")


def test_identity_from_auth_or_query_when_headers_lack_it() -> None:
    record = {"request": {"headers": {"user-agent": "ua"}}, "auth": {"client": "sdk/2"}}
    assert client_identity(EVENT, record) == ("sdk/2", "ua")
    wire = {
        "method": "POST",
        "path": "/api/1/store/?sentry_key=k&sentry_client=js/7",
        "headers": {},
    }
    assert client_identity(EVENT, wire) == ("js/7", "js/7")


def test_reference_record(tmp_path: Path) -> None:
    state = OracleState(
        dir=str(tmp_path),
        url="http://127.0.0.1:9000",
        port=9000,
        redis_port=10000,
        project_id=2,
        project="oracle",
        key_id=3,
        versions={"sentry": "9.1.2", "semaphore": "0.4.65"},
    )
    when = datetime(2026, 11, 27, 8, 0, tzinfo=timezone.utc)
    record = reference_record(
        state,
        event_id="e" * 32,
        timestamp_shift=207328161,
        received=1795766621.56,
        sentry_client="sentry.python/0.14.3",
        user_agent="sentry.python/0.14.3",
        harvested=when,
    )
    assert record == {
        "oracle": {"semaphore": "0.4.65", "sentry": "9.1.2"},
        "harvested": "2026-11-27T08:00:00+00:00",
        "received": 1795766621.56,
        "event_id": "e" * 32,
        "timestamp_shift": 207328161,
        "project_id": 2,
        "project": {"slug": "oracle", "name": "oracle"},
        "key_id": 3,
        "client_ip": "127.0.0.1",
        "user_agent": "sentry.python/0.14.3",
        "sentry_client": "sentry.python/0.14.3",
        "protocol_version": "7",
    }


def test_identity_keeps_a_missing_sentry_client_and_the_protocol_version() -> None:
    # raven-go 0.2: no sentry_client, protocol 4: 9.1.2 took the client from the User-Agent
    # and stored version "4"
    raven_go = {
        "method": "POST",
        "path": "/api/1/store/",
        "query": [],
        "headers": [
            ["User-Agent", "raven-go/1.0"],
            ["X-Sentry-Auth", "Sentry sentry_version=4, sentry_key={{public_key}}"],
        ],
    }
    assert identity({"sdk": {"name": "x", "version": "1"}}, raven_go) == ClientIdentity(
        None, "raven-go/1.0", "4"
    )
    assert client_identity({}, raven_go) == ("raven-go/1.0", "raven-go/1.0")
    raven_js = {
        "path": "/api/1/store/",
        "query": [
            ["sentry_version", "7"],
            ["sentry_client", "raven-js/3.27.2"],
            ["sentry_key", "k"],
        ],
        "headers": [["User-Agent", "Mozilla/5.0"]],
    }
    assert identity({}, raven_js) == ClientIdentity("raven-js/3.27.2", "Mozilla/5.0", "7")
    # neither a client nor a User-Agent (9.1.2 refused such a request): the sdk stands in
    bare = {"path": "/api/1/envelope/", "query": [["sentry_key", "k"]], "headers": []}
    assert identity({"sdk": {"name": "n", "version": "2"}}, bare) == ClientIdentity(
        "n/2", None, "7"
    )


def test_store_request_without_client_sends_the_user_agent_only() -> None:
    from sentry_compat.reference.client import build_store_request

    req = build_store_request(
        "http://o", 2, "pk", {}, sentry_client=None, user_agent="raven-go/1.0", protocol_version="4"
    )
    assert req.headers["X-Sentry-Auth"] == "Sentry sentry_version=4, sentry_key=pk"
    assert req.headers["User-Agent"] == "raven-go/1.0"
