"""The exceptions sentry-compat raises.

Every malformed input at the protocol layer raises :class:`ProtocolError` (or a
subclass), whose message names what is wrong and where: the header, query
parameter, byte offset or envelope item at fault.  ``where`` holds that location
on its own, and ``status`` the HTTP status a Sentry-compatible server answers with.
"""

from __future__ import annotations

__all__ = [
    "AuthError",
    "NotAnEventError",
    "PayloadTooLarge",
    "ProtocolError",
    "SentryCompatError",
]


class SentryCompatError(Exception):
    """Base class of every error sentry-compat raises on purpose."""


class ProtocolError(SentryCompatError, ValueError):
    """Malformed protocol input: a DSN, auth header, envelope, body encoding or report.

    ``where`` names the location of the problem (``"X-Sentry-Auth header"``,
    ``"envelope item 2 header"``, ``"byte 1532"``...), ``status`` the HTTP status
    a server answers with (400 unless a subclass says otherwise).
    """

    status: int = 400

    def __init__(self, message: str, *, where: str | None = None, status: int | None = None):
        self.reason = message
        self.where = where
        if status is not None:
            self.status = status
        super().__init__(f"{where}: {message}" if where else message)


class AuthError(ProtocolError):
    """Missing, malformed, conflicting or wrong client authentication."""

    status = 401


class PayloadTooLarge(ProtocolError):
    """A body, a decompressed body or an item exceeds its configured limit (HTTP 413)."""

    status = 413


class NotAnEventError(SentryCompatError, TypeError):
    """The input to :func:`sentry_compat.normalize` is not an event at all.

    Raised only when the input is not a JSON object (a dict, or bytes/str that
    decode to one).  Everything else that is wrong inside an event is handled as
    Sentry 9.1.2 handled it, never raised.
    """
