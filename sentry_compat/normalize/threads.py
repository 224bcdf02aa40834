"""The threads interface as 9.1.2 (semaphore 0.4.65) stored it.

Observed on 9.1.2 + semaphore 0.4.65 (``tests/normalize/observations/threads.jsonl``): the
container is the one of ``exception`` (a list, ``{"values": [...]}`` or one thread object;
:func:`~.exception.normalize_values_container`).  A thread that is not an object becomes
``null`` with ``expected thread``; ``id`` is an integer (negative ones wrap to u64) or a
string (``expected a thread id``), ``name`` a string cut at 1024, ``crashed``/``current``
booleans, ``stacktrace``/``raw_stacktrace`` as in :mod:`.stacktrace`; unknown keys are
dropped.  Afterwards ``null`` threads without ``_meta`` and threads left empty are removed
(``_meta`` keeps the original indices).
"""

from __future__ import annotations

from typing import Any

from .context import REMOVE, Context
from .exception import as_thread_id, normalize_values_container
from .meta import Path
from .stacktrace import (
    as_bool,
    as_string,
    invalid,
    normalize_stacktrace_value,
    put,
    trim_limited,
    trim_stacktrace,
)

__all__ = ["THREAD_FIELDS", "normalize_threads"]

#: Thread fields in semaphore's declaration order (the order of their errors).
THREAD_FIELDS = ("id", "name", "stacktrace", "raw_stacktrace", "crashed", "current")

#: ``(limit, allowance)`` (see :func:`~.stacktrace.trim_limited`)
THREAD_NAME_LIMIT = (1024, 100)


def _thread(value: Any, ctx: Context, path: Path) -> Any:
    if value is None:
        return None
    if not isinstance(value, dict):
        invalid(ctx, path, value, "expected thread")
        return None
    ctx.meta.set_child_order(path, THREAD_FIELDS, rest="sorted")
    out: dict[str, Any] = {}

    put(out, ctx, path, "id", as_thread_id(value.get("id"), ctx, (*path, "id")))
    put(out, ctx, path, "name", as_string(value.get("name"), ctx, (*path, "name")))
    put(
        out,
        ctx,
        path,
        "stacktrace",
        normalize_stacktrace_value(value.get("stacktrace"), ctx, (*path, "stacktrace")),
    )
    put(
        out,
        ctx,
        path,
        "raw_stacktrace",
        normalize_stacktrace_value(
            value.get("raw_stacktrace"), ctx, (*path, "raw_stacktrace"), raw=True
        ),
    )
    put(out, ctx, path, "crashed", as_bool(value.get("crashed"), ctx, (*path, "crashed")))
    put(out, ctx, path, "current", as_bool(value.get("current"), ctx, (*path, "current")))
    return out


def normalize_threads(value: Any, ctx: Context, path: Path) -> Any:
    """Normalize the ``threads`` interface at ``path``; return the new value or REMOVE."""
    if value is None:
        return REMOVE
    result, _ = normalize_values_container(value, ctx, path, _thread)
    if not isinstance(result, dict):
        return result
    values = result.get("values")
    if not isinstance(values, list):
        return result
    kept = []
    for index, thread in enumerate(values):
        tpath = (*path, "values", index)
        if not thread and not ctx.meta.get(tpath):
            continue  # null or empty, without _meta
        if isinstance(thread, dict):
            if isinstance(thread.get("name"), str):
                thread["name"] = trim_limited(
                    thread["name"], THREAD_NAME_LIMIT, ctx, (*tpath, "name")
                )
            trim_stacktrace(thread.get("stacktrace"), ctx, (*tpath, "stacktrace"))
            trim_stacktrace(thread.get("raw_stacktrace"), ctx, (*tpath, "raw_stacktrace"))
        kept.append(thread)
    if not kept:
        return {}  # kept as ``{}`` (event.KEEP_EMPTY)
    return {"values": kept}
