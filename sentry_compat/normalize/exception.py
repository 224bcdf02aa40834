"""The exception interface as 9.1.2 (semaphore 0.4.65) stored it.

Observed on 9.1.2 + semaphore 0.4.65 (``tests/normalize/observations/exception.jsonl``;
semaphore's source was never read); where the spec's reference rules (``Exception.to_python``)
differ, the oracle wins:

* **Container**: a list (sentry-go) or ``{"values": [...]}``; an object without ``values``
  (``exc_omitted`` or not) is one exception value; ``null``, ``[]``, ``{}`` and
  ``{"values": []}`` drop the interface silently; ``{"values": null}`` is a
  ``missing_attribute``; anything else ``expected a list or values object``.  No count limit.
* **Values**: not an object -> ``null`` with ``expected exception``.  ``type`` and ``module``
  strings (cut at 256), ``value`` a string (others as compact JSON, cut at 8192),
  ``thread_id`` an integer (negative ones wrap to u64) or a string, ``stacktrace`` and
  ``raw_stacktrace`` (:mod:`.stacktrace`), ``mechanism`` (:mod:`.mechanism`); unknown keys
  are dropped.  Without a ``type`` (or an empty one), a ``value`` matching ``^(\\w+):(.*)$`` (one line) is split
  (``ValueError: boom`` -> type ``ValueError``, value ``boom``).  A value whose ``type`` and
  ``value`` are both missing or empty becomes ``null`` with ``missing_attribute``
  (``{"attribute": "type or value"}``) and keeps its whole normalized form in ``val``.
* **Top-level stacktrace**: with exactly one (raw) exception value that survived, an object
  ``stacktrace`` replaces that value's stacktrace and leaves the top level (see
  :func:`sentry_compat.normalize.stacktrace.normalize_stacktrace`).
* Finally, ``null`` values without ``_meta`` are removed from ``values`` (``_meta`` keeps the
  original indices); when none is left, ``values`` is omitted and the interface is ``{}``.
"""

from __future__ import annotations

import re
from typing import Any

from ._rust import json_text
from .context import REMOVE, Context
from .mechanism import (
    MECHANISM_FIELDS,
    META_SHAPES,
    fill_mechanism_names,
    normalize_mechanism,
    os_kind,
    trim_mechanism,
)
from .meta import Path, SizeSchema, held_size
from .stacktrace import (
    EMPTY_DROPPED,
    FRAME_DATA_FIELDS,
    FRAME_FIELDS,
    MERGE_KEY,
    as_string,
    invalid,
    normalize_stacktrace_value,
    put,
    trim_limited,
    trim_stacktrace,
)

__all__ = [
    "EXCEPTION_FIELDS",
    "as_thread_id",
    "normalize_exception",
    "normalize_values_container",
]

#: Exception value fields in semaphore's declaration order (the order of their errors).
EXCEPTION_FIELDS = (
    "type",
    "value",
    "module",
    "stacktrace",
    "raw_stacktrace",
    "thread_id",
    "mechanism",
)

#: ``(limit, allowance)`` (see :func:`~.stacktrace.trim_limited`)
EXCEPTION_LIMITS = {"type": (256, 20), "module": (256, 20), "value": (8192, 200)}

#: ``Type: message`` in a value without a type (``\w`` is Unicode, ``.`` stops at newlines).
TYPE_VALUE_RE = re.compile(r"(\w+):(.*)")

#: Unicode White_Space (what Rust's ``str::trim`` strips).
_WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

#: ctx.moved key: mechanisms whose names depend on ``debug_meta.sdk_info`` (see debug_meta)
MECHANISMS_KEY = "exception.mechanisms"


def as_thread_id(value: Any, ctx: Context, path: Path) -> Any:
    """A thread id: an integer (negative ones as u64, observed) or a string."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value % 2**64
    invalid(ctx, path, value, "expected a thread id")
    return None


def normalize_values_container(
    value: Any, ctx: Context, path: Path, item: Any
) -> tuple[Any, list[Any] | None]:
    """The ``values`` container shared by ``exception`` and ``threads``: returns ``(result,
    raw_items)``; ``result`` is :data:`REMOVE`, ``None`` (invalid) or ``{"values": ...}``."""
    if isinstance(value, list):
        items: Any = value
    elif isinstance(value, dict):
        if "values" in value:
            items = value["values"]
        elif not value:
            return REMOVE, None
        else:
            items = [value]
    else:
        invalid(ctx, path, value, "expected a list or values object")
        return None, None
    values_path = (*path, "values")
    if items is None:
        ctx.error(values_path, "missing_attribute")
        return {"values": None}, None
    if not isinstance(items, list):
        invalid(ctx, values_path, items, "expected an array")
        return {"values": None}, None
    if not items:
        return REMOVE, None
    return {"values": [item(v, ctx, (*values_path, i)) for i, v in enumerate(items)]}, items


def compact_values(result: dict[str, Any], ctx: Context, path: Path) -> dict[str, Any]:
    """Drop ``null`` values without ``_meta`` (indices in ``_meta`` stay as they were)."""
    values = result.get("values")
    if not isinstance(values, list):
        return result
    kept = [v for i, v in enumerate(values) if v is not None or ctx.meta.get((*path, "values", i))]
    if kept:
        result["values"] = kept
        return result
    return {}  # kept as ``{}`` (event.KEEP_EMPTY)


def _split_type(value: str) -> tuple[str, str] | None:
    match = TYPE_VALUE_RE.fullmatch(value)
    if match is None:
        return None
    return match.group(1), match.group(2).strip(_WHITESPACE)


def _single(value: Any, ctx: Context, path: Path) -> Any:
    if value is None:
        return None
    if not isinstance(value, dict):
        invalid(ctx, path, value, "expected exception")
        return None
    ctx.meta.set_child_order(path, EXCEPTION_FIELDS, rest="sorted")
    out: dict[str, Any] = {}

    kind = as_string(value.get("type"), ctx, (*path, "type"))
    text = value.get("value")
    if text is not None and not isinstance(text, str):
        text = json_text(text)
    if not kind and isinstance(text, str):
        split = _split_type(text)
        if split is not None:
            kind, text = split
    put(out, ctx, path, "type", kind)
    put(out, ctx, path, "value", text)
    put(out, ctx, path, "module", as_string(value.get("module"), ctx, (*path, "module")))
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
    put(
        out, ctx, path, "thread_id", as_thread_id(value.get("thread_id"), ctx, (*path, "thread_id"))
    )
    put(
        out,
        ctx,
        path,
        "mechanism",
        normalize_mechanism(value.get("mechanism"), ctx, (*path, "mechanism")),
    )
    if not kind and not text:
        _discard(value, out, ctx, path)
        return None
    return out


def _discard(raw: dict[str, Any], out: dict[str, Any], ctx: Context, path: Path) -> None:
    """A value with neither type nor value: ``null``, its full normalized form in ``val``."""
    unknown = {k: v for k, v in raw.items() if k not in EXCEPTION_FIELDS}
    original = {**_full(out, EXCEPTION_FIELDS), **unknown}
    for key in ("stacktrace", "raw_stacktrace"):
        if isinstance(original.get(key), dict):
            original[key] = _full_stacktrace(original[key], raw.get(key))
    if isinstance(original.get("mechanism"), dict):
        original["mechanism"] = _full(original["mechanism"], MECHANISM_FIELDS)
        _unvalidated_mechanism(original["mechanism"], raw.get("mechanism"), ctx, path)
        meta = original["mechanism"].get("meta")
        raw_mechanism = raw.get("mechanism")
        if (
            meta is None
            and isinstance(raw_mechanism, dict)
            and ("type" not in raw_mechanism or isinstance(raw_mechanism.get("meta"), dict))
        ):
            # observed: a ``meta`` object, even an empty one (which vanishes from a kept
            # value), and the legacy shape's upgrade show all three parts here
            meta = {}
        if isinstance(meta, dict):
            original["mechanism"]["meta"] = {
                key: _full(meta[key], tuple(f[0] for f in fields))
                if isinstance(meta.get(key), dict)
                else None
                for key, _kind, fields in META_SHAPES
            }
    ctx.meta.add_error(
        path,
        "missing_attribute",
        value=original,
        data={"attribute": "type or value"},
        size=held_size(
            original,
            "exception",
            HELD_TYPES,
            ctx.meta,
            path,
            lambda kind, key, item, member: _not_held(kind, key, item, member, ctx),
        ),
    )


def _unvalidated_mechanism(mechanism: dict[str, Any], raw: Any, ctx: Context, path: Path) -> None:
    """What the later checks would have changed is still as sent in a discarded value
    (observed: a non-URL ``help_link`` and an empty ``data`` object show as they were, and
    that ``help_link`` error is not listed; an empty ``help_link`` was refused earlier)."""
    if not isinstance(raw, dict):
        return
    link = raw.get("help_link")
    if isinstance(link, str) and link and mechanism.get("help_link") is None:
        mechanism["help_link"] = link
        ctx.meta.drop((*path, "mechanism", "help_link"))
    if raw.get("data") == {}:
        mechanism["data"] = {}


#: The types of a discarded exception value for its size estimate (``meta.held_size``):
#: ``vars``, ``registers`` and ``mechanism.data`` are free-form (nulls counted).
HELD_TYPES: SizeSchema = {
    "exception": {"stacktrace": "stacktrace", "raw_stacktrace": "stacktrace",
                  "mechanism": "mechanism"},
    "stacktrace": {"frames": ["frame"], "registers": "free"},
    "frame": {"data": "struct", "vars": "free"},
    "mechanism": {"data": "free", "meta": {"*": "struct"}},
    "struct": {},
}  # fmt: skip


def _not_held(kind: Any, key: str, item: Any, path: Path, ctx: Context) -> bool:
    """Members of a discarded exception semaphore had dropped before estimating (observed): a
    frame's empty fields of ``EMPTY_DROPPED``, an empty ``mechanism.data`` and a
    ``mechanism.meta`` of unannotated nulls (both still shown)."""
    if kind == "frame":
        return key in EMPTY_DROPPED and item in ("", [])
    if kind == "mechanism" and key == "meta":
        return isinstance(item, dict) and not any(
            part is not None or ctx.meta.get((*path, name)) for name, part in item.items()
        )
    return kind == "mechanism" and key == "data" and item == {}


def _full(value: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {**{k: None for k in fields}, **value}


def _full_stacktrace(value: dict[str, Any], raw: Any) -> dict[str, Any]:
    out = {"frames": None, "registers": None, "lang": None, **value}
    raw_frames = raw.get("frames") if isinstance(raw, dict) else None
    if isinstance(raw, dict):
        out.update({k: v for k, v in raw.items() if k not in ("frames", "registers", "lang")})
    if isinstance(out.get("frames"), list):
        frames = []
        for index, frame in enumerate(out["frames"]):
            if isinstance(frame, dict):
                full = _full(frame, FRAME_FIELDS)
                if isinstance(full.get("data"), dict):
                    full["data"] = _full(full["data"], tuple(f[0] for f in FRAME_DATA_FIELDS))
                raw_frame = (
                    raw_frames[index]
                    if isinstance(raw_frames, list) and index < len(raw_frames)
                    else None
                )
                if isinstance(raw_frame, dict):
                    full.update({k: v for k, v in raw_frame.items() if k not in FRAME_FIELDS})
                    raw_data = raw_frame.get("data")
                    if isinstance(full.get("data"), dict) and isinstance(raw_data, dict):
                        # observed: unknown data keys are removed later, still here
                        known = {name for name, _ in FRAME_DATA_FIELDS}
                        full["data"].update({k: v for k, v in raw_data.items() if k not in known})
                frames.append(full)
            else:
                frames.append(frame)
        out["frames"] = frames
    return out


def trim_exception(result: Any, ctx: Context, path: Path) -> None:
    """The trimming pass over the normalized interface."""
    if not isinstance(result, dict) or not isinstance(result.get("values"), list):
        return
    for index, value in enumerate(result["values"]):
        if not isinstance(value, dict):
            continue
        vpath = (*path, "values", index)
        for key, limits in EXCEPTION_LIMITS.items():
            if isinstance(value.get(key), str):
                value[key] = trim_limited(value[key], limits, ctx, (*vpath, key))
        trim_stacktrace(value.get("stacktrace"), ctx, (*vpath, "stacktrace"))
        trim_stacktrace(value.get("raw_stacktrace"), ctx, (*vpath, "raw_stacktrace"))
        trim_mechanism(value.get("mechanism"), ctx, (*vpath, "mechanism"))


def normalize_exception(value: Any, ctx: Context, path: Path) -> Any:
    """Normalize the ``exception`` interface at ``path``; return the new value or REMOVE."""
    if value is None:
        return REMOVE
    result, raw_items = normalize_values_container(value, ctx, path, _single)
    if not isinstance(result, dict):
        return result
    values = result.get("values")
    if (
        raw_items is not None
        and len(raw_items) == 1
        and isinstance(values, list)
        and values[0] is not None
    ):
        ctx.moved[MERGE_KEY] = (values[0], (*path, "values", 0))
    mechanisms = []
    os = os_kind(ctx.event)
    for exc in values or ():
        if isinstance(exc, dict) and isinstance(exc.get("mechanism"), dict):
            mechanisms.append((exc["mechanism"], fill_mechanism_names(exc["mechanism"], os)))
    ctx.moved[MECHANISMS_KEY] = mechanisms
    # the trimming pass runs on the values as they are now; the index paths stay the same
    trim_exception(result, ctx, path)
    return compact_values(result, ctx, path)
