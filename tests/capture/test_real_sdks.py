"""Real SDKs (installed from PyPI / npm into cached environments) send to a real capture server."""

from __future__ import annotations

import shutil

import pytest

from sentry_compat.capture import CaptureServer
from sentry_compat.factories import get_factory, prepare, run_scenario

pytestmark = pytest.mark.slow


def run(capture_server: CaptureServer, factory: str, version: str, scenario: str):  # type: ignore[no-untyped-def]
    prepared = prepare(get_factory(factory), version)
    result = run_scenario(prepared, scenario, capture_server.dsn, timeout=120)
    captured = capture_server.wait_for_event(timeout=30)
    return result, captured


def frames(event: dict) -> list[dict]:
    exc = event["exception"]
    values = exc["values"] if isinstance(exc, dict) else exc
    return values[-1]["stacktrace"]["frames"]


def test_sentry_sdk_2_sends_gzip_envelopes(capture_server: CaptureServer) -> None:
    result, captured = run(capture_server, "python-sentry-sdk", "2.75.0", "captured_exception")
    assert result.returncode == 0, result.stderr
    record = captured.record
    assert (record["endpoint"], record["decode_steps"], record["content_type"]) == (
        "envelope", ["gzip"], "application/x-sentry-envelope"
    )
    assert record["auth"]["version"] == "7" and record["auth"]["client"] == "sentry.python/2.75.0"
    event = captured.event
    exc = event["exception"]["values"][-1]
    assert (exc["type"], exc["value"]) == ("ZeroDivisionError", "division by zero")
    assert exc["mechanism"]["handled"] is True
    assert [f["function"] for f in frames(event)][-2:] == ["captured_exception", "divide"]
    assert event["sdk"]["name"] == "sentry.python" and event["sdk"]["version"] == "2.75.0"
    assert record["envelope_headers"]["event_id"] == event["event_id"] == captured.event_id


def test_sentry_sdk_1_45_sends_gzip_store(capture_server: CaptureServer) -> None:
    result, captured = run(capture_server, "python-sentry-sdk", "1.45.1", "message_params")
    assert result.returncode == 0, result.stderr
    record = captured.record
    assert (record["endpoint"], record["decode_steps"]) == ("store", ["gzip"])
    assert record["content_encoding"] == "gzip"
    logentry = captured.event["logentry"]
    assert logentry == {"message": "%s failed to log in %d times", "params": ["alice", 3]}
    assert captured.event["logger"] == "factory.auth"


def test_raven_python_sends_zlib_deflate(capture_server: CaptureServer) -> None:
    result, captured = run(capture_server, "python-raven", "6.10.0", "captured_exception")
    assert result.returncode == 0, result.stderr
    record = captured.record
    assert (record["endpoint"], record["content_encoding"], record["decode_steps"]) == (
        "store", "deflate", ["deflate (zlib)"]
    )
    assert record["auth"]["version"] == "6" and record["auth"]["timestamp"]
    assert record["auth"]["client"] == "raven-python/6.10.0"
    exc = captured.event["exception"]["values"][-1]
    assert (exc["type"], exc["value"]) == ("ZeroDivisionError", "division by zero")
    assert captured.event["level"] == 40  # raven-python sends numeric levels


@pytest.mark.npm
def test_sentry_node_sends_chunked_envelopes_with_query_auth(capture_server: CaptureServer) -> None:
    if not shutil.which("npm") or not shutil.which("node"):
        pytest.skip("node and npm are not installed: cannot install @sentry/node")
    result, captured = run(capture_server, "node-sentry", "11.12.0", "captured_exception")
    assert result.returncode == 0, result.stderr
    record = captured.record
    headers = {k.lower(): v for k, v in record["request"]["headers"]}
    assert record["endpoint"] == "envelope"
    assert headers.get("transfer-encoding") == "chunked" and "content-type" not in headers
    assert "x-sentry-auth" not in headers and record["auth"]["sources"] == ["query string"]
    exc = captured.event["exception"]["values"][-1]
    assert (exc["type"], exc["value"]) == ("RangeError", "Division by zero")
    assert captured.event["sdk"]["name"] == "sentry.javascript.node"
    assert captured.event["platform"] == "node"
