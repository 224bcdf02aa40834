"""``compat diff``: every corpus case against its Sentry 9.1.2 references, at the levels
*accepted*, *field-equal* (``stored``, ``api``) and *grouping-equal*, kept apart.

Above the library line: uses ``jsonschema`` (schema checks) and ``deepdiff`` (human-readable
differences), imported lazily.  The comparison itself (:mod:`.engine`) needs only the
standard library and :mod:`sentry_compat.compare`.
"""

from __future__ import annotations

from .engine import (
    STATUSES,
    CaseResult,
    DiffOptions,
    LevelResult,
    compare_case,
    compare_documents,
    levels_summary,
    run_cases,
)
from .targets import LIBRARY, LIBRARY_ISOLATED, TargetError, resolve_target

__all__ = [
    "LIBRARY",
    "LIBRARY_ISOLATED",
    "STATUSES",
    "CaseResult",
    "DiffOptions",
    "LevelResult",
    "TargetError",
    "compare_case",
    "compare_documents",
    "levels_summary",
    "resolve_target",
    "run_cases",
]
