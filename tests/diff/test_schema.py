"""The Sentry 9.1.2 event schema (this project's) and the SDK schema (shared, by path)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sentry_compat.diff.schema import (
    SENTRY912_SCHEMA,
    sdk_validator,
    sentry912_validator,
    violations,
)

from ..conftest import shared_reference


def test_schema_is_valid_draft_07() -> None:
    import jsonschema

    schema = json.loads(SENTRY912_SCHEMA.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"


@pytest.mark.parametrize(
    "event",
    [
        {},  # event_id and platform had defaults
        {"message": "plain string", "level": 40, "tags": [["a", "b"]]},
        {"exception": [{"type": "E", "value": "v"}]},  # bare list
        {"exception": {"type": "E", "value": "v"}},  # single object
        {
            "sentry.interfaces.Exception": {
                "values": [
                    {"type": "E", "stacktrace": {"frames": [{"function": "f", "in_app": True}]}}
                ]
            }
        },
        {"event_id": "8a2f1c10-0f7e-4e64-9e0b-6a3c2b1d0e9f", "timestamp": 1563886400.5},
        {"release": None, "user": None, "breadcrumbs": [{"message": "m"}]},  # null is absent
        {"unknown_key": 1},  # removed by 9.1.2 with an error, not refused
        {
            "csp": {
                "effective_directive": "img-src",
                "violated_directive": "img-src",
                "blocked_uri": "x",
            }
        },
    ],
)
def test_shapes_9_1_2_accepted(event: dict[str, Any]) -> None:
    assert violations(sentry912_validator(), event) == []


@pytest.mark.parametrize(
    ("event", "line"),
    [
        ({"level": "warn"}, "level: "),
        ({"platform": "swift"}, "platform: 'swift' is not one of"),
        ({"tags": {"release": "1.0"}}, "tags"),
        ({"tags": {"k": "x" * 201}}, "tags.k: "),
        ({"environment": "prod/eu"}, "environment: "),
        ({"fingerprint": ["a", 1]}, "fingerprint.1: number 1 is not of type string"),
        (
            {"stacktrace": {"frames": [{"function": "f", "foo": 1}]}},
            "stacktrace.frames.0: Additional properties are not allowed ('foo' was unexpected)",
        ),
        ({"template": {"lineno": 1}}, "template: 'context_line' is a required property"),
        (
            {"exception": {"values": [{"type": "E", "mechanism": {"handled": False}}]}},
            "exception.values.0.mechanism: 'type' is a required property",
        ),
        ({"event_id": "nothex"}, "event_id: 'nothex' does not match"),
    ],
)
def test_what_9_1_2_dropped_or_replaced(event: dict[str, Any], line: str) -> None:
    found = violations(sentry912_validator(), event)
    assert found and found[0].startswith(line), found


def test_violations_are_capped() -> None:
    found = violations(sentry912_validator(), {"fingerprint": list(range(30))}, limit=5)
    assert len(found) == 6 and found[-1] == "... and 25 more"


def test_sdk_schema_is_read_by_path() -> None:
    path = shared_reference("event-schema", "event.schema.json")
    validator = sdk_validator(path)
    assert validator is not None
    assert (
        violations(validator, {"event_id": "8a2f1c100f7e4e649e0b6a3c2b1d0e9f", "level": "error"})
        == []
    )
    assert sdk_validator(path.parent / "absent.json") is None
