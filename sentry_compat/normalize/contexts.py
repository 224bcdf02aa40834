"""The contexts interface as 9.1.2 (semaphore 0.4.65) stored it.

Observed on 9.1.2 + semaphore 0.4.65 (never read from its source); spec §2.11.1 gives the
legacy Python rules, which apply only at read time (the 512-character trim there):

* ``contexts`` must be an object (``expected an object``); a context that is not an object is
  null with ``expected an object`` (a null context stays null);
* the kind of a context is its ``type`` when that is a string, else its key; known kinds
  (:data:`KNOWN_FIELDS`) have typed fields (in this order; wrong types are null with an
  error), everything else is kept as sent; a missing ``type`` is set to the key (a ``type``
  that is present, even null or a number, stays);
* ``os``/``runtime``: with ``raw_description`` and neither ``name`` nor ``version`` (for a
  runtime, an empty string counts as missing), the
  regular expressions of 9.1.2's ``src/sentry/utils/contexts_normalization.py`` fill
  ``name``/``version``/``build``/``kernel_version``; ``.NET Framework`` runtimes map a
  registry ``build`` to the version (9.1.2's table plus :data:`DOTNET_RELEASES`);
* trace ids (32 hex digits) and span ids (16) are lower-cased;
* each context is a databag of 8192 bytes (containers 6 levels deep become JSON text): the
  typed fields first in their order (a missing one costs 1), then the other keys sorted; a
  known kind's extra keys that do not fit vanish without ``len``, a custom context's get
  ``len``.
"""

from __future__ import annotations

import math
import re
from typing import Any

from ..interfaces import contexts as legacy
from ._common import coerce_primitive_string, trim_chars
from ._databag import BAGS, Bag
from .context import REMOVE, Context
from .meta import Path

__all__ = [
    "DOTNET_RELEASES",
    "KNOWN_FIELDS",
    "coerce_field",
    "normalize_contexts",
    "normalize_os",
    "normalize_runtime",
]

# field kinds
STR, LENIENT, BOOL, FLOAT, U64, I64, TRACE_ID, SPAN_ID, STATUS = (
    "str",
    "lenient",
    "bool",
    "float",
    "u64",
    "i64",
    "trace",
    "span",
    "status",
)
OP = "op"  # a string of at most 128 characters

#: Span statuses semaphore accepted (``success`` is ``ok``; integers are gRPC codes).
SPAN_STATUSES: tuple[str, ...] = (
    "ok",
    "cancelled",
    "unknown_error",
    "invalid_argument",
    "deadline_exceeded",
    "not_found",
    "already_exists",
    "permission_denied",
    "resource_exhausted",
    "failed_precondition",
    "aborted",
    "out_of_range",
    "unimplemented",
    "internal_error",
    "unavailable",
    "data_loss",
    "unauthenticated",
)

#: The typed fields of each known context kind, in semaphore's order (observed).
KNOWN_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "os": (
        ("name", STR),
        ("version", STR),
        ("build", LENIENT),
        ("kernel_version", STR),
        ("rooted", BOOL),
        ("raw_description", STR),
    ),
    "runtime": (("name", STR), ("version", STR), ("build", LENIENT), ("raw_description", STR)),
    "browser": (("name", STR), ("version", STR)),
    "device": (
        ("name", STR),
        ("family", STR),
        ("model", STR),
        ("model_id", STR),
        ("arch", STR),
        ("battery_level", FLOAT),
        ("orientation", STR),
        ("manufacturer", STR),
        ("brand", STR),
        ("screen_resolution", STR),
        ("screen_density", FLOAT),
        ("screen_dpi", U64),
        ("online", BOOL),
        ("charging", BOOL),
        ("low_memory", BOOL),
        ("simulator", BOOL),
        ("memory_size", U64),
        ("free_memory", U64),
        ("usable_memory", U64),
        ("storage_size", U64),
        ("free_storage", U64),
        ("external_storage_size", U64),
        ("external_free_storage", U64),
        ("boot_time", STR),
        ("timezone", STR),
    ),
    "app": (
        ("app_start_time", STR),
        ("device_app_hash", STR),
        ("build_type", STR),
        ("app_identifier", STR),
        ("app_name", STR),
        ("app_version", STR),
        ("app_build", LENIENT),
    ),
    "gpu": (),
    "monitor": (),
    "trace": (
        ("trace_id", TRACE_ID),
        ("span_id", SPAN_ID),
        ("parent_span_id", SPAN_ID),
        ("op", OP),
        ("status", STATUS),
    ),
}

_REASONS = {
    STR: "expected a string",
    OP: "expected a string",
    BOOL: "expected a boolean",
    FLOAT: "expected a floating point number",
    U64: "expected an unsigned integer",
    I64: "expected a signed integer",
    TRACE_ID: "expected trace id",
    SPAN_ID: "expected span id",
}

#: .NET Framework release keys (``build``) -> version: 9.1.2's ``normalize_runtime`` table
#: plus 4.8 (observed on semaphore 0.4.65).
DOTNET_RELEASES: dict[str, str] = {"528040": "4.8", "528049": "4.8"}

_HEX = re.compile(r"^[0-9a-fA-F]+$")


def normalize_os(data: dict[str, Any]) -> None:
    """src/sentry/utils/contexts_normalization.py: normalize_os (9.1.2), in place."""
    if not isinstance(data.get("raw_description"), str):
        return
    had_build = "build" in data
    legacy.normalize_os(data)
    if data.get("build") is None and not had_build:
        data.pop("build", None)


def normalize_runtime(data: dict[str, Any]) -> None:
    """src/sentry/utils/contexts_normalization.py: normalize_runtime (9.1.2) with the .NET 4.8
    release keys, in place.  Unlike ``os``, an empty ``name``/``version`` counts as missing here
    (observed: ``{"name": "", "version": ""}`` is filled, an os context is not)."""
    blank = {key: data.pop(key) for key in ("name", "version") if data.get(key) == ""}
    _normalize_runtime(data)
    for key, value in blank.items():
        data.setdefault(key, value)


def _normalize_runtime(data: dict[str, Any]) -> None:
    if not isinstance(data.get("raw_description"), str):
        raw = data.pop("raw_description", _ABSENT)
        legacy.normalize_runtime(data)
        if raw is not _ABSENT:
            data["raw_description"] = raw
    else:
        legacy.normalize_runtime(data)
    name = data.get("name")
    if isinstance(name, str) and name.startswith(".NET Framework"):
        version = DOTNET_RELEASES.get(data.get("build") or "")
        if version is not None:
            data["version"] = version


_ABSENT: Any = object()


def coerce_field(value: Any, kind: str, ctx: Context, path: Path) -> Any:
    """``value`` as a typed field of ``kind`` (null with the observed error when it is not)."""
    if kind == LENIENT:
        return coerce_primitive_string(value, ctx, path)
    if kind == STATUS:
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and 0 <= value < len(SPAN_STATUSES)
        ):
            return SPAN_STATUSES[value]
        if isinstance(value, str) and (value in SPAN_STATUSES or value == "success"):
            return "ok" if value == "success" else value
        reason = (
            "expected a trace status"
            if isinstance(value, (str, int)) and not isinstance(value, bool)
            else "expected a string"
        )
        ctx.error(path, "invalid_data", value, reason=reason)
        return None
    ok: Any = None
    if kind in (STR, OP):
        ok = value if isinstance(value, str) else None
        if ok is not None and kind == OP:
            ok = trim_chars(ok, 128, ctx, path)
    elif kind == BOOL:
        ok = value if isinstance(value, bool) else None
    elif kind == FLOAT:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            ok = float(value)
    elif kind in (U64, I64):
        low, high = (0, 2**64) if kind == U64 else (-(2**63), 2**63)
        if isinstance(value, int) and not isinstance(value, bool) and low <= value < high:
            ok = value
        elif isinstance(value, float) and math.isfinite(value) and low <= value < high:
            ok = int(value)
    elif isinstance(value, str):  # trace and span ids
        length = 32 if kind == TRACE_ID else 16
        if len(value) == length and _HEX.match(value):
            return value.lower()
        ctx.error(
            path,
            "invalid_data",
            value,
            reason=f"not a valid {'trace' if kind == TRACE_ID else 'span'} id",
        )
        return None
    if ok is None:
        ctx.error(path, "invalid_data", value, reason=_REASONS[kind])
    return ok


def _context(key: str, value: dict[str, Any], ctx: Context, path: Path) -> dict[str, Any]:
    declared = value.get("type")
    kind = declared if isinstance(declared, str) else (key if "type" not in value else None)
    fields = KNOWN_FIELDS.get(kind) if kind is not None else None
    out: dict[str, Any] = {}
    if fields is None:
        out = dict(value)
        if "type" not in out:
            out["type"] = key
        return _trim(out, (), ctx, path)
    for name, field_kind in fields:
        raw = value.get(name)
        if raw is None:
            continue
        new = coerce_field(raw, field_kind, ctx, (*path, name))
        if new is None and ctx.meta.get((*path, name)) is None:
            continue
        out[name] = new
    typed_names = {name for name, _ in fields}
    other = {k: v for k, v in value.items() if k not in typed_names and k != "type"}
    before = dict(out)
    if kind == "os":
        normalize_os(out)
    elif kind == "runtime":
        normalize_runtime(out)
    for name in out:
        if out[name] is not before.get(name):  # a derived value replaces an invalid one
            ctx.meta.drop((*path, name))
    out = _trim({**out, **other}, [name for name, _ in fields], ctx, path)
    if fields:
        # a known kind's null extras vanish after paying for themselves (gpu, monitor and
        # custom contexts keep them; observed)
        out = {k: v for k, v in out.items() if v is not None or k in typed_names or k not in other}
    out["type"] = declared if isinstance(declared, str) else key
    return out


def _trim(data: dict[str, Any], typed: Any, ctx: Context, path: Path) -> dict[str, Any]:
    """One context as a databag: typed fields first (a missing one costs 1), then the rest
    sorted; the rest of a known kind vanishes without ``len`` once the budget is used up."""
    max_size, max_depth = BAGS["contexts"]
    bag = Bag(ctx, max_size, max_depth)
    out: dict[str, Any] = {}
    for name in typed:
        if bag.remaining <= 0:
            # typed fields past the budget vanish too (no ``len``), except the nulls of an
            # invalid value: they stay with their error (observed)
            if name in data and data[name] is None:
                out[name] = None
            continue
        if name in data:
            out[name] = bag.visit(data[name], (*path, name), 1)
        else:
            bag.pay(None)
    rest = {k: v for k, v in data.items() if k not in typed}
    if typed:
        for name in sorted(rest):
            if bag.remaining <= 0:
                break
            out[name] = bag.visit(rest[name], (*path, name), 1)
        return out
    out.update(bag.visit_items(rest, path, 0))
    return out


def normalize_contexts(value: Any, ctx: Context, path: Path) -> Any:
    """Normalize the ``contexts`` interface at ``path``; return the new value or REMOVE."""
    if value is None:
        return REMOVE
    if not isinstance(value, dict):
        ctx.error(path, "invalid_data", value, reason="expected an object")
        return None
    out: dict[str, Any] = {}
    for key in sorted(value):
        item = value[key]
        if item is None:
            out[key] = None
        elif not isinstance(item, dict):
            ctx.error((*path, key), "invalid_data", item, reason="expected an object")
            out[key] = None
        else:
            out[key] = _context(key, item, ctx, (*path, key))
    return out
