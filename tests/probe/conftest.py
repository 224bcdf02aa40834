"""Fixtures for the probe: a real loopback HTTP server with scripted answers, the oracle."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"


class Recorder(http.server.BaseHTTPRequestHandler):
    """Answers with the next scripted (status, headers, body); records every request."""

    protocol_version = "HTTP/1.1"
    script: list[tuple[int, dict[str, str], bytes]]
    seen: list[dict[str, Any]]
    default: Callable[[dict[str, Any]], tuple[int, dict[str, str], bytes]] | None = None

    def _handle(self) -> None:
        body = b""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().strip(), 16)
                if size == 0:
                    self.rfile.readline()
                    break
                body += self.rfile.read(size)
                self.rfile.readline()
        elif self.headers.get("Content-Length"):
            body = self.rfile.read(int(self.headers["Content-Length"]))
        request = {
            "method": self.command,
            "path": self.path,
            "headers": list(self.headers.items()),
            "body": body,
        }
        self.seen.append(request)
        if self.script:
            status, headers, payload = self.script.pop(0)
        elif self.default is not None:
            status, headers, payload = self.default(request)
        else:
            status, headers, payload = 200, {}, b'{"id": "0"}'
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _handle

    def log_message(self, *args: Any) -> None:  # keep the test output quiet
        pass


class ScriptedServer:
    def __init__(self) -> None:
        handler = type("Handler", (Recorder,), {"script": [], "seen": [], "default": None})
        self.handler = handler
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def seen(self) -> list[dict[str, Any]]:
        return self.handler.seen  # type: ignore[no-any-return]

    def answer(
        self, *responses: tuple[int, dict[str, str], bytes | dict[str, Any] | list[Any]]
    ) -> None:
        for status, headers, body in responses:
            payload = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.handler.script.append((status, headers, payload))


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    server = ScriptedServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()
