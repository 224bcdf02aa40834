"""The capture server: a Sentry ingest endpoint that keeps every request it accepts.

Built on aiohttp (HTTP/1.1 keep-alive, chunked request bodies, ``Expect:
100-continue``); request bodies are read raw (``auto_decompress=False``) so the
record holds the exact bytes an SDK sent, and decoding is done by
:func:`sentry_compat.ingest.ingest`.

Routes: ``POST /api/<project_id>/store/`` (and ``GET`` with ``sentry_data``),
``/envelope/``, ``/security/`` (alias ``/csp-report/``), ``/minidump/``, with
CORS for browser SDKs (preflight included); ``GET /_health``; optional static
files (``static_dir``) so browser factories can load pages from the same origin.

Answers: ``200 {"id": "<event_id>"}`` (store, envelope), ``201`` with an empty
body (security, as 9.1.2); ``400``/``401``/``403``/``404``/``405``/``413``/``415``
with a one-line JSON ``{"error": "<what and where>"}`` and the same text in
``X-Sentry-Error``.  The public key of the server's DSN is enforced (403).
Bound to 127.0.0.1 by default.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import mimetypes
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from ..decoding import DEFAULT_LIMITS, Limits
from ..exceptions import PayloadTooLarge, ProtocolError
from ..ingest import IngestRequest, IngestResult, ingest
from .records import CapturedRequest, CaptureStore, build_record

__all__ = ["CaptureConfig", "CaptureServer"]

_GIF = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c000000000100010000020144003b"
)
_INLINE_BODY = 64 * 1024
_ALLOW_HEADERS = (
    "X-Sentry-Auth, X-Requested-With, Origin, Accept, Content-Type, Content-Encoding, "
    "Authentication, Authorization, sentry-trace, baggage"
)


@dataclasses.dataclass(frozen=True)
class CaptureConfig:
    """How a capture server listens and what it accepts."""

    host: str = "127.0.0.1"
    port: int = 0  # 0: an ephemeral port
    project_id: str = "1"
    public_key: str = dataclasses.field(default_factory=lambda: uuid.uuid4().hex)
    directory: Path | None = None  # None: a fresh temporary directory
    limits: Limits = DEFAULT_LIMITS
    durable: bool = False  # fsync every record before answering
    static_dir: Path | None = None
    enforce_key: bool = True


class CaptureServer:
    """A running capture server.

    ``with CaptureServer() as server:`` runs it on a background thread;
    :meth:`serve_forever` runs it in the foreground.  ``server.dsn`` is the DSN
    to give SDKs; :meth:`wait_for_event` blocks until a matching request arrives.
    """

    def __init__(self, config: CaptureConfig | None = None, **overrides: Any):
        config = config or CaptureConfig()
        if overrides:
            config = dataclasses.replace(config, **overrides)
        if config.directory is None:
            config = dataclasses.replace(
                config, directory=Path(tempfile.mkdtemp(prefix="sentry-compat-capture-"))
            )
        self.config = config
        assert config.directory is not None
        self.store = CaptureStore(config.directory, durable=config.durable)
        self.port: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._startup_error: BaseException | None = None

    # ----------------------------------------------------------------- addresses
    @property
    def url(self) -> str:
        host = f"[{self.config.host}]" if ":" in self.config.host else self.config.host
        return f"http://{host}:{self.port}"

    @property
    def dsn(self) -> str:
        host = f"[{self.config.host}]" if ":" in self.config.host else self.config.host
        return f"http://{self.config.public_key}@{host}:{self.port}/{self.config.project_id}"

    @property
    def directory(self) -> Path:
        assert self.config.directory is not None
        return self.config.directory

    # ----------------------------------------------------------------- waiting
    def wait_for_event(
        self,
        predicate: Callable[[CapturedRequest], bool] | None = None,
        timeout: float = 10.0,
        *,
        since: int = 0,
    ) -> CapturedRequest:
        """Block until an accepted request carrying an event (and matching ``predicate``) arrives."""

        def check(captured: CapturedRequest) -> bool:
            if not (captured.accepted and captured.event is not None):
                return False
            return predicate(captured) if predicate else True

        return self.store.wait_for(check, timeout, since=since)

    def wait_for(
        self, predicate: Callable[[CapturedRequest], bool], timeout: float = 10.0, *, since: int = 0
    ) -> CapturedRequest:
        """Block until any kept request (accepted or refused) matches ``predicate``."""
        return self.store.wait_for(predicate, timeout, since=since)

    # ----------------------------------------------------------------- lifecycle
    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=self.config.limits.max_body + 1)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        return app

    async def _start(self) -> None:
        self._runner = web.AppRunner(
            self.make_app(), auto_decompress=False, access_log=None, handle_signals=False
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.config.host, self.config.port, reuse_address=True)
        await site.start()
        sockets = getattr(site._server, "sockets", None)
        assert sockets, "the capture server did not bind"
        self.port = sockets[0].getsockname()[1]

    def start(self, timeout: float = 10.0) -> CaptureServer:
        """Start on a background thread; return once it listens."""
        if self._thread is not None:
            return self

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._start())
            except BaseException as exc:  # reported to start()
                self._startup_error = exc
                self._ready.set()
                loop.close()
                return
            self._ready.set()
            try:
                loop.run_forever()
            finally:
                if self._runner is not None:
                    loop.run_until_complete(self._runner.cleanup())
                loop.run_until_complete(loop.shutdown_default_executor())
                loop.close()

        self._thread = threading.Thread(target=run, name="sentry-compat-capture", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise TimeoutError(f"capture server did not start within {timeout} s")
        if self._startup_error is not None:
            self._thread = None
            raise self._startup_error
        return self

    def stop(self) -> None:
        """Stop the background server; in-flight requests are finished first."""
        if self._thread is None or self._loop is None:
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._thread = None

    def serve_forever(self, on_ready: Callable[[CaptureServer], None] | None = None) -> None:
        """Run in the foreground until interrupted (Ctrl-C)."""

        async def main() -> None:
            await self._start()
            if on_ready:
                on_ready(self)
            try:
                await asyncio.Event().wait()
            finally:
                if self._runner is not None:
                    await self._runner.cleanup()

        try:
            asyncio.run(main())
        except KeyboardInterrupt:
            pass

    def __enter__(self) -> CaptureServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ----------------------------------------------------------------- handling
    async def _read_body(self, request: web.Request) -> bytes:
        limit = self.config.limits.max_body
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = await request.content.readany()
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise PayloadTooLarge(f"body exceeds the limit of {limit} bytes", where="body")
            chunks.append(chunk)
        return b"".join(chunks)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        path = request.path
        if request.method == "OPTIONS":
            return self._preflight(request, origin)
        if not path.startswith("/api/"):
            return self._serve_other(request)
        received = time.time()
        ingest_request = IngestRequest(
            method=request.method,
            path=path,
            headers=list(request.headers.items()),
            body=b"",
            query=list(request.rel_url.query.items()),
            remote_addr=request.remote,
        )
        try:
            body = await self._read_body(request)
        except PayloadTooLarge as exc:
            record = build_record(ingest_request, received, error=exc, status=exc.status)
            await asyncio.get_running_loop().run_in_executor(None, self.store.add, record)
            return self._error(exc, origin, close=True)
        ingest_request = dataclasses.replace(ingest_request, body=body)
        if len(body) <= _INLINE_BODY:
            # Small bodies: decoding and writing take tens of microseconds, less than a
            # hop to a worker thread; large ones go to a worker to keep the loop free.
            outcome = self._process(ingest_request, received)
        else:
            loop = asyncio.get_running_loop()
            outcome = await loop.run_in_executor(None, self._process, ingest_request, received)
        if isinstance(outcome, ProtocolError):
            return self._error(outcome, origin)
        return self._success(outcome, origin, request.method)

    def _process(self, request: IngestRequest, received: float) -> IngestResult | ProtocolError:
        """Ingest and record one request (runs on a worker thread)."""
        config = self.config
        try:
            result = ingest(
                request,
                limits=config.limits,
                public_key=config.public_key if config.enforce_key else None,
                project_id=config.project_id,
            )
        except ProtocolError as exc:
            self.store.add(build_record(request, received, error=exc, status=exc.status))
            return exc
        except RecursionError:
            too_deep = ProtocolError("JSON nested too deeply", where="body")
            self.store.add(build_record(request, received, error=too_deep, status=400))
            return too_deep
        status = 201 if result.endpoint == "security" else 200
        self.store.add(build_record(request, received, result=result, status=status))
        return result

    def _cors(self, response: web.StreamResponse, origin: str | None, ok: bool) -> None:
        if origin is None:
            return
        # src/sentry/web/api.py: the origin is echoed on success, "*" otherwise
        response.headers["Access-Control-Allow-Origin"] = origin if ok and origin != "null" else "*"
        response.headers["Access-Control-Expose-Headers"] = (
            "X-Sentry-Error, X-Sentry-Rate-Limits, Retry-After"
        )
        response.headers["Vary"] = "Origin"

    def _preflight(self, request: web.Request, origin: str | None) -> web.Response:
        response = web.Response(status=200)
        response.headers["Allow"] = "GET, POST, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Origin"] = origin or "*"
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, HEAD, OPTIONS"
        requested = request.headers.get("Access-Control-Request-Headers")
        response.headers["Access-Control-Allow-Headers"] = requested or _ALLOW_HEADERS
        response.headers["Access-Control-Max-Age"] = "3600"
        return response

    def _success(self, result: IngestResult, origin: str | None, method: str) -> web.Response:
        if result.endpoint == "security":
            response = web.Response(status=201, content_type="application/javascript")
        elif result.endpoint == "store" and method == "GET":
            response = web.Response(body=_GIF, content_type="image/gif")
        else:
            body = {"id": result.event_id} if result.event_id else {}
            response = web.Response(
                text=json.dumps(body, separators=(",", ":")), content_type="application/json"
            )
            if result.event_id:
                response.headers["X-Sentry-ID"] = result.event_id
        self._cors(response, origin, ok=True)
        return response

    def _error(self, exc: ProtocolError, origin: str | None, close: bool = False) -> web.Response:
        message = str(exc).replace("\n", " ")
        response = web.Response(
            status=exc.status,
            text=json.dumps({"error": message}, separators=(",", ":")),
            content_type="application/json",
        )
        response.headers["X-Sentry-Error"] = message.encode("ascii", "replace").decode("ascii")[
            :500
        ]
        if close:
            response.force_close()
        self._cors(response, origin, ok=False)
        return response

    def _serve_other(self, request: web.Request) -> web.Response:
        if request.path == "/_health":
            return web.Response(text="ok\n")
        static = self.config.static_dir
        if static is not None and request.method in ("GET", "HEAD"):
            root = Path(static).resolve()
            target = (root / request.path.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if target.is_file() and root in target.parents:
                ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                return web.Response(body=target.read_bytes(), content_type=ctype)
        return web.Response(
            status=404,
            text=json.dumps({"error": f"path: not found: {request.path}"}),
            content_type="application/json",
        )
