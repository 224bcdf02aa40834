"""Helpers shared by every field normalizer: trimming, coercion, errors, as 9.1.2 did them.

Every rule here was observed on Sentry 9.1.2 + semaphore 0.4.65 (the semaphore step of
``sentry_compat.reference.semaphore_step``; never read from semaphore's source).  Limits are
data (:data:`STRING_LIMITS`, :data:`DATABAG`).

**Strings** (:func:`trim_string`): a string longer than its limit (counted in code points) keeps
``limit - 3`` characters plus ``...`` (so it is exactly ``limit`` long); ``_meta`` gets
``len`` = the original length in code points and the remark ``["!limit", "s", a, b]``, where
``a..b`` is the UTF-8 *byte* range of the ``...`` in the new value.  No error is recorded.

**Databags** (:func:`trim_databag`: ``extra`` values and other free-form data): a depth-first
walk, object keys in sorted order (semaphore keeps objects sorted), with a size budget in
characters: each string may use what is left of the budget (and is cut like above), each
child then costs its compact JSON length + 1 (object keys cost nothing); once the budget is
used up the remaining items of that container are dropped and the container gets ``len`` =
its original item count (no remark).  A container at ``max_depth`` is replaced by its compact
JSON text (no ``_meta``).

**Type errors** (:func:`invalid`): the value becomes null (the key stays, with ``null``), the
original goes to ``val`` and the error is ``["invalid_data", {"reason": ...}]``; reasons are
:data:`REASONS`.  Nulls are dropped silently.  Unknown attributes are kept as ``null`` with an
``invalid_attribute`` error and no ``val``.
"""

from __future__ import annotations

import math
from typing import Any

from ._rust import json_text
from .context import REMOVE, Context
from .meta import NOTSET, Path, estimate_size

__all__ = [
    "DATABAG",
    "EXPECTED",
    "REASONS",
    "STRING_LIMITS",
    "coerce_primitive_string",
    "compact_json",
    "expect_string",
    "invalid",
    "is_empty",
    "json_size",
    "rust_strip",
    "trim_databag",
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

#: Databag budgets: ``(max_size, max_depth)`` per kind of bag.  ``extra``: every top-level
#: value has its own ``value`` budget; the whole ``extra`` stops taking keys once the sum of
#: its (trimmed) values' costs reaches ``total``.
DATABAG: dict[str, dict[str, int]] = {
    "extra": {"value": 16384, "total": 262144, "depth": 6},
    "modules": {"value": 8192, "depth": 6},
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


def compact_json(value: Any) -> str:
    """Compact JSON as semaphore wrote stringified values: keys sorted, ryu floats (observed)."""
    return json_text(value)


def json_size(value: Any) -> int:
    """The cost of a value in a databag budget: semaphore's size estimate (strings count their
    UTF-8 bytes + 2, unescaped; null members of objects are skipped)."""
    return estimate_size(value)


def trim_databag(
    value: Any,
    ctx: Context,
    path: Path,
    *,
    max_size: int,
    max_depth: int,
    depth: int = 0,
) -> tuple[Any, int]:
    """Trim a free-form value; returns ``(new value, budget used)``.  ``depth`` is the depth of
    ``value`` itself (the bag's direct children are at depth 1)."""
    if isinstance(value, str):
        new = trim_string(value, max(max_size, 0), ctx, path) if len(value) > max_size else value
        return new, json_size(new)
    if isinstance(value, (dict, list)):
        if depth >= max_depth and depth > 0:
            text = compact_json(value)
            new = trim_string(text, max(max_size, 0), ctx, path) if len(text) > max_size else text
            return new, json_size(new)
        items = sorted(value.items()) if isinstance(value, dict) else list(enumerate(value))
        out_dict: dict[str, Any] = {}
        out_list: list[Any] = []
        size = 0
        kept = 0
        for key, child in items:
            if size >= max_size:
                break
            new_child, used = trim_databag(
                child,
                ctx,
                (*path, key),
                max_size=max_size - size,
                max_depth=max_depth,
                depth=depth + 1,
            )
            size += used + 1
            kept += 1
            if isinstance(value, dict):
                out_dict[key] = new_child
            else:
                out_list.append(new_child)
        if kept < len(items):
            ctx.meta.set_length(path, len(items))
        new_value: Any = out_dict if isinstance(value, dict) else out_list
        return new_value, json_size(new_value)
    if isinstance(value, float) and not math.isfinite(value):
        return None, 4
    if _is_int(value) and not -(2**63) <= value < 2**63:
        # observed: integers are 64-bit: [2**63, 2**64) wraps around, others become floats
        value = value - 2**64 if 2**63 <= value < 2**64 else float(value)
    return value, json_size(value)


def trim_extra(value: dict[str, Any], ctx: Context, path: Path) -> dict[str, Any]:
    """``extra`` as semaphore trimmed it: each value with its own budget, keys sorted, the
    bag stops taking keys once the total reaches ``DATABAG["extra"]["total"]``."""
    limits = DATABAG["extra"]
    out: dict[str, Any] = {}
    total = 0
    items = sorted(value.items())
    for key, child in items:
        if total >= limits["total"]:
            break
        new_child, used = trim_databag(
            child, ctx, (*path, key), max_size=limits["value"], max_depth=limits["depth"], depth=1
        )
        out[key] = new_child
        total += used + 1
    if len(out) < len(items):
        ctx.meta.set_length(path, len(items))
    return out


# re-exported for handlers that return "drop this field"
_ = (REMOVE, NOTSET)
