"""Object key order of the rendered API event: CPython 2.7 dict order, replayed.

The order of keys in 9.1.2's JSON is not part of the document's meaning, but it is
reproduced where it is cheap: a dict's py2 iteration order follows from the order its keys
were inserted and from whether it was created by a dict display with more than five
entries (py2 presizes those). The dicts 9.1.2's serializer builds as displays are listed
here with their source key order (and the keys it adds afterwards); every other dict is
taken as built by inserting its keys in their current order (a JSON object loaded by py2,
a comprehension).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

from sentry_compat import _py2

__all__ = ["LITERALS", "py2_key_order", "py2_ordered"]

#: (keys of the dict display in source order, keys inserted after it in that order)
LITERALS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    # src/sentry/api/serializers/models/event.py: EventSerializer.serialize, Detailed..., endpoint
    (
        ("id", "groupID", "eventID", "projectID", "size", "entries", "dist", "message", "title",
         "location", "culprit", "user", "contexts", "crashFile", "sdk", "context", "packages",
         "type", "metadata", "tags", "platform", "dateCreated", "dateReceived", "errors",
         "fingerprints", "groupingConfig", "_meta"),
        ("release", "userReport", "nextEventID", "previousEventID"),
    ),
    (("entries", "message", "user", "contexts", "sdk", "context", "packages", "tags"), ()),
    # src/sentry/interfaces/stacktrace.py: Frame.get_api_context
    (
        ("filename", "absPath", "module", "package", "platform", "instructionAddr", "symbolAddr",
         "function", "symbol", "context", "lineNo", "colNo", "inApp", "trust", "errors"),
        ("vars", "map", "origFunction", "origAbsPath", "origFilename", "origLineNo", "origColNo",
         "mapUrl"),
    ),
    # src/sentry/interfaces/exception.py: SingleException.get_api_context, get_api_meta
    (("type", "value", "mechanism", "threadId", "module", "stacktrace", "rawStacktrace"), ()),
    (("", "type", "value", "mechanism", "threadId", "module", "stacktrace"), ()),
    # src/sentry/interfaces/breadcrumbs.py: Breadcrumbs.get_api_context (_convert)
    (("type", "timestamp", "level", "message", "category", "data", "event_id"), ()),
    # src/sentry/interfaces/http.py: Http.get_api_context, get_api_meta
    (("method", "url", "query", "fragment", "data", "headers", "cookies", "env",
      "inferredContentType"), ()),
    (("", "method", "url", "query", "data", "headers", "cookies", "env"), ()),
    # src/sentry/interfaces/user.py: User.get_api_context, get_api_meta
    (("id", "email", "username", "ip_address", "name", "data"), ()),
    (("", "id", "email", "username", "ip_address", "name", "data"), ()),
    # src/sentry/interfaces/threads.py: Threads.get_api_context (export_thread)
    (("id", "current", "crashed", "name", "stacktrace", "rawStacktrace"), ()),
    # src/sentry/api/serializers/models/release.py: ReleaseSerializer.serialize
    (
        ("version", "shortVersion", "ref", "url", "dateReleased", "dateCreated", "data",
         "newGroups", "owner", "commitCount", "lastCommit", "deployCount", "lastDeploy",
         "authors", "projects", "firstEvent", "lastEvent"),
        (),
    ),
)  # fmt: skip


def _literal_for(keys: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    if len(keys) <= 5:
        return None  # small displays are not presized: insertion order is all there is
    keyset = frozenset(keys)
    for base, extra in LITERALS:
        if keyset >= frozenset(base) and keyset <= frozenset(base) | frozenset(extra):
            return base, extra
    return None


def py2_key_order(keys: Sequence[Any]) -> list[Any]:
    """The order py2 iterated a dict with these keys (built as described in the module doc)."""
    try:
        return list(_key_order(tuple(keys)))
    except TypeError:  # unhashable keys
        return list(keys)


@functools.lru_cache(maxsize=8192)
def _key_order(keys: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(_compute_key_order(keys))


def _compute_key_order(keys: Sequence[Any]) -> list[Any]:
    try:
        literal = _literal_for(keys)
        if literal is None:
            return _py2.dict_order(keys)
        base, extra = literal
        table = _py2.Py2Dict(presize=len(base))
        for key in base:
            table.insert(key)
        for key in extra:
            if key in keys:
                table.insert(key)
        return table.keys()
    except TypeError:  # keys py2's hash is not emulated for
        return list(keys)


def py2_ordered(value: Any) -> Any:
    """``value`` with every object's keys in py2 order (recursively); other values as they are."""
    if isinstance(value, Mapping):
        keys = list(value)
        return {key: py2_ordered(value[key]) for key in py2_key_order(keys)}
    if isinstance(value, list):
        return [py2_ordered(v) for v in value]
    return value
