"""The interface base class of Sentry 9.1.2 (``src/sentry/interfaces/base.py``).

An interface keeps its fields in ``_data`` and exposes them as attributes, as 9.1.2's
``Interface`` did. Reading a field that was never set raises an error that is both an
``AttributeError`` and a ``KeyError`` (9.1.2 raised ``KeyError``; py2's ``hasattr``
swallowed it, so both views are kept).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

__all__ = [
    "Interface",
    "InterfaceValidationError",
    "deepcopy_data",
    "prune_empty_keys",
]

_MISSING: Any = object()


def deepcopy_data(value: Any, memo: dict[int, Any] | None = None) -> Any:
    """``copy.deepcopy(value)``, with a fast path for the exact types of JSON data.

    Dicts and lists are copied as ``copy.deepcopy`` does (the copy registered in ``memo``
    before the items, so shared and recursive references stay shared); ``str``, ``int``,
    ``float``, ``bool`` and ``None`` are their own copy; anything else (tuples, subclasses,
    other objects) goes to ``copy.deepcopy`` with the same ``memo``.
    """
    return _deepcopy(value, {} if memo is None else memo)


def _deepcopy(x: Any, memo: dict[int, Any]) -> Any:
    cls = type(x)
    if cls is str or cls is int or x is None or cls is float or cls is bool:
        return x
    if cls is dict:
        y = memo.get(id(x), _MISSING)
        if y is not _MISSING:
            return y
        d: dict[Any, Any] = {}
        memo[id(x)] = d
        for key, item in x.items():
            d[_deepcopy(key, memo)] = _deepcopy(item, memo)
        return d
    if cls is list:
        y = memo.get(id(x), _MISSING)
        if y is not _MISSING:
            return y
        out: list[Any] = []
        memo[id(x)] = out
        append = out.append
        for item in x:
            append(_deepcopy(item, memo))
        return out
    return copy.deepcopy(x, memo)


class InterfaceValidationError(Exception):
    """Raised by ``to_python`` for data the interface refuses (the interface is then absent)."""


class _MissingField(AttributeError, KeyError):
    pass


def prune_empty_keys(obj: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Drop keys whose value is None (other falsy values are kept)."""
    # src/sentry/interfaces/base.py: prune_empty_keys
    if obj is None:
        return None
    return {k: v for k, v in obj.items() if v is not None}


class Interface:
    """Base of all legacy interface models.

    Subclasses implement ``to_python(data)``, a classmethod building the model from
    stored event data. Where 9.1.2 changed ``data`` in place (schema clean-up, legacy
    upgrades) the port does the same; callers that must keep their input unchanged pass
    a deep copy (``get_interfaces`` does).
    """

    score: ClassVar[int] = 0
    display_score: ClassVar[int | None] = None
    ephemeral: ClassVar[bool] = False
    grouping_variants: ClassVar[tuple[str, ...]] = ("default",)
    #: the data key / delegate name: the class name lower-cased unless overridden
    path: ClassVar[str] = "interface"
    #: the ``type`` of API entries: ``path`` unless overridden (message, debugmeta)
    external_type: ClassVar[str] = "interface"

    _data: dict[str, Any]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "path" not in cls.__dict__:
            cls.path = cls.__name__.lower()
        if "external_type" not in cls.__dict__:
            cls.external_type = cls.path

    def __init__(self, **data: Any) -> None:
        object.__setattr__(self, "_data", data or {})

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return self._data[name]
        except KeyError:
            raise _MissingField(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "_data":
            object.__setattr__(self, name, value)
        else:
            self._data[name] = value

    def __eq__(self, other: object) -> bool:
        if not isinstance(self, type(other)):
            return False
        assert isinstance(other, Interface)
        return self._data == other._data

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "<%s %r>" % (type(self).__name__, self._data)

    @classmethod
    def to_python(cls, data: Any) -> Interface:
        # src/sentry/interfaces/base.py: Interface.to_python
        return cls(**data)

    def get_path(self) -> str:
        """Deprecated alias of ``path`` kept by 9.1.2."""
        return self.path

    def get_api_context(self, is_public: bool = False) -> Any:
        return self.to_json()

    def get_api_meta(self, meta: Any, is_public: bool = False) -> Any:
        return meta

    def to_json(self) -> Any:
        return prune_empty_keys(self._data)

    def get_title(self) -> str:
        return type(self).__name__

    def get_display_score(self) -> int:
        return self.display_score or self.score

    def get_score(self) -> int:
        return self.score

    def iter_tags(self) -> Iterator[tuple[str, str]]:
        return iter(())
