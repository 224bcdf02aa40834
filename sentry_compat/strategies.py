"""Hypothesis strategies for raw Sentry events in every SDK dialect, for property tests
(this project's and backends' own).

Events (dicts, as JSON would decode them):

* :func:`store_events`: what current SDKs send to ``/store/`` (``exception.values``,
  ``logentry``, contexts, breadcrumbs ``{"values": [...]}``, tags as an object, ISO or epoch
  timestamps);
* :func:`envelope_events`: the ``event`` item of an envelope (dashed or plain event ids,
  float timestamps, ``sdk.packages``, ``contexts.trace``);
* :func:`raven_events`: legacy raven shapes: a bare exception list or a single exception
  object, ``sentry.interfaces.*`` keys, numeric levels, tags as pairs, a top-level
  ``message`` string, ``culprit``, epoch-string timestamps;
* :func:`raw_events`: any of those (``dialect=`` to pick one);
* :func:`edge_events`: events carrying the edge values of the conformance spec
  (``shared/spec/sentry912-normalize.md`` section 5): over-long strings, astral Unicode,
  NaN/inf frame vars, deep ``extra``, 300 frames, bad levels, reserved or long tag keys,
  ``{{auto}}`` IPs, invalid environments and releases, mixed fingerprints, unknown keys, ...;
  :func:`edge_values` draws the values alone.

Wire formats:

* :func:`envelopes`: ``(event, bytes)``: an envelope holding the event item and other items
  (session, client_report, attachment), with and without ``length`` headers;
* :func:`store_bodies`: ``(event, content_encoding, bytes)``: a ``/store/`` body, plain,
  gzip, zlib- or raw-deflate, or legacy ``base64(zlib(JSON))`` with no header.

Above the library line: this is the only module that imports ``hypothesis``;
``import sentry_compat`` does not import it.
"""

from __future__ import annotations

import base64
import gzip
import json
import math
import string
import zlib
from typing import Any

from hypothesis import strategies as st

__all__ = [
    "DIALECTS",
    "breadcrumbs",
    "edge_events",
    "edge_values",
    "envelope_events",
    "envelopes",
    "event_ids",
    "exceptions",
    "frames",
    "levels",
    "raven_events",
    "raw_events",
    "stacktraces",
    "store_bodies",
    "store_events",
    "tags",
    "timestamps",
]

DIALECTS = ("store", "envelope", "raven")

PLATFORMS = (
    "python",
    "javascript",
    "node",
    "java",
    "csharp",
    "go",
    "php",
    "ruby",
    "elixir",
    "cocoa",
    "native",
    "other",
)
LEVEL_NAMES = ("debug", "info", "warning", "error", "fatal")

_ident = st.text(string.ascii_letters + "_", min_size=1, max_size=12)
_words = st.text(string.ascii_letters + string.digits + " _-.:/", min_size=1, max_size=40)
_text = st.text(max_size=60)
_tag_key = st.text(string.ascii_lowercase + string.digits + "_.:-", min_size=1, max_size=32)
_tag_value = st.text(
    st.characters(blacklist_characters="\n", blacklist_categories=["Cs"]), min_size=1, max_size=60
).filter(lambda s: s.strip() == s and s != "")
_json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**31), 2**31),
    _text,
    st.floats(allow_nan=False, allow_infinity=False),
)
_json = st.recursive(
    _json_scalar,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_ident, children, max_size=4),
    max_leaves=12,
)
#: 2019-07-23 .. 2029-12-31 (any fixed range: replays shift timestamps)
_EPOCHS = st.integers(1563840000, 1893455999)


def event_ids(*, dashed: bool | None = None) -> st.SearchStrategy[str]:
    """Event ids as SDKs write them: 32 lower-case hex, or a dashed UUID."""
    plain = st.uuids().map(lambda u: u.hex)
    with_dashes = st.uuids().map(str)
    if dashed is None:
        return plain | with_dashes
    return with_dashes if dashed else plain


def timestamps(*, dialect: str = "store") -> st.SearchStrategy[Any]:
    """ISO 8601 (``Z``, 0 to 6 fraction digits), epoch int or float, or (raven) an epoch string."""

    def iso(epoch: int, digits: int) -> str:
        import datetime as dt

        stamp = dt.datetime.fromtimestamp(epoch, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
        return f"{stamp}{'.' + '1' * digits if digits else ''}Z"

    iso_s = st.builds(iso, _EPOCHS, st.integers(0, 6))
    floats = st.builds(lambda e, f: round(e + f, 3), _EPOCHS, st.floats(0, 0.999))
    if dialect == "raven":
        return iso_s | _EPOCHS | _EPOCHS.map(str)
    if dialect == "envelope":
        return floats | iso_s
    return iso_s | floats | _EPOCHS


def levels(*, dialect: str = "store") -> st.SearchStrategy[Any]:
    """Level names; raven also sends ``logging`` numbers and digit strings."""
    names = st.sampled_from(LEVEL_NAMES)
    if dialect == "raven":
        return names | st.sampled_from((10, 20, 30, 40, 50)) | st.sampled_from(("20", "40"))
    return names


def tags(*, pairs: bool | None = None) -> st.SearchStrategy[Any]:
    """Tags as an object, or (raven, PHP) as a list of ``[key, value]`` pairs."""
    as_dict = st.dictionaries(_tag_key, _tag_value, max_size=5)
    as_pairs = st.lists(st.tuples(_tag_key, _tag_value).map(list), max_size=5)
    if pairs is None:
        return as_dict | as_pairs
    return as_pairs if pairs else as_dict


def frames(*, platform: str = "python") -> st.SearchStrategy[dict[str, Any]]:
    """One stack frame with the fields SDKs of ``platform`` fill in."""
    if platform in ("javascript", "node"):
        path = st.builds(lambda h, f: f"https://{h}.example/{f}.js", _ident, _ident)
    else:
        path = st.builds(lambda d, f: f"/app/{d}/{f}.py", _ident, _ident)
    return st.fixed_dictionaries(
        {"function": _ident, "lineno": st.integers(1, 5000)},
        optional={
            "abs_path": path,
            "filename": path.map(lambda p: p.rsplit("/", 1)[-1]),
            "module": st.builds(lambda a, b: f"{a}.{b}", _ident, _ident),
            "colno": st.integers(1, 300),
            "in_app": st.booleans(),
            "context_line": _text,
            "pre_context": st.lists(_text, max_size=3),
            "post_context": st.lists(_text, max_size=3),
            "vars": st.dictionaries(_ident, _json, max_size=3),
        },
    )


def stacktraces(
    *, platform: str = "python", max_frames: int = 8
) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"frames": st.lists(frames(platform=platform), min_size=1, max_size=max_frames)}
    )


def exceptions(*, platform: str = "python") -> st.SearchStrategy[dict[str, Any]]:
    """One exception value (type, value, module, mechanism, stacktrace)."""
    mechanism = st.fixed_dictionaries(
        {"type": st.sampled_from(("generic", "django", "onerror", "logging", "excepthook"))},
        optional={"handled": st.booleans(), "data": st.dictionaries(_ident, _text, max_size=2)},
    )
    return st.fixed_dictionaries(
        {"type": _ident.map(lambda s: s.capitalize() + "Error"), "value": _text},
        optional={
            "module": _ident,
            "mechanism": mechanism,
            "stacktrace": stacktraces(platform=platform),
        },
    )


def breadcrumbs(*, wrapped: bool = True) -> st.SearchStrategy[Any]:
    crumb = st.fixed_dictionaries(
        {"timestamp": timestamps(dialect="envelope"), "message": _text},
        optional={
            "category": _ident,
            "level": st.sampled_from(("info", "warning", "error")),
            "type": st.sampled_from(("default", "http", "navigation")),
            "data": st.dictionaries(_ident, _text, max_size=2),
        },
    )
    values = st.lists(crumb, max_size=4)
    return values.map(lambda v: {"values": v}) if wrapped else values


def _request() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"url": st.builds(lambda h, p: f"https://{h}.example/{p}", _ident, _ident)},
        optional={
            "method": st.sampled_from(("GET", "POST", "PUT")),
            "headers": st.dictionaries(
                st.sampled_from(("User-Agent", "Accept", "Host")), _words, max_size=3
            ),
            "query_string": st.sampled_from(("", "a=1", "a=1&b=2")),
            "data": st.dictionaries(_ident, _text, max_size=2),
        },
    )


def _user() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {},
        optional={
            "id": st.integers(1, 10**6).map(str),
            "email": st.builds(lambda a: f"{a}@example.com", _ident),
            "username": _ident,
            "ip_address": st.sampled_from(("127.0.0.1", "10.0.0.1", "{{auto}}")),
        },
    )


def _message() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.fixed_dictionaries({"formatted": _words}),
        st.fixed_dictionaries(
            {
                "message": _words.map(lambda s: s + " %s"),
                "params": st.lists(_words, min_size=1, max_size=1),
            }
        ),
    )


def _common(dialect: str) -> dict[str, st.SearchStrategy[Any]]:
    return {
        "level": levels(dialect=dialect),
        "logger": _ident,
        "release": _words.filter(lambda s: s.strip() == s),
        "environment": st.sampled_from(("production", "staging", "dev")),
        "server_name": _ident,
        "transaction": _words,
        "extra": st.dictionaries(_ident, _json, max_size=3),
        "modules": st.dictionaries(_ident, st.sampled_from(("1.0", "2.3.4")), max_size=3),
        "fingerprint": st.lists(_words, min_size=1, max_size=3),
    }


@st.composite
def store_events(draw: st.DrawFn) -> dict[str, Any]:
    """An event as a current SDK sends it to ``/store/``."""
    platform = draw(st.sampled_from(PLATFORMS))
    event: dict[str, Any] = {
        "event_id": draw(event_ids(dashed=False)),
        "timestamp": draw(timestamps()),
        "platform": platform,
        "sdk": {
            "name": f"sentry.{platform}",
            "version": draw(st.sampled_from(("1.45.0", "2.19.0", "7.120.0"))),
        },
    }
    body = draw(st.sampled_from(("exception", "message", "both")))
    if body in ("exception", "both"):
        event["exception"] = {
            "values": draw(st.lists(exceptions(platform=platform), min_size=1, max_size=3))
        }
    if body in ("message", "both"):
        event["logentry"] = draw(_message())
    optional = {
        **_common("store"),
        "tags": tags(pairs=False),
        "request": _request(),
        "user": _user(),
        "breadcrumbs": breadcrumbs(),
        "contexts": st.fixed_dictionaries(
            {},
            optional={
                "os": st.fixed_dictionaries({"name": _ident}),
                "runtime": st.fixed_dictionaries({"name": _ident, "version": _words}),
            },
        ),
    }
    for key in draw(st.sets(st.sampled_from(sorted(optional)), max_size=6)):
        event[key] = draw(optional[key])
    return event


@st.composite
def envelope_events(draw: st.DrawFn) -> dict[str, Any]:
    """The ``event`` item of an envelope (newer SDKs)."""
    event = draw(store_events())
    event["event_id"] = draw(event_ids())
    event["timestamp"] = draw(timestamps(dialect="envelope"))
    event["sdk"] = {
        **event["sdk"],
        "packages": [{"name": f"pypi:{event['sdk']['name']}", "version": event["sdk"]["version"]}],
    }
    if draw(st.booleans()):
        contexts = event.setdefault("contexts", {})
        contexts["trace"] = {
            "trace_id": draw(st.uuids()).hex,
            "span_id": draw(st.uuids()).hex[:16],
            "op": "http.server",
        }
    return event


@st.composite
def raven_events(draw: st.DrawFn) -> dict[str, Any]:
    """Legacy raven shapes, as raven-python, raven-js and raven-ruby sent them."""
    platform = draw(st.sampled_from(("python", "javascript", "ruby", "php")))
    event: dict[str, Any] = {
        "event_id": draw(event_ids(dashed=False)),
        "timestamp": draw(timestamps(dialect="raven")),
        "platform": platform,
        "project": draw(st.sampled_from(("1", "2", 2))),
    }
    values = draw(st.lists(exceptions(platform=platform), max_size=2))
    exception_key = draw(st.sampled_from(("exception", "sentry.interfaces.Exception")))
    shape = draw(st.sampled_from(("bare-list", "single-object", "values")))
    if values:
        if shape == "bare-list":
            event[exception_key] = values
        elif shape == "single-object":
            event[exception_key] = values[0]
        else:
            event[exception_key] = {"values": values}
    if not values or draw(st.booleans()):
        message = draw(_words)
        style = draw(st.sampled_from(("top-level", "legacy-interface")))
        if style == "top-level":
            event["message"] = message
        else:
            event["sentry.interfaces.Message"] = {
                "message": message + " %s",
                "params": [draw(_words)],
            }
    optional = {
        **_common("raven"),
        "tags": tags(),
        "culprit": _words,
        "sentry.interfaces.Http": _request(),
        "sentry.interfaces.User": _user(),
        "sentry.interfaces.Stacktrace": stacktraces(platform=platform),
    }
    for key in draw(st.sets(st.sampled_from(sorted(optional)), max_size=5)):
        event[key] = draw(optional[key])
    event["level"] = draw(levels(dialect="raven"))
    return event


def raw_events(dialect: str | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """A raw event of ``dialect`` (``store``, ``envelope``, ``raven``), or of any of them."""
    by_name = {"store": store_events(), "envelope": envelope_events(), "raven": raven_events()}
    if dialect is None:
        return st.one_of(*by_name.values())
    if dialect not in by_name:
        raise ValueError(f"unknown dialect {dialect!r} (one of {', '.join(DIALECTS)})")
    return by_name[dialect]


# ---- edge values (spec section 5) ----------------------------------------------------------------

_ASTRAL = st.text(st.sampled_from("😀🐍𝔘中文日本語한국어ÄÖÜß\u200b"), min_size=1, max_size=20)


def _nested(depth: int) -> Any:
    value: Any = "bottom"
    for index in range(depth):
        value = {f"level{depth - index}": value}
    return value


def edge_values() -> st.SearchStrategy[tuple[str, str, Any]]:
    """``(name, key, value)``: one edge case of the spec's section 5, as the top-level key
    and value it is sent under."""
    cases: list[st.SearchStrategy[tuple[str, str, Any]]] = [
        st.just(("level-warn", "level", "warn")),
        st.just(("level-uppercase", "level", "WARNING")),
        st.sampled_from((30, "30", 40, 0)).map(lambda v: ("level-numeric", "level", v)),
        st.just(("platform-unknown", "platform", "swift")),
        st.just(("message-and-logentry", "logentry", {"formatted": "b"})),
        st.just(("exception-bare-list", "exception", [{"type": "ValueError", "value": "boom"}])),
        st.just(
            ("exception-type-in-value", "exception", {"values": [{"value": "ValueError: boom"}]})
        ),
        st.just(
            (
                "exception-only-stacktrace",
                "exception",
                {"values": [{"stacktrace": {"frames": [{"function": "f"}]}}]},
            )
        ),
        st.just(
            (
                "mechanism-no-type",
                "exception",
                {"values": [{"type": "E", "mechanism": {"handled": False}}]},
            )
        ),
        st.integers(251, 320).map(
            lambda n: (
                "many-frames",
                "stacktrace",
                {"frames": [{"function": f"f{i}", "lineno": i + 1} for i in range(n)]},
            )
        ),
        st.just(
            (
                "frame-lineno-odd",
                "stacktrace",
                {
                    "frames": [
                        {"function": "?", "lineno": -1},
                        {"filename": "foo.py", "lineno": "12"},
                        {"abs_path": "http://x/a.js?v=1", "foo": 1},
                    ]
                },
            )
        ),
        st.sampled_from((math.nan, math.inf, -math.inf)).map(
            lambda v: (
                "frame-vars-nan",
                "stacktrace",
                {"frames": [{"function": "f", "vars": {"x": v}}]},
            )
        ),
        st.integers(121, 400).map(
            lambda n: (
                "long-context-line",
                "stacktrace",
                {"frames": [{"function": "f", "context_line": "x" * n}]},
            )
        ),
        st.integers(8193, 9000).map(lambda n: ("long-message", "message", "m" * n)),
        st.integers(257, 400).map(
            lambda n: (
                "long-function",
                "stacktrace",
                {"frames": [{"function": "f" * n}, {"function": "f" * n}]},
            )
        ),
        _ASTRAL.map(lambda s: ("unicode-message", "message", s)),
        st.integers(201, 10_000).map(lambda n: ("long-tag-value", "tags", {"k": "v" * n})),
        st.sampled_from(("k" * 33, "a/b", "release", "user", "has space")).map(
            lambda k: ("bad-tag-key", "tags", {k: "v"})
        ),
        st.just(("tags-duplicate-pairs", "tags", [["a", "1"], ["a", "2"]])),
        st.sampled_from(("prod/eu", "e" * 65, "a\nb")).map(
            lambda v: ("bad-environment", "environment", v)
        ),
        st.sampled_from(("1.0\n", "r" * 201, 12)).map(lambda v: ("bad-release", "release", v)),
        st.just(("dist-without-release", "dist", "42")),
        st.just(("timestamp-future", "timestamp", 4102444800)),
        st.just(("timestamp-numeric-string", "timestamp", "1563886400")),
        st.sampled_from(
            ("2019-07-23T10:00:00+02:00", "2019-07-23 10:00:00", "2019-07-23T10:00:00.123456Z")
        ).map(lambda v: ("timestamp-iso-variants", "timestamp", v)),
        st.sampled_from(([], "x", 3)).map(lambda v: ("extra-not-object", "extra", v)),
        st.integers(51, 80).map(
            lambda n: ("extra-many-keys", "extra", {f"k{i}": i for i in range(n)})
        ),
        st.integers(7, 12).map(lambda n: ("extra-deep", "extra", {"x": _nested(n)})),
        st.just(("user-auto-ip", "user", {"ip_address": "{{auto}}"})),
        st.just(("user-int-id", "user", {"id": 42, "foo": "bar"})),
        st.just(("request-url-query-fragment", "request", {"url": "https://x.com/p?a=1#f"})),
        st.just(
            (
                "request-headers-object",
                "request",
                {
                    "url": "https://x.com/",
                    "headers": {"cookie": "a=1", "user-agent": "Mozilla/5.0 (X11; Linux x86_64)"},
                },
            )
        ),
        st.just(
            (
                "request-headers-numeric",
                "request",
                {"url": "https://x.com/", "headers": [["X-Count", 3]]},
            )
        ),
        st.just(
            (
                "request-json-data",
                "request",
                {
                    "url": "https://x.com/",
                    "method": "POST",
                    "data": '{"a": 1}',
                    "headers": {"Content-Type": "application/json"},
                },
            )
        ),
        st.just(("request-bad-method", "request", {"url": "https://x.com/", "method": "get me"})),
        st.just(("fingerprint-mixed", "fingerprint", ["{{ default }}", 1, 2.0, True])),
        st.just(("fingerprint-not-list", "fingerprint", "abc")),
        st.just(("checksum-arbitrary", "checksum", "not-a-hash")),
        st.just(("culprit-client", "culprit", "c" * 250)),
        st.just(("unknown-key", "foo", 1)),
        st.just(
            (
                "os-raw-description",
                "contexts",
                {"os": {"raw_description": "Microsoft Windows NT 10.0.17134.0 "}},
            )
        ),
        st.integers(1500, 2500).map(
            lambda n: (
                "big-custom-context",
                "contexts",
                {"custom": {f"k{i}": "v" * 20 for i in range(n // 20)}},
            )
        ),
        st.just(("sdk-no-version", "sdk", {"name": "raven-js"})),
        st.just(
            (
                "many-breadcrumbs",
                "breadcrumbs",
                {"values": [{"message": str(i), "timestamp": 1563886400 + i} for i in range(300)]},
            )
        ),
        st.just(
            (
                "breadcrumb-warn",
                "breadcrumbs",
                {"values": [{"message": "m", "level": "warn", "timestamp": 1563886400}]},
            )
        ),
        st.just(("scrub-password", "extra", {"password": "x", "note": "my oauth token"})),
    ]
    return st.one_of(*cases)


@st.composite
def edge_events(draw: st.DrawFn, dialect: str | None = None, max_edges: int = 3) -> dict[str, Any]:
    """A raw event (of ``dialect``) with one to ``max_edges`` edge values set."""
    event = dict(draw(raw_events(dialect)))
    for _name, key, value in draw(st.lists(edge_values(), min_size=1, max_size=max_edges)):
        event[key] = value
    return event


# ---- wire formats ----------------------------------------------------------------------------------


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, allow_nan=True).encode("utf-8")


@st.composite
def envelopes(
    draw: st.DrawFn, events: st.SearchStrategy[dict[str, Any]] | None = None
) -> tuple[dict[str, Any], bytes]:
    """``(event, envelope bytes)``: the event item among others, with or without ``length``."""
    event = draw(events if events is not None else envelope_events())
    header: dict[str, Any] = {"event_id": event.get("event_id") or draw(event_ids())}
    if draw(st.booleans()):
        header["sent_at"] = "2024-01-01T00:00:00.000Z"
    if draw(st.booleans()):
        header["sdk"] = {"name": "sentry.python", "version": "2.19.0"}
    items: list[tuple[dict[str, Any], bytes]] = [({"type": "event"}, _dump(event))]
    others = {
        "session": _dump({"sid": "x", "status": "ok", "started": "2024-01-01T00:00:00Z"}),
        "client_report": _dump({"discarded_events": []}),
        "attachment": b"plain bytes\nwith a newline",
    }
    for kind in draw(st.lists(st.sampled_from(sorted(others)), max_size=2, unique=True)):
        items.insert(draw(st.integers(0, len(items))), ({"type": kind}, others[kind]))
    lines = [_dump(header)]
    for item_header, payload in items:
        with_length = draw(st.booleans()) or b"\n" in payload
        head = {**item_header, "length": len(payload)} if with_length else dict(item_header)
        if item_header["type"] == "event" and draw(st.booleans()):
            head["content_type"] = "application/json"
        lines += [_dump(head), payload]
    data = b"\n".join(lines) + (b"\n" if draw(st.booleans()) else b"")
    return event, data


@st.composite
def store_bodies(
    draw: st.DrawFn, events: st.SearchStrategy[dict[str, Any]] | None = None
) -> tuple[dict[str, Any], str | None, bytes]:
    """``(event, Content-Encoding or None, body)`` of a ``/store/`` request."""
    event = draw(events if events is not None else raw_events())
    raw = _dump(event)
    kind = draw(
        st.sampled_from(("plain", "gzip", "deflate-zlib", "deflate-raw", "base64-zlib", "base64"))
    )
    if kind == "gzip":
        return event, "gzip", gzip.compress(raw)
    if kind == "deflate-zlib":
        return event, "deflate", zlib.compress(raw)
    if kind == "deflate-raw":
        compressor = zlib.compressobj(wbits=-15)
        return event, "deflate", compressor.compress(raw) + compressor.flush()
    if kind == "base64-zlib":
        return event, None, base64.b64encode(zlib.compress(raw))
    if kind == "base64":
        return event, None, base64.b64encode(raw)
    return event, None, raw
