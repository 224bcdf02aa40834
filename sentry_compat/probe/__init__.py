"""``compat probe``: send corpus cases to a running backend and compare what it stored.

Sits above the library (reads the corpus, talks HTTP).  See ``docs/probe.md``.
"""

from __future__ import annotations

from .adapters import ADAPTERS, Adapter, AdapterError, Readback, get_adapter
from .report import CaseResult, ProbeReport
from .runner import ProbeOptions, probe_cases
from .transport import ApiClient, RateLimiter

__all__ = [
    "ADAPTERS",
    "Adapter",
    "AdapterError",
    "ApiClient",
    "CaseResult",
    "ProbeOptions",
    "ProbeReport",
    "RateLimiter",
    "Readback",
    "get_adapter",
    "probe_cases",
]
