"""The request (HTTP) model of Sentry 9.1.2 (``src/sentry/interfaces/http.py``).

Legacy ``to_python``: the method is upper-cased and checked, the URL is split with py2
``urlsplit`` (its query string is used when ``query_string`` is missing), the query
string and cookies are parsed with py2 ``parse_qsl`` (``&`` and ``;`` separate pairs),
header names are py2 ``str.title()``-cased, a ``Cookie`` header feeds ``cookies``, a
string body is decoded heuristically (JSON first, form-encoded first when the
``Content-Type`` says so) unless ``inferred_content_type`` is already stored, and an
invalid ``env.REMOTE_ADDR`` is deleted from the input (in place).

Py2 string types follow :mod:`sentry_compat._py2`: percent-escapes in an ASCII query
string decode to UTF-8 bytes, which ``to_unicode`` turns into text (or
``(Error decoding value)``); in a non-ASCII one they decode as latin-1.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterable
from typing import Any

from sentry_compat import _py2
from sentry_compat.interfaces.base import Interface, InterfaceValidationError, prune_empty_keys
from sentry_compat.interfaces.schemas import validate_and_default_interface
from sentry_compat.trimming import trim, trim_dict, trim_pairs

__all__ = [
    "MAX_HTTP_BODY_SIZE",
    "Http",
    "format_cookies",
    "format_headers",
    "heuristic_decode",
    "validate_ip",
]

# src/sentry/conf/server.py: SENTRY_MAX_HTTP_BODY_SIZE
MAX_HTTP_BODY_SIZE = 4096 * 4

http_method_re = re.compile(r"^[A-Z\-_]{3,32}$")


def to_unicode(value: Any) -> str:
    """``sentry.utils.strings.to_unicode``: text of a value; undecodable bytes give a marker."""
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return "(Error decoding value)"
    return _py2.py2_str(value)


def _jsonify(value: Any) -> str:
    return to_unicode(value) if isinstance(value, (str, bytes)) else _py2.json_dumps(value)


def fix_broken_encoding(value: Any) -> Any:
    """Bytes become text (invalid UTF-8 replaced); text and other values pass through."""
    # src/sentry/interfaces/http.py: fix_broken_encoding (a py2 unicode round-trip is lossless)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def _text(value: Any) -> Any:
    # py2 byte strings produced by unquote, as simplejson later rendered them
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, list):
        return [_text(v) for v in value]
    if isinstance(value, dict):
        return {_text(k): _text(v) for k, v in value.items()}
    return value


def format_headers(value: Any) -> tuple[list[tuple[str, str]], Any]:
    """``[(Title-Cased-Name, value), ...]`` without the cookie header, and that header."""
    # src/sentry/interfaces/http.py: format_headers
    if not value:
        # 9.1.2 returned () here, which its caller could not unpack
        raise ValueError("need more than 0 values to unpack")
    if isinstance(value, dict):
        value = _py2.ordered_items(value)
    result = []
    cookie_header = None
    for k, v in value:
        if isinstance(v, list):
            v = ", ".join(v)
        if k.lower() == "cookie":
            cookie_header = v
        else:
            if not isinstance(v, str):
                v = _py2.py2_str(v)
            result.append((_py2.title(k), v))
    return result, cookie_header


def format_cookies(value: Any) -> Any:
    """Cookies as ``[[name, value], ...]`` from a cookie string, dict or pair list."""
    # src/sentry/interfaces/http.py: format_cookies
    if not value:
        return ()
    if isinstance(value, str):
        value = _py2.parse_qsl(value, keep_blank_values=True)
    if isinstance(value, dict):
        value = _py2.ordered_items(value)
    return [[fix_broken_encoding(k.strip()), fix_broken_encoding(v)] for k, v in value]


def _parse_qs_strict(qs: Any) -> dict[Any, list[Any]]:
    # py2 urlparse.parse_qs(qs, keep_blank_values=True, strict_parsing=True)
    pairs = [s2 for s1 in qs.split("&") for s2 in s1.split(";")]
    rv: dict[Any, list[Any]] = {}
    for name_value in pairs:
        nv = name_value.split("=", 1)
        if len(nv) != 2:
            raise ValueError("bad query field: %r" % (name_value,))
        name = _py2.unquote(nv[0].replace("+", " "))
        rv.setdefault(name, []).append(_py2.unquote(nv[1].replace("+", " ")))
    return _text(rv)  # type: ignore[no-any-return]


def _json_loads(value: Any) -> Any:
    if not isinstance(value, (str, bytes)):
        raise TypeError("expected string or buffer")
    return json.loads(value)


def heuristic_decode(data: Any, possible_content_type: str | None = None) -> tuple[Any, str | None]:
    """Try JSON and form decoding of a body; return ``(body, inferred content type)``."""
    # src/sentry/utils/http.py: heuristic_decode
    decoders = [
        ("application/json", _json_loads),
        ("application/x-www-form-urlencoded", _parse_qs_strict),
    ]
    decoders.sort(key=lambda d: d[0] == possible_content_type, reverse=True)
    for decoding_type, decoder in decoders:
        try:
            return decoder(data), decoding_type
        except Exception:  # any decoder error: try the next one
            continue
    return data, possible_content_type


def validate_ip(value: Any, required: bool = True) -> Any:
    """Return ``value`` when it parses as an IP network, else raise ``ValueError``."""
    # src/sentry/utils/validators.py: validate_ip
    if not required and not value:
        return None
    ipaddress.ip_network(_py2.py2_str(value), strict=False)
    return value


def _pairs(items: Iterable[tuple[Any, Any]]) -> list[tuple[str, str]]:
    return [(to_unicode(k), _jsonify(v)) for k, v in items]


class Http(Interface):
    display_score = 1000
    score = 800
    path = "request"

    FORM_TYPE = "application/x-www-form-urlencoded"

    @classmethod
    def to_python(cls, data: Any) -> Http:
        # src/sentry/interfaces/http.py: Http.to_python (legacy path)
        if not validate_and_default_interface(data, cls.path):
            raise InterfaceValidationError("Invalid interface data")
        kwargs: dict[str, Any] = {}

        if data.get("method"):
            method = data["method"].upper()
            if method not in ("GET", "POST") and not http_method_re.match(method):
                raise InterfaceValidationError("Invalid value for 'method'")
            kwargs["method"] = method
        else:
            kwargs["method"] = None

        scheme: str | None
        netloc: str | None
        path: str | None
        query_bit: str | None
        fragment_bit: str | None
        if data.get("url", None):
            url = to_unicode(data["url"])
            if url.endswith("\u2026"):
                url = url[:-1] + "..."
            scheme, netloc, path, query_bit, fragment_bit = _py2.urlsplit(url)
        else:
            scheme = netloc = path = query_bit = fragment_bit = None

        query_string = data.get("query_string") or query_bit
        if query_string:
            if isinstance(query_string, str):
                if query_string[0] == "?":
                    query_string = query_string[1:]
                if query_string.endswith("\u2026"):
                    query_string = query_string[:-1] + "..."
                query_string = _pairs(_py2.parse_qsl(query_string, keep_blank_values=True))
            elif isinstance(query_string, dict):
                query_string = _pairs(_py2.ordered_items(query_string))
            elif isinstance(query_string, list):
                query_string = [
                    tuple(tup)
                    for tup in query_string
                    if isinstance(tup, (tuple, list)) and len(tup) == 2
                ]
            else:
                query_string = []
            kwargs["query_string"] = trim(query_string, 4096)
        else:
            kwargs["query_string"] = []

        fragment = data.get("fragment") or fragment_bit

        cookies = data.get("cookies")
        headers: Any
        if data.get("headers"):
            raw_headers = data["headers"]
            if isinstance(raw_headers, (list, tuple)):
                raw_headers = [h for h in raw_headers if h is not None]
            headers, cookie_header = format_headers(raw_headers)
            if not cookies and cookie_header:
                cookies = cookie_header
        else:
            headers = ()

        body = data.get("data")
        content_type = next((v for k, v in headers if k == "Content-Type"), None)
        if content_type is not None:
            content_type = content_type.partition(";")[0].rstrip()
        inferred_content_type = data.get("inferred_content_type", content_type)
        if "inferred_content_type" not in data and not isinstance(body, dict):
            body, inferred_content_type = heuristic_decode(body, content_type)
        if body:
            body = trim(body, MAX_HTTP_BODY_SIZE)

        env = data.get("env", {})
        if "REMOTE_ADDR" in env:
            try:
                validate_ip(env["REMOTE_ADDR"], required=False)
            except ValueError:
                del env["REMOTE_ADDR"]

        kwargs["inferred_content_type"] = inferred_content_type
        kwargs["cookies"] = trim_pairs(format_cookies(cookies))
        kwargs["env"] = trim_dict(env)
        kwargs["headers"] = trim_pairs(headers)
        kwargs["data"] = fix_broken_encoding(body)
        kwargs["url"] = None if path is None else _py2.urlunsplit((scheme, netloc, path, "", ""))
        kwargs["fragment"] = trim(fragment, 1024)
        return cls(**kwargs)

    def to_json(self) -> dict[str, Any] | None:
        return prune_empty_keys(
            {
                "method": self.method,
                "url": self.url,
                "query_string": self.query_string or None,
                "fragment": self.fragment or None,
                "cookies": self.cookies or None,
                "headers": self.headers or None,
                "data": self.data,
                "env": self.env or None,
                "inferred_content_type": self.inferred_content_type,
            }
        )

    def get_title(self) -> str:
        return "Request"

    def get_api_context(self, is_public: bool = False) -> dict[str, Any]:
        # src/sentry/interfaces/http.py: Http.get_api_context
        if is_public:
            return {}
        cookies = self.cookies or ()
        if isinstance(cookies, dict):
            cookies = sorted(self.cookies.items())
        headers = self.headers or ()
        if isinstance(headers, dict):
            headers = sorted(self.headers.items())
        return {
            "method": self.method,
            "url": self.url,
            "query": self.query_string,
            "fragment": self.fragment,
            "data": self.data,
            "headers": headers,
            "cookies": cookies,
            "env": self.env or None,
            "inferredContentType": self.inferred_content_type,
        }

    def get_api_meta(self, meta: Any, is_public: bool = False) -> Any:
        if is_public:
            return None
        headers = meta.get("headers")
        if headers:
            headers_meta = headers.pop("", None)
            headers = {str(i): {"1": h[1]} for i, h in enumerate(sorted(headers.items()))}
            if headers_meta:
                headers[""] = headers_meta
        cookies = meta.get("cookies")
        if cookies:
            cookies_meta = cookies.pop("", None)
            cookies = {str(i): {"1": h[1]} for i, h in enumerate(sorted(cookies.items()))}
            if cookies_meta:
                cookies[""] = cookies_meta
        return {
            "": meta.get(""),
            "method": meta.get("method"),
            "url": meta.get("url"),
            "query": meta.get("query_string"),
            "data": meta.get("data"),
            "headers": headers,
            "cookies": cookies,
            "env": meta.get("env"),
        }
