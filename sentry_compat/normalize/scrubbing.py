"""9.1.2's data scrubber (src/sentry/utils/data_scrubber.py: SensitiveDataFilter, BSD), on by
default, and the optional IP scrubbing (src/sentry/coreapi.py: ensure_does_not_have_ip).

``process_event`` (src/sentry/web/api.py) runs it on the normalized event before it is queued,
so what 9.1.2 stored is scrubbed.  Python 2 details kept: patterns without ``re.UNICODE``
(``re.ASCII``), ``unicode.lower`` of py2, and ``value not in NOT_SCRUBBED_VALUES`` where
``1``/``0`` equal ``True``/``False``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from .. import _py2
from .options import NormalizeOptions

__all__ = [
    "DEFAULT_SCRUBBED_FIELDS",
    "FILTER_MASK",
    "SensitiveDataFilter",
    "ensure_does_not_have_ip",
    "scrub_event",
    "varmap",
]

#: src/sentry/constants.py
DEFAULT_SCRUBBED_FIELDS: tuple[str, ...] = (
    "password",
    "secret",
    "passwd",
    "api_key",
    "apikey",
    "access_token",
    "auth",
    "credentials",
    "mysql_pwd",
    "stripetoken",
    "card[number]",
)
NOT_SCRUBBED_STRINGS: frozenset[str] = frozenset(("true", "false", "null", "undefined"))
FILTER_MASK = "[Filtered]"

_VALUES_RE = re.compile(
    "|".join(
        [
            r"\b(?:3[47]\d|(?:4\d|5[1-5]|65)\d{2}|6011)\d{12}\b",
            r"-----BEGIN[A-Z ]+(PRIVATE|PUBLIC) KEY-----.+-----END[A-Z ]+(PRIVATE|PUBLIC) KEY-----",
            r"^\b(?!(000|666|9))\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b",
        ]
    ),
    re.DOTALL | re.ASCII,
)
_URL_PASSWORD_RE = re.compile(
    r"\b((?:[a-z0-9]+:)?//[a-zA-Z0-9%_.-]+:)([a-zA-Z0-9%_.-]+)@", re.ASCII
)


def _not_scrubbed(value: Any) -> bool:
    # ``value in NOT_SCRUBBED_VALUES`` on py2: {True, False, 'true', 'false', 'null', 'undefined'}
    if isinstance(value, str):
        return value in NOT_SCRUBBED_STRINGS
    if isinstance(value, (bool, int, float)):
        return value == 0 or value == 1
    return False


def varmap(func: Callable[[Any, Any], Any], var: Any, name: Any = None) -> Any:
    """``func(key, value)`` on every leaf; lists of 2-item lists count as key/value pairs."""
    # src/sentry/utils/data_scrubber.py: varmap (no cycles can occur in JSON data)
    if isinstance(var, dict):
        return {k: varmap(func, v, k) for k, v in var.items()}
    if isinstance(var, (list, tuple)):
        if all(isinstance(v, (list, tuple)) and len(v) == 2 for v in var):
            return [[k, varmap(func, v, k)] for k, v in var]
        return [varmap(func, item, name) for item in var]
    return func(name, var)


class SensitiveDataFilter:
    """``[Filtered]`` for values that look sensitive, in the places 9.1.2 looked."""

    def __init__(
        self,
        fields: Iterable[str] | None = None,
        include_defaults: bool = True,
        exclude_fields: Iterable[str] = (),
    ) -> None:
        chosen = tuple(_py2.unicode_lower(f) for f in fields if f) if fields else ()
        if include_defaults:
            chosen += DEFAULT_SCRUBBED_FIELDS
        self.exclude_fields = {_py2.unicode_lower(f) for f in exclude_fields}
        self.fields = set(chosen)

    def apply(self, data: dict[str, Any]) -> None:
        # src/sentry/utils/data_scrubber.py: SensitiveDataFilter.apply
        if data.get("stacktrace"):
            self.filter_stacktrace(data["stacktrace"])
        for container in ("exception", "threads"):
            for value in _values(data.get(container)):
                if value.get("stacktrace"):
                    self.filter_stacktrace(value["stacktrace"])
        for crumb in _values(data.get("breadcrumbs")):
            self.filter_crumb(crumb)
        if data.get("request"):
            self.filter_http(data["request"])
        if data.get("user"):
            self.filter_user(data["user"])
        if data.get("csp"):
            self.filter_csp(data["csp"])
        if data.get("extra"):
            data["extra"] = varmap(self.sanitize, data["extra"])
        contexts = data.get("contexts")
        if contexts and isinstance(contexts, dict):
            for key, value in list(contexts.items()):
                if value:
                    contexts[key] = varmap(self.sanitize, value)

    def sanitize(self, key: Any, value: Any) -> Any:
        # src/sentry/utils/data_scrubber.py: SensitiveDataFilter.sanitize
        if value is None or value == "":
            return value
        key = _py2.unicode_lower(key) if isinstance(key, str) else ""
        if key and key in self.exclude_fields:
            return value
        if isinstance(value, str):
            if _VALUES_RE.search(value):
                return FILTER_MASK
            if "//" in value and "@" in value:
                value = _URL_PASSWORD_RE.sub(r"\1" + FILTER_MASK + "@", value)
        str_value = _py2.unicode_lower(value) if isinstance(value, str) else ""
        for field in self.fields:
            if field in str_value:
                return FILTER_MASK
            if field in key and not _not_scrubbed(value):
                return FILTER_MASK
        return value

    def filter_stacktrace(self, data: Any) -> None:
        if not isinstance(data, dict) or not data.get("frames"):
            return
        for frame in data["frames"]:
            if not frame or not isinstance(frame, dict) or not frame.get("vars"):
                continue
            frame["vars"] = varmap(self.sanitize, frame["vars"])

    def _query(self, text: str) -> str:
        bits: list[Any] = []
        for bit in text.split("&"):
            chunk = bit.split("=")
            if len(chunk) == 2:
                bits.append((chunk[0], self.sanitize(*chunk)))
            else:
                bits.append(chunk)
        return "&".join("=".join(k) for k in bits)

    def filter_http(self, data: Any) -> None:
        if not isinstance(data, dict):
            return
        for n in ("data", "cookies", "headers", "env", "query_string"):
            if not data.get(n):
                continue
            if isinstance(data[n], str) and "=" in data[n]:
                data[n] = self._query(data[n])
            else:
                data[n] = varmap(self.sanitize, data[n])

    def filter_user(self, data: Any) -> None:
        if not isinstance(data, dict) or not data.get("data"):
            return
        data["data"] = varmap(self.sanitize, data["data"])

    def filter_crumb(self, data: Any) -> None:
        for key in ("data", "message"):
            value = data.get(key)
            if value:
                data[key] = varmap(self.sanitize, value)

    def filter_csp(self, data: Any) -> None:
        if not isinstance(data, dict):
            return
        for key in ("blocked_uri", "document_uri"):
            value = data.get(key)
            if not value or not isinstance(value, str) or "?" not in value or "=" not in value:
                continue
            scheme, netloc, path, query, fragment = _py2.urlsplit(value)
            data[key] = _py2.urlunsplit((scheme, netloc, path, self._query(query), fragment))


def _values(container: Any) -> list[dict[str, Any]]:
    values = container.get("values") if isinstance(container, dict) else None
    return [v for v in values if isinstance(v, dict)] if isinstance(values, list) else []


def ensure_does_not_have_ip(data: dict[str, Any]) -> None:
    """Project option ``sentry:scrub_ip_address`` (off by default)."""
    # src/sentry/coreapi.py: ClientApiHelper.ensure_does_not_have_ip
    for path, key in (
        (("request", "env"), "REMOTE_ADDR"),
        (("user",), "ip_address"),
        (("sdk",), "client_ip"),
    ):
        node: Any = data
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        if node and isinstance(node, dict):
            node.pop(key, None)


def scrub_event(data: dict[str, Any], options: NormalizeOptions) -> None:
    """Replace sensitive values with ``[Filtered]`` in place (``process_event``)."""
    # src/sentry/web/api.py: process_event
    if options.scrub_data:
        SensitiveDataFilter(
            fields=options.sensitive_fields,
            include_defaults=options.scrub_defaults,
            exclude_fields=options.safe_fields,
        ).apply(data)
    if options.scrub_ip_address:
        ensure_does_not_have_ip(data)
