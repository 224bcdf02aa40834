from __future__ import annotations

import base64
import gzip
import json
import zlib

import pytest

from sentry_compat.decoding import Limits, decode_content, decode_store_body, parse_json_object
from sentry_compat.exceptions import PayloadTooLarge, ProtocolError

EVENT = {"message": "hi", "extra": {"text": "ünïcödé"}}
RAW = json.dumps(EVENT).encode()


def raw_deflate(data: bytes) -> bytes:
    c = zlib.compressobj(wbits=-15)
    return c.compress(data) + c.flush()


@pytest.mark.parametrize(
    ("body", "encoding", "steps"),
    [
        (gzip.compress(RAW), "gzip", ("gzip",)),
        (gzip.compress(RAW), "GZIP", ("gzip",)),
        (gzip.compress(RAW), "x-gzip", ("gzip",)),
        (zlib.compress(RAW), "deflate", ("deflate (zlib)",)),  # raven-python
        (raw_deflate(RAW), "deflate", ("deflate (raw)",)),
        (RAW, "", ("empty Content-Encoding: identity",)),  # sentry-ruby 5.3
        (RAW, "identity", ()),
        (RAW, None, ()),
        (base64.b64encode(zlib.compress(RAW)), None, ("base64", "zlib")),  # raven-node/ruby/go
        (base64.b64encode(RAW), None, ("base64",)),
        (gzip.compress(RAW), None, ("sniffed gzip",)),
        (zlib.compress(RAW), None, ("sniffed zlib",)),
        (gzip.compress(gzip.compress(RAW)), "gzip, gzip", ("gzip", "gzip")),
    ],
)
def test_store_body_dialects(body: bytes, encoding: str | None, steps: tuple[str, ...]) -> None:
    event, taken = decode_store_body(body, encoding)
    assert event == EVENT
    assert taken == steps


def test_brotli_and_zstd() -> None:
    brotli = pytest.importorskip("brotli", reason="optional brotli package not installed")
    assert decode_content(brotli.compress(RAW), "br").data == RAW
    zstandard = pytest.importorskip("zstandard", reason="optional zstandard package not installed")
    assert decode_content(zstandard.ZstdCompressor().compress(RAW), "zstd").data == RAW


def test_concatenated_gzip_members() -> None:
    assert decode_content(gzip.compress(RAW[:5]) + gzip.compress(RAW[5:]), "gzip").data == RAW


def test_gzip_bomb_is_refused_without_inflating_it_all() -> None:
    bomb = gzip.compress(b"{" + b" " * 50_000_000 + b"}")
    assert len(bomb) < 100_000
    with pytest.raises(PayloadTooLarge, match="inflates to more than 1000000") as info:
        decode_store_body(bomb, "gzip", limits=Limits(max_decoded=1_000_000))
    assert info.value.status == 413


def test_deflate_and_legacy_bombs() -> None:
    small = Limits(max_decoded=10_000)
    with pytest.raises(PayloadTooLarge):
        decode_content(zlib.compress(b"a" * 100_000), "deflate", limits=small)
    with pytest.raises(PayloadTooLarge):
        decode_store_body(base64.b64encode(zlib.compress(b"a" * 100_000)), None, limits=small)


def test_oversize_body_and_event() -> None:
    with pytest.raises(PayloadTooLarge, match="exceeds the limit of 10"):
        decode_content(b"x" * 11, None, limits=Limits(max_body=10))
    with pytest.raises(PayloadTooLarge, match="event of"):
        decode_store_body(RAW, None, limits=Limits(max_event=10))


@pytest.mark.parametrize(
    ("body", "encoding", "fragment"),
    [
        (b"", None, "No JSON data was found"),
        (b"{bad", None, "not JSON"),
        (b"\xef\xbb\xbf{}", None, "not JSON"),  # BOM -> legacy path -> not JSON (400 in 9.1.2 too)
        (b"[1, 2]", None, "does not start with .{. and is not base64"),
        (b"AAAA", None, "is not base64\\(zlib\\(JSON\\)\\) or base64\\(JSON\\) either"),
        (b'{"a": "\xff"}', None, "not UTF-8"),
        (b"not gzip", "gzip", "not valid gzip"),
        (gzip.compress(RAW)[:-8], "gzip", "not valid gzip"),
        (RAW, "compress", "unsupported encoding"),
    ],
)
def test_bad_bodies(body: bytes, encoding: str | None, fragment: str) -> None:
    with pytest.raises(ProtocolError, match=fragment):
        decode_store_body(body, encoding)


def test_json_object_accepts_nan_and_last_duplicate_wins() -> None:
    value = parse_json_object(b'{"a": NaN, "b": 1, "b": 2}')
    assert value["b"] == 2 and value["a"] != value["a"]
    with pytest.raises(ProtocolError, match="must be a JSON object, not list"):
        parse_json_object(b"[]")
    with pytest.raises(ProtocolError, match="line 1 column 7"):
        parse_json_object(b'{"a": }')
