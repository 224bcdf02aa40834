"""Framework factories (Django, Flask, FastAPI, Express, Rails): each app runs for real,
receives a real HTTP request from another process and its SDK sends to a real capture server."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from sentry_compat.capture import CaptureServer
from sentry_compat.factories import get_factory, prepare, run_scenario, unavailable

REPO = Path(__file__).resolve().parents[2]
FRAMEWORKS = ("python-django", "python-flask", "python-fastapi", "node-express", "ruby-rails")
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def http_client() -> ModuleType:
    path = REPO / "error_factories" / "_shared" / "http_client.py"
    spec = importlib.util.spec_from_file_location("factory_http_client", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_framework_scenario_is_a_request_of_the_shared_client() -> None:
    requests = http_client().REQUESTS
    for name in FRAMEWORKS:
        factory = get_factory(name)
        assert factory.runner.get("app_port") is True, name
        assert "../_shared/http_client.py" in factory.runner["command"], name
        for scenario in factory.scenarios:
            assert scenario.name in requests, (name, scenario.name)
        core = {"view_error", "post_json_error", "post_form_error", "handled_exception"}
        assert core <= {s.name for s in factory.scenarios}, name


def test_the_client_sends_fixed_browser_headers_and_no_trace_headers() -> None:
    client = http_client()
    assert client.HEADERS["User-Agent"] == BROWSER and "Cookie" in client.HEADERS
    for method, path, extra, body, _status in client.REQUESTS.values():
        headers = {**client.HEADERS, **extra}
        assert not {"sentry-trace", "baggage", "traceparent"} & {h.lower() for h in headers}
        assert "#" not in path and path.startswith("/")
        assert (method == "POST") == bool(body)


def test_legacy_clients_of_a_framework_factory_are_named_per_version() -> None:
    django = get_factory("python-django")
    assert django.sdk_for("2.75.0") == ("sentry-sdk", "sentry.python.django")
    assert django.sdk_for("6.10.0") == ("raven", "raven-python")
    assert "Django==2.2.28" in django.runner_for("6.10.0")["requirements"]
    assert [s.name for s in django.scenarios_for("6.10.0")][-1] == "not_found"
    assert "not_found" not in {s.name for s in django.scenarios_for("2.75.0")}
    express = get_factory("node-express")
    assert express.sdk_for("2.6.4") == ("raven", "raven-node")
    assert express.sdk_for("7.120.4") == ("@sentry/node", "sentry.javascript.node")
    assert "logged_error" not in {s.name for s in express.scenarios_for("2.6.4")}


# ---------------------------------------------------------------------------- real runs


def run(capture_server: CaptureServer, factory: str, version: str, scenario: str) -> Any:
    spec = get_factory(factory)
    reason = unavailable(spec, version)
    if reason:
        pytest.skip(f"{factory} {version}: {reason}")
    prepared = prepare(spec, version)
    result = run_scenario(prepared, scenario, capture_server.dsn, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FACTORY_CLIENT_PORT=" in result.stdout  # the request came from the client process
    return capture_server.wait_for_event(timeout=30)


def headers_of(request: dict[str, Any]) -> dict[str, str]:
    headers = request.get("headers") or {}
    pairs = headers.items() if isinstance(headers, dict) else headers
    return {str(k).lower(): str(v) for k, v in pairs}


def assert_real_request(request: dict[str, Any], path: str) -> None:
    headers = headers_of(request)
    assert headers["user-agent"] == BROWSER
    assert headers["host"].startswith("127.0.0.1:")  # real HTTP to the app's own port
    assert "sentry-trace" not in headers and "baggage" not in headers
    assert path in request["url"]


@pytest.mark.slow
def test_django_view_error_over_http(capture_server: CaptureServer) -> None:
    captured = run(capture_server, "python-django", "2.75.0", "view_error")
    event = captured.event
    exc = event["exception"]["values"][-1]
    assert (exc["type"], exc["mechanism"]["handled"]) == ("ZeroDivisionError", False)
    assert event["sdk"]["name"] == "sentry.python.django"
    assert event["transaction"] == "/orders/{order_id}/divide"
    assert_real_request(event["request"], "/orders/42/divide")
    assert event["request"]["query_string"] == "currency=EUR&debug=1"
    assert event["request"]["cookies"]["theme"] == "dark"
    assert event["server_name"] == "factory-host"


@pytest.mark.slow
def test_flask_with_raven_sends_the_form_body(capture_server: CaptureServer) -> None:
    captured = run(capture_server, "python-flask", "6.10.0", "post_form_error")
    assert captured.record["auth"]["client"] == "raven-python/6.10.0"
    assert captured.record["decode_steps"] == ["deflate (zlib)"]
    request = captured.event["request"]
    assert_real_request(request, "/orders/42/divide")
    assert request["method"] == "POST" and "quantity" in str(request["data"])
    assert "hunter2" not in str(request["data"])  # raven's SanitizePasswordsProcessor


@pytest.mark.slow
def test_fastapi_json_body_and_logged_error(capture_server: CaptureServer) -> None:
    captured = run(capture_server, "python-fastapi", "2.75.0", "post_json_error")
    event = captured.event
    assert event["sdk"]["name"] == "sentry.python.fastapi"
    assert_real_request(event["request"], "/orders/42/divide")
    assert event["request"]["data"]["quantity"] == 3
    assert event["transaction"] == "/orders/{order_id}/divide"


@pytest.mark.slow
@pytest.mark.npm
def test_express_handled_exception_with_user(capture_server: CaptureServer) -> None:
    if not shutil.which("npm"):
        pytest.skip("npm is not installed: cannot install @sentry/node and express")
    captured = run(capture_server, "node-express", "11.12.0", "handled_exception")
    event = captured.event
    assert captured.record["auth"]["sources"] == ["query string"]
    exc = event["exception"]["values"][-1]
    assert (exc["type"], exc["value"]) == ("RangeError", "Division by zero")
    assert event["user"]["username"] == "alice"
    assert_real_request(event["request"], "/orders/42/checkout")


@pytest.mark.slow
def test_rails_view_error_over_webrick(capture_server: CaptureServer) -> None:
    captured = run(capture_server, "ruby-rails", "5.3.0", "view_error")
    event = captured.event
    assert event["sdk"]["name"] == "sentry.ruby.rails"
    assert event["transaction"] == "OrdersController#divide"
    assert event["exception"]["values"][-1]["type"] == "ZeroDivisionError"
    assert_real_request(event["request"], "/orders/42/divide")
    assert event["request"]["cookies"]["sessionid"] == "factory-session-0001"
    headers = {k.lower(): v for k, v in captured.record["request"]["headers"]}
    assert headers["content-encoding"] == ""  # sentry-ruby 5.3's empty header
