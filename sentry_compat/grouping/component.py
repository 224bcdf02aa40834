"""Grouping components of Sentry 9.1.2 (``src/sentry/grouping/component.py``).

A component has an ``id``, an optional ``hint``, a ``contributes`` flag and ``values``
(primitives and child components). Only contributing components are flattened into
the hash; non-contributing ones are kept to explain the result.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sentry_compat import _py2
from sentry_compat.grouping.utils import hash_from_values

__all__ = ["DEFAULT_HINTS", "KNOWN_MAJOR_COMPONENT_NAMES", "GroupingComponent"]

DEFAULT_HINTS: dict[str, str] = {"salt": "a static salt"}

#: component id -> human-readable name; named ("major") components make up descriptions
KNOWN_MAJOR_COMPONENT_NAMES: dict[str, str] = {
    "app": "in-app",
    "exception": "exception",
    "stacktrace": "stacktrace",
    "threads": "thread",
    "hostname": "hostname",
    "violation": "violation",
    "uri": "URL",
    "message": "message",
}


def _calculate_contributes(values: Sequence[Any] | None) -> bool:
    # any primitive (even '' or 0) or any contributing child component
    for value in values or ():
        if not isinstance(value, GroupingComponent) or value.contributes:
            return True
    return False


class GroupingComponent:
    """A node of the grouping tree."""

    def __init__(
        self,
        id: str,
        hint: str | None = None,
        contributes: bool | None = None,
        values: list[Any] | None = None,
    ) -> None:
        self.id = id
        if hint is None:
            hint = DEFAULT_HINTS.get(id)
        self.hint = hint
        if contributes is None:
            contributes = _calculate_contributes(values)
        self.contributes: bool = contributes
        self.values: list[Any] = values if values is not None else []

    @property
    def name(self) -> str | None:
        return KNOWN_MAJOR_COMPONENT_NAMES.get(self.id)

    @property
    def description(self) -> str:
        """Names along the deepest contributing path, e.g. ``in-app exception stacktrace``."""
        # src/sentry/grouping/component.py: GroupingComponent.description
        items: list[list[str]] = []

        def _walk(c: GroupingComponent, stack: list[str | None]) -> None:
            stack.append(c.name)
            for value in c.values:
                if isinstance(value, GroupingComponent) and value.contributes:
                    _walk(value, stack)
            items.append([x for x in stack if x])
            stack.pop()

        _walk(self, [])
        items.sort(key=lambda x: (len(x), x))
        if items and items[-1]:
            return " ".join(items[-1])
        return self.name or "others"

    def get_subcomponent(self, id: str) -> GroupingComponent | None:
        return next(self.iter_subcomponents(id), None)

    def iter_subcomponents(self, id: str, recursive: bool = False) -> Iterator[GroupingComponent]:
        for value in self.values:
            if isinstance(value, GroupingComponent):
                if value.id == id:
                    yield value
                if recursive:
                    yield from value.iter_subcomponents(id, recursive=True)

    def update(
        self,
        hint: str | None = None,
        contributes: bool | None = None,
        values: list[Any] | None = None,
    ) -> None:
        """Set hint/values/contributes; new values recompute ``contributes`` unless given."""
        if hint is not None:
            self.hint = hint
        if values is not None:
            if contributes is None:
                contributes = _calculate_contributes(values)
            self.values = values
        if contributes is not None:
            self.contributes = contributes

    def shallow_copy(self) -> GroupingComponent:
        """The same id, hint and contributes over a new list of the same values."""
        rv = GroupingComponent.__new__(GroupingComponent)
        rv.id = self.id
        rv.hint = self.hint
        rv.contributes = self.contributes
        rv.values = list(self.values)
        return rv

    def iter_values(self) -> Iterator[Any]:
        """The flattened primitive values of the contributing parts of the tree."""
        if self.contributes:
            for value in self.values:
                if isinstance(value, GroupingComponent):
                    yield from value.iter_values()
                else:
                    yield value

    def get_hash(self) -> str | None:
        if self.contributes:
            return hash_from_values(self.iter_values())
        return None

    def as_dict(self) -> dict[str, Any]:
        """``{id, name, contributes, hint, values}``, keys in py2 order (``hint`` first)."""
        rv = {
            "id": self.id,
            "name": self.name,
            "contributes": self.contributes,
            "hint": self.hint,
            "values": [v.as_dict() if isinstance(v, GroupingComponent) else v for v in self.values],
        }
        return _py2.reorder(rv, literal=True)

    def __repr__(self) -> str:
        return "GroupingComponent(%r, hint=%r, contributes=%r, values=%r)" % (
            self.id,
            self.hint,
            self.contributes,
            self.values,
        )
