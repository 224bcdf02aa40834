"""The sdk interface as 9.1.2 (semaphore 0.4.65) stored it (and the sdk built from the client).

Observed on 9.1.2 + semaphore 0.4.65 (never read from its source); spec §2.18:

* not an object: ``expected clientsdkinfo``; then, like a missing sdk, it is built from the
  auth client string (``raven-python/6.10.0`` -> name ``raven-python``, version ``6.10.0``;
  split at the first ``/``, else the first space, else none: ``event.parse_client_as_sdk``);
* ``name`` and ``version`` are required strings (missing: ``missing_attribute`` and null;
  wrong type: ``expected a string``), cut to 256 characters when longer than 276;
* ``integrations``: an array of strings (a non-string is null with ``expected a string``;
  nulls and empty strings are left out); ``packages``: an array of ``{name, version}``
  objects (strings; other keys vanish; nulls and empty objects are left out; a non-object is
  null with ``expected clientsdkpackage``);
* ``client_ip`` must be an IP address (``expected an ip address``); other keys vanish.
"""

from __future__ import annotations

from typing import Any

from ._common import trim_chars
from .context import REMOVE, Context
from .meta import Path
from .user import is_ip

__all__ = ["FIELD_ORDER", "normalize_sdk"]

#: Fields in semaphore's order (the order of ``errors``).
FIELD_ORDER: tuple[str, ...] = ("name", "version", "integrations", "packages", "client_ip")

#: (limit, allowance) of ``name`` and ``version``.
LIMIT = (256, 20)


def _string(value: Any, ctx: Context, path: Path) -> Any:
    if isinstance(value, str):
        return value
    ctx.error(path, "invalid_data", value, reason="expected a string")
    return None


def _integrations(value: list[Any], ctx: Context, path: Path) -> list[Any]:
    out = []
    for index, item in enumerate(value):
        if item is None or item == "":
            continue
        out.append(_string(item, ctx, (*path, index)))
    return out


def _packages(value: list[Any], ctx: Context, path: Path) -> list[Any]:
    out: list[Any] = []
    for index, item in enumerate(value):
        if item is None:
            continue
        if not isinstance(item, dict):
            ctx.error((*path, index), "invalid_data", item, reason="expected clientsdkpackage")
            out.append(None)
            continue
        package: dict[str, Any] = {}
        for key in ("name", "version"):
            if item.get(key) is not None:
                package[key] = _string(item[key], ctx, (*path, index, key))
        if package:
            out.append(package)
    return out


def normalize_sdk(value: Any, ctx: Context, path: Path) -> Any:
    """Normalize the ``sdk`` interface at ``path``; return the new value or REMOVE."""
    if value is None:
        return REMOVE
    if not isinstance(value, dict):
        ctx.error(path, "invalid_data", value, reason="expected clientsdkinfo")
        return None  # the event step builds one from the client string
    out: dict[str, Any] = {}
    for key in ("name", "version"):
        raw = value.get(key)
        if raw is None:
            ctx.error((*path, key), "missing_attribute")
            out[key] = None
        else:
            new = _string(raw, ctx, (*path, key))
            out[key] = (
                trim_chars(new, LIMIT[0], ctx, (*path, key), LIMIT[1])
                if isinstance(new, str)
                else new
            )
    for key in ("integrations", "packages"):
        raw = value.get(key)
        if raw is None:
            continue
        if not isinstance(raw, list):
            ctx.error((*path, key), "invalid_data", raw, reason="expected an array")
            out[key] = None
            continue
        items = (
            _integrations(raw, ctx, (*path, key))
            if key == "integrations"
            else _packages(raw, ctx, (*path, key))
        )
        if items:
            out[key] = items
    raw_ip = value.get("client_ip")
    if raw_ip is not None:
        if is_ip(raw_ip):
            out["client_ip"] = raw_ip
        else:
            ctx.error((*path, "client_ip"), "invalid_data", raw_ip, reason="expected an ip address")
            out["client_ip"] = None
    return out
