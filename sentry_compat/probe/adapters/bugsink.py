"""Bugsink: its canonical API mapped onto Sentry's shapes.

Written from Bugsink's own OpenAPI schema (``bugsink-manage spectacular``) and its answers on
this machine; Bugsink is PolyForm Shield licensed: run, never copied from.

* the project: ``GET /api/canonical/0/projects/<id>/`` (the DSN's project id);
* the event: ``GET /api/canonical/0/events/lookup/?event_id=<id>&project=<id>``; its ``data``
  is the event as Bugsink stored it, compared with 9.1.2's stored JSON as it is;
* the issue: ``GET /api/canonical/0/issues/<uuid>/`` gives ``calculated_type``,
  ``calculated_value`` and ``transaction``, which Bugsink shows where Sentry 9.1.2 showed the
  title, the metadata and the culprit.  That is the whole API-level mapping (``api_paths``):
  ``title`` is ``"<type>: <value>"`` as Bugsink displays it (``Log Message: ...`` for messages),
  ``metadata`` is ``{"type", "value"}``, ``culprit`` the transaction, ``platform`` the event's;
* grouping: the issue (and its grouping keys, ``/issues/<uuid>/grouping/``, kept as native
  data); Bugsink has no Sentry hashes, so grouping is compared as a partition.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ...envelope import normalize_event_id
from .base import Adapter, AdapterError, Readback

__all__ = ["BugsinkAdapter", "dashed"]

API = "/api/canonical/0"


def dashed(event_id: str) -> str:
    hexed = normalize_event_id(event_id) or event_id
    return f"{hexed[:8]}-{hexed[8:12]}-{hexed[12:16]}-{hexed[16:20]}-{hexed[20:]}"


class BugsinkAdapter(Adapter):
    name: ClassVar[str] = "bugsink"
    tested_here: ClassVar[bool] = True
    api_paths: ClassVar[tuple[str, ...] | None] = ("title", "culprit", "metadata", "platform")
    readback_timeout: ClassVar[float] = 10.0

    def check(self) -> str:
        try:
            project = self.api.get_json(f"{API}/projects/{self.dsn.project_id}/")
        except Exception as exc:
            raise AdapterError(f"GET {API}/projects/{self.dsn.project_id}/: {exc}") from exc
        if not isinstance(project, dict):
            raise AdapterError(f"Bugsink has no project {self.dsn.project_id} (the DSN's)")
        mechanism = project.get("grouping_mechanism", "?")
        return f"{project.get('name')} (id {project.get('id')}, grouping {mechanism})"

    def fetch(self, event_id: str, *, grouping_configs: tuple[str, ...] = ()) -> Readback | None:
        event = self.api.get_json(
            f"{API}/events/lookup/",
            params={"event_id": dashed(event_id), "project": self.dsn.project_id},
        )
        if not isinstance(event, dict):
            return None
        data = event.get("data")
        readback = Readback(stored=data if isinstance(data, dict) else None)
        readback.native["event"] = {k: v for k, v in event.items() if k != "data"}
        issue_id = event.get("issue")
        readback.group = str(issue_id) if issue_id else None
        issue = self.api.get_json(f"{API}/issues/{issue_id}/") if issue_id else None
        if isinstance(issue, dict):
            readback.native["issue"] = issue
            grouping = self.api.get_json(f"{API}/issues/{issue_id}/grouping/")
            if isinstance(grouping, dict):
                readback.native["grouping"] = grouping.get("results")
            readback.api = self.api_event(event, issue)
        readback.notes.append("Bugsink exposes no Sentry hashes: grouping compared as a partition")
        return readback

    @staticmethod
    def api_event(event: dict[str, Any], issue: dict[str, Any]) -> dict[str, Any]:
        """What Bugsink shows, at the places 9.1.2's API event has it (see ``api_paths``)."""
        kind = issue.get("calculated_type") or ""
        value = issue.get("calculated_value") or ""
        data: dict[str, Any] = event["data"] if isinstance(event.get("data"), dict) else {}
        return {
            "eventID": normalize_event_id(event.get("event_id")) or event.get("event_id"),
            "title": f"{kind}: {value}" if kind and value else (kind or value),
            "culprit": issue.get("transaction") or "",
            "metadata": {"type": kind, "value": value},
            "platform": data.get("platform"),
        }
