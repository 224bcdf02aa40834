"""Raw SDK event -> the event exactly as Sentry 9.1.2 stored it (the UI "JSON" view).

``normalize(raw, *, received=None, project_id=None, key_id=None, client_ip=None,
user_agent=None, client=None, protocol_version="7")`` takes one raw event (a dict, or the JSON
bytes the store endpoint received; for envelopes the event item) and returns what 9.1.2's
``/organizations/<org>/issues/<id>/events/<event_id>/json/`` showed for it.  The input is never
mutated.  Only input that is not an event at all (not a JSON object) raises
:class:`~sentry_compat.NotAnEventError`; everything else becomes what 9.1.2 did with it.
See :mod:`.pipeline` for the steps.

Some events 9.1.2 stored nothing for: semaphore refused an invalid transaction, the store
endpoint answered 403 (an inbound filter: a web crawler's ``User-Agent``, a CSP report from a
disallowed source; an event over 10 MB of JSON) or 500 (a security interface its legacy
model could not read, a header with a null name), or the JavaScript processing stage crashed
(a null frame).  ``normalize`` still returns an event for them: the one 9.1.2 would have
stored had that step let it through.  :func:`stored_nothing` (same arguments) tells them
apart: it returns the reason (``"403 ..."``, ``"500 ..."``, ``"processing: ..."``) or None
when 9.1.2 stored the event.  Server state (rate limits, duplicate event ids, project
filters turned on) is not modelled.
"""

from __future__ import annotations

import copy
import json
import sys
import types
from typing import Any

from ..exceptions import NotAnEventError
from . import pipeline
from ._rust import json_value
from .options import DEFAULT_GROUPING_CONFIG, NormalizeOptions

__all__ = [
    "DEFAULT_GROUPING_CONFIG",
    "NormalizeOptions",
    "normalize",
    "normalize_ingest",
    "stored_nothing",
]


def _decode(raw: Any) -> dict[str, Any]:
    if isinstance(raw, (bytes, bytearray, memoryview)):
        try:
            raw = bytes(raw).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NotAnEventError(f"event is not UTF-8 (byte {exc.start})") from None
    if isinstance(raw, str):
        try:
            raw = json.loads(
                raw, parse_int=_read_int, parse_float=_read_float, parse_constant=_zero
            )
        except json.JSONDecodeError as exc:
            raise NotAnEventError(f"event is not JSON: {exc.msg} (char {exc.pos})") from None
        if isinstance(raw, dict):
            return raw  # freshly parsed (numbers read as semaphore did): already private
    if not isinstance(raw, dict):
        raise NotAnEventError(f"an event must be a JSON object, not {type(raw).__name__}")
    copied: dict[str, Any] = _json_copy(raw)  # the input is never mutated
    return copied


def _read_int(text: str) -> Any:
    return json_value(int(text))


def _read_float(text: str) -> Any:
    return json_value(float(text))


def _zero(text: str) -> int:
    return 0  # NaN, Infinity, -Infinity


def _json_copy(value: Any) -> Any:
    """A deep copy of JSON-like data (dicts, lists, tuples as lists), much faster than
    ``copy.deepcopy``; anything else is deep-copied the slow way.  Numbers become what
    semaphore received (:func:`._rust.json_value`: 64-bit integers, no NaN/infinity; observed
    for every number of the event, in ``_meta`` ``val`` and ``errors`` values too)."""
    cls = type(value)
    # exact types first (what json.loads makes): strings, nulls and booleans are shared
    if cls is dict:
        return {
            k: v if (type(v) is str or v is None or type(v) is bool) else _json_copy(v)
            for k, v in value.items()
        }
    if cls is list:
        return [
            v if (type(v) is str or v is None or type(v) is bool) else _json_copy(v) for v in value
        ]
    if cls is int and -_I64 <= value < _I64:
        return value
    if isinstance(value, dict):
        return {k: _json_copy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_copy(v) for v in value]
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, (int, float)):
        return json_value(value)
    return copy.deepcopy(value)


_I64 = 2**63


def normalize(
    raw: Any,
    *,
    received: float | None = None,
    project_id: int | None = None,
    key_id: str | None = None,
    client_ip: str | None = None,
    user_agent: str | None = None,
    client: str | None = None,
    protocol_version: str | None = "7",
    options: NormalizeOptions | None = None,
) -> dict[str, Any]:
    """The stored event for ``raw`` (see the module docstring)."""
    if options is None:
        options = NormalizeOptions(
            received=received,
            project_id=project_id,
            key_id=key_id,
            client_ip=client_ip,
            user_agent=user_agent,
            client=client,
            protocol_version=protocol_version,
        )
    return pipeline.run(_decode(raw), options)


def stored_nothing(
    raw: Any, *, options: NormalizeOptions | None = None, **kwargs: Any
) -> str | None:
    """Why 9.1.2 stored nothing for ``raw`` (``"403 ..."``, ``"500 ..."``, ``"processing:
    ..."``), or None when it stored the event (see the module docstring).  Takes the keyword
    arguments of :func:`normalize`; raises :class:`~sentry_compat.NotAnEventError` as it does."""
    return pipeline.run_outcome(_decode(raw), options or NormalizeOptions(**kwargs))[1]


def normalize_ingest(
    raw: Any, *, options: NormalizeOptions | None = None, **kwargs: Any
) -> dict[str, Any]:
    """Only the ingest normalization (9.1.2's ``EventManager._normalize_impl``: canonical keys,
    semaphore, user-agent contexts): comparable with ``sentry_compat.reference.semaphore_step``."""
    data, _ = pipeline.run_ingest(_decode(raw), options or NormalizeOptions(**kwargs))
    return data


class _CallablePackage(types.ModuleType):
    """``sentry_compat.normalize`` names both this package and the function :func:`normalize`.

    Which one the attribute ``sentry_compat.normalize`` holds depends on import order (importing
    the package sets it to the package), so the package is made callable:
    ``sentry_compat.normalize(raw, ...)`` is :func:`normalize` either way.
    """

    def __call__(self, raw: Any, **kwargs: Any) -> dict[str, Any]:
        return normalize(raw, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
