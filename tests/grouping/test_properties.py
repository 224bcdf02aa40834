"""Properties of 9.1.2 grouping over generated events (hypothesis)."""

from __future__ import annotations

import copy
import re
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from sentry_compat.grouping import calculate_hashes, grouping_info

text = st.text(max_size=12)
maybe_text = st.none() | text
platforms = st.sampled_from(
    ["python", "javascript", "java", "cocoa", "native", "ruby", "php", "other", "swift"]
)

frames = st.fixed_dictionaries(
    {},
    optional={
        "module": maybe_text,
        "filename": maybe_text,
        "abs_path": st.none() | st.sampled_from(["http://x/a.js", "blob:x", "/srv/a.py", ""]),
        "function": st.none()
        | st.sampled_from(["?", "", "f", "lambda$x", "block in y", "foo(int) const"]),
        "context_line": maybe_text,
        "lineno": st.none() | st.integers(min_value=-2, max_value=99),
        "in_app": st.none() | st.booleans(),
        "platform": st.none() | platforms,
        "symbol": maybe_text,
    },
)
exceptions = st.fixed_dictionaries(
    {},
    optional={
        "type": maybe_text,
        "value": maybe_text,
        "stacktrace": st.fixed_dictionaries({"frames": st.lists(st.none() | frames, max_size=5)}),
    },
)
events = st.fixed_dictionaries(
    {"platform": platforms},
    optional={
        "exception": st.fixed_dictionaries({"values": st.lists(exceptions, max_size=3)}),
        "logentry": st.fixed_dictionaries(
            {}, optional={"formatted": maybe_text, "message": maybe_text}
        ),
        "fingerprint": st.lists(
            st.sampled_from(["{{ default }}", "{{default}}", "a", "b"]), max_size=3
        ),
        "checksum": st.none() | st.sampled_from(["x", "0123456789abcdef0123456789abcdef"]),
        "grouping_config": st.sampled_from([{"id": "legacy:2019-03-12"}, {"id": "new:wip"}]),
    },
)
volatile = st.fixed_dictionaries(
    {
        "event_id": st.text(alphabet="0123456789abcdef", min_size=32, max_size=32),
        "timestamp": st.floats(min_value=0, max_value=2e9),
        "received": st.floats(min_value=0, max_value=2e9),
        "datetime": st.text(max_size=30),
    }
)

HASH = re.compile(r"^[0-9a-f]{32}$")


@settings(max_examples=150, deadline=None)
@given(events, st.sampled_from([None, "legacy:2019-03-12", "new:wip"]))
def test_hashes_are_deterministic_and_input_unchanged(
    event: dict[str, Any], config: str | None
) -> None:
    before = copy.deepcopy(event)
    first = calculate_hashes(event, config)
    assert event == before
    assert calculate_hashes(copy.deepcopy(event), config) == first
    assert first, "9.1.2 always yields at least one hash (fallback)"
    for h in first:
        assert HASH.match(h) or h == event.get("checksum")
    info = grouping_info(event, config)
    assert [v["hash"] for v in info.values() if v["hash"]] == first


@settings(max_examples=100, deadline=None)
@given(events, volatile)
def test_hashes_ignore_event_id_and_times(event: dict[str, Any], extra: dict[str, Any]) -> None:
    assert calculate_hashes(dict(event, **extra)) == calculate_hashes(event)


@settings(max_examples=150, deadline=None)
@given(events, st.sampled_from([None, "legacy:2019-03-12", "new:wip"]))
def test_hashes_from_save_interfaces_are_the_rebuilt_ones(
    event: dict[str, Any], config: str | None
) -> None:
    """``EventManager.save`` hands grouping the interfaces it built in place (mutate=True);
    the hashes and the event after that are those of building them afresh from a copy."""
    from sentry_compat.interfaces import get_interfaces

    saved = copy.deepcopy(event)
    interfaces = get_interfaces(saved, mutate=True)
    after_save = copy.deepcopy(saved)
    assert calculate_hashes(saved, config, interfaces=interfaces) == calculate_hashes(
        after_save, config
    )
    assert saved == after_save  # grouping only read them


_MIXED_IN_APP = {
    "platform": "python",
    "exception": {
        "values": [
            {
                "type": "E",
                "stacktrace": {
                    "frames": [
                        {"function": "f", "module": "m", "in_app": False},
                        {"function": "g", "module": "m", "in_app": True},
                        {"function": "g", "module": "m", "in_app": True},
                    ]
                },
            }
        ]
    },
}


@settings(max_examples=150, deadline=None)
@given(events, st.sampled_from(["legacy:2019-03-12", "new:wip"]))
@example(_MIXED_IN_APP, "legacy:2019-03-12")
@example(_MIXED_IN_APP, "new:wip")
def test_frame_components_shared_between_variants(event: dict[str, Any], config: str) -> None:
    """A frame's component is computed once per event and config and copied per variant:
    the grouping info (trees, hints, key order) is the one of computing it per variant."""
    import json

    from sentry_compat.grouping.strategies import legacy_stacktrace

    shared = grouping_info(event, config)
    computed = legacy_stacktrace._frame_component
    try:
        legacy_stacktrace._frame_component = (  # type: ignore[assignment]
            lambda frame, variant, cfg, meta: cfg.get_grouping_component(
                frame, variant=variant, **meta
            )
        )
        separate = grouping_info(event, config)
    finally:
        legacy_stacktrace._frame_component = computed  # type: ignore[assignment]
    assert json.dumps(shared) == json.dumps(separate)
    # the second event of a config instance does not see the first one's frames
    assert grouping_info(event, config) == shared
