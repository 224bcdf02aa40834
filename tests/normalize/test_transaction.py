"""Transaction events semaphore 0.4.65 refused (``normalize/transaction.py``); every message and
order here was observed on 9.1.2's step (``SemaphoreStep`` raised
``ProcessingActionInvalidTransaction``), see ``test_generated_transactions_against_the_oracle``."""

from __future__ import annotations

import time
from typing import Any

import pytest

from sentry_compat.normalize import NormalizeOptions, stored_nothing
from sentry_compat.normalize.pipeline import run_ingest
from sentry_compat.normalize.transaction import invalid_transaction

NOW = 1795776000.0
TRACE = {"trace": {"trace_id": "a" * 32, "span_id": "b" * 16, "op": "http"}}
SPAN = {"start_timestamp": NOW - 5, "timestamp": NOW - 1, "trace_id": "a" * 32, "span_id": "c" * 16}


def refusal(event: dict[str, Any], received: float = NOW) -> str | None:
    _, ctx = run_ingest(dict(event), NormalizeOptions(received=received))
    return ctx.refusal


@pytest.mark.parametrize(
    ("event", "reason"),
    [
        ({}, "start_timestamp hard-required for transaction events"),
        ({"start_timestamp": "x", "contexts": TRACE}, "start_timestamp hard-required"),
        ({"start_timestamp": NOW + 30}, "end timestamp is smaller than start timestamp"),
        ({"start_timestamp": NOW - 10}, "trace context hard-required for transaction events"),
        ({"start_timestamp": NOW - 10, "contexts": {"trace": "x"}}, "trace context hard-required"),
        ({"start_timestamp": NOW - 10, "contexts": {"trace": {}}}, "missing trace_id"),
        (
            {"start_timestamp": NOW - 10, "contexts": {"trace": {"trace_id": "a" * 32}}},
            "missing span_id",
        ),
        (
            {"start_timestamp": NOW - 10, "contexts": {"trace": {**TRACE["trace"], "op": 5}}},
            "trace context is missing op",
        ),
        (
            {"start_timestamp": NOW - 10, "contexts": {"trace": {**TRACE["trace"], "type": "x"}}},
            "context at event.contexts.trace must be of type trace.",
        ),
        ({"start_timestamp": NOW - 10, "contexts": TRACE, "spans": [None]}, "spans must be valid"),
        (
            {"start_timestamp": NOW - 10, "contexts": TRACE, "spans": [{}]},
            "span is missing timestamp",
        ),
        (
            {
                "start_timestamp": NOW - 10,
                "contexts": TRACE,
                "spans": [{**SPAN, "timestamp": NOW - 6}],
            },
            "end timestamp in span is smaller than start timestamp",
        ),
        ({"start_timestamp": NOW - 10, "contexts": TRACE, "spans": [SPAN]}, "span is missing op"),
        (
            {"start_timestamp": NOW - 10, "contexts": TRACE, "spans": [{**SPAN, "span_id": "xyz"}]},
            "span is missing span_id",
        ),
    ],
)
def test_refused(event: dict[str, Any], reason: str) -> None:
    got = refusal({"type": "transaction", **event})
    assert got is not None and got.startswith("500 ProcessingActionInvalidTransaction: ")
    assert reason in got


@pytest.mark.parametrize(
    "event",
    [
        {"type": "transaction", "start_timestamp": NOW - 10, "contexts": TRACE},
        {"type": "transaction", "start_timestamp": NOW - 10, "contexts": TRACE, "spans": []},
        {"type": "transaction", "start_timestamp": NOW - 10, "contexts": TRACE, "spans": "x"},
        {"type": "transaction", "start_timestamp": NOW - 10, "contexts": TRACE,
         "spans": [{**SPAN, "op": ""}]},
        {"type": "default", "start_timestamp": NOW - 10},
        {"type": "Transaction"},
    ],
)  # fmt: skip
def test_accepted(event: dict[str, Any]) -> None:
    assert refusal(event) is None


def test_normalize_goes_on_and_stored_nothing_says_why() -> None:
    reason = stored_nothing({"type": "transaction"}, received=NOW)
    assert reason and "start_timestamp hard-required" in reason
    assert invalid_transaction({"type": "error"}) is None


@pytest.mark.oracle
def test_generated_transactions_against_the_oracle(semaphore_step: Any) -> None:
    """Generated transaction events: semaphore refuses exactly those we say it refuses, with
    the same message."""
    import random

    from sentry_compat.reference.semaphore_step import SemaphoreStepError

    rng = random.Random(3)
    now = time.time()

    def pick(*values: Any) -> Any:
        return rng.choice(values)

    disagreed = []
    for _ in range(200):
        trace = {
            k: v
            for k, v in {
                "trace_id": pick("a" * 32, "A" * 32, "x", None),
                "span_id": pick("b" * 16, "b" * 15, None),
                "op": pick("http", "", 5, None),
                "type": pick(None, None, "trace", "other"),
            }.items()
            if v is not None
        }
        span = {
            k: v
            for k, v in {
                "start_timestamp": pick(now - 5, now - 0.5, "x", None),
                "timestamp": pick(now - 1, now - 3, None),
                "trace_id": pick("a" * 32, None),
                "span_id": pick("c" * 16, "zz", None),
                "op": pick("db", None),
            }.items()
            if v is not None
        }
        event: dict[str, Any] = {"type": "transaction"}
        for key, value in (
            ("start_timestamp", pick(now - 10, now + 30, "2019-01-01T00:00:00Z", None)),
            ("timestamp", pick(now, now - 20, None)),
            ("contexts", pick({"trace": trace}, {"trace": "x"}, None)),
            ("spans", pick([span], [span, None], [], None)),
        ):
            if value is not None:
                event[key] = value
        try:
            received = semaphore_step.normalize(event)["received"]
            expected = None
        except SemaphoreStepError as exc:
            received, expected = time.time(), str(exc).split("\n")[0].split(": ", 1)[1]
        got = refusal(event, received)
        if (expected is None) != (got is None) or (expected and not got.endswith(expected)):
            disagreed.append((event, expected, got))
    assert not disagreed, disagreed[:3]
