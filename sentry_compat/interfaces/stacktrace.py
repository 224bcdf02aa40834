"""Stacktrace and frame models of Sentry 9.1.2 (``src/sentry/interfaces/stacktrace.py``).

Legacy (non-Rust) ``to_python`` path. ``Frame.to_python`` cleans its input in place
against the frame schema (None values, unknown keys, wrongly typed keys and invalid
platforms are deleted; a non-boolean ``in_app`` becomes ``false``) and ``trim_dict``
trims ``vars`` in place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import chain, islice
from typing import Any

from sentry_compat import _py2
from sentry_compat.interfaces.base import Interface, InterfaceValidationError, prune_empty_keys
from sentry_compat.interfaces.schemas import validate_and_default_interface
from sentry_compat.trimming import trim, trim_dict

__all__ = [
    "MAX_STACKTRACE_FRAMES",
    "STACKTRACE_FRAMES_HARD_LIMIT",
    "Frame",
    "Stacktrace",
    "get_context",
    "is_url",
    "pad_hex_addr",
    "slim_frame_data",
    "to_hex_addr",
    "trim_function_name",
    "trim_package",
]

# src/sentry/conf/server.py
MAX_STACKTRACE_FRAMES = 50
STACKTRACE_FRAMES_HARD_LIMIT = 250

_native_function_trim_re = re.compile(r"^(.[^(]*)\(", re.ASCII)


def max_addr(cur: int | None, addr: str | None) -> int | None:
    if addr is None:
        return cur
    length = len(addr) - 2
    if cur is None or length > cur:
        return length
    return cur


def pad_hex_addr(addr: str | None, length: int | None) -> str | None:
    if length is None or addr is None:
        return addr
    return "0x" + addr[2:].rjust(length, "0")


def trim_package(pkg: str | None) -> str:
    if not pkg:
        return "?"
    pkg = pkg.split("/")[-1]
    if pkg.endswith((".dylib", ".so", ".a")):
        pkg = pkg.rsplit(".", 1)[0]
    return pkg


def trim_function_name(func: str, platform: str | None) -> str:
    # src/sentry/interfaces/stacktrace.py: trim_function_name
    if platform in ("objc", "cocoa", "native"):
        if func.startswith(("[", "+[", "-[")):
            return func
        match = _native_function_trim_re.match(func.strip())
        if match is not None:
            return match.group(1).strip()
    return func


def _py2_int(value: Any, base: int = 10) -> int:
    # py2 int() refuses the digit separators py3 accepts
    if isinstance(value, str) and "_" in value:
        raise ValueError("invalid literal for int(): %r" % value)
    if isinstance(value, str):
        return int(value, base)
    return int(value)


def to_hex_addr(addr: Any) -> str | None:
    """``0x``-prefixed lower-case hex of an int, hex string or decimal string."""
    # src/sentry/interfaces/stacktrace.py: to_hex_addr
    if addr is None:
        return None
    if isinstance(addr, int):
        rv = "0x%x" % addr
    elif isinstance(addr, str):
        if addr[:2] == "0x":
            addr = _py2_int(addr[2:], 16)
        rv = "0x%x" % _py2_int(addr)
    else:
        raise ValueError("Unsupported address format %r" % (addr,))
    if len(rv) > 24:
        raise ValueError("Address too long %r" % (rv,))
    return rv


def get_context(
    lineno: Any,
    context_line: str | None,
    pre_context: Sequence[str] | None = None,
    post_context: Sequence[str] | None = None,
) -> list[tuple[int, str | None]]:
    """``[(lineno, line), ...]`` around ``lineno`` as the API shows source context."""
    # src/sentry/interfaces/stacktrace.py: get_context
    if lineno is None:
        return []
    if context_line is None and not (pre_context or post_context):
        return []
    lineno = int(lineno)
    context: list[tuple[int, str | None]] = []
    if pre_context:
        at_lineno = lineno - len(pre_context)
        for line in pre_context:
            context.append((at_lineno, line))
            at_lineno += 1
    else:
        at_lineno = lineno
    context.append((at_lineno, context_line))
    at_lineno += 1
    if post_context:
        for line in post_context:
            context.append((at_lineno, line))
            at_lineno += 1
    return context


def is_url(filename: str) -> bool:
    return filename.startswith(("file:", "http:", "https:", "applewebdata:"))


def slim_frame_data(
    frames: Sequence[Frame | None], frame_allowance: int = MAX_STACKTRACE_FRAMES
) -> None:
    """Clear ``vars``/``pre_context``/``post_context`` of middle frames past the allowance."""
    # src/sentry/interfaces/stacktrace.py: slim_frame_data (py2 `/` on ints floors)
    frames_len = 0
    app_frames: list[Frame] = []
    system_frames: list[Any] = []
    for frame in frames:
        frames_len += 1
        if frame is not None and frame.in_app:
            app_frames.append(frame)
        else:
            system_frames.append(frame)
    if frames_len <= frame_allowance:
        return
    remaining = frames_len - frame_allowance
    app_count = len(app_frames)
    system_allowance = max(frame_allowance - app_count, 0)
    if system_allowance:
        half_max = system_allowance // 2
        for frame in system_frames[half_max:-half_max]:
            _slim(frame)
            remaining -= 1
    else:
        for frame in system_frames:
            _slim(frame)
            remaining -= 1
    if not remaining:
        return
    app_allowance = app_count - remaining
    half_max = app_allowance // 2
    for frame in app_frames[half_max:-half_max]:
        _slim(frame)


def _slim(frame: Frame) -> None:
    frame.vars = None
    frame.pre_context = None
    frame.post_context = None


def _validate_bool(value: Any) -> Any:
    # src/sentry/interfaces/stacktrace.py: validate_bool(required=False)
    if value not in (True, False, None):
        raise AssertionError("in_app must be a bool or None")
    return value


def handle_nan(value: Any) -> Any:
    """Replace inf/-inf/nan floats by ``<inf>``/``<-inf>``/``<nan>``."""
    if isinstance(value, float):
        if value == float("inf"):
            return "<inf>"
        if value == float("-inf"):
            return "<-inf>"
        if value != value:
            return "<nan>"
    return value


def _int_or_none(value: Any) -> int | None:
    if value is None:
        return None
    rv = _py2_int(value)
    return None if rv < 0 else rv


class Frame(Interface):
    """A frame keeps its fields as its instance attributes (``_data`` is the instance dict),
    so reading one is a plain attribute lookup: frames are read field by field in save,
    grouping and the API.  Fields named like a class attribute (never made by
    ``to_python``) make a :class:`_KeyedFrame`, which keeps them apart as other interfaces do."""

    grouping_variants = ("system", "app")

    def __init__(self, **data: Any) -> None:
        if _FRAME_ATTRIBUTES.isdisjoint(data):
            object.__setattr__(self, "__dict__", data)
        else:
            object.__setattr__(self, "__class__", _KeyedFrame)
            self.__dict__["_data"] = data

    @property
    def _data(self) -> dict[str, Any]:  # type: ignore[override]
        return self.__dict__

    @classmethod
    def to_python(cls, data: Any, raw: bool = False) -> Frame:
        # src/sentry/interfaces/stacktrace.py: Frame.to_python (legacy path)
        if not validate_and_default_interface(data, cls.path):
            raise InterfaceValidationError("Invalid stack frame data.")

        abs_path = data.get("abs_path")
        filename = data.get("filename")
        symbol = data.get("symbol")
        function = data.get("function")
        module = data.get("module")
        package = data.get("package")

        if function in ("?", ""):
            function = None
        if symbol in ("?", ""):
            symbol = None

        if not raw:
            if not abs_path:
                abs_path = filename
                filename = None
            if not filename and abs_path:
                if is_url(abs_path):
                    path = _py2.urlparse(abs_path)[2]
                    filename = path if path else abs_path
                else:
                    filename = abs_path

        platform = data.get("platform")

        context_locals = data.get("vars") or {}
        if isinstance(context_locals, (list, tuple)):
            context_locals = dict(enumerate(context_locals))
        elif not isinstance(context_locals, dict):
            context_locals = {}
        context_locals = trim_dict(context_locals, object_hook=handle_nan)

        extra_data = data.get("data") or {}
        if isinstance(extra_data, (list, tuple)):
            extra_data = dict(enumerate(extra_data))

        context_line = trim(data.get("context_line"), 256)
        pre_context = data.get("pre_context", None)
        if isinstance(pre_context, list) and pre_context:
            pre_context = [c or "" for c in pre_context]
        else:
            pre_context = None
        post_context = data.get("post_context", None)
        if isinstance(post_context, list) and post_context:
            post_context = [c or "" for c in post_context]
        else:
            post_context = None
        if not context_line and (pre_context or post_context):
            context_line = ""

        in_app = _validate_bool(data.get("in_app"))

        kwargs = {
            "abs_path": trim(abs_path, 2048),
            "filename": trim(filename, 256),
            "platform": platform,
            "module": trim(module, 256),
            "function": trim(function, 256),
            "package": package,
            "image_addr": to_hex_addr(data.get("image_addr")),
            "symbol": trim(symbol, 256),
            "symbol_addr": to_hex_addr(data.get("symbol_addr")),
            "instruction_addr": to_hex_addr(data.get("instruction_addr")),
            "trust": trim(data.get("trust"), 16),
            "in_app": in_app,
            "context_line": context_line,
            "pre_context": pre_context,
            "post_context": post_context,
            "vars": context_locals or None,
            "data": extra_data or None,
            "errors": data.get("errors"),
            "lineno": _int_or_none(data.get("lineno")),
            "colno": _int_or_none(data.get("colno")),
        }
        return cls(**kwargs)

    def to_json(self) -> dict[str, Any] | None:
        return prune_empty_keys(
            {
                "abs_path": self.abs_path or None,
                "filename": self.filename or None,
                "platform": self.platform or None,
                "module": self.module or None,
                "function": self.function or None,
                "package": self.package or None,
                "image_addr": self.image_addr,
                "symbol": self.symbol,
                "symbol_addr": self.symbol_addr,
                "instruction_addr": self.instruction_addr,
                "trust": self.trust,
                "in_app": self.in_app,
                "context_line": self.context_line,
                "pre_context": self.pre_context or None,
                "post_context": self.post_context or None,
                "vars": self.vars or None,
                "data": self.data or None,
                "errors": self.errors or None,
                "lineno": self.lineno,
                "colno": self.colno,
            }
        )

    def get_api_context(
        self, is_public: bool = False, pad_addr: int | None = None
    ) -> dict[str, Any]:
        # src/sentry/interfaces/stacktrace.py: Frame.get_api_context
        data: dict[str, Any] = {
            "filename": self.filename,
            "absPath": self.abs_path,
            "module": self.module,
            "package": self.package,
            "platform": self.platform,
            "instructionAddr": pad_hex_addr(self.instruction_addr, pad_addr),
            "symbolAddr": pad_hex_addr(self.symbol_addr, pad_addr),
            "function": self.function,
            "symbol": self.symbol,
            "context": get_context(
                lineno=self.lineno,
                context_line=self.context_line,
                pre_context=self.pre_context,
                post_context=self.post_context,
            ),
            "lineNo": self.lineno,
            "colNo": self.colno,
            "inApp": self.in_app,
            "trust": self.trust,
            "errors": self.errors,
        }
        if not is_public:
            data["vars"] = self.vars
        if self.data:
            data.update(
                {
                    "map": self.data["sourcemap"].rsplit("/", 1)[-1],
                    "origFunction": self.data.get("orig_function", "?"),
                    "origAbsPath": self.data.get("orig_abs_path", "?"),
                    "origFilename": self.data.get("orig_filename", "?"),
                    "origLineNo": self.data.get("orig_lineno", "?"),
                    "origColNo": self.data.get("orig_colno", "?"),
                }
            )
            if is_url(self.data["sourcemap"]):
                data["mapUrl"] = self.data["sourcemap"]
        return data

    def get_meta_context(self, meta: Any, is_public: bool = False) -> dict[str, Any] | None:
        if not meta:
            return None
        return {
            "filename": meta.get("filename"),
            "absPath": meta.get("abs_path"),
            "module": meta.get("module"),
            "package": meta.get("package"),
            "platform": meta.get("platform"),
            "instructionAddr": meta.get("instruction_addr"),
            "symbolAddr": meta.get("symbol_addr"),
            "function": meta.get("function"),
            "symbol": meta.get("symbol"),
            "context": get_context(
                lineno=meta.get("lineno"),
                context_line=meta.get("context_line"),
                pre_context=meta.get("pre_context"),
                post_context=meta.get("post_context"),
            ),
            "lineNo": meta.get("lineno"),
            "colNo": meta.get("colno"),
            "inApp": meta.get("in_app"),
            "trust": meta.get("trust"),
            "errors": meta.get("errors"),
        }

    def is_url(self) -> bool:
        """``abs_path`` is a URL (``blob:`` included)."""
        if not self.abs_path:
            return False
        if self.abs_path.startswith("blob:"):
            return True
        return is_url(self.abs_path)

    def is_caused_by(self) -> bool:
        return bool(self.filename.startswith("Caused by: "))


class _KeyedFrame(Frame):
    """A frame with a field named like a class attribute: fields in ``_data`` only."""

    path = Frame.path
    external_type = Frame.external_type

    @property
    def _data(self) -> dict[str, Any]:  # type: ignore[override]
        return self.__dict__["_data"]  # type: ignore[no-any-return]


_KeyedFrame.__name__ = _KeyedFrame.__qualname__ = "Frame"  # its repr and title are a Frame's
_FRAME_ATTRIBUTES = frozenset(dir(Frame))


class Stacktrace(Interface):
    score = 1950
    grouping_variants = ("system", "app")

    def __iter__(self) -> Iterator[Frame]:
        return iter(self.frames)

    @classmethod
    def to_python(cls, data: Any, slim_frames: bool = True, raw: bool = False) -> Stacktrace:
        # src/sentry/interfaces/stacktrace.py: Stacktrace.to_python (legacy path)
        if not validate_and_default_interface(data, cls.path):
            raise InterfaceValidationError("Invalid stack frame data.")
        frames = data.get("frames") or []
        frameiter: Any = frames
        if len(frames) > STACKTRACE_FRAMES_HARD_LIMIT:
            frameiter = chain(islice(frames, STACKTRACE_FRAMES_HARD_LIMIT - 1), (frames[-1],))
        frame_list = [Frame.to_python(f or {}, raw=raw) for f in frameiter if f is not None]
        registers = None
        if data.get("registers") and isinstance(data["registers"], dict):
            registers = data.get("registers")
        instance = cls(
            frames=frame_list,
            registers=registers,
            frames_omitted=data.get("frames_omitted") or None,
        )
        if slim_frames:
            slim_frame_data(instance.frames)
        return instance

    def get_has_system_frames(self) -> bool:
        return any(frame.in_app for frame in self.frames)

    def get_longest_address(self) -> int | None:
        rv = None
        for frame in self.frames:
            rv = max_addr(rv, frame.instruction_addr)
            rv = max_addr(rv, frame.symbol_addr)
        return rv

    def get_api_context(self, is_public: bool = False) -> dict[str, Any]:
        longest_addr = self.get_longest_address()
        return {
            "frames": [
                f.get_api_context(is_public=is_public, pad_addr=longest_addr) for f in self.frames
            ],
            "framesOmitted": self.frames_omitted,
            "registers": self.registers,
            "hasSystemFrames": self.get_has_system_frames(),
        }

    def get_api_meta(self, meta: Any, is_public: bool = False) -> Any:
        if not meta:
            return meta
        frame_meta = {}
        for index, value in meta.get("frames", {}).items():
            if index == "":
                continue
            frame = self.frames[int(index)]
            frame_meta[index] = frame.get_api_meta(value, is_public=is_public)
        return {
            "": meta.get(""),
            "frames": frame_meta,
            "framesOmitted": meta.get("frames_omitted"),
            "registers": meta.get("registers"),
        }

    def to_json(self) -> dict[str, Any] | None:
        return prune_empty_keys(
            {
                "frames": [f and f.to_json() for f in self.frames] or None,
                "frames_omitted": self.frames_omitted,
                "registers": self.registers,
            }
        )
