"""The contexts model of Sentry 9.1.2 (``src/sentry/interfaces/contexts.py``).

Each context is built by the class registered for its ``type`` (default: its alias).
``os`` and ``runtime`` contexts first derive ``name``/``version`` from
``raw_description`` (``src/sentry/utils/contexts_normalization.py``; this writes into
the input dict), then the data is ``trim``-med (512 characters in all) and None or
``''`` values are dropped. ``iter_tags`` yields the indexed fields (``os``,
``os.name``, ``browser``, ``device.family``, ...), booleans rendered ``yes``/``no``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from typing import Any, ClassVar

from sentry_compat import _py2
from sentry_compat.interfaces.base import Interface, prune_empty_keys
from sentry_compat.trimming import trim

__all__ = ["CONTEXT_TYPES", "ContextType", "Contexts", "normalize_os", "normalize_runtime"]

# src/sentry/utils/contexts_normalization.py (py2 str patterns: ASCII \d)
_windows_re = re.compile(r"^(Microsoft )?Windows (NT )?(?P<version>\d+\.\d+\.\d+).*$", re.ASCII)
_unreal_macos_re = re.compile(
    r"^Mac OS X (?P<version>\d+\.\d+\.\d+)( \((?P<build>[a-fA-F0-9]+)\))?$", re.ASCII
)
_uname_re = re.compile(r"^(?P<name>[a-zA-Z]+) (?P<version>\d+\.\d+\.\d+(\.[1-9]+)?).*$", re.ASCII)
_runtime_re = re.compile(r"^(?P<name>.*) (?P<version>\d+\.\d+(\.\d+){0,2}).*$", re.ASCII)

# .NET Framework release keys (registry) -> version
_DOTNET_VERSION_MAP = {
    "378389": "4.5",
    "378675": "4.5.1",
    "378758": "4.5.1",
    "379893": "4.5.2",
    "393295": "4.6",
    "393297": "4.6",
    "394254": "4.6.1",
    "394271": "4.6.1",
    "394802": "4.6.2",
    "394806": "4.6.2",
    "460798": "4.7",
    "460805": "4.7",
    "461308": "4.7.1",
    "461310": "4.7.1",
    "461808": "4.7.2",
    "461814": "4.7.2",
}


def normalize_os(data: dict[str, Any]) -> None:
    """Fill ``name``/``version`` (or ``kernel_version``) of an os context from ``raw_description``."""
    # src/sentry/utils/contexts_normalization.py: normalize_os
    raw_description = data.get("raw_description")
    if raw_description is not None and data.get("name") is None and data.get("version") is None:
        r = _windows_re.search(raw_description)
        if r:
            data["name"] = "Windows"
            data["version"] = r.group("version")
            return
        r = _unreal_macos_re.search(raw_description)
        if r:
            data["name"] = "macOS"
            data["version"] = r.group("version")
            data["build"] = r.group("build")
            return
        r = _uname_re.search(raw_description)
        if r:
            data["name"] = r.group("name")
            data["kernel_version"] = r.group("version")


def normalize_runtime(data: dict[str, Any]) -> None:
    """Fill ``name``/``version`` of a runtime context; map .NET Framework release keys."""
    # src/sentry/utils/contexts_normalization.py: normalize_runtime
    raw_description = data.get("raw_description")
    if raw_description is not None and data.get("name") is None and data.get("version") is None:
        r = _runtime_re.search(raw_description)
        if r:
            data["name"] = r.group("name")
            data["version"] = r.group("version")
    if (data.get("name") or "").startswith(".NET Framework"):
        build = data.get("build")
        if build is not None:
            version = _DOTNET_VERSION_MAP.get(build, None)
            if version is not None:
                data["version"] = version


class _IndexFormatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if not format_spec and isinstance(value, bool):
            return "yes" if value else "no"
        if not format_spec:
            return _py2.py2_str(value)
        return format(value, format_spec)


def format_index_expr(format_string: str, data: dict[str, Any]) -> str:
    return _IndexFormatter().vformat(format_string, (), data).strip()


class ContextType:
    indexed_fields: ClassVar[dict[str, str] | None] = None
    type: ClassVar[str | None] = None

    def __init__(self, alias: str, data: dict[str, Any]) -> None:
        self.alias = alias
        ctx_data = {}
        for key, value in _py2.ordered_items(trim(data)):
            if value is not None and value != "":
                ctx_data[_py2.py2_str(key)] = value
        self.data = ctx_data

    def to_json(self) -> dict[str, Any] | None:
        rv = dict(self.data)
        rv["type"] = self.type
        return prune_empty_keys(rv)

    def iter_tags(self) -> Iterator[tuple[str, str]]:
        # src/sentry/interfaces/contexts.py: ContextType.iter_tags (fields in py2 order)
        if self.indexed_fields:
            for field, f_string in _py2.ordered_items(self.indexed_fields):
                try:
                    value = format_index_expr(f_string, self.data)
                except KeyError:
                    continue
                if value:
                    if not field:
                        yield (self.alias, value)
                    else:
                        yield ("%s.%s" % (self.alias, field), value)


class DefaultContextType(ContextType):
    type = "default"


class AppContextType(ContextType):
    type = "app"
    indexed_fields: ClassVar[dict[str, str] | None] = {"device": "{device_app_hash}"}


class DeviceContextType(ContextType):
    type = "device"
    indexed_fields: ClassVar[dict[str, str] | None] = {"": "{model}", "family": "{family}"}


class RuntimeContextType(ContextType):
    type = "runtime"
    indexed_fields: ClassVar[dict[str, str] | None] = {"": "{name} {version}", "name": "{name}"}

    def __init__(self, alias: str, data: dict[str, Any]) -> None:
        normalize_runtime(data)
        super().__init__(alias, data)


class BrowserContextType(ContextType):
    type = "browser"
    indexed_fields: ClassVar[dict[str, str] | None] = {"": "{name} {version}", "name": "{name}"}


class OsContextType(ContextType):
    type = "os"
    indexed_fields: ClassVar[dict[str, str] | None] = {
        "": "{name} {version}",
        "name": "{name}",
        "rooted": "{rooted}",
    }

    def __init__(self, alias: str, data: dict[str, Any]) -> None:
        normalize_os(data)
        super().__init__(alias, data)


class GpuContextType(ContextType):
    type = "gpu"
    indexed_fields: ClassVar[dict[str, str] | None] = {"name": "{name}", "vendor": "{vendor_name}"}


class MonitorContextType(ContextType):
    type = "monitor"
    indexed_fields: ClassVar[dict[str, str] | None] = {"id": "{id}"}


#: context type -> class (``src/sentry/interfaces/contexts.py: context_types``)
CONTEXT_TYPES: dict[str, type[ContextType]] = {
    str(cls.type): cls
    for cls in (
        DefaultContextType,
        AppContextType,
        DeviceContextType,
        RuntimeContextType,
        BrowserContextType,
        OsContextType,
        GpuContextType,
        MonitorContextType,
    )
}


class Contexts(Interface):
    display_score = 1100
    score = 800

    @classmethod
    def to_python(cls, data: Any) -> Contexts:
        # src/sentry/interfaces/contexts.py: Contexts.to_python
        rv = {}
        for alias, value in _py2.ordered_items(data):
            if value is not None:
                rv[alias] = cls.normalize_context(alias, value)
        return cls(**rv)

    @classmethod
    def normalize_context(cls, alias: str, data: Any) -> ContextType:
        ctx_type = data.get("type", alias)
        ctx_cls = CONTEXT_TYPES.get(ctx_type, DefaultContextType)
        return ctx_cls(alias, data)

    def iter_contexts(self) -> Iterator[ContextType]:
        return iter(self._data.values())

    def to_json(self) -> dict[str, Any]:
        return {alias: inst.to_json() for alias, inst in self._data.items()}

    def iter_tags(self) -> Iterator[tuple[str, str]]:
        for inst in self.iter_contexts():
            yield from inst.iter_tags()
