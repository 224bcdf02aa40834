"""Timestamps as semaphore 0.4.65 read them (``normalize/_timestamp.py``); every expectation
here was observed on 9.1.2 (``observations/event.jsonl`` / ``breadcrumbs.jsonl``, ``ts-*``)."""

from __future__ import annotations

import pytest

from sentry_compat.normalize._timestamp import parse_iso, read_timestamp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-07-23T10:00:00Z", 1563876000.0),
        ("2019-07-23T10:00:00", 1563876000.0),  # no offset: UTC
        ("2019-07-23T10:00:00 +02:00", 1563868800.0),  # whitespace before the offset
        ("2019-07-23T10:00:00z", 1563876000.0),
        ("2019-07-23T10:00:00+0200 ", 1563868800.0),
        ("2019-7-23T10:00:00", 1563876000.0),  # one-digit month
        ("2019 -07-23 T10 :00:00\n", 1563876000.0),  # whitespace before separators
        ("\u00a02019-07-23T10:00:00", 1563876000.0),  # Rust whitespace, U+00A0 included
        ("-2019-07-23T10:00:00", -125863077600.0),  # signed years
        ("0000-01-01T00:00:00Z", -62167219200.0),
        ("-262144-01-01T00:00:00Z", -8334632851200.0),
        ("2019-07-23T10:00:60", 1563876060.0),  # leap second
        ("2019-07-23T10:00:00.123456789123Z", 1563876000.123457),
        ("2019-07-23T10:00:00-23:59", 1563962340.0),
    ],
)
def test_accepted(text: str, expected: float) -> None:
    assert parse_iso(text) == (expected, None)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("x", "input contains invalid characters"),
        ("1.5", "input contains invalid characters"),
        ("", "premature end of input"),
        ("123", "premature end of input"),
        # without an offset, a bad date reports the first attempt's error (no offset yet)
        ("2019-13-01T00:00:00", "premature end of input"),
        ("2019-02-30T10:00:00", "premature end of input"),
        ("2019-07-23T10:00:61", "premature end of input"),
        ("2019-13-01T00:00:00Z", "input is out of range"),
        ("2019-07-23T10:00:00+24:00", "input is out of range"),
        ("2019-07-23T10:00:00+02:60", "input is out of range"),
        ("2019-07-23T10:00:00+02:5", "premature end of input"),
        ("2019-07-23T10:00:00+2:00", "input contains invalid characters"),
        ("2019-07-23T10:00:00Zx", "trailing input"),
        ("2019-07-23t10:00:00Z", "input contains invalid characters"),
        ("2019-07-23 10:00:00", "input contains invalid characters"),
        ("- 2019-07-23T10:00:00", "input contains invalid characters"),
        ("\u001f2019-07-23T10:00:00", "input contains invalid characters"),
        ("-262145-01-01T00:00:00Z", "input is out of range"),
    ],
)
def test_refused(text: str, reason: str) -> None:
    assert parse_iso(text) == (None, reason)


def test_range_and_original_values() -> None:
    # a string out of range keeps the parsed timestamp as its original value
    assert read_timestamp("+10000-01-01T00:00:00Z") == (
        None,
        "timestamp out of range",
        253402300800.0,
    )
    assert read_timestamp(-1.5) == (None, "timestamp out of range", -1.5)
    assert read_timestamp(-1) == (-1.0, None, -1)
    assert read_timestamp(True) == (None, "expected a timestamp", True)
