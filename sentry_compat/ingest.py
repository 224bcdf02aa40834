"""One ingest request in, its authenticated, decoded contents out.

The protocol layer's top: routes (``/api/<project_id>/<endpoint>/``), auth
(:mod:`sentry_compat.auth`), body decoding (:mod:`sentry_compat.decoding`),
envelopes (:mod:`sentry_compat.envelope`) and security reports
(:mod:`sentry_compat.security`), as a pure function of the request.  The capture
server, the probe and tests all go through :func:`ingest`.

Endpoints (https://develop.sentry.dev/sdk/foundations/transport/ and Sentry
9.1.2's ``src/sentry/web/urls.py``): ``store`` (POST, or GET with
``sentry_data``), ``envelope``, ``security`` (alias ``csp-report``) and
``minidump`` (kept raw).
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from typing import Any
from urllib.parse import parse_qsl

from ._headers import HeadersLike, get_header, header_pairs
from .auth import Auth, auth_from_request
from .decoding import DEFAULT_LIMITS, Limits, decode_content, decode_store_body
from .dsn import Dsn
from .envelope import Envelope, normalize_event_id
from .exceptions import AuthError, PayloadTooLarge, ProtocolError
from .security import SecurityReport, parse_security_report

__all__ = ["ENDPOINTS", "DecodedItem", "IngestRequest", "IngestResult", "ingest", "parse_route"]

#: endpoint path segment -> canonical endpoint name
ENDPOINTS = {
    "store": "store",
    "envelope": "envelope",
    "security": "security",
    "csp-report": "security",
    "minidump": "minidump",
}

_ROUTE_RE = re.compile(r"^/api/(?P<project>[^/]+)/(?P<endpoint>[a-z-]+)/?$")


class RouteNotFound(ProtocolError):
    """The path is not an ingest endpoint (HTTP 404)."""

    status = 404


@dataclasses.dataclass(frozen=True)
class IngestRequest:
    """An HTTP request as received: nothing decoded yet."""

    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes
    query: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    remote_addr: str | None = None

    @classmethod
    def build(
        cls,
        method: str,
        target: str,
        headers: HeadersLike | None = None,
        body: bytes = b"",
        remote_addr: str | None = None,
    ) -> IngestRequest:
        """Build from a request target such as ``/api/1/store/?sentry_key=...``."""
        path, _, query = target.partition("?")
        return cls(
            method=method.upper(),
            path=path,
            headers=header_pairs(headers),
            body=body,
            query=parse_qsl(query, keep_blank_values=True),
            remote_addr=remote_addr,
        )

    def header(self, name: str) -> str | None:
        return get_header(self.headers, name)


@dataclasses.dataclass
class DecodedItem:
    """One thing a request carried: the store body, an envelope item, a report."""

    type: str
    headers: dict[str, Any]
    payload: bytes
    index: int | None = None
    json: Any = None
    disposition: str = ""


@dataclasses.dataclass
class IngestResult:
    """What :func:`ingest` made of a request."""

    endpoint: str
    project_id: str
    auth: Auth
    content_type: str | None
    content_encoding: str | None
    decode_steps: tuple[str, ...]
    items: list[DecodedItem]
    #: The event to normalize (store body or envelope event item), if any.
    event: dict[str, Any] | None = None
    #: The id the server answers with: the event's, or a fresh one for a store
    #: body without a valid id (9.1.2 generated it during normalization).
    event_id: str | None = None
    envelope_headers: dict[str, Any] | None = None
    security_reports: list[SecurityReport] = dataclasses.field(default_factory=list)
    warnings: list[str] = dataclasses.field(default_factory=list)

    @property
    def item_types(self) -> list[str]:
        return [item.type for item in self.items]


def parse_route(path: str) -> tuple[str, str]:
    """``(project_id, endpoint)`` of an ingest path; :class:`RouteNotFound` otherwise."""
    match = _ROUTE_RE.match(path)
    if not match or match["endpoint"] not in ENDPOINTS:
        raise RouteNotFound(f"not an ingest endpoint: {path!r}", where="path")
    project_id = match["project"]
    if not project_id.isdigit():
        raise ProtocolError(f"Invalid project_id: {project_id!r}", where="path")
    return project_id, ENDPOINTS[match["endpoint"]]


def ingest(
    request: IngestRequest,
    *,
    limits: Limits = DEFAULT_LIMITS,
    public_key: str | None = None,
    project_id: str | None = None,
) -> IngestResult:
    """Authenticate and decode one request.

    ``public_key`` and ``project_id``, when given, are enforced: a different key
    is :class:`AuthError` 403, a different project 400.  Raises a
    :class:`ProtocolError` subclass naming what is wrong for anything malformed.
    """
    route_project, endpoint = parse_route(request.path)
    if project_id is not None and route_project != str(project_id):
        raise ProtocolError(
            f"Invalid project_id: {route_project!r} (this server serves project {project_id})",
            where="path",
        )
    if len(request.body) > limits.max_body:
        raise PayloadTooLarge(
            f"body of {len(request.body)} bytes exceeds the limit of {limits.max_body}",
            where="body",
        )
    if endpoint == "envelope":
        result = _ingest_envelope(request, route_project, limits)
    elif endpoint == "security":
        result = _ingest_security(request, route_project, limits)
    elif endpoint == "minidump":
        result = _ingest_minidump(request, route_project)
    else:
        result = _ingest_store(request, route_project, limits)
    if public_key is not None and result.auth.public_key != public_key:
        raise AuthError(
            f"Invalid api key {result.auth.public_key!r}", where=result.auth.sources[0], status=403
        )
    return result


def _query(request: IngestRequest) -> list[tuple[str, str]]:
    return request.query


def _ingest_store(request: IngestRequest, project: str, limits: Limits) -> IngestResult:
    auth = auth_from_request(request.headers, _query(request))
    encoding = request.header("Content-Encoding")
    if request.method == "GET":
        data = dict(request.query).get("sentry_data", "")
        event, steps = decode_store_body(data.encode("utf-8"), None, limits=limits)
        steps = ("query parameter sentry_data", *steps)
    elif request.method == "POST":
        event, steps = decode_store_body(request.body, encoding, limits=limits)
    else:
        raise ProtocolError(f"method {request.method} not allowed", where="method", status=405)
    event_id = normalize_event_id(event.get("event_id")) or uuid.uuid4().hex
    item = DecodedItem("event", {}, request.body, json=event, disposition="decoded")
    return IngestResult(
        endpoint="store",
        project_id=project,
        auth=auth,
        content_type=request.header("Content-Type"),
        content_encoding=encoding,
        decode_steps=steps,
        items=[item],
        event=event,
        event_id=event_id,
    )


def _ingest_envelope(request: IngestRequest, project: str, limits: Limits) -> IngestResult:
    if request.method != "POST":
        raise ProtocolError(f"method {request.method} not allowed", where="method", status=405)
    encoding = request.header("Content-Encoding")
    decoded = decode_content(request.body, encoding, limits=limits)
    envelope = Envelope.parse(decoded.data)
    auth = auth_from_request(request.headers, _query(request), envelope_dsn=envelope.dsn)
    warnings: list[str] = []
    if envelope.dsn:
        dsn_project = Dsn.parse(envelope.dsn).project_id
        if dsn_project != project:
            raise ProtocolError(
                f"envelope dsn names project {dsn_project!r}, the URL {project!r}",
                where="envelope header dsn",
            )
    items: list[DecodedItem] = []
    sessions = 0
    for index, item in enumerate(envelope.items):
        size = len(item.payload)
        if item.type in ("event", "transaction") and size > limits.max_event:
            raise PayloadTooLarge(
                f"{item.type} of {size} bytes exceeds the limit of {limits.max_event}",
                where=f"envelope item {index}",
            )
        if item.type == "attachment" and size > limits.max_attachment:
            raise PayloadTooLarge(
                f"attachment of {size} bytes exceeds the limit of {limits.max_attachment}",
                where=f"envelope item {index}",
            )
        if item.type in ("session", "sessions"):
            sessions += 1
            if sessions > limits.max_sessions:
                raise PayloadTooLarge(
                    f"more than {limits.max_sessions} session items", where=f"envelope item {index}"
                )
        parsed: Any = None
        if item.type != "attachment" and item.payload[:1] in (b"{", b"["):
            try:
                parsed = item.json(index=index)
            except ProtocolError:
                if item.type in ("event", "transaction"):
                    raise
                warnings.append(f"envelope item {index} ({item.type}) payload is not JSON")
        items.append(
            DecodedItem(item.type, item.headers, item.payload, index, parsed, item.disposition)
        )
    event = envelope.event()
    if event is not None:
        found = envelope.event_item()
        assert found is not None
        items[found[0]].json = event
    event_id = envelope.event_id
    if event is not None:
        event_id = event_id or normalize_event_id(event.get("event_id")) or uuid.uuid4().hex
    if not envelope.items:
        warnings.append("empty envelope (no items)")
    return IngestResult(
        endpoint="envelope",
        project_id=project,
        auth=auth,
        content_type=request.header("Content-Type"),
        content_encoding=encoding,
        decode_steps=decoded.steps,
        items=items,
        event=event,
        event_id=event_id,
        envelope_headers=envelope.headers,
        warnings=warnings,
    )


def _ingest_security(request: IngestRequest, project: str, limits: Limits) -> IngestResult:
    if request.method != "POST":
        raise ProtocolError(f"method {request.method} not allowed", where="method", status=405)
    # src/sentry/coreapi.py: SecurityAuthHelper: only ?sentry_key=, client = User-Agent
    key = dict(request.query).get("sentry_key")
    if not key:
        raise AuthError("Unable to find authentication information", where="query string")
    auth = Auth(
        public_key=key,
        client=request.header("User-Agent"),
        sources=("query string",),
        fields={k: v for k, v in request.query if k.startswith("sentry_")},
    )
    encoding = request.header("Content-Encoding")
    decoded = decode_content(request.body, encoding, limits=limits)
    content_type = request.header("Content-Type")
    reports = parse_security_report(decoded.data, content_type)
    items = [
        DecodedItem("security", {"report_type": r.type}, decoded.data, i, r.body, "decoded")
        for i, r in enumerate(reports)
    ]
    warnings = [w for r in reports for w in r.warnings]
    return IngestResult(
        endpoint="security",
        project_id=project,
        auth=auth,
        content_type=content_type,
        content_encoding=encoding,
        decode_steps=decoded.steps,
        items=items,
        security_reports=reports,
        warnings=list(dict.fromkeys(warnings)),
    )


def _ingest_minidump(request: IngestRequest, project: str) -> IngestResult:
    key = dict(request.query).get("sentry_key")
    if not key:
        raise AuthError("Unable to find authentication information", where="query string")
    auth = Auth(public_key=key, client="sentry-minidump", sources=("query string",))
    item = DecodedItem("minidump", {}, request.body, disposition="kept raw: not decoded")
    return IngestResult(
        endpoint="minidump",
        project_id=project,
        auth=auth,
        content_type=request.header("Content-Type"),
        content_encoding=request.header("Content-Encoding"),
        decode_steps=(),
        items=[item],
    )
