"""Case-insensitive access to HTTP headers given as a mapping or as a list of pairs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

HeadersLike = Mapping[str, str] | Iterable[tuple[str, str]]


def header_pairs(headers: HeadersLike | None) -> list[tuple[str, str]]:
    """The headers as a list of ``(name, value)`` pairs, in the order given."""
    if headers is None:
        return []
    if isinstance(headers, Mapping):
        return [(str(k), str(v)) for k, v in headers.items()]
    return [(str(k), str(v)) for k, v in headers]


def get_header(headers: HeadersLike | None, name: str) -> str | None:
    """The first value of header ``name`` (case-insensitive), or None when absent."""
    wanted = name.lower()
    for key, value in header_pairs(headers):
        if key.lower() == wanted:
            return value
    return None
