"""The ``release`` of the detailed API event.

``DetailedEventSerializer._get_release_info``: null without a ``sentry:release`` tag, else
the ``Release`` row through ``ReleaseSerializer``. 9.1.2's ``save()`` creates that row for
every event with a release, so a stored event always has one; the row of a release that
only ever saw events (no commits, deploys, owner or release API calls) serializes as below.
Its dates and ``newGroups`` depend on the instance's history (``dateCreated`` is the first
event's time); pass them when known.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["render_release", "short_version"]

# src/sentry/models/release.py
_sha1_re = re.compile(r"^[a-f0-9]{40}$")
_dotted_path_prefix_re = re.compile(r"^([a-zA-Z][a-zA-Z0-9-]+)(\.[a-zA-Z][a-zA-Z0-9-]+)+-")


def short_version(version: str) -> str:
    """``Release.get_display_version``: no ``com.example.app-`` prefix, SHA-1s cut to 7."""
    # src/sentry/models/release.py: Release.get_display_version
    match = _dotted_path_prefix_re.match(version)
    if match is not None:
        version = version[match.end() :]
    if _sha1_re.match(version):
        return version[:7]
    return version


def render_release(
    version: str,
    *,
    projects: Sequence[Mapping[str, Any]] = (),
    date_created: str | None = None,
    first_event: str | None = None,
    last_event: str | None = None,
    new_groups: int = 0,
) -> dict[str, Any]:
    """``ReleaseSerializer.serialize`` of a release row created by event ingestion."""
    # src/sentry/api/serializers/models/release.py: ReleaseSerializer.serialize
    return {
        "version": version,
        "shortVersion": short_version(version),
        "ref": None,
        "url": None,
        "dateReleased": None,
        "dateCreated": date_created,
        "data": {},
        "newGroups": new_groups,
        "owner": None,
        "commitCount": 0,
        "lastCommit": None,
        "deployCount": 0,
        "lastDeploy": None,
        "authors": [],
        "projects": [{"slug": p.get("slug"), "name": p.get("name")} for p in projects],
        "firstEvent": first_event,
        "lastEvent": last_event,
    }
