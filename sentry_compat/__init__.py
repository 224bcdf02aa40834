"""sentry-compat: Sentry 9.1.2's ingest, normalization, grouping and API serialization in pure Python.

* protocol: :class:`Dsn`, :func:`auth_from_request`, :class:`Envelope`, :func:`ingest`;
* :func:`normalize`: raw SDK event -> the event as 9.1.2 stored it;
* :func:`to_api_event`: stored event -> 9.1.2's API event JSON;
* :func:`calculate_hashes`, :func:`get_grouping_variants`, :func:`grouping_info`: 9.1.2 grouping.

The library (this package, without the ``capture``, ``cli``, ``factories`` and
``reference`` sub-packages) imports only the standard library.  The ``compat``
command line and the capture server need ``pip install 'sentry-compat[cli]'``.
"""

from __future__ import annotations

import importlib as _importlib
import typing as _typing

from .auth import Auth, auth_from_request
from .decoding import Limits, decode_store_body
from .dsn import Dsn
from .envelope import Envelope, Item
from .exceptions import (
    AuthError,
    NotAnEventError,
    PayloadTooLarge,
    ProtocolError,
    SentryCompatError,
)
from .ingest import IngestRequest, IngestResult, ingest
from .security import SecurityReport, parse_security_report

if _typing.TYPE_CHECKING:
    from .api import ServerError, to_api_event
    from .grouping import calculate_hashes, get_grouping_variants, grouping_info
    from .normalize import NormalizeOptions, normalize, normalize_ingest

#: Loaded on first use (PEP 562), so that ``import sentry_compat`` and the ``compat`` command
#: start fast: the normalizer, the API serializer and grouping carry large rule tables.
_LAZY = {
    "NormalizeOptions": "normalize",
    "ServerError": "api",
    "calculate_hashes": "grouping",
    "get_grouping_variants": "grouping",
    "grouping_info": "grouping",
    "normalize": "normalize",
    "normalize_ingest": "normalize",
    "to_api_event": "api",
}


def __getattr__(name: str) -> _typing.Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sentry_compat' has no attribute {name!r}")
    value = getattr(_importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__version__ = "0.1.0"

__all__ = [
    "Auth",
    "AuthError",
    "Dsn",
    "Envelope",
    "IngestRequest",
    "IngestResult",
    "Item",
    "Limits",
    "NormalizeOptions",
    "NotAnEventError",
    "PayloadTooLarge",
    "ProtocolError",
    "SecurityReport",
    "SentryCompatError",
    "ServerError",
    "__version__",
    "auth_from_request",
    "calculate_hashes",
    "decode_store_body",
    "get_grouping_variants",
    "grouping_info",
    "ingest",
    "normalize",
    "normalize_ingest",
    "parse_security_report",
    "to_api_event",
]
