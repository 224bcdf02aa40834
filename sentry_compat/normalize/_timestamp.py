"""Timestamps as semaphore 0.4.65 read them (``timestamp``, ``start_timestamp``, breadcrumbs).

Observed on 9.1.2 + semaphore 0.4.65 (never read from semaphore's source); the same rules hold
for the event's and a breadcrumb's timestamp (``tests/normalize/observations/event.jsonl`` and
``breadcrumbs.jsonl``, names ``ts-*``).

**Numbers**: seconds since the epoch as semaphore read them (``_rust.read_float``, applied to
the whole event on decode), kept to the microsecond (nanoseconds rounded half up);
a timestamp must be in [:data:`MIN_TIMESTAMP`, :data:`MAX_TIMESTAMP`) and a negative one must
be whole, else ``timestamp out of range``.

**Strings** are read like the ``FromStr`` parsers of a chrono-style date library, first as a
date-time *with* an offset, then (if that fails) as one without (UTC); when both fail, the
error of the first attempt is reported with chrono's texts (:data:`PARSE_ERRORS`).  The
pattern is ``Y-M-DTh:m:s[.f][offset]``:

* every number may be preceded by whitespace (Rust's ``char::is_whitespace``), and so may the
  ``-``, ``T`` and ``:`` separators, the offset and the end of the text; ``T`` is exact;
* the year has 1 to 4 digits, or a sign (right after optional whitespace) and any number of
  digits; month, day, hour, minute and second 1 or 2 digits;
* the fraction (``.`` right after the seconds) has at least one digit; digits past the ninth
  are ignored;
* the offset is ``Z``/``z`` or a sign, 2 hour digits, any run of ``:`` and whitespace, 2
  minute digits (a minute from 60 is out of range at once);
* values are checked only once the whole text was read: month, day (of that month), hour
  < 24, minute < 60, second <= 60 (60 is a leap second: the next minute), an offset under 24
  hours, a year in [-262144, 262143] (``input is out of range``); then the timestamp range
  above (``timestamp out of range``).
"""

from __future__ import annotations

import math
from typing import Any

from ._common import RUST_WHITESPACE

__all__ = [
    "MAX_TIMESTAMP",
    "MIN_TIMESTAMP",
    "PARSE_ERRORS",
    "parse_iso",
    "read_timestamp",
    "round_micros",
]

#: Timestamps semaphore accepted (beyond: ``timestamp out of range``; observed): up to the end
#: of year 9999, down to -262144-01-01T00:00:00Z.
MAX_TIMESTAMP = 253402300800
MIN_TIMESTAMP = -8334632851200

#: The texts of the parse errors (chrono's ``ParseError`` display).
PARSE_ERRORS: dict[str, str] = {
    "out_of_range": "input is out of range",
    "invalid": "input contains invalid characters",
    "too_short": "premature end of input",
    "too_long": "trailing input",
}

#: The years a date may have (chrono's ``NaiveDate`` range).
MIN_YEAR = -262144
MAX_YEAR = 262143

_DIGITS = "0123456789"


class _Fail(Exception):
    def __init__(self, kind: str) -> None:
        self.kind = kind


class _Reader:
    """A cursor over the text with chrono's item scanners."""

    __slots__ = ("pos", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def space(self) -> None:
        text, pos = self.text, self.pos
        while pos < len(text) and text[pos] in RUST_WHITESPACE:
            pos += 1
        self.pos = pos

    def number(self, max_digits: int, signed: bool = False) -> int:
        self.space()
        text = self.text
        sign = 1
        if signed and self.pos < len(text) and text[self.pos] in "+-":
            sign = -1 if text[self.pos] == "-" else 1
            self.pos += 1
            max_digits = len(text)
        if self.pos >= len(text):
            raise _Fail("too_short")
        start = self.pos
        end = start
        while end < len(text) and end - start < max_digits and text[end] in _DIGITS:
            end += 1
        if end == start:
            raise _Fail("invalid")
        self.pos = end
        return sign * int(text[start:end])

    def literal(self, char: str) -> None:
        if self.pos >= len(self.text):
            raise _Fail("too_short")
        if self.text[self.pos] != char:
            raise _Fail("invalid")
        self.pos += 1

    def fraction(self) -> int:
        """Nanoseconds of an optional ``.digits`` right here."""
        text = self.text
        if self.pos >= len(text) or text[self.pos] != ".":
            return 0
        start = self.pos + 1
        if start >= len(text):
            raise _Fail("too_short")
        end = start
        while end < len(text) and text[end] in _DIGITS:
            end += 1
        if end == start:
            raise _Fail("invalid")
        self.pos = end
        return int((text[start:end] + "000000000")[:9])

    def two_digits(self) -> str:
        if self.pos + 2 > len(self.text):
            raise _Fail("too_short")
        digits = self.text[self.pos : self.pos + 2]
        self.pos += 2
        return digits

    def offset(self) -> int:
        """``Z``/``z`` or ``±hh[:]mm`` (seconds east of UTC)."""
        self.space()
        text = self.text
        if self.pos >= len(text):
            raise _Fail("too_short")
        if text[self.pos] in "Zz":
            self.pos += 1
            return 0
        if text[self.pos] not in "+-":
            raise _Fail("invalid")
        direction = -1 if text[self.pos] == "-" else 1
        self.pos += 1
        hours = self.two_digits()
        if not (hours[0] in _DIGITS and hours[1] in _DIGITS):
            raise _Fail("invalid")
        while self.pos < len(text) and (text[self.pos] == ":" or text[self.pos] in RUST_WHITESPACE):
            self.pos += 1
        minutes = self.two_digits()
        if minutes[0] in "6789" and minutes[1] in _DIGITS:
            raise _Fail("out_of_range")
        if not (minutes[0] in "012345" and minutes[1] in _DIGITS):
            raise _Fail("invalid")
        return direction * (int(hours) * 3600 + int(minutes) * 60)


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (any year)."""
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _month_days(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _attempt(text: str, with_offset: bool) -> tuple[int, int]:
    """``(seconds, nanoseconds)`` of ``text`` read with or without an offset."""
    reader = _Reader(text)
    year = reader.number(4, signed=True)
    reader.space()
    reader.literal("-")
    month = reader.number(2)
    reader.space()
    reader.literal("-")
    day = reader.number(2)
    reader.space()
    reader.literal("T")
    hour = reader.number(2)
    reader.space()
    reader.literal(":")
    minute = reader.number(2)
    reader.space()
    reader.literal(":")
    second = reader.number(2)
    nanos = reader.fraction()
    reader.space()
    offset = 0
    if with_offset:
        offset = reader.offset()
        reader.space()
    if reader.pos < len(text):
        raise _Fail("too_long")
    if (
        not MIN_YEAR <= year <= MAX_YEAR
        or not 1 <= month <= 12
        or not 1 <= day <= _month_days(year, month)
        or hour > 23
        or minute > 59
        or second > 60
        or abs(offset) >= 86400
    ):
        raise _Fail("out_of_range")
    days = _days_from_civil(year, month, day)
    return days * 86400 + hour * 3600 + minute * 60 + second - offset, nanos


def parse_iso(text: str) -> tuple[float | None, str | None]:
    """``(timestamp, None)`` or ``(None, error text)`` for a string timestamp (see the module
    docstring; no range check)."""
    try:
        seconds, nanos = _attempt(text, with_offset=True)
    except _Fail as first:
        try:
            seconds, nanos = _attempt(text, with_offset=False)
        except _Fail:
            return None, PARSE_ERRORS[first.kind]
    return _to_micros(seconds, nanos), None


def _to_micros(seconds: int, nanos: int) -> float:
    # observed: microsecond precision, nanoseconds rounded half up
    micros = (nanos + 500) // 1000
    return float(seconds) + micros / 1e6


def round_micros(value: float) -> float:
    """A float timestamp (as semaphore read it: ``_rust.read_float``) to the microsecond."""
    seconds = math.floor(value)
    nanos = int((value - seconds) * 1e9)
    return _to_micros(seconds, nanos)


def read_timestamp(value: Any) -> tuple[float | None, str | None, Any]:
    """``(timestamp, None, value)``, or ``(None, reason, original)`` for a value that is no
    timestamp: ``expected a timestamp`` (not a number or string), a parse error, ``timestamp
    out of range``; ``original`` is what ``_meta`` keeps (observed: the parsed timestamp of a
    string out of range, else the value as sent)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None, "expected a timestamp", value
    if isinstance(value, str):
        parsed, reason = parse_iso(value)
        if parsed is None:
            return None, reason, value
        if not MIN_TIMESTAMP <= parsed < MAX_TIMESTAMP:
            return None, "timestamp out of range", parsed
        return parsed, None, value
    if (
        not math.isfinite(value)
        or not MIN_TIMESTAMP <= value < MAX_TIMESTAMP
        or (value < 0 and value != int(value))  # observed: a negative fraction is refused
    ):
        return None, "timestamp out of range", value
    return round_micros(float(value)), None, value
