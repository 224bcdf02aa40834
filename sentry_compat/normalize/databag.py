"""Free-form data ("databags": frame ``vars``, ``mechanism.data``) as 9.1.2 (semaphore) stored it.

Observed on 9.1.2 + semaphore 0.4.65 (never read from semaphore's source); the observations
are in ``tests/normalize/observations/stacktrace.jsonl`` and ``exception.jsonl``.

**JSON numbers** (:func:`json_value`): what reached semaphore from 9.1.2's Python side.
Integers in ``[-2**63, 2**63)`` stay, ``[2**63, 2**64)`` wrap to negative (two's complement),
``(-2**64, -2**63)`` become floats, and any integer of magnitude ``>= 2**64`` becomes ``0``;
``NaN``/``Infinity``/``-Infinity`` (which 9.1.2's JSON parser accepts) become ``0``.

**Trimming** (:func:`trim_bag`): a depth-first walk (object keys sorted, as semaphore keeps
objects) with a size budget (``max_size``).  Before each child of a container, if the budget
is used up, that child and the rest are dropped and the container gets ``_meta`` ``len`` (its
original item count).  A string longer than what is left of the budget (in code points) is
cut to it with ``...`` (the ``!limit`` remark, :func:`~._common.trim_string`).  A container
at ``max_depth`` becomes its compact JSON text.  Costs: a string ``utf-8 bytes + 3``, ``null``
1, ``true`` 5, ``false`` 6, a float ``len(Rust's display of it) + 1``, an integer ``digits + 1``,
and each container after its children ``2 + 1`` plus the digits of every integer anywhere
below it (integers are counted again at every level; strings, floats, booleans are not).
Object keys cost nothing.  (``_common.trim_databag`` charges compact JSON per child instead;
both agree on flat bags of strings.)
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any

from ._common import trim_string, utf8_len
from .context import Context
from .meta import Path

__all__ = [
    "BAGS",
    "json_size",
    "json_text",
    "json_value",
    "rust_display_float",
    "serde_float",
    "trim_bag",
]

#: ``(max_size, max_depth)`` of the databags of this package (observed): a container at
#: ``max_depth`` below the bag (the bag's own values are at depth 1) becomes JSON text.
BAGS: dict[str, tuple[int, int]] = {
    "frame.vars": (2048, 4),
    "mechanism.data": (2048, 4),
}

_I64 = 2**63
_U64 = 2**64


def json_value(value: Any) -> Any:
    """``value`` with its numbers as semaphore received them (see the module docstring)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        if -_I64 <= value < _I64:
            return value
        if _I64 <= value < _U64:
            return value - _U64
        if -_U64 < value < -_I64:
            return float(value)
        return 0
    if isinstance(value, float):
        return value if math.isfinite(value) else 0
    if isinstance(value, dict):
        return {k: json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    return value


def _float_digits(value: float) -> tuple[str, str, int]:
    """``(sign, digits, point)``: ``value == sign 0.digits * 10**point`` (shortest digits)."""
    sign, digits, exponent = Decimal(repr(value)).as_tuple()
    text = "".join(map(str, digits)).lstrip("0")
    if not text:
        return ("-" if sign else ""), "0", 1
    stripped = text.rstrip("0")
    point = len("".join(map(str, digits)).lstrip("0")) + int(exponent)
    return ("-" if sign else ""), stripped, point


def rust_display_float(value: float) -> str:
    """Rust's ``Display`` of an ``f64`` (shortest round-trip digits, never an exponent)."""
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    sign, digits, point = _float_digits(value)
    if point <= 0:
        return sign + "0." + "0" * (-point) + digits
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return sign + digits[:point] + "." + digits[point:]


def serde_float(value: float) -> str:
    """How serde_json (ryu) writes an ``f64`` in JSON text."""
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    sign, digits, point = _float_digits(value)
    length = len(digits)
    if 0 <= point - length and point <= 16:
        return sign + digits + "0" * (point - length) + ".0"
    if 0 < point <= 16:
        return sign + digits[:point] + "." + digits[point:]
    if -5 < point <= 0:
        return sign + "0." + "0" * (-point) + digits
    exp = point - 1
    mantissa = digits if length == 1 else digits[0] + "." + digits[1:]
    return "%s%se%d" % (sign, mantissa, exp)


def _json_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # escapes exactly what serde_json escapes


def json_text(value: Any) -> str:
    """Compact JSON as semaphore wrote it (object keys sorted, floats as serde_json)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _json_string(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return serde_float(value) if math.isfinite(value) else "null"
    if isinstance(value, dict):
        return (
            "{"
            + ",".join(_json_string(str(k)) + ":" + json_text(v) for k, v in sorted(value.items()))
            + "}"
        )
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(json_text(v) for v in value) + "]"
    return _json_string(str(value))


def json_size(value: Any) -> int:
    """The size semaphore estimated for a value: its compact JSON in UTF-8 bytes."""
    return utf8_len(json_text(value))


class _Budget:
    __slots__ = ("max_depth", "max_size", "size")

    def __init__(self, max_size: int, max_depth: int) -> None:
        self.max_size = max_size
        self.max_depth = max_depth
        self.size = 0


def _walk(value: Any, ctx: Context, path: Path, depth: int, budget: _Budget) -> tuple[Any, int]:
    """The trimmed value and the digits of the integers in it (see the module docstring)."""
    if isinstance(value, (dict, list)) and depth >= budget.max_depth:
        value = json_text(value)
    if isinstance(value, str):
        left = budget.max_size - budget.size
        if len(value) > left:
            value = trim_string(value, max(left, 0), ctx, path)
        budget.size += utf8_len(value) + 3
        return value, 0
    if isinstance(value, (dict, list)):
        items = sorted(value.items()) if isinstance(value, dict) else list(enumerate(value))
        out: Any = {} if isinstance(value, dict) else []
        digits = 0
        for key, child in items:
            if budget.size >= budget.max_size:
                ctx.meta.set_length(path, len(items))
                break
            new, child_digits = _walk(child, ctx, (*path, key), depth + 1, budget)
            digits += child_digits
            if isinstance(out, dict):
                out[key] = new
            else:
                out.append(new)
        if depth > 0:
            budget.size += 3 + digits
        return out, digits
    if value is None:
        budget.size += 1
        return value, 0
    if isinstance(value, bool):
        budget.size += 5 if value else 6
        return value, 0
    if isinstance(value, int):
        text = len(str(value))
        budget.size += text + 1
        return value, text
    if isinstance(value, float):
        budget.size += len(rust_display_float(value)) + 1
        return value, 0
    return value, 0


def trim_bag(value: dict[str, Any] | list[Any], ctx: Context, path: Path, kind: str) -> Any:
    """Trim the databag ``value`` at ``path`` with the budget of ``kind`` (:data:`BAGS`).
    (The client's ``_meta`` of what is cut goes with it: ``Meta.relocate_client``.)"""
    max_size, max_depth = BAGS[kind]
    new, _ = _walk(value, ctx, path, 0, _Budget(max_size, max_depth))
    return new
