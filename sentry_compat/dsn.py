"""Sentry DSNs: parse, format, and derive the ingest URLs.

Implements https://develop.sentry.dev/sdk/foundations/transport/authentication/
(formerly https://develop.sentry.dev/sdk/overview/#parsing-the-dsn):

    {PROTOCOL}://{PUBLIC_KEY}[:{SECRET_KEY}]@{HOST}[:{PORT}]{PATH}/{PROJECT_ID}

and the endpoint layout ``{PROTOCOL}://{HOST}[:{PORT}]{PATH}/api/{PROJECT_ID}/{ENDPOINT}/``.
Legacy raven transports prefix the scheme (``threaded+https``, ``requests+http``);
the prefix is kept in :attr:`Dsn.scheme` and dropped from derived URLs.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import quote, urlsplit

from .exceptions import ProtocolError

__all__ = ["Dsn"]


@dataclasses.dataclass(frozen=True)
class Dsn:
    """A parsed DSN.  ``str(dsn)`` formats it back."""

    scheme: str
    public_key: str
    host: str
    project_id: str
    secret_key: str | None = None
    port: int | None = None
    path: str = ""

    @classmethod
    def parse(cls, value: str) -> Dsn:
        """Parse ``value``; raise :class:`ProtocolError` naming the part that is wrong."""
        if not isinstance(value, str) or not value.strip():
            raise ProtocolError("empty DSN", where="DSN")
        text = value.strip()
        parts = urlsplit(text)
        if not parts.scheme or "://" not in text:
            raise ProtocolError(f"missing scheme in {text!r}", where="DSN")
        if parts.query or parts.fragment:
            raise ProtocolError(f"unexpected query or fragment in {text!r}", where="DSN")
        if parts.username is None or parts.username == "":
            raise ProtocolError(f"missing public key in {text!r}", where="DSN")
        try:
            host = parts.hostname
            port = parts.port
        except ValueError as exc:
            raise ProtocolError(f"bad port in {text!r} ({exc})", where="DSN") from None
        if not host:
            raise ProtocolError(f"missing host in {text!r}", where="DSN")
        path, _, project_id = parts.path.rstrip("/").rpartition("/")
        if not project_id:
            raise ProtocolError(f"missing project id in {text!r}", where="DSN")
        # urlsplit lower-cases the hostname; keep the host as written (IPv6 without brackets).
        netloc_host = parts.netloc.rpartition("@")[2]
        if netloc_host.startswith("["):
            host = netloc_host[1 : netloc_host.index("]")]
        else:
            host = netloc_host.rsplit(":", 1)[0] if port is not None else netloc_host
        return cls(
            scheme=parts.scheme,
            public_key=parts.username,
            secret_key=parts.password or None,
            host=host,
            port=port,
            path=path,
            project_id=project_id,
        )

    def __str__(self) -> str:
        auth = quote(self.public_key, safe="")
        if self.secret_key:
            auth += ":" + quote(self.secret_key, safe="")
        return f"{self.scheme}://{auth}@{self.netloc}{self.path}/{self.project_id}"

    @property
    def transport_scheme(self) -> str:
        """``http`` or ``https``: the scheme without a raven transport prefix."""
        return self.scheme.rsplit("+", 1)[-1]

    @property
    def netloc(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port is None else f"{host}:{self.port}"

    @property
    def base_url(self) -> str:
        """``{scheme}://{host}[:{port}]{path}``: where ``/api/...`` hangs off."""
        return f"{self.transport_scheme}://{self.netloc}{self.path}"

    def endpoint_url(self, endpoint: str) -> str:
        """The URL of ``/api/{project_id}/{endpoint}/``."""
        return f"{self.base_url}/api/{self.project_id}/{endpoint}/"

    @property
    def store_url(self) -> str:
        return self.endpoint_url("store")

    @property
    def envelope_url(self) -> str:
        return self.endpoint_url("envelope")

    @property
    def security_url(self) -> str:
        """The security-report URL, with the public key in the query as browsers need it."""
        return self.endpoint_url("security") + f"?sentry_key={quote(self.public_key, safe='')}"

    @property
    def minidump_url(self) -> str:
        return self.endpoint_url("minidump") + f"?sentry_key={quote(self.public_key, safe='')}"

    def replace(self, **changes: object) -> Dsn:
        """A copy with some fields changed (``dsn.replace(public_key=...)``)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]
