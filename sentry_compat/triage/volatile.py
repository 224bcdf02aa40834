"""Masking what changes on every run, so that two runs differ only where the SDK changed.

Two events of the same scenario always differ in their ids, clocks and addresses.  They are
masked by key, anywhere in the document (``event_id``, ``timestamp``, ``trace_id``,
``span_id``, ``thread_id``, ``app_start_time``, ``free_memory``, durations...), and by value
(memory addresses ``0x7f3a...``, whole-string UUIDs and 32-hex ids); the SDK's own version
number, which changes between versions by definition, becomes ``<sdk-version>`` so that
``sentry.python/1.45.1`` and ``sentry.python/2.75.0`` compare equal and only *what else*
changed is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..compare import MASKED

__all__ = ["VOLATILE_KEYS", "mask_volatile"]

#: keys whose values are volatile wherever they appear
VOLATILE_KEYS = frozenset(
    {
        "event_id",
        "timestamp",
        "start_timestamp",
        "sent_at",
        "received",
        "datetime",
        "dateCreated",
        "dateReceived",
        "trace_id",
        "span_id",
        "parent_span_id",
        "replay_id",
        "sample_rand",
        "thread_id",
        "crashed_thread_id",
        "pid",
        "ppid",
        "app_start_time",
        "boot_time",
        "app_memory",
        "free_memory",
        "usable_memory",
        "duration",
        "elapsed",
        "elapsed_time",
        "sentry_timestamp",
        "key_id",
        "project",
    }
)

_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,16}\b")
_ID = re.compile(
    r"^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"
)
#: ``line <n>``-free durations such as ``0.0123s`` or ``12 ms`` in messages are left alone:
#: they are rare in events and masking them would hide real changes.


def _string(value: str, versions: Iterable[str]) -> str:
    if _ID.match(value):
        return MASKED
    value = _ADDRESS.sub("0x<address>", value)
    for version in versions:
        value = value.replace(version, "<sdk-version>")
    return value


def mask_volatile(
    document: Any,
    *,
    sdk_versions: Iterable[str] = (),
    keys: frozenset[str] = VOLATILE_KEYS,
) -> Any:
    """A copy of ``document`` with volatile values masked (see the module docstring)."""
    versions = sorted(
        {v for v in sdk_versions if v and len(v) >= 3 and "." in v}, key=len, reverse=True
    )

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: (MASKED if k in keys else walk(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, str):
            return _string(value, versions)
        return value

    return walk(document)
