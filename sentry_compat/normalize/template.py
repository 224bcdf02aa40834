"""The template interface as 9.1.2 (semaphore 0.4.65) stored it.

Observed on 9.1.2 + semaphore 0.4.65 (``tests/normalize/observations/template.jsonl``): an
object (else ``expected templateinfo``), ``{}`` kept; ``filename`` (cut at 128), ``abs_path``
(cut at 256), ``context_line`` strings, ``lineno``/``colno`` unsigned integers,
``pre_context``/``post_context`` arrays of strings (nulls stay ``null``, ``[]`` stays);
nothing is required or derived (unlike frames); unknown keys are dropped.
"""

from __future__ import annotations

from typing import Any

from .context import REMOVE, Context
from .meta import Path
from .stacktrace import as_string, as_u64, invalid, put, trim_limited

__all__ = ["TEMPLATE_FIELDS", "normalize_template"]

#: Template fields in semaphore's declaration order (the order of their errors).
TEMPLATE_FIELDS = (
    "filename", "abs_path", "lineno", "colno", "pre_context", "context_line", "post_context",
)  # fmt: skip

#: ``(limit, allowance)`` (see :func:`~.stacktrace.trim_limited`)
TEMPLATE_LIMITS = {"filename": (128, 20), "abs_path": (256, 40)}


def _lines(value: Any, ctx: Context, path: Path) -> Any:
    if value is None:
        return None
    if not isinstance(value, list):
        invalid(ctx, path, value, "expected an array")
        return None
    out = []
    for index, line in enumerate(value):
        out.append(as_string(line, ctx, (*path, index)))
    return out


def normalize_template(value: Any, ctx: Context, path: Path) -> Any:
    """Normalize the ``template`` interface at ``path``; return the new value or REMOVE."""
    if value is None:
        return REMOVE
    if not isinstance(value, dict):
        invalid(ctx, path, value, "expected templateinfo")
        return None
    out: dict[str, Any] = {}  # kept even when empty (event.KEEP_EMPTY)

    put(out, ctx, path, "filename", as_string(value.get("filename"), ctx, (*path, "filename")))
    put(out, ctx, path, "abs_path", as_string(value.get("abs_path"), ctx, (*path, "abs_path")))
    put(out, ctx, path, "lineno", as_u64(value.get("lineno"), ctx, (*path, "lineno")))
    put(out, ctx, path, "colno", as_u64(value.get("colno"), ctx, (*path, "colno")))
    put(
        out, ctx, path, "pre_context", _lines(value.get("pre_context"), ctx, (*path, "pre_context"))
    )
    put(
        out,
        ctx,
        path,
        "context_line",
        as_string(value.get("context_line"), ctx, (*path, "context_line")),
    )
    put(
        out,
        ctx,
        path,
        "post_context",
        _lines(value.get("post_context"), ctx, (*path, "post_context")),
    )
    for key, limits in TEMPLATE_LIMITS.items():
        if isinstance(out.get(key), str):
            out[key] = trim_limited(out[key], limits, ctx, (*path, key))
    return out
