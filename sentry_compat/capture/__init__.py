"""The capture server (sits above the library: imports aiohttp).

Install with ``pip install 'sentry-compat[cli]'``.
"""

from __future__ import annotations

from .records import CapturedRequest, CaptureStore, build_record, load_record
from .server import CaptureConfig, CaptureServer

__all__ = [
    "CaptureConfig",
    "CaptureServer",
    "CaptureStore",
    "CapturedRequest",
    "build_record",
    "load_record",
]
