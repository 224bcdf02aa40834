"""Helpers to talk to a real capture server over loopback with exact control of the bytes."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterable
from dataclasses import dataclass

from sentry_compat.capture import CaptureServer


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> object:
        return json.loads(self.body)


def send(
    server: CaptureServer,
    method: str,
    target: str,
    headers: Iterable[tuple[str, str]] | dict[str, str] = (),
    body: bytes = b"",
    *,
    chunks: list[bytes] | None = None,
    connection: http.client.HTTPConnection | None = None,
) -> Response:
    """Send one request with exactly these headers and body (or chunked ``chunks``)."""
    conn = connection or http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    pairs = list(headers.items()) if isinstance(headers, dict) else list(headers)
    conn.putrequest(method, target, skip_accept_encoding=True)
    for name, value in pairs:
        conn.putheader(name, value)
    if chunks is not None:
        conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        for chunk in chunks:
            conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        conn.send(b"0\r\n\r\n")
    else:
        if method in ("POST", "PUT") or body:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body or None)
    resp = conn.getresponse()
    data = resp.read()
    result = Response(resp.status, {k: v for k, v in resp.getheaders()}, data)
    if connection is None:
        conn.close()
    return result


def auth_header(server: CaptureServer, version: str = "7", client: str = "test/1.0") -> str:
    return f"Sentry sentry_key={server.config.public_key}, sentry_version={version}, sentry_client={client}"
