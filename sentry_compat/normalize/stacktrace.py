"""Stacktraces and frames as 9.1.2 (semaphore 0.4.65) stored them.

Every rule was observed on 9.1.2 + semaphore 0.4.65 (``tests/normalize/observations/
stacktrace.jsonl``; semaphore's source was never read).  The spec's reference rules
(``Frame.to_python``) differ in places; what the oracle stored wins:

* **Stacktrace**: an object (else ``expected rawstacktrace``) with ``frames`` (an array,
  ``missing_attribute`` when absent or null, ``expected a non-empty value`` when ``[]``),
  ``registers`` (an object of addresses) and ``lang``; anything else (``frames_omitted``
  included) is dropped silently.  ``frames`` of 250 or more get ``_meta`` ``len``; over 250,
  the first 249 and the last are kept.  Null frames stay ``null``; a frame that is not an
  object (PHP's ``[]`` too) becomes ``null`` with ``expected frame``.
* **Frame** fields are type-checked (``invalid_data``, the key kept as ``null``) in the order
  :data:`FRAME_FIELDS`; unknown keys are dropped silently.  ``lineno``/``colno`` are unsigned
  (floats truncated, numeric *strings refused*), ``in_app`` strictly boolean, ``vars`` an
  object (an array becomes an object keyed by index) trimmed as a databag, ``data`` the
  known keys of :data:`FRAME_DATA_FIELDS`, addresses as ``0x`` hex.
* ``function``/``symbol`` ``"?"`` and ``function`` ``""`` are dropped; ``module``,
  ``package``, ``raw_function``, ``platform``, ``abs_path``, ``filename`` are dropped when
  empty and so are empty ``pre_context``/``post_context``.  Null context lines become ``""``
  (an invalid one ``""`` with its error); a missing ``context_line`` becomes ``""`` when a
  context list is present.
* **Paths** (not in raw stacktraces): an empty ``abs_path`` takes ``filename``'s raw value
  (with its error), then a missing ``filename`` is derived from ``abs_path``: for
  ``http:``/``https:``/``file:``/``applewebdata:`` URLs the WHATWG-parsed path
  (:mod:`.url`) unless it is empty or ``/``, else ``abs_path`` itself.
* **Slimming** (``max_stacktrace_frames=50``) runs per stacktrace (raw ones too) with the
  algorithm of
  ``src/sentry/interfaces/stacktrace.py: slim_frame_data`` (never across exceptions), before
  trimming; then strings are cut (:data:`FRAME_LIMITS`) and ``vars`` trimmed.
"""

from __future__ import annotations

from typing import Any

from ._common import trim_chars
from ._databag import trim_bag
from .context import REMOVE, Context
from .meta import Path
from .url import url_path

__all__ = [
    "FRAME_FIELDS",
    "FRAME_LIMITS",
    "HARD_FRAME_LIMIT",
    "MAX_FRAMES_WITH_VARS",
    "as_address",
    "as_i64",
    "as_u64",
    "invalid",
    "normalize_stacktrace",
    "normalize_stacktrace_value",
    "put",
    "slim_frames",
    "trim_limited",
    "trim_stacktrace",
]

#: ``stacktrace_frames_hard_limit`` and ``max_stacktrace_frames`` 9.1.2 passed to semaphore
HARD_FRAME_LIMIT = 250
MAX_FRAMES_WITH_VARS = 50

#: Frame fields in semaphore's declaration order (the order of their errors).
FRAME_FIELDS = (
    "function", "raw_function", "symbol", "module", "package", "filename", "abs_path",
    "lineno", "colno", "platform", "pre_context", "context_line", "post_context", "in_app",
    "vars", "data", "image_addr", "instruction_addr", "symbol_addr", "trust", "lang",
)  # fmt: skip

#: ``data`` of a frame: known keys and their type (others are dropped).
FRAME_DATA_FIELDS = (
    ("sourcemap", "string"),
    ("orig_function", "string"),
    ("orig_filename", "string"),
    ("orig_lineno", "u64"),
    ("orig_colno", "u64"),
    ("orig_in_app", "i64"),
)

#: Frame fields dropped when empty after normalization (still there when a whole exception
#: value is discarded, observed in its ``val``).
EMPTY_DROPPED = (
    "function", "raw_function", "module", "package", "platform", "abs_path", "filename",
    "pre_context", "post_context",
)  # fmt: skip

#: ``(limit, allowance)`` of frame strings: a string longer than ``limit + allowance`` code
#: points is cut to ``limit`` with ``...`` (observed: nothing happens up to the allowance).
FRAME_LIMITS = {
    "function": (256, 20),
    "raw_function": (256, 20),
    "symbol": (256, 20),
    "abs_path": (256, 40),
    "filename": (256, 40),
    "trust": (128, 0),
    "lang": (128, 0),
}

#: URL schemes whose path becomes the filename (``Frame.to_python``'s ``is_url``).
URL_PREFIXES = ("file:", "http:", "https:", "applewebdata:")

#: ctx.moved key: the one exception value the top-level stacktrace merges into (set by the
#: exception handler, which runs first)
MERGE_KEY = "exception.merge_target"

REASONS = {
    "string": "expected a string",
    "u64": "expected an unsigned integer",
    "i64": "expected a signed integer",
    "bool": "expected a boolean",
    "object": "expected an object",
    "array": "expected an array",
    "address": "expected address",
    "frame": "expected frame",
    "framedata": "expected framedata",
    "stacktrace": "expected rawstacktrace",
    "non_empty": "expected a non-empty value",
    "register": "expected register value",
}


# ---------------------------------------------------------------------------- coercions
def invalid(ctx: Context, path: Path, value: Any, reason: str) -> None:
    """``invalid_data`` at ``path``; the original goes to ``val`` when it is small enough
    (:func:`~.meta.fits`)."""
    ctx.error(path, "invalid_data", value, reason=reason)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def as_string(value: Any, ctx: Context, path: Path) -> Any:
    if value is None or isinstance(value, str):
        return value
    invalid(ctx, path, value, REASONS["string"])
    return None


def as_u64(value: Any, ctx: Context, path: Path) -> Any:
    """An unsigned integer: non-negative integers, floats truncated when ``-1 < x < 2**64``."""
    if value is None:
        return None
    if _is_int(value) and value >= 0:
        return value
    if isinstance(value, float) and -1.0 < value < 2.0**64:
        return int(value)
    invalid(ctx, path, value, REASONS["u64"])
    return None


def as_i64(value: Any, ctx: Context, path: Path) -> Any:
    """A signed integer: integers, floats truncated when ``-2**63 <= x < 2**63``."""
    if value is None:
        return None
    if _is_int(value):
        return value
    if isinstance(value, float) and -(2.0**63) <= value < 2.0**63:
        return int(value)
    invalid(ctx, path, value, REASONS["i64"])
    return None


def as_bool(value: Any, ctx: Context, path: Path) -> Any:
    if value is None or isinstance(value, bool):
        return value
    invalid(ctx, path, value, REASONS["bool"])
    return None


def _parse_u64(text: str, radix: int) -> tuple[int | None, str]:
    """Rust's ``u64::from_str_radix``: the value, or ``None`` and the error text."""
    digits = text[1:] if text.startswith("+") else text
    if digits == "":
        return None, "cannot parse integer from empty string"
    allowed = "0123456789abcdefABCDEF" if radix == 16 else "0123456789"
    if any(ch not in allowed for ch in digits):
        return None, "invalid digit found in string"
    number = int(digits, radix)
    if number >= 2**64:
        return None, "number too large to fit in target type"
    return number, ""


def as_address(value: Any, ctx: Context, path: Path) -> Any:
    """An address: integers (two's complement) and ``0x``/decimal strings as ``0x`` hex."""
    if value is None:
        return None
    if _is_int(value):
        return "0x%x" % (value % 2**64)
    if isinstance(value, str):
        if value[:2] in ("0x", "0X"):
            number, error = _parse_u64(value[2:], 16)
        else:
            number, error = _parse_u64(value, 10)
        if number is not None:
            return "0x%x" % number
        invalid(ctx, path, value, error)
        return None
    invalid(ctx, path, value, REASONS["address"])
    return None


def _context_lines(value: Any, ctx: Context, path: Path) -> Any:
    if value is None:
        return None
    if not isinstance(value, list):
        invalid(ctx, path, value, REASONS["array"])
        return None
    out = []
    for index, line in enumerate(value):
        if not isinstance(line, str):
            if line is not None:
                invalid(ctx, (*path, index), line, REASONS["string"])
            line = ""
        out.append(line)
    return out


def _frame_data(value: Any, ctx: Context, path: Path) -> Any:
    if value is None:
        return None
    if not isinstance(value, dict):
        invalid(ctx, path, value, REASONS["framedata"])
        return None
    out: dict[str, Any] = {}
    for key, kind in FRAME_DATA_FIELDS:
        if key not in value:
            continue
        raw = value[key]
        coerce = {"string": as_string, "u64": as_u64, "i64": as_i64}[kind]
        new = coerce(raw, ctx, (*path, key))
        if new is not None or ctx.meta.get((*path, key)):
            out[key] = new
    return out


def _vars(value: Any, ctx: Context, path: Path) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return {str(i): v for i, v in enumerate(value)}
    if isinstance(value, dict):
        return value
    invalid(ctx, path, value, REASONS["object"])
    return None


# ---------------------------------------------------------------------------- frames
def _filename_from(abs_path: str) -> str:
    if abs_path.startswith(URL_PREFIXES):
        path = url_path(abs_path)
        if path not in (None, "", "/"):
            return path
    return abs_path


def trim_limited(value: str, limits: tuple[int, int], ctx: Context, path: Path) -> str:
    """``value`` cut to ``limit`` when longer than ``limit + allowance`` (observed)."""
    return trim_chars(value, limits[0], ctx, path, limits[1])


def put(out: dict[str, Any], ctx: Context, path: Path, key: str, value: Any) -> None:
    """``out[key] = value``, but a ``None`` only when the field has ``_meta`` (semaphore wrote
    ``null`` for a field with an error and left other empty fields out)."""
    if value is not None or ctx.meta.get((*path, key)):
        out[key] = value


def normalize_frame(frame: Any, ctx: Context, path: Path, raw: bool = False) -> Any:
    """One frame; ``None`` for a frame that is not an object."""
    if frame is None:
        return None
    if not isinstance(frame, dict):
        invalid(ctx, path, frame, REASONS["frame"])
        return None
    meta = ctx.meta
    annotated = meta.size()
    get = frame.get
    values: dict[str, Any] = {}

    function = as_string(get("function"), ctx, (*path, "function"))
    values["function"] = None if function == "?" else function
    values["raw_function"] = as_string(get("raw_function"), ctx, (*path, "raw_function"))
    symbol = as_string(get("symbol"), ctx, (*path, "symbol"))
    values["symbol"] = None if symbol == "?" else symbol
    values["module"] = as_string(get("module"), ctx, (*path, "module"))
    values["package"] = as_string(get("package"), ctx, (*path, "package"))

    raw_abs, raw_filename = get("abs_path"), get("filename")
    if raw:
        values["filename"] = as_string(raw_filename, ctx, (*path, "filename"))
        values["abs_path"] = as_string(raw_abs, ctx, (*path, "abs_path"))
    else:
        # observed: an empty (missing, "" or not a string) abs_path takes filename's value
        # (a bad filename's error with it); a missing or bad filename is then derived from a
        # non-empty abs_path, and its own error, if any, vanishes
        if not isinstance(raw_abs, str) or not raw_abs:
            abs_path = as_string(raw_filename, ctx, (*path, "abs_path"))
            filename = "" if raw_filename == "" else None
            if abs_path:
                filename = _filename_from(abs_path)
        else:
            abs_path = raw_abs
            filename = raw_filename if isinstance(raw_filename, str) and raw_filename else None
            if filename is None:
                filename = _filename_from(abs_path)
        values["filename"] = filename
        values["abs_path"] = abs_path

    values["lineno"] = as_u64(get("lineno"), ctx, (*path, "lineno"))
    values["colno"] = as_u64(get("colno"), ctx, (*path, "colno"))
    values["platform"] = as_string(get("platform"), ctx, (*path, "platform"))

    pre = _context_lines(get("pre_context"), ctx, (*path, "pre_context"))
    context_line = as_string(get("context_line"), ctx, (*path, "context_line"))
    post = _context_lines(get("post_context"), ctx, (*path, "post_context"))
    if context_line is None and (
        pre or post or meta.get((*path, "pre_context")) or meta.get((*path, "post_context"))
    ):
        context_line = ""
    values["pre_context"] = pre
    values["context_line"] = context_line
    values["post_context"] = post

    values["in_app"] = as_bool(get("in_app"), ctx, (*path, "in_app"))
    values["vars"] = _vars(get("vars"), ctx, (*path, "vars"))
    values["data"] = _frame_data(get("data"), ctx, (*path, "data"))
    for key in ("image_addr", "instruction_addr", "symbol_addr"):
        values[key] = as_address(get(key), ctx, (*path, key))
    values["trust"] = as_string(get("trust"), ctx, (*path, "trust"))
    values["lang"] = as_string(get("lang"), ctx, (*path, "lang"))
    if meta.size() == annotated and not meta.has_client_nodes:
        # nothing annotated in this frame: its nulls are simply left out
        return {key: value for key, value in values.items() if value is not None}
    # semaphore wrote ``null`` for a field with an error and left other empty fields out
    return {
        key: value for key, value in values.items() if value is not None or meta.get((*path, key))
    }


#: the value types of frame fields that :func:`normalize_frame` takes without an annotation
#: (a conservative subset: anything else is normalized in full)
_NO_ERROR_TYPES: dict[str, tuple[type, ...]] = {
    **dict.fromkeys(
        ("function", "raw_function", "symbol", "module", "package", "filename", "abs_path",
         "platform", "context_line", "trust", "lang"),
        (str,),
    ),
    **dict.fromkeys(("lineno", "colno", "image_addr", "instruction_addr", "symbol_addr"), (int,)),
    "in_app": (bool,),
    "vars": (dict, list),
}  # fmt: skip


_STR = {str}


def _without_errors(frame: Any) -> bool:
    """Would :func:`normalize_frame` record nothing for ``frame``? (True only when sure.)"""
    if frame is None:
        return True
    if type(frame) is not dict:
        return False
    for key, value in frame.items():
        if value is None:
            continue
        if key in ("pre_context", "post_context"):
            if type(value) is not list or not {*map(type, value)} <= _STR:
                return False
            continue
        if key == "data":
            return False
        types = _NO_ERROR_TYPES.get(key)
        if types is None:
            if key in FRAME_FIELDS:
                return False
            continue  # unknown keys are left out silently
        if type(value) not in types:
            return False
        if key in ("lineno", "colno") and value < 0:
            return False
    return True


# ---------------------------------------------------------------------------- stacktraces
def _registers(value: Any, ctx: Context, path: Path) -> Any:
    if value is None:
        return None
    if not isinstance(value, dict):
        invalid(ctx, path, value, REASONS["object"])
        return None
    out = {}
    for key in sorted(value):
        raw = value[key]
        if raw is None or isinstance(raw, str) or _is_int(raw):
            out[key] = as_address(raw, ctx, (*path, key))
        else:
            invalid(ctx, (*path, key), raw, REASONS["register"])
            out[key] = None
    return out


def normalize_stacktrace_value(value: Any, ctx: Context, path: Path, *, raw: bool = False) -> Any:
    """A stacktrace at ``path`` (top level, exception, thread; ``raw`` for raw stacktraces):
    the normalized object or ``None`` (invalid, with its error)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        invalid(ctx, path, value, REASONS["stacktrace"])
        return None
    out: dict[str, Any] = {}
    frames = value.get("frames")
    frames_path = (*path, "frames")
    if frames is None:
        ctx.error(frames_path, "missing_attribute")
        out["frames"] = None
    elif not isinstance(frames, list):
        invalid(ctx, frames_path, frames, REASONS["array"])
        out["frames"] = None
    elif not frames:
        ctx.error(frames_path, "invalid_data", reason=REASONS["non_empty"])
        out["frames"] = None
    else:
        # the frames the hard limit drops later only matter for their errors: a frame that
        # cannot have any stays as it is (``_hard_limit`` removes it unseen)
        dropped = range(HARD_FRAME_LIMIT - 1, len(frames) - 1)
        skip = len(dropped) > 0 and not ctx.meta.has_client_nodes
        out["frames"] = [
            frame
            if skip and index in dropped and _without_errors(frame)
            else normalize_frame(frame, ctx, (*frames_path, index), raw=raw)
            for index, frame in enumerate(frames)
        ]
    put(out, ctx, path, "registers", _registers(value.get("registers"), ctx, (*path, "registers")))
    put(out, ctx, path, "lang", as_string(value.get("lang"), ctx, (*path, "lang")))
    return out


def _hard_limit(frames: list[Any], ctx: Context, path: Path) -> list[Any]:
    """The hard frame limit (trimming): observed, every frame was normalized and its errors
    listed at its original index; then the first 249 and the last are kept: the others'
    annotations leave ``_meta`` and the last frame's show at its new index (the client's
    ``_meta`` too); ``len`` from 250 frames on."""
    if len(frames) >= HARD_FRAME_LIMIT:
        ctx.meta.set_length(path, len(frames))
    if len(frames) <= HARD_FRAME_LIMIT:
        return frames
    last = len(frames) - 1
    ctx.meta.hide_items(path, HARD_FRAME_LIMIT - 1, last)
    ctx.meta.move_shown((*path, last), (*path, HARD_FRAME_LIMIT - 1))
    return [*frames[: HARD_FRAME_LIMIT - 1], frames[-1]]


def slim_frames(
    frames: list[Any], ctx: Context, path: Path, allowance: int = MAX_FRAMES_WITH_VARS
) -> None:
    """Drop ``vars`` and context lists of the frames in the middle, keeping them on about
    ``allowance`` frames, app frames first.

    9.1.2's Python version (src/sentry/interfaces/stacktrace.py: slim_frame_data) as semaphore
    ran it, observed: per stacktrace, null frames counted in the total but in neither list, a
    half-allowance of 0 clears *every* frame of its side (a Rust range, not Python's
    ``[0:-0]``), the count of frames still to clear and the app allowance never go below 0,
    and the app side always runs.
    The errors of what is cleared (the client's too) stay in ``errors`` but leave ``_meta``
    (observed: :meth:`.meta.Meta.hide`)."""
    positions = {id(frame): index for index, frame in enumerate(frames)}

    def strip(frame: dict[str, Any]) -> None:
        for key in ("vars", "pre_context", "post_context"):
            if key in frame:
                del frame[key]
                ctx.meta.hide((*path, positions[id(frame)], key))

    if len(frames) <= allowance:
        return
    real = [f for f in frames if isinstance(f, dict)]
    app = [f for f in real if f.get("in_app")]
    system = [f for f in real if not f.get("in_app")]
    remaining = len(frames) - allowance
    half = max(allowance - len(app), 0) // 2
    cut = system[half : len(system) - half] if half else system
    for frame in cut:
        strip(frame)
    remaining = max(remaining - len(cut), 0)
    half = max(len(app) - remaining, 0) // 2
    for frame in app[half : len(app) - half] if half else app:
        strip(frame)


def trim_stacktrace(value: Any, ctx: Context, path: Path) -> None:
    """The trimming pass on a normalized stacktrace, after the checks of what holds it (an
    exception value discarded for having neither type nor value keeps every frame as it was
    normalized): the hard frame limit, slimming, empty fields, strings and ``vars``."""
    if not isinstance(value, dict) or not isinstance(value.get("frames"), list):
        return
    frames_path = (*path, "frames")
    value["frames"] = _hard_limit(value["frames"], ctx, frames_path)
    slim_frames(value["frames"], ctx, frames_path)
    for index, frame in enumerate(value["frames"]):
        if not isinstance(frame, dict):
            continue
        fpath = (*path, "frames", index)
        for key in EMPTY_DROPPED:
            if frame.get(key) in ("", []) and not ctx.meta.get((*fpath, key)):
                del frame[key]
        for key, limits in FRAME_LIMITS.items():
            if isinstance(frame.get(key), str):
                frame[key] = trim_limited(frame[key], limits, ctx, (*fpath, key))
        if isinstance(frame.get("vars"), dict):
            frame["vars"] = trim_bag(frame["vars"], ctx, (*fpath, "vars"), "frame.vars")


def _reset_order(value: Any, ctx: Context, path: Path) -> None:
    """Declare the walk order of the stacktrace at ``path`` (its errors are listed in
    semaphore's field order even where another value touched the paths first)."""
    ctx.meta.set_child_order(path, ("frames", "registers", "lang"), rest="sorted")
    frames = value.get("frames") if isinstance(value, dict) else None
    for index in range(len(frames) if isinstance(frames, list) else 0):
        fpath = (*path, "frames", index)
        ctx.meta.set_child_order(fpath, FRAME_FIELDS, rest="sorted")
        ctx.meta.set_child_order((*fpath, "data"), [k for k, _ in FRAME_DATA_FIELDS], rest="sorted")


def normalize_stacktrace(value: Any, ctx: Context, path: Path) -> Any:
    """Normalize the top-level ``stacktrace`` interface at ``path``.

    With exactly one (raw) exception value that survived normalization, an object stacktrace
    replaces that value's own stacktrace and leaves the top level (observed)."""
    if value is None:
        return REMOVE
    target = ctx.moved.pop(MERGE_KEY, None)
    if target is not None and isinstance(value, dict):
        exception_value, value_path = target
        spath = (*value_path, "stacktrace")
        ctx.meta.drop(spath)
        merged = normalize_stacktrace_value(value, ctx, spath)
        _reset_order(merged, ctx, spath)  # the replaced stacktrace touched these paths first
        trim_stacktrace(merged, ctx, spath)
        exception_value["stacktrace"] = merged
        return REMOVE
    result = normalize_stacktrace_value(value, ctx, path)
    trim_stacktrace(result, ctx, path)
    return result
