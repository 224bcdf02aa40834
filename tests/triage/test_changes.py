"""triage.changes and triage.volatile: what counts as a change between two runs."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from sentry_compat.compare import MASKED
from sentry_compat.triage.changes import compare_snapshots
from sentry_compat.triage.snapshot import EventSnapshot, Snapshot
from sentry_compat.triage.volatile import mask_volatile

EVENT: dict[str, Any] = {
    "event_id": "9ec79c33ec9942ab8353589fcb2e04dc",
    "timestamp": "2026-11-27T08:00:00.123456Z",
    "contexts": {
        "trace": {"trace_id": "8b8b2373b8354830bf39a945d45e997f", "span_id": "a69e13a782b0e89c"}
    },
    "sdk": {"name": "sentry.python", "version": "1.45.1"},
    "exception": {
        "values": [{"type": "ZeroDivisionError", "value": "division by zero at 0x7f3a2b1c9d00"}]
    },
    "threads": {"values": [{"id": 140234, "thread_id": 140234, "name": "MainThread"}]},
}
WIRE = {
    "endpoint": "store",
    "content_type": "application/json",
    "decode_steps": ["gzip"],
    "client": "sentry.python/<sdk-version>",
    "item_types": ["event"],
    "body_bytes": 900,
}


def snapshot(version: str, *, event: dict[str, Any] | None = None, wire: dict[str, Any] | None = None,
             hashes: list[str] | None = None) -> Snapshot:  # fmt: skip
    raw = copy.deepcopy(event or EVENT)
    raw.setdefault("sdk", {})["version"] = version
    stored = {**raw, "hashes": hashes or ["h1"], "received": 1.0}
    return Snapshot(
        "python-sentry-sdk", "zero_division", "sentry-sdk", version,
        [EventSnapshot(dict(wire or WIRE), raw, stored, hashes or ["h1"], {"legacy": {"hash": (hashes or ["h1"])[0]}})],
        [],
    )  # fmt: skip


def test_volatile_values_and_the_sdk_version_are_masked() -> None:
    masked = mask_volatile(EVENT, sdk_versions=["1.45.1"])
    assert masked["event_id"] == masked["timestamp"] == MASKED
    assert masked["contexts"]["trace"] == {"trace_id": MASKED, "span_id": MASKED}
    assert masked["sdk"]["version"] == "<sdk-version>"
    assert masked["exception"]["values"][0]["value"] == "division by zero at 0x<address>"
    assert masked["threads"]["values"][0]["thread_id"] == MASKED
    assert masked["threads"]["values"][0]["name"] == "MainThread"
    assert EVENT["event_id"] != MASKED  # the input is not touched


def test_two_runs_of_the_same_version_do_not_differ() -> None:
    other = copy.deepcopy(EVENT)
    other["event_id"] = "0" * 32
    other["contexts"]["trace"]["trace_id"] = "1" * 32
    other["exception"]["values"][0]["value"] = "division by zero at 0x7f0000000001"
    comparison = compare_snapshots(snapshot("1.45.1"), snapshot("1.45.2", event=other))
    assert comparison.changed_levels == []
    assert comparison.levels["grouping"].verdict == "same hashes"


def test_changes_are_reported_per_level() -> None:
    new_event = copy.deepcopy(EVENT)
    new_event["exception"]["values"][0]["mechanism"] = {"type": "excepthook", "handled": False}
    new_wire = {
        **WIRE,
        "endpoint": "envelope",
        "content_type": "application/x-sentry-envelope",
        "body_bytes": 1000,
    }
    comparison = compare_snapshots(
        snapshot("1.45.1"), snapshot("2.0.0", event=new_event, wire=new_wire, hashes=["h2"])
    )
    assert comparison.changed_levels == ["wire", "event", "stored", "grouping"]
    wire = {d["path"]: (d["before"], d["after"]) for d in comparison.levels["wire"].differences}
    assert wire == {
        "endpoint": ("store", "envelope"),
        "content_type": ("application/json", "application/x-sentry-envelope"),
    }
    assert "900 -> 1000 bytes" in comparison.levels["wire"].summary
    event_paths = [d["path"] for d in comparison.levels["event"].differences]
    assert event_paths == ["exception.values.0.mechanism"]
    # the stored hashes are the grouping level's business
    assert all(not d["path"].startswith("hashes") for d in comparison.levels["stored"].differences)
    grouping = comparison.levels["grouping"]
    assert grouping.verdict is not None and grouping.verdict.startswith("SPLIT")


def test_overlapping_hashes_keep_the_issue() -> None:
    comparison = compare_snapshots(
        snapshot("1", hashes=["h1", "h2"]), snapshot("2", hashes=["h2", "h3"])
    )
    assert comparison.levels["grouping"].changed
    assert "same issue" in (comparison.levels["grouping"].verdict or "")


def test_a_missing_event_is_a_wire_change() -> None:
    after = snapshot("2.0.0")
    after.events = []
    comparison = compare_snapshots(snapshot("1.45.1"), after)
    assert comparison.levels["wire"].differences[0] == {
        "path": "events", "kind": "changed", "before": 1, "after": 0,
    }  # fmt: skip


def test_ignored_paths_are_left_out() -> None:
    new_event = copy.deepcopy(EVENT)
    new_event["sdk"]["integrations"] = ["Dedupe", "EventFilters"]
    before = copy.deepcopy(EVENT)
    before["sdk"]["integrations"] = ["InboundFilters"]
    a, b = snapshot("1.0.0", event=before), snapshot("2.0.0", event=new_event)
    assert "event" in compare_snapshots(a, b).changed_levels
    assert compare_snapshots(a, b, ignore=["sdk.integrations"]).changed_levels == []


def test_bisect_refuses_a_range_across_two_sdk_packages() -> None:
    from sentry_compat.triage import RegistryError, bisect

    with pytest.raises(RegistryError, match="bisect needs one SDK package"):
        bisect(
            "python-django",
            "view_error",
            "6.10.0",
            "2.75.0",
            level="wire",
            versions=["6.10.0", "2.75.0"],
        )
