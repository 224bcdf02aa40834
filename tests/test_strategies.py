"""The Hypothesis strategies produce what they promise: every dialect, valid wire formats."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sentry_compat import Envelope, decode_store_body
from sentry_compat.corpus import derive_features
from sentry_compat.diff.schema import sentry912_validator, violations
from sentry_compat.strategies import (
    edge_events,
    edge_values,
    envelopes,
    raven_events,
    raw_events,
    store_bodies,
    store_events,
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _equal_json(a: Any, b: Any) -> bool:
    """Equal as JSON (NaN equals NaN)."""
    return json.dumps(a, sort_keys=True, allow_nan=True) == json.dumps(
        b, sort_keys=True, allow_nan=True
    )


def test_import_sentry_compat_does_not_import_hypothesis() -> None:
    code = "import sys, sentry_compat, sentry_compat.corpus, sentry_compat.expectations; print('hypothesis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@SETTINGS
@given(raw_events())
def test_raw_events_are_json_objects(event: dict[str, Any]) -> None:
    assert isinstance(event, dict)
    assert json.loads(json.dumps(event)) == event


@SETTINGS
@given(store_events())
def test_store_events_have_shapes_9_1_2_accepted_as_sent(event: dict[str, Any]) -> None:
    assert violations(sentry912_validator(), event) == []


@SETTINGS
@given(raven_events())
def test_raven_events_have_shapes_9_1_2_accepted(event: dict[str, Any]) -> None:
    assert violations(sentry912_validator(), event) == []


def test_raven_dialect_covers_legacy_shapes() -> None:
    seen: set[str] = set()
    object_without_values = []

    @settings(max_examples=200, deadline=None, database=None, derandomize=True)
    @given(raven_events())
    def collect(event: dict[str, Any]) -> None:
        seen.update(derive_features(event))
        exc = event.get("exception", event.get("sentry.interfaces.Exception"))
        if isinstance(exc, dict) and "values" not in exc:
            object_without_values.append(exc)

    collect()
    assert {
        "bare_exception_list",
        "numeric_level",
        "tags_pairs",
        "message_string",
        "legacy_keys",
    } <= seen
    assert object_without_values


@SETTINGS
@given(envelopes())
def test_envelopes_parse_and_carry_the_event(pair: tuple[dict[str, Any], bytes]) -> None:
    event, data = pair
    envelope = Envelope.parse(data)
    assert envelope.event() == event
    assert (
        envelope.event_id == event["event_id"].replace("-", "")
        or envelope.event_id == event["event_id"]
    )


@SETTINGS
@given(store_bodies())
def test_store_bodies_decode_to_the_event(triple: tuple[dict[str, Any], str | None, bytes]) -> None:
    event, encoding, body = triple
    decoded, steps = decode_store_body(body, encoding)
    assert decoded == event
    assert isinstance(steps, tuple)


@SETTINGS
@given(edge_events())
def test_edge_events_round_trip_as_json(event: dict[str, Any]) -> None:
    text = json.dumps(event, allow_nan=True)
    assert _equal_json(json.loads(text), event)


def test_edge_values_cover_the_spec_cases() -> None:
    names: set[str] = set()

    @settings(max_examples=400, deadline=None, database=None, derandomize=True)
    @given(edge_values())
    def collect(value: tuple[str, str, Any]) -> None:
        names.add(value[0])
        if value[0] == "frame-vars-nan":
            x = value[2]["frames"][0]["vars"]["x"]
            assert math.isnan(x) or math.isinf(x)

    collect()
    for wanted in (
        "level-warn",
        "many-frames",
        "frame-vars-nan",
        "long-tag-value",
        "extra-deep",
        "fingerprint-mixed",
        "unknown-key",
    ):
        assert wanted in names


def test_unknown_dialect() -> None:
    with pytest.raises(ValueError, match="unknown dialect 'grpc'"):
        raw_events("grpc")


@SETTINGS
@given(st.data())
def test_dialects_are_selectable(data: st.DataObject) -> None:
    for dialect in ("store", "envelope", "raven"):
        assert isinstance(data.draw(raw_events(dialect)), dict)
