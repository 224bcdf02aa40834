"""The interface parts of the API event: ``entries``, ``user``, ``contexts``, ``sdk``, their meta.

Every interface is rebuilt from the stored data by the legacy models of
:mod:`sentry_compat.interfaces` (what ``Event.interfaces`` did on read; failures drop the
interface). Per interface, the API logic lives in the model's ``get_api_context`` and
``get_api_meta`` (ported with the models: frames in camelCase with ``context`` pairs and
``vars``, ``hasSystemFrames``/``excOmitted``, padded addresses, ``request`` with sorted
headers and cookies, breadcrumb datetimes, ...); this module orders and assembles them
(``src/sentry/api/serializers/models/event.py``: ``EventSerializer._get_entries``,
``_get_interface_with_meta``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sentry_compat.api.meta import meta_with_chunks
from sentry_compat.interfaces import Interface

Chunker = Callable[[Any, Any], Any]

__all__ = ["RESERVED_KEYS", "render_entries", "render_interface"]

#: interfaces rendered outside ``entries`` (``EventSerializer._reserved_keys``)
RESERVED_KEYS = frozenset(["user", "sdk", "device", "contexts"])


def render_entries(
    interfaces: Mapping[str, Interface],
    event_meta: Mapping[str, Any],
    is_public: bool = False,
    chunk: Chunker = meta_with_chunks,
) -> tuple[list[dict[str, Any]], dict[int, Any]]:
    """(``entries``, ``_meta.entries``): loaded interfaces outside the reserved keys, each
    ``{"data": get_api_context(), "type": external_type}`` (empty results skipped), sorted by
    display score, highest first (stable: ties keep the load order, score descending)."""
    # src/sentry/api/serializers/models/event.py: EventSerializer._get_entries
    rendered: list[tuple[Interface, dict[str, Any], Any]] = []
    for key, interface in interfaces.items():
        if key in RESERVED_KEYS:
            continue
        data = interface.get_api_context(is_public=is_public)
        if not data:
            continue
        entry = {"data": data, "type": interface.external_type}
        api_meta = None
        if event_meta.get(key):
            api_meta = interface.get_api_meta(event_meta[key], is_public=is_public)
            api_meta = chunk(data, api_meta)
        rendered.append((interface, entry, api_meta))
    rendered.sort(key=lambda item: item[0].get_display_score(), reverse=True)
    entries = [item[1] for item in rendered]
    entries_meta = {i: {"data": item[2]} for i, item in enumerate(rendered) if item[2]}
    return entries, entries_meta


def render_interface(
    interfaces: Mapping[str, Interface],
    name: str,
    event_meta: Mapping[str, Any],
    is_public: bool = False,
    chunk: Chunker = meta_with_chunks,
) -> tuple[Any, Any]:
    """(API data, meta) of one reserved interface (``user``, ``contexts``, ``sdk``)."""
    # src/sentry/api/serializers/models/event.py: EventSerializer._get_interface_with_meta
    interface = interfaces.get(name)
    if not interface:
        return None, None
    data = interface.get_api_context(is_public=is_public)
    if not data or not event_meta.get(name):
        return data, None
    api_meta = interface.get_api_meta(event_meta[name], is_public=is_public)
    if not api_meta:
        return data, None
    return data, chunk(data, api_meta)
