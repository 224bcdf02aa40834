"""Transaction events: semaphore 0.4.65 refused the ones it could not take.

9.1.2 predates performance monitoring, but semaphore 0.4.65 already knew ``type:
"transaction"`` and raised ``ProcessingActionInvalidTransaction`` out of
``StoreNormalizer.normalize_event`` for an invalid one: 9.1.2's store endpoint answered 500
and stored nothing.  Observed on 9.1.2 + semaphore 0.4.65 (the messages are semaphore's), the
first failing check of this list wins, on the normalized event (so an invalid value counts as
missing):

1. ``start_timestamp hard-required for transaction events``;
2. ``end timestamp is smaller than start timestamp`` (``timestamp``, or the receive time that
   replaced a missing one);
3. ``trace context hard-required for transaction events`` (``contexts.trace``, an object),
   ``context at event.contexts.trace must be of type trace.``, then ``trace context is missing
   trace_id`` / ``span_id`` / ``op`` (a valid id; any string ``op``, ``""`` too);
4. every span (in order): ``spans must be valid in transaction event`` (a null or invalid
   span), ``span is missing timestamp`` / ``start_timestamp``, ``end timestamp in span is
   smaller than start timestamp``, ``span is missing trace_id`` / ``span_id`` / ``op``.
"""

from __future__ import annotations

import re
from typing import Any

from ._timestamp import read_timestamp

__all__ = ["invalid_transaction"]

_PREFIX = "invalid transaction event: "
_IDS = {"trace_id": re.compile(r"^[0-9a-fA-F]{32}$"), "span_id": re.compile(r"^[0-9a-fA-F]{16}$")}


def _id(value: Any, name: str) -> bool:
    return isinstance(value, str) and _IDS[name].match(value) is not None


def _timestamp(value: Any) -> float | None:
    return read_timestamp(value)[0] if value is not None else None


def _span(span: Any) -> str | None:
    if not isinstance(span, dict):
        return "spans must be valid in transaction event"
    end = _timestamp(span.get("timestamp"))
    if end is None:
        return "span is missing timestamp"
    start = _timestamp(span.get("start_timestamp"))
    if start is None:
        return "span is missing start_timestamp"
    if end < start:
        return "end timestamp in span is smaller than start timestamp"
    for name in ("trace_id", "span_id"):
        if not _id(span.get(name), name):
            return f"span is missing {name}"
    if not isinstance(span.get("op"), str):
        return "span is missing op"
    return None


def invalid_transaction(event: dict[str, Any]) -> str | None:
    """Why semaphore refused the normalized transaction ``event``, or None (see the module
    docstring; None also for any other event type)."""
    if event.get("type") != "transaction":
        return None
    start = event.get("start_timestamp")
    if not isinstance(start, (int, float)):
        return _PREFIX + "start_timestamp hard-required for transaction events"
    end = event.get("timestamp")
    if isinstance(end, (int, float)) and end < start:
        return _PREFIX + "end timestamp is smaller than start timestamp"
    contexts = event.get("contexts")
    trace = contexts.get("trace") if isinstance(contexts, dict) else None
    if not isinstance(trace, dict):
        return _PREFIX + "trace context hard-required for transaction events"
    if trace.get("type") != "trace":
        return _PREFIX + "context at event.contexts.trace must be of type trace."
    for name in ("trace_id", "span_id"):
        if not _id(trace.get(name), name):
            return _PREFIX + f"trace context is missing {name}"
    if not isinstance(trace.get("op"), str):
        return _PREFIX + "trace context is missing op"
    spans = event.get("spans")
    for span in spans if isinstance(spans, list) else ():
        reason = _span(span)
        if reason is not None:
            return _PREFIX + reason
    return None
