"""Sentry (9.1.2, and any backend serving Sentry's web API): no mapping needed.

* the project: ``GET /api/0/projects/`` (paginated), the one whose ``id`` is the DSN's;
* the API event: ``GET /api/0/projects/<org>/<project>/events/<event_id>/``
  (``src/sentry/api/endpoints/project_event_details.py``);
* grouping: ``GET .../events/<event_id>/grouping-info/?config=<id>`` for each config the
  references hold, and the group's hashes ``GET /api/0/issues/<group>/hashes/``;
* the stored JSON (the UI "JSON" view) is a Django view that takes a logged-in session, not a
  token: it is read only for the local oracle, through its state file
  (``sentry_compat.reference``: ``SENTRY_COMPAT_ORACLE`` or ``--oracle-state``), when that
  state's URL is the ``--api`` URL.

9.1.2 has no ``/envelope/`` endpoint (an envelope gets a 403 CSRF page): envelope cases are
refused there, as they were by every Sentry of that age.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ...envelope import normalize_event_id
from .base import Adapter, AdapterError, Readback

__all__ = ["SentryAdapter"]


class SentryAdapter(Adapter):
    name: ClassVar[str] = "sentry"
    tested_here: ClassVar[bool] = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.org = ""
        self.project = ""
        self._oracle: Any = None

    def _find_project(self) -> dict[str, Any]:
        try:
            projects = self.api.paginate("/api/0/projects/")
        except Exception as exc:
            raise AdapterError(f"listing projects (GET /api/0/projects/): {exc}") from exc
        for project in projects:
            if isinstance(project, dict) and str(project.get("id")) == str(self.dsn.project_id):
                return project
        ids = ", ".join(str(p.get("id")) for p in projects if isinstance(p, dict)) or "none"
        raise AdapterError(
            f"the token sees no project with id {self.dsn.project_id} (the DSN's); it sees: {ids}"
        )

    def check(self) -> str:
        project = self._find_project()
        org = project.get("organization")
        self.org = (
            str(org.get("slug")) if isinstance(org, dict) else str(project.get("orgSlug", ""))
        )
        self.project = str(project.get("slug"))
        if not self.org or not self.project:
            raise AdapterError(f"project {self.dsn.project_id}: no organization or project slug")
        self._oracle = self._oracle_client()
        stored = "stored JSON through the oracle's session" if self._oracle else "no stored JSON"
        return f"{self.org}/{self.project} (id {self.dsn.project_id}; {stored})"

    def _oracle_client(self) -> Any:
        """An OracleClient when ``--api`` is the local oracle (its session reads the UI view)."""
        spec = self.options.get("oracle_state")
        try:
            from ...reference.client import OracleClient
            from ...reference.state import StateError, resolve_state
        except ImportError:  # pragma: no cover - the reference package needs requests
            return None
        try:
            state = resolve_state(spec)
        except (StateError, OSError):
            return None
        if state.url.rstrip("/") != self.api.base_url.rstrip("/"):
            return None
        if str(state.project_id) != str(self.dsn.project_id):
            return None
        return OracleClient(state)

    def event_path(self, event_id: str) -> str:
        return f"/api/0/projects/{self.org}/{self.project}/events/{event_id}/"

    def api_readback(self, event_id: str) -> Readback | None:
        """The API event and its group (None: not stored, or not yet)."""
        api = self.api.get_json(self.event_path(normalize_event_id(event_id) or event_id))
        if api is None:
            return None
        readback = Readback(api=api, native={"api": api})
        group = api.get("groupID")
        readback.group = str(group) if group not in (None, "") else None
        return readback

    def fetch(self, event_id: str, *, grouping_configs: tuple[str, ...] = ()) -> Readback | None:
        event_id = normalize_event_id(event_id) or event_id
        readback = self.api_readback(event_id)
        if readback is not None and readback.group:
            hashes = self.api.get_json(f"/api/0/issues/{readback.group}/hashes/")
            if isinstance(hashes, list):
                readback.hashes = [str(h.get("id")) for h in hashes if isinstance(h, dict)]
        if readback is not None and grouping_configs:
            info: dict[str, Any] = {}
            for config in grouping_configs:
                doc = self.api.get_json(
                    self.event_path(event_id) + "grouping-info/", params={"config": config}
                )
                if doc is not None:
                    info[config] = doc
            readback.grouping_info = info or None
        if readback is not None and self._oracle is not None and readback.group:
            try:
                readback.stored = self._oracle.stored_json(int(readback.group), event_id)
            except Exception as exc:  # the session may be gone: say so, keep the rest
                readback.notes.append(f"stored JSON not read: {exc}")
        return readback
