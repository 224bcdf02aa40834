"""What the server knows about a request besides the event: the normalizer's inputs."""

from __future__ import annotations

import dataclasses

__all__ = ["DEFAULT_GROUPING_CONFIG", "NormalizeOptions"]

#: src/sentry/grouping/api.py: DEFAULT_CONFIG
DEFAULT_GROUPING_CONFIG = "legacy:2019-03-12"


@dataclasses.dataclass(frozen=True)
class NormalizeOptions:
    """The server-side values 9.1.2 passed to its normalizer (``EventManager._normalize_impl``).

    ``received`` stands in for the server clock (UNIX seconds) so a reference can be reproduced
    exactly; ``client`` is the auth ``sentry_client`` (9.1.2 fell back to the request's
    ``User-Agent``, given as ``user_agent``).
    """

    received: float | None = None
    project_id: int | None = None
    key_id: str | None = None
    client_ip: str | None = None
    user_agent: str | None = None
    client: str | None = None
    protocol_version: str | None = "7"
    grouping_config: str = DEFAULT_GROUPING_CONFIG
    #: project option sentry:scrub_data (default on in 9.1.2)
    scrub_data: bool = True
    #: project option sentry:scrub_defaults (default on in 9.1.2)
    scrub_defaults: bool = True
    #: project option sentry:scrub_ip_address (default off in 9.1.2)
    scrub_ip_address: bool = False
    #: organization + project option sentry:sensitive_fields (extra field names to scrub)
    sensitive_fields: tuple[str, ...] = ()
    #: organization + project option sentry:safe_fields (keys never scrubbed)
    safe_fields: tuple[str, ...] = ()

    @property
    def auth_client(self) -> str | None:
        """src/sentry/coreapi.py: ClientAuthHelper: the client defaults to the User-Agent."""
        return self.client or self.user_agent
