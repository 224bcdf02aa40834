"""The logentry (message) interface as 9.1.2 (semaphore 0.4.65) stored it.

Observed on 9.1.2 + semaphore 0.4.65 (never read from its source); the legacy Python rules of
``src/sentry/interfaces/message.py`` (spec §2.16) apply only at read time:

* a ``logentry`` (or top-level ``message``, canonicalized to ``logentry``) that is not an
  object becomes ``{"formatted": <text>}``: strings as they are, numbers, booleans and arrays
  as semaphore renders them (``42``, ``true``, ``[1,2]``);
* ``message`` and ``formatted`` must be strings, ``params`` an array or object (else
  ``invalid_data`` and null); other keys vanish silently;
* no ``message`` and no ``formatted``: the whole logentry is null with ``no message
  present`` (its value, with the nulls, in ``val``); an all-null logentry vanishes;
* **formatting** (only when ``formatted`` is missing and ``params`` is an array or object,
  even empty): semaphore's own formatter (:func:`format_message`): printf-style when the
  template has a ``%``, else ``{}``/``{0}``/``{name}``;
* **collapse**: a missing ``formatted`` takes ``message`` (and ``message`` goes); a
  ``formatted`` equal to ``message`` drops ``message``;
* the whole logentry vanishes when nothing but empty strings is left;
* trimming (after formatting): ``formatted`` and ``message`` to 8192 characters when longer
  than 8392 (8189 + ``...``), ``params`` as a 2048-byte databag (containers 4 levels deep
  become JSON text).
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from ._common import trim_chars
from ._databag import trim_bag
from ._rust import display as rust_display
from ._rust import json_text, json_value
from .context import REMOVE, Context
from .meta import Path, held_size

__all__ = ["MESSAGE_LIMIT", "format_message", "normalize_logentry"]

#: (limit, allowance): trimmed to ``limit`` only when longer than ``limit + allowance``.
MESSAGE_LIMIT = (8192, 200)

_EXPECTED_STRING = "expected a string"
_EXPECTED_PARAMS = "expected message parameters"
_NO_MESSAGE = "no message present"

# One conversion (observed): %[(name)][#0-+]*[width][<any char but a newline><precision>]
# [hlL]*type.  The precision separator is any character (``% 5s``, ``%x5s`` and ``%.2f`` all
# match); a space is not a flag (``% d`` stays literal text); anything that does not match
# (``%z``, ``%1$s``, ``%.s``) stays literal text.
_SPEC = re.compile(
    r"%(?:\((?P<name>\w+)\))?[#0+\-]*(?:\*|\d+)?(?:[^\n](?:\*|\d+))?[hlL]*(?P<type>[diouxXeEfFgGcrs%])"
)


class _FormatError(Exception):
    pass


def _convert(value: Any, kind: str, alternate: bool) -> str:
    if value is None:
        raise _FormatError("null parameter")
    if kind in "xXo":
        if isinstance(value, bool) or not isinstance(value, int):
            raise _FormatError("not an integer")
        number = json_value(value) & 0xFFFFFFFFFFFFFFFF
        text = format(number, "x" if kind == "x" else "X" if kind == "X" else "o")
        if alternate:
            text = ("0o" if kind == "o" else "0x") + text
        return text
    if kind in "eE":
        if not isinstance(value, float):
            raise _FormatError("not a float")
        return _rust_exp(value, upper=kind == "E")
    if kind == "r":  # JSON text: quoted strings, floats as serde_json writes them (0.0)
        return json_text(value)
    return rust_display(value)


def _rust_exp(value: float, upper: bool) -> str:
    """Rust's ``{:e}``: the shortest digits, ``1.5e0``, ``1e20``, ``1.2e-4``."""
    if value == 0 or not math.isfinite(value):
        return ("0E0" if upper else "0e0") if value == 0 else rust_display(value)
    sign, digits, exp = Decimal(repr(value)).normalize().as_tuple()
    text = "".join(map(str, digits))
    mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
    exponent = int(exp) + len(text) - 1
    return f"{'-' if sign else ''}{mantissa}{'E' if upper else 'e'}{exponent}"


def format_message(template: str, params: list[Any] | dict[str, Any]) -> str | None:
    """``template`` formatted with ``params`` as semaphore did, or None when it failed
    (a missing, null or mistyped argument, named conversions with an array or positional ones
    with an object).  A template with a ``%`` is printf-style (:data:`_SPEC`), any other
    brace-style (:data:`_BRACE`).  Observed on 9.1.2 + semaphore 0.4.65."""
    if "%" not in template:
        return _format_braces(template, params)
    out: list[str] = []
    pos = 0
    index = 0
    try:
        for match in _SPEC.finditer(template):
            out.append(template[pos : match.start()])
            pos = match.end()
            kind = match.group("type")
            if kind == "%":
                out.append("%")
                continue
            name = match.group("name")
            if name is not None:
                if not isinstance(params, dict) or name not in params:
                    raise _FormatError("named argument")
                value = params[name]
            else:
                if not isinstance(params, list) or index >= len(params):
                    raise _FormatError("positional argument")
                value = params[index]
                index += 1
            out.append(_convert(value, kind, "#" in match.group(0)))
    except _FormatError:
        return None
    out.append(template[pos:])
    return "".join(out)


# ``{}`` (the next argument), ``{0}`` (digits: an index), ``{name}`` (a key); anything else,
# ``{{`` included, is literal text (observed)
_BRACE = re.compile(r"\{(\w*)\}")


def _format_braces(template: str, params: list[Any] | dict[str, Any]) -> str | None:
    out: list[str] = []
    pos = 0
    auto = 0
    for match in _BRACE.finditer(template):
        out.append(template[pos : match.start()])
        pos = match.end()
        key = match.group(1)
        if key == "" or (key.isascii() and key.isdigit()):
            if not isinstance(params, list):
                return None
            index = int(key) if key else auto
            if not key:
                auto += 1
            if index >= len(params) or params[index] is None:
                return None
            value = params[index]
        else:
            if not isinstance(params, dict) or params.get(key) is None:
                return None
            value = params[key]
        out.append(rust_display(value))
    out.append(template[pos:])
    return "".join(out)


def _text(value: Any) -> str:
    """A non-object logentry as text (observed: JSON rendering of arrays and scalars)."""
    return value if isinstance(value, str) else json_text(value)


def normalize_logentry(value: Any, ctx: Context, path: Path) -> Any:
    """Normalize the ``logentry`` interface at ``path``; return the new value or REMOVE."""
    if value is None or value is False:
        return REMOVE  # ``false`` counts as empty (observed)
    if not isinstance(value, dict):
        value = {"formatted": _text(value)}

    message = value.get("message")
    formatted = value.get("formatted")
    params = value.get("params")
    message_ok = message is None or isinstance(message, str)
    formatted_ok = formatted is None or isinstance(formatted, str)
    params_ok = params is None or isinstance(params, (list, dict))

    if all(v is None or v == "" or v == [] or v == {} for v in value.values()):
        return REMOVE  # nothing but empty values: dropped silently (observed)

    out: dict[str, Any] = {}
    new_message = message if message_ok else None
    new_formatted = formatted if formatted_ok else None
    new_params = params if params_ok else None

    if new_message is None and new_formatted is None:
        # the children's errors travel with the discarded value (Meta moves them)
        if not message_ok:
            ctx.error((*path, "message"), "invalid_data", message, reason=_EXPECTED_STRING)
        if not formatted_ok:
            ctx.error((*path, "formatted"), "invalid_data", formatted, reason=_EXPECTED_STRING)
        if not params_ok:
            ctx.error((*path, "params"), "invalid_data", params, reason=_EXPECTED_PARAMS)
        original = {k: v for k, v in value.items() if k not in ("message", "formatted", "params")}
        original.update(message=None, params=new_params, formatted=None)
        ctx.meta.add_error(
            path,
            "invalid_data",
            value=original,
            data={"reason": _NO_MESSAGE},
            size=held_size(original, "logentry", {}, ctx.meta, path),
        )
        return None

    if not message_ok:
        ctx.error((*path, "message"), "invalid_data", message, reason=_EXPECTED_STRING)
        out["message"] = None
    # a mistyped ``formatted`` is replaced by ``message`` below, its error with it (observed)
    if not params_ok:
        ctx.error((*path, "params"), "invalid_data", params, reason=_EXPECTED_PARAMS)
        out["params"] = None

    if new_formatted is None and new_message is not None and new_params is not None:
        new_formatted = format_message(new_message, new_params)
    if new_formatted is None:
        new_formatted, new_message = new_message, None
    elif new_formatted == new_message:
        new_message = None

    if new_message is not None:
        out["message"] = new_message
    if new_params is not None:
        out["params"] = new_params
    out["formatted"] = new_formatted

    if all(v is None or v == "" or v == [] or v == {} for v in out.values()) and not ctx.meta.get(
        path
    ):
        if not any(ctx.meta.get((*path, k)) for k in out):
            return REMOVE

    # the trimming pass
    limit, allowance = MESSAGE_LIMIT
    if isinstance(out.get("formatted"), str):
        out["formatted"] = trim_chars(out["formatted"], limit, ctx, (*path, "formatted"), allowance)
    if isinstance(out.get("message"), str):
        out["message"] = trim_chars(out["message"], limit, ctx, (*path, "message"), allowance)
    if isinstance(out.get("params"), (list, dict)):
        out["params"] = trim_bag(out["params"], ctx, (*path, "params"), "logentry.params")
    return out
