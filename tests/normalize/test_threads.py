"""The threads interface (``sentry_compat.normalize.threads``), pinned on 9.1.2 + semaphore
0.4.65 (``observations/threads.jsonl``)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from sentry_compat.normalize import NormalizeOptions, normalize_ingest

from . import stack_generators

OPTIONS = NormalizeOptions(client_ip="127.0.0.1", client="sentry-compat-oracle/1.0")


def norm(event: dict[str, Any]) -> dict[str, Any]:
    return normalize_ingest(event, options=OPTIONS)


def test_list_and_values_forms() -> None:
    thread = {"id": 1, "name": "main", "crashed": True, "current": True}
    assert norm({"threads": [thread]})["threads"] == {"values": [thread]}
    assert norm({"threads": {"values": [thread]}})["threads"] == {"values": [thread]}
    assert norm({"threads": {"id": 1}})["threads"] == {"values": [{"id": 1}]}


def test_nulls_and_empty_threads_removed_indices_kept_in_meta() -> None:
    out = norm({"threads": {"values": [{"id": 1}, None, "x", {}]}})
    assert out["threads"] == {"values": [{"id": 1}, None]}
    assert out["errors"] == [
        {
            "reason": "expected thread",
            "type": "invalid_data",
            "name": "threads.values.2",
            "value": "x",
        }
    ]
    assert norm({"threads": {"values": [{}, {"foo": 1}]}})["threads"] == {}


def test_ids_names_flags() -> None:
    out = norm(
        {"threads": {"values": [{"id": -1, "name": "n" * 1125, "crashed": "yes"}, {"id": 1.5}]}}
    )
    first, second = out["threads"]["values"]
    assert first["id"] == 2**64 - 1 and len(first["name"]) == 1024 and first["crashed"] is None
    assert second == {"id": None}
    assert [e["reason"] for e in out["errors"]] == ["expected a boolean", "expected a thread id"]


def test_stacktraces_inside_threads() -> None:
    out = norm(
        {
            "threads": [
                {
                    "id": 1,
                    "stacktrace": {"frames": []},
                    "raw_stacktrace": {"frames": [{"filename": "a.py"}]},
                }
            ]
        }
    )
    thread = out["threads"]["values"][0]
    assert thread["stacktrace"] == {"frames": None}
    assert thread["raw_stacktrace"] == {"frames": [{"filename": "a.py"}]}  # raw: no abs_path


@pytest.mark.oracle
def test_generated_threads_against_the_oracle(semaphore_step: Any) -> None:
    rng = random.Random(11)
    events = []
    while len(events) < 150:
        event = stack_generators.generate_event(rng)
        if "threads" in event or rng.random() < 0.1:
            events.append(event)
    ran, by_field, examples = stack_generators.compare(semaphore_step, events)
    print("ran", ran, "disagreements by field", dict(by_field))
    unexplained = [(raw, residual) for raw, _, residual in examples if residual]
    assert not unexplained, unexplained[:3]
