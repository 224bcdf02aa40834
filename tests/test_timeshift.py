"""The replay copy: fresh event ids, and timestamps moved to now in their own format."""

from __future__ import annotations

import calendar
import copy
import re
from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sentry_compat.timeshift import (
    apply_timestamp_shift,
    fresh_event_id,
    prepare_replay,
    timestamp_epoch,
    timestamp_shift,
)

NOW = 1795766621.25  # 2026-11-27T08:03:41.25Z
NOW_EPOCH_2020 = calendar.timegm((2020, 5, 2, 16, 54, 20))


@pytest.mark.parametrize(
    ("value", "epoch"),
    [
        ("2020-05-02T16:54:20.487733Z", NOW_EPOCH_2020 + 0.487733),
        ("2020-05-02T16:54:20Z", NOW_EPOCH_2020),
        ("2020-05-02T16:54:20", NOW_EPOCH_2020),
        ("2020-05-02 16:54:20.5", NOW_EPOCH_2020 + 0.5),
        ("2020-05-02T16:54:20.123+00:00", NOW_EPOCH_2020 + 0.123),
        ("2020-05-02T18:54:20+02:00", NOW_EPOCH_2020),
        ("2020-05-02T12:24:20-0430", NOW_EPOCH_2020),
        ("2020-05-02T16:54Z", NOW_EPOCH_2020 - 20),
        (NOW_EPOCH_2020, NOW_EPOCH_2020),
        (NOW_EPOCH_2020 + 0.25, NOW_EPOCH_2020 + 0.25),
        (str(NOW_EPOCH_2020), NOW_EPOCH_2020),
        (f"{NOW_EPOCH_2020}.250", NOW_EPOCH_2020 + 0.25),
    ],
)
def test_timestamp_epoch_reads_every_format(value: Any, epoch: float) -> None:
    assert timestamp_epoch(value) == pytest.approx(epoch, abs=1e-6)


@pytest.mark.parametrize("value", [True, None, "yesterday", "2020-13-45T00:00:00Z", [], {}])
def test_unreadable_timestamps_are_not_shifted(value: Any) -> None:
    assert timestamp_epoch(value) is None
    assert timestamp_shift(value, NOW) == 0
    assert apply_timestamp_shift(value, 0) == value
    if value is not None:
        with pytest.raises(ValueError):
            apply_timestamp_shift(value, 5)


@pytest.mark.parametrize(
    ("value", "pattern"),
    [
        ("2020-05-02T16:54:20.487733Z", r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.487733Z$"),
        ("2020-05-02T16:54:20.487Z", r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.487Z$"),
        ("2020-05-02T16:54:20Z", r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"),
        ("2020-05-02T16:54:20", r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$"),
        ("2020-05-02 16:54:20.5", r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.5$"),
        ("2020-05-02T16:54:20.100+00:00", r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.100\+00:00$"),
        ("2020-05-02t18:54:20+0200", r"^\d{4}-\d\d-\d\dt\d\d:\d\d:\d\d\+0200$"),
        ("2020-05-02T16:54Z", r"^\d{4}-\d\d-\d\dT\d\d:\d\dZ$"),
        ("1588438460", r"^\d{10}$"),
        ("1588438460.4870", r"^\d{10}\.4870$"),
        ("1588438460.", r"^\d{10}\.$"),
        (" 1588438460.5 ", r"^ \d{10}\.5 $"),
    ],
)
def test_strings_keep_their_textual_format(value: str, pattern: str) -> None:
    shift = timestamp_shift(value, NOW)
    shifted = apply_timestamp_shift(value, shift)
    assert isinstance(shifted, str)
    assert re.match(pattern, shifted), shifted
    epoch = timestamp_epoch(shifted)
    assert epoch is not None
    # lands at now, never after it, within one unit (a minute for a time without seconds)
    unit = 60 if value == "2020-05-02T16:54Z" else 1
    assert NOW - unit < epoch <= NOW
    assert epoch - timestamp_epoch(value) == pytest.approx(shift, abs=1e-6)  # type: ignore[operator]


def test_int_stays_int() -> None:
    shift = timestamp_shift(1588438460, NOW)
    shifted = apply_timestamp_shift(1588438460, shift)
    assert type(shifted) is int
    assert shifted == 1588438460 + shift
    assert NOW - 1 < shifted <= NOW


@pytest.mark.parametrize("value", [1588438460.488, 1588438460.5, 1588438460.0, 1588438460.123456])
def test_float_stays_float_with_its_decimals(value: float) -> None:
    shift = timestamp_shift(value, NOW)
    shifted = apply_timestamp_shift(value, shift)
    assert type(shifted) is float
    assert repr(shifted).split(".")[1] == repr(value).split(".")[1]
    assert NOW - 1 < shifted <= NOW


def test_shift_is_a_whole_number_of_seconds() -> None:
    shift = timestamp_shift("2020-05-02T16:54:20.487733Z", NOW)
    assert isinstance(shift, int)
    with pytest.raises(TypeError):
        apply_timestamp_shift(1, 1.5)  # type: ignore[arg-type]


def test_time_without_seconds_moves_by_minutes() -> None:
    shift = timestamp_shift("2020-05-02T16:54Z", NOW)
    assert shift % 60 == 0
    with pytest.raises(ValueError):
        apply_timestamp_shift("2020-05-02T16:54Z", 61)


def test_a_current_timestamp_barely_moves() -> None:
    now_iso = datetime.fromtimestamp(NOW - 0.5, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert timestamp_shift(now_iso, NOW) == 0


@given(
    st.integers(min_value=0, max_value=2_000_000_000),
    st.integers(min_value=0, max_value=999_999),
    st.sampled_from(["Z", "", "+00:00", "+05:30", "-08:00"]),
    st.integers(min_value=0, max_value=6),
)
def test_iso_shift_round_trips(seconds: int, micros: int, suffix: str, digits: int) -> None:
    moment = datetime.fromtimestamp(seconds, timezone.utc).replace(tzinfo=None)
    frac = f".{micros:06d}"[: digits + 1] if digits else ""
    value = moment.strftime("%Y-%m-%dT%H:%M:%S") + frac + suffix
    shift = timestamp_shift(value, NOW)
    shifted = apply_timestamp_shift(value, shift)
    assert shifted.endswith(frac + suffix)
    assert len(shifted) == len(value)
    epoch = timestamp_epoch(shifted)
    assert epoch is not None and NOW - 1 < epoch <= NOW


@given(st.floats(min_value=0, max_value=2e9, allow_nan=False, allow_infinity=False))
def test_float_shift_round_trips(value: float) -> None:
    shift = timestamp_shift(value, NOW)
    shifted = apply_timestamp_shift(value, shift)
    assert type(shifted) is float
    assert shifted == pytest.approx(value + shift, abs=1e-6)


# ---- event ids and the whole replay -----------------------------------------------------------


def test_fresh_event_id_keeps_the_form() -> None:
    assert re.fullmatch(r"[0-9a-f]{32}", fresh_event_id("dd9e1afb828a44d5b4df0183adaee5d8"))
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}",
        fresh_event_id("dd9e1afb-828a-44d5-b4df-0183adaee5d8"),
    )
    assert re.fullmatch(r"[0-9A-F]{32}", fresh_event_id("DD9E1AFB828A44D5B4DF0183ADAEE5D8"))
    assert fresh_event_id() != fresh_event_id()


def test_prepare_replay_copies_and_records() -> None:
    event = {
        "event_id": "dd9e1afb828a44d5b4df0183adaee5d8",
        "timestamp": "2020-05-02T16:54:20.487733Z",
        "extra": {"nested": [1, 2]},
    }
    before = copy.deepcopy(event)
    plan = prepare_replay(event, now=NOW)
    assert event == before  # the input is not touched
    assert plan.event["event_id"] == plan.event_id != event["event_id"]
    assert plan.original_event_id == event["event_id"]
    assert plan.event["timestamp"] == apply_timestamp_shift(
        event["timestamp"], plan.timestamp_shift
    )
    assert plan.event["extra"] == event["extra"] and plan.event["extra"] is not event["extra"]
    assert plan.reference_fields == {
        "event_id": plan.event_id,
        "timestamp_shift": plan.timestamp_shift,
    }


def test_prepare_replay_leaves_absent_and_invalid_values() -> None:
    plan = prepare_replay({"message": "hi"}, now=NOW)
    assert plan.event == {"message": "hi"}
    assert plan.event_id is None and plan.timestamp_shift == 0
    plan = prepare_replay({"event_id": "not-an-id", "timestamp": "soon"}, now=NOW)
    assert plan.event == {"event_id": "not-an-id", "timestamp": "soon"}
    assert plan.event_id is None and plan.timestamp_shift == 0


def test_prepare_replay_with_a_given_event_id() -> None:
    plan = prepare_replay({"timestamp": 1588438460}, now=NOW, event_id="a" * 32)
    assert plan.event["event_id"] == "a" * 32
    assert type(plan.event["timestamp"]) is int
