"""What a backend adapter is: read back what a backend stored, in Sentry's shapes.

An adapter maps one backend's API onto the two documents Sentry 9.1.2 produced for an event
(the stored JSON of ``oss_sentry_json/`` and the API event of ``oss_sentry_events/``), and
says how the backend grouped it (its issue id, and its grouping hashes where it exposes them).
It fills only what the backend really has: a document it cannot produce stays ``None`` and
that level is reported "not available", never guessed.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

from ...dsn import Dsn
from ..transport import ApiClient

__all__ = ["Adapter", "AdapterError", "Readback"]


class AdapterError(RuntimeError):
    """The backend's API cannot be used (wrong token, unknown project, ...): names the call."""


@dataclasses.dataclass
class Readback:
    """What the backend shows for one event."""

    #: the event as stored, in the shape of Sentry 9.1.2's stored JSON (``oss_sentry_json``)
    stored: dict[str, Any] | None = None
    #: the event as the API shows it, in the shape of Sentry 9.1.2's API event
    api: dict[str, Any] | None = None
    #: the backend's issue (group) the event went into
    group: str | None = None
    #: the grouping hashes of that issue, when the backend exposes Sentry hashes
    hashes: list[str] | None = None
    #: 9.1.2's grouping-info documents ``{config: document}``, when the backend serves them
    grouping_info: dict[str, Any] | None = None
    #: the backend's own documents, as fetched (kept in the JSON report for debugging)
    native: dict[str, Any] = dataclasses.field(default_factory=dict)
    notes: list[str] = dataclasses.field(default_factory=list)


class Adapter:
    """Base class: a backend reached through its API at ``api``, ingesting at ``dsn``."""

    #: the ``--backend`` name
    name: ClassVar[str] = ""
    #: False when the adapter was written from docs and never run against the backend here
    tested_here: ClassVar[bool] = True
    #: API-event paths the adapter maps (None: the whole document is comparable)
    api_paths: ClassVar[tuple[str, ...] | None] = None
    #: stored-JSON paths the adapter maps (None: the whole document)
    stored_paths: ClassVar[tuple[str, ...] | None] = None
    #: what the readback of a stored event may lag behind the ingest answer (async backends)
    readback_timeout: ClassVar[float] = 10.0
    #: ingest endpoints the backend serves (None: all of Sentry's current ones)
    endpoints: ClassVar[frozenset[str] | None] = None

    def __init__(self, api: ApiClient, dsn: Dsn, **options: Any) -> None:
        self.api = api
        self.dsn = dsn
        self.options = options

    def check(self) -> str:
        """Check the token and find the DSN's project; a one-line description of it."""
        raise NotImplementedError

    def fetch(self, event_id: str, *, grouping_configs: tuple[str, ...] = ()) -> Readback | None:
        """What the backend stored for ``event_id`` (32 hex digits); None while it has not
        (yet) stored it."""
        raise NotImplementedError

    def describe(self) -> dict[str, Any]:
        return {
            "backend": self.name,
            "tested_here": self.tested_here,
            "api": self.api.base_url,
            "api_paths": list(self.api_paths) if self.api_paths is not None else None,
            "stored_paths": list(self.stored_paths) if self.stored_paths is not None else None,
        }
