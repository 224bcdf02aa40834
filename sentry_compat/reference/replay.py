"""Moved to :mod:`sentry_compat.timeshift` (pure, used below the reference package too);
re-exported here for the harvest and probe code that imports it from this place."""

from __future__ import annotations

from ..timeshift import (
    ReplayPlan,
    apply_timestamp_shift,
    fresh_event_id,
    is_valid_event_id,
    prepare_replay,
    timestamp_epoch,
    timestamp_shift,
    utc_iso,
)

__all__ = [
    "ReplayPlan",
    "apply_timestamp_shift",
    "fresh_event_id",
    "is_valid_event_id",
    "prepare_replay",
    "timestamp_epoch",
    "timestamp_shift",
    "utc_iso",
]
