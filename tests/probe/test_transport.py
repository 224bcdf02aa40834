"""probe.transport against a real loopback HTTP server: exact bytes, rate limits, API reads."""

from __future__ import annotations

import time

import pytest

from sentry_compat.dsn import Dsn
from sentry_compat.probe.transport import (
    ApiClient,
    ApiError,
    HttpResponse,
    RateLimiter,
    parse_rate_limits,
    retry_after,
    send,
)
from sentry_compat.replay import ReplayRequest

from .conftest import ScriptedServer


def request_to(
    server: ScriptedServer, *, chunked: bool = False, body: bytes = b'{"a":1}'
) -> ReplayRequest:
    dsn = Dsn.parse(f"http://k@127.0.0.1:{server.port}/1")
    return ReplayRequest(
        method="POST",
        url=dsn.envelope_url + "?sentry_key=k",
        headers=(("Host", dsn.netloc), ("X-Sentry-Auth", "Sentry sentry_key=k")),
        body=body,
        chunked=chunked,
        endpoint="envelope",
    )


def test_sends_exactly_the_headers_built(scripted: ScriptedServer) -> None:
    response = send(request_to(scripted))
    assert response.status == 200
    seen = scripted.seen[0]
    names = [name.lower() for name, _ in seen["headers"]]
    # nothing a client library would add: no User-Agent, no Accept-Encoding, no Connection
    assert names == ["host", "x-sentry-auth", "content-length"]
    assert seen["body"] == b'{"a":1}'
    assert seen["path"] == "/api/1/envelope/?sentry_key=k"


def test_chunked_bodies_are_framed_as_chunks(scripted: ScriptedServer) -> None:
    body = b"x" * 40_000
    send(request_to(scripted, chunked=True, body=body))
    seen = scripted.seen[0]
    headers = {k.lower(): v for k, v in seen["headers"]}
    assert headers["transfer-encoding"] == "chunked" and "content-length" not in headers
    assert seen["body"] == body


def test_rate_limit_headers() -> None:
    assert parse_rate_limits("60:error;transaction:key, 2::organization:quota, junk") == [
        (60.0, frozenset({"error", "transaction"}), "key"),
        (2.0, frozenset(), "organization"),
    ]

    def response(status: int, **headers: str) -> HttpResponse:
        return HttpResponse(
            status, tuple((k.replace("_", "-"), v) for k, v in headers.items()), b""
        )

    assert retry_after(response(429)) == 60.0  # a bare 429: SDKs wait a minute
    assert retry_after(response(429, Retry_After="7")) == 7.0
    assert retry_after(response(200)) is None
    assert retry_after(response(200, X_Sentry_Rate_Limits="30:transaction:key")) is None
    assert retry_after(response(200, X_Sentry_Rate_Limits="30:error:key")) == 30.0
    assert retry_after(response(429, X_Sentry_Rate_Limits="5::org", Retry_After="90")) == 5.0
    date = "Wed, 21 Oct 2015 07:28:00 GMT"
    assert retry_after(response(429, Retry_After=date), now=1445412460.0) == pytest.approx(20.0)


def test_limiter_spaces_requests_and_blocks() -> None:
    clock = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    limiter = RateLimiter(4.0, clock=lambda: clock[0], sleep=sleep, max_wait=10)
    for _ in range(3):
        limiter.acquire()
    assert slept == [pytest.approx(0.25), pytest.approx(0.25)]
    assert limiter.block(2.0)
    limiter.acquire()
    assert slept[-1] == pytest.approx(2.0)
    assert not limiter.block(11.0)  # longer than max_wait: the caller gives up


def test_api_client_honours_429_and_stays_on_its_host(scripted: ScriptedServer) -> None:
    scripted.answer(
        (429, {"Retry-After": "0.3"}, {"detail": "slow down"}),
        (200, {}, {"ok": True}),
    )
    client = ApiClient(scripted.url, "t0k3n")
    started = time.monotonic()
    assert client.get_json("/api/0/x/") == {"ok": True}
    assert time.monotonic() - started >= 0.25
    assert len(scripted.seen) == 2
    assert ("Authorization", "Bearer t0k3n") in scripted.seen[0]["headers"]
    with pytest.raises(ApiError, match="not the --api host"):
        client.get_json("http://127.0.0.2:1/api/0/")


def test_api_client_pagination_and_errors(scripted: ScriptedServer) -> None:
    nxt = f'<{scripted.url}/api/0/projects/?cursor=2>; rel="next"; results="true"; cursor="2"'
    last = f'<{scripted.url}/api/0/projects/?cursor=3>; rel="next"; results="false"; cursor="3"'
    scripted.answer(
        (200, {"Link": nxt}, [{"id": "1"}]),
        (200, {"Link": last}, [{"id": "2"}]),
        (200, {}, {"next": f"{scripted.url}/drf/?page=2", "results": [1]}),
        (200, {}, {"next": None, "results": [2]}),
        (403, {}, {"detail": "no permission"}),
        (404, {}, b""),
    )
    client = ApiClient(scripted.url, None)
    assert client.paginate("/api/0/projects/") == [{"id": "1"}, {"id": "2"}]
    assert client.paginate("/drf/") == [1, 2]
    with pytest.raises(ApiError, match="403: no permission"):
        client.get_json("/x/")
    assert client.get_json("/gone/") is None


def test_reason_of_an_html_answer() -> None:
    page = (
        b"<!DOCTYPE html><html><head><title>CSRF Verification Failed | Sentry</title></head></html>"
    )
    assert HttpResponse(403, (), page).reason() == "HTML page: CSRF Verification Failed | Sentry"
    assert HttpResponse(400, (("X-Sentry-Error", "bad gzip"),), b"").reason() == "bad gzip"
    assert HttpResponse(400, (), b'{"message": "invalid JSON"}').reason() == "invalid JSON"
