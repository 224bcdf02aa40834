"""Datetimes as 9.1.2's API rendered them.

Django REST Framework 2.4's ``JSONEncoder`` writes ``datetime.isoformat()``, cuts the
microseconds to their first three digits when there are any (so ``.000`` appears for
``0 < µs < 1000``) and writes ``+00:00`` as ``Z``: ``2019-07-23T10:00:00Z``,
``2019-07-23T10:00:00.500Z``. Timestamps become datetimes with py2's
``datetime.utcfromtimestamp`` (microseconds rounded half away from zero).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from typing import Any

__all__ = ["format_datetime", "parse_datetime", "utcfromtimestamp"]

_UTC = _dt.timezone.utc
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_UTC)
_ISO_RE = re.compile(r"^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$")


def format_datetime(value: _dt.datetime) -> str:
    """``value`` as DRF 2.4 rendered it."""
    # rest_framework/utils/encoders.py: JSONEncoder.default (datetime branch)
    text = value.isoformat()
    if value.microsecond:
        text = text[:23] + text[26:]
    if text.endswith("+00:00"):
        text = text[:-6] + "Z"
    return text


def utcfromtimestamp(value: Any) -> _dt.datetime:
    """py2 ``datetime.utcfromtimestamp(value).replace(tzinfo=utc)``; TypeError for non-numbers."""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int):
        return _EPOCH + _dt.timedelta(seconds=value)
    if not isinstance(value, float):
        raise TypeError("a float is required")
    if math.isnan(value) or math.isinf(value):
        raise ValueError("timestamp out of range for platform time_t")
    # Modules/datetimemodule.c (2.7): datetime_from_timestamp
    whole = int(value)  # truncation towards zero
    fraction = value - whole
    scaled = fraction * 1e6
    micros = math.floor(abs(scaled) + 0.5) * (1 if scaled >= 0 else -1)
    if micros < 0:
        whole -= 1
        micros += 1000000
    if micros == 1000000:
        whole += 1
        micros = 0
    return _EPOCH + _dt.timedelta(seconds=whole, microseconds=micros)


def parse_datetime(value: Any) -> _dt.datetime | None:
    """An aware datetime from an ISO string (``Z`` or offset), a number (epoch) or a datetime."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=_UTC)
    if isinstance(value, (int, float)):
        return utcfromtimestamp(value)
    match = _ISO_RE.match(str(value))
    if match is None:
        raise ValueError("not an ISO 8601 datetime: %r" % (value,))
    base, fraction, zone = match.groups()
    parsed = _dt.datetime.strptime(base.replace(" ", "T"), "%Y-%m-%dT%H:%M:%S")
    if fraction:
        parsed = parsed.replace(microsecond=int(fraction[1:7].ljust(6, "0")))
    if zone and zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        hours, minutes = int(zone[1:3]), int(zone[-2:])
        offset = _dt.timedelta(hours=hours, minutes=minutes) * sign
        return parsed.replace(tzinfo=_dt.timezone(offset)).astimezone(_UTC)
    return parsed.replace(tzinfo=_UTC)
