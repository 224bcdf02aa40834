"""The breadcrumbs interface as 9.1.2 (semaphore 0.4.65) stored it.

Observed on 9.1.2 + semaphore 0.4.65 (never read from its source); spec §2.12 gives the legacy
Python rules, which apply only at read time (where crumbs without a parsable timestamp vanish):

* a list becomes ``{"values": list}``; an object with ``values`` keeps only ``values`` (an
  array, else ``expected an array``), one without is a single crumb; anything else is
  ``expected a list or values object``;
* no count limit; a crumb that is not an object is null with ``expected breadcrumb``;
  null crumbs are left out of the stored list (their ``_meta`` indices stay the sent ones);
* fields in this order: ``timestamp`` (a number, or an RFC 3339 string with or without
  offset, fraction rounded to microseconds; stored as float seconds; invalid ones are null with
  the parser's reason; a missing one stays missing), ``type`` (string, default ``default``,
  128 characters), ``category`` (string, 128), ``level`` (the event's level names and numbers,
  ``critical`` -> ``fatal``, ``log`` -> ``info``; default and fallback ``info``), ``message``
  (string, 8192 characters when longer than 8392), ``data`` (an object: a 2048-byte databag,
  containers 4 levels deep become JSON text), ``event_id`` (a UUID, stored as 32 hex digits);
  other keys vanish silently.
"""

from __future__ import annotations

from typing import Any

from ._common import trim_chars
from ._databag import trim_bag
from ._timestamp import read_timestamp
from .context import REMOVE, Context
from .event import _event_id, _level
from .meta import Path

__all__ = ["FIELD_ORDER", "normalize_breadcrumbs"]

#: Crumb fields in semaphore's order (the order of ``errors``).
FIELD_ORDER: tuple[str, ...] = (
    "timestamp",
    "type",
    "category",
    "level",
    "message",
    "data",
    "event_id",
)

#: (limit, allowance) of the string fields.
LIMITS: dict[str, tuple[int, int]] = {
    "type": (128, 0),
    "category": (128, 0),
    "message": (8192, 200),
}


def _invalid(ctx: Context, path: Path, value: Any, reason: str | None) -> None:
    if reason is None:
        ctx.error(path, "invalid_data", value)
    else:
        ctx.error(path, "invalid_data", value, reason=reason)


def _timestamp(value: Any, ctx: Context, path: Path) -> Any:
    # the event's timestamp rules (event._timestamp), without its clock checks
    ts, reason, original = read_timestamp(value)
    if ts is None:
        _invalid(ctx, path, original, reason)
    return ts


def _string(value: Any, ctx: Context, path: Path) -> Any:
    if isinstance(value, str):
        return value
    _invalid(ctx, path, value, "expected a string")
    return None


def _crumb(value: dict[str, Any], ctx: Context, path: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in FIELD_ORDER:
        raw = value.get(key)
        if raw is None:
            continue
        field = (*path, key)
        if key == "timestamp":
            new = _timestamp(raw, ctx, field)
        elif key == "level":
            new = _level(raw, ctx, field)
        elif key == "data":
            if isinstance(raw, dict):
                new = raw
            else:
                _invalid(ctx, field, raw, "expected an object")
                new = None
        elif key == "event_id":
            new = _event_id(raw, ctx, field)
        else:
            new = _string(raw, ctx, field)
        if new is None and ctx.meta.get(field) is None:
            continue
        if new == {} and key == "data":
            continue
        out[key] = new
    if not out.get("type"):
        out["type"] = "default"  # also for an empty string (observed)
    if out.get("level") is None:
        out["level"] = "info"
    # the trimming pass
    for key, (limit, allowance) in LIMITS.items():
        if isinstance(out.get(key), str):
            out[key] = trim_chars(out[key], limit, ctx, (*path, key), allowance)
    if isinstance(out.get("data"), dict):
        out["data"] = trim_bag(out["data"], ctx, (*path, "data"), "breadcrumbs.data")
    return out


def normalize_breadcrumbs(value: Any, ctx: Context, path: Path) -> Any:
    """Normalize the ``breadcrumbs`` interface at ``path``; return the new value or REMOVE."""
    if value is None:
        return REMOVE
    if isinstance(value, list):
        crumbs: Any = value
    elif isinstance(value, dict) and "values" not in value:
        crumbs = [value] if value else []  # a single crumb (observed)
    elif isinstance(value, dict):
        crumbs = value.get("values")
        if crumbs is None:
            return REMOVE
        if not isinstance(crumbs, list):
            ctx.error((*path, "values"), "invalid_data", crumbs, reason="expected an array")
            return {"values": None}
    else:
        ctx.error(path, "invalid_data", value, reason="expected a list or values object")
        return None
    if not crumbs:
        return REMOVE
    values: list[Any] = []
    for index, crumb in enumerate(crumbs):
        item_path = (*path, "values", index)
        if crumb is None:
            continue  # left out of the stored list (observed)
        if not isinstance(crumb, dict):
            ctx.error(item_path, "invalid_data", crumb, reason="expected breadcrumb")
            values.append(None)
            continue
        values.append(_crumb(crumb, ctx, item_path))
    return {"values": values} if values else {}
