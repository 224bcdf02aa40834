"""Legacy interface key aliases of Sentry 9.1.2 (``sentry.interfaces.Message`` -> ``logentry``).

Ports ``src/sentry/utils/canonical.py`` (``LEGACY_KEY_MAPPING``, ``CANONICAL_KEY_MAPPING``,
``get_canonical_name``, ``CanonicalKeyDict``, ``CanonicalKeyView``), with
``PREFER_CANONICAL_LEGACY_KEYS = False`` as 9.1.2 shipped it.

``CanonicalKeyDict(data)`` copies ``data`` under canonical keys. When several aliases of
one key are present, the canonical spelling always wins; between two legacy spellings
the one py2 iterated first wins, which :func:`canonical_items` replays with
:mod:`sentry_compat._py2` (insertion order of ``data`` taken as the py2 insertion order).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

from sentry_compat import _py2

__all__ = [
    "CANONICAL_KEY_MAPPING",
    "LEGACY_KEY_MAPPING",
    "CanonicalKeyDict",
    "CanonicalKeyView",
    "canonical_items",
    "get_canonical_name",
    "get_legacy_name",
]

LEGACY_KEY_MAPPING: dict[str, tuple[str, ...]] = {
    "exception": ("sentry.interfaces.Exception",),
    "logentry": ("sentry.interfaces.Message", "message"),
    "stacktrace": ("sentry.interfaces.Stacktrace",),
    "template": ("sentry.interfaces.Template",),
    "request": ("sentry.interfaces.Http",),
    "user": ("sentry.interfaces.User",),
    "csp": ("sentry.interfaces.Csp",),
    "breadcrumbs": ("sentry.interfaces.Breadcrumbs",),
    "contexts": ("sentry.interfaces.Contexts",),
    "threads": ("sentry.interfaces.Threads",),
    "debug_meta": ("sentry.interfaces.DebugMeta",),
}

CANONICAL_KEY_MAPPING: dict[str, tuple[str, ...]] = {
    "message": ("logentry", "sentry.interfaces.Message"),
    "sentry.interfaces.Exception": ("exception",),
    "sentry.interfaces.Message": ("logentry",),
    "sentry.interfaces.Stacktrace": ("stacktrace",),
    "sentry.interfaces.Template": ("template",),
    "sentry.interfaces.Http": ("request",),
    "sentry.interfaces.User": ("user",),
    "sentry.interfaces.Csp": ("csp",),
    "sentry.interfaces.Breadcrumbs": ("breadcrumbs",),
    "sentry.interfaces.Contexts": ("contexts",),
    "sentry.interfaces.Threads": ("threads",),
    "sentry.interfaces.DebugMeta": ("debug_meta",),
}


def get_canonical_name(key: str) -> str:
    """``sentry.interfaces.Message`` and ``message`` -> ``logentry``, etc.; others unchanged."""
    return CANONICAL_KEY_MAPPING.get(key, (key,))[0]


def get_legacy_name(key: str) -> str:
    return LEGACY_KEY_MAPPING.get(key, (key,))[0]


def canonical_items(data: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The items of ``CanonicalKeyDict(data)`` in py2 iteration order."""
    # src/sentry/utils/canonical.py: CanonicalKeyDict.__init
    rv: dict[str, Any] = {}
    for key, value in _py2.ordered_items(data):
        canonical = get_canonical_name(key)
        if key == canonical or canonical not in rv:
            rv[canonical] = value
    return _py2.ordered_items(rv)


class CanonicalKeyDict(MutableMapping[str, Any]):
    """A dict that stores and looks up every key under its canonical name."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data: dict[str, Any] = dict(canonical_items(data))

    def __len__(self) -> int:
        return len(self.data)

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and get_canonical_name(key) in self.data

    def __getitem__(self, key: str) -> Any:
        return self.data[get_canonical_name(key)]

    def __setitem__(self, key: str, value: Any) -> None:
        self.data[get_canonical_name(key)] = value

    def __delitem__(self, key: str) -> None:
        del self.data[get_canonical_name(key)]

    def __repr__(self) -> str:
        return "CanonicalKeyDict(%r)" % (self.data,)


class CanonicalKeyView(Mapping[str, Any]):
    """Read-only view that finds a key under its canonical name or any legacy alias."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self._len = len({get_canonical_name(key) for key in self.data})

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[str]:
        keys = list(self.data)
        for key in keys:
            canonicals = CANONICAL_KEY_MAPPING.get(key, ())
            if not canonicals:
                yield key
            elif all(k not in keys for k in canonicals):
                yield canonicals[0]

    def __getitem__(self, key: str) -> Any:
        canonical = get_canonical_name(key)
        for k in (canonical, *LEGACY_KEY_MAPPING.get(canonical, ())):
            if k in self.data:
                return self.data[k]
        raise KeyError(key)

    def __repr__(self) -> str:
        return repr(self.data)
