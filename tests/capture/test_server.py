"""The capture server over real loopback HTTP: answers, records, CORS, bad input, no loss."""

from __future__ import annotations

import gzip
import http.client
import json
import threading
import uuid
from pathlib import Path

import pytest

from sentry_compat.capture import CaptureServer, load_record
from sentry_compat.decoding import Limits

from ._http import auth_header, send


def event(**extra: object) -> dict:
    return {"event_id": uuid.uuid4().hex, "message": "hello", "platform": "python", **extra}


def store(server: CaptureServer, payload: dict, **kw: object):  # type: ignore[no-untyped-def]
    return send(
        server,
        "POST",
        "/api/1/store/",
        {"X-Sentry-Auth": auth_header(server), "Content-Type": "application/json"},
        json.dumps(payload).encode(),
        **kw,
    )


def test_store_answers_id_and_writes_record_before_answering(capture_server: CaptureServer) -> None:
    payload = event()
    resp = store(capture_server, payload)
    assert resp.status == 200
    assert resp.json == {"id": payload["event_id"]}
    # the record is on disk as soon as the answer arrives
    [path] = (capture_server.directory / "requests").glob("*.json")
    record = load_record(path).record
    assert record["event"] == payload
    assert record["event_id"] == payload["event_id"]
    assert record["request"]["method"] == "POST"
    assert record["auth"]["sources"] == ["X-Sentry-Auth header"]
    assert not list(path.parent.glob(".*tmp"))


def test_wait_for_event_with_predicate(capture_server: CaptureServer) -> None:
    def late() -> None:
        store(capture_server, event(message="late", level="info"))

    timer = threading.Timer(0.3, late)
    timer.start()
    captured = capture_server.wait_for_event(lambda c: c.event["message"] == "late", timeout=10)
    timer.join()
    assert captured.event["level"] == "info"
    with pytest.raises(TimeoutError, match=r"no matching request within 0\.2 s; 1 arrived"):
        capture_server.wait_for_event(lambda c: False, timeout=0.2)


def test_envelope_with_non_event_items(capture_server: CaptureServer) -> None:
    eid = uuid.uuid4().hex
    body = (
        json.dumps({"event_id": eid, "sent_at": "2026-01-01T00:00:00Z"}).encode()
        + b"\n"
        + b'{"type":"session"}\n{"sid":"s","status":"exited"}\n'
        + b'{"type":"event"}\n{"message":"m"}\n'
        + b'{"type":"client_report"}\n{"discarded_events":[{"reason":"x","category":"error","quantity":1}]}\n'
    )
    resp = send(
        capture_server,
        "POST",
        "/api/1/envelope/",
        {"X-Sentry-Auth": auth_header(capture_server), "Content-Encoding": "gzip"},
        gzip.compress(body, mtime=0),
    )
    assert resp.status == 200 and resp.json == {"id": eid}
    captured = capture_server.wait_for_event(timeout=5)
    assert captured.item_types == ["session", "event", "client_report"]
    items = captured.record["items"]
    assert items[0]["json"] == {"sid": "s", "status": "exited"}
    assert items[2]["disposition"].startswith("kept raw")
    assert captured.event == {"message": "m", "event_id": eid}
    assert captured.body == gzip.compress(body, mtime=0)  # the exact bytes sent


def test_envelope_without_event_answers_empty_object(capture_server: CaptureServer) -> None:
    resp = send(
        capture_server,
        "POST",
        "/api/1/envelope/",
        {"X-Sentry-Auth": auth_header(capture_server)},
        b'{}\n{"type":"session"}\n{"sid":"s"}\n',
    )
    assert (resp.status, resp.json) == (200, {})


def test_cors_preflight_and_headers(capture_server: CaptureServer) -> None:
    pre = send(
        capture_server,
        "OPTIONS",
        "/api/1/envelope/?sentry_key=x",
        {
            "Origin": "http://app.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert pre.status == 200
    assert pre.headers["Access-Control-Allow-Origin"] == "http://app.example"
    assert "POST" in pre.headers["Access-Control-Allow-Methods"]
    assert pre.headers["Access-Control-Allow-Headers"] == "content-type"
    ok = send(
        capture_server,
        "POST",
        f"/api/1/store/?sentry_key={capture_server.config.public_key}&sentry_version=7",
        {"Origin": "http://app.example", "Content-Type": "text/plain;charset=UTF-8"},
        json.dumps(event()).encode(),
    )
    assert ok.status == 200
    assert ok.headers["Access-Control-Allow-Origin"] == "http://app.example"
    assert "X-Sentry-Error" in ok.headers["Access-Control-Expose-Headers"]
    bad = send(
        capture_server,
        "POST",
        "/api/1/store/?sentry_key=wrong&sentry_version=7",
        {"Origin": "http://app.example"},
        b"{}",
    )
    assert bad.status == 403 and bad.headers["Access-Control-Allow-Origin"] == "*"


def test_get_store_answers_a_gif(capture_server: CaptureServer) -> None:
    data = json.dumps(event()).replace('"', "%22").replace(" ", "%20")
    resp = send(
        capture_server,
        "GET",
        f"/api/1/store/?sentry_key={capture_server.config.public_key}&sentry_version=7&sentry_data={data}",
    )
    assert resp.status == 200 and resp.headers["Content-Type"] == "image/gif"
    assert resp.body.startswith(b"GIF89a")


def test_security_report_answers_201(capture_server: CaptureServer) -> None:
    body = json.dumps(
        {
            "csp-report": {
                "document-uri": "https://a.example/",
                "violated-directive": "img-src",
                "blocked-uri": "https://b.example/x.png",
            }
        }
    ).encode()
    resp = send(
        capture_server,
        "POST",
        f"/api/1/security/?sentry_key={capture_server.config.public_key}",
        {"Content-Type": "application/csp-report", "User-Agent": "Mozilla/5.0"},
        body,
    )
    assert (resp.status, resp.body) == (201, b"")
    captured = capture_server.wait_for(lambda c: c.endpoint == "security", timeout=5)
    assert captured.record["items"][0]["headers"] == {"report_type": "csp"}


def test_keep_alive_many_requests_one_connection(capture_server: CaptureServer) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", capture_server.port, timeout=10)
    ids = []
    for _ in range(20):
        payload = event()
        assert store(capture_server, payload, connection=conn).status == 200
        ids.append(payload["event_id"])
    conn.close()
    assert [c.event_id for c in capture_server.store.recent()] == ids


def test_chunked_body(capture_server: CaptureServer) -> None:
    payload = json.dumps(event()).encode()
    resp = send(
        capture_server,
        "POST",
        f"/api/1/store/?sentry_key={capture_server.config.public_key}&sentry_version=7",
        {},
        chunks=[payload[:10], payload[10:30], payload[30:]],
    )
    assert resp.status == 200
    assert capture_server.wait_for_event(timeout=5).event == json.loads(payload)


def test_health_and_unknown_paths(capture_server: CaptureServer) -> None:
    assert send(capture_server, "GET", "/_health").body == b"ok\n"
    missing = send(capture_server, "POST", "/api/1/nope/", {}, b"{}")
    assert missing.status == 404 and "not an ingest endpoint" in missing.json["error"]  # type: ignore[index]


# --------------------------------------------------------------------------- bad input

BOMB = gzip.compress(b'{"message":"' + b"A" * 30_000_000 + b'"}')


def _bad_requests(server: CaptureServer) -> list[tuple[str, str, dict[str, str], bytes, int, str]]:
    auth = {"X-Sentry-Auth": auth_header(server)}
    return [
        ("malformed JSON", "/api/1/store/", auth, b'{"message": ', 400, "not JSON"),
        (
            "truncated envelope",
            "/api/1/envelope/",
            auth,
            b'{}\n{"type":"event","length":500}\n{"message":"m"}',
            400,
            "runs past the end",
        ),
        (
            "wrong length",
            "/api/1/envelope/",
            auth,
            b'{}\n{"type":"event","length":3}\n{"message":"m"}\n',
            400,
            "expected a newline",
        ),
        (
            "gzip bomb",
            "/api/1/store/",
            {**auth, "Content-Encoding": "gzip"},
            BOMB,
            413,
            "inflates to more than",
        ),
        (
            "oversize",
            "/api/1/store/",
            auth,
            b'{"m":"' + b"x" * 70_000 + b'"}',
            413,
            "exceeds the limit",
        ),
        (
            "wrong key",
            "/api/1/store/",
            {"X-Sentry-Auth": "Sentry sentry_key=" + "b" * 32 + ", sentry_version=7"},
            b"{}",
            403,
            "Invalid api key",
        ),
        (
            "missing auth",
            "/api/1/store/",
            {},
            b"{}",
            401,
            "Unable to find authentication information",
        ),
        ("bad project id", "/api/abc/store/", auth, b"{}", 400, "Invalid project_id: 'abc'"),
        ("other project", "/api/2/store/", auth, b"{}", 400, "this server serves project 1"),
        (
            "bad version",
            "/api/1/store/",
            {"X-Sentry-Auth": auth["X-Sentry-Auth"].replace("=7", "=8")},
            b"{}",
            400,
            "unsupported server protocol version",
        ),
        ("not an object", "/api/1/store/", auth, b'"text"', 400, "not base64"),
    ]


def test_bad_inputs_each_refused_clearly_and_nothing_accepted_is_lost(tmp_path: Path) -> None:
    limits = Limits(max_body=60_000, max_decoded=1_000_000)
    with CaptureServer(directory=tmp_path, limits=limits) as server:
        accepted = []
        for label, path, headers, body, status, fragment in _bad_requests(server):
            good = event(message=f"before {label}")
            assert store(server, good).status == 200, label
            accepted.append(good)
            resp = send(server, "POST", path, headers, body)
            assert resp.status == status, (label, resp.body)
            error = resp.json["error"]  # type: ignore[index]
            assert fragment in error, (label, error)
            assert "\n" not in resp.body.decode()
            assert resp.headers["X-Sentry-Error"]
        # the server is still up and every accepted event is on disk, byte for byte
        final = event(message="after all")
        assert store(server, final).status == 200
        accepted.append(final)
    records = [load_record(p).record for p in sorted((tmp_path / "requests").glob("*.json"))]
    assert [r["event"] for r in records] == accepted
    rejected = [load_record(p).record for p in sorted((tmp_path / "rejected").glob("*.json"))]
    assert len(rejected) == len(_bad_requests(server))
    assert all(r["error"]["message"] for r in rejected)


def test_path_is_not_a_filename(capture_server: CaptureServer) -> None:
    resp = send(
        capture_server,
        "POST",
        "/api/1/../../etc/store/",
        {"X-Sentry-Auth": auth_header(capture_server)},
        b"{}",
    )
    assert resp.status == 404
    assert not any(p.name.startswith("..") for p in capture_server.directory.rglob("*"))


def test_concurrent_senders_lose_nothing(capture_server: CaptureServer) -> None:
    sent: list[str] = []
    lock = threading.Lock()

    def sender() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", capture_server.port, timeout=30)
        for _ in range(50):
            payload = event()
            assert store(capture_server, payload, connection=conn).status == 200
            with lock:
                sent.append(payload["event_id"])
        conn.close()

    threads = [threading.Thread(target=sender) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    on_disk = {
        load_record(p).event_id for p in (capture_server.directory / "requests").glob("*.json")
    }
    assert on_disk == set(sent) and len(sent) == 400
