"""Rebuild a captured ingest request against another DSN, in the dialect it was captured in.

A wire record (``corpus/wire/NAME.json``, written by ``compat capture``) keeps the request an
SDK sent: method, path, query, headers (without ``Content-Length``/``Transfer-Encoding``), the
``decode_steps`` the capture server took and the *decoded* body, with the DSN's key and host
replaced by the placeholders ``{{public_key}}`` and ``{{host}}``.  :func:`build_request` turns
it back into the exact request (method, URL, headers, body bytes, chunked or not) for a target
DSN:

* the body is re-encoded by undoing the decode steps in reverse: gzip, deflate zlib-wrapped
  (RFC 1950) or raw (RFC 1951), br, zstd, base64(zlib(JSON)) and base64(JSON) legacy bodies,
  gzip/zlib with no header, ``sentry_data`` in the query of a ``GET`` store request;
* the key is rewritten wherever a request carries one: ``X-Sentry-Auth``/``Authorization:
  Sentry`` (``sentry_key``, ``sentry_secret``), the query string, and the envelope header
  ``dsn`` (Bugsink refuses an envelope whose ``dsn`` names another key); the placeholders are
  filled in everywhere in the request line, headers and envelope headers.  Event payloads are
  left as captured: they are what the references were made from;
* envelope items keep an explicit ``length`` exactly where the original had one (recomputed
  when a payload changes), and the trailing newline is kept or not as captured.

The event may be replaced (a fresh ``event_id`` and a timestamp moved to now, so that a
backend that drops duplicates or clamps old timestamps keeps it): the new event goes into the
store body or the envelope's event item, the envelope header ``event_id`` follows, and where
only top-level scalars changed the JSON text is patched in place so every other byte stays as
the SDK wrote it.  :func:`build_store_request` posts an event as plain store JSON, for cases
without a wire record.

Protocol pages: https://develop.sentry.dev/sdk/foundations/transport/envelopes/,
https://develop.sentry.dev/sdk/foundations/transport/compression/ and
https://develop.sentry.dev/sdk/foundations/transport/authentication/.  Standard library only;
nothing here does I/O (the probe sends what this module builds).
"""

from __future__ import annotations

import base64
import dataclasses
import gzip
import json
import re
import shlex
import zlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from ._headers import get_header
from .dsn import Dsn
from .envelope import Envelope, normalize_event_id
from .exceptions import ProtocolError, SentryCompatError
from .ingest import ENDPOINTS

__all__ = [
    "HOST_PLACEHOLDER",
    "PUBLIC_KEY_PLACEHOLDER",
    "Dialect",
    "ReplayError",
    "ReplayRequest",
    "WireRecord",
    "build_request",
    "build_store_request",
    "encode_body",
]

PUBLIC_KEY_PLACEHOLDER = "{{public_key}}"
HOST_PLACEHOLDER = "{{host}}"

#: Headers that frame the transport; the sender sets them (never copied from a record).
FRAMING_HEADERS = frozenset({"content-length", "transfer-encoding"})

_AUTH_HEADERS = ("x-sentry-auth", "authorization")
_ROUTE_RE = re.compile(
    r"^(?P<prefix>.*)/api/(?P<project>[^/]+)/(?P<endpoint>[a-z-]+)(?P<slash>/?)$"
)


class ReplayError(SentryCompatError, ValueError):
    """A wire record that cannot be replayed; the message names the field at fault."""


# ---- the wire record ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class WireRecord:
    """A captured request as ``corpus/wire/NAME.json`` keeps it."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    headers: tuple[tuple[str, str], ...]
    decode_steps: tuple[str, ...]
    decoded_body: bytes
    body_bytes_on_wire: int | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any], *, where: str = "wire record") -> WireRecord:
        """Read a wire record; :class:`ReplayError` names the field that is wrong."""
        if not isinstance(data, Mapping):
            raise ReplayError(f"{where}: expected a JSON object")

        def pairs(key: str) -> tuple[tuple[str, str], ...]:
            value = data.get(key, [])
            if not isinstance(value, list) or not all(
                isinstance(p, (list, tuple)) and len(p) == 2 for p in value
            ):
                raise ReplayError(f"{where}: {key!r} must be a list of [name, value] pairs")
            return tuple((str(k), str(v)) for k, v in value)

        method = data.get("method")
        path = data.get("path")
        if not isinstance(method, str) or not method:
            raise ReplayError(f"{where}: 'method' must be a non-empty string")
        if not isinstance(path, str) or not _ROUTE_RE.match(path):
            raise ReplayError(f"{where}: 'path' must be an ingest path /api/<project>/<endpoint>/")
        steps = data.get("decode_steps", [])
        if not isinstance(steps, list) or not all(isinstance(s, str) for s in steps):
            raise ReplayError(f"{where}: 'decode_steps' must be a list of strings")
        body = data.get("decoded_body", "")
        if not isinstance(body, str):
            raise ReplayError(f"{where}: 'decoded_body' must be a string")
        on_wire = data.get("body_bytes_on_wire")
        return cls(
            method=method.upper(),
            path=path,
            query=pairs("query"),
            headers=pairs("headers"),
            decode_steps=tuple(steps),
            decoded_body=body.encode("utf-8", "surrogateescape"),
            body_bytes_on_wire=on_wire if isinstance(on_wire, int) else None,
        )

    @property
    def endpoint(self) -> str:
        """``store``, ``envelope``, ``security`` or ``minidump``."""
        match = _ROUTE_RE.match(self.path)
        assert match is not None  # checked on load
        name = match["endpoint"]
        if name not in ENDPOINTS:
            raise ReplayError(f"wire record: path {self.path!r} is not an ingest endpoint")
        return ENDPOINTS[name]

    def header(self, name: str) -> str | None:
        return get_header(self.headers, name)

    def envelope(self) -> Envelope:
        """The decoded body as an envelope (:class:`ReplayError` when it is not one)."""
        try:
            return Envelope.parse(self.decoded_body)
        except ProtocolError as exc:
            raise ReplayError(f"wire record: decoded_body: {exc}") from None

    def event(self) -> dict[str, Any] | None:
        """The event the request carried (store body, or the envelope's event item)."""
        if self.endpoint == "envelope":
            try:
                return self.envelope().event()
            except ProtocolError as exc:
                raise ReplayError(f"wire record: decoded_body: {exc}") from None
        if self.endpoint != "store":
            return None
        try:
            value = json.loads(self.decoded_body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ReplayError(f"wire record: decoded_body is not a JSON event ({exc})") from None
        return value if isinstance(value, dict) else None

    @property
    def dialect(self) -> Dialect:
        return Dialect.of(self)


@dataclasses.dataclass(frozen=True)
class Dialect:
    """How a request spoke the protocol: what a triage compares and a report shows."""

    endpoint: str
    method: str
    encoding: tuple[str, ...]
    content_type: str | None
    content_encoding: str | None
    auth: tuple[str, ...]
    protocol_version: str | None
    item_types: tuple[str, ...] = ()
    #: ``all``, ``none`` or ``some``: envelope items with an explicit ``length``
    item_lengths: str | None = None
    header_names: tuple[str, ...] = ()

    @classmethod
    def of(cls, wire: WireRecord) -> Dialect:
        auth: list[str] = []
        version = None
        for name, value in wire.headers:
            if name.lower() in _AUTH_HEADERS and value[:7].lower() == "sentry ":
                auth.append(f"{name} header")
                found = re.search(r"sentry_version\s*=\s*([^,\s]+)", value)
                version = version or (found.group(1) if found else None)
        query = dict(wire.query)
        if any(k.startswith("sentry_") and k != "sentry_data" for k in query):
            auth.append("query string")
            version = version or query.get("sentry_version")
        item_types: tuple[str, ...] = ()
        lengths = None
        if wire.endpoint == "envelope":
            envelope = wire.envelope()
            item_types = tuple(envelope.item_types())
            if envelope.dsn:
                auth.append("envelope header dsn")
            with_length = sum(1 for item in envelope.items if "length" in item.headers)
            lengths = (
                "all"
                if with_length == len(envelope.items)
                else ("none" if with_length == 0 else "some")
            )
        elif wire.endpoint == "store":
            item_types = ("event",)
        return cls(
            endpoint=wire.endpoint,
            method=wire.method,
            encoding=wire.decode_steps,
            content_type=wire.header("Content-Type"),
            content_encoding=wire.header("Content-Encoding"),
            auth=tuple(auth),
            protocol_version=version,
            item_types=item_types,
            item_lengths=lengths,
            header_names=tuple(sorted({n for n, _ in wire.headers})),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "endpoint": self.endpoint,
            "method": self.method,
            "encoding": list(self.encoding),
            "content_type": self.content_type,
            "content_encoding": self.content_encoding,
            "auth": list(self.auth),
            "protocol_version": self.protocol_version,
            "item_types": list(self.item_types),
            "item_lengths": self.item_lengths,
            "header_names": list(self.header_names),
        }

    def describe(self) -> str:
        """``envelope gzip, X-Sentry-Auth`` style one-liner."""
        steps = "+".join(self.encoding) or "plain"
        return f"{self.endpoint} {steps}, {', '.join(self.auth) or 'no auth'}"


# ---- the request ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ReplayRequest:
    """One request, exactly as it is to be sent (the sender adds only ``Content-Length``, or
    the chunk framing when ``chunked``)."""

    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    chunked: bool
    endpoint: str
    #: the event id the request carries (envelope header or store body), 32 hex digits
    event_id: str | None = None
    dialect: Dialect | None = None

    @property
    def scheme(self) -> str:
        return self.url.split("://", 1)[0]

    @property
    def netloc(self) -> str:
        return self.url.split("://", 1)[1].split("/", 1)[0]

    @property
    def target(self) -> str:
        """The request target: path and query."""
        rest = self.url.split("://", 1)[1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else "/"

    def header(self, name: str) -> str | None:
        return get_header(self.headers, name)

    def curl(self, body_file: str = "body.bin") -> str:
        """A ``curl`` command reproducing the request, the body read from ``body_file``."""
        parts = ["curl", "-sS", "-X", self.method]
        for name, value in self.headers:
            if name.lower() == "host":
                continue
            parts += ["-H", f"{name}: {value}"]
        if self.chunked:
            parts += ["-H", "Transfer-Encoding: chunked"]
        if self.body:
            parts += ["--data-binary", f"@{body_file}"]
        parts.append(self.url)
        return " ".join(shlex.quote(p) for p in parts)


# ---- body encodings -------------------------------------------------------------------------


def _raw_deflate(data: bytes) -> bytes:
    obj = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -zlib.MAX_WBITS)
    return obj.compress(data) + obj.flush()


def _brotli(data: bytes) -> bytes:
    try:
        import brotli  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:  # pragma: no cover - depends on the environment
        raise ReplayError(
            "decode step 'br': re-encoding needs the optional 'brotli' package"
        ) from None
    return bytes(brotli.compress(data))


def _zstd(data: bytes) -> bytes:
    try:
        import zstandard  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:  # pragma: no cover - depends on the environment
        raise ReplayError(
            "decode step 'zstd': re-encoding needs the optional 'zstandard' package"
        ) from None
    return bytes(zstandard.ZstdCompressor().compress(data))


#: decode step (as :mod:`sentry_compat.decoding` names it) -> how to redo what it undid
_ENCODERS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": lambda d: gzip.compress(d, mtime=0),
    "sniffed gzip": lambda d: gzip.compress(d, mtime=0),
    "deflate (zlib)": zlib.compress,
    "sniffed zlib": zlib.compress,
    "zlib": zlib.compress,
    "deflate (raw)": _raw_deflate,
    "base64": base64.b64encode,
    "br": _brotli,
    "zstd": _zstd,
    "empty Content-Encoding: identity": lambda d: d,
}
_QUERY_STEP = "query parameter sentry_data"


def encode_body(data: bytes, steps: Sequence[str]) -> bytes:
    """Redo ``steps`` (decode steps, in the order they were applied) on decoded ``data``."""
    out = data
    for step in reversed(list(steps)):
        if step == _QUERY_STEP:
            continue
        encoder = _ENCODERS.get(step)
        if encoder is None:
            known = ", ".join(sorted([*_ENCODERS, _QUERY_STEP]))
            raise ReplayError(f"decode step {step!r} cannot be redone (known: {known})")
        out = encoder(out)
    return out


# ---- key, host and DSN rewriting ------------------------------------------------------------


def _fill(text: str, dsn: Dsn) -> str:
    return text.replace(PUBLIC_KEY_PLACEHOLDER, dsn.public_key).replace(
        HOST_PLACEHOLDER, dsn.netloc
    )


def _rewrite_auth_header(value: str, dsn: Dsn) -> str:
    value = _fill(value, dsn)
    scheme, _, rest = value.strip().partition(" ")
    pieces = []
    for piece in rest.split(","):
        key, sep, _ = piece.strip().partition("=")
        name = key.strip()
        if sep and name == "sentry_key":
            piece = re.sub(r"=.*$", "=" + dsn.public_key, piece)
        elif sep and name == "sentry_secret":
            if not dsn.secret_key:
                continue
            piece = re.sub(r"=.*$", "=" + dsn.secret_key, piece)
        pieces.append(piece)
    return f"{scheme} " + ",".join(pieces).strip()


def _rewrite_query(query: Sequence[tuple[str, str]], dsn: Dsn) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key, value in query:
        if key == "sentry_key":
            value = dsn.public_key
        elif key == "sentry_secret":
            if not dsn.secret_key:
                continue
            value = dsn.secret_key
        else:
            value = _fill(value, dsn)
        out.append((key, value))
    return out


def _fill_value(value: Any, dsn: Dsn) -> Any:
    if isinstance(value, str):
        return _fill(value, dsn)
    if isinstance(value, dict):
        return {k: _fill_value(v, dsn) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill_value(v, dsn) for v in value]
    return value


def _target_url(path: str, query: Sequence[tuple[str, str]], dsn: Dsn) -> str:
    match = _ROUTE_RE.match(path)
    if match is None:
        raise ReplayError(f"path {path!r} is not an ingest path")
    url = f"{dsn.base_url}/api/{dsn.project_id}/{match['endpoint']}{match['slash']}"
    return f"{url}?{urlencode(list(query))}" if query else url


# ---- event replacement ----------------------------------------------------------------------


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class _Substitute:
    """``re.sub`` callback: keep the key part, put ``value`` (no backslash processing)."""

    def __init__(self, value: str) -> None:
        self.value = value

    def __call__(self, match: re.Match[str]) -> str:
        return match.group(1) + self.value


def _patch_event_text(text: bytes, old: Mapping[str, Any], new: Mapping[str, Any]) -> bytes:
    """``text`` (the JSON of ``old``) turned into the JSON of ``new``, patching only the values
    of changed top-level scalars when that is possible; else ``new`` dumped compactly."""
    changed = [k for k in new if k in old and old[k] != new[k]]
    simple = list(old) == list(new) and all(
        isinstance(old[k], (str, int, float))
        and isinstance(new[k], (str, int, float))
        and not isinstance(old[k], bool)
        and not isinstance(new[k], bool)
        for k in changed
    )
    if simple:
        try:
            decoded = text.decode("utf-8")
        except UnicodeDecodeError:
            decoded = None
        if decoded is not None:
            for key in changed:
                pattern = re.compile(
                    "("
                    + re.escape(json.dumps(key))
                    + r"\s*:\s*)"
                    + re.escape(json.dumps(old[key]))
                    + r"(?=\s*[,}])"
                )
                found = pattern.findall(decoded)
                if len(found) != 1:
                    decoded = None
                    break
                decoded = pattern.sub(
                    _Substitute(json.dumps(new[key], ensure_ascii=False)), decoded
                )
            if decoded is not None:
                try:
                    if json.loads(decoded) == new:
                        return decoded.encode("utf-8")
                except json.JSONDecodeError:
                    pass
    return _dump(new)


def _same_form(new_id: str, original: Any) -> str:
    if isinstance(original, str) and original.count("-") == 4:
        hexed = normalize_event_id(new_id) or new_id
        new_id = f"{hexed[:8]}-{hexed[8:12]}-{hexed[12:16]}-{hexed[16:20]}-{hexed[20:]}"
    if isinstance(original, str) and original.isupper():
        new_id = new_id.upper()
    return new_id


def _header_line(headers: Mapping[str, Any]) -> bytes:
    return _dump(dict(headers))


def _rebuild_envelope(
    wire: WireRecord,
    dsn: Dsn,
    event: Mapping[str, Any] | None,
    envelope_header: Callable[[dict[str, Any]], dict[str, Any]] | None,
) -> tuple[bytes, str | None]:
    envelope = wire.envelope()
    headers = _fill_value(dict(envelope.headers), dsn)
    if isinstance(headers.get("dsn"), str):
        headers["dsn"] = str(dsn)  # whatever DSN the SDK named, the request now goes to ``dsn``
    payloads = [item.payload for item in envelope.items]
    found = envelope.event_item()
    event_id = envelope.event_id
    if event is not None:
        if found is None:
            raise ReplayError("wire record: the envelope has no event item to replace")
        index, item = found
        old = item.json(index=index)
        payloads[index] = (
            _patch_event_text(item.payload, old, event) if isinstance(old, dict) else (_dump(event))
        )
        new_id = normalize_event_id(event.get("event_id"))
        if new_id and "event_id" in headers:
            headers["event_id"] = _same_form(new_id, headers["event_id"])
        event_id = new_id or event_id
    elif event_id is None and found is not None:
        event_id = normalize_event_id((found[1].json(index=found[0]) or {}).get("event_id"))
    if envelope_header is not None:
        headers = envelope_header(headers)
    lines = [_header_line(headers)]
    for item, payload in zip(envelope.items, payloads, strict=True):
        item_headers = dict(item.headers)
        if "length" in item_headers and item_headers["length"] is not None:
            item_headers["length"] = len(payload)
        lines.append(_header_line(item_headers))
        lines.append(payload)
    body = b"\n".join(lines)
    if wire.decoded_body.endswith(b"\n"):
        body += b"\n"
    return body, event_id


def build_request(
    wire: WireRecord | Mapping[str, Any],
    dsn: Dsn | str,
    *,
    event: Mapping[str, Any] | None = None,
    envelope_header: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    chunked: bool = False,
) -> ReplayRequest:
    """The request of ``wire`` aimed at ``dsn``, in the captured dialect.

    ``event`` replaces the event the request carried (store body or envelope event item);
    ``envelope_header`` may adjust the envelope header last (say, move ``sent_at``);
    ``chunked`` sends the body with chunked transfer encoding, as the SDK did (the manifest's
    ``captured.transfer``; the wire record itself does not keep framing headers).
    """
    if not isinstance(wire, WireRecord):
        wire = WireRecord.from_json(wire)
    if isinstance(dsn, str):
        dsn = Dsn.parse(dsn)
    endpoint = wire.endpoint
    event_id: str | None = None
    if endpoint == "envelope":
        decoded, event_id = _rebuild_envelope(wire, dsn, event, envelope_header)
    elif event is not None:
        if endpoint != "store":
            raise ReplayError(f"wire record: a {endpoint} request carries no event to replace")
        old = wire.event()
        decoded = (
            _patch_event_text(wire.decoded_body, old, event) if old is not None else (_dump(event))
        )
        event_id = normalize_event_id(event.get("event_id"))
    else:
        decoded = wire.decoded_body
        if endpoint == "store":
            event_id = normalize_event_id((wire.event() or {}).get("event_id"))
    body = encode_body(decoded, wire.decode_steps)
    query = _rewrite_query(wire.query, dsn)
    if _QUERY_STEP in wire.decode_steps:
        query = [(k, v) for k, v in query if k != "sentry_data"]
        query.append(("sentry_data", body.decode("ascii", "surrogateescape")))
        body = b""
    headers: list[tuple[str, str]] = []
    for name, value in wire.headers:
        lower = name.lower()
        if lower in FRAMING_HEADERS:
            continue
        if lower in _AUTH_HEADERS and value[:7].lower() == "sentry ":
            value = _rewrite_auth_header(value, dsn)
        elif lower == "host":
            value = dsn.netloc
        else:
            value = _fill(value, dsn)
        headers.append((name, value))
    return ReplayRequest(
        method=wire.method,
        url=_target_url(wire.path, query, dsn),
        headers=tuple(headers),
        body=body,
        chunked=chunked and bool(body),
        endpoint=endpoint,
        event_id=event_id,
        dialect=wire.dialect,
    )


def build_store_request(
    event: Mapping[str, Any],
    dsn: Dsn | str,
    *,
    client: str = "sentry-compat-probe/1.0",
    user_agent: str | None = None,
    protocol_version: str = "7",
) -> ReplayRequest:
    """``POST /api/<project>/store/`` of ``event`` as plain JSON with ``X-Sentry-Auth``: how
    a case without a wire record is sent (and how 9.1.2, which had no ``/envelope/``, is
    given an envelope case's event)."""
    if isinstance(dsn, str):
        dsn = Dsn.parse(dsn)
    auth = f"Sentry sentry_version={protocol_version}, sentry_client={client}, sentry_key={dsn.public_key}"
    if dsn.secret_key:
        auth += f", sentry_secret={dsn.secret_key}"
    headers = (
        ("Host", dsn.netloc),
        ("User-Agent", user_agent or client),
        ("Content-Type", "application/json"),
        ("X-Sentry-Auth", auth),
    )
    return ReplayRequest(
        method="POST",
        url=dsn.store_url,
        headers=headers,
        body=_dump(dict(event)),
        chunked=False,
        endpoint="store",
        event_id=normalize_event_id(event.get("event_id")),
        dialect=Dialect(
            endpoint="store",
            method="POST",
            encoding=(),
            content_type="application/json",
            content_encoding=None,
            auth=("X-Sentry-Auth header",),
            protocol_version=protocol_version,
            item_types=("event",),
            header_names=tuple(sorted(n for n, _ in headers)),
        ),
    )
