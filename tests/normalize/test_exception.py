"""The exception interface and its mechanism (``sentry_compat.normalize.exception``,
``mechanism``), pinned on 9.1.2 + semaphore 0.4.65 (``observations/exception.jsonl``)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from sentry_compat.normalize import NormalizeOptions, normalize_ingest
from sentry_compat.normalize.mechanism import ERRNO_TABLES, MACH_EXCEPTIONS, SIGNALS_LINUX

from . import stack_generators

OPTIONS = NormalizeOptions(client_ip="127.0.0.1", client="sentry-compat-oracle/1.0")


def norm(event: dict[str, Any]) -> dict[str, Any]:
    return normalize_ingest(event, options=OPTIONS)


def values(event: dict[str, Any]) -> Any:
    return norm(event)["exception"]["values"]


@pytest.mark.parametrize(
    "container",
    [
        [{"type": "A", "value": "b"}],
        {"type": "A", "value": "b"},
        {"values": [{"type": "A", "value": "b"}]},
    ],
)
def test_container_shapes(container: Any) -> None:
    assert values({"exception": container}) == [{"type": "A", "value": "b"}]


@pytest.mark.parametrize("empty", [None, [], {}, {"values": []}])
def test_empty_containers_vanish(empty: Any) -> None:
    assert "exception" not in norm({"exception": empty})


def test_values_null_is_missing() -> None:
    out = norm({"exception": {"values": None}})
    assert out["exception"] == {"values": None}
    assert out["errors"] == [{"type": "missing_attribute", "name": "exception.values"}]


def test_null_values_removed_but_meta_keeps_indices() -> None:
    out = norm({"exception": {"values": [None, "x", None, {"type": "B"}]}})
    assert out["exception"]["values"] == [None, {"type": "B"}]
    assert out["errors"][0]["name"] == "exception.values.1"
    assert norm({"exception": {"values": [None]}})["exception"] == {}


def test_type_from_value() -> None:
    assert values({"exception": [{"value": "ValueError: boom"}]}) == [
        {"type": "ValueError", "value": "boom"}
    ]
    assert values({"exception": [{"type": "", "value": "E:  x "}]}) == [{"type": "E", "value": "x"}]
    assert values({"exception": [{"value": "a.B: c"}]}) == [{"value": "a.B: c"}]  # no dots
    assert values({"exception": [{"value": "E: x\ny"}]}) == [{"value": "E: x\ny"}]  # one line


def test_non_string_value_is_compact_json() -> None:
    assert (
        values({"exception": [{"type": "T", "value": {"b": 1, "a": [1.0]}}]})[0]["value"]
        == '{"a":[1.0],"b":1}'
    )


def test_neither_type_nor_value_keeps_its_normalized_form() -> None:
    out = norm({"exception": [{"module": "m", "foo": 1}]})
    assert out["exception"]["values"] == [None]
    [error] = out["errors"]
    assert error["type"] == "missing_attribute" and error["attribute"] == "type or value"
    assert error["value"]["module"] == "m" and error["value"]["foo"] == 1
    assert error["value"]["mechanism"] is None


@pytest.mark.parametrize(
    ("mechanism", "meta"),
    [
        ({"type": "a"}, None),
        ({"type": "a", "meta": None}, None),
        ({"type": "a", "meta": 5}, None),
        ({"type": "a", "meta": {}}, {"errno": None, "signal": None, "mach_exception": None}),
        ({"x": " "}, {"errno": None, "signal": None, "mach_exception": None}),  # legacy shape
    ],
)
def test_discarded_value_shows_every_mechanism_meta_part(mechanism: Any, meta: Any) -> None:
    # observed: a meta object (empty ones too, which a kept value loses) or the legacy upgrade
    out = norm({"exception": [{"type": "", "mechanism": mechanism}]})
    assert out["errors"][-1]["value"]["mechanism"]["meta"] == meta


@pytest.mark.parametrize(
    ("extra", "last_kept"),
    [
        # pinned on the oracle: the largest module padding whose value is still kept in val
        ({"thread_id": -5}, 432),  # a wrapped u64 (18446744073709551611) counts 20 characters
        ({"mechanism": {"synthetic": False}}, 407),  # legacy: its all-null meta is not counted
        ({"mechanism": {"type": "a", "meta": {"signal": 5}}}, 417),  # an annotated null is
    ],
)
def test_discarded_value_size_estimate(extra: dict[str, Any], last_kept: int) -> None:
    def kept(pad: int) -> bool:
        out = norm({"exception": [{"type": "", "value": "", "module": "m" * pad, **extra}]})
        return "value" in out["errors"][-1]

    assert kept(last_kept) and not kept(last_kept + 1)


def test_lengths_have_allowances() -> None:
    v = values({"exception": [{"type": "T" * 276, "value": "x" * 8392}]})[0]
    assert len(v["type"]) == 276 and len(v["value"]) == 8392
    v = values({"exception": [{"type": "T" * 277, "value": "x" * 8393}]})[0]
    assert len(v["type"]) == 256 and len(v["value"]) == 8192 and v["value"].endswith("...")


def test_thread_id() -> None:
    got = [
        v.get("thread_id")
        for v in values({"exception": [{"type": "T", "thread_id": t} for t in (-5, "main", 1.0)]})
    ]
    assert got == [2**64 - 5, "main", None]


def test_top_level_stacktrace_merges_into_one_value() -> None:
    out = norm({"exception": {"type": "A"}, "stacktrace": {"frames": [{"function": "f"}]}})
    assert out["exception"]["values"][0]["stacktrace"] == {"frames": [{"function": "f"}]}
    assert "stacktrace" not in out
    out = norm({"exception": [None, {"type": "A"}], "stacktrace": {"frames": [{"function": "f"}]}})
    assert "stacktrace" in out  # two raw values: no merge


def test_mechanism_legacy_shape() -> None:
    mech = values(
        {
            "exception": [
                {
                    "type": "A",
                    "mechanism": {
                        "handled": False,
                        "posix_signal": {"signal": 11, "code": 0},
                        "mach_exception": {
                            "exception": 1,
                            "code": 1,
                            "subcode": 0,
                            "exception_name": "X",
                        },
                    },
                }
            ]
        }
    )[0]["mechanism"]
    assert mech == {
        "type": "generic",
        "data": {"handled": False},
        "meta": {
            "signal": {"number": 11, "code": 0},
            "mach_exception": {"exception": 1, "code": 1, "subcode": 0, "name": "X"},
        },
    }


def test_mechanism_validation() -> None:
    out = norm(
        {
            "exception": [
                {"type": "A", "mechanism": {"type": "", "help_link": "ftp://x", "handled": "no"}}
            ]
        }
    )
    assert out["exception"]["values"][0]["mechanism"] == {
        "type": None,
        "help_link": None,
        "handled": None,
    }
    assert [e.get("reason") for e in out["errors"]] == [
        "expected a non-empty value",
        "expected http URL",
        "expected a boolean",
    ]


def test_mechanism_names_follow_the_os() -> None:
    meta = {
        "signal": {"number": 11, "code": 1},
        "errno": {"number": 35},
        "mach_exception": {"exception": 1, "code": 0, "subcode": 0},
    }
    darwin = values(
        {
            "exception": [{"type": "A", "mechanism": {"type": "x", "meta": meta}}],
            "debug_meta": {"sdk_info": {"sdk_name": "iOS"}},
        }
    )
    assert darwin[0]["mechanism"]["meta"] == {
        "signal": {"number": 11, "code": 1, "name": "SIGSEGV", "code_name": "SEGV_MAPERR"},
        "errno": {"number": 35, "name": "EAGAIN"},
        "mach_exception": {"exception": 1, "code": 0, "subcode": 0, "name": "EXC_BAD_ACCESS"},
    }
    linux = values(
        {
            "exception": [{"type": "A", "mechanism": {"type": "x", "meta": meta}}],
            "contexts": {"os": {"name": "Android"}},
        }
    )
    assert linux[0]["mechanism"]["meta"]["errno"]["name"] == "EDEADLK"
    assert "code_name" not in linux[0]["mechanism"]["meta"]["signal"]
    none = values({"exception": [{"type": "A", "mechanism": {"type": "x", "meta": meta}}]})
    assert "name" not in none[0]["mechanism"]["meta"]["signal"]
    assert none[0]["mechanism"]["meta"]["mach_exception"]["name"] == "EXC_BAD_ACCESS"


def test_os_tables_are_complete_enough() -> None:
    assert SIGNALS_LINUX[10] == "SIGUSR1" and MACH_EXCEPTIONS[13] == "EXC_CORPSE_NOTIFY"
    assert ERRNO_TABLES["windows"][140] == "EWOULDBLOCK" and 35 not in ERRNO_TABLES["windows"]


def _mechanism_events(rng: random.Random) -> list[dict[str, Any]]:
    events = []
    for _ in range(120):
        value: dict[str, Any] = {
            "type": rng.choice(["A", ""]),
            "value": rng.choice(["v", "E: v", ""]),
        }
        value["mechanism"] = stack_generators._mechanism(rng)
        event: dict[str, Any] = {"exception": {"values": [value]}}
        if rng.random() < 0.4:
            event["debug_meta"] = {
                "sdk_info": {"sdk_name": rng.choice(["macOS", "linux", "Windows", "x"])}
            }
        if rng.random() < 0.3:
            event["contexts"] = {
                "os": {"name": rng.choice(["iOS", "Linux", "Windows"]), "type": "os"}
            }
        events.append(event)
    return events


@pytest.mark.oracle
def test_generated_exceptions_against_the_oracle(semaphore_step: Any) -> None:
    rng = random.Random(7)
    events = _mechanism_events(rng) + [stack_generators.generate_event(rng) for _ in range(100)]
    ran, by_field, examples = stack_generators.compare(semaphore_step, events)
    print("ran", ran, "disagreements by field", dict(by_field))
    unexplained = [(raw, residual) for raw, _, residual in examples if residual]
    assert not unexplained, unexplained[:3]
