"""Properties of ``normalize`` / ``normalize_ingest`` on arbitrary input (hypothesis).

* never raises on a JSON object; only :class:`NotAnEventError` for anything else;
* never mutates its input;
* output bounded: depth and size do not grow past what trimming allows;
* re-normalizing: 9.1.2's step is *not* idempotent (it lists the errors of ``_meta`` again and
  flags its own ``use_rust_normalize`` as an unknown attribute: observed, and reproduced by
  ``normalize_ingest``), the fields it left as null vanish, and tag values that
  ``server_name``/``site`` brought in unchecked (``""``) are refused the second time (observed);
  outside these a second pass changes nothing.
"""

from __future__ import annotations

import copy
import json
import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sentry_compat.exceptions import NotAnEventError
from sentry_compat.normalize import NormalizeOptions, normalize, normalize_ingest
from sentry_compat.normalize._rust import json_value
from sentry_compat.normalize.event import FIELD_ORDER

from .hyp import hsettings

#: every top-level field 9.1.2 knew, plus the client's ``_meta``, a legacy alias and junk
KEYS = [*FIELD_ORDER, "type", "message", "_meta", "sentry.interfaces.Exception", "unknown"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)
events = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), json_values, max_size=10)

OPTIONS = NormalizeOptions(
    received=time.time(), client_ip="127.0.0.1", client="test/1.0", key_id="2", project_id=2
)
SETTINGS = hsettings(max_examples=150)


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


@SETTINGS
@given(events)
def test_never_raises_never_mutates_bounded(event: dict[str, Any]) -> None:
    before = copy.deepcopy(event)
    stored = normalize(event, options=OPTIONS)
    assert event == before
    ingest = normalize_ingest(event, options=OPTIONS)
    assert event == before
    text = json.dumps(stored, default=str)
    assert len(text) <= 4 * len(json.dumps(event, default=str)) + 20000
    assert _depth(ingest) <= max(_depth(event), 3) + 6


@pytest.mark.parametrize("raw", [[], [1], "x", 1, None, b"[1]", b"\xff", "not json", True])
def test_not_an_event(raw: Any) -> None:
    with pytest.raises(NotAnEventError):
        normalize(raw)


@SETTINGS
@given(events)
def test_second_pass_changes_only_errors_and_meta(event: dict[str, Any]) -> None:
    first = normalize_ingest(event, options=OPTIONS)
    second = normalize_ingest(first, options=OPTIONS)
    skip = ("errors", "_meta", "use_rust_normalize", "contexts", "received", "tags")
    # invalid values left as null by the first pass vanish in the second; every float is read
    # again as semaphore read floats (not correctly rounded: _rust.read_float)
    assert _pruned({k: v for k, v in second.items() if k not in skip}) == _pruned(
        {k: json_value(v) for k, v in first.items() if k not in skip}
    )


def _pruned(value: Any) -> Any:
    """Without nulls and the containers they leave empty (what a second pass drops)."""
    if isinstance(value, dict):
        out = {k: _pruned(v) for k, v in value.items() if v is not None}
        return {k: v for k, v in out.items() if v not in ({}, [])}
    if isinstance(value, list):
        items = [_pruned(v) for v in value if v is not None]
        return [v for v in items if v not in ({}, [])]
    return value
