"""Decoding of ingest request bodies: content encodings, legacy payloads, size limits.

Implements https://develop.sentry.dev/sdk/foundations/transport/compression/
(``Content-Encoding`` gzip, deflate, br, zstd; several encodings are undone in
reverse order) and what Sentry 9.1.2 accepted on ``/store/``
(``src/sentry/middleware/proxy.py: DecompressBodyMiddleware``,
``src/sentry/event_manager.py: _decode_event``,
``src/sentry/coreapi.py: decode_and_decompress_data``):

* ``deflate`` is tried zlib-wrapped first (RFC 1950, what raven-python sends),
  then raw (RFC 1951);
* an empty ``Content-Encoding`` header means identity (sentry-ruby 5.3 sends one);
* a store body that does not start with ``{`` is a legacy payload:
  base64(zlib(json)) as raven-node, raven-ruby and raven-go send it with no
  header at all, or plain base64(json).

Beyond 9.1.2, and recorded as a decode step when used: a body carrying the gzip
or zlib magic number with no header is inflated (a lenient capture server must
not lose it).

Every decompression is bounded (:class:`Limits`), so a decompression bomb costs
at most ``max_decoded`` bytes of memory before :class:`PayloadTooLarge` is raised.
``br`` needs the optional ``brotli`` package, ``zstd`` the optional ``zstandard``
package; both are imported only when such a body arrives.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import zlib
from typing import Any

from .exceptions import PayloadTooLarge, ProtocolError

__all__ = [
    "DecodedBody",
    "Limits",
    "decode_content",
    "decode_legacy_payload",
    "decode_store_body",
    "parse_json_object",
]

MB = 1000 * 1000
MIB = 1024 * 1024


@dataclasses.dataclass(frozen=True)
class Limits:
    """Size limits of the capture server, in bytes.

    The defaults follow Relay's documented limits (20 MB compressed body, 100 MB
    decompressed), except that one event is allowed as much as a decompressed
    body: real SDKs send events far above Relay's 1 MB event-item limit (a
    raven-node stack overflow is 6.4 MB decoded) and Sentry 9.1.2, whose only
    limit was 20 MiB on the wire, stored them.  Never refuse by default what a
    real SDK sent and 9.1.2 stored.
    """

    max_body: int = 20 * MB
    max_decoded: int = 100 * MB
    max_event: int = 100 * MB
    max_attachment: int = 100 * MB
    max_sessions: int = 100


DEFAULT_LIMITS = Limits()


@dataclasses.dataclass(frozen=True)
class DecodedBody:
    """A decoded body and how it was decoded (``steps``, in the order applied)."""

    data: bytes
    steps: tuple[str, ...] = ()


def _inflate(data: bytes, wbits: int, limit: int, what: str) -> bytes:
    obj = zlib.decompressobj(wbits)
    out = obj.decompress(data, limit + 1)
    if len(out) > limit or obj.unconsumed_tail:
        raise PayloadTooLarge(
            f"{what} body inflates to more than {limit} bytes", where="Content-Encoding"
        )
    out += obj.flush()
    if len(out) > limit:
        raise PayloadTooLarge(
            f"{what} body inflates to more than {limit} bytes", where="Content-Encoding"
        )
    if not obj.eof:
        raise zlib.error("incomplete or truncated stream")
    return out


def _gunzip(data: bytes, limit: int) -> bytes:
    # Concatenated gzip members are one stream (RFC 1952 2.2).
    out = b""
    rest = data
    while True:
        obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out += obj.decompress(rest, limit + 1 - len(out))
        if len(out) > limit or obj.unconsumed_tail:
            raise PayloadTooLarge(
                f"gzip body inflates to more than {limit} bytes", where="Content-Encoding"
            )
        out += obj.flush()
        if not obj.eof:
            raise zlib.error("incomplete or truncated gzip stream")
        rest = obj.unused_data
        if not rest.strip(b"\x00"):
            return out


def _brotli(data: bytes, limit: int) -> bytes:
    try:
        import brotli  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:  # pragma: no cover - depends on the environment
        raise ProtocolError(
            "Content-Encoding br needs the optional 'brotli' package", where="Content-Encoding"
        ) from None
    decompressor = brotli.Decompressor()
    out = b""
    view = memoryview(data)
    for start in range(0, len(data), 16384):
        out += decompressor.process(bytes(view[start : start + 16384]))
        if len(out) > limit:
            raise PayloadTooLarge(
                f"br body inflates to more than {limit} bytes", where="Content-Encoding"
            )
    if not decompressor.is_finished():
        raise ProtocolError("truncated br stream", where="Content-Encoding")
    return bytes(out)


def _zstd(data: bytes, limit: int) -> bytes:
    try:
        import zstandard  # type: ignore[import-not-found,unused-ignore]
    except ImportError:  # pragma: no cover - depends on the environment
        raise ProtocolError(
            "Content-Encoding zstd needs the optional 'zstandard' package",
            where="Content-Encoding",
        ) from None
    reader = zstandard.ZstdDecompressor().stream_reader(data)
    out = reader.read(limit + 1)
    if len(out) > limit:
        raise PayloadTooLarge(
            f"zstd body inflates to more than {limit} bytes", where="Content-Encoding"
        )
    return bytes(out)


def _decode_one(data: bytes, encoding: str, limit: int) -> tuple[bytes, str]:
    try:
        if encoding in ("gzip", "x-gzip"):
            return _gunzip(data, limit), "gzip"
        if encoding == "deflate":
            try:
                return _inflate(data, zlib.MAX_WBITS, limit, "deflate"), "deflate (zlib)"
            except zlib.error:
                return _inflate(data, -zlib.MAX_WBITS, limit, "deflate"), "deflate (raw)"
        if encoding == "br":
            return _brotli(data, limit), "br"
        if encoding == "zstd":
            return _zstd(data, limit), "zstd"
    except (zlib.error, EOFError) as exc:
        raise ProtocolError(
            f"body is not valid {encoding} data ({exc})", where="Content-Encoding"
        ) from None
    raise ProtocolError(f"unsupported encoding {encoding!r}", where="Content-Encoding", status=415)


def decode_content(
    body: bytes,
    content_encoding: str | None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    sniff: bool = True,
) -> DecodedBody:
    """Undo ``Content-Encoding`` (a header value such as ``"gzip"`` or ``"gzip, br"``).

    ``None``, ``""`` and ``identity`` leave the body as is.  With ``sniff``, a
    body with no encoding header that starts with the gzip or zlib magic number
    is inflated too (step ``sniffed gzip`` / ``sniffed zlib``).
    """
    if len(body) > limits.max_body:
        raise PayloadTooLarge(
            f"body of {len(body)} bytes exceeds the limit of {limits.max_body}", where="body"
        )
    steps: list[str] = []
    encodings = [e.strip().lower() for e in (content_encoding or "").split(",")]
    encodings = [e for e in encodings if e and e != "identity"]
    if not content_encoding or not content_encoding.strip():
        if content_encoding is not None:
            steps.append("empty Content-Encoding: identity")
        if sniff and body[:2] == b"\x1f\x8b":
            try:
                return DecodedBody(_gunzip(body, limits.max_decoded), (*steps, "sniffed gzip"))
            except zlib.error:
                pass
        elif sniff and len(body) >= 2 and body[0] == 0x78 and (body[0] * 256 + body[1]) % 31 == 0:
            try:
                data = _inflate(body, zlib.MAX_WBITS, limits.max_decoded, "zlib")
                return DecodedBody(data, (*steps, "sniffed zlib"))
            except zlib.error:
                pass
    data = body
    for encoding in reversed(encodings):
        data, step = _decode_one(data, encoding, limits.max_decoded)
        steps.append(step)
    return DecodedBody(data, tuple(steps))


def decode_legacy_payload(data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> DecodedBody:
    """base64(zlib(json)) or base64(json): a store body not starting with ``{``.

    src/sentry/coreapi.py: decode_and_decompress_data (zlib failure falls back
    to the plain base64-decoded bytes).
    """
    try:
        raw = base64.b64decode(data.strip(), validate=False)
    except (binascii.Error, ValueError) as exc:
        raise ProtocolError(
            f"body does not start with '{{' and is not base64 ({exc})", where="body"
        ) from None
    try:
        return DecodedBody(
            _inflate(raw, zlib.MAX_WBITS, limits.max_decoded, "base64+zlib"), ("base64", "zlib")
        )
    except zlib.error:
        return DecodedBody(raw, ("base64",))


def parse_json_object(data: bytes | str, *, where: str = "body") -> dict[str, Any]:
    """Parse ``data`` as UTF-8 JSON holding an object.

    Accepts what simplejson accepted in 9.1.2: ``NaN``/``Infinity``, duplicate keys
    (the last wins).  Raises :class:`ProtocolError` naming the byte at fault.
    """
    if isinstance(data, (bytes, bytearray)):
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProtocolError(f"not UTF-8 (byte {exc.start})", where=where) from None
    else:
        text = data
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProtocolError(
            f"not JSON: {exc.msg} (line {exc.lineno} column {exc.colno}, char {exc.pos})",
            where=where,
        ) from None
    except RecursionError:
        raise ProtocolError("JSON nested too deeply", where=where) from None
    if not isinstance(value, dict):
        raise ProtocolError(f"must be a JSON object, not {type(value).__name__}", where=where)
    return value


def decode_store_body(
    body: bytes, content_encoding: str | None = None, *, limits: Limits = DEFAULT_LIMITS
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Decode a ``/store/`` body to the event object, with the decode steps taken."""
    if not body:
        raise ProtocolError("No JSON data was found", where="body")
    decoded = decode_content(body, content_encoding, limits=limits)
    data, steps = decoded.data, decoded.steps
    legacy = data[:1] != b"{"
    if legacy:
        # src/sentry/event_manager.py: _decode_event: not '{' -> base64(zlib(json)) or base64(json)
        decoded_legacy = decode_legacy_payload(data, limits=limits)
        data, steps = decoded_legacy.data, steps + decoded_legacy.steps
    if len(data) > limits.max_event:
        raise PayloadTooLarge(
            f"event of {len(data)} bytes exceeds the limit of {limits.max_event}", where="body"
        )
    try:
        return parse_json_object(data), steps
    except ProtocolError as exc:
        if not legacy:
            raise
        raise ProtocolError(
            "body does not start with '{' and is not base64(zlib(JSON)) or base64(JSON) "
            f"either: after {'+'.join(steps)} it is {exc.reason}",
            where="body",
        ) from None
