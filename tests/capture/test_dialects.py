"""Every wire dialect real SDKs speak (../shared/spec/sdks.md section 1.2), replayed byte for
byte with the headers each SDK sends, against a real capture server."""

from __future__ import annotations

import base64
import gzip
import json
import uuid
import zlib
from dataclasses import dataclass, field

import pytest

from sentry_compat.capture import CaptureServer

from ._http import send

EID = uuid.UUID("9ec79c33-ec99-42ab-8353-589fcb2e04dc").hex


def event(sdk: str | None, **extra: object) -> dict:
    data: dict = {
        "event_id": EID,
        "timestamp": "2026-11-27T08:00:00.123456Z",
        "platform": extra.pop("platform", "python"),
        "exception": {"values": [{"type": "ZeroDivisionError", "value": "division by zero"}]},
    }
    if sdk:
        name, version = sdk.split("/")
        data["sdk"] = {"name": name, "version": version}
    data.update(extra)
    return data


def envelope(
    payload: dict, header: dict, *extra_items: tuple[dict, bytes], with_length: bool = True
) -> bytes:
    body = json.dumps(payload, separators=(",", ":")).encode()
    item = {"type": "event", **({"length": len(body)} if with_length else {})}
    parts = [json.dumps(header).encode(), json.dumps(item).encode(), body]
    for item_header, item_body in extra_items:
        parts += [json.dumps(item_header).encode(), item_body]
    return b"\n".join(parts) + b"\n"


@dataclass
class Dialect:
    name: str
    who: str
    endpoint: str
    body: bytes
    headers: list[tuple[str, str]]
    query: str = ""
    chunked: bool = False
    expect_steps: tuple[str, ...] = ()
    expect_auth: tuple[str, ...] = ("X-Sentry-Auth header",)
    expect_items: tuple[str, ...] = ("event",)
    event: dict = field(default_factory=dict)


def dialects(key: str) -> list[Dialect]:
    py = event("sentry.python/1.45.1")
    go = event("sentry.go/0.11.0", platform="go")
    go["exception"] = [{"type": "*errors.errorString", "value": "boom"}]  # bare list
    raven_py = event(None, level=40)
    raven_node = event(None, platform="node")
    ravenjs = event(None, platform="javascript", project="1")
    node = event("sentry.javascript.node/11.12.0", platform="node")
    browser = event("sentry.javascript.browser/11.12.0", platform="javascript")
    ruby = event("sentry.ruby/5.3.0", platform="ruby")
    cli = event("sentry-cli/3.8.0", platform="other")
    hyphen = "9ec79c33-ec99-42ab-8353-589fcb2e04dc"
    raw = lambda e: json.dumps(e).encode()  # noqa: E731
    q7 = f"?sentry_version=7&sentry_key={key}&sentry_client=sentry.javascript.node%2F11.12.0"
    return [
        Dialect(
            "S7-gzip",
            "sentry-python 0.x and 1.x",
            "store",
            gzip.compress(raw(py)),
            [
                ("Content-Type", "application/json"),
                ("Content-Encoding", "gzip"),
                ("User-Agent", "sentry.python/1.45.1"),
                (
                    "X-Sentry-Auth",
                    f"Sentry sentry_key={key}, sentry_version=7, sentry_client=sentry.python/1.45.1",
                ),
            ],
            expect_steps=("gzip",),
            event=py,
        ),
        Dialect(
            "S7-plain",
            "sentry-go 0.11 (bare exception list, sentry_timestamp)",
            "store",
            raw(go),
            [
                ("Content-Type", "application/json"),
                ("User-Agent", "sentry-go/0.11.0"),
                (
                    "X-Sentry-Auth",
                    f"Sentry sentry_version=7, sentry_timestamp=1795763640, "
                    f"sentry_client=sentry.go/0.11.0, sentry_key={key}",
                ),
            ],
            event=go,
        ),
        Dialect(
            "S6-deflate",
            "raven-python 6.10 (zlib-wrapped deflate)",
            "store",
            zlib.compress(raw(raven_py)),
            [
                ("Content-Type", "application/octet-stream"),
                ("Content-Encoding", "deflate"),
                ("User-Agent", "raven-python/6.10.0"),
                (
                    "X-Sentry-Auth",
                    f"Sentry sentry_timestamp=1795763640.1, sentry_client=raven-python/6.10.0, "
                    f"sentry_version=6, sentry_key={key}",
                ),
            ],
            expect_steps=("deflate (zlib)",),
            event=raven_py,
        ),
        Dialect(
            "S5-b64zlib",
            "raven-node 2.6 / raven-ruby 3.1 (base64+zlib, no header)",
            "store",
            base64.b64encode(zlib.compress(raw(raven_node))),
            [
                ("Content-Type", "application/octet-stream"),
                (
                    "X-Sentry-Auth",
                    f"Sentry sentry_version=5, sentry_timestamp=1795763640123, "
                    f"sentry_client=raven-node/2.6.4, sentry_key={key}",
                ),
            ],
            expect_steps=("base64", "zlib"),
            event=raven_node,
        ),
        Dialect(
            "S4-b64zlib",
            "raven-go 0.2 (protocol 4)",
            "store",
            base64.b64encode(zlib.compress(raw(go))),
            [
                ("Content-Type", "application/octet-stream"),
                ("User-Agent", "raven-go/1.0"),
                ("X-Sentry-Auth", f"Sentry sentry_version=4, sentry_key={key}"),
            ],
            expect_steps=("base64", "zlib"),
            event=go,
        ),
        Dialect(
            "S7-query",
            "raven-js 3.x",
            "store",
            raw(ravenjs),
            [
                ("Content-Type", "text/plain;charset=UTF-8"),
                ("Origin", "http://127.0.0.1"),
                ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/156.0.0.0"),
            ],
            query=f"?sentry_version=7&sentry_client=raven-js%2F3.27.2&sentry_key={key}",
            expect_auth=("query string",),
            event=ravenjs,
        ),
        Dialect(
            "E-gzip",
            "sentry-python 2.x",
            "envelope",
            gzip.compress(
                envelope(
                    py,
                    {
                        "event_id": EID,
                        "sent_at": "2026-11-27T08:00:01Z",
                        "trace": {"trace_id": "a" * 32, "public_key": key},
                    },
                    ({"type": "client_report"}, b'{"timestamp":1,"discarded_events":[]}'),
                )
            ),
            [
                ("Content-Type", "application/x-sentry-envelope"),
                ("Content-Encoding", "gzip"),
                (
                    "X-Sentry-Auth",
                    f"Sentry sentry_key={key}, sentry_version=7, sentry_client=sentry.python/2.75.0",
                ),
            ],
            expect_steps=("gzip",),
            expect_items=("event", "client_report"),
            event=py,
        ),
        Dialect(
            "E-chunked-query",
            "@sentry/node 7 and 11 (chunked, no Content-Type)",
            "envelope",
            envelope(
                node,
                {
                    "event_id": EID,
                    "sdk": {"name": "sentry.javascript.node", "version": "11.12.0"},
                    "sent_at": "2026-11-27T08:00:01.000Z",
                },
                with_length=False,
            ),
            [("User-Agent", "node")],
            query=q7,
            chunked=True,
            expect_auth=("query string",),
            event=node,
        ),
        Dialect(
            "E-text-query",
            "@sentry/browser 11 (fetch, text/plain)",
            "envelope",
            envelope(
                browser,
                {"event_id": EID, "sent_at": "2026-11-27T08:00:01.000Z"},
                ({"type": "session"}, b'{"sid":"s","init":true,"status":"ok"}'),
            ),
            [("Content-Type", "text/plain;charset=UTF-8"), ("Origin", "http://127.0.0.1:8000")],
            query=q7.replace("node%2F", "browser%2F"),
            expect_auth=("query string",),
            expect_items=("event", "session"),
            event=browser,
        ),
        Dialect(
            "E-empty-ce",
            "sentry-ruby 5.3 (empty Content-Encoding, dsn header)",
            "envelope",
            envelope(
                ruby,
                {
                    "event_id": EID,
                    "dsn": f"http://{key}@127.0.0.1/1",
                    "sdk": {"name": "sentry.ruby", "version": "5.3.0"},
                    "sent_at": "2026-11-27T08:00:01Z",
                },
            ),
            [
                ("Content-Type", "application/x-sentry-envelope"),
                ("Content-Encoding", ""),
                (
                    "X-Sentry-Auth",
                    f"Sentry sentry_version=7, sentry_client=sentry-ruby/5.3.0, "
                    f"sentry_timestamp=1795763640, sentry_key={key}",
                ),
            ],
            expect_steps=("empty Content-Encoding: identity",),
            expect_auth=("X-Sentry-Auth header", "envelope header dsn"),
            event=ruby,
        ),
        Dialect(
            "E-noct",
            "sentry-cli 3.8 (no Content-Type, hyphenated header event_id)",
            "envelope",
            envelope(cli, {"event_id": hyphen}),
            [
                (
                    "X-Sentry-Auth",
                    f"Sentry sentry_key={key}, sentry_version=7, sentry_client=sentry-cli/x86_64",
                )
            ],
            event=cli,
        ),
    ]


NAMES = [d.name for d in dialects("k" * 32)]


@pytest.mark.parametrize("name", NAMES)
def test_dialect_replay(capture_server: CaptureServer, name: str) -> None:
    dialect = next(d for d in dialects(capture_server.config.public_key) if d.name == name)
    target = f"/api/1/{dialect.endpoint}/{dialect.query}"
    if dialect.chunked:
        body = dialect.body
        resp = send(
            capture_server,
            "POST",
            target,
            dialect.headers,
            chunks=[body[i : i + 700] for i in range(0, len(body), 700)],
        )
    else:
        resp = send(capture_server, "POST", target, dialect.headers, dialect.body)
    assert resp.status == 200, resp.body
    assert resp.json == {"id": EID}
    captured = capture_server.wait_for_event(timeout=5)
    assert captured.event == dialect.event
    record = captured.record
    assert tuple(record["decode_steps"]) == dialect.expect_steps
    assert tuple(record["auth"]["sources"]) == dialect.expect_auth
    assert tuple(captured.item_types) == dialect.expect_items
    assert captured.body == dialect.body  # exact bytes kept
    sent = {k.lower(): v for k, v in dialect.headers}
    kept = {k.lower(): v for k, v in record["request"]["headers"]}
    assert all(kept[k] == v for k, v in sent.items())
    if dialect.chunked:
        assert kept["transfer-encoding"] == "chunked" and "content-length" not in kept
        assert "content-type" not in kept
