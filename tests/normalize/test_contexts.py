"""The contexts interface (``sentry_compat.normalize.contexts``), pinned on 9.1.2 + semaphore
0.4.65 (``observations/contexts.jsonl``)."""

from __future__ import annotations

from typing import Any

import pytest

from sentry_compat.normalize import NormalizeOptions, normalize_ingest

from . import context_generators

OPTIONS = NormalizeOptions(client_ip="127.0.0.1", client="sentry-compat-oracle/1.0")


def ctx(contexts: Any) -> dict[str, Any]:
    return normalize_ingest({"contexts": contexts}, options=OPTIONS)


def test_types_and_kinds() -> None:
    out = ctx({"os": {"name": "Linux"}, "foo": {"a": None}, "x": {"type": None}, "c": None, "d": 1})
    assert out["contexts"] == {
        "os": {"name": "Linux", "type": "os"},
        "foo": {"a": None, "type": "foo"},
        "x": {"type": None},
        "c": None,
        "d": None,
    }
    out = ctx({"x": {"type": "os", "name": 1}})
    assert out["contexts"]["x"] == {"name": None, "type": "os"}


def test_typed_fields() -> None:
    out = ctx({"device": {"battery_level": 50, "screen_dpi": 1.5, "memory_size": -1, "online": 1}})
    assert out["contexts"]["device"] == {
        "battery_level": 50.0,
        "screen_dpi": 1,
        "memory_size": None,
        "online": None,
        "type": "device",
    }
    out = ctx(
        {"trace": {"trace_id": "0123456789abcdef0123456789ABCDEF", "span_id": "x", "status": 2}}
    )
    assert out["contexts"]["trace"] == {
        "trace_id": "0123456789abcdef0123456789abcdef",
        "span_id": None,
        "status": "unknown_error",
        "type": "trace",
    }


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("os", "Microsoft Windows NT 10.0.17134.0", {"name": "Windows", "version": "10.0.17134"}),
        (
            "os",
            "Mac OS X 10.14.4 (18E226)",
            {"name": "macOS", "version": "10.14.4", "build": "18E226"},
        ),
        ("os", "Linux 4.15.0-1044-aws #46", {"name": "Linux", "kernel_version": "4.15.0"}),
        (
            "runtime",
            "Mono 5.18.1.28 (2018-08/223ea7ef92e)",
            {"name": "Mono", "version": "5.18.1.28"},
        ),
    ],
)
def test_raw_description(kind: str, raw: str, expected: dict[str, str]) -> None:
    out = ctx({kind: {"raw_description": raw}})
    assert out["contexts"][kind] == {"raw_description": raw, **expected, "type": kind}


@pytest.mark.parametrize(
    ("kind", "given", "expected"),
    [
        # a runtime's empty name/version count as missing; an os context's do not (observed)
        ("runtime", {"name": "", "version": ""}, {"name": "CPython", "version": "3.7.3"}),
        ("runtime", {"version": ""}, {"name": "CPython", "version": "3.7.3"}),
        ("runtime", {"name": "", "version": {}}, {"name": "CPython", "version": "3.7.3"}),
        ("runtime", {"name": "", "version": "1.0"}, {"name": "", "version": "1.0"}),
        ("runtime", {"name": "  "}, {"name": "  "}),
        ("os", {"name": "", "version": ""}, {"name": "", "version": ""}),
        ("os", {"name": 2}, {"name": "Linux", "kernel_version": "4.19.0"}),
    ],
)
def test_raw_description_blank_fields(
    kind: str, given: dict[str, Any], expected: dict[str, Any]
) -> None:
    raw = "CPython 3.7.3" if kind == "runtime" else "Linux 4.19.0 #1 SMP"
    out = ctx({kind: {**given, "raw_description": raw}})
    assert out["contexts"][kind] == {"raw_description": raw, **expected, "type": kind}
    assert "errors" not in out  # a replaced invalid value leaves no error


def test_dotnet_release_keys() -> None:
    out = ctx(
        {"runtime": {"name": ".NET Framework", "version": "4.0.30319.42000", "build": 528040}}
    )
    assert out["contexts"]["runtime"]["version"] == "4.8"


def test_budget() -> None:
    out = ctx({"os": {"aa": "x" * 8180, "name": "n", "zz": "z" * 50}})
    assert sorted(out["contexts"]["os"]) == ["aa", "name", "type"] and "_meta" not in out
    out = ctx({"c": {"k": "b" * 30000}})
    assert len(out["contexts"]["c"]["k"]) == 8192 and "type" not in out["contexts"]["c"]
    assert out["_meta"]["contexts"]["c"][""] == {"len": 2}


@pytest.mark.oracle
def test_generated_contexts_against_the_oracle(semaphore_step: Any) -> None:
    context_generators.check_area(semaphore_step, "contexts")


def test_invalid_fields_past_the_budget_stay_null() -> None:
    # observed: once an 8192-byte string used the budget, valid typed fields after it vanish,
    # invalid ones stay null with their error
    out = ctx({"device": {"name": "ab" * 5000, "family": True, "model": "m", "online": 1}})
    device = out["contexts"]["device"]
    assert set(device) == {"name", "family", "online", "type"}
    assert device["family"] is None and device["online"] is None
    assert [e["name"] for e in out["errors"]] == [
        "contexts.device.family",
        "contexts.device.online",
    ]
