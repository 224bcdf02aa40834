"""Backend adapters: a backend's API mapped onto Sentry 9.1.2's stored and API shapes.

``sentry`` (any Sentry-API backend, the 9.1.2 oracle included: no mapping), ``bugsink``
(tested here against a real Bugsink) and ``glitchtip`` (written from GlitchTip's public API,
untested here: GlitchTip does not run on this machine).
"""

from __future__ import annotations

from .base import Adapter, AdapterError, Readback
from .bugsink import BugsinkAdapter
from .glitchtip import GlitchTipAdapter
from .sentry import SentryAdapter

__all__ = ["ADAPTERS", "Adapter", "AdapterError", "Readback", "get_adapter"]

ADAPTERS: dict[str, type[Adapter]] = {
    "sentry": SentryAdapter,
    "bugsink": BugsinkAdapter,
    "glitchtip": GlitchTipAdapter,
}


def get_adapter(name: str) -> type[Adapter]:
    try:
        return ADAPTERS[name]
    except KeyError:
        raise AdapterError(
            f"unknown backend {name!r} (known: {', '.join(sorted(ADAPTERS))})"
        ) from None
