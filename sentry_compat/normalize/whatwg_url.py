"""The path of a URL as the WHATWG URL parser gives it: how semaphore derived frame filenames.

9.1.2's normalizer (semaphore 0.4.65) fills a frame's missing ``filename`` from its
``abs_path``; for ``http:``, ``https:``, ``file:`` and ``applewebdata:`` URLs it takes the
URL's *parsed* path (a WHATWG URL parser: percent-encoded, dot segments resolved, ``\\`` read
as ``/`` for special schemes) and keeps the whole ``abs_path`` when that path is empty or
``/`` or the URL does not parse (an invalid host or port).  Observed on 9.1.2 + semaphore
0.4.65 (``tests/normalize/observations/stacktrace.jsonl``); written from the URL Standard
(https://url.spec.whatwg.org/), not from semaphore's code.

:func:`url_path` returns the path or ``None`` when the URL does not parse.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["url_path"]

SPECIAL_PORTS = {"http": 80, "https": 443, "file": None, "ws": 80, "wss": 443, "ftp": 21}

#: code points a host may not contain once percent-decoded (URL Standard, forbidden host code
#: points as rust-url 2.x had them: no ``|`` and no C0 controls but NUL/TAB/LF/CR)
_FORBIDDEN_HOST = set("\x00\t\n\r #%/:?@[\\]")
_C0_OR_SPACE = "".join(chr(c) for c in range(0x21))
_PATH_ENCODE = set('"#<>?`{} ')


def _pct_encode_path(char: str) -> str:
    code = ord(char)
    if code < 0x20 or code > 0x7E or char in _PATH_ENCODE:
        return "".join("%%%02X" % b for b in char.encode("utf-8", "surrogatepass"))
    return char


def _pct_decode(text: str) -> bytes:
    raw = text.encode("utf-8", "surrogatepass")
    out = bytearray()
    i = 0
    while i < len(raw):
        b = raw[i]
        if b == 0x25 and _is_hex(raw[i + 1 : i + 3]):
            out.append(int(raw[i + 1 : i + 3], 16))
            i += 3
        else:
            out.append(b)
            i += 1
    return bytes(out)


def _is_hex(b: bytes) -> bool:
    return len(b) == 2 and all(c in b"0123456789abcdefABCDEF" for c in b)


def _ipv4_number(part: str) -> int | None:
    if part == "":
        return None
    radix = 10
    if part[:2] in ("0x", "0X"):
        part, radix = part[2:], 16
    elif len(part) > 1 and part[0] == "0":
        part, radix = part[1:], 8
    if part == "":
        return 0
    try:
        return int(part, radix)
    except ValueError:
        return None


def _parse_ipv4(host: str) -> bool | None:
    """``True``: a valid IPv4 address, ``False``: an invalid one (the URL fails), ``None``:
    not an IPv4 address (a domain)."""
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if len(parts) > 4:
        return None
    numbers = []
    for part in parts:
        number = _ipv4_number(part)
        if number is None:
            return None
        numbers.append(number)
    if any(n > 255 for n in numbers[:-1]):
        return False
    return numbers[-1] < 256 ** (5 - len(numbers))


_IPV6 = re.compile(r"^[0-9A-Fa-f:.]*$")


def _valid_ipv6(text: str) -> bool:
    if not _IPV6.match(text) or text.count("::") > 1:
        return False
    import ipaddress

    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def _valid_domain(raw: str) -> bool:
    decoded = _pct_decode(raw).decode("utf-8", "replace")
    if "\ufffd" in decoded:
        return False
    if any(ch in _FORBIDDEN_HOST for ch in decoded):
        return False
    try:
        labels = decoded.replace("\u3002", ".").replace("\uff0e", ".").replace("\uff61", ".")
        for label in labels.split("."):
            if not label:
                continue
            if label.lower().startswith("xn--") and label[4:]:
                # an A-label must decode to a non-ASCII U-label
                ulabel = label.lower()[4:].encode("ascii").decode("punycode")
                if all(ord(c) < 0x80 for c in ulabel):
                    return False
                if ulabel.encode("idna").decode("ascii") != label.lower():
                    return False
            elif any(ord(c) >= 0x80 for c in label):
                label.encode("idna")
    except (UnicodeError, ValueError):
        return False
    if not _bidi_ok(labels.split(".")):
        return False
    ascii_host = decoded.lower()
    if all(ord(c) < 0x80 for c in ascii_host):
        ipv4 = _parse_ipv4(ascii_host)
        if ipv4 is False:
            return False
    return True


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


def _valid_host(host: str, special: bool) -> bool:
    if host.startswith("["):
        return host.endswith("]") and _valid_ipv6(host[1:-1])
    if not special:
        # an opaque host: only the forbidden code points (but %) make it fail
        return not any(ch in _FORBIDDEN_HOST - {"%"} for ch in host)
    return _valid_domain(host)


def _path_segments(path: str, special: bool) -> str:
    """The serialized path of ``path`` (which starts with its first separator)."""
    separators = "/\\" if special else "/"
    segments: list[str] = []
    buffer = ""
    i = 1
    text = path
    while True:
        ch = text[i] if i < len(text) else ""
        if ch == "" or ch in separators:
            lowered = buffer.lower()
            if lowered in ("..", ".%2e", "%2e.", "%2e%2e"):
                if segments:
                    segments.pop()
                if ch == "":
                    segments.append("")
            elif lowered in (".", "%2e"):
                if ch == "":
                    segments.append("")
            else:
                segments.append(buffer)
            buffer = ""
            if ch == "":
                break
        else:
            buffer += _pct_encode_path(ch)
        i += 1
    return "/" + "/".join(segments)


def url_path(url: str) -> str | None:
    """The WHATWG path of ``url`` (``None`` when it does not parse)."""
    url = url.strip(_C0_OR_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")
    colon = url.find(":")
    if colon <= 0:
        return None
    scheme = url[:colon].lower()
    rest = url[colon + 1 :]
    special = scheme in SPECIAL_PORTS
    # cut query and fragment
    for mark in ("#", "?"):
        pos = rest.find(mark)
        if pos >= 0:
            rest = rest[:pos]
    if scheme == "file":
        if rest[:2] in ("//", "\\\\", "/\\", "\\/"):
            after = rest[2:]
            end = min([p for p in (after.find("/"), after.find("\\")) if p >= 0] or [len(after)])
            host, path = after[:end], after[end:]
            if _is_drive_letter(host):
                path, host = "/" + host + path, ""
            if host and host.lower() != "localhost" and not _valid_host(host, True):
                return None
            return _path_segments(path, True) if path else "/"
        if rest[:1] in ("/", "\\"):
            return _path_segments(rest, True)
        return _path_segments("/" + rest, True) if rest else "/"
    if special:
        authority_start = len(rest) - len(rest.lstrip("/\\"))
        if authority_start == 0 and rest[:1] not in ("/", "\\"):
            pass
        after = rest[authority_start:]
        end = min([p for p in (after.find("/"), after.find("\\")) if p >= 0] or [len(after)])
        authority, path = after[:end], after[end:]
        if not _valid_authority(authority, special=True):
            return None
        return _path_segments(path, True) if path else "/"
    # a non-special scheme (applewebdata)
    if rest.startswith("//"):
        after = rest[2:]
        end = after.find("/")
        end = len(after) if end < 0 else end
        authority, path = after[:end], after[end:]
        if authority and not _valid_authority(authority, special=False):
            return None
        return _path_segments(path, False) if path else ""
    if rest.startswith("/"):
        return _path_segments(rest, False)
    # cannot-be-a-base: an opaque path, C0 controls percent-encoded
    return "".join(
        ("".join("%%%02X" % b for b in ch.encode("utf-8", "surrogatepass")))
        if ord(ch) < 0x20 or ord(ch) > 0x7E
        else ch
        for ch in rest
    )


def _is_drive_letter(text: str) -> bool:
    return len(text) == 2 and text[0].isascii() and text[0].isalpha() and text[1] in ":|"


def _valid_authority(authority: str, special: bool) -> bool:
    at = authority.rfind("@")
    userinfo, hostport = (authority[:at], authority[at + 1 :]) if at >= 0 else ("", authority)
    if hostport.startswith("["):
        close = hostport.find("]")
        host, port = (
            (hostport[: close + 1], hostport[close + 1 :]) if close >= 0 else (hostport, "")
        )
        if port and not port.startswith(":"):
            return False
        port = port[1:]
    else:
        colon = hostport.find(":")
        host, port = (hostport[:colon], hostport[colon + 1 :]) if colon >= 0 else (hostport, "")
    if port and (not port.isdigit() or not port.isascii() or int(port) > 65535):
        return False
    if host == "":
        if special:
            return False
        return not userinfo and not port
    return _valid_host(host, special)
