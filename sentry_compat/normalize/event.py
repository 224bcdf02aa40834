"""Top-level event fields and the order of the semaphore step.

9.1.2 handed the event to semaphore 0.4.65 (``EventManager._normalize_impl``); the rules
below were observed on 9.1.2 + semaphore 0.4.65 (never read from its source).  The order in
which semaphore walked the top-level fields (:data:`FIELD_ORDER`; unknown attributes last,
sorted) decides the order of ``errors``; interface fields are delegated to the handlers of
:data:`sentry_compat.normalize.pipeline.FIELD_HANDLERS`.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from ..canonical import CanonicalKeyDict
from ..interfaces.schemas import VALID_PLATFORMS
from . import _common
from ._common import EXPECTED, REASONS, STRING_LIMITS, invalid, trim_string
from .context import REMOVE, Context
from .meta import Path

__all__ = [
    "FIELD_ORDER",
    "LEVELS",
    "RESERVED_TAG_KEYS",
    "VALID_PLATFORMS",
    "canonicalize",
    "normalize_event",
]

#: The order semaphore 0.4.65 walked the event's fields in (observed from the order of
#: ``errors``); attributes not listed here are unknown: walked last, in sorted order.
FIELD_ORDER: tuple[str, ...] = (
    "event_id",
    "level",
    "fingerprint",
    "culprit",
    "transaction",
    "time_spent",
    "logentry",
    "logger",
    "modules",
    "platform",
    "timestamp",
    "start_timestamp",
    "server_name",
    "site",
    "release",
    "dist",
    "environment",
    "user",
    "request",
    "contexts",
    "breadcrumbs",
    "exception",
    "stacktrace",
    "template",
    "threads",
    "tags",
    "extra",
    "debug_meta",
    "sdk",
    "errors",
    "checksum",
    "csp",
    "hpkp",
    "expectct",
    "expectstaple",
    "spans",
)

#: Known keys semaphore dropped without a word (observed).
SILENTLY_DROPPED: frozenset[str] = frozenset(
    ("repos", "query", "device", "applecrashreport", "hashes", "metadata")
)

#: Fields semaphore sets itself, whatever the client sent (no error): ``received``, ``version``,
#: ``key_id``, ``project``, ``grouping_config``; plus ``type``/``_meta`` handled specially.
SERVER_FIELDS: tuple[str, ...] = (
    "received",
    "version",
    "key_id",
    "project",
    "grouping_config",
    "type",
    "_meta",
)

#: Level names semaphore accepted (observed) and what they became.
LEVELS: dict[str, str] = {
    "debug": "debug",
    "info": "info",
    "log": "info",
    "warning": "warning",
    "error": "error",
    "fatal": "fatal",
    "critical": "fatal",
}
#: Numeric levels (integers only; other integers are invalid without a reason).
NUMERIC_LEVELS: dict[int, str] = {10: "debug", 20: "info", 30: "warning", 40: "error", 50: "fatal"}

#: Event types semaphore kept when the client sent them (anything else -> ``default``).
EVENT_TYPES: frozenset[str] = frozenset(
    ("default", "error", "csp", "hpkp", "expectct", "expectstaple", "transaction")
)

#: Tag keys semaphore dropped silently (observed; 9.1.2's ``INTERNAL_TAG_KEYS`` idea).
RESERVED_TAG_KEYS: frozenset[str] = frozenset(("release", "dist", "user", "filename", "function"))
MAX_TAG_KEY_LENGTH = 32
MAX_TAG_VALUE_LENGTH = 200
_TAG_KEY_RE = re.compile(r"^[a-zA-Z0-9_.:-]+$")

#: timestamp clamping passed to semaphore by 9.1.2 (EventManager._normalize_impl)
MAX_SECS_IN_FUTURE = 60
MAX_SECS_IN_PAST = 2592000


#: Platforms whose events get ``user.ip_address`` = the client IP when they have none.
IMPLICIT_IP_PLATFORMS: frozenset[str] = frozenset(("javascript", "cocoa", "objc"))


def _exists(data: Any, path: Path) -> bool:
    """Is ``path`` in ``data`` (keys of objects, indices of lists)?"""
    for part in path:
        if isinstance(data, dict) and isinstance(part, str) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        elif isinstance(data, dict) and str(part) in data:
            data = data[str(part)]
        else:
            return False
    return True


def canonicalize(data: dict[str, Any]) -> dict[str, Any]:
    """Legacy key aliases -> canonical keys (src/sentry/utils/canonical.py: CanonicalKeyDict)."""
    return dict(CanonicalKeyDict(data))


# --------------------------------------------------------------------------- event_id


def _uuid_error(text: str) -> str | None:
    """The parse error of Rust's ``uuid`` crate for ``text`` (observed messages), or None."""
    length = len(text.encode("utf-8"))
    body = text
    if length == 45 and text.startswith("urn:uuid:"):
        body = text[9:]
    elif length not in (36, 32):
        return "invalid length: expected one of [36, 32], found %d" % length
    group_lens = (8, 4, 4, 4, 12)
    acc = (8, 12, 16, 20, 32)
    digit = 0
    group = 0
    for index, ch in enumerate(body):
        if digit >= 32 and group != 4:
            if group == 0:
                return "invalid length: expected one of [36, 32], found %d" % length
            return "invalid group count: expected one of [1, 5], found %d" % (group + 1)
        if ch in "0123456789abcdefABCDEF":
            digit += 1
            continue
        if ch == "-":
            if group >= 4 or acc[group] != digit:
                found = digit - (acc[group - 1] if group > 0 else 0)
                return "invalid group length: expected %d, found %d in group %d" % (
                    group_lens[min(group, 4)],
                    found,
                    group,
                )
            group += 1
            continue
        return (
            "invalid character: expected an optional prefix of `urn:uuid:` followed by "
            "0123456789abcdefABCDEF-, found %s at %d" % (ch, len(body[:index].encode("utf-8")))
        )
    if acc[4] != digit:
        found = digit - (acc[3] if group > 0 else 0)
        if group == 0:
            return "invalid length: expected one of [36, 32], found %d" % length
        return "invalid group length: expected %d, found %d in group %d" % (
            group_lens[4],
            found,
            group,
        )
    return None


def _event_id(value: Any, ctx: Context, path: Path) -> Any:
    if isinstance(value, str):
        reason = _uuid_error(value)
        if reason is None:
            body = value[9:] if value.startswith("urn:uuid:") else value
            return body.replace("-", "").lower()
        return invalid(ctx, path, value, reason)
    return invalid(ctx, path, value, EXPECTED["event_id"])


# --------------------------------------------------------------------------- simple fields


def _level(value: Any, ctx: Context, path: Path) -> Any:
    if isinstance(value, str):
        if value in LEVELS:
            return LEVELS[value]
        return invalid(ctx, path, value, REASONS["level"])
    if isinstance(value, int) and not isinstance(value, bool):
        if value in NUMERIC_LEVELS:
            return NUMERIC_LEVELS[value]
        return invalid(ctx, path, value)
    return invalid(ctx, path, value, EXPECTED["level"])


def _fingerprint(value: Any, ctx: Context, path: Path) -> Any:
    if not isinstance(value, list):
        return invalid(ctx, path, value, EXPECTED["array"])
    out: list[str] = []
    bad: list[Any] = []
    present = 0
    for item in value:
        if item is None:
            continue
        present += 1
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, bool):
            out.append("True" if item else "False")
        elif isinstance(item, int):
            out.append(str(item))
        elif isinstance(item, float) and math.isfinite(item) and abs(item) < 2**53:
            out.append(str(int(item)))
        else:
            bad.append(item)
    if bad:
        # observed: no ``val``; the dropped items go into the error's data as ``value``
        ctx.meta.set_length(path, present)
        ctx.meta.add_error(path, "invalid_data", data={"value": bad})
    return out or None


def _string_field(name: str) -> Callable[[Any, Context, Path], Any]:
    limit = STRING_LIMITS.get(name)

    def handler(value: Any, ctx: Context, path: Path) -> Any:
        if not isinstance(value, str):
            return invalid(ctx, path, value, EXPECTED["string"])
        return trim_string(value, limit, ctx, path) if limit else value

    return handler


def _logger(value: Any, ctx: Context, path: Path) -> Any:
    if not isinstance(value, str):
        return invalid(ctx, path, value, EXPECTED["string"])
    if "\n" in value or "\r" in value:
        return invalid(ctx, path, value, REASONS["chars"])
    return trim_string(value, STRING_LIMITS["logger"], ctx, path)


def _time_spent(value: Any, ctx: Context, path: Path) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return invalid(ctx, path, value, EXPECTED["unsigned"])
    if isinstance(value, float):
        if not math.isfinite(value):
            return invalid(ctx, path, value, EXPECTED["unsigned"])
        value = int(value)
    if value < 0:
        return invalid(ctx, path, value, EXPECTED["unsigned"])
    if value > 2**32 - 1:
        return REMOVE  # observed: dropped without an error
    return value


def _modules(value: Any, ctx: Context, path: Path) -> Any:
    if not isinstance(value, dict):
        return invalid(ctx, path, value, EXPECTED["object"])
    out: dict[str, Any] = {}
    for key in sorted(value):
        item = value[key]
        if item is None:
            continue
        out[key] = (
            item if isinstance(item, str) else invalid(ctx, (*path, key), item, EXPECTED["string"])
        )
    return out or None


def _platform(value: Any, ctx: Context, path: Path) -> Any:
    if not isinstance(value, str):
        return invalid(ctx, path, value, EXPECTED["string"])
    if value not in VALID_PLATFORMS:
        ctx.meta.set_original(path, value)
        return "other"
    return value


def _release(value: Any, ctx: Context, path: Path) -> Any:
    value = _common.coerce_primitive_string(value, ctx, path)
    if value is None:
        return None
    value = value.strip()
    if not value:
        ctx.error(path, "invalid_data", reason=REASONS["non_empty"])
        return None
    if "\n" in value or "\r" in value or "\f" in value or "\x00" in value:
        return invalid(ctx, path, value, REASONS["chars"])
    return trim_string(value, STRING_LIMITS["release"], ctx, path)


_DIST_RE = re.compile(r"^[^\s/\\]+$")


def _dist(value: Any, ctx: Context, path: Path) -> Any:
    if not isinstance(value, str):
        return invalid(ctx, path, value, EXPECTED["string"])
    stripped = value.strip()
    if not stripped:
        ctx.error(path, "invalid_data", reason=REASONS["non_empty"])
        return None
    if any(ch.isspace() for ch in stripped):
        return invalid(ctx, path, value, REASONS["chars"])
    return stripped


def _environment(value: Any, ctx: Context, path: Path) -> Any:
    if not isinstance(value, str):
        return invalid(ctx, path, value, EXPECTED["string"])
    value = value.strip()
    if not value or any(ch in value for ch in "\n\r\f/\x00"):
        return invalid(ctx, path, value, REASONS["chars"])
    return trim_string(value, STRING_LIMITS["environment"], ctx, path)


def _start_timestamp(value: Any, ctx: Context, path: Path) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return invalid(ctx, path, value, EXPECTED["timestamp"])
    if isinstance(value, str):
        parsed, reason = _parse_iso(value)
        return parsed if parsed is not None else invalid(ctx, path, value, reason)
    if not math.isfinite(value) or abs(value) > MAX_TIMESTAMP:
        return invalid(ctx, path, value, REASONS["out_of_range"])
    return _round_micros(float(value))


def _spans(value: Any, ctx: Context, path: Path) -> Any:
    # observed: kept (even empty) when a list; span validation is not ported
    return value if isinstance(value, list) else invalid(ctx, path, value, EXPECTED["array"])


def _checksum(value: Any, ctx: Context, path: Path) -> Any:
    return value if isinstance(value, str) else invalid(ctx, path, value, EXPECTED["string"])


def _extra(value: Any, ctx: Context, path: Path) -> Any:
    if not isinstance(value, dict):
        invalid(ctx, path, value, EXPECTED["object"])
        return {}
    if not value:
        return REMOVE
    return _common.trim_extra(value, ctx, path)


def _client_errors(value: Any, ctx: Context, path: Path) -> Any:
    if not isinstance(value, list):
        return invalid(ctx, path, value, EXPECTED["array"])
    out: list[Any] = []
    for index, item in enumerate(value):
        if item is None:
            out.append(None)
            continue
        if not isinstance(item, dict):
            out.append(invalid(ctx, (*path, index), item, "expected eventprocessingerror"))
            continue
        entry: dict[str, Any] = {}
        kind = item.get("type")
        if kind is None:
            ctx.error((*path, index, "type"), "missing_attribute")
            entry["type"] = None
        elif isinstance(kind, str):
            entry["type"] = kind
        else:
            entry["type"] = invalid(ctx, (*path, index, "type"), kind, EXPECTED["string"])
        if "name" in item and item["name"] is not None:
            name = item["name"]
            entry["name"] = (
                name
                if isinstance(name, str)
                else invalid(ctx, (*path, index, "name"), name, EXPECTED["string"])
            )
        if item.get("value") is not None:
            entry["value"] = item["value"]
        out.append(entry)
    return out


# --------------------------------------------------------------------------- timestamp


def _parse_iso(text: str) -> tuple[float | None, str | None]:
    """RFC 3339 (offset optional: no offset is UTC) as semaphore accepted it (observed)."""
    i = 0
    n = len(text)

    def digits(count: int) -> int | None:
        nonlocal i
        if i + count > n:
            return None
        chunk = text[i : i + count]
        if not chunk.isdigit() or not chunk.isascii():
            return -1
        i += count
        return int(chunk)

    def fail_at(pos: int) -> str:
        return "premature end of input" if pos >= n else "input contains invalid characters"

    parts: list[int] = []
    for count, sep in ((4, "-"), (2, "-"), (2, "T"), (2, ":"), (2, ":"), (2, None)):
        if count == 4 and i < n and text[i] in "+-":
            return None, (
                "premature end of input" if n <= 6 else "input contains invalid characters"
            )
        got = digits(count)
        if got is None:
            return None, "premature end of input"
        if got < 0:
            return None, "input contains invalid characters"
        parts.append(got)
        if sep is not None:
            if i >= n:
                return None, "premature end of input"
            if text[i] != sep:
                return None, "input contains invalid characters"
            i += 1
    micros = 0
    if i < n and text[i] == ".":
        i += 1
        start = i
        while i < n and text[i].isdigit() and text[i].isascii():
            i += 1
        frac = text[start:i]
        if not frac:
            return None, fail_at(i)
        nanos = int((frac + "000000000")[:9])
        micros = round(nanos / 1000)
    offset = 0
    if i < n:
        ch = text[i]
        if ch == "Z":
            i += 1
        elif ch in "+-":
            sign = 1 if ch == "+" else -1
            i += 1
            hh = digits(2)
            if hh is None:
                return None, "premature end of input"
            if hh < 0:
                return None, "input contains invalid characters"
            if i < n and text[i] == ":":
                i += 1
            mm = digits(2)
            if mm is None:
                return None, "premature end of input"
            if mm < 0:
                return None, "input contains invalid characters"
            offset = sign * (hh * 3600 + mm * 60)
        else:
            return None, "input contains invalid characters"
    if i < n:
        return None, "trailing input"
    year, month, day, hour, minute, second = parts
    try:
        moment = datetime(year, month, day, hour, minute, min(second, 59), tzinfo=timezone.utc)
    except ValueError:
        return None, "input is out of range"
    moment += timedelta(seconds=max(second - 59, 0))
    return moment.timestamp() - offset + micros / 1e6, None


def _round_micros(value: float) -> float:
    secs = math.floor(value)
    micros = round((value - secs) * 1e6)
    return secs + micros / 1e6


#: Largest |timestamp| semaphore accepted (beyond: ``timestamp out of range``); approximate.
MAX_TIMESTAMP = 1e11


def _timestamp(value: Any, ctx: Context, path: Path) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return invalid(ctx, path, value, EXPECTED["timestamp"])
    if isinstance(value, str):
        parsed, reason = _parse_iso(value)
        if parsed is None:
            return invalid(ctx, path, value, reason)
        ts = parsed
    else:
        if not math.isfinite(value) or abs(value) > MAX_TIMESTAMP:
            return invalid(ctx, path, value, REASONS["out_of_range"])
        ts = _round_micros(float(value))
    if ts > ctx.received + MAX_SECS_IN_FUTURE:
        ctx.error(path, "future_timestamp", value=float(ts))
        return None
    if ts < ctx.received - MAX_SECS_IN_PAST:
        ctx.error(path, "past_timestamp", value=float(ts))
        return None
    return float(ts)


# --------------------------------------------------------------------------- tags


def _tag_key(raw: Any) -> str | None:
    if isinstance(raw, str):
        key = raw
    elif isinstance(raw, bool):
        key = "True" if raw else "False"
    elif isinstance(raw, int):
        key = str(raw)
    elif isinstance(raw, float) and math.isfinite(raw) and abs(raw) < 2**53:
        key = str(int(raw))
    else:
        return None
    return key.replace(" ", "-")


def normalize_tags(value: Any, ctx: Context, path: Path) -> Any:
    """``tags`` (object or list of pairs) -> list of ``[key, value]`` as semaphore did."""
    if isinstance(value, dict):
        items: list[Any] = [[k, v] for k, v in sorted(value.items())]
    elif isinstance(value, list):
        items = list(value)
    else:
        ctx.meta.add_error(
            path, "invalid_data", value=value, data={"reason": EXPECTED["array"]}, repeat=2
        )
        return []
    # 1. the environment tag moves to the top level (the first one; observed)
    for index, item in enumerate(items):
        if isinstance(item, list) and len(item) == 2 and item[0] == "environment":
            del items[index]
            tag_value = item[1]
            if ctx.event.get("environment") is None and "environment" not in ctx.moved:
                moved = (
                    _common.coerce_primitive_string(tag_value, _Silent(ctx), path)
                    if not isinstance(tag_value, str)
                    else tag_value
                )
                if isinstance(moved, str):
                    moved = moved.strip()
                    if moved and "\n" not in moved:
                        ctx.moved["environment"] = moved
            break
    # 2. drop pairs with invalid / reserved / duplicate keys (before indexing: observed)
    kept: list[Any] = []
    seen: set[str] = set()
    for item in items:
        if isinstance(item, list) and len(item) == 2:
            key = _tag_key(item[0])
            if key is None or not _TAG_KEY_RE.match(key) or key in RESERVED_TAG_KEYS or key in seen:
                continue
            seen.add(key)
            kept.append([key, item[1]])
        else:
            kept.append(item)
    # 3. validate what is left
    out: list[Any] = []
    for index, item in enumerate(kept):
        ipath = (*path, index)
        if item is None:
            out.append(None)
            continue
        if not (isinstance(item, list) and len(item) == 2):
            out.append(invalid(ctx, ipath, item, "expected a tuple"))
            continue
        key, raw = item
        if len(key) > MAX_TAG_KEY_LENGTH:
            ctx.error(ipath, "value_too_long")
            out.append(None)
            continue
        if raw is None:
            out.append([key, None])
            continue
        tag_value = _common.coerce_primitive_string(raw, ctx, (*ipath, 1))
        if tag_value is None:
            out.append([key, None])
            continue
        tag_value = tag_value.strip()
        if not tag_value or "\n" in tag_value:
            out.append(
                [
                    key,
                    invalid(
                        ctx, (*ipath, 1), tag_value if tag_value == "" else raw, REASONS["chars"]
                    ),
                ]
            )
            continue
        if len(tag_value) > MAX_TAG_VALUE_LENGTH:
            ctx.error(ipath, "value_too_long")
            out.append(None)
            continue
        out.append([key, tag_value])
    return out


class _Silent:
    """A stand-in context whose errors go nowhere (a conversion whose failure is silent)."""

    def __init__(self, ctx: Context) -> None:
        self.meta = _NullMeta()

    def error(self, *args: Any, **kwargs: Any) -> None:
        pass


class _NullMeta:
    def __getattr__(self, name: str) -> Callable[..., None]:
        return lambda *args, **kwargs: None


def _append_host_tags(data: dict[str, Any], raw: dict[str, Any], ctx: Context) -> None:
    """``server_name`` and ``site`` become tags (appended, replacing a client tag)."""
    for name in ("server_name", "site"):
        value = raw.get(name)
        if not isinstance(value, str):
            continue
        tags = data.get("tags")
        if not isinstance(tags, list):
            tags = []
        tags = [t for t in tags if not (isinstance(t, list) and t and t[0] == name)]
        index = len(tags)
        tags.append([name, trim_string(value, STRING_LIMITS["tag_value"], ctx, ("tags", index, 1))])
        data["tags"] = tags


# --------------------------------------------------------------------------- the step

#: Top-level field handlers of this module (interfaces come from the pipeline's table).
SCALAR_HANDLERS: dict[str, Callable[[Any, Context, Path], Any]] = {
    "event_id": _event_id,
    "level": _level,
    "fingerprint": _fingerprint,
    "culprit": _string_field("culprit"),
    "transaction": _string_field("transaction"),
    "time_spent": _time_spent,
    "logger": _logger,
    "modules": _modules,
    "platform": _platform,
    "timestamp": _timestamp,
    "release": _release,
    "dist": _dist,
    "environment": _environment,
    "tags": normalize_tags,
    "extra": _extra,
    "errors": _client_errors,
    "checksum": _checksum,
    "start_timestamp": _start_timestamp,
    "spans": _spans,
}

#: Top-level fields kept when they normalize to an empty container (observed).
KEEP_EMPTY: frozenset[str] = frozenset(("contexts", "spans"))

#: Security report interfaces (their events default ``logger`` to ``csp`` and get the client IP).
SECURITY_INTERFACES: tuple[str, ...] = ("csp", "hpkp", "expectct", "expectstaple")

#: Fields processed before the walk because others depend on them (the walk order of
#: ``errors`` is kept by :meth:`Meta.set_child_order`, whatever the processing order).
EARLY_FIELDS: tuple[str, ...] = ("platform", "tags")


def infer_type(client_type: Any, event: Mapping[str, Any]) -> str:
    """A valid client ``type`` is kept; else the first of csp, hpkp, expectct, expectstaple
    present, ``error`` when ``exception.values`` is non-empty, else ``default`` (observed)."""
    if isinstance(client_type, str) and client_type in EVENT_TYPES:
        return client_type
    for key in ("csp", "hpkp", "expectct", "expectstaple"):
        if event.get(key) is not None:
            return key
    exception = event.get("exception")
    values = exception.get("values") if isinstance(exception, dict) else None
    if isinstance(values, list) and values:
        return "error"
    return "default"


def parse_client_as_sdk(client: str | None) -> dict[str, str] | None:
    """src/sentry/event_manager.py: parse_client_as_sdk (observed to apply when ``sdk`` is
    missing or invalid)."""
    if not client:
        return None
    if "/" in client:
        name, version = client.split("/", 1)
    elif " " in client:
        name, version = client.split(" ", 1)
    else:
        return None
    return {"name": name, "version": version}


def normalize_event(
    data: dict[str, Any], ctx: Context, handlers: Mapping[str, Callable[..., Any]]
) -> dict[str, Any]:
    """The semaphore step on the whole event (returns a new dict)."""
    options = ctx.options
    raw = data
    out: dict[str, Any] = {}
    ctx.event = out
    ctx.meta.set_child_order((), FIELD_ORDER, rest="sorted")
    client_meta = raw.get("_meta")
    if isinstance(client_meta, dict):
        ctx.meta.merge_in(client_meta, exists=lambda p: _exists(raw, p))

    # platform first: handlers read it through ctx.platform
    order = [k for k in EARLY_FIELDS if k in raw] + [
        k for k in FIELD_ORDER if k in raw and k not in EARLY_FIELDS
    ]
    env_raw = raw.get("environment")
    for key in order:
        value = raw[key]
        if value is None:
            continue
        if key in ("server_name", "site"):
            continue
        handler = SCALAR_HANDLERS.get(key) or handlers.get(key)
        if handler is None:
            new = value
        else:
            if key == "tags":
                ctx.event["environment"] = env_raw  # the tag moves only when no environment
            new = handler(value, ctx, (key,))
            if key == "tags":
                ctx.event.pop("environment", None)
        if new is REMOVE:
            continue
        annotated = ctx.meta.get((key,)) is not None
        if (
            new is None or (isinstance(new, (list, dict)) and not new and key not in KEEP_EMPTY)
        ) and not annotated:
            continue  # empty values vanish silently; invalid ones stay as null (observed)
        out[key] = new
    # unknown attributes: null, with an error (no value)
    unknown = (
        k
        for k in raw
        if k not in FIELD_ORDER and k not in SERVER_FIELDS and k not in SILENTLY_DROPPED
    )
    for key in sorted(unknown):
        if raw[key] is None:
            continue
        ctx.error((key,), "invalid_attribute")
        out[key] = None

    # environment from the tags
    if out.get("environment") is None and "environment" in ctx.moved and "environment" not in out:
        out["environment"] = trim_string(
            ctx.moved["environment"], STRING_LIMITS["environment"], ctx, ("environment",)
        )
    _append_host_tags(out, raw, ctx)
    if out.get("tags") == [] and not ctx.meta.get(("tags",)):
        del out["tags"]

    # dist only with a release
    if "dist" in out and out.get("release") is None and out["dist"] is not None:
        del out["dist"]

    # defaults semaphore filled in
    if out.get("event_id") is None:
        out["event_id"] = uuid.uuid4().hex
    out.setdefault("level", "error")
    if out["level"] is None:
        out["level"] = "error"
    if out.get("logger") is None:
        out["logger"] = ""
    if out.get("platform") is None:
        out["platform"] = "other"
    if out.get("timestamp") is None:
        out["timestamp"] = ctx.received
    out["received"] = ctx.received
    out["version"] = str(options.protocol_version) if options.protocol_version is not None else "7"
    if options.key_id is not None:
        out["key_id"] = str(options.key_id)
    if options.project_id is not None:
        out["project"] = options.project_id
    out["grouping_config"] = {"id": options.grouping_config}
    out["type"] = infer_type(raw.get("type"), out)
    # no user: javascript/cocoa/objc events get the client's IP (observed; with a ``user``
    # the user handler decides)
    security = any(out.get(k) is not None for k in SECURITY_INTERFACES)
    if security and not out.get("logger"):
        out["logger"] = "csp"
    implicit_ip = out.get("platform") in IMPLICIT_IP_PLATFORMS or security
    if out.get("user") is None and implicit_ip and options.client_ip:
        out["user"] = {"ip_address": options.client_ip}
    if out.get("sdk") is None:
        sdk = parse_client_as_sdk(options.auth_client)
        if sdk is not None:
            out["sdk"] = sdk

    if isinstance(out.get("errors"), list):
        ctx.meta.client_errors = out.pop("errors")
    else:
        out.pop("errors", None)
    tree, errors = ctx.meta.render()
    if errors:
        out["errors"] = errors
    if tree:
        out["_meta"] = tree
    return out
