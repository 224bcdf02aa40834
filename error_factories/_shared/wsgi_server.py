"""Serve a WSGI app of a framework factory on 127.0.0.1:$FACTORY_PORT until SIGTERM.

The standard library's server, one request at a time.  SIGTERM asks the server loop to
stop once the request at hand is answered (never by raising inside the app or the SDK,
which could leave one of their locks held), then ``flush`` sends what the SDK still
holds, and the process exits.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server


class LogToStderr(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write("app: " + (format % args) + "\n")


def serve(app: Callable[..., Any], flush: Callable[[], None]) -> None:
    port = int(os.environ.get("FACTORY_PORT", "8000"))
    server = make_server("127.0.0.1", port, app, handler_class=LogToStderr)

    def terminate(signum: int, frame: object) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, terminate)
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        server.server_close()
        flush()
