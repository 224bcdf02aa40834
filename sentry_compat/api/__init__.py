"""Sentry 9.1.2's API event serializer: stored event -> the API event JSON.

Public API:

* :func:`to_api_event` ``(stored, *, event_id=None, group_id=None, project_id=None,
  date_received=None, size=None, previous_event_id=None, next_event_id=None, row_id=None,
  project=None) -> dict``: what ``GET /api/0/projects/<org>/<project>/events/<event_id>/``
  (and ``/api/0/issues/<id>/events/latest/``) answered for a stored event;
* :class:`ServerError`: raised where 9.1.2 answered HTTP 500;
* helpers: :func:`meta_with_chunks`, :func:`format_datetime`, :func:`event_size`,
  :func:`node_data_from_stored`.
"""

from __future__ import annotations

from sentry_compat.api.dates import format_datetime
from sentry_compat.api.meta import meta_with_chunks
from sentry_compat.api.serializer import (
    ServerError,
    event_size,
    node_data_from_stored,
    to_api_event,
)

__all__ = [
    "ServerError",
    "event_size",
    "format_datetime",
    "meta_with_chunks",
    "node_data_from_stored",
    "to_api_event",
]
