"""sentry-compat: Sentry 9.1.2's ingest, normalization, grouping and API serialization in pure Python.

The library (this package, without the ``capture``, ``cli``, ``factories`` and
``reference`` sub-packages) imports only the standard library.  The ``compat``
command line and the capture server need ``pip install 'sentry-compat[cli]'``.
"""

from __future__ import annotations

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
    "NotAnEventError",
    "PayloadTooLarge",
    "ProtocolError",
    "SecurityReport",
    "SentryCompatError",
    "__version__",
    "auth_from_request",
    "decode_store_body",
    "ingest",
    "parse_security_report",
]
