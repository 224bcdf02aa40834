"""The state one normalization carries: options, the ``_meta`` being built, the event."""

from __future__ import annotations

import dataclasses
from typing import Any

from .meta import NOTSET, Meta, Path
from .options import NormalizeOptions

__all__ = ["REMOVE", "Context"]


class _Remove:
    """Returned by a field normalizer to drop the field."""

    def __repr__(self) -> str:
        return "REMOVE"


REMOVE: Any = _Remove()


@dataclasses.dataclass
class Context:
    options: NormalizeOptions
    received: float
    meta: Meta = dataclasses.field(default_factory=Meta)
    #: the event as it is being normalized (read other fields through it, e.g. ``platform``)
    event: dict[str, Any] = dataclasses.field(default_factory=dict)
    #: the event as received (after canonical keys), for rules that look at other raw fields
    raw: dict[str, Any] = dataclasses.field(default_factory=dict)
    #: values moved between fields during the step (e.g. the ``environment`` tag)
    moved: dict[str, Any] = dataclasses.field(default_factory=dict)
    #: the project id ``save`` popped from the event (``Event.project_id``)
    saved_project_id: Any = None
    #: ``Event.message`` (the search message) once computed
    search_message: Any = None
    #: why 9.1.2 refused the event while normalizing it (nothing stored), e.g. an invalid
    #: transaction; the steps go on as if it had not (see :mod:`.outcome`)
    refusal: str | None = None

    def error(self, path: Path, kind: str, value: Any = NOTSET, **data: Any) -> None:
        """Record an error at ``path``; ``value`` is the original value if it was discarded."""
        self.meta.add_error(path, kind, value=value, data=data or None)

    @property
    def platform(self) -> str:
        platform = self.event.get("platform")
        return platform if isinstance(platform, str) else "other"
