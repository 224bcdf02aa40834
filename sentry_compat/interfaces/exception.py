"""Exception, single exception and mechanism models of Sentry 9.1.2.

Ports ``src/sentry/interfaces/exception.py`` (legacy ``to_python`` path):

* ``Exception.to_python`` wraps a bare exception object into ``{"values": [...]}``;
  null entries stay in ``values`` but ``exceptions()`` (and ``len()``) skip them, so an
  exception with no non-null value is falsy and therefore absent from the event.
* ``SingleException.to_python`` refuses a value with neither ``type`` nor ``value``,
  splits ``"Type: value"`` when no type is given (``\\w`` is ASCII, as py2 ``str``
  patterns were), JSON-encodes non-string values and trims.
* ``Mechanism.to_python`` upgrades the legacy Cocoa shape (``upgrade_legacy_mechanism``,
  which pops keys from its input) and cleans it against the mechanism schema.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from sentry_compat import _py2
from sentry_compat.interfaces.base import Interface, InterfaceValidationError, prune_empty_keys
from sentry_compat.interfaces.schemas import validate_and_default_interface
from sentry_compat.interfaces.stacktrace import MAX_STACKTRACE_FRAMES, Stacktrace, slim_frame_data
from sentry_compat.trimming import trim

__all__ = [
    "Exception",
    "Mechanism",
    "SingleException",
    "slim_exception_data",
    "upgrade_legacy_mechanism",
]

_type_value_re = re.compile(r"^(\w+):(.*)$", re.ASCII)


def _get_frames_filtered(container: Any, key: str) -> list[Any]:
    # get_path(data, key, 'frames', filter=True)
    value = container.get(key) if isinstance(container, dict) else None
    frames = value.get("frames") if isinstance(value, dict) else None
    if isinstance(frames, (list, tuple)):
        return [f for f in frames if f is not None]
    return []


def upgrade_legacy_mechanism(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """Convert an old sentry-cocoa mechanism (no ``type``) to the current shape.

    ``posix_signal`` and ``mach_exception`` are popped from ``data`` (in place) into
    ``meta``; everything else moves under ``data``; the type becomes ``generic``.
    """
    # src/sentry/interfaces/exception.py: upgrade_legacy_mechanism
    if data is None or data.get("type") is not None:
        return data
    result: dict[str, Any] = {"type": "generic"}
    posix_signal = data.pop("posix_signal", None)
    if posix_signal and posix_signal.get("signal"):
        result.setdefault("meta", {})["signal"] = prune_empty_keys(
            {
                "number": posix_signal.get("signal"),
                "code": posix_signal.get("code"),
                "name": posix_signal.get("name"),
                "code_name": posix_signal.get("code_name"),
            }
        )
    mach_exception = data.pop("mach_exception", None)
    if mach_exception:
        result.setdefault("meta", {})["mach_exception"] = prune_empty_keys(
            {
                "exception": mach_exception.get("exception"),
                "code": mach_exception.get("code"),
                "subcode": mach_exception.get("subcode"),
                "name": mach_exception.get("exception_name"),
            }
        )
    result.setdefault("data", {}).update(data)
    return result


class Mechanism(Interface):
    @classmethod
    def to_python(cls, data: Any) -> Mechanism:
        # src/sentry/interfaces/exception.py: Mechanism.to_python (legacy path)
        data = upgrade_legacy_mechanism(data)
        if not validate_and_default_interface(data, cls.path):
            raise InterfaceValidationError("Invalid mechanism")
        assert data is not None
        if not data.get("type"):
            raise InterfaceValidationError("No 'type' present")

        mechanism_meta = data.get("meta") or {}
        mach_exception = mechanism_meta.get("mach_exception")
        if mach_exception is not None:
            mach_exception = prune_empty_keys(
                {
                    "exception": mach_exception["exception"],
                    "code": mach_exception["code"],
                    "subcode": mach_exception["subcode"],
                    "name": mach_exception.get("name"),
                }
            )
        signal = mechanism_meta.get("signal")
        if signal is not None:
            signal = prune_empty_keys(
                {
                    "number": signal["number"],
                    "code": signal.get("code"),
                    "name": signal.get("name"),
                    "code_name": signal.get("code_name"),
                }
            )
        errno = mechanism_meta.get("errno")
        if errno is not None:
            errno = prune_empty_keys({"number": errno["number"], "name": errno.get("name")})

        return cls(
            type=trim(data["type"], 128),
            synthetic=data.get("synthetic"),
            description=trim(data.get("description"), 1024),
            help_link=trim(data.get("help_link"), 1024),
            handled=data.get("handled"),
            data=trim(data.get("data"), 4096),
            meta={"errno": errno, "mach_exception": mach_exception, "signal": signal},
        )

    def to_json(self) -> dict[str, Any] | None:
        return prune_empty_keys(
            {
                "type": self.type,
                "synthetic": self.synthetic,
                "description": self.description,
                "help_link": self.help_link,
                "handled": self.handled,
                "data": self.data or None,
                "meta": prune_empty_keys(self.meta) or None,
            }
        )

    def iter_tags(self) -> Iterator[tuple[str, str]]:
        """``("mechanism", type)`` and, when ``handled`` is set, ``("handled", "yes"|"no")``."""
        yield (self.path, self.type)
        if self.handled is not None:
            yield ("handled", "yes" if self.handled else "no")


class SingleException(Interface):
    grouping_variants = ("system", "app")

    @classmethod
    def to_python(cls, data: Any, slim_frames: bool = True) -> SingleException:
        # src/sentry/interfaces/exception.py: SingleException.to_python (legacy path;
        # the path "singleexception" has no schema, so validation always passes)
        if not (data.get("type") or data.get("value")):
            raise InterfaceValidationError("No 'type' or 'value' present")

        stacktrace = None
        if _get_frames_filtered(data, "stacktrace"):
            stacktrace = Stacktrace.to_python(data["stacktrace"], slim_frames=slim_frames)
        raw_stacktrace = None
        if _get_frames_filtered(data, "raw_stacktrace"):
            raw_stacktrace = Stacktrace.to_python(
                data["raw_stacktrace"], slim_frames=slim_frames, raw=True
            )

        type_ = data.get("type")
        value = data.get("value")
        if isinstance(value, str):
            if type_ is None:
                m = _type_value_re.match(value)
                if m:
                    type_ = m.group(1)
                    value = m.group(2).strip()
        elif value is not None:
            value = _py2.json_dumps(value)
        value = trim(value, 4096)

        mechanism = Mechanism.to_python(data["mechanism"]) if data.get("mechanism") else None

        return cls(
            type=trim(type_, 128),
            value=value,
            module=trim(data.get("module"), 128),
            mechanism=mechanism,
            stacktrace=stacktrace,
            thread_id=trim(data.get("thread_id"), 40),
            raw_stacktrace=raw_stacktrace,
        )

    def to_json(self) -> dict[str, Any] | None:
        mechanism = (
            (isinstance(self.mechanism, Mechanism) and self.mechanism.to_json())
            or self.mechanism
            or None
        )
        return prune_empty_keys(
            {
                "type": self.type,
                "value": self.value,
                "mechanism": mechanism,
                "module": self.module,
                "stacktrace": self.stacktrace.to_json() if self.stacktrace else None,
                "thread_id": self.thread_id,
                "raw_stacktrace": self.raw_stacktrace.to_json() if self.raw_stacktrace else None,
            }
        )

    def get_api_context(self, is_public: bool = False) -> dict[str, Any]:
        # src/sentry/interfaces/exception.py: SingleException.get_api_context
        mechanism = (
            (
                isinstance(self.mechanism, Mechanism)
                and self.mechanism.get_api_context(is_public=is_public)
            )
            or self.mechanism
            or None
        )
        return {
            "type": self.type,
            "value": _py2.py2_str(self.value) if self.value else None,
            "mechanism": mechanism,
            "threadId": self.thread_id,
            "module": self.module,
            "stacktrace": (
                self.stacktrace.get_api_context(is_public=is_public) if self.stacktrace else None
            ),
            "rawStacktrace": (
                self.raw_stacktrace.get_api_context(is_public=is_public)
                if self.raw_stacktrace
                else None
            ),
        }

    def get_api_meta(self, meta: Any, is_public: bool = False) -> dict[str, Any]:
        mechanism_meta = (
            self.mechanism.get_api_meta(meta["mechanism"], is_public=is_public)
            if isinstance(self.mechanism, Mechanism) and meta.get("mechanism")
            else None
        )
        stacktrace_meta = (
            self.stacktrace.get_api_meta(meta, is_public=is_public)
            if self.stacktrace and meta.get("stacktrace")
            else None
        )
        return {
            "": meta.get(""),
            "type": meta.get("type"),
            "value": meta.get("value"),
            "mechanism": mechanism_meta,
            "threadId": meta.get("thread_id"),
            "module": meta.get("module"),
            "stacktrace": stacktrace_meta,
        }


class Exception(Interface):  # 9.1.2 name; shadows the builtin in this module
    score = 2000
    grouping_variants = ("system", "app")

    def exceptions(self) -> list[SingleException]:
        """The non-null values, in order (oldest first)."""
        return [v for v in self.values if v is not None]

    def __getitem__(self, key: int) -> SingleException:
        return self.exceptions()[key]

    def __iter__(self) -> Iterator[SingleException]:
        return iter(self.exceptions())

    def __len__(self) -> int:
        return len(self.exceptions())

    @classmethod
    def to_python(cls, data: Any) -> Exception:
        # src/sentry/interfaces/exception.py: Exception.to_python (legacy path)
        if data and "values" not in data and "exc_omitted" not in data:
            data = {"values": [data]}
        values = data.get("values") if isinstance(data, dict) else None
        if values is None:
            values = []
        if not isinstance(values, list):
            raise InterfaceValidationError("Invalid value for 'values'")
        kwargs: dict[str, Any] = {
            "values": [v and SingleException.to_python(v, slim_frames=False) for v in values],
        }
        if data.get("exc_omitted"):
            if len(data["exc_omitted"]) != 2:
                raise InterfaceValidationError("Invalid value for 'exc_omitted'")
            kwargs["exc_omitted"] = data["exc_omitted"]
        else:
            kwargs["exc_omitted"] = None
        instance = cls(**kwargs)
        slim_exception_data(instance)
        return instance

    def to_json(self) -> dict[str, Any] | None:
        return prune_empty_keys(
            {
                "values": [v and v.to_json() for v in self.values] or None,
                "exc_omitted": self.exc_omitted,
            }
        )

    def get_api_context(self, is_public: bool = False) -> dict[str, Any]:
        return {
            "values": [v.get_api_context(is_public=is_public) for v in self.values if v],
            "hasSystemFrames": any(
                v.stacktrace.get_has_system_frames() for v in self.values if v and v.stacktrace
            ),
            "excOmitted": self.exc_omitted,
        }

    def get_api_meta(self, meta: Any, is_public: bool = False) -> Any:
        if not meta:
            return meta
        result = {}
        values = meta.get("values", meta)
        for index, value in values.items():
            exc = self.values[int(index)]
            if exc is not None:
                result[index] = exc.get_api_meta(value, is_public=is_public)
        return {"values": result}

    def iter_tags(self) -> Iterator[tuple[str, str]]:
        """The mechanism tags of the first exception value."""
        if not self.values or not self.values[0]:
            return
        mechanism = self.values[0].mechanism
        if mechanism:
            yield from mechanism.iter_tags()


def slim_exception_data(instance: Exception, frame_allowance: int = MAX_STACKTRACE_FRAMES) -> None:
    # src/sentry/interfaces/exception.py: slim_exception_data
    frames: list[Any] = []
    for exception in instance.values:
        if exception is None or not exception.stacktrace:
            continue
        frames.extend(exception.stacktrace.frames)
    slim_frame_data(frames, frame_allowance)
