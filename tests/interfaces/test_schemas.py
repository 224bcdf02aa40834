"""The compiled schema validators agree with ``schema_errors`` (``sentry_compat.interfaces.schemas``)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sentry_compat.interfaces.schemas import (
    INTERFACE_SCHEMAS,
    VALID_PLATFORMS,
    compile_validator,
    is_rfc3339_date_time,
    schema_errors,
    validate_and_default_interface,
)

KEYS = sorted(
    {key for schema in INTERFACE_SCHEMAS.values() for key in schema.get("properties", {})}
    | {"number", "code", "name", "signal", "errno", "mach_exception", "exception", "subcode"}
    | {"version", "status", "source", "serialized_sct", "x"}
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-3, max_value=3)
    | st.floats(allow_nan=True)
    | st.sampled_from(["", "x", "self", "about:blank", "GOOD", "valid", "ocsp", "script-src"])
    | st.sampled_from(sorted(VALID_PLATFORMS))
    | st.text(max_size=3)
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3)
        | st.lists(children, max_size=3).map(tuple)
        | st.dictionaries(st.sampled_from(KEYS), children, max_size=5)
    ),
    max_leaves=12,
)


@pytest.mark.parametrize("name", sorted(INTERFACE_SCHEMAS))
@settings(max_examples=300, deadline=None)
@given(value=values)
def test_compiled_validator_is_schema_errors(name: str, value: Any) -> None:
    schema = INTERFACE_SCHEMAS[name]
    assert compile_validator(schema)(value) == (not schema_errors(value, schema))
    for key, sub in schema.get("properties", {}).items():
        assert compile_validator(sub)(value) == (not schema_errors(value, sub)), key


def test_compiled_validator_on_clean_and_broken_frames() -> None:
    frame = INTERFACE_SCHEMAS["frame"]
    valid = compile_validator(frame)
    assert valid({"filename": "a.py", "lineno": 3, "in_app": True, "vars": {"a": 1}})
    assert not valid({"filename": 3})
    assert not valid({"unknown": 1})
    assert not valid({"platform": "swift"})
    assert not valid({"data": [["a"]]})  # a pair list needs pairs of strings
    assert valid({"data": [["a", "b"]]})
    assert valid({"vars": [["a"]]})  # any array


@pytest.mark.parametrize(
    ("value", "conforms"),
    [
        # pinned by running the oracle's jsonschema FormatChecker (strict-rfc3339 installed)
        ("2014-04-06T13:00:50Z", True),
        ("2014-04-06T13:00:50Z\n", True),
        ("2014-04-06T13:00:50.123456789012Z", True),
        ("2014-04-06T13:00:50-23:59", True),
        ("2016-02-29T13:00:50Z", True),
        ("2000-02-29T00:00:00Z", True),
        ("2014-04-06t13:00:50z", False),
        ("2014-04-06 13:00:50Z", False),
        ("2014-04-06T13:00:50.Z", False),
        ("2014-04-06T13:00:50+0100", False),
        ("2014-04-06T13:00:60Z", False),
        ("2014-04-06T24:00:00Z", False),
        ("1900-02-29T00:00:00Z", False),
        ("0000-01-01T00:00:00Z", False),
        ("2014-04-06T13:00:50+24:00", False),
        ("\u0662014-04-06T13:00:50Z", False),
        (" 2014-04-06T13:00:50Z", False),
        (5, True),
    ],
)
def test_date_time_format(value: object, conforms: bool) -> None:
    assert is_rfc3339_date_time(value) is conforms


def test_invalid_date_time_is_stripped_from_expect_ct() -> None:
    # observed end to end on 9.1.2 (campaign --full): the stored expectct lost its date_time
    data = {"hostname": " ", "date_time": "_Z\n;=:?"}
    validate_and_default_interface(data, "expectct")
    assert data == {"hostname": " "}
