"""Sending requests to a backend: exactly the bytes and headers built, politely.

Ingest requests go out through :mod:`http.client` so that nothing is added behind the
caller's back (no ``User-Agent``, ``Accept-Encoding`` or ``Connection`` of a client library:
@sentry/node 7 sends no ``User-Agent`` and the probe must not invent one); the sender adds only
``Content-Length`` or the chunk framing.  Every request uses a fresh connection (Sentry 9.1.2's
uwsgi closes connections after each answer without saying so).

:class:`RateLimiter` spaces requests (``--rate``) and honours ``429`` answers and rate-limit
headers (https://develop.sentry.dev/sdk/foundations/transport/rate-limiting/): ``Retry-After``
(seconds or an HTTP date) and ``X-Sentry-Rate-Limits: <retry_after>:<categories>:<scope>...``
(an empty category list means every category), on ``429`` and on successful answers alike.
"""

from __future__ import annotations

import dataclasses
import email.utils
import http.client
import json
import re
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode, urlsplit

from ..replay import ReplayRequest

__all__ = [
    "ApiClient",
    "ApiError",
    "HttpResponse",
    "RateLimiter",
    "TransportError",
    "parse_rate_limits",
    "retry_after",
    "send",
]

#: event categories that concern error events (an empty list in a limit means all)
EVENT_CATEGORIES = frozenset({"error", "default", "security"})
CHUNK = 16 * 1024


class TransportError(OSError):
    """The request could not be sent or no answer came (connection refused, timeout...)."""


@dataclasses.dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    seconds: float = 0.0

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    def reason(self, limit: int = 300) -> str:
        """A one-line reason: ``X-Sentry-Error``, a JSON error, or the start of the body."""
        told = self.header("X-Sentry-Error")
        if told:
            return told[:limit]
        text = self.text.strip()
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, dict):
            for key in ("error", "detail", "message"):
                if data.get(key):
                    return str(data[key])[:limit]
        if text.lower().startswith(("<!doctype", "<html")):
            found = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
            title = " ".join(found.group(1).split()) if found else ""
            return f"HTML page{': ' + title if title else ''}"[:limit]
        return " ".join(text.split())[:limit]


def _connection(scheme: str, netloc: str, timeout: float) -> http.client.HTTPConnection:
    parts = urlsplit(f"{scheme}://{netloc}")
    host = parts.hostname or ""
    if scheme == "https":
        return http.client.HTTPSConnection(
            host, parts.port, timeout=timeout, context=ssl.create_default_context()
        )
    if scheme != "http":
        raise TransportError(f"unsupported scheme {scheme!r}")
    return http.client.HTTPConnection(host, parts.port, timeout=timeout)


def _chunks(body: bytes) -> Iterable[bytes]:
    for start in range(0, len(body), CHUNK):
        piece = body[start : start + CHUNK]
        yield f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    yield b"0\r\n\r\n"


def send_raw(
    method: str,
    url: str,
    headers: Sequence[tuple[str, str]],
    body: bytes = b"",
    *,
    chunked: bool = False,
    timeout: float = 30.0,
) -> HttpResponse:
    """Send one request with exactly ``headers`` (plus ``Host`` when absent, and the framing)."""
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    started = time.monotonic()
    conn = _connection(parts.scheme, parts.netloc, timeout)
    try:
        conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        names = {name.lower() for name, _ in headers}
        if "host" not in names:
            conn.putheader("Host", parts.netloc)
        for name, value in headers:
            if name.lower() in ("content-length", "transfer-encoding"):
                continue
            conn.putheader(name, value)
        if chunked:
            conn.putheader("Transfer-Encoding", "chunked")
        elif body or method in ("POST", "PUT", "PATCH"):
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        if chunked:
            for piece in _chunks(body):
                conn.send(piece)
        elif body:
            conn.send(body)
        resp = conn.getresponse()
        data = resp.read()
        return HttpResponse(resp.status, tuple(resp.getheaders()), data, time.monotonic() - started)
    except (TimeoutError, OSError, http.client.HTTPException) as exc:
        raise TransportError(f"{method} {parts.scheme}://{parts.netloc}{target}: {exc}") from exc
    finally:
        conn.close()


def send(request: ReplayRequest, *, timeout: float = 30.0) -> HttpResponse:
    """Send a request built by :mod:`sentry_compat.replay`."""
    return send_raw(
        request.method,
        request.url,
        request.headers,
        request.body,
        chunked=request.chunked,
        timeout=timeout,
    )


# ---- rate limits ----------------------------------------------------------------------------


def parse_rate_limits(value: str) -> list[tuple[float, frozenset[str], str]]:
    """``X-Sentry-Rate-Limits`` -> ``[(retry_after seconds, categories, scope)]``
    (malformed entries are skipped; an empty category set means all categories)."""
    out: list[tuple[float, frozenset[str], str]] = []
    for entry in value.split(","):
        fields = entry.strip().split(":")
        if not fields or not fields[0].strip():
            continue
        try:
            seconds = float(fields[0])
        except ValueError:
            continue
        categories = frozenset(c for c in (fields[1] if len(fields) > 1 else "").split(";") if c)
        scope = fields[2] if len(fields) > 2 else ""
        out.append((max(seconds, 0.0), categories, scope))
    return out


def retry_after(
    response: HttpResponse,
    *,
    categories: frozenset[str] = EVENT_CATEGORIES,
    now: float | None = None,
) -> float | None:
    """Seconds to wait before the next event request, from a response's headers (None: none
    asked).  A bare ``429`` means 60 s, as SDKs do."""
    waits: list[float] = []
    limits = response.header("X-Sentry-Rate-Limits")
    if limits:
        for seconds, cats, _scope in parse_rate_limits(limits):
            if not cats or cats & categories:
                waits.append(seconds)
    told = response.header("Retry-After")
    if told and not waits:
        told = told.strip()
        try:
            waits.append(max(float(told), 0.0))
        except ValueError:
            when = email.utils.parsedate_to_datetime(told) if told else None
            if when is not None:
                waits.append(max(when.timestamp() - (now if now is not None else time.time()), 0.0))
    if waits:
        return max(waits)
    if response.status == 429:
        return 60.0
    return None


class RateLimiter:
    """Spaces requests ``1/rate`` seconds apart and blocks while a backend asked to wait.

    Thread-safe.  ``max_wait`` caps a single wait (a backend asking for an hour gets the
    request refused as rate-limited instead of hanging the probe)."""

    def __init__(
        self,
        rate: float | None = None,
        *,
        max_wait: float = 120.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 1.0 / rate if rate else 0.0
        self.max_wait = max_wait
        self.clock = clock
        self.sleep = sleep
        self._next = 0.0
        self._blocked_until = 0.0
        self._lock = threading.Lock()
        self.waited = 0.0
        self.limited = 0

    def acquire(self) -> None:
        with self._lock:
            now = self.clock()
            start = max(now, self._next, self._blocked_until)
            self._next = start + self.interval
        if start > now:
            self.waited += start - now
            self.sleep(start - now)

    def block(self, seconds: float) -> bool:
        """Wait ``seconds`` before the next request; False when that is over ``max_wait``."""
        self.limited += 1
        if seconds > self.max_wait:
            return False
        with self._lock:
            self._blocked_until = max(self._blocked_until, self.clock() + seconds)
        return True


# ---- API client -----------------------------------------------------------------------------


class ApiError(RuntimeError):
    """An API answer the adapter did not expect; names the URL and status."""

    def __init__(self, message: str, *, url: str = "", status: int = 0, body: str = "") -> None:
        super().__init__(message)
        self.url = url
        self.status = status
        self.body = body


class ApiClient:
    """JSON requests to one backend API (``--api URL``), bearer token, never anywhere else."""

    def __init__(
        self,
        base_url: str,
        token: str | None,
        *,
        limiter: RateLimiter | None = None,
        timeout: float = 30.0,
        retries: int = 3,
        user_agent: str = "sentry-compat-probe",
    ) -> None:
        parts = urlsplit(base_url.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"--api {base_url!r}: expected http(s)://host[:port][/path]")
        self.base_url = base_url.rstrip("/")
        self.netloc = parts.netloc
        self.token = token
        self.limiter = limiter or RateLimiter()
        self.timeout = timeout
        self.retries = retries
        self.user_agent = user_agent
        self.requests = 0

    def url(self, path: str, params: Mapping[str, Any] | None = None) -> str:
        if path.startswith(("http://", "https://")):
            url = path
        else:
            url = self.base_url + "/" + path.lstrip("/")
        if params:
            url += ("&" if "?" in url else "?") + urlencode(
                {k: v for k, v in params.items() if v is not None}
            )
        if urlsplit(url).netloc != self.netloc:
            raise ApiError(f"refusing to send to {url}: not the --api host {self.netloc}", url=url)
        return url

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
    ) -> HttpResponse:
        url = self.url(path, params)
        headers = [("Accept", "application/json"), ("User-Agent", self.user_agent)]
        if self.token:
            headers.append(("Authorization", f"Bearer {self.token}"))
        data = b""
        if body is not None:
            data = json.dumps(body).encode()
            headers.append(("Content-Type", "application/json"))
        for attempt in range(self.retries + 1):
            self.limiter.acquire()
            self.requests += 1
            try:
                response = send_raw(method, url, headers, data, timeout=self.timeout)
            except TransportError:
                if attempt >= self.retries:
                    raise
                time.sleep(0.2 * (attempt + 1))
                continue
            if response.status == 429 and attempt < self.retries:
                wait = retry_after(response, categories=frozenset())
                if wait is not None and self.limiter.block(wait):
                    continue
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def get_json(self, path: str, *, params: Mapping[str, Any] | None = None) -> Any:
        """GET and parse; None on 404; :class:`ApiError` on any other non-2xx answer."""
        response = self.request("GET", path, params=params)
        if response.status == 404:
            return None
        return self._parse(response, "GET", self.url(path, params))

    def post_json(self, path: str, body: Any) -> Any:
        response = self.request("POST", path, body=body)
        return self._parse(response, "POST", self.url(path))

    @staticmethod
    def _parse(response: HttpResponse, method: str, url: str) -> Any:
        if not 200 <= response.status < 300:
            raise ApiError(
                f"{method} {url} answered {response.status}: {response.reason()}",
                url=url,
                status=response.status,
                body=response.text[:2000],
            )
        try:
            return response.json()
        except (ValueError, UnicodeDecodeError):
            raise ApiError(
                f"{method} {url} answered {response.status} with no JSON: {response.reason()}",
                url=url,
                status=response.status,
            ) from None

    def paginate(self, path: str, *, params: Mapping[str, Any] | None = None) -> list[Any]:
        """Every item of a paginated list: Sentry's ``Link: <...>; rel="next"; results="true"``
        header, or a ``{"next": url, "results": [...]}`` body (Django REST framework)."""
        items: list[Any] = []
        url: str | None = self.url(path, params)
        pages = 0
        while url and pages < 100:
            pages += 1
            response = self.request("GET", url)
            data = self._parse(response, "GET", url)
            if isinstance(data, dict) and isinstance(data.get("results"), list):
                items += data["results"]
                url = data.get("next") or None
                continue
            if isinstance(data, list):
                items += data
            url = _next_link(response.header("Link"))
        return items


def _next_link(header: str | None) -> str | None:
    """The ``rel="next"`` URL of a Sentry ``Link`` header when it says ``results="true"``."""
    if not header:
        return None
    for part in header.split(","):
        section = part.split(";")
        if len(section) < 2:
            continue
        url = section[0].strip().strip("<>")
        attrs = {
            k.strip(): v.strip().strip('"') for k, _, v in (s.partition("=") for s in section[1:])
        }
        if attrs.get("rel") == "next" and attrs.get("results", "true") == "true":
            return url
    return None
