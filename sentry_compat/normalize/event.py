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
from typing import Any

from ..canonical import CanonicalKeyDict
from ..interfaces.schemas import VALID_PLATFORMS
from . import _common
from ._common import EXPECTED, REASONS, STRING_LIMITS, invalid, trim_string
from ._databag import trim_bag, trim_extra
from ._timestamp import read_timestamp
from .context import REMOVE, Context
from .contexts import KNOWN_FIELDS
from .meta import NOTSET, Path, fits
from .transaction import invalid_transaction

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
#: Environment names semaphore refused (``invalid_data`` without a reason; observed: exactly
#: ``none`` after stripping, case-sensitive: ``None``, ``NONE``, ``null``, ``all``, ``default``
#: pass; an ``environment`` tag of ``none`` is accepted).
RESERVED_ENVIRONMENTS: frozenset[str] = frozenset(("none",))
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


def _fingerprint_text(item: Any) -> str | None:
    """A fingerprint item as text (src/sentry/event_manager.py: cast_fingerprint), or None."""
    if isinstance(item, str):
        return item
    if isinstance(item, bool):
        return "True" if item else "False"
    if isinstance(item, int):
        return str(item)
    if isinstance(item, float) and math.isfinite(item) and abs(item) < 2**53:
        return str(int(item))
    return None


def _fingerprint(value: Any, ctx: Context, path: Path) -> Any:
    if not isinstance(value, list):
        return invalid(ctx, path, value, EXPECTED["array"])
    out: list[str] = []
    bad: list[Any] = []
    present = 0
    for index, item in enumerate(value):
        if item is None:
            continue
        text = _fingerprint_text(item)
        client = ctx.meta.get((*path, index))
        if text is not None and client is not None and client.get("err"):
            continue  # observed: a valid item the client's _meta gave errors vanishes silently
        present += 1
        if text is not None:
            out.append(text)
        elif fits(item):
            bad.append(item)
        else:
            present -= 1  # observed: an item too big to keep vanishes without a trace
    ctx.meta.drop_below(path)  # the client's _meta of items goes with them (observed)
    if bad:
        # observed: no ``val``; the dropped items that fit (each on its own) go into the
        # error's data as ``value``; ``len`` counts the items but the vanished ones
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


#: time_spent values from this one on vanish without an error (observed: 2e9 kept, 2**31-1 not)
MAX_TIME_SPENT = 2**31 - 1


def _time_spent(value: Any, ctx: Context, path: Path) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return invalid(ctx, path, value, EXPECTED["unsigned"])
    if isinstance(value, float) and not (math.isfinite(value) and value < 2.0**64):
        return invalid(ctx, path, value, EXPECTED["unsigned"])
    if value < 0:
        return invalid(ctx, path, value, EXPECTED["unsigned"])
    number = int(value)
    if number >= MAX_TIME_SPENT:
        return REMOVE
    return number


def _modules(value: Any, ctx: Context, path: Path) -> Any:
    # observed: a map of strings (others: null + error, "" and null vanish), then trimmed as a
    # bag of 8192 (in key order each value may use what the previous ones left)
    if not isinstance(value, dict):
        return invalid(ctx, path, value, EXPECTED["object"])
    out: dict[str, Any] = {}
    for key in sorted(value):
        item = value[key]
        if item is None and ctx.meta.get((*path, key)) is not None:
            out[key] = None  # a null the client annotated in _meta stays
            continue
        if item is None or item == "":
            continue
        out[key] = (
            item if isinstance(item, str) else invalid(ctx, (*path, key), item, EXPECTED["string"])
        )
    if not out:
        return None
    return trim_bag(out, ctx, path, "modules")


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
    value = _common.rust_strip(value)
    if not value:
        ctx.error(path, "invalid_data", reason=REASONS["non_empty"])
        return None
    if "\n" in value or "\r" in value:  # observed: \f, \x00, \t, / are fine
        return invalid(ctx, path, value, REASONS["chars"])
    return trim_string(value, STRING_LIMITS["release"], ctx, path)


_DIST_RE = re.compile(r"^[a-zA-Z0-9_.-]*$")


def _dist(value: Any, ctx: Context, path: Path) -> Any:
    # observed: type and raw-emptiness checked first, then stripped (""/whitespace is fine),
    # then no whitespace inside; dropped later (silently) when there is no valid release
    if not isinstance(value, str):
        return invalid(ctx, path, value, EXPECTED["string"])
    if value == "":
        ctx.error(path, "invalid_data", reason=REASONS["non_empty"])
        return None
    stripped = _common.rust_strip(value)
    if not _DIST_RE.match(stripped):
        return invalid(ctx, path, value, REASONS["chars"])
    return trim_string(stripped, STRING_LIMITS["dist"], ctx, path)


def _environment(value: Any, ctx: Context, path: Path) -> Any:
    if not isinstance(value, str):
        return invalid(ctx, path, value, EXPECTED["string"])
    value = _common.rust_strip(value)
    if not value or any(ch in value for ch in "\n\r\f/"):  # observed
        return invalid(ctx, path, value, REASONS["chars"])
    if value in RESERVED_ENVIRONMENTS:
        return invalid(ctx, path, value)  # observed: no reason; the tag may still fill it
    return trim_string(value, STRING_LIMITS["environment"], ctx, path)


def _start_timestamp(value: Any, ctx: Context, path: Path) -> Any:
    ts, reason, original = read_timestamp(value)
    return ts if ts is not None else invalid(ctx, path, original, reason)


def _spans(value: Any, ctx: Context, path: Path) -> Any:
    # observed: kept (even empty) when a list; span validation is not ported
    return value if isinstance(value, list) else invalid(ctx, path, value, EXPECTED["array"])


def _checksum(value: Any, ctx: Context, path: Path) -> Any:
    if not isinstance(value, str):
        return invalid(ctx, path, value, EXPECTED["string"])
    return trim_string(value, STRING_LIMITS["checksum"], ctx, path)


def _extra(value: Any, ctx: Context, path: Path) -> Any:
    if not isinstance(value, dict):
        invalid(ctx, path, value, EXPECTED["object"])
        return {}
    if not value:
        return {} if ctx.meta.get(path) is not None else REMOVE
    return trim_extra(value, ctx, path)


def _client_errors(value: Any, ctx: Context, path: Path) -> Any:
    if not isinstance(value, list):
        return invalid(ctx, path, value, EXPECTED["array"])
    out: list[Any] = []
    for index, item in enumerate(value):
        if item is None:
            continue  # observed: null entries vanish
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


def _timestamp(value: Any, ctx: Context, path: Path) -> Any:
    ts, reason, original = read_timestamp(value)
    if ts is None:
        return invalid(ctx, path, original, reason)
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
    return _common.rust_strip(key.replace(" ", "-"))  # observed: "a b " -> "a-b-", "\t-9" -> "-9"


class _Entry:
    """One ``tags`` entry while it is normalized; its errors travel with it (semaphore keeps
    annotations on values, so they end up at the entry's *final* index)."""

    __slots__ = ("client_meta", "errors", "key", "pair", "value")

    def __init__(self, pair: bool, key: Any = None, value: Any = None) -> None:
        self.pair = pair  # False: the entry is null
        self.key = key
        self.value = value
        self.errors: list[tuple[tuple[int, ...], str, Any, dict[str, Any]]] = []
        self.client_meta: dict[Any, dict[str, Any]] = {}

    def fail(self, sub: tuple[int, ...], kind: str, value: Any = NOTSET, **data: Any) -> None:
        self.errors.append((sub, kind, value, data))


def _tag_value(raw: Any, entry: _Entry) -> Any:
    if raw is None:
        return None
    if isinstance(raw, (dict, list)):
        entry.fail((1,), "invalid_data", raw, reason=EXPECTED["primitive"])
        return None
    if isinstance(raw, float) and not (math.isfinite(raw) and abs(raw) < 2**53):
        entry.fail((1,), "invalid_data", raw, reason=REASONS["json_precision"])
        return None
    text = _common.coerce_primitive_string(raw, _Silent(), ())  # type: ignore[arg-type]
    text = _common.rust_strip(text)
    if not text or "\n" in text:
        entry.fail((1,), "invalid_data", text, reason=REASONS["chars"])
        return None
    return text


def normalize_tags(value: Any, ctx: Context, path: Path) -> Any:
    """``tags`` (object or list of pairs) -> list of ``[key, value]`` as semaphore did.

    Observed order: entries are parsed (non-pairs become null with ``expected a tuple``,
    values coerced and checked); the ``environment`` tag moves to the top level (the first
    one; semaphore looked it up among the non-null entries but removed by that index from the
    whole list, so with a null entry before it another entry is removed, and its value used);
    then pairs with a missing, invalid or reserved key and duplicate keys (first wins) vanish
    with their errors; then over-long keys (32) or values (200) null the entry
    (``value_too_long``); last ``server_name``/``site`` are applied (see below)."""
    if isinstance(value, dict):
        raw_items: list[Any] = [[k, v] for k, v in sorted(value.items())]
    elif isinstance(value, list):
        raw_items = list(value)
    else:
        ctx.meta.add_error(
            path, "invalid_data", value=value, data={"reason": EXPECTED["array"]}, repeat=2
        )
        raw_items = []
    entries: list[_Entry] = []
    for item in raw_items:
        if item is None:
            entries.append(_Entry(False))
        elif not (isinstance(item, list) and len(item) == 2):
            entry = _Entry(False)
            entry.fail((), "invalid_data", item, reason="expected a tuple")
            entries.append(entry)
        else:
            entry = _Entry(True, _tag_key(item[0]))
            entry.value = _tag_value(item[1], entry)
            entries.append(entry)
    if isinstance(value, list):  # a client's _meta travels with its entry
        for position, entry in enumerate(entries):
            entry.client_meta = ctx.meta.take((*path, position))
    # the environment tag (index looked up among non-null entries, removed from the list)
    valid = [e for e in entries if e.pair]
    found = next((i for i, e in enumerate(valid) if e.key == "environment"), None)
    if found is not None and found < len(entries):
        removed = entries.pop(found)
        if removed.pair and removed.value is not None and ctx.event.get("environment") is None:
            # ctx.event is the event being built: environment (walked before tags) is final
            ctx.moved["environment"] = removed.value
    # missing / invalid / reserved keys and duplicates vanish
    kept: list[_Entry] = []
    seen: set[str] = set()
    for entry in entries:
        if entry.pair:
            key = entry.key
            if key is None or not _TAG_KEY_RE.match(key) or key in RESERVED_TAG_KEYS or key in seen:
                continue
            seen.add(key)
        kept.append(entry)
    # over-long keys / values null the whole entry
    for entry in kept:
        if entry.pair and (
            len(entry.key) > MAX_TAG_KEY_LENGTH
            or (isinstance(entry.value, str) and len(entry.value) > MAX_TAG_VALUE_LENGTH)
        ):
            entry.pair = False
            entry.errors = [((), "value_too_long", NOTSET, {})]
    # server_name / site (observed): the value of the client tag of that name is replaced
    # (looked up among non-null entries, applied by that index to the whole list: nothing
    # happens when that slot is null), else the pair is appended; no validation
    host: dict[int, str] = {}
    for name in ("server_name", "site"):
        host_value = ctx.raw.get(name)
        if not isinstance(host_value, str):
            continue
        valid = [e for e in kept if e.pair]
        found = next((i for i, e in enumerate(valid) if e.key == name), None)
        if found is None:
            kept.append(_Entry(True, name))
            found = len(kept) - 1
        elif found >= len(kept) or not kept[found].pair:
            continue
        kept[found].value = host_value
        kept[found].errors = [e for e in kept[found].errors if e[0][:1] != (1,)]
        host[found] = host_value
    out: list[Any] = []
    for index, entry in enumerate(kept):
        ipath = (*path, index)
        if index in host:
            entry.value = trim_string(host[index], STRING_LIMITS["tag_value"], ctx, (*ipath, 1))
        if entry.client_meta:
            ctx.meta.put(ipath, entry.client_meta)
        for sub, kind, original, data in entry.errors:
            ctx.meta.add_error((*ipath, *sub), kind, value=original, data=data or None)
        out.append([entry.key, entry.value] if entry.pair else None)
    return out


class _Silent:
    """A stand-in context whose errors go nowhere (a conversion whose failure is silent)."""

    def __init__(self) -> None:
        self.meta = _NullMeta()

    def error(self, *args: Any, **kwargs: Any) -> None:
        pass


class _NullMeta:
    def __getattr__(self, name: str) -> Callable[..., None]:
        return lambda *args, **kwargs: None


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

#: Top-level fields whose handler's empty container is stored as it is (``{}``; observed on
#: 9.1.2 + semaphore 0.4.65: ``contexts: {}``, ``csp: {}``, ``template: {}``, ``breadcrumbs:
#: [null]`` -> ``{}``, ``exception``/``threads`` ``{"values": [null]}`` -> ``{}``).  Their
#: handlers return :data:`~.context.REMOVE` (or ``None``) where the field vanishes instead
#: (``exception: {}``, ``breadcrumbs: []``).  Other fields left empty vanish silently.
KEEP_EMPTY: frozenset[str] = frozenset(
    (
        "contexts",
        "spans",
        "exception",
        "threads",
        "template",
        "breadcrumbs",
        "csp",
        "expectct",
        "expectstaple",
    )
)

#: Security report interfaces (their events default ``logger`` to ``csp`` and get the client IP).
SECURITY_INTERFACES: tuple[str, ...] = ("csp", "hpkp", "expectct", "expectstaple")

#: Fields processed before the walk because others depend on them (the walk order of
#: ``errors`` is kept by :meth:`Meta.set_child_order`, whatever the processing order).
EARLY_FIELDS: tuple[str, ...] = ("platform",)


def infer_type(
    client_type: Any, event: Mapping[str, Any], raw: Mapping[str, Any] | None = None
) -> str:
    """A valid client ``type`` is kept; else the first of csp, hpkp, expectct, expectstaple
    present, ``error`` when ``exception.values`` is non-empty, else ``default`` (observed)."""
    if isinstance(client_type, str) and client_type in EVENT_TYPES:
        return client_type
    for key in ("csp", "hpkp", "expectct", "expectstaple"):
        if event.get(key) is not None:
            return key
    for source in (event, raw or {}):
        exception = source.get("exception")
        values = exception.get("values") if isinstance(exception, dict) else exception
        if isinstance(values, list) and values:
            return "error"  # observed: decided before null values are cleaned up
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


def _emptied(value: Any, ctx: Context, path: Path) -> bool:
    """A struct whose every field is empty ("", null, [] or {}) and unannotated."""
    return isinstance(value, dict) and all(
        _common.is_empty(v) and ctx.meta.get((*path, k)) is None for k, v in value.items()
    )


#: Where client ``_meta`` errors are listed more than once (observed on 9.1.2 + semaphore
#: 0.4.65): once per layer of the type at that place, it seems (a free-form value is an enum
#: around its content: 2; ``extra`` values and contexts are a wrapper around that: 3; the
#: pair lists of ``request`` and ``tags`` and frame ``vars``, ``contexts``: 2).  A null
#: value is listed once.  Patterns of paths (``*`` any key, ``**`` any rest) -> count; the
#: first match wins; anything else: once.
CLIENT_ERROR_REPEAT: tuple[tuple[tuple[str, ...], int], ...] = (
    (("extra", "*"), 3),
    (("extra", "*", "**"), 2),
    (("contexts",), 2),
    (("contexts", "*"), 3),
    (("contexts", "*", "<typed>"), 1),
    (("contexts", "*", "*", "**"), 2),
    (("request", "data", "**"), 2),
    (("request", "data"), 2),
    (("request", "env", "*", "**"), 2),
    (("request", "query_string"), 2),
    (("request", "query_string", "*", "1", "**"), 2),
    (("request", "headers"), 2),
    (("request", "headers", "*", "1", "**"), 2),
    (("request", "cookies"), 2),
    (("user", "data", "*", "**"), 2),
    (("logentry", "params"), 2),
    (("logentry", "params", "**"), 2),
    (("breadcrumbs", "values", "*", "data", "*", "**"), 2),
    (("*", "values", "*", "stacktrace", "frames", "*", "vars", "**"), 2),
    (("*", "values", "*", "raw_stacktrace", "frames", "*", "vars", "**"), 2),
    (("stacktrace", "frames", "*", "vars", "**"), 2),
    (("exception", "values", "*", "mechanism", "data", "*", "**"), 2),
    (("tags",), 2),
)


#: the fields of ``user`` (others move into ``user.data``)
USER_FIELDS: frozenset[str] = frozenset(
    ("id", "email", "ip_address", "username", "name", "geo", "data")
)

#: typed field names of the known context kinds
CONTEXT_FIELDS: dict[str, frozenset[str]] = {
    kind: frozenset(name for name, _ in fields) for kind, fields in KNOWN_FIELDS.items()
}


def _matches(pattern: tuple[str, ...], path: tuple[str, ...], raw: Any) -> bool:
    if not pattern:
        return not path
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return True
    if not path:
        return False
    if head == "<typed>":  # a typed field of a known context kind (contexts.<key>.<field>)
        context = raw if isinstance(raw, dict) else {}
        declared = context.get("type")
        kind = declared if isinstance(declared, str) else None
        return kind in CONTEXT_FIELDS and path[0] in CONTEXT_FIELDS[kind] and not rest
    if head != "*" and head != path[0]:
        return False
    return _matches(rest, path[1:], raw)


def client_error_repeat(raw: dict[str, Any], path: Path) -> int:
    """How many times a client ``_meta`` error at ``path`` is listed (:data:`CLIENT_ERROR_REPEAT`)."""
    value: Any = raw
    parents: list[Any] = []
    for part in path:
        parents.append(value)
        if isinstance(value, dict):
            value = value.get(part if isinstance(part, str) else str(part))
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
        else:
            value = None
    if value is None:
        return 1
    text = tuple(str(part) for part in path)
    if len(text) == 2 and text[0] == "user" and text[1] not in USER_FIELDS:
        text = ("user", "data", text[1])  # an unknown user field moves into data
    context = parents[2] if len(parents) > 2 and text[:1] == ("contexts",) else None
    if isinstance(context, dict) and "type" not in context and len(text) > 1:
        context = {**context, "type": text[1]}
    for pattern, times in CLIENT_ERROR_REPEAT:
        if _matches(pattern, text, context):
            return times
    return 1


def normalize_event(
    data: dict[str, Any], ctx: Context, handlers: Mapping[str, Callable[..., Any]]
) -> dict[str, Any]:
    """The semaphore step on the whole event (returns a new dict)."""
    options = ctx.options
    raw = data
    out: dict[str, Any] = {}
    ctx.event = out
    ctx.meta.set_child_order((), FIELD_ORDER, rest="sorted")
    ctx.raw = raw
    ctx.meta.repeat_paths[("tags",)] = 2
    client_meta = raw.get("_meta")
    if isinstance(client_meta, dict):
        ctx.meta.merge_in(
            client_meta,
            exists=lambda p: _exists(raw, p),
            repeat=lambda p: client_error_repeat(raw, p),
        )

    # platform first: handlers read it through ctx.platform
    order = [k for k in EARLY_FIELDS if k in raw] + [
        k for k in FIELD_ORDER if k in raw and k not in EARLY_FIELDS
    ]
    if raw.get("tags") is None and (
        isinstance(raw.get("server_name"), str) or isinstance(raw.get("site"), str)
    ):
        order.append("tags")
    sdk_given = False
    for key in order:
        value = raw.get(key)
        if key == "tags" and value is None:
            value = []  # server_name / site still become tags
        if value is None:
            if ctx.meta.get((key,)) is not None:
                out[key] = None  # observed: a null the client annotated in _meta stays
            continue
        if key in ("server_name", "site"):
            continue
        handler = SCALAR_HANDLERS.get(key) or handlers.get(key)
        if handler is None:
            new = value
        else:
            new = handler(value, ctx, (key,))
        if new is REMOVE:
            continue
        if key == "sdk" and _emptied(new, ctx, (key,)):
            # observed: an sdk of empty values is dropped *after* the client string was
            # considered, so it is not rebuilt from it (an invalid one is)
            sdk_given = True
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
        ctx.error((key,), "invalid_attribute")  # observed: also for a null value
        out[key] = None

    # environment from the tags
    if out.get("environment") is None and "environment" in ctx.moved:
        out["environment"] = trim_string(
            ctx.moved["environment"], STRING_LIMITS["environment"], ctx, ("environment",)
        )
    if out.get("tags") == [] and not ctx.meta.get(("tags",)):
        del out["tags"]

    # dist only with a release (a dist with an error stays, as null)
    dist_meta = ctx.meta.get(("dist",)) or {}
    if "dist" in out and out.get("release") is None and not dist_meta.get("err"):
        del out["dist"]
        ctx.meta.drop(("dist",))

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
    out["type"] = infer_type(raw.get("type"), out, raw)
    # no user: javascript/cocoa/objc events get the client's IP (observed; with a ``user``
    # the user handler decides)
    security = any(out.get(k) is not None for k in SECURITY_INTERFACES)
    if security and not out.get("logger"):
        out["logger"] = "csp"
    implicit_ip = out.get("platform") in IMPLICIT_IP_PLATFORMS or security
    if out.get("user") is None and implicit_ip and options.client_ip:
        out["user"] = {"ip_address": options.client_ip}
    if out.get("sdk") is None and not sdk_given:
        sdk = parse_client_as_sdk(options.auth_client)
        if sdk is not None:
            out["sdk"] = sdk

    reason = invalid_transaction(out)
    if reason is not None:
        ctx.refusal = "500 ProcessingActionInvalidTransaction: " + reason
    ctx.meta.relocate_client(out)
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
