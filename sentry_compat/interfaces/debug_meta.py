"""The debug meta model of Sentry 9.1.2 (``src/sentry/interfaces/debug_meta.py``).

Legacy ``to_python``: null images are skipped, each image is normalized by its type
(``apple`` is an alias of ``macho``; ``macho``/``elf``/``pe``/``symbolic`` are native
images, ``proguard`` needs a UUID), and ``sdk_info`` needs ``sdk_name``,
``version_major`` and ``version_minor``. Any unknown or broken image makes the whole
interface absent.

9.1.2 used the ``symbolic`` library for addresses and debug ids; this module
reimplements the two functions it called: ``parse_addr`` (int, ``0x`` hex or decimal
string) and ``normalize_debug_id`` (a UUID, hyphenated or not, with an optional hex age
appendix, printed lower-case as ``uuid[-appendix]`` with a zero appendix omitted).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from sentry_compat.interfaces.base import Interface, InterfaceValidationError, prune_empty_keys

__all__ = ["IMAGE_TYPES", "DebugMeta", "normalize_debug_id", "parse_addr"]

_debug_id_re = re.compile(
    r"^(?:(?P<h>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
    r"(?:-(?P<ha>[0-9a-fA-F]{1,8}))?"
    r"|(?P<s>[0-9a-fA-F]{32})(?P<sa>[0-9a-fA-F]{1,8})?)$"
)


def parse_addr(x: Any) -> int:
    """An address from None (0), an int, a ``0x`` hex string or a decimal string."""
    if x is None:
        return 0
    if isinstance(x, int):
        return x
    if isinstance(x, str):
        if x[:2] == "0x":
            return int(x[2:], 16)
        return int(x)
    raise ValueError("Unsupported address format %r" % (x,))


def normalize_debug_id(debug_id: Any) -> str | None:
    """Canonical lower-case debug id; None for None (as ``symbolic.normalize_debug_id``);
    ``ValueError`` when it does not parse."""
    if debug_id is None:
        return None
    if not isinstance(debug_id, str):
        raise ValueError("invalid debug id %r" % (debug_id,))
    m = _debug_id_re.match(debug_id)
    if m is None:
        raise ValueError("invalid debug id %r" % (debug_id,))
    hexpart = (m.group("h") or m.group("s")).replace("-", "")
    appendix = m.group("ha") or m.group("sa")
    rv = str(uuid.UUID(hexpart))
    if appendix and int(appendix, 16):
        rv += "-%x" % int(appendix, 16)
    return rv


def _addr(x: Any) -> str | None:
    if x is None:
        return None
    return "0x%x" % parse_addr(x)


def process_native_image(image: dict[str, Any]) -> dict[str, Any]:
    # src/sentry/interfaces/debug_meta.py: process_native_image
    try:
        native_image = {
            "code_file": image.get("code_file") or image.get("name"),
            "debug_id": normalize_debug_id(
                image.get("debug_id") or image.get("id") or image.get("uuid")
            ),
            "image_addr": _addr(image.get("image_addr")),
            "image_size": _addr(image.get("image_size")),
            "image_vmaddr": _addr(image.get("image_vmaddr")),
        }
        if image.get("arch") is not None:
            native_image["arch"] = image.get("arch")
        if image.get("code_id") is not None:
            native_image["code_id"] = image.get("code_id")
        if image.get("debug_file") is not None:
            native_image["debug_file"] = image.get("debug_file")
        return native_image
    except KeyError as e:
        raise InterfaceValidationError("Missing value for symbolic image: %s" % e.args[0]) from e


def process_proguard_image(image: dict[str, Any]) -> dict[str, Any]:
    # src/sentry/interfaces/debug_meta.py: process_proguard_image
    try:
        if image["uuid"] is None:
            raise KeyError("uuid")
        return {"uuid": str(uuid.UUID(image["uuid"]))}
    except KeyError as e:
        raise InterfaceValidationError("Missing value for proguard image: %s" % e.args[0]) from e


#: image type -> normalizer
IMAGE_TYPES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "apple": process_native_image,
    "macho": process_native_image,
    "elf": process_native_image,
    "pe": process_native_image,
    "symbolic": process_native_image,
    "proguard": process_proguard_image,
}


class DebugMeta(Interface):
    ephemeral = False
    path = "debug_meta"
    external_type = "debugmeta"

    @classmethod
    def to_python(cls, data: Any) -> DebugMeta:
        # src/sentry/interfaces/debug_meta.py: DebugMeta.to_python (legacy path)
        is_debug_build = data.get("is_debug_build", None)
        if is_debug_build is not None and not isinstance(is_debug_build, bool):
            raise InterfaceValidationError('Invalid value for "is_debug_build"')
        images = [cls.normalize_image(x) for x in data.get("images", None) or () if x is not None]
        return cls(
            images=images,
            sdk_info=cls.normalize_sdk_info(data.get("sdk_info")),
            is_debug_build=is_debug_build,
        )

    def to_json(self) -> dict[str, Any] | None:
        return prune_empty_keys(
            {
                "images": self.images or None,
                "sdk_info": self.sdk_info or None,
                "is_debug_build": self.is_debug_build,
            }
        )

    @staticmethod
    def normalize_image(image: Any) -> dict[str, Any]:
        ty = image.get("type")
        if not ty:
            raise InterfaceValidationError("Image type not provided")
        if ty == "apple":
            ty = "macho"
        func = IMAGE_TYPES.get(ty)
        if func is None:
            raise InterfaceValidationError("Unknown image type %r" % (image,))
        rv = func(image)
        assert "uuid" in rv or "debug_id" in rv, (
            "debug image normalizer did not produce an identifier"
        )
        rv["type"] = ty
        return rv

    @staticmethod
    def normalize_sdk_info(sdk_info: Any) -> dict[str, Any] | None:
        if not sdk_info:
            return None
        try:
            return {
                "dsym_type": sdk_info.get("dsym_type") or "none",
                "sdk_name": sdk_info["sdk_name"],
                "version_major": sdk_info["version_major"],
                "version_minor": sdk_info["version_minor"],
                "version_patchlevel": sdk_info.get("version_patchlevel") or 0,
                "build": sdk_info.get("build"),
            }
        except KeyError as e:
            raise InterfaceValidationError("Missing value for sdk_info: %s" % e.args[0]) from e
