"""Values as semaphore 0.4.65 (Rust) read and wrote them: the one place for number and JSON
text rendering in this package.

Observed on 9.1.2 + semaphore 0.4.65 (never read from semaphore's source):

* **Reading** (:func:`json_value`): 9.1.2 passed the event to semaphore as py2 JSON.
  Integers in ``[-2**63, 2**63)`` stay, ``[2**63, 2**64)`` wrap to negative (two's
  complement), ``(-2**64, -2**63)`` become floats, any integer of magnitude ``>= 2**64``
  becomes ``0``; ``NaN``/``Infinity``/``-Infinity`` (which 9.1.2's JSON parser accepts) become
  ``0``.  This holds for every number of the event (``normalize`` applies it once, on decode).
* **Floats** are read as serde_json 1.0 of 2019 read JSON numbers (:func:`read_number`), not
  correctly rounded: the decimal digits (up to what fits 64 bits; further integer digits only
  raise the exponent, further fraction digits are ignored) become an integer, converted to
  ``f64`` and then multiplied or divided by the power of ten of the exponent (``1e308`` steps
  below ``1e-308``).  Python floats reach it as their ``repr`` (9.1.2's py2 JSON), so about
  one float in five is stored one unit in the last place away (observed on 4514 floats, in
  ``extra`` and timestamps; and on request bodies, which semaphore parsed itself).
* **Display** (:func:`display_float`, :func:`display`): Rust's ``Display`` of an ``f64`` is
  its shortest round-trip digits, never an exponent (``1e20`` -> ``100000000000000000000``,
  ``1e-7`` -> ``0.0000001``), ``-0.0`` -> ``0`` (the Rust of 2019); used in message formatting,
  header values, size estimates and databag costs.
* **JSON text** (:func:`json_text`): serde_json's compact output, object keys sorted (semaphore
  keeps objects sorted), floats as ryu writes them (:func:`serde_float`: ``1e20``, ``1.5e-7``,
  ``0.0``), strings escaped as serde_json does (``"``, ``\\``, control characters; not ``/``
  nor non-ASCII).
"""

from __future__ import annotations

import json
import math
from typing import Any

__all__ = [
    "display",
    "display_float",
    "json_text",
    "json_value",
    "read_float",
    "read_number",
    "serde_float",
]

_I64 = 2**63
_U64 = 2**64
_U64_MAX = 2**64 - 1
#: powers of ten as serde_json's table held them (correctly rounded constants)
_POW10 = [float("1e%d" % i) for i in range(309)]


def _overflows(significand: int, digit: int) -> bool:
    return significand >= _U64_MAX // 10 and (significand > _U64_MAX // 10 or digit > _U64_MAX % 10)


def read_number(text: str) -> float:
    """The ``f64`` serde_json (2019) read for the JSON number ``text`` (a float or an integer
    beyond 64 bits; see the module docstring).  Raises ``ValueError`` when out of range."""
    pos = 1 if text[:1] == "-" else 0
    negative = pos == 1
    end = len(text)
    significand = 0
    exponent = 0
    long = False
    while pos < end and "0" <= text[pos] <= "9":
        digit = ord(text[pos]) - 48
        if long or _overflows(significand, digit):
            long = True
            exponent += 1
        else:
            significand = significand * 10 + digit
        pos += 1
    if pos < end and text[pos] == ".":
        pos += 1
        while pos < end and "0" <= text[pos] <= "9":
            digit = ord(text[pos]) - 48
            if long or _overflows(significand, digit):
                long = True  # ignore every further fraction digit
            else:
                significand = significand * 10 + digit
                exponent -= 1
            pos += 1
    if pos < end and text[pos] in "eE":
        exponent += int(text[pos + 1 :])
    result = float(significand)
    while True:
        power = abs(exponent)
        if power < len(_POW10):
            if exponent >= 0:
                result *= _POW10[power]
                if result == float("inf"):
                    raise ValueError("number out of range")
            else:
                result /= _POW10[power]
            break
        if result == 0.0:
            break
        if exponent >= 0:
            raise ValueError("number out of range")
        result /= 1e308
        exponent += 308
    return -result if negative else result


def read_float(value: float) -> float:
    """A Python float as semaphore read it from 9.1.2's JSON (its ``repr``)."""
    return read_number(repr(value)) if math.isfinite(value) else 0


def json_value(value: Any) -> Any:
    """``value`` with its numbers as semaphore received them (a copy of containers; tuples
    become lists)."""
    if value is None or value is True or value is False or isinstance(value, str):
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
        return read_float(value)
    if isinstance(value, dict):
        return {k: json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    return value


def _digits(value: float) -> tuple[str, int]:
    """``(digits, point)`` of a finite non-zero ``abs(value)``: ``0.digits * 10**point``,
    shortest round-trip digits without trailing zeros."""
    mantissa, _, exp_text = repr(abs(value)).partition("e")
    whole, _, frac = mantissa.partition(".")
    exponent = int(exp_text) if exp_text else 0
    whole = whole.lstrip("0")
    if whole:
        digits, point = whole + frac, len(whole) + exponent
    else:
        stripped = frac.lstrip("0")
        digits, point = stripped, exponent - (len(frac) - len(stripped))
    return digits.rstrip("0"), point


def display_float(value: float) -> str:
    """Rust's ``Display`` of an ``f64`` (see the module docstring)."""
    if value == 0:
        return "0"
    if not math.isfinite(value):
        return "NaN" if value != value else ("inf" if value > 0 else "-inf")
    digits, point = _digits(value)
    sign = "-" if value < 0 else ""
    if point <= 0:
        return sign + "0." + "0" * (-point) + digits
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return sign + digits[:point] + "." + digits[point:]


def serde_float(value: float) -> str:
    """How serde_json (ryu) writes an ``f64`` in JSON text (``null`` when not finite)."""
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    if not math.isfinite(value):
        return "null"
    digits, point = _digits(value)
    sign = "-" if value < 0 else ""
    length = len(digits)
    if length <= point <= 16:
        return sign + digits + "0" * (point - length) + ".0"
    if 0 < point <= 16:
        return sign + digits[:point] + "." + digits[point:]
    if -5 < point <= 0:
        return sign + "0." + "0" * (-point) + digits
    mantissa = digits if length == 1 else digits[0] + "." + digits[1:]
    return "%s%se%d" % (sign, mantissa, point - 1)


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # escapes exactly what serde_json escapes


def json_text(value: Any) -> str:
    """Compact JSON as semaphore wrote it (see the module docstring)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return serde_float(value)
    if isinstance(value, dict):
        return (
            "{"
            + ",".join(_string(str(k)) + ":" + json_text(v) for k, v in sorted(value.items()))
            + "}"
        )
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(json_text(v) for v in value) + "]"
    return _string(str(value))


def display(value: Any) -> str:
    """A value as semaphore rendered it into text (message formatting, header values):
    strings as they are, numbers in decimal (``Display``), booleans ``true``/``false``,
    containers as compact JSON."""
    if isinstance(value, str):
        return value
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(json_value(value))
    if isinstance(value, float):
        return display_float(value)
    return json_text(value)
