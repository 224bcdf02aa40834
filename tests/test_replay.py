"""sentry_compat.replay: a captured request rebuilt against another DSN, in its own dialect.

Every request built here is decoded back by the library's own ingest (and, for the corpus,
by a real capture server on loopback): same decode steps, same auth sources, same event.
"""

from __future__ import annotations

import base64
import gzip
import json
import uuid
import zlib
from pathlib import Path
from typing import Any

import pytest

from sentry_compat.dsn import Dsn
from sentry_compat.envelope import Envelope
from sentry_compat.ingest import IngestRequest, ingest
from sentry_compat.replay import (
    ReplayError,
    WireRecord,
    build_request,
    build_store_request,
    encode_body,
)

REPO = Path(__file__).resolve().parents[1]
WIRE_DIR = REPO / "corpus" / "wire"
KEY = "0123456789abcdef0123456789abcdef"
TARGET = Dsn.parse(f"http://{KEY}@127.0.0.1:8123/42")
EVENT = {
    "event_id": "9ec79c33ec9942ab8353589fcb2e04dc",
    "timestamp": "2026-11-27T08:00:00.123456Z",
    "platform": "python",
    "message": "héllo",
    "exception": {"values": [{"type": "ZeroDivisionError", "value": "division by zero"}]},
}
AUTH = "Sentry sentry_key={{public_key}}, sentry_version=7, sentry_client=sentry.python/2.75.0"


def wire(
    body: bytes | str,
    *,
    path: str = "/api/1/store/",
    headers: list[tuple[str, str]] | None = None,
    steps: list[str] | None = None,
    query: list[tuple[str, str]] | None = None,
    method: str = "POST",
) -> WireRecord:
    return WireRecord.from_json(
        {
            "method": method,
            "path": path,
            "query": [list(q) for q in (query or [])],
            "headers": [
                list(h) for h in (headers if headers is not None else [("X-Sentry-Auth", AUTH)])
            ],
            "decode_steps": steps or [],
            "decoded_body": body if isinstance(body, str) else body.decode(),
        }
    )


def ingested(request: Any) -> Any:
    return ingest(
        IngestRequest.build(request.method, request.target, list(request.headers), request.body),
        public_key=KEY,
        project_id="42",
    )


def event_json(event: dict[str, Any] = EVENT) -> str:
    return json.dumps(event, ensure_ascii=False)


# ---- encodings --------------------------------------------------------------------------------

ENCODED = [
    (["gzip"], [("Content-Encoding", "gzip")]),
    (["deflate (zlib)"], [("Content-Encoding", "deflate")]),
    (["deflate (raw)"], [("Content-Encoding", "deflate")]),
    (["br"], [("Content-Encoding", "br")]),
    (["zstd"], [("Content-Encoding", "zstd")]),
    (["empty Content-Encoding: identity"], [("Content-Encoding", "")]),
    (["sniffed gzip"], []),
    (["sniffed zlib"], []),
    (["base64", "zlib"], [("Content-Type", "application/octet-stream")]),
    (["base64"], []),
]


@pytest.mark.parametrize(
    "steps, headers", ENCODED, ids=lambda v: "+".join(v) if v and isinstance(v[0], str) else None
)
def test_store_body_reencoded_in_its_dialect(
    steps: list[str], headers: list[tuple[str, str]]
) -> None:
    if "br" in steps:
        pytest.importorskip("brotli")
    if "zstd" in steps:
        pytest.importorskip("zstandard")
    record = wire(event_json(), headers=[("X-Sentry-Auth", AUTH), *headers], steps=steps)
    request = build_request(record, TARGET)
    result = ingested(request)
    assert list(result.decode_steps) == steps
    assert result.event == EVENT
    assert request.event_id == EVENT["event_id"]


def test_encode_body_names_an_unknown_step() -> None:
    with pytest.raises(ReplayError, match="'rot13'"):
        encode_body(b"{}", ["rot13"])


def test_encodings_are_the_real_formats() -> None:
    data = b'{"a": 1}'
    assert zlib.decompress(encode_body(data, ["deflate (zlib)"])) == data
    assert zlib.decompress(encode_body(data, ["deflate (raw)"]), -zlib.MAX_WBITS) == data
    assert gzip.decompress(encode_body(data, ["gzip"])) == data
    assert zlib.decompress(base64.b64decode(encode_body(data, ["base64", "zlib"]))) == data


def test_get_store_puts_the_body_in_sentry_data() -> None:
    record = wire(
        event_json(),
        method="GET",
        headers=[],
        steps=["query parameter sentry_data", "base64", "zlib"],
        query=[("sentry_version", "7"), ("sentry_key", "{{public_key}}"), ("sentry_data", "x")],
    )
    request = build_request(record, TARGET)
    assert request.method == "GET" and request.body == b""
    result = ingested(request)
    assert result.event == EVENT
    assert result.decode_steps[0] == "query parameter sentry_data"


# ---- keys, hosts, DSNs -----------------------------------------------------------------------


def test_key_host_and_secret_are_rewritten() -> None:
    record = wire(
        event_json(),
        headers=[
            ("Host", "{{host}}"),
            ("X-Sentry-Auth", "Sentry sentry_key=oldkey, sentry_secret=s3cr3t, sentry_version=6"),
            ("User-Agent", "raven-python/6.10.0"),
        ],
    )
    request = build_request(record, TARGET)
    assert request.url == "http://127.0.0.1:8123/api/42/store/"
    assert request.header("Host") == "127.0.0.1:8123"
    auth = request.header("X-Sentry-Auth") or ""
    assert f"sentry_key={KEY}" in auth and "oldkey" not in auth
    assert "sentry_secret" not in auth  # the target DSN has no secret
    assert "sentry_version=6" in auth  # the dialect's protocol version is kept
    with_secret = build_request(record, TARGET.replace(secret_key="topsecret"))
    assert "sentry_secret=topsecret" in (with_secret.header("X-Sentry-Auth") or "")


def test_query_auth_is_rewritten_and_path_prefix_kept() -> None:
    record = wire(
        event_json(),
        path="/api/1/store/",
        headers=[],
        query=[
            ("sentry_version", "7"),
            ("sentry_key", "{{public_key}}"),
            ("sentry_client", "raven-js/3.27.2"),
        ],
    )
    target = Dsn.parse(f"https://{KEY}@errors.example.invalid/sentry/42")
    request = build_request(record, target)
    assert request.url == (
        "https://errors.example.invalid/sentry/api/42/store/"
        f"?sentry_version=7&sentry_key={KEY}&sentry_client=raven-js%2F3.27.2"
    )


def envelope_text(*, lengths: bool = True, trailing: bool = True, extra: bool = True) -> str:
    header = {
        "event_id": EVENT["event_id"],
        "dsn": "http://{{public_key}}@{{host}}/1",
        "sent_at": "2026-11-27T08:00:01.000Z",
        "trace": {"public_key": "{{public_key}}", "trace_id": "8b8b2373b8354830bf39a945d45e997f"},
    }
    payload = json.dumps(EVENT, separators=(",", ":"), ensure_ascii=False)
    size = len(payload.encode())
    lines = [
        json.dumps(header, separators=(",", ":")),
        json.dumps({"type": "event", **({"length": size} if lengths else {})}),
        payload,
    ]
    if extra:
        lines += ['{"type":"client_report"}', '{"discarded_events":[]}']
    return "\n".join(lines) + ("\n" if trailing else "")


@pytest.mark.parametrize("lengths", [True, False])
@pytest.mark.parametrize("trailing", [True, False])
def test_envelope_framing_kept_and_dsn_rewritten(lengths: bool, trailing: bool) -> None:
    record = wire(
        envelope_text(lengths=lengths, trailing=trailing), path="/api/1/envelope/", headers=[]
    )
    request = build_request(record, TARGET)
    assert request.body.endswith(b"\n") is trailing
    parsed = Envelope.parse(request.body)
    assert parsed.headers["dsn"] == str(TARGET)  # Bugsink refuses a stale dsn
    assert parsed.headers["trace"]["public_key"] == KEY
    assert ("length" in parsed.items[0].headers) is lengths
    assert "length" not in parsed.items[1].headers
    result = ingested(request)
    assert result.auth.sources == ("envelope header dsn",)
    assert result.item_types == ["event", "client_report"]
    assert result.event == EVENT


def test_replaced_event_patches_only_what_changed() -> None:
    record = wire(
        envelope_text(), path="/api/1/envelope/", headers=[("X-Sentry-Auth", AUTH)], steps=["gzip"]
    )
    new = dict(EVENT, event_id=uuid.uuid4().hex, timestamp="2030-01-01T00:00:00.123456Z")
    moved = {"n": 0}

    def header(headers: dict[str, Any]) -> dict[str, Any]:
        moved["n"] += 1
        headers["sent_at"] = "2030-01-01T00:00:01.000Z"
        return headers

    request = build_request(record, TARGET, event=new, envelope_header=header)
    decoded = gzip.decompress(request.body)
    parsed = Envelope.parse(decoded)
    assert moved["n"] == 1
    assert parsed.headers["event_id"] == new["event_id"]
    assert parsed.headers["sent_at"] == "2030-01-01T00:00:01.000Z"
    assert parsed.items[0].headers["length"] == len(parsed.items[0].payload)
    original = Envelope.parse(record.decoded_body).items[0].payload
    # only the two values moved: the payload keeps the SDK's own formatting otherwise
    assert parsed.items[0].payload == original.replace(
        EVENT["event_id"].encode(), new["event_id"].encode()
    ).replace(EVENT["timestamp"].encode(), new["timestamp"].encode())
    assert request.event_id == new["event_id"]
    assert ingested(request).event == new


def test_replaced_event_falls_back_to_compact_json_for_deep_changes() -> None:
    record = wire(json.dumps(EVENT, indent=2))
    new = {**EVENT, "exception": {"values": []}}
    request = build_request(record, TARGET, event=new)
    assert json.loads(request.body) == new
    assert b"\n" not in request.body


def test_dashed_envelope_event_id_keeps_its_form() -> None:
    text = envelope_text().replace(
        f'"event_id":"{EVENT["event_id"]}"', f'"event_id":"{uuid.UUID(EVENT["event_id"])}"', 1
    )
    record = wire(text, path="/api/1/envelope/", headers=[])
    new = dict(EVENT, event_id=uuid.uuid4().hex)
    parsed = Envelope.parse(build_request(record, TARGET, event=new).body)
    assert parsed.headers["event_id"] == str(uuid.UUID(new["event_id"]))


def test_chunked_flag_and_curl() -> None:
    request = build_request(wire(event_json()), TARGET, chunked=True)
    assert request.chunked
    assert "Transfer-Encoding: chunked" in request.curl()
    assert "--data-binary @body.bin" in request.curl()


def test_store_request_for_cases_without_wire() -> None:
    request = build_store_request(EVENT, TARGET, client="sentry.python/2.75.0")
    result = ingested(request)
    assert result.event == EVENT and result.endpoint == "store"
    assert result.auth.client == "sentry.python/2.75.0"


def test_bad_records_name_the_field() -> None:
    with pytest.raises(ReplayError, match="'path'"):
        WireRecord.from_json({"method": "POST", "path": "/nope", "decoded_body": ""})
    with pytest.raises(ReplayError, match="'headers'"):
        WireRecord.from_json({"method": "POST", "path": "/api/1/store/", "headers": "x"})
    with pytest.raises(ReplayError, match="no event item"):
        build_request(
            wire('{}\n{"type":"session"}\n{}\n', path="/api/1/envelope/", headers=[]),
            TARGET,
            event=EVENT,
        )


# ---- the corpus against a real capture server ----------------------------------------------


def _corpus_wires() -> list[Path]:
    return sorted(WIRE_DIR.glob("*.json"))


@pytest.fixture(scope="module")
def capture_server() -> Any:
    from sentry_compat.capture import CaptureServer

    with CaptureServer(project_id="42", public_key=KEY) as server:
        yield server


@pytest.mark.parametrize("path", _corpus_wires(), ids=lambda p: p.stem)
def test_corpus_case_replays_in_its_dialect(path: Path, capture_server: Any) -> None:
    from sentry_compat.probe.transport import send

    record = WireRecord.from_json(json.loads(path.read_text()))
    manifest = json.loads((REPO / "corpus" / "manifest.json").read_text())["cases"].get(
        path.stem, {}
    )
    chunked = manifest.get("captured", {}).get("transfer") == "chunked"
    original = record.event()
    assert original is not None
    new = dict(original, event_id=uuid.uuid4().hex)
    dsn = Dsn.parse(capture_server.dsn)
    request = build_request(record, dsn, event=new, chunked=chunked)
    since = len(capture_server.store)
    response = send(request)
    assert response.status == 200, response.reason()
    captured = capture_server.wait_for_event(timeout=10, since=since)
    assert tuple(captured.record["decode_steps"]) == record.decode_steps
    assert captured.event == new
    assert tuple(captured.record["auth"]["sources"]) == record.dialect.auth
    headers = {k.lower(): v for k, v in captured.record["request"]["headers"]}
    assert (headers.get("transfer-encoding") == "chunked") is chunked
    assert ("user-agent" in headers) is ("user-agent" in {n.lower() for n, _ in record.headers})
