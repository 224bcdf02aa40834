"""9.1.2's own grouping output for the shared reference cases, document for document.

Every ``oss_sentry_json/NAME.json`` (the stored event) is grouped with both configs and
compared with ``grouping_info/NAME.<config>.json`` (9.1.2's grouping-info response):
values, and key order too, since 9.1.2 emitted py2 dict order. Nothing in these
documents is volatile (no ids or times), so nothing is masked. Adding a case file adds
a test.
"""

from __future__ import annotations

import copy

import pytest

from sentry_compat.grouping import calculate_hashes, grouping_info

from .reference import (
    CONFIG_SUFFIXES,
    case_names,
    glitchtip_reference_dir,
    grouping_reference_dir,
    key_order,
    load_json,
)

REF = grouping_reference_dir()
CASES = case_names(REF / "oss_sentry_json")
GLITCHTIP = glitchtip_reference_dir()
GLITCHTIP_CASES = case_names(GLITCHTIP / "oss_sentry_json")

needs_reference = pytest.mark.skipif(
    not CASES, reason="shared reference %s is absent" % (REF / "oss_sentry_json")
)
needs_glitchtip = pytest.mark.skipif(
    not GLITCHTIP_CASES, reason="shared reference %s is absent" % (GLITCHTIP / "oss_sentry_json")
)

# Two GlitchTip references were stored by a 2020 Sentry 9.x install, not by 9.1.2: their
# stored hashes are not the md5 of anything in the stored event under either config
# (e.g. the CLI event's only groupable value is its message, whose md5 is not stored).
GLITCHTIP_NOT_912 = {
    "js_error_with_context": "stored by a 2020 Sentry 9.x; hash not derivable from the stored event",
    "sentry_cli_send_event_no_level": "stored by a 2020 Sentry 9.x; hash is not md5 of the message",
}


@needs_reference
@pytest.mark.parametrize("config", sorted(CONFIG_SUFFIXES))
@pytest.mark.parametrize("name", CASES or ["<none>"])
def test_grouping_info_equals_912(name: str, config: str) -> None:
    event = load_json(REF / "oss_sentry_json" / f"{name}.json")
    expected_path = REF / "grouping_info" / f"{name}.{CONFIG_SUFFIXES[config]}.json"
    if not expected_path.exists():
        pytest.skip("no grouping-info reference %s" % expected_path.name)
    expected = load_json(expected_path)
    before = copy.deepcopy(event)
    got = grouping_info(event, config)
    assert got == expected
    assert key_order(got) == key_order(expected)
    assert event == before, "grouping must not change its input"


@needs_reference
@pytest.mark.parametrize("name", CASES or ["<none>"])
def test_calculate_hashes_equals_stored(name: str) -> None:
    event = load_json(REF / "oss_sentry_json" / f"{name}.json")
    assert calculate_hashes(event) == event["hashes"]


@needs_glitchtip
@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(reason=GLITCHTIP_NOT_912[n], strict=True))
        if n in GLITCHTIP_NOT_912
        else n
        for n in GLITCHTIP_CASES
    ]
    or ["<none>"],
)
def test_glitchtip_hashes(name: str) -> None:
    event = load_json(GLITCHTIP / "oss_sentry_json" / f"{name}.json")
    if "hashes" not in event:
        pytest.skip("no stored hashes")
    assert calculate_hashes(event) == event["hashes"]
