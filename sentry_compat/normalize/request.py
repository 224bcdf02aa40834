"""The request (Http) interface as 9.1.2 (semaphore 0.4.65) stored it.

Observed on 9.1.2 + semaphore 0.4.65 (never read from its source); spec §2.10 gives the legacy
Python rules, which apply only at read time.  Fields, in semaphore's order (that of ``errors``):

* ``url`` (string): a trailing ``…`` becomes ``...``; an absolute URL is re-serialized as the
  URL Standard parses it (:mod:`.url`: lower-case scheme and host, IDNA, default port dropped,
  dot segments resolved, path percent-encoded); otherwise the text is split at the first ``#``
  and the first ``?``.  The stored ``url`` has neither query nor fragment; they become
  ``query_string``/``fragment`` unless those were sent (not null).
* ``method`` (string): upper-cased, must match ``^[A-Z_-]{3,32}$`` (else ``invalid_data``
  without a reason, the upper-cased value in ``val``).
* ``data`` (anything): a string is decoded as JSON (when not ``null``), else as an ASCII
  form body (unless it gives no pair, or a single pair with an empty value);
  ``inferred_content_type`` is ``application/json`` / ``application/x-www-form-urlencoded``
  then, else the ``Content-Type`` header up to its first ``;`` (as sent).  A client
  ``inferred_content_type`` is ignored.
* ``query_string``: a string (``?`` stripped) parsed as a form (``+`` and ``%XX`` decoded,
  blanks kept), an object (sorted) or a list of pairs; values that are not strings become
  JSON text (``null`` stays).
* ``fragment`` (string).
* ``cookies``: a ``Cookie`` header string (``;``-separated; a missing ``=`` or an empty name is
  an error listed twice, the good pairs stay), an object (sorted) or a list of pairs; values
  must be strings.
* ``headers``: an object (sorted by the stored name) or a list of pairs; names get the first
  letter of every ``-`` separated part upper-cased (the rest as sent); values: strings as
  they are, integers, floats (their integer part) and booleans (``True``) as text, arrays
  joined with ``,`` (nulls skipped, containers dropped with an error listed twice).  The first
  ``Cookie`` header that parses cleanly moves to ``cookies`` unless cookies were sent (then it
  is dropped).
* ``env`` (object): ``REMOTE_ADDR`` ``{{auto}}`` is the client IP; a valid ``REMOTE_ADDR``
  becomes ``user.ip_address`` where the user has none.
* Unknown keys vanish silently.

Trimming (after everything else): ``url`` to 256 characters when longer than 296,
``fragment`` to 1024 when longer than 1124; ``data``, ``env`` and ``headers`` are databags of
8192 bytes, ``cookies`` of 2048, ``query_string`` of 1024 (:mod:`._databag`).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from ._common import coerce_primitive_string, trim_chars
from ._databag import trim_bag, trim_pairs
from ._rust import json_text, read_number
from .context import REMOVE, Context
from .meta import NOTSET, Path
from .url import split_url
from .user import apply_remote_addr

__all__ = [
    "FIELD_ORDER",
    "form_pairs",
    "header_name",
    "infer_body",
    "normalize_request",
    "parse_cookies",
]

#: Fields in semaphore's order (the order of ``errors``).
FIELD_ORDER: tuple[str, ...] = (
    "url",
    "method",
    "data",
    "query_string",
    "fragment",
    "cookies",
    "headers",
    "env",
    "inferred_content_type",
)

#: (limit, allowance) of the string fields; databags in ``_databag.BAGS``.
LIMITS: dict[str, tuple[int, int]] = {"url": (256, 40), "fragment": (1024, 100)}

JSON_TYPE = "application/json"
FORM_TYPE = "application/x-www-form-urlencoded"

_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_METHOD = re.compile(r"^[A-Z_-]{3,32}$")
_PCT = re.compile(rb"%([0-9A-Fa-f]{2})")


# ------------------------------------------------------------------------------ form decoding
def _pct_decode(text: str, plus: bool, errors: str = "replace") -> str:
    if plus:
        text = text.replace("+", " ")
    raw = text.encode("utf-8", "surrogatepass")
    return _PCT.sub(lambda m: bytes((int(m.group(1), 16),)), raw).decode("utf-8", errors)


def form_pairs(text: str) -> list[list[str]]:
    """``application/x-www-form-urlencoded`` pairs (``&``-separated, empty parts skipped,
    ``+`` and ``%XX`` decoded, invalid UTF-8 replaced)."""
    pairs = []
    for part in text.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        pairs.append([_pct_decode(name, True), _pct_decode(value, True)])
    return pairs


def _json_int(text: str) -> int | float:
    """serde_json's numbers: integers beyond 64 bits are floats (beyond f64: not JSON); those
    above ``i64::MAX`` were stored wrapped (observed)."""
    number = int(text)
    if -(2**63) <= number < 2**63:
        return number
    return number - 2**64 if 2**63 <= number < 2**64 else read_number(text)


def _json_float(text: str) -> float:
    return read_number(text)  # ValueError when out of range


def _no_constant(text: str) -> Any:
    raise ValueError(f"not JSON: {text}")  # NaN/Infinity are not JSON for serde_json


def infer_body(data: str) -> tuple[Any, str | None]:
    """A string body decoded as semaphore did: JSON, then an ASCII form; ``(value, type)``."""
    try:
        decoded = json.loads(
            data, parse_int=_json_int, parse_float=_json_float, parse_constant=_no_constant
        )
    except ValueError:
        decoded = None
    if decoded is not None:
        return decoded, JSON_TYPE
    if data.isascii():
        form = dict((k, v) for k, v in form_pairs(data))
        if len(form) > 1 or (len(form) == 1 and next(iter(form.values())) != ""):
            return form, FORM_TYPE
    return data, None


# ------------------------------------------------------------------------------------ helpers
def _pairs(
    value: Any, ctx: Context, path: Path, convert: Any, *, sort_by_key: Any = None
) -> list[Any]:
    """An object (sorted) or a list of pairs -> ``[[key, value], ...]``; ``convert(v, ctx,
    path)`` turns each value into what is stored."""
    out: list[Any] = []
    if isinstance(value, dict):
        items = [[k, v] for k, v in value.items()]
        items.sort(key=sort_by_key or (lambda kv: kv[0]))
        for index, (key, item) in enumerate(items):
            out.append([key, convert(item, ctx, (*path, index, 1))])
        return out
    for index, item in enumerate(value):
        if item is None:
            out.append(None)
            continue
        if not isinstance(item, list) or len(item) != 2:
            ctx.error((*path, index), "invalid_data", item, reason="expected a tuple")
            out.append(None)
            continue
        key, val = item
        if key is not None and not isinstance(key, str):
            ctx.error((*path, index, 0), "invalid_data", key, reason="expected a string")
            key = None
        out.append([key, convert(val, ctx, (*path, index, 1))])
    return out


def _query_value(value: Any, ctx: Context, path: Path) -> Any:
    if value is None or isinstance(value, str):
        return value
    return json_text(value)


def _string_value(value: Any, ctx: Context, path: Path) -> Any:
    if value is None or isinstance(value, str):
        return value
    ctx.error(path, "invalid_data", value, reason="expected a string")
    return None


def _header_value(value: Any, ctx: Context, path: Path) -> Any:
    if isinstance(value, list):
        # an array is joined with "," (a comma only once the text is not empty); nulls are
        # skipped, items that are not primitives are skipped with an error (no ``val``, each
        # reason once, listed twice; observed)
        text = ""
        reasons: list[str] = []
        for item in value:
            if item is None:
                continue
            if isinstance(item, (list, dict)):
                reason = "expected a primitive value"
            elif isinstance(item, float) and not (math.isfinite(item) and abs(item) < 2**53):
                reason = "expected a number with JSON precision"
            else:
                part = coerce_primitive_string(item, ctx, path)
                text = f"{text},{part}" if text else part
                continue
            if reason not in reasons:
                reasons.append(reason)
        for reason in reasons:
            ctx.meta.add_error(path, "invalid_data", data={"reason": reason}, repeat=2)
        return text
    return coerce_primitive_string(value, ctx, path)


def header_name(name: str) -> str:
    """``x-b3-traceid`` -> ``X-B3-Traceid``, ``X-FOO-bar`` -> ``X-FOO-Bar`` (observed)."""
    return "-".join(part[:1].upper() + part[1:] for part in name.split("-"))


def parse_cookies(text: str) -> tuple[list[list[str]], list[str]]:
    """A ``Cookie`` header: ``(pairs, error reasons)`` (observed on 9.1.2 + semaphore): name
    and value trimmed, then percent-decoded (not ``+``); a cookie whose decoded name or value
    is not UTF-8 is left out with an error, as are one without ``=`` and one without a name."""
    pairs: list[list[str]] = []
    reasons: list[str] = []
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        if "=" not in part:
            reason = "the cookie is missing a name/value pair"
        else:
            name, _, val = part.partition("=")
            name = name.strip()
            if name:
                try:
                    pair = [
                        _pct_decode(name, False, "strict"),
                        _pct_decode(val.strip(), False, "strict"),
                    ]
                except UnicodeDecodeError:
                    reason = "decoding the cookie's name or value resulted in invalid UTF-8"
                else:
                    pairs.append(pair)
                    continue
            else:
                reason = "the cookie's name is empty"
        if reason not in reasons:
            reasons.append(reason)
    return pairs, reasons


def _cookies(value: Any, ctx: Context, path: Path) -> Any:
    if isinstance(value, str):
        pairs, reasons = parse_cookies(value)
        for index, reason in enumerate(reasons):
            ctx.meta.add_error(
                path,
                "invalid_data",
                value=value if index == 0 else NOTSET,
                data={"reason": reason},
                repeat=2,
            )
        return pairs
    if isinstance(value, (dict, list)):
        return _pairs(value, ctx, path, _string_value)
    ctx.error(path, "invalid_data", value, reason="expected cookies")
    return None


def _query(value: Any, ctx: Context, path: Path) -> Any:
    if isinstance(value, str):
        return form_pairs(value[1:] if value.startswith("?") else value)
    if isinstance(value, (dict, list)):
        return _pairs(value, ctx, path, _query_value)
    ctx.error(path, "invalid_data", value, reason="expected a query string or map")
    return None


def _headers(value: Any, ctx: Context, path: Path) -> Any:
    if isinstance(value, dict):
        # sorted by the stored name, ties by the sent one ({"b", "A", "a"} -> A(A), A(a), B)
        items = sorted(value.items(), key=lambda kv: (header_name(kv[0]), kv[0]))
        return [
            [header_name(k), _header_value(v, ctx, (*path, i, 1))] for i, (k, v) in enumerate(items)
        ]
    if isinstance(value, list):
        out = _pairs(value, ctx, path, _header_value)
        for pair in out:
            if pair is not None and isinstance(pair[0], str):
                pair[0] = header_name(pair[0])
        return out
    ctx.error(path, "invalid_data", value, reason="expected an array")
    return None


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


# ------------------------------------------------------------------------------------ handler
def normalize_request(value: Any, ctx: Context, path: Path) -> Any:
    """Normalize the ``request`` interface at ``path``; return the new value or REMOVE."""
    if value is None:
        return REMOVE
    if not isinstance(value, dict):
        ctx.error(path, "invalid_data", value, reason="expected request")
        return None

    out: dict[str, Any] = {}
    url_query: str | None = None
    url_fragment: str | None = None

    for key in FIELD_ORDER:
        raw = value.get(key)
        if raw is None or key == "inferred_content_type":
            continue
        field = (*path, key)
        new: Any
        if key == "url":
            if not isinstance(raw, str):
                new = _string_value(raw, ctx, field)
            else:
                new, url_query, url_fragment = split_url(raw)
        elif key == "method":
            if not isinstance(raw, str):
                new = _string_value(raw, ctx, field)
            else:
                new = raw.translate(_ASCII_UPPER)
                if not _METHOD.match(new):
                    ctx.error(field, "invalid_data", new)
                    new = None
        elif key == "data":
            new = raw
        elif key == "query_string":
            new = _query(raw, ctx, field)
        elif key == "fragment":
            new = _string_value(raw, ctx, field)
            if new == "":
                continue
        elif key == "cookies":
            new = _cookies(raw, ctx, field)
        elif key == "headers":
            new = _headers(raw, ctx, field)
        else:  # env
            if isinstance(raw, dict):
                new = dict(raw)
                if new.get("REMOTE_ADDR") == "{{auto}}" and ctx.options.client_ip:
                    new["REMOTE_ADDR"] = ctx.options.client_ip
            else:
                ctx.error(field, "invalid_data", raw, reason="expected an object")
                new = None
        out[key] = new

    # the URL's parts fill a missing or invalid query string / fragment (an error stays; the
    # query string's is listed twice now that it has a value; observed)
    if out.get("query_string") is None and url_query:
        out["query_string"] = form_pairs(url_query)
        _list_twice(ctx, (*path, "query_string"))
    if out.get("fragment") is None and url_fragment and value.get("fragment") != "":
        out["fragment"] = url_fragment

    # the content type is inferred before the Cookie header moves (observed: a Content-Type
    # header that the move removes by mistake, see there, still decides)
    _infer_content_type(out)
    _move_cookie_header(out, value, ctx, path)

    # nulls without an annotation vanish; empty containers too
    for key in list(out):
        if out[key] is None and ctx.meta.get((*path, key)) is None:
            del out[key]
        elif out[key] in ([], {}) and key != "data" and ctx.meta.get((*path, key)) is None:
            del out[key]  # an empty body stays (observed)
    if all(_is_empty(v) for v in out.values()) and not _annotated(ctx, path):
        env = out.get("env")
        if isinstance(env, dict):
            apply_remote_addr(env.get("REMOTE_ADDR"), ctx)
        return REMOVE

    env = out.get("env")
    if isinstance(env, dict):
        apply_remote_addr(env.get("REMOTE_ADDR"), ctx)

    _trim(out, ctx, path)
    return {k: out[k] for k in FIELD_ORDER if k in out}


def _list_twice(ctx: Context, path: Path) -> None:
    node = ctx.meta.get(path)
    if not node or not node.get("err"):
        return
    errors, original = list(node["err"]), node.get("val", NOTSET)
    ctx.meta.drop(path)
    for index, err in enumerate(errors):
        kind, data = (err[0], err[1]) if isinstance(err, list) else (err, None)
        ctx.meta.add_error(
            path, kind, value=original if index == 0 else NOTSET, data=data, repeat=2
        )


def _annotated(ctx: Context, path: Path) -> bool:
    return any(p[: len(path)] == path for p in ctx.meta.paths())


def _move_cookie_header(out: dict[str, Any], raw: dict[str, Any], ctx: Context, path: Path) -> None:
    headers = out.get("headers")
    if not isinstance(headers, list):
        return
    for index, pair in enumerate(headers):
        if pair is None or not isinstance(pair[0], str) or pair[0].lower() != "cookie":
            continue
        if out.get("cookies") is None:  # missing or invalid: the header may stand in
            if not isinstance(pair[1], str):
                return
            pairs, reasons = parse_cookies(pair[1])
            if reasons:
                return
            out["cookies"] = pairs
            ctx.meta.drop((*path, "cookies"))  # an invalid value's error goes (observed)
        # semaphore removed the item at the Cookie header's position among the non-null items
        # (observed: with nulls before it, another item goes and the Cookie header stays)
        victim = sum(1 for item in headers[:index] if item is not None)
        del headers[victim]
        ctx.meta.drop((*path, "headers", victim))
        for later in range(victim + 1, len(headers) + 1):  # annotations move with their pair
            ctx.meta.move((*path, "headers", later), (*path, "headers", later - 1))
        return


def _infer_content_type(out: dict[str, Any]) -> None:
    data = out.get("data")
    inferred: str | None = None
    if isinstance(data, str):
        data, inferred = infer_body(data)
        out["data"] = data
    if inferred is None:
        for pair in out.get("headers") or ():
            if pair is not None and pair[0] == "Content-Type":  # the first one decides
                if isinstance(pair[1], str):
                    inferred = pair[1].split(";", 1)[0] or None
                break
    if inferred is not None:
        out["inferred_content_type"] = inferred


def _trim(out: dict[str, Any], ctx: Context, path: Path) -> None:
    for key, (limit, allowance) in LIMITS.items():
        if isinstance(out.get(key), str):
            out[key] = trim_chars(out[key], limit, ctx, (*path, key), allowance)
    for key in ("data", "query_string", "cookies", "headers", "env"):
        if isinstance(out.get(key), list) and key != "data":
            out[key] = trim_pairs(out[key], ctx, (*path, key), f"request.{key}")
        elif key in out and out[key] is not None:
            out[key] = trim_bag(out[key], ctx, (*path, key), f"request.{key}")
