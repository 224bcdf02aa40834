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
        "envelope",
        ["gzip"],
        "application/x-sentry-envelope",
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
        "store",
        "deflate",
        ["deflate (zlib)"],
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


def _needs(*tools: str) -> None:
    missing = [t for t in tools if not shutil.which(t)]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (scripts/install-toolchains.sh)")


def _needs_factory(factory: str, version: str) -> None:
    from sentry_compat.factories import unavailable

    reason = unavailable(get_factory(factory), version)
    if reason:
        pytest.skip(f"{factory} {version}: {reason}")


def test_debian_sentry_sdk_1_9_runs_under_system_python(capture_server: CaptureServer) -> None:
    _needs_factory("python-sentry-sdk", "1.9.10")
    result, captured = run(capture_server, "python-sentry-sdk", "1.9.10", "captured_message")
    assert result.returncode == 0, result.stderr
    assert (captured.record["endpoint"], captured.record["decode_steps"]) == ("store", ["gzip"])
    assert captured.event["sdk"]["version"] == "1.9.10"
    assert captured.event["message"] == "hello from factory"


@pytest.mark.npm
@pytest.mark.chromium
def test_browser_sdk_in_headless_chromium(capture_server: CaptureServer) -> None:
    _needs_factory("browser-sentry", "11.12.0")
    result, captured = run(capture_server, "browser-sentry", "11.12.0", "timeout_error")
    assert result.returncode == 0, result.stderr
    record = captured.record
    headers = {k.lower(): v for k, v in record["request"]["headers"]}
    assert record["endpoint"] == "envelope" and record["auth"]["sources"] == ["query string"]
    assert headers["content-type"].startswith("text/plain")
    assert headers["origin"].startswith("http://127.0.0.1:")  # the page's own origin (CORS)
    exc = captured.event["exception"]["values"][-1]
    assert (exc["type"], exc["value"]) == ("RangeError", "Division by zero")
    assert exc["mechanism"]["type"].endswith("setTimeout") and exc["mechanism"]["handled"] is False


@pytest.mark.chromium
def test_debian_raven_js_bundled_from_sources(capture_server: CaptureServer) -> None:
    _needs_factory("browser-raven-js", "3.22.1")
    result, captured = run(capture_server, "browser-raven-js", "3.22.1", "captured_message")
    assert result.returncode == 0, result.stderr
    assert captured.record["endpoint"] == "store"
    assert captured.record["auth"]["client"] == "raven-js/3.22.1"
    assert captured.event["message"] == "hello from factory" and "sdk" not in captured.event


def test_sentry_go_sends_a_bare_exception_list(capture_server: CaptureServer) -> None:
    _needs_factory("go-sentry", "0.11.0")
    result, captured = run(capture_server, "go-sentry", "0.11.0", "chained_exception")
    assert result.returncode == 0, result.stderr
    assert captured.record["auth"]["client"] == "sentry.go/0.11.0"
    exceptions = captured.event["exception"]
    assert isinstance(exceptions, list) and len(exceptions) == 3
    assert exceptions[-1]["stacktrace"]["frames"][-1]["filename"] == "factory/main.go"


def test_raven_go_compresses_only_large_bodies(capture_server: CaptureServer) -> None:
    _needs_factory("go-raven", "0.2.0")
    result, captured = run(capture_server, "go-raven", "0.2.0", "panic")
    assert result.returncode == 0, result.stderr
    assert captured.record["auth"]["version"] == "4"
    assert "base64" in "+".join(captured.record["decode_steps"])
    assert captured.event["server_name"]  # the real hostname: scrubbed by capture sessions


def test_sentry_ruby_sends_envelopes_with_an_empty_content_encoding(
    capture_server: CaptureServer,
) -> None:
    _needs_factory("ruby-sentry", "5.3.0")
    result, captured = run(capture_server, "ruby-sentry", "5.3.0", "captured_exception")
    assert result.returncode == 0, result.stderr
    headers = {k.lower(): v for k, v in captured.record["request"]["headers"]}
    assert captured.record["endpoint"] == "envelope" and headers["content-encoding"] == ""
    assert captured.event["exception"]["values"][-1]["type"] == "ZeroDivisionError"


def test_sentry_raven_ruby_reports_an_unhandled_exception_at_exit(
    capture_server: CaptureServer,
) -> None:
    _needs_factory("ruby-raven", "3.1.2")
    result, captured = run(capture_server, "ruby-raven", "3.1.2", "zero_division")
    assert result.returncode != 0
    assert captured.record["auth"]["client"] == "raven-ruby/3.1.2"
    assert captured.event["exception"]["values"][-1]["type"] == "ZeroDivisionError"


@pytest.mark.npm
def test_raven_node_and_sentry_cli(capture_server: CaptureServer) -> None:
    _needs("node", "npm")
    result, captured = run(capture_server, "node-raven", "2.6.4", "captured_message")
    assert result.returncode == 0, result.stderr
    assert captured.record["auth"]["client"] == "raven-node/2.6.4"
    since = len(capture_server.store)
    prepared = prepare(get_factory("sentry-cli"), "3.8.0")
    done = run_scenario(prepared, "rich_context", capture_server.dsn, timeout=60)
    assert done.returncode == 0, done.stderr
    event = capture_server.wait_for_event(timeout=30, since=since).event
    assert event["tags"]["customer_tier"] == "gold" and "environ" not in event.get("extra", {})
