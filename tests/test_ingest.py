from __future__ import annotations

import gzip
import json

import pytest

from sentry_compat.decoding import Limits
from sentry_compat.exceptions import AuthError, PayloadTooLarge, ProtocolError
from sentry_compat.ingest import IngestRequest, ingest, parse_route

KEY = "a" * 32
AUTH = {"X-Sentry-Auth": f"Sentry sentry_key={KEY}, sentry_version=7, sentry_client=test/1"}
EID = "9ec79c33ec9942ab8353589fcb2e04dc"


def envelope(*items: tuple[dict, bytes], header: dict | None = None) -> bytes:
    out = json.dumps(header if header is not None else {"event_id": EID}).encode()
    for item_header, payload in items:
        out += b"\n" + json.dumps(item_header).encode() + b"\n" + payload
    return out + b"\n"


def test_routes() -> None:
    assert parse_route("/api/12/store/") == ("12", "store")
    assert parse_route("/api/12/envelope") == ("12", "envelope")
    assert parse_route("/api/12/csp-report/") == ("12", "security")
    with pytest.raises(ProtocolError, match="Invalid project_id: 'abc'"):
        parse_route("/api/abc/store/")
    with pytest.raises(ProtocolError) as info:
        parse_route("/api/1/unknown/")
    assert info.value.status == 404


def test_store_event_and_generated_id() -> None:
    req = IngestRequest.build(
        "POST",
        "/api/1/store/",
        {**AUTH, "Content-Encoding": "gzip"},
        gzip.compress(b'{"message":"m"}'),
    )
    result = ingest(req, public_key=KEY, project_id="1")
    assert result.event == {"message": "m"}
    assert len(result.event_id or "") == 32
    assert result.decode_steps == ("gzip",)
    assert result.item_types == ["event"]


def test_get_store_with_sentry_data() -> None:
    req = IngestRequest.build(
        "GET",
        f"/api/1/store/?sentry_key={KEY}&sentry_version=7&sentry_data=%7B%22event_id%22%3A%22{EID}%22%7D",
    )
    result = ingest(req)
    assert result.event_id == EID


def test_envelope_with_session_and_client_report() -> None:
    body = envelope(
        ({"type": "session"}, b'{"sid":"x","status":"ok"}'),
        ({"type": "event"}, b'{"message":"m"}'),
        ({"type": "client_report"}, b'{"discarded_events":[]}'),
        ({"type": "attachment", "length": 3}, b"a\nb"),
    )
    result = ingest(IngestRequest.build("POST", "/api/1/envelope/", AUTH, body))
    assert result.item_types == ["session", "event", "client_report", "attachment"]
    assert result.event == {"message": "m", "event_id": EID}
    assert result.items[0].json == {"sid": "x", "status": "ok"}
    assert result.items[0].disposition.startswith("kept raw")
    assert result.event_id == EID


def test_envelope_dsn_auth_and_project_mismatch() -> None:
    body = envelope(
        ({"type": "event"}, b"{}"), header={"dsn": f"http://{KEY}@h/1", "event_id": EID}
    )
    assert ingest(IngestRequest.build("POST", "/api/1/envelope/", {}, body)).auth.sources == (
        "envelope header dsn",
    )
    with pytest.raises(ProtocolError, match="envelope dsn names project '1'"):
        ingest(IngestRequest.build("POST", "/api/2/envelope/", {}, body))


def test_wrong_key_is_403_and_wrong_project_400() -> None:
    req = IngestRequest.build("POST", "/api/1/store/", AUTH, b"{}")
    with pytest.raises(AuthError) as info:
        ingest(req, public_key="b" * 32)
    assert info.value.status == 403
    with pytest.raises(ProtocolError, match="this server serves project 7") as info2:
        ingest(req, project_id="7")
    assert info2.value.status == 400


def test_limits_per_item() -> None:
    body = envelope(({"type": "event"}, b'{"message":"' + b"x" * 200 + b'"}'))
    with pytest.raises(PayloadTooLarge) as info:
        ingest(
            IngestRequest.build("POST", "/api/1/envelope/", AUTH, body),
            limits=Limits(max_event=100),
        )
    assert info.value.where == "envelope item 0"
    sessions = envelope(*[({"type": "session"}, b"{}")] * 3)
    with pytest.raises(PayloadTooLarge, match="more than 2 session items"):
        ingest(
            IngestRequest.build("POST", "/api/1/envelope/", AUTH, sessions),
            limits=Limits(max_sessions=2),
        )


def test_security_endpoint_takes_auth_from_query_only() -> None:
    body = json.dumps(
        {"csp-report": {"document-uri": "https://a.com", "effective-directive": "img-src"}}
    ).encode()
    req = IngestRequest.build(
        "POST",
        f"/api/1/security/?sentry_key={KEY}",
        {"Content-Type": "application/csp-report", "User-Agent": "UA"},
        body,
    )
    result = ingest(req, public_key=KEY)
    assert result.endpoint == "security"
    assert [r.type for r in result.security_reports] == ["csp"]
    assert result.auth.client == "UA"
    with pytest.raises(AuthError):
        ingest(
            IngestRequest.build(
                "POST", "/api/1/security/", {**AUTH, "Content-Type": "application/json"}, body
            )
        )


def test_non_json_event_item_is_an_error_other_items_tolerated() -> None:
    body = envelope(({"type": "client_report"}, b"{nope"))
    assert ingest(IngestRequest.build("POST", "/api/1/envelope/", AUTH, body)).warnings == [
        "envelope item 0 (client_report) payload is not JSON"
    ]
    with pytest.raises(ProtocolError, match="envelope item 0 \\(event\\) payload"):
        ingest(
            IngestRequest.build(
                "POST", "/api/1/envelope/", AUTH, envelope(({"type": "event"}, b"{nope"))
            )
        )
