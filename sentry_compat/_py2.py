"""Emulation of what CPython 2.7 did where Sentry 9.1.2's behaviour depends on it.

Sentry 9.1.2 ran on CPython 2.7 (64-bit, UCS-4, hash randomization off). Where a
py2 detail is observable in its output, this module reproduces it:

* :func:`str_hash` and :class:`Py2Dict` / :func:`dict_order`: the 64-bit string hash and
  the open-addressing dict, so the iteration order of a py2 dict can be replayed
  (variant order, JSON key order, which keys ``trim_dict`` keeps).
* :func:`py2_str`, :func:`py2_repr`: ``str()``/``unicode()`` and ``repr()`` of JSON-like
  values (``u''`` prefixes, ``L`` suffixes, 12-digit float ``str``, dict order).
* :func:`percent_format`, :func:`brace_format`: ``%``-formatting and ``str.format`` with
  py2 conversions.
* :func:`json_dumps`: ``sentry.utils.json.dumps`` (simplejson, compact, ``ensure_ascii``,
  ``ignore_nan``, keys in py2 dict order).
* :func:`force_bytes`: Django's ``force_bytes(errors='replace')`` on py2.
* :func:`urlsplit`, :func:`urlparse`, :func:`urlunsplit`, :func:`parse_qsl`: the py2.7
  ``urlparse`` module as the oracle's Debian python2.7 (2.7.18-8+deb11u1) ran it with
  ``sentry.monkey``'s schemes (``app``, ``chrome-extension`` use a netloc; leading C0
  controls and spaces stripped, tab/CR/LF removed; ``host:8080`` has no scheme, ``;`` is a
  query separator, ``unquote`` of unicode decodes escapes as latin-1).
* :func:`title`: ``str.title()`` (ASCII-only for byte strings).

**String type model.** Py2 had two string types. Data that 9.1.2 read back from its
node store went through simplejson, which returns ``str`` (bytes) for pure-ASCII
strings and ``unicode`` otherwise. This module follows that model wherever the type is
observable: an ASCII-only Python 3 ``str`` stands for a py2 ``str``, anything else for a
py2 ``unicode`` (see :func:`is_bytes_like`).
"""

from __future__ import annotations

import functools
import math
import re
import string
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = [
    "Py2Dict",
    "brace_format",
    "dict_order",
    "float_str",
    "force_bytes",
    "is_bytes_like",
    "isspace",
    "json_dumps",
    "ordered_items",
    "parse_qsl",
    "percent_format",
    "py2_repr",
    "py2_sort_key",
    "py2_str",
    "reorder",
    "str_hash",
    "title",
    "unicode_lower",
    "unicode_strip",
    "unquote",
    "urlparse",
    "urlsplit",
    "urlunsplit",
]

_MASK64 = (1 << 64) - 1
_PERTURB_SHIFT = 5
_MIN_SIZE = 8
_INT64_MIN = -(1 << 63)
_INT64_MAX = (1 << 63) - 1


def _signed64(x: int) -> int:
    x &= _MASK64
    return x - (1 << 64) if x >= (1 << 63) else x


def is_bytes_like(value: str) -> bool:
    """True where a py2 simplejson-loaded string would have been ``str``, not ``unicode``."""
    return value.isascii()


# --------------------------------------------------------------------------- hashing


def str_hash(value: str | bytes | int | bool | None) -> int:
    """``hash()`` of CPython 2.7 (64-bit, no randomization) for strings and ints.

    ``str`` and ``unicode`` hash alike for ASCII; ``unicode`` hashes its UCS-4 code points.
    """
    if value is None:
        raise TypeError("None hashes by address on py2")
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        if _INT64_MIN <= value <= _INT64_MAX:
            return -2 if value == -1 else value
        raise TypeError("long hashing is not emulated")
    units = list(value) if isinstance(value, bytes) else [ord(c) for c in value]
    if not units:
        return 0
    x = (units[0] << 7) & _MASK64
    for u in units:
        x = ((1000003 * x) ^ u) & _MASK64
    x ^= len(units)
    x = _signed64(x)
    return -2 if x == -1 else x


class Py2Dict:
    """Replays where keys land in a CPython 2.7 dict, to get its iteration order.

    Only the key positions are tracked (values are irrelevant to order). Supports
    insertion, deletion (dummy slots), presizing (``_PyDict_NewPresized``, used for dict
    displays with more than 5 entries) and resizing exactly as ``dictobject.c`` does.
    """

    _DUMMY = object()

    def __init__(self, presize: int = 0) -> None:
        self._slots: list[Any] = [None] * _MIN_SIZE
        self._fill = 0
        self._used = 0
        if presize > 5:
            self._resize(presize)

    def _probe(self, key: Any, h: int) -> int:
        mask = len(self._slots) - 1
        i = h & _MASK64
        perturb = h & _MASK64
        free: int | None = None
        idx = i & mask
        while True:
            slot = self._slots[idx]
            if slot is None:
                return idx if free is None else free
            if slot is self._DUMMY:
                if free is None:
                    free = idx
            elif slot[0] == key:
                return idx
            i = ((i << 2) + i + perturb + 1) & _MASK64
            perturb >>= _PERTURB_SHIFT
            idx = i & mask

    def _resize(self, minused: int) -> None:
        newsize = _MIN_SIZE
        while newsize <= minused:
            newsize <<= 1
        old = self._slots
        self._slots = [None] * newsize
        self._fill = self._used = 0
        for slot in old:
            if slot is not None and slot is not self._DUMMY:
                self._insert_clean(slot)

    def _insert_clean(self, entry: tuple[Any, int]) -> None:
        mask = len(self._slots) - 1
        i = entry[1] & _MASK64
        perturb = entry[1] & _MASK64
        idx = i & mask
        while self._slots[idx] is not None:
            i = ((i << 2) + i + perturb + 1) & _MASK64
            perturb >>= _PERTURB_SHIFT
            idx = i & mask
        self._slots[idx] = entry
        self._fill += 1
        self._used += 1

    def insert(self, key: Any) -> None:
        h = str_hash(key)
        n_used = self._used
        idx = self._probe(key, h)
        slot = self._slots[idx]
        if slot is not None and slot is not self._DUMMY:
            return  # existing key: value replaced, position unchanged
        if slot is None:
            self._fill += 1
        self._slots[idx] = (key, h)
        self._used += 1
        if self._used > n_used and self._fill * 3 >= len(self._slots) * 2:
            self._resize((2 if self._used > 50000 else 4) * self._used)

    def update(self, keys: Sequence[Any]) -> None:
        """``dict.update(other)`` with ``other`` a dict whose iteration order is ``keys``.

        py2's ``dict_merge`` resizes once up front and then inserts without resize checks.
        """
        if not keys:
            return
        if (self._fill + len(keys)) * 3 >= len(self._slots) * 2:
            self._resize((self._used + len(keys)) * 2)
        for key in keys:
            h = str_hash(key)
            idx = self._probe(key, h)
            slot = self._slots[idx]
            if slot is not None and slot is not self._DUMMY:
                continue
            if slot is None:
                self._fill += 1
            self._slots[idx] = (key, h)
            self._used += 1

    def delete(self, key: Any) -> None:
        idx = self._probe(key, str_hash(key))
        slot = self._slots[idx]
        if slot is None or slot is self._DUMMY:
            raise KeyError(key)
        self._slots[idx] = self._DUMMY
        self._used -= 1

    def keys(self) -> list[Any]:
        return [s[0] for s in self._slots if s is not None and s is not self._DUMMY]


def dict_order(keys: Iterable[Any], presize: int = 0) -> list[Any]:
    """Iteration order of a fresh py2 dict after inserting ``keys`` in the given order."""
    return list(_dict_order_cached(tuple(keys), presize))


@functools.lru_cache(maxsize=4096)
def _dict_order_cached(keys: tuple[Any, ...], presize: int) -> tuple[Any, ...]:
    d = Py2Dict(presize)
    for k in keys:
        d.insert(k)
    return tuple(d.keys())


def reorder(mapping: Mapping[Any, Any], literal: bool = False) -> dict[Any, Any]:
    """A copy of ``mapping`` whose insertion order is py2's iteration order of it."""
    return dict(ordered_items(mapping, literal=literal))


def ordered_items(mapping: Mapping[Any, Any], literal: bool = False) -> list[tuple[Any, Any]]:
    """``mapping.items()`` in the order py2 would iterate a dict built in ``mapping``'s order.

    ``literal=True`` models a dict display (``{...}``), which py2 presizes. Keys that the
    emulated hash cannot handle (floats, tuples, ...) keep Python 3 order.
    """
    try:
        order = dict_order(mapping, presize=len(mapping) if literal else 0)
    except TypeError:
        return list(mapping.items())
    return [(k, mapping[k]) for k in order]


# --------------------------------------------------------------------------- unicode

# py2 (Unicode 5.2) counted U+180E MONGOLIAN VOWEL SEPARATOR as whitespace; py3 does not.
_PY2_EXTRA_SPACE = frozenset("\u180e")


def isspace(ch: str) -> bool:
    """py2 ``unicode.isspace`` of one character."""
    return ch.isspace() or ch in _PY2_EXTRA_SPACE


def unicode_strip(value: str) -> str:
    """py2 ``unicode.strip()`` (whitespace per py2's Unicode 5.2 tables)."""
    start, end = 0, len(value)
    while start < end and isspace(value[start]):
        start += 1
    while end > start and isspace(value[end - 1]):
        end -= 1
    return value[start:end]


def unicode_lower(value: str) -> str:
    """py2 ``unicode.lower()``: one code point to one (no final-sigma rule, ``İ`` -> ``i``).

    Case pairs added to Unicode after 5.2 (e.g. Georgian Mtavruli) stay unchanged.
    """
    if value.isascii():
        return value.lower()
    out = []
    for ch in value:
        if ch == "\u0130":
            out.append("i")
        elif "\u1c90" <= ch <= "\u1cbf":
            out.append(ch)
        else:
            low = ch.lower()
            out.append(low if len(low) == 1 else ch)
    return "".join(out)


# --------------------------------------------------------------------------- str / repr


def float_str(x: float) -> str:
    """py2 ``str(float)``: 12 significant digits, ``.0`` added to integral values."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    rv = "%.12g" % x
    if "e" in rv:
        mantissa, exp = rv.split("e")
        sign = exp[0]
        digits = exp[1:].lstrip("0")
        rv = "%se%s%s" % (mantissa, sign, digits.rjust(2, "0"))
        return rv
    if "." not in rv and "inf" not in rv and "nan" not in rv:
        rv += ".0"
    return rv


def _float_repr(x: float) -> str:
    # py2.7 repr(float) is the shortest round-tripping repr, as on py3.
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return repr(x)


def _unicode_repr_body(s: str) -> str:
    quote = "'"
    if "'" in s and '"' not in s:
        quote = '"'
    out = []
    for ch in s:
        o = ord(ch)
        if ch == quote or ch == "\\":
            out.append("\\" + ch)
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif o < 0x20 or 0x7F <= o < 0x100:
            out.append("\\x%02x" % o)
        elif o < 0x7F:
            out.append(ch)
        elif o < 0x10000:
            out.append("\\u%04x" % o)
        else:
            out.append("\\U%08x" % o)
    return quote + "".join(out) + quote


def py2_repr(value: Any) -> str:
    """``repr()`` on py2 of a JSON-like value (see the module's string type model)."""
    if value is None:
        return "None"
    if value is True:
        return "True"
    if value is False:
        return "False"
    if isinstance(value, int):
        if _INT64_MIN <= value <= _INT64_MAX:
            return str(value)
        return "%dL" % value
    if isinstance(value, float):
        return _float_repr(value)
    if isinstance(value, bytes):
        return _unicode_repr_body(value.decode("latin-1"))
    if isinstance(value, str):
        body = _unicode_repr_body(value)
        # simplejson 3.8.2 (9.1.2's JSON) decodes "" as u'' (checked on 9.1.2)
        return body if value and is_bytes_like(value) else "u" + body
    if isinstance(value, tuple):
        if len(value) == 1:
            return "(%s,)" % py2_repr(value[0])
        return "(%s)" % ", ".join(py2_repr(v) for v in value)
    if isinstance(value, list):
        return "[%s]" % ", ".join(py2_repr(v) for v in value)
    if isinstance(value, Mapping):
        return "{%s}" % ", ".join(
            "%s: %s" % (py2_repr(k), py2_repr(v)) for k, v in ordered_items(value)
        )
    return repr(value)


def py2_str(value: Any) -> str:
    """``unicode()`` (equivalently ``str()``) on py2 of a JSON-like value."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return py2_repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return float_str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return py2_repr(value)


def py2_sort_key(value: Any) -> tuple[int, Any]:
    """Sort key giving py2's order for mixed key types: None < numbers < strings < rest."""
    if value is None:
        return (0, 0)
    if isinstance(value, (int, float)):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    return (3, repr(value))


def force_bytes(value: Any) -> bytes:
    """Django's ``force_bytes(value, errors='replace')`` on py2.

    Unicode is UTF-8 encoded; py2's codec encodes lone surrogates too. Everything else
    goes through py2 ``str()``.
    """
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    return py2_str(value).encode("utf-8", "surrogatepass")


# --------------------------------------------------------------------------- formatting

_PERCENT_RE = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?(?P<flags>[-+ #0]*)(?P<width>\*|\d+)?"
    r"(?:\.(?P<prec>\*|\d+))?[hlL]?(?P<conv>.?)",
    re.S,
)


def percent_format(template: str, args: Any) -> str:
    """``template % args`` with py2 semantics for the ``s``/``r`` conversions.

    Raises ``TypeError``/``ValueError``/``KeyError`` where py2 raised (e.g. for ``%a``,
    unknown on py2).
    """
    if isinstance(args, Mapping) and not isinstance(args, (tuple, str)):
        mapping: Mapping[Any, Any] | None = args
        arglist: Sequence[Any] = (args,)
        arglen = -1
    elif isinstance(args, tuple):
        mapping = None
        arglist = args
        arglen = len(args)
    else:
        mapping = None
        arglist = (args,)
        arglen = -1
    idx = 0
    out: list[str] = []
    pos = 0

    def next_arg() -> Any:
        nonlocal idx
        if arglen == -1:
            if idx > 0:
                raise TypeError("not enough arguments for format string")
            idx += 1
            return arglist[0]
        if idx >= arglen:
            raise TypeError("not enough arguments for format string")
        idx += 1
        return arglist[idx - 1]

    while True:
        nxt = template.find("%", pos)
        if nxt < 0:
            out.append(template[pos:])
            break
        out.append(template[pos:nxt])
        m = _PERCENT_RE.match(template, nxt)
        assert m is not None
        conv = m.group("conv")
        if conv == "":
            raise ValueError("incomplete format")
        if conv == "%" and m.group("key") is None:
            out.append("%")
            pos = m.end()
            continue
        key = m.group("key")
        if key is not None:
            if mapping is None:
                raise TypeError("format requires a mapping")
            value = mapping[key]
        else:
            value = None
        width = m.group("width")
        prec = m.group("prec")
        if width == "*":
            width = str(next_arg())
        if prec == "*":
            prec = str(next_arg())
        if key is None:
            value = next_arg()
        spec = "%" + m.group("flags") + (width or "") + ("." + prec if prec else "")
        if conv == "s":
            out.append((spec + "s") % py2_str(value))
        elif conv == "r":
            out.append((spec + "s") % py2_repr(value))
        elif conv in "diouxXeEfFgGc":
            if isinstance(value, str) and conv != "c":
                raise TypeError("%%%s format: a number is required" % conv)
            out.append((spec + conv) % value)
        elif conv == "%":
            out.append((spec + "s") % "%")
        else:
            raise ValueError("unsupported format character %r" % conv)
        pos = m.end()
    if arglen != -1 and idx < arglen and mapping is None:
        raise TypeError("not all arguments converted during string formatting")
    if arglen == -1 and idx == 0 and mapping is None:
        raise TypeError("not all arguments converted during string formatting")
    return "".join(out)


class _Py2Formatter(string.Formatter):
    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion is None:
            return value
        if conversion == "s":
            return py2_str(value)
        if conversion == "r":
            return py2_repr(value)
        raise ValueError("Unknown conversion specifier %s" % conversion)

    def format_field(self, value: Any, format_spec: str) -> str:
        if not format_spec:
            return py2_str(value)
        if isinstance(value, (list, tuple, dict)) or value is None:
            raise TypeError("non-empty format string passed to object.__format__")
        return format(value, format_spec)


def brace_format(template: str, *args: Any, **kwargs: Any) -> str:
    """``template.format(*args, **kwargs)`` with py2 ``str()``/``repr()`` of the arguments."""
    return _Py2Formatter().format(template, *args, **kwargs)


# --------------------------------------------------------------------------- json


def _json_str(s: str) -> str:
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif o < 0x20 or o > 0x7E:
            if o > 0xFFFF:
                o -= 0x10000
                out.append("\\u%04x\\u%04x" % (0xD800 | (o >> 10), 0xDC00 | (o & 0x3FF)))
            else:
                out.append("\\u%04x" % o)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def json_dumps(value: Any) -> str:
    """``sentry.utils.json.dumps`` on py2: compact, ASCII, NaN/inf as null, py2 key order."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return "null"
        return repr(value)
    if isinstance(value, str):
        return _json_str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(json_dumps(v) for v in value) + "]"
    if isinstance(value, Mapping):
        parts = []
        for k, v in ordered_items(value):
            if isinstance(k, str):
                ks = k
            elif isinstance(k, float):
                ks = _float_repr(k)
            elif k is None or isinstance(k, (bool, int)):
                ks = json_dumps(k)
            else:
                raise TypeError("key %r is not a string" % (k,))
            parts.append(_json_str(ks) + ":" + json_dumps(v))
        return "{" + ",".join(parts) + "}"
    raise TypeError("%r is not JSON serializable" % (value,))


# --------------------------------------------------------------------------- urlparse

_SCHEME_CHARS = frozenset(string.ascii_letters + string.digits + "+-.")
_USES_NETLOC = frozenset(
    [
        "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https",
        "shttp", "snews", "prospero", "rtsp", "rtspu", "rsync", "", "svn", "svn+ssh",
        "sftp", "nfs", "git", "git+ssh",
        # src/sentry/monkey.py: register_scheme, run when sentry is imported
        "app", "chrome-extension",
    ]
)  # fmt: skip
#: Debian's python2.7 2.7.18-8+deb11u1 (the oracle's) carries the CVE-2023-24329 and
#: bpo-43882 fixes: leading C0 controls and spaces are stripped, tab/CR/LF removed anywhere
_C0_CONTROL_OR_SPACE = "".join(chr(i) for i in range(32)) + " "
_UNSAFE_URL_CHARS = str.maketrans("", "", "\t\r\n")
_USES_PARAMS = frozenset(
    [
        "ftp", "hdl", "prospero", "http", "imap", "https", "shttp", "rtsp", "rtspu", "sip",
        "sips", "mms", "", "sftp", "tel",
    ]
)  # fmt: skip


def _splitnetloc(url: str, start: int = 0) -> tuple[str, str]:
    delim = len(url)
    for c in "/?#":
        wdelim = url.find(c, start)
        if wdelim >= 0:
            delim = min(delim, wdelim)
    return url[start:delim], url[delim:]


def _checknetloc(netloc: str) -> None:
    # py2.7.17+: reject netlocs that NFKC-normalize into URL delimiters
    if not netloc or netloc.isascii():
        return
    n = netloc.replace("@", "").replace(":", "").replace("#", "").replace("?", "")
    netloc2 = unicodedata.normalize("NFKC", n)
    if n == netloc2:
        return
    for c in "/?#@:":
        if c in netloc2:
            raise ValueError(
                "netloc %r contains invalid characters under NFKC normalization" % netloc
            )


_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def urlsplit(url: str) -> tuple[str, str, str, str, str]:
    """py2.7 ``urlparse.urlsplit`` as the oracle's Debian python2.7 ran it (leading C0
    controls and spaces stripped, tab/CR/LF removed; ``host:8080`` keeps no scheme; a scheme
    must start with an ASCII letter)."""
    url = url.lstrip(_C0_CONTROL_OR_SPACE).translate(_UNSAFE_URL_CHARS)
    netloc = query = fragment = ""
    scheme = ""
    i = url.find(":")
    # (Debian's security patch: a scheme starts with an ASCII letter)
    if i > 0 and url[0] in _ASCII_LETTERS:
        if url[:i] == "http":
            scheme = "http"
            url = url[i + 1 :]
        elif all(c in _SCHEME_CHARS for c in url[:i]):
            rest = url[i + 1 :]
            if not rest or any(c not in "0123456789" for c in rest):
                scheme, url = url[:i].lower(), rest
    if url[:2] == "//":
        netloc, url = _splitnetloc(url, 2)
        if ("[" in netloc and "]" not in netloc) or ("]" in netloc and "[" not in netloc):
            raise ValueError("Invalid IPv6 URL")
    if "#" in url:
        url, fragment = url.split("#", 1)
    if "?" in url:
        url, query = url.split("?", 1)
    _checknetloc(netloc)
    return scheme, netloc, url, query, fragment


def urlparse(url: str) -> tuple[str, str, str, str, str, str]:
    """py2.7 ``urlparse.urlparse``: ``urlsplit`` plus ``;params`` for some schemes."""
    scheme, netloc, path, query, fragment = urlsplit(url)
    params = ""
    if scheme in _USES_PARAMS and ";" in path:
        if "/" in path:
            i = path.find(";", path.rfind("/"))
        else:
            i = path.find(";")
        if i >= 0:
            path, params = path[:i], path[i + 1 :]
    return scheme, netloc, path, params, query, fragment


def urlunsplit(parts: Sequence[str | None]) -> str:
    """py2.7 ``urlparse.urlunsplit``."""
    scheme, netloc, url, query, fragment = parts
    url = url or ""
    if netloc or (scheme and scheme in _USES_NETLOC and url[:2] != "//"):
        if url and url[:1] != "/":
            url = "/" + url
        url = "//" + (netloc or "") + url
    if scheme:
        url = scheme + ":" + url
    if query:
        url = url + "?" + query
    if fragment:
        url = url + "#" + fragment
    return url


_HEXDIG = "0123456789ABCDEFabcdef"


def _unquote_bytes(s: str) -> bytes:
    raw = s.encode("utf-8", "surrogatepass")
    res = bytearray()
    i = 0
    while i < len(raw):
        c = raw[i]
        if (
            c == 0x25
            and i + 2 < len(raw)
            and chr(raw[i + 1]) in _HEXDIG
            and chr(raw[i + 2]) in _HEXDIG
        ):
            res.append(int(raw[i + 1 : i + 3], 16))
            i += 3
        else:
            res.append(c)
            i += 1
    return bytes(res)


_ASCII_RUN_RE = re.compile(r"([\x00-\x7f]+)")


def unquote(s: str) -> str | bytes:
    """py2.7 ``urllib.unquote``.

    For a py2 ``str`` (ASCII here) the result is bytes (escapes give raw bytes). For a
    ``unicode`` value, escapes inside ASCII runs are decoded as latin-1.
    """
    if is_bytes_like(s):
        return _unquote_bytes(s)
    if "%" not in s:
        return s
    bits = _ASCII_RUN_RE.split(s)
    res = [bits[0]]
    for j in range(1, len(bits), 2):
        res.append(_unquote_bytes(bits[j]).decode("latin-1"))
        res.append(bits[j + 1])
    return "".join(res)


def parse_qsl(qs: str, keep_blank_values: bool = False) -> list[tuple[str | bytes, str | bytes]]:
    """py2.7 ``urlparse.parse_qsl`` (splits on ``&`` and ``;``)."""
    pairs = [s2 for s1 in qs.split("&") for s2 in s1.split(";")]
    r: list[tuple[str | bytes, str | bytes]] = []
    for name_value in pairs:
        if not name_value:
            continue
        nv = name_value.split("=", 1)
        if len(nv) != 2:
            if keep_blank_values:
                nv.append("")
            else:
                continue
        if len(nv[1]) or keep_blank_values:
            r.append((unquote(nv[0].replace("+", " ")), unquote(nv[1].replace("+", " "))))
    return r


def title(value: str) -> str:
    """py2 ``str.title()`` / ``unicode.title()``.

    A py2 ``str`` (ASCII here) is titled by ASCII rules; py3's ``str.title`` on ASCII text
    agrees with that, so this only differs for non-ASCII text, which py2 ``unicode.title``
    handles with its own (older) Unicode tables; py3's are used as the nearest match.
    """
    if is_bytes_like(value):
        out = []
        prev_cased = False
        for ch in value:
            if ch.isascii() and ch.isalpha():
                out.append(ch.lower() if prev_cased else ch.upper())
                prev_cased = True
            else:
                out.append(ch)
                prev_cased = False
        return "".join(out)
    return value.title()
