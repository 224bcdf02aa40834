"""The processing stage for JavaScript/Node events (src/sentry/lang/javascript/plugin.py):
frame modules, culprit, and the source fetches 9.1.2 attempted."""

from __future__ import annotations

from typing import Any

from .context import Context


def process(data: dict[str, Any], ctx: Context) -> None:
    """Apply the processing stage in place."""
