"""The debug_meta interface as 9.1.2 (semaphore 0.4.65) stored it.

Observed on 9.1.2 + semaphore 0.4.65 (``tests/normalize/observations/debug_meta.jsonl``):

* An object (else ``expected debugmeta``) with ``sdk_info`` and ``images``; anything else
  (``is_debug_build`` too) is dropped silently, and a ``debug_meta`` left empty is dropped.
* ``sdk_info``: ``sdk_name`` and the unsigned ``version_major``/``version_minor``/
  ``version_patchlevel`` (no field required; ``dsym_type`` and ``build`` are dropped); not an
  object: ``expected systemsdkinfo``.
* ``images``: an array; ``null`` images stay, a non-object is ``expected an object``, an
  unknown or missing ``type`` is ``unsupported debug image type`` (the image in ``val``).
  ``macho``/``elf``/``pe``/``symbolic`` (native images) keep ``code_id`` (lower-cased hex
  digits only), ``code_file`` (or ``name``), ``debug_id`` (or ``id``; a UUID with an optional
  hex appendix, written ``xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx[-appendix]``), ``debug_file``,
  ``arch``, ``image_addr``, ``image_size`` (unsigned), ``image_vmaddr``; ``code_file``,
  ``debug_id``, ``image_addr`` and ``image_size`` are required.  ``apple`` images (``name``,
  ``uuid``, ``arch``, ``image_addr``, ``image_size``, ``image_vmaddr``) are stored as
  ``macho``.  ``proguard`` images need a ``uuid``.
* The signal/errno names of exception mechanisms follow ``sdk_info.sdk_name`` (see
  :mod:`.mechanism`).
"""

from __future__ import annotations

import re
from typing import Any

from .context import REMOVE, Context
from .exception import MECHANISMS_KEY
from .mechanism import fill_mechanism_names, os_kind, sdk_decides
from .meta import Path
from .stacktrace import as_address, as_string, as_u64, invalid

__all__ = ["IMAGE_FIELDS", "normalize_debug_id", "normalize_debug_meta", "parse_uuid"]

#: Native image fields in semaphore's declaration order (the order of their errors), with
#: their kind and whether they are required.
IMAGE_FIELDS: tuple[tuple[str, str, bool], ...] = (
    ("code_id", "code_id", False),
    ("code_file", "string", True),
    ("debug_id", "debug_id", True),
    ("debug_file", "string", False),
    ("arch", "string", False),
    ("image_addr", "address", True),
    ("image_size", "u64", True),
    ("image_vmaddr", "address", False),
)

#: Where a native image's field may come from, first found wins.
IMAGE_ALIASES = {"code_file": ("code_file", "name"), "debug_id": ("debug_id", "id")}
#: ``apple`` images: their keys for the native fields.
APPLE_ALIASES = {"code_file": ("name",), "debug_id": ("uuid",)}

NATIVE_TYPES = ("macho", "elf", "pe", "symbolic")
SDK_INFO_FIELDS = ("sdk_name", "version_major", "version_minor", "version_patchlevel")

_DEBUG_ID = re.compile(
    r"([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})"
    r"(?:-?([0-9a-f]{1,8})[0-9a-f]*)?-?",
    re.IGNORECASE,
)


def normalize_debug_id(text: str) -> str | None:
    """``text`` as semaphore wrote a debug id, or ``None`` when it is not one."""
    match = _DEBUG_ID.fullmatch(text)
    if match is None:
        return None
    uuid = "-".join(match.group(i) for i in range(1, 6)).lower()
    appendix = int(match.group(6), 16) if match.group(6) else 0
    return "%s-%x" % (uuid, appendix) if appendix else uuid


def _code_id(value: Any, ctx: Context, path: Path) -> Any:
    if value is None:
        return None
    if not isinstance(value, str):
        invalid(ctx, path, value, "expected a code identifier")
        return None
    return "".join(ch for ch in value.lower() if ch in "0123456789abcdef")


def _debug_id(value: Any, ctx: Context, path: Path) -> Any:
    if value is None:
        return None
    if not isinstance(value, str):
        invalid(ctx, path, value, "expected a debug identifier")
        return None
    parsed = normalize_debug_id(value)
    if parsed is None:
        invalid(ctx, path, value, "invalid debug identifier")
    return parsed


_GROUP_LENS = (8, 4, 4, 4, 12)
_ACC_GROUP_LENS = (8, 12, 16, 20, 32)
_URN = "urn:uuid:"


def parse_uuid(text: str) -> tuple[str | None, str]:
    """A UUID as the ``uuid`` crate (0.7) parsed it: ``(hyphenated lower-case, "")`` or
    ``(None, its error message)`` (messages observed on 9.1.2 + semaphore 0.4.65)."""
    raw = text.encode("utf-8", "surrogatepass")
    if len(raw) == 45 and text.startswith(_URN):
        raw = raw[len(_URN) :]
    elif len(raw) not in (32, 36):
        return None, "invalid length: expected one of [36, 32], found %d" % len(raw)
    digit = group = 0
    digits = []
    for index, byte in enumerate(raw):
        if digit >= 32 and group != 4:
            if group == 0:
                return None, "invalid length: expected one of [36, 32], found %d" % len(raw)
            return None, "invalid group count: expected one of [1, 5], found %d" % (group + 1)
        char = chr(byte)
        if char in "0123456789abcdefABCDEF":
            digits.append(char.lower())
        elif char == "-":
            base = _ACC_GROUP_LENS[group - 1] if group > 0 else 0
            if digit % 2 or _ACC_GROUP_LENS[group] != digit:
                return None, "invalid group length: expected %d, found %d in group %d" % (
                    _GROUP_LENS[group],
                    digit - base,
                    group,
                )
            group += 1
            digit -= 1
        else:
            found = raw[index:].decode("utf-8", "replace")[:1]
            return None, (
                "invalid character: expected an optional prefix of `urn:uuid:` followed by "
                "0123456789abcdefABCDEF-, found %s at %d" % (found, index)
            )
        digit += 1
    if digit != _ACC_GROUP_LENS[4]:
        return None, "invalid group length: expected %d, found %d in group %d" % (
            _GROUP_LENS[4],
            digit - _ACC_GROUP_LENS[3],
            group,
        )
    hexed = "".join(digits)
    return "-".join((hexed[:8], hexed[8:12], hexed[12:16], hexed[16:20], hexed[20:])), ""


def _uuid(value: Any, ctx: Context, path: Path) -> Any:
    if value is None:
        return None
    if not isinstance(value, str):
        invalid(ctx, path, value, "expected a uuid")
        return None
    parsed, error = parse_uuid(value)
    if parsed is None:
        invalid(ctx, path, value, error)
    return parsed


_COERCE = {
    "string": as_string,
    "u64": as_u64,
    "address": as_address,
    "code_id": _code_id,
    "debug_id": _debug_id,
    "uuid": _uuid,
}


def _image(value: Any, ctx: Context, path: Path) -> Any:
    if value is None:
        return None
    if not isinstance(value, dict):
        invalid(ctx, path, value, "expected an object")
        return None
    kind = value.get("type")
    if kind == "proguard":
        out: dict[str, Any] = {"type": "proguard"}
        if value.get("uuid") is None:
            ctx.error((*path, "uuid"), "missing_attribute")
            out["uuid"] = None
        else:
            out["uuid"] = _uuid(value["uuid"], ctx, (*path, "uuid"))
        return out
    if kind not in (*NATIVE_TYPES, "apple"):
        invalid(ctx, path, value, "unsupported debug image type")
        return None
    aliases = APPLE_ALIASES if kind == "apple" else IMAGE_ALIASES
    out = {}
    for field, coerce, required in IMAGE_FIELDS:
        if kind == "apple" and field in ("code_id", "debug_file"):
            continue  # apple images have neither (observed: dropped)
        raw = None
        for key in aliases.get(field, (field,)):
            if value.get(key) is not None:
                raw = value[key]
                break
        fpath = (*path, field)
        if raw is None:
            if required:
                ctx.error(fpath, "missing_attribute")
                out[field] = None
            continue
        if kind == "apple" and field == "debug_id":
            coerce = "uuid"  # an apple image's ``uuid`` is a plain UUID (observed)
        new = _COERCE[coerce](raw, ctx, fpath)
        if new is not None or ctx.meta.get(fpath):
            out[field] = new
    out["type"] = "macho" if kind == "apple" else kind
    return out


def _sdk_info(value: Any, ctx: Context, path: Path) -> Any:
    if value is None:
        return None
    if not isinstance(value, dict):
        invalid(ctx, path, value, "expected systemsdkinfo")
        return None
    out: dict[str, Any] = {}
    for key in SDK_INFO_FIELDS:
        coerce = as_string if key == "sdk_name" else as_u64
        new = coerce(value.get(key), ctx, (*path, key))
        if new is not None or ctx.meta.get((*path, key)):
            out[key] = new
    return out or None


def normalize_debug_meta(value: Any, ctx: Context, path: Path) -> Any:
    """Normalize the ``debug_meta`` interface at ``path``; return the new value or REMOVE."""
    if value is None:
        return REMOVE
    if not isinstance(value, dict):
        invalid(ctx, path, value, "expected debugmeta")
        return None
    out: dict[str, Any] = {}
    sdk_info = _sdk_info(value.get("sdk_info"), ctx, (*path, "sdk_info"))
    if sdk_info is not None or ctx.meta.get((*path, "sdk_info")):
        out["sdk_info"] = sdk_info
    images = value.get("images")
    ipath = (*path, "images")
    if images is not None:
        if not isinstance(images, list):
            invalid(ctx, ipath, images, "expected an array")
            out["images"] = None
        elif images:
            out["images"] = [_image(image, ctx, (*ipath, i)) for i, image in enumerate(images)]
    # the mechanism names follow the SDK's OS when it names one, none when it names another
    # (observed; ``mechanism.sdk_decides``)
    if sdk_decides(sdk_info):
        os = os_kind({}, sdk_info)
        for mechanism, given in ctx.moved.get(MECHANISMS_KEY, ()):
            fill_mechanism_names(mechanism, os, given)
    if not out:
        return REMOVE
    return out
