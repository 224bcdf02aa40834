"""The user interface as 9.1.2 (semaphore 0.4.65) stored it.

Observed on 9.1.2 + semaphore 0.4.65 (never read from its source); spec §2.9 gives the legacy
Python rules, which apply only at read time:

* a ``user`` that is not an object: ``expected user``, and the user becomes ``{}`` (then
  filled with the implicit IP where one applies);
* fields in this order: ``id`` (any primitive, as text: ``42`` -> ``"42"``, ``true`` ->
  ``"True"``, ``1.5`` -> ``"1"``), ``email``, ``ip_address``, ``username``, ``name`` (strings),
  ``geo`` (``country_code``, ``city``, ``region``; other keys vanish), ``data`` (an object);
  empty strings vanish; ``id``/``username``/``name`` are cut to 128 characters, ``email`` to
  75, ``geo.city``/``geo.region`` to 1024 when longer than 1124; ``data`` is not trimmed;
* every unknown key moves into ``data`` (over a ``data`` key of the same name), nulls included;
* ``ip_address`` must be an IPv4/IPv6 address as Rust parses it (kept as written;
  ``10.0.0.0/8``, ``fe80::1%eth0`` and ``[::1]`` are errors); ``{{auto}}`` is the client IP;
* the implicit IP: a missing (or invalid) ``ip_address`` takes a valid
  ``request.env.REMOTE_ADDR`` (any platform; the error of an invalid value stays, listed twice
  in ``errors``), else the client IP on ``javascript``/``cocoa``/``objc`` (the error goes).
  :func:`apply_remote_addr` is called by the request handler (``request`` comes after
  ``user``).
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from ._common import coerce_primitive_string, trim_chars
from .context import REMOVE, Context
from .meta import NOTSET, Path

__all__ = ["FIELD_ORDER", "IMPLICIT_IP_PLATFORMS", "apply_remote_addr", "is_ip", "normalize_user"]

#: Fields in semaphore's order (the order of ``errors``); the rest goes to ``data``.
FIELD_ORDER: tuple[str, ...] = ("id", "email", "ip_address", "username", "name", "geo", "data")

#: Platforms whose events get the client IP as ``user.ip_address`` when they have none.
IMPLICIT_IP_PLATFORMS: frozenset[str] = frozenset(("javascript", "cocoa", "objc"))

#: (limit, allowance) per string field (observed).
LIMITS: dict[str, tuple[int, int]] = {
    "id": (128, 0),
    "email": (75, 0),
    "username": (128, 0),
    "name": (128, 0),
    "geo.city": (1024, 100),
    "geo.region": (1024, 100),
}

GEO_FIELDS: tuple[str, ...] = ("country_code", "city", "region")

AUTO_IP = "{{auto}}"

_IPV4_PART = re.compile(r"^[0-9]{1,3}$")

#: ``ctx.moved`` key: set when the client IP was put in ``ip_address`` (to the invalid value
#: it replaced, else None); see :func:`apply_remote_addr`.
_REPLACED = "user.ip_address.replaced"


def is_ip(text: Any) -> bool:
    """Whether ``text`` parses as an IP address the way semaphore's Rust parser did
    (observed: ``001.2.3.4`` passes, ``0001.2.3.4``, ``256.0.0.1``, ``fe80::1%eth0``, networks
    and surrounding spaces do not)."""
    if not isinstance(text, str) or not text:
        return False
    if ":" not in text:
        parts = text.split(".")
        return len(parts) == 4 and all(_IPV4_PART.match(p) and int(p) <= 255 for p in parts)
    if "%" in text or not text.isascii():
        return False
    head, _, tail = text.rpartition(":")
    if "." in tail and not is_ip(tail):
        return False
    try:
        ipaddress.IPv6Address(text if "." not in tail else f"{head}:0:0")
    except ValueError:
        return False
    return True


def _string(value: Any, ctx: Context, path: Path) -> Any:
    if isinstance(value, str) or value is None:
        return value
    ctx.error(path, "invalid_data", value, reason="expected a string")
    return None


def _geo(value: Any, ctx: Context, path: Path) -> Any:
    if not isinstance(value, dict):
        ctx.error(path, "invalid_data", value, reason="expected geo")
        return None
    out: dict[str, Any] = {}
    for key in GEO_FIELDS:
        if key in value and value[key] is not None:
            new = _string(value[key], ctx, (*path, key))
            out[key] = new
    for key in ("city", "region"):
        if isinstance(out.get(key), str):
            limit, allowance = LIMITS[f"geo.{key}"]
            out[key] = trim_chars(out[key], limit, ctx, (*path, key), allowance)
    return out


def _ip(value: Any, ctx: Context, path: Path) -> Any:
    if value == AUTO_IP and ctx.options.client_ip:
        return ctx.options.client_ip
    if is_ip(value):
        return value
    ctx.error(path, "invalid_data", value, reason="expected an ip address")
    return None


def normalize_user(value: Any, ctx: Context, path: Path) -> Any:
    """Normalize the ``user`` interface at ``path``; return the new value or REMOVE."""
    if value is None:
        return REMOVE
    if not isinstance(value, dict):
        ctx.error(path, "invalid_data", value, reason="expected user")
        out: dict[str, Any] = {}
        _implicit_ip(out, ctx, path)
        return out

    out = {}
    for key in FIELD_ORDER:
        raw = value.get(key)
        if raw is None:
            continue
        field = (*path, key)
        if key == "id":
            new = coerce_primitive_string(raw, ctx, field)
        elif key == "ip_address":
            new = _ip(raw, ctx, field)
        elif key == "geo":
            new = _geo(raw, ctx, field)
        elif key == "data":
            if isinstance(raw, dict):
                new = dict(raw)
            else:
                ctx.error(field, "invalid_data", raw, reason="expected an object")
                new = None
        else:
            new = _string(raw, ctx, field)
        if isinstance(new, str) and key in LIMITS:
            limit, allowance = LIMITS[key]
            new = trim_chars(new, limit, ctx, field, allowance)
        if new == "" or (new == {} and not ctx.meta.get(field)):
            continue
        out[key] = new

    other = {k: v for k, v in value.items() if k not in FIELD_ORDER}
    if other:
        data = out.get("data")
        out["data"] = {**(data if isinstance(data, dict) else {}), **other}
        for key in other:  # observed: a client's _meta goes along (user.foo -> user.data.foo)
            if ctx.meta.get((*path, key)) is not None:
                ctx.meta.move((*path, key), (*path, "data", key))

    _implicit_ip(out, ctx, path)
    return out


def _implicit_ip(out: dict[str, Any], ctx: Context, path: Path) -> None:
    """javascript/cocoa/objc: the client IP where there is no (valid) ``ip_address``; an
    error of the invalid value goes with it (observed)."""
    if out.get("ip_address") is not None or not ctx.options.client_ip:
        return
    if ctx.platform not in IMPLICIT_IP_PLATFORMS:
        return
    field = (*path, "ip_address")
    node = ctx.meta.get(field)
    # (the invalid value's error, its original if kept): REMOTE_ADDR may bring the error back
    ctx.moved[_REPLACED] = (
        bool(node and node.get("err")),
        node.get("val", NOTSET) if node else NOTSET,
    )
    if node is not None:
        ctx.meta.drop(field)
    out["ip_address"] = ctx.options.client_ip


def apply_remote_addr(remote_addr: Any, ctx: Context) -> None:
    """A valid ``request.env.REMOTE_ADDR`` becomes ``user.ip_address`` where the user has none
    (any platform; it wins over the client IP of javascript/cocoa/objc events).  Observed on
    9.1.2 + semaphore 0.4.65."""
    if not is_ip(remote_addr):
        return
    user = ctx.event.get("user")
    if user is None:
        ctx.event["user"] = {"ip_address": remote_addr}
        return
    if not isinstance(user, dict):
        return
    path: Path = ("user", "ip_address")
    invalid, original = False, NOTSET
    if _REPLACED in ctx.moved:
        # the client IP stood in for a missing (or invalid) value: REMOTE_ADDR wins
        invalid, original = ctx.moved.pop(_REPLACED)
    elif user.get("ip_address") is not None:
        return
    else:
        node = ctx.meta.get(path)
        if node is not None and node.get("err"):
            invalid, original = True, node.get("val", NOTSET)
            ctx.meta.drop(path)
    if invalid:
        # the error of the invalid value stays, listed twice (observed; its original only
        # when it was small enough to be kept)
        ctx.meta.add_error(
            path,
            "invalid_data",
            value=original,
            data={"reason": "expected an ip address"},
            repeat=2,
        )
    user["ip_address"] = remote_addr
