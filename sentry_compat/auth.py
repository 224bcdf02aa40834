"""Client authentication of ingest requests, as Sentry 9.1.2 accepted it.

Implements https://develop.sentry.dev/sdk/foundations/transport/authentication/:
``X-Sentry-Auth: Sentry sentry_version=7, sentry_client=<name/ver>, sentry_key=<public>[, sentry_secret=...]``,
the same fields in an ``Authorization: Sentry ...`` header, in the query string
(``?sentry_key=...&sentry_version=...``, as browsers send them to avoid a CORS
preflight), or, on envelopes only, a ``dsn`` in the envelope header.

Sentry 9.1.2 (``src/sentry/coreapi.py: ClientAuthHelper.auth_from_request``,
``src/sentry/utils/auth.py: parse_auth_header``, ``src/sentry/web/api.py:
PROTOCOL_VERSIONS``) accepted protocol versions 2.0 and 3 to 7, defaulted the
client to the ``User-Agent`` and tolerated the deprecated ``sentry_secret`` and
``sentry_timestamp``.  Differences from 9.1.2, on purpose:

* several sources that name the same key are accepted (9.1.2 answered 500 to any
  query + header combination); sources that disagree are rejected;
* whitespace around ``=`` in the header is ignored (9.1.2 kept it in the key);
* a missing ``sentry_version`` is accepted (envelopes authenticated by their
  ``dsn`` header carry none; 9.1.2 answered 400), an unknown one is rejected.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from ._headers import HeadersLike, get_header
from .dsn import Dsn
from .exceptions import AuthError, ProtocolError

__all__ = ["PROTOCOL_VERSIONS", "Auth", "auth_from_request", "parse_auth_header"]

#: src/sentry/web/api.py: PROTOCOL_VERSIONS
PROTOCOL_VERSIONS = frozenset({"2.0", "3", "4", "5", "6", "7"})

_HEADER_SOURCES = (
    ("X-Sentry-Auth", "X-Sentry-Auth header"),
    ("Authorization", "Authorization header"),
)


@dataclasses.dataclass(frozen=True)
class Auth:
    """Who sent an ingest request, and where that was said."""

    public_key: str
    secret_key: str | None = None
    version: str | None = None
    client: str | None = None
    timestamp: str | None = None
    #: Where the credentials came from, e.g. ``("X-Sentry-Auth header",)``.
    sources: tuple[str, ...] = ()
    #: Every ``sentry_*`` field as sent, from the first source.
    fields: Mapping[str, str] = dataclasses.field(default_factory=dict)

    @property
    def client_name(self) -> str | None:
        """``raven-python`` for client ``raven-python/6.10.0``."""
        return self.client.split("/", 1)[0] if self.client else None


def parse_auth_header(value: str, *, where: str = "X-Sentry-Auth header") -> dict[str, str]:
    """Parse ``Sentry k=v, k=v``: split on ``,``, each piece on its first ``=``.

    Values are not unquoted (9.1.2 did not either).  A piece without ``=`` makes
    the header malformed.
    """
    scheme, _, rest = value.strip().partition(" ")
    if scheme.lower() != "sentry":
        raise AuthError(f"expected 'Sentry ...', got {value[:40]!r}", where=where)
    fields: dict[str, str] = {}
    for index, piece in enumerate(rest.split(",")):
        piece = piece.strip()
        if not piece:
            continue
        key, sep, val = piece.partition("=")
        if not sep:
            raise AuthError(f"piece {index} ({piece[:40]!r}) has no '='", where=where)
        fields[key.strip()] = val.strip()
    return fields


def _from_query(query: Iterable[tuple[str, str]] | Mapping[str, str] | None) -> dict[str, str]:
    if query is None:
        return {}
    pairs = query.items() if isinstance(query, Mapping) else query
    # src/sentry/coreapi.py: every query parameter starting with "sentry_" is auth
    # (sentry_data excepted: it is the GET store payload).
    return {k: v for k, v in pairs if k.startswith("sentry_") and k != "sentry_data"}


def _from_dsn(dsn: str) -> dict[str, str]:
    try:
        parsed = Dsn.parse(dsn)
    except ProtocolError as exc:
        raise AuthError(exc.reason, where="envelope header dsn") from None
    fields = {"sentry_key": parsed.public_key}
    if parsed.secret_key:
        fields["sentry_secret"] = parsed.secret_key
    return fields


def auth_from_request(
    headers: HeadersLike | None = None,
    query: Iterable[tuple[str, str]] | Mapping[str, str] | None = None,
    *,
    envelope_dsn: str | None = None,
) -> Auth:
    """Collect and check the client auth of one request.

    Raises :class:`AuthError` (401) when there is none or it has no key, or
    (400) when sources disagree; :class:`ProtocolError` (400) for an unsupported
    protocol version.
    """
    found: list[tuple[str, dict[str, str]]] = []
    query_fields = _from_query(query)
    if query_fields:
        found.append(("query string", query_fields))
    for name, source in _HEADER_SOURCES:
        value = get_header(headers, name)
        if value is not None and value[:7].lower() == "sentry ":
            found.append((source, parse_auth_header(value, where=source)))
    if envelope_dsn:
        found.append(("envelope header dsn", _from_dsn(envelope_dsn)))
    if not found:
        raise AuthError("Unable to find authentication information", where="request")

    first_source, fields = found[0]
    for source, other in found[1:]:
        for key in ("sentry_key", "sentry_secret"):
            if key in other and key in fields and other[key] != fields[key]:
                raise AuthError(
                    f"conflicting authentication: {first_source} says {key}={fields[key]!r}, "
                    f"{source} says {other[key]!r}",
                    where=source,
                    status=400,
                )
        for key, value in other.items():
            fields.setdefault(key, value)

    public_key = fields.get("sentry_key")
    if not public_key:
        raise AuthError("no sentry_key", where=first_source)
    version = fields.get("sentry_version")
    if version is not None and version not in PROTOCOL_VERSIONS:
        raise ProtocolError(
            f"Client using unsupported server protocol version ({version!r}); "
            "Sentry 9.1.2 accepted 2.0 and 3 to 7",
            where=first_source,
        )
    client = fields.get("sentry_client") or get_header(headers, "User-Agent") or None
    return Auth(
        public_key=public_key,
        secret_key=fields.get("sentry_secret") or None,
        version=version,
        client=client,
        timestamp=fields.get("sentry_timestamp"),
        sources=tuple(source for source, _ in found),
        fields=dict(found[0][1]),
    )
