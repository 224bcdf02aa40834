"""The processing stage for JavaScript/Node events, as 9.1.2 ran it without network.

Ported from 9.1.2 (BSD): ``src/sentry/stacktraces.py`` (``process_stacktraces`` with the one
processor that applies here), ``src/sentry/lang/javascript/processor.py``
(``JavaScriptStacktraceProcessor``, ``fetch_file``, ``generate_module``), ``src/sentry/http.py``
(``fetch_file``'s errors, ``expose_url``), ``src/sentry/lang/javascript/plugin.py``
(``preprocess_event``: ``rewrite_exception``, ``translate_exception``, ``fix_culprit``,
``generate_modules``) and ``errorlocale.py``.

The source fetcher never gets a file here (the oracle has no network, and neither has the one
the library is measured against), so what it leaves in the event is deterministic and is
simulated without any I/O (observed on 9.1.2, ``tests/normalize/test_javascript.py``):

* every ``http:``/``https:`` fetch fails (:func:`fetch_outcome`): ``fetch_generic_error``
  with the requests exception class as ``value`` (``ConnectionError``, or ``InvalidURL``
  for a URL without a host), or ``fetch_invalid_http_code`` (404) for IP addresses, which
  the sandbox's egress proxy answered; ``url`` is cut at 150 characters (``expose_url``); 9.1.2's domain lock and source cache go through
  Django's cache, which 9.1.2's default settings make a ``DummyCache``: nothing is cached, so
  every fetch fails afresh; other URLs and URLs ending in ``...`` give ``js_no_source``;
  after 100 fetches in one event ``js_too_many_sources``;
* sources are fetched once per distinct ``abs_path`` up front (in py2 set order; node events
  only ``app:`` paths), then twice more for every processed frame (its source and
  ``expand_frame``'s); a frame reports the errors its URL had collected *before* it, so a
  path that only one node frame has reports nothing;
* errors are appended per stacktrace, de-duplicated; a stacktrace that got an error keeps
  only its JavaScript/node frames (null frames and frames of other platforms are dropped);
* a ``null`` frame in any stacktrace of such an event crashed the processor: 9.1.2 stored
  nothing (``ctx.moved["dropped"]`` says why; the event is left unprocessed);
* React's minified errors are not rewritten (the mapping is fetched from GitHub: no network).
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
from importlib import resources
from typing import Any

from .. import _py2
from ..stacktraces import find_stacktraces_in_data
from ..trimming import truncatechars
from .context import Context
from .culprit import generate_culprit

__all__ = [
    "CONNECTION_ERROR",
    "DROPPED_KEY",
    "MAX_RESOURCE_FETCHES",
    "fetch_outcome",
    "generate_module",
    "process",
    "translate_message",
]

#: src/sentry/lang/javascript/processor.py: MAX_RESOURCE_FETCHES
MAX_RESOURCE_FETCHES = 100
#: src/sentry/http.py: MAX_URL_LENGTH (of ``url`` in errors)
MAX_URL_LENGTH = 150
#: What requests raised for an http(s) URL with no network (observed, 9.1.2 + requests 2.20.1)
CONNECTION_ERROR = "<class 'requests.exceptions.ConnectionError'>"
INVALID_URL = "<class 'requests.exceptions.InvalidURL'>"
#: ctx.moved key set when 9.1.2 would have crashed in processing (nothing stored)
DROPPED_KEY = "dropped"

JS_PLATFORMS = ("javascript", "node")
UNKNOWN_MODULE = "<unknown module>"
# src/sentry/lang/javascript/processor.py: CLEAN_MODULE_RE, VERSION_RE (py2: ASCII classes)
CLEAN_MODULE_RE = re.compile(
    r"""^
(?:/|  # Leading slashes
(?:
    (?:java)?scripts?|js|build|static|node_modules|bower_components|[_\.~].*?|  # common folder prefixes
    v?(?:\d+\.)*\d+|   # version numbers, v1, 1.0.0
    [a-f0-9]{7,8}|     # short sha
    [a-f0-9]{32}|      # md5
    [a-f0-9]{40}       # sha1
)/)+|
(?:[-\.][a-f0-9]{7,}$)  # Ending in a commitish
""",
    re.X | re.I | re.ASCII,
)
VERSION_RE = re.compile(r"^[a-f0-9]{32}|[a-f0-9]{40}$", re.I | re.ASCII)


# ---------------------------------------------------------------------------- modules
def generate_module(src: str | None) -> str:
    """A made-up module name from a URL (src/sentry/lang/javascript/processor.py:
    generate_module): ``http://google.com/js/v1.0/foo/bar/baz.js`` -> ``foo/bar/baz``."""
    if not src:
        return UNKNOWN_MODULE
    filename, _ext = posixpath.splitext(_py2.urlsplit(src)[2])
    if filename.endswith(".min"):
        filename = filename[:-4]
    tokens = filename.split("/")
    for idx, token in enumerate(tokens):
        if VERSION_RE.match(token):
            return "/".join(tokens[idx + 1 :])
    return CLEAN_MODULE_RE.sub("", filename) or UNKNOWN_MODULE


def generate_modules(data: dict[str, Any]) -> None:
    # src/sentry/lang/javascript/plugin.py: generate_modules
    # (9.1.2 ran it under safe_execute: a URL urlsplit refuses ends it, what was done stays)
    for info in find_stacktraces_in_data(data):
        for frame in [f for f in info.stacktrace.get("frames") or () if f is not None]:
            platform = frame.get("platform") or data["platform"]
            if platform not in JS_PLATFORMS or frame.get("module"):
                continue
            abs_path = frame.get("abs_path")
            if abs_path and abs_path.startswith(("http:", "https:", "webpack:", "app:")):
                try:
                    frame["module"] = generate_module(abs_path)
                except ValueError:
                    return


def fix_culprit(data: dict[str, Any]) -> None:
    # src/sentry/lang/javascript/plugin.py: fix_culprit
    values = (data.get("exception") or {}).get("values")
    if not isinstance(values, list) or not [v for v in values if v is not None]:
        return
    data["culprit"] = generate_culprit(data)


# ---------------------------------------------------------------------------- locales
#: what ``%s`` becomes in a translation's regex (errorlocale.py: ``format_string_data``)
_FORMAT_DATA_RE = r"(?P<format_string_data>[a-zA-Z0-9-_\$]+)"


class _Patterns:
    """The translations with ``%s``: tried in file order, each only where its literal text
    around ``%s`` can match (compiled on first use)."""

    def __init__(self, entries: list[tuple[str, str]]) -> None:
        self.entries = entries  # (translation, key) in file order
        self.compiled: list[re.Pattern[str] | None] = [None] * len(entries)
        self.affixes: list[tuple[str, str]] = []
        # (first char of the prefix or "", last char of the suffix or "") -> entry indexes
        self.buckets: dict[tuple[str, str], list[int]] = {}
        for index, (translation, _key) in enumerate(entries):
            prefix, _, suffix = translation.partition("%s")
            self.affixes.append((prefix, suffix))
            self.buckets.setdefault((prefix[:1], suffix[-1:]), []).append(index)

    def pattern(self, index: int) -> re.Pattern[str]:
        compiled = self.compiled[index]
        if compiled is None:
            regex = re.escape(self.entries[index][0]).replace(r"%s", _FORMAT_DATA_RE)
            compiled = self.compiled[index] = re.compile("^" + regex + "$")
        return compiled

    def candidates(self, message: str) -> list[int]:
        """Indexes (in file order) of the patterns that may match ``message``: a match is
        ``prefix + data + suffix`` with ``$`` at the end or before a final newline."""
        firsts = ("", message[:1]) if message else ("",)
        lasts = ["", message[-1:]] if message else [""]
        if message[-1:] == "\n" and len(message) > 1 and message[-2] not in lasts:
            lasts.append(message[-2])
        found: list[int] = []
        for first in firsts:
            for last in lasts:
                found.extend(self.buckets.get((first, last), ()))
        found.sort()
        out = []
        for index in found:
            prefix, suffix = self.affixes[index]
            if message.startswith(prefix) and message.endswith((suffix, suffix + "\n")):
                out.append(index)
        return out


@functools.lru_cache(maxsize=1)
def _locale_tables() -> tuple[dict[str, str], dict[str, list[str]], _Patterns]:
    """(en-US text by key, keys by exact foreign text, translations with ``%s``) from the
    error-locale data of 9.1.2 (src/sentry/data/error-locale, BSD)."""
    target: dict[str, str] = {}
    exact: dict[str, list[str]] = {}
    patterns: list[tuple[str, str]] = []
    folder = resources.files(__package__).joinpath("data", "error-locale")
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        with io.TextIOWrapper(entry.open("rb"), encoding="utf-8") as f:
            for line in f:
                key, translation = line.split(",", 1)
                translation = translation.strip()
                if "en-US" in entry.name:
                    target[key] = translation
                elif "%s" in translation:
                    patterns.append((translation, key))
                else:
                    exact.setdefault(translation, []).append(key)
    return target, exact, _Patterns(patterns)


def _find_translation(message: str) -> tuple[str | None, str | None]:
    """src/sentry/lang/javascript/errorlocale.py: find_translation.  9.1.2 tried its
    translations in py2 set order (by object id: arbitrary); where one message matches
    several keys with different English texts (5 texts in the data) the first key in file
    order is used here."""
    _target, exact, patterns = _locale_tables()
    keys = exact.get(message)
    if keys:
        return keys[0], None
    for index in patterns.candidates(message):
        match = patterns.pattern(index).search(message)
        if match is not None:
            return patterns.entries[index][1], match.group("format_string_data")
    return None, None


MESSAGE_TYPE_RE = re.compile(r"^(?P<type>[a-zA-Z]*Error): (?P<message>.*)")


def translate_message(original: Any) -> Any:
    """A localized browser error message in English (errorlocale.py: translate_message)."""
    if not isinstance(original, str):
        return original
    kind = None
    message = _py2.unicode_strip(original)
    match = MESSAGE_TYPE_RE.search(message)
    if match is not None:
        kind, message = match.group("type"), match.group("message")
    translation, data = _find_translation(message)
    if translation is None:
        return original
    translated = _locale_tables()[0].get(translation, original)
    if kind is not None:
        translated = kind + ": " + translated
    return translated if data is None else translated.replace("%s", data)


def translate_exception(data: dict[str, Any]) -> None:
    # src/sentry/lang/javascript/errorlocale.py: translate_exception
    logentry = data.get("logentry")
    if isinstance(logentry, dict):
        for key in ("message", "formatted"):
            if logentry.get(key):
                logentry[key] = translate_message(logentry[key])
    for entry in _values(data):
        if isinstance(entry, dict) and "value" in entry:
            entry["value"] = translate_message(entry["value"])


def _values(data: dict[str, Any]) -> list[Any]:
    values = (data.get("exception") or {}).get("values")
    return [v for v in values if v is not None] if isinstance(values, list) else []


# ---------------------------------------------------------------------------- fetching
def expose_url(url: str | None) -> str:
    # src/sentry/http.py: expose_url
    if url is None:
        return "<unknown>"
    if url[:5] == "data:":
        return "<data url>"
    return truncatechars(url, MAX_URL_LENGTH) or ""


class _Fetcher:
    """``JavaScriptStacktraceProcessor``'s source cache with every fetch failing."""

    def __init__(self, platform: Any) -> None:
        self.platform = platform
        self.fetch_count = 0
        self.errors: dict[str, list[dict[str, Any]]] = {}

    def cache_source(self, filename: str) -> None:
        # src/sentry/lang/javascript/processor.py: cache_source (every fetch fails)
        self.fetch_count += 1
        if self.fetch_count > MAX_RESOURCE_FETCHES:
            error: dict[str, Any] = {"type": "js_too_many_sources"}
        else:
            error = self._fetch_error(filename)
        self.errors.setdefault(filename, []).append(error)

    def _fetch_error(self, url: str) -> dict[str, Any]:
        # src/sentry/lang/javascript/processor.py: fetch_file; src/sentry/http.py: fetch_file
        if url[-3:] == "...":
            return {"type": "js_no_source", "url": expose_url(url)}
        if not url.startswith(("http:", "https:")):
            return {"type": "js_no_source", "url": expose_url(url)}
        # http.py: fetch_file reads the domain before its try: a bad IPv6 URL raised out of
        # the whole processing stage (observed: nothing stored)
        _py2.urlparse(url)
        # the domain lock (http.py) lives in Django's cache: a DummyCache in 9.1.2's settings
        outcome = fetch_outcome(url)
        if isinstance(outcome, int):
            return {"type": "fetch_invalid_http_code", "value": outcome, "url": expose_url(url)}
        return {"type": "fetch_generic_error", "value": outcome, "url": expose_url(url)}

    def get_errors(self, url: str) -> list[dict[str, Any]]:
        return list(self.errors.get(url, ()))


def _urllib3_host(url: str) -> str | None:
    """The host urllib3 1.24's ``parse_url`` finds in ``url`` (``None``: none, or an
    unparseable port: requests then raised ``InvalidURL``)."""
    if "://" in url:
        url = url.split("://", 1)[1]
    cut = [i for i in (url.find("/"), url.find("?"), url.find("#")) if i >= 0]
    if cut:
        url = url[: min(cut)]
    if "@" in url:
        url = url.rsplit("@", 1)[1]
    host = None
    if url[:1] == "[" and "]" in url:
        host, url = url.split("]", 1)
        host += "]"
    if ":" in url:
        name, port = url.split(":", 1)
        host = host or name
        if port and not port.isdigit():
            return None
    elif not host and url:
        host = url
    return host or None


def fetch_outcome(url: str) -> str | int:
    """What a fetch of the http(s) ``url`` gave 9.1.2 in a sandbox without network (observed
    on this machine): an HTTP status (an egress proxy answered IP addresses with 404, the
    cloud metadata address with 403), else the requests exception class."""
    host = _urllib3_host(url)
    if host is None:
        return INVALID_URL
    if not host.isascii():
        try:
            host.encode("idna")
        except UnicodeError:
            return INVALID_URL
        return CONNECTION_ERROR
    if host.startswith("["):
        return CONNECTION_ERROR
    import socket  # only http(s) frames get here: not loaded with the package

    try:
        packed = socket.inet_aton(host)
    except OSError:
        return CONNECTION_ERROR  # a name: no DNS
    if packed[0] in (0, 127):
        return CONNECTION_ERROR  # nothing listens
    if packed == bytes((169, 254, 169, 254)):
        return 403
    return 404


def _processable(frame: Any, data: dict[str, Any]) -> bool:
    # JavaScriptStacktraceProcessor.handles_frame
    return (
        isinstance(frame, dict) and (frame.get("platform") or data.get("platform")) in JS_PLATFORMS
    )


def _pending_files(frames: list[dict[str, Any]], data: dict[str, Any]) -> list[str]:
    """``populate_source_cache``: the distinct ``abs_path`` of the valid frames, in the order
    py2 iterated the ``set`` it built."""
    pending: list[str] = []
    seen: set[str] = set()
    for frame in frames:
        abs_path = frame.get("abs_path")
        if abs_path is None or abs_path == "<anonymous>":
            continue
        if data.get("platform") == "node" and not abs_path.startswith("app:"):
            continue
        if abs_path not in seen:
            seen.add(abs_path)
            pending.append(abs_path)
    try:
        return _py2.dict_order(pending)
    except TypeError:
        return pending


def _process_frame(
    frame: dict[str, Any], data: dict[str, Any], fetcher: _Fetcher
) -> list[Any] | None:
    """``JavaScriptStacktraceProcessor.process_frame`` with no source: the errors the frame
    reports, or ``None`` when it is left as it is."""
    abs_path = frame.get("abs_path")
    if not abs_path or not frame.get("lineno"):
        return None
    if data.get("platform") == "node" and not abs_path.startswith(("/", "app:", "webpack:")):
        return None
    errors = fetcher.get_errors(abs_path)
    fetcher.cache_source(abs_path)  # get_sourceview: the source is never in the cache
    fetcher.cache_source(abs_path)  # expand_frame asks again
    return errors or None


def _dedup(errors: list[Any]) -> list[Any]:
    # src/sentry/stacktraces.py: dedup_errors
    out: list[Any] = []
    for error in errors:
        if error not in out:
            out.append(error)
    return out


def _stacktraces_crash(infos: list[Any]) -> bool:
    """``get_valid_frames`` calls ``.get`` on every frame of every stacktrace: a ``null``
    frame raised ``AttributeError`` and the event was never stored (observed)."""
    return any(frame is None for info in infos for frame in info.stacktrace.get("frames") or ())


def process_stacktraces(data: dict[str, Any], ctx: Context) -> bool:
    """src/sentry/stacktraces.py: process_stacktraces with the JavaScript processor; returns
    whether the event survived."""
    infos = find_stacktraces_in_data(data)
    platforms = {p for info in infos for p in info.platforms}
    if not platforms & set(JS_PLATFORMS):
        return True
    if _stacktraces_crash(infos):
        ctx.moved[DROPPED_KEY] = (
            "processing failed (AttributeError in JavaScriptStacktraceProcessor."
            "get_valid_frames: a null frame): 9.1.2 stored nothing"
        )
        return False
    try:
        _process(data, infos)
    except ValueError as exc:  # urlparse's "Invalid IPv6 URL"
        ctx.moved[DROPPED_KEY] = "processing failed (ValueError: %s): 9.1.2 stored nothing" % exc
        return False
    return True


def _process(data: dict[str, Any], infos: list[Any]) -> None:
    fetcher = _Fetcher(data.get("platform"))
    valid = [
        f
        for info in infos
        for f in info.stacktrace.get("frames") or ()
        if f.get("lineno") is not None
    ]
    if valid:
        for filename in _pending_files(valid, data):
            fetcher.cache_source(filename)
    for info in infos:
        frames = [f for f in info.stacktrace.get("frames") or () if _processable(f, data)]
        if not frames:
            continue
        errors: list[Any] = []
        changed = False
        new_frames = []
        for frame in frames:
            reported = _process_frame(frame, data, fetcher)
            new_frames.append(frame)
            if reported is not None:
                changed = True
                errors.extend(reported)
        if changed:
            info.stacktrace["frames"] = new_frames
        if errors:
            data.setdefault("errors", []).extend(_dedup(errors))


def process(data: dict[str, Any], ctx: Context) -> None:
    """The processing stage (src/sentry/tasks/store.py: _do_process_event) for JavaScript and
    node events, in place."""
    if not process_stacktraces(data, ctx):
        return
    if data.get("platform") not in JS_PLATFORMS:
        return
    # src/sentry/lang/javascript/plugin.py: preprocess_event (rewrite_exception needs the
    # network for its mapping: a no-op here)
    translate_exception(data)
    fix_culprit(data)
    generate_modules(data)
