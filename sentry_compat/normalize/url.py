"""URLs as semaphore 0.4.65 parsed them: the one URL Standard parser of this package.

Observed on 9.1.2 + semaphore 0.4.65 (never read from its source; written from the URL
Standard, https://url.spec.whatwg.org/, as the rust-url of 2019 implemented it).  Two uses:

* ``request.url`` (:func:`split_url`): a URL that parses as an absolute URL is re-serialized
  (lower-case scheme and special hosts, IDNA, IPv4 numbers normalized, default ports dropped,
  dot segments resolved, ``\\`` a separator in special URLs, path and userinfo
  percent-encoded, fragment non-ASCII percent-encoded) and split from its query and
  fragment; anything else (a relative URL, a broken host or port) is split as text at the
  first ``#`` and the first ``?``.  A trailing ``…`` becomes ``...`` first.
* a frame's ``filename`` derived from ``abs_path`` (:func:`url_path`): the parsed path.

Hosts (observed on both uses alike): a special host is percent-decoded, must be UTF-8, is
mapped to ASCII per label (IDNA with UTS #46 non-transitional processing: ``ß``, ``ς``, ZWJ
and ZWNJ are kept and punycoded, the rest nameprep-mapped), must not contain a forbidden code
point (``\\x00 \\t \\n \\r # % / : ? @ [ \\ ]`` and space; not ``< > ^ |``), an ``xn--`` label must
be valid punycode of a non-ASCII label, labels must pass the bidi rule, and a host that looks
like an IPv4 address must be a valid one.  ``file:`` URLs have no credentials or port and
``localhost`` as host is dropped.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
import stringprep
import unicodedata

__all__ = ["ParsedUrl", "parse_url", "serialize_url", "split_url", "url_path"]

SPECIAL_PORTS: dict[str, int | None] = {
    "http": 80,
    "https": 443,
    "ws": 80,
    "wss": 443,
    "ftp": 21,
    "file": None,
}

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_C0_SPACE = "".join(chr(c) for c in range(0x21))
_PATH_SET = frozenset('"#<>?`{} ')
_USERINFO_SET = frozenset('"#<>?`{} /:;=@[\\]^|')
#: forbidden host code points as the rust-url of 2019 had them (no ``<``, ``>``, ``^``, ``|``)
_FORBIDDEN_HOST = frozenset("\x00\t\n\r #%/:?@[\\]")
_LABEL_DOTS = re.compile("[.\u3002\uff0e\uff61]")
#: UTS #46 deviation characters, kept by non-transitional processing
_DEVIATIONS = frozenset("\u00df\u03c2\u200c\u200d")


_PROHIBITED = (
    stringprep.in_table_c12,
    stringprep.in_table_c22,
    stringprep.in_table_c3,
    stringprep.in_table_c4,
    stringprep.in_table_c5,
    stringprep.in_table_c6,
    stringprep.in_table_c7,
    stringprep.in_table_c8,
    stringprep.in_table_c9,
)


class _Invalid(Exception):
    pass


@dataclasses.dataclass(frozen=True)
class ParsedUrl:
    """An absolute URL as the URL Standard parsed it (serialized parts)."""

    scheme: str
    #: ``//userinfo@host:port`` (serialized; None for a URL without an authority)
    authority: str | None
    path: str
    query: str | None
    fragment: str | None

    @property
    def base(self) -> str:
        """The URL without its query and fragment."""
        if self.authority is None:
            return self.scheme + ":" + self.path
        return self.scheme + "://" + self.authority + self.path


def _encode(text: str, extra: frozenset[str] = frozenset()) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        if code < 0x20 or code > 0x7E or ch in extra:
            out.append("".join("%%%02X" % b for b in ch.encode("utf-8", "surrogatepass")))
        else:
            out.append(ch)
    return "".join(out)


def _pct_decode_bytes(text: str) -> bytes:
    raw = text.encode("utf-8", "surrogatepass")
    return re.sub(rb"%([0-9A-Fa-f]{2})", lambda m: bytes((int(m.group(1), 16),)), raw)


# ------------------------------------------------------------------------------------- hosts
_RADIX_DIGITS = {10: "0123456789", 16: "0123456789abcdefABCDEF", 8: "01234567"}


def _ipv4_part(part: str) -> int | None:
    radix = 10
    if part[:2].lower() == "0x":
        part, radix = part[2:], 16
    elif len(part) > 1 and part.startswith("0"):
        part, radix = part[1:], 8
    if part == "":
        return 0
    if any(ch not in _RADIX_DIGITS[radix] for ch in part):
        return None  # (int() would take "-0" or " 9")
    return int(part, radix)


def _ipv4(host: str) -> str | None:
    """The dotted form of an IPv4 host; None when ``host`` is a domain (raises when it is a
    broken IPv4 address)."""
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    if not parts or len(parts) > 4 or any(p == "" for p in parts):
        return None
    numbers = [_ipv4_part(p) for p in parts]
    if any(n is None for n in numbers):
        return None
    nums = [n for n in numbers if n is not None]
    if any(n > 255 for n in nums[:-1]) or nums[-1] >= 256 ** (5 - len(nums)):
        raise _Invalid(host)
    value = nums[-1]
    for index, n in enumerate(nums[:-1]):
        value += n * 256 ** (3 - index)
    return ".".join(str((value >> shift) & 0xFF) for shift in (24, 16, 8, 0))


_RTL = {"R", "AL", "AN"}
_RTL_ALLOWED = {"R", "AL", "AN", "EN", "ES", "CS", "ET", "ON", "BN", "NSM"}
_LTR_ALLOWED = {"L", "EN", "ES", "CS", "ET", "ON", "BN", "NSM"}


def _bidi_ok(labels: list[str]) -> bool:
    """The bidi rule of IDNA (RFC 5893) for a domain with right-to-left labels."""
    classes = [[unicodedata.bidirectional(c) for c in label] for label in labels if label]
    if not any(_RTL & set(label) for label in classes):
        return True
    for label in classes:
        if label[0] not in ("L", "R", "AL"):
            return False
        tail = [c for c in label if c != "NSM"] or label
        if label[0] == "L":
            if not set(label) <= _LTR_ALLOWED | {"L"} or tail[-1] not in ("L", "EN"):
                return False
        else:
            if not set(label) <= _RTL_ALLOWED or tail[-1] not in ("R", "AL", "EN", "AN"):
                return False
            if "EN" in label and "AN" in label:
                return False
    return True


def _nameprep(text: str) -> str:
    """RFC 3491 nameprep (mapping, NFKC, prohibited code points) without its bidi rule: the
    RFC 5893 rule of :func:`_bidi_ok` applies instead (observed: ``ا0`` is a valid label)."""
    mapped = "".join(stringprep.map_table_b2(ch) for ch in text if not stringprep.in_table_b1(ch))
    mapped = unicodedata.ucd_3_2_0.normalize("NFKC", mapped)
    for ch in mapped:
        if any(check(ch) for check in _PROHIBITED):
            raise UnicodeError("prohibited code point %r" % ch)
    return mapped


def _map_label(label: str) -> str:
    """UTS #46 non-transitional mapping of one label (nameprep but for the deviations)."""
    out = []
    run = ""
    for ch in label + "\x00":
        if ch in _DEVIATIONS or ch == "\x00":
            if run:
                out.append(_nameprep(run))
                run = ""
            if ch != "\x00":
                out.append(ch)
        else:
            run += ch
    return "".join(out)


def _label_to_ascii(label: str) -> str:
    if not label:
        return ""
    if label[:4].lower() == "xn--" and not label.isascii():
        raise _Invalid(label)
    if label.isascii():
        lowered = label.lower()
        if lowered == "xn--":
            return ""  # observed: an empty punycode label is empty
        if lowered.startswith("xn--"):
            try:
                decoded = lowered[4:].encode("ascii").decode("punycode")
            except (UnicodeError, ValueError):
                raise _Invalid(label) from None
            if decoded.isascii() or _label_to_ascii(decoded) != lowered:
                raise _Invalid(label)
        return lowered
    mapped = _map_label(label)
    if mapped.isascii():
        return mapped.lower()
    return "xn--" + mapped.encode("punycode").decode("ascii")


def _domain_to_ascii(domain: str) -> str:
    labels = _LABEL_DOTS.split(domain)
    try:
        ascii_labels = [_label_to_ascii(label) for label in labels]
    except UnicodeError:
        raise _Invalid(domain) from None
    if not _bidi_ok([_map_label(label) if not label.isascii() else label for label in labels]):
        raise _Invalid(domain)
    return ".".join(ascii_labels)


def _host(text: str, special: bool) -> str:
    if text.startswith("["):
        if not text.endswith("]") or not re.match(r"^[0-9A-Fa-f:.]*$", text[1:-1]):
            raise _Invalid(text)
        try:
            return "[" + str(ipaddress.IPv6Address(text[1:-1])) + "]"
        except ValueError:
            raise _Invalid(text) from None
    if not special:
        if any(ch in _FORBIDDEN_HOST - {"%"} for ch in text):
            raise _Invalid(text)
        return _encode(text)
    if text == "":
        raise _Invalid(text)
    try:
        decoded = _pct_decode_bytes(text).decode("utf-8")
    except UnicodeDecodeError:
        raise _Invalid(text) from None
    domain = _domain_to_ascii(decoded)
    if any(ch in _FORBIDDEN_HOST for ch in domain):
        raise _Invalid(text)
    ipv4 = _ipv4(domain)
    return ipv4 if ipv4 is not None else domain


# -------------------------------------------------------------------------------------- paths
def _path(path: str, special: bool) -> str:
    separators = "/\\" if special else "/"
    segments: list[str] = []
    buffer = ""
    for ch in path[1:] + "\x00end":
        if ch == "\x00" or ch in separators:
            last = ch == "\x00"
            lowered = buffer.lower()
            if lowered in ("..", ".%2e", "%2e.", "%2e%2e"):
                if segments:
                    segments.pop()
                if last:
                    segments.append("")
            elif lowered in (".", "%2e"):
                if last:
                    segments.append("")
            else:
                segments.append(buffer)
            buffer = ""
            if last:
                break
        else:
            buffer += _encode(ch, _PATH_SET)
    return "/" + "/".join(segments)


def _authority(authority: str, special: bool, scheme: str) -> str:
    """``userinfo@host:port`` serialized (raises :class:`_Invalid`)."""
    userinfo = ""
    if scheme == "file" and ("@" in authority or ":" in authority.rpartition("]")[2]):
        raise _Invalid(authority)  # observed: a file URL has no credentials or port
    if "@" in authority:
        at = authority.rfind("@")
        user, _, password = authority[:at].partition(":")
        user, password = _encode(user, _USERINFO_SET), _encode(password, _USERINFO_SET)
        if user or password:
            userinfo = user + (":" + password if password else "") + "@"
        authority = authority[at + 1 :]
    if authority.startswith("["):
        close = authority.find("]")
        host, rest = (
            (authority[: close + 1], authority[close + 1 :]) if close >= 0 else (authority, "")
        )
        if rest and not rest.startswith(":"):
            raise _Invalid(authority)
        port = rest[1:]
    else:
        host, _, port = authority.partition(":")
    if host == "" and special and scheme != "file":
        raise _Invalid(authority)  # (a non-special URL may have credentials without a host)
    host = _host(host, special) if host else ""
    if port:
        if not (port.isascii() and port.isdigit()) or int(port) > 65535:
            raise _Invalid(authority)
        port_number = int(port)
        port = "" if SPECIAL_PORTS.get(scheme) == port_number else ":" + str(port_number)
    if scheme == "file" and host == "localhost":
        host = ""
    return userinfo + host + port


def _is_drive_letter(text: str) -> bool:
    return len(text) == 2 and text[0].isascii() and text[0].isalpha() and text[1] in ":|"


def parse_url(url: str) -> ParsedUrl | None:
    """``url`` as the URL Standard parses an absolute URL, or None when it does not."""
    url = url.strip(_C0_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")
    match = _SCHEME.match(url)
    if not match:
        return None
    scheme = match.group(1).lower()
    rest = url[match.end() :]
    rest, hash_mark, fragment = rest.partition("#")
    rest, question, query = rest.partition("?")
    special = scheme in SPECIAL_PORTS
    authority: str | None = None
    try:
        if scheme == "file":
            if rest[:2] in ("//", "\\\\", "/\\", "\\/"):
                after = rest[2:]
                cut = min(
                    [p for p in (after.find("/"), after.find("\\")) if p >= 0] or [len(after)]
                )
                host, path = after[:cut], after[cut:]
                if _is_drive_letter(host):
                    host, path = "", "/" + host + path
                authority = _authority(host, True, scheme)
            else:
                authority, path = "", "/" + rest.lstrip("/\\") if rest else ""
            path = _path(path, True) if path else "/"
        elif special:
            after = rest.lstrip("/\\")
            cut = min([p for p in (after.find("/"), after.find("\\")) if p >= 0] or [len(after)])
            authority = _authority(after[:cut], True, scheme)
            path = _path(after[cut:], True) if after[cut:] else "/"
        elif rest.startswith("//"):
            after = rest[2:]
            cut = after.find("/")
            cut = len(after) if cut < 0 else cut
            raw_authority, path = after[:cut], after[cut:]
            # observed: a backslash ends a port (and starts the path) in non-special URLs too
            at = raw_authority.rfind("@")
            start = at + 1
            if raw_authority[start : start + 1] == "[":
                start = max(start, raw_authority.find("]", start))
            colon = raw_authority.find(":", start)
            slash = raw_authority.find("\\", colon) if colon >= 0 else -1
            if slash >= 0:
                raw_authority, path = raw_authority[:slash], raw_authority[slash:] + path
            authority = _authority(raw_authority, False, scheme)
            if path and path[0] != "/":
                path = "/" + path
            path = _path(path, False) if path else "/"  # observed: "foo://h/"
        elif rest.startswith("/"):
            path = _path(rest, False)
        else:
            path = _encode(rest)  # cannot-be-a-base: an opaque path
    except _Invalid:
        return None
    return ParsedUrl(
        scheme,
        authority,
        path,
        query if question else None,
        _encode(fragment) if hash_mark else None,
    )


def serialize_url(url: str) -> tuple[str, str | None, str | None] | None:
    """``(url without query and fragment, raw query, encoded fragment)`` of an absolute URL
    as the URL Standard parses it, or None when it does not parse as one."""
    parsed = parse_url(url)
    return None if parsed is None else (parsed.base, parsed.query, parsed.fragment)


def split_url(url: str) -> tuple[str, str | None, str | None]:
    """``(url, query, fragment)`` as semaphore split ``request.url`` (see the module docstring);
    query and fragment are None when the URL has none."""
    if url.endswith("\u2026"):
        url = url[:-1] + "..."
    parsed = serialize_url(url)
    if parsed is not None:
        return parsed
    base, hash_mark, fragment = url.partition("#")
    base, question, query = base.partition("?")
    if query.startswith("?"):  # a query string's own leading "?" goes (not a parsed URL's)
        query = query[1:]
    return base, (query if question else None), (fragment if hash_mark else None)


def url_path(url: str) -> str | None:
    """The URL Standard path of ``url`` (``None`` when it does not parse): how semaphore
    derived a frame's ``filename`` from ``abs_path`` (see :mod:`.stacktrace`)."""
    parsed = parse_url(url)
    return None if parsed is None else parsed.path
