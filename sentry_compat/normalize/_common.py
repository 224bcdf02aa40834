"""Helpers shared by every field normalizer: trimming, coercion, errors, as 9.1.2 did them.

Every rule here was observed on Sentry 9.1.2 + semaphore 0.4.65 (the semaphore step of
``sentry_compat.reference.semaphore_step``; never read from semaphore's source).  Limits are
data (:data:`STRING_LIMITS`; databag budgets: :data:`._databag.BAGS`).

**Strings** (:func:`trim_string`): a string longer than its limit (counted in code points) keeps
``limit - 3`` characters plus ``...`` (so it is exactly ``limit`` long); ``_meta`` gets
``len`` = the original length in code points and the remark ``["!limit", "s", a, b]``, where
``a..b`` is the UTF-8 *byte* range of the ``...`` in the new value.  No error is recorded.

**Databags** (free-form values) are trimmed by :mod:`._databag`.

**Type errors** (:func:`invalid`): the value becomes null (the key stays, with ``null``), the
original goes to ``val`` and the error is ``["invalid_data", {"reason": ...}]``; reasons are
:data:`REASONS`.  Nulls are dropped silently.  Unknown attributes are kept as ``null`` with an
``invalid_attribute`` error and no ``val``.
"""

from __future__ import annotations

import math
from typing import Any

from .context import REMOVE, Context
from .meta import NOTSET, Path

__all__ = [
    "EXPECTED",
    "REASONS",
    "STRING_LIMITS",
    "coerce_primitive_string",
    "expect_string",
    "invalid",
    "is_empty",
    "rust_strip",
    "trim_chars",
    "trim_string",
    "utf8_len",
]

#: Maximum lengths (code points) of string fields, observed on 9.1.2 + semaphore 0.4.65.
#: Longer values are cut to ``limit - 3`` + ``...`` (see :func:`trim_string`).
STRING_LIMITS: dict[str, int] = {
    "culprit": 200,
    "transaction": 200,
    "release": 200,
    "logger": 64,
    "checksum": 128,
    "dist": 200,
    "environment": 64,
    "tag_value": 200,  # server_name / site moved into tags
    "logentry.formatted": 8192,
    "extra.value": 16384,
}

#: ``reason`` of ``invalid_data`` errors by expected type (semaphore's wording).
EXPECTED: dict[str, str] = {
    "string": "expected a string",
    "object": "expected an object",
    "array": "expected an array",
    "unsigned": "expected an unsigned integer",
    "primitive": "expected a primitive value",
    "timestamp": "expected a timestamp",
    "level": "expected a level",
    "event_id": "expected event id",
    "values": "expected a list or values object",
}

#: Other ``reason`` texts.
REASONS: dict[str, str] = {
    "non_empty": "expected a non-empty value",
    "chars": "invalid characters in string",
    "level": "invalid level",
    "json_precision": "expected a number with JSON precision",
    "out_of_range": "timestamp out of range",
}


#: Rust's ``char::is_whitespace`` (Unicode White_Space): Python's ``str.strip`` also strips
#: U+001C..U+001F, semaphore did not.
RUST_WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def rust_strip(value: str) -> str:
    """``str::trim`` of Rust (what semaphore stripped)."""
    return value.strip(RUST_WHITESPACE)


def utf8_len(value: str) -> int:
    return len(value.encode("utf-8", "surrogatepass"))


def trim_string(value: str, limit: int, ctx: Context, path: Path) -> str:
    """``value`` cut to ``limit`` code points as semaphore did (``...`` + ``_meta``)."""
    if len(value) <= limit:
        return value
    keep = value[: max(limit - 3, 0)]
    start = utf8_len(keep)
    ctx.meta.set_length(path, len(value))
    ctx.meta.add_remark(path, ["!limit", "s", start, start + 3])
    return keep + "..."


def trim_chars(value: str, limit: int, ctx: Context, path: Path, allowance: int = 0) -> str:
    """``value`` cut to ``limit`` code points (``...`` included, :func:`._common.trim_string`)
    when it is longer than ``limit + allowance`` (observed on 9.1.2 + semaphore 0.4.65: e.g.
    messages 8192 + 200, URLs 256 + 40, SDK names 256 + 20)."""
    if len(value) <= limit + allowance:
        return value
    return trim_string(value, max(limit, 3), ctx, path)


def invalid(
    ctx: Context, path: Path, value: Any, reason: str | None = None, kind: str = "invalid_data"
) -> Any:
    """Record an error for ``value`` at ``path`` (original kept in ``val``); returns ``None``
    (the value semaphore leaves in the event: the key stays, with ``null``)."""
    if reason is None:
        ctx.error(path, kind, value)
    else:
        ctx.error(path, kind, value, reason=reason)
    return None


def expect_string(value: Any, ctx: Context, path: Path) -> Any:
    """``value`` if it is a string, else ``None`` with ``expected a string``."""
    if isinstance(value, str):
        return value
    return invalid(ctx, path, value, EXPECTED["string"])


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def coerce_primitive_string(value: Any, ctx: Context, path: Path) -> Any:
    """Primitive -> string as semaphore did for ``release`` (observed): strings as they are,
    integers in decimal, booleans ``True``/``False``, floats by their integer part (``1.5``
    -> ``"1"``) when they fit JSON precision (|x| < 2**53) else ``expected a number with JSON
    precision``; objects and arrays: ``expected a primitive value``.  ``None`` stays ``None``."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "True" if value else "False"
    if _is_int(value):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and abs(value) < 2**53:
            return str(int(value))
        return invalid(ctx, path, value, REASONS["json_precision"])
    return invalid(ctx, path, value, EXPECTED["primitive"])


def is_empty(value: Any) -> bool:
    """``None``, ``""``, ``[]`` and ``{}``: what semaphore drops from optional containers."""
    return value is None or value == "" or value == [] or value == {}


# re-exported for handlers that return "drop this field"
_ = (REMOVE, NOTSET)
