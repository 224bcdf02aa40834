"""``request.url`` as 9.1.2 (semaphore 0.4.65) stored it: split from its query and fragment.

Observed on 9.1.2 + semaphore 0.4.65 (never read from its source): a URL that parses as an
absolute URL is re-serialized the way the URL Standard (https://url.spec.whatwg.org/) parses
it (lower-case scheme and special hosts, IDNA, IPv4 numbers normalized, default ports dropped,
dot segments resolved, ``\\`` a separator in special URLs, path and userinfo percent-encoded,
fragment non-ASCII percent-encoded); anything else (a relative URL, a broken host or port) is
split as text at the first ``#`` and the first ``?``.  A trailing ``…`` becomes ``...`` first.
Written from the URL Standard, not from semaphore's code.
"""

from __future__ import annotations

import ipaddress
import re

__all__ = ["serialize_url", "split_url"]

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
_FORBIDDEN_HOST = frozenset("\x00\t\n\r #%/:<>?@[\\]^")


class _Invalid(Exception):
    pass


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


def _ipv4_part(part: str) -> int | None:
    radix = 10
    if part[:2].lower() == "0x":
        part, radix = part[2:], 16
    elif len(part) > 1 and part.startswith("0"):
        part, radix = part[1:], 8
    if part == "":
        return 0
    try:
        return int(part, radix)
    except ValueError:
        return None


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


def _host(text: str, special: bool) -> str:
    if text.startswith("["):
        if not text.endswith("]"):
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
    if decoded.isascii():
        domain = decoded.lower()
    else:
        try:
            labels = re.split("[.\u3002\uff0e\uff61]", decoded)
            domain = ".".join(
                label.encode("idna").decode("ascii") if label else "" for label in labels
            )
        except UnicodeError:
            raise _Invalid(text) from None
    if any(ch in _FORBIDDEN_HOST for ch in domain):
        raise _Invalid(text)
    ipv4 = _ipv4(domain)
    return ipv4 if ipv4 is not None else domain


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
    userinfo = ""
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
    if host == "" and (special or userinfo or port):
        if scheme != "file" or userinfo or port:
            raise _Invalid(authority)
    host = _host(host, special) if host else ""
    if port:
        if not (port.isascii() and port.isdigit()) or int(port) > 65535:
            raise _Invalid(authority)
        port_number = int(port)
        port = "" if SPECIAL_PORTS.get(scheme) == port_number else ":" + str(port_number)
    if scheme == "file" and host == "localhost":
        host = ""
    return userinfo + host + port


def serialize_url(url: str) -> tuple[str, str | None, str | None] | None:
    """``(url without query and fragment, raw query, encoded fragment)`` of an absolute URL
    as the URL Standard parses it, or None when it does not parse as one."""
    url = url.strip(_C0_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")
    match = _SCHEME.match(url)
    if not match:
        return None
    scheme = match.group(1).lower()
    rest = url[match.end() :]
    rest, hash_mark, fragment = rest.partition("#")
    rest, question, query = rest.partition("?")
    special = scheme in SPECIAL_PORTS
    try:
        if special:
            if scheme == "file":
                if rest[:2] in ("//", "\\\\", "/\\", "\\/"):
                    after = rest[2:]
                else:
                    after = "/" + rest.lstrip("/\\") if rest else ""
                    return _finish(
                        scheme + ":///" + after.lstrip("/\\"),
                        question,
                        query,
                        hash_mark,
                        fragment,
                        True,
                    )
            else:
                after = rest.lstrip("/\\")
            cut = min([p for p in (after.find("/"), after.find("\\")) if p >= 0] or [len(after)])
            authority, path = after[:cut], after[cut:]
            base = (
                scheme
                + "://"
                + _authority(authority, True, scheme)
                + (_path(path, True) if path else "/")
            )
        elif rest.startswith("//"):
            after = rest[2:]
            cut = after.find("/")
            cut = len(after) if cut < 0 else cut
            authority, path = after[:cut], after[cut:]
            base = (
                scheme
                + "://"
                + _authority(authority, False, scheme)
                + (_path(path, False) if path else "")
            )
        elif rest.startswith("/"):
            base = scheme + ":" + _path(rest, False)
        else:
            base = scheme + ":" + _encode(rest)
    except _Invalid:
        return None
    return _finish(base, question, query, hash_mark, fragment, False)


def _finish(
    base: str, question: str, query: str, hash_mark: str, fragment: str, reparse: bool
) -> tuple[str, str | None, str | None] | None:
    if reparse:
        parsed = serialize_url(base)
        if parsed is None:
            return None
        base = parsed[0]
    return base, (query if question else None), (_encode(fragment) if hash_mark else None)


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
