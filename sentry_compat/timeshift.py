"""Replaying a recorded event into the oracle: fresh event id, timestamp moved to "now".

Pure functions, standard library only: the normalizer tests import them to rebuild exactly the
input the oracle saw for a harvested case.

Sentry 9.1.2 (with semaphore) does two things to an old recording that would spoil a reference:

- a second event with an event_id already stored in the project is dropped silently (the store
  call still answers 200 with the id; `duplicate.found` in the web log);
- a `timestamp` more than 30 days in the past or more than 60 s in the future is replaced by the
  receive time and recorded as an `errors` entry (`past_timestamp` / `future_timestamp`).

So each replay posts a copy with a fresh event_id (same textual form as the original), and moves
`timestamp` by a whole number of seconds so that it lands at or just before "now", keeping the
value's JSON type and textual format: an ISO string keeps its separator, fraction digits and zone
suffix, an int stays an int, a float stays a float (its decimal digits after the point are
kept), a numeric string keeps its digits. A timestamp this module cannot read is left as it is
(shift 0), and an event without one is posted without one. Only the top-level `timestamp` moves.
"""

from __future__ import annotations

import copy
import math
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = [
    "ReplayPlan",
    "apply_timestamp_shift",
    "fresh_event_id",
    "prepare_replay",
    "timestamp_epoch",
    "timestamp_shift",
]

_ISO_RE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})(?P<sep>[Tt ])(?P<hm>\d{2}:\d{2})(?P<sec>:\d{2})?"
    r"(?P<frac>[.,]\d+)?(?P<tz>[Zz]|[+-]\d{2}(?::?\d{2})?)?$"
)
_NUMERIC_RE = re.compile(r"^(?P<lead>\s*)(?P<num>[+-]?\d+(?:\.(?P<frac>\d*))?)(?P<trail>\s*)$")
_HEX_ID_RE = re.compile(r"^[0-9a-fA-F]{32}$")
_DASHED_ID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
_EPOCH = datetime(1970, 1, 1)


def _tz_seconds(tz: str | None) -> int:
    if not tz or tz in "Zz":
        return 0
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return sign * (hours * 3600 + minutes * 60)


def _parse_iso(value: str) -> tuple[datetime, re.Match[str]] | None:
    m = _ISO_RE.match(value)
    if not m:
        return None
    try:
        local = datetime.strptime(f"{m['date']} {m['hm']}{m['sec'] or ':00'}", "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return local, m


def timestamp_epoch(value: Any) -> float | None:
    """Seconds since the epoch of a `timestamp` value, or None when it is not readable.

    ISO strings without a zone are UTC, as semaphore reads them.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    m = _NUMERIC_RE.match(value)
    if m:
        return float(m["num"])
    parsed = _parse_iso(value)
    if parsed is None:
        return None
    local, mm = parsed
    frac = float("0." + mm["frac"][1:]) if mm["frac"] else 0.0
    return (local - _EPOCH).total_seconds() - _tz_seconds(mm["tz"]) + frac


def _shift_unit(value: Any) -> int:
    """The smallest shift that keeps the textual format: an ISO time without seconds moves by minutes."""
    if isinstance(value, str):
        parsed = _parse_iso(value)
        if parsed is not None and not parsed[1]["sec"]:
            return 60
    return 1


def timestamp_shift(value: Any, now: float) -> int:
    """Whole seconds to add to `value` so that it lands at `now` or at most one unit before it."""
    epoch = timestamp_epoch(value)
    if epoch is None:
        return 0
    unit = _shift_unit(value)
    return math.floor((now - epoch) / unit) * unit


def apply_timestamp_shift(value: Any, seconds: int) -> Any:
    """`value` moved by `seconds` (an int), same JSON type and textual format.

    Raises ValueError for a value `timestamp_epoch` cannot read (unless `seconds` is 0).
    """
    if seconds == 0:
        return value
    if not isinstance(seconds, int) or isinstance(seconds, bool):
        raise TypeError(f"shift must be a whole number of seconds, got {seconds!r}")
    if isinstance(value, bool):
        raise ValueError(f"not a timestamp: {value!r}")
    if isinstance(value, int):
        return value + seconds
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a timestamp: {value!r}")
        # decimal arithmetic on the shortest repr keeps the digits after the point
        return float(Decimal(repr(value)) + seconds)
    if isinstance(value, str):
        m = _NUMERIC_RE.match(value)
        if m:
            try:
                shifted = Decimal(m["num"]) + seconds
            except InvalidOperation as exc:  # pragma: no cover - the regex only lets digits in
                raise ValueError(f"not a timestamp: {value!r}") from exc
            digits = len(m["frac"]) if m["frac"] is not None else None
            if digits is None:
                text = str(int(shifted))
            elif digits == 0:
                text = f"{int(shifted)}."
            else:
                text = f"{shifted:.{digits}f}"
            if m["num"].startswith("+") and not text.startswith("-"):
                text = "+" + text
            return f"{m['lead']}{text}{m['trail']}"
        parsed = _parse_iso(value)
        if parsed is not None:
            local, mm = parsed
            if not mm["sec"] and seconds % 60:
                raise ValueError(f"{value!r} has no seconds: shift by whole minutes")
            moved = local + timedelta(seconds=seconds)
            clock = moved.strftime("%H:%M:%S" if mm["sec"] else "%H:%M")
            return (
                f"{moved.strftime('%Y-%m-%d')}{mm['sep']}{clock}{mm['frac'] or ''}{mm['tz'] or ''}"
            )
    raise ValueError(f"not a timestamp: {value!r}")


def fresh_event_id(original: Any = None) -> str:
    """A new random event id in the textual form of `original` (dashed or 32 hex, same case)."""
    new = uuid.uuid4()
    if isinstance(original, str) and _DASHED_ID_RE.match(original):
        text = str(new)
    else:
        text = new.hex
    if isinstance(original, str) and original.isupper():
        text = text.upper()
    return text


def is_valid_event_id(value: Any) -> bool:
    return isinstance(value, str) and bool(_HEX_ID_RE.match(value) or _DASHED_ID_RE.match(value))


@dataclass(frozen=True)
class ReplayPlan:
    """The event as posted, and what was changed to get it."""

    event: dict[str, Any]
    #: the event_id put in (None: the original had none or an invalid one and was left alone)
    event_id: str | None
    timestamp_shift: int
    original_event_id: Any = None

    @property
    def reference_fields(self) -> dict[str, Any]:
        return {"event_id": self.event_id, "timestamp_shift": self.timestamp_shift}


def prepare_replay(event: dict[str, Any], *, now: float, event_id: str | None = None) -> ReplayPlan:
    """A copy of `event` ready to post at `now` (seconds since the epoch).

    A valid `event_id` is replaced by `event_id` (default: a fresh one in the same form); an
    absent or invalid one is left as it is, since 9.1.2 then makes up its own anyway (the id it
    answers with is the one to record). `timestamp` moves by `timestamp_shift(..., now)`.
    """
    out = copy.deepcopy(event)
    original = event.get("event_id")
    new_id: str | None = None
    if event_id is not None:
        new_id = event_id
        out["event_id"] = new_id
    elif is_valid_event_id(original):
        new_id = fresh_event_id(original)
        out["event_id"] = new_id
    shift = 0
    if "timestamp" in out:
        shift = timestamp_shift(out["timestamp"], now)
        out["timestamp"] = apply_timestamp_shift(out["timestamp"], shift)
    return ReplayPlan(event=out, event_id=new_id, timestamp_shift=shift, original_event_id=original)


def utc_iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).isoformat()
