"""GlitchTip: a Sentry-shaped API, so the mapping is small.  UNTESTED HERE.

GlitchTip does not run on this machine; this adapter was written from GlitchTip's public
API as its MIT-licensed backend serves it (``apps/issue_events/api/events.py``,
``apps/projects/serializers``; read, not copied):

* the project: ``GET /api/0/projects/`` (``id``, ``slug``, ``organization.slug``);
* the API event: ``GET /api/0/projects/<org>/<project>/events/<event_id>/``, the same shape
  as Sentry's (``eventID``, ``groupID``, ``entries``, ``title``, ``culprit``, ``metadata``...);
* the stored JSON: ``GET /api/0/organizations/<org>/issues/<group>/events/<event_id>/json/``,
  an API route there (Sentry's is a UI view), readable with the token;
* grouping: GlitchTip serves no grouping-info and no hashes, so grouping is compared as a
  partition (which probed events share an issue) only.

Ingest is processed asynchronously (a task queue), so the readback waits longer.
"""

from __future__ import annotations

from typing import ClassVar

from ...envelope import normalize_event_id
from .base import Readback
from .sentry import SentryAdapter

__all__ = ["GlitchTipAdapter"]


class GlitchTipAdapter(SentryAdapter):
    name: ClassVar[str] = "glitchtip"
    tested_here: ClassVar[bool] = False
    readback_timeout: ClassVar[float] = 30.0

    def check(self) -> str:
        project = self._find_project()
        org = project.get("organization")
        self.org = str(org.get("slug")) if isinstance(org, dict) else ""
        self.project = str(project.get("slug") or "")
        return f"{self.org}/{self.project} (id {self.dsn.project_id}; adapter untested here)"

    def fetch(self, event_id: str, *, grouping_configs: tuple[str, ...] = ()) -> Readback | None:
        event_id = normalize_event_id(event_id) or event_id
        readback = self.api_readback(event_id)
        if readback is None:
            return None
        if readback.group:
            stored = self.api.get_json(
                f"/api/0/organizations/{self.org}/issues/{readback.group}/events/{event_id}/json/"
            )
            if isinstance(stored, dict):
                readback.stored = stored
                readback.native["json"] = stored
        readback.notes.append(
            "GlitchTip exposes no grouping hashes: grouping compared as a partition"
        )
        return readback
