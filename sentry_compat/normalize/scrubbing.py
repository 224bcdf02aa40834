"""9.1.2's data scrubber (src/sentry/utils/data_scrubber.py: SensitiveDataFilter), on by default."""

from __future__ import annotations

from typing import Any

from .options import NormalizeOptions


def scrub_event(data: dict[str, Any], options: NormalizeOptions) -> None:
    """Replace sensitive values with ``[Filtered]`` in place."""
