"""The ``errors`` of the API event: stored processing errors with their messages.

Each stored error ``{"type": t, ...}`` becomes ``{"type": t, "message": <table>, "data":
{every other key}}`` (``src/sentry/models/eventerror.py: EventError.get_api_context``);
errors whose ``name`` starts with ``breadcrumbs.`` or ``extra.`` or contains ``.frames.`` are
hidden (``src/sentry/api/serializers/models/event.py: EventSerializer.should_display_error``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["ERROR_MESSAGES", "UNKNOWN_ERROR_MESSAGE", "render_error", "render_errors"]

#: error type -> message (``src/sentry/models/eventerror.py: EventError._messages``)
ERROR_MESSAGES: dict[str, str] = {
    "unknown_error": "Unknown error",
    "invalid_data": "Discarded invalid value",
    "invalid_attribute": "Discarded unknown attribute",
    "missing_attribute": "Missing value for required attribute",
    "value_too_long": "Discarded value due to exceeding maximum length",
    "future_timestamp": "Invalid timestamp (in future)",
    "past_timestamp": "Invalid timestamp (too old)",
    "invalid_environment": 'Environment cannot contain "/" or newlines',
    "security_violation": "Cannot fetch resource due to security violation",
    "restricted_ip": "Cannot fetch resource due to restricted IP address",
    "fetch_generic_error": "Unable to fetch HTTP resource",
    "fetch_invalid_http_code": "HTTP returned error response",
    "fetch_invalid_source_encoding": "Source file was not encoded properly",
    "fetch_too_large": "Remote file too large",
    "fetch_timeout": "Remote file took too long to load",
    "js_generic_fetch_error": "Unable to fetch resource",
    "js_invalid_http_code": "HTTP returned error response",
    "js_invalid_content": "Source file was not JavaScript",
    "js_no_column": "Cannot expand sourcemap due to missing column information",
    "js_no_source": "Source code was not found",
    "js_invalid_source": "Sourcemap was invalid or not parseable",
    "js_too_many_sources": "The maximum number of remote source requests was made",
    "js_invalid_source_encoding": "Source file was not encoded properly",
    "js_invalid_sourcemap_location": "Invalid location in sourcemap",
    "js_too_large": "Remote file too large",
    "js_fetch_timeout": "Remote file took too long to load",
    "native_no_crashed_thread": "No crashed thread found in crash report",
    "native_internal_failure": "Internal failure when attempting to symbolicate",
    "native_bad_dsym": "The debug information file used was broken.",
    "native_optionally_bundled_dsym": "An optional debug information file was missing.",
    "native_missing_dsym": "A required debug information file was missing.",
    "native_missing_system_dsym": "A system debug information file was missing.",
    "native_missing_symbol": "Could not resolve one or more frames in debug information file.",
    "native_simulator_frame": "Encountered an unprocessable simulator frame.",
    "native_unknown_image": "A binary image is referenced that is unknown.",
    "native_symbolicator_failed": "Failed to call Sentry-internal service.",
    "proguard_missing_mapping": "A proguard mapping file was missing.",
    "proguard_missing_lineno": "A proguard mapping file does not contain line info.",
}
UNKNOWN_ERROR_MESSAGE = ERROR_MESSAGES["unknown_error"]


def should_display_error(error: Mapping[str, Any]) -> bool:
    """False for the normalization errors 9.1.2 hid (breadcrumbs, extra, frames)."""
    # src/sentry/api/serializers/models/event.py: EventSerializer.should_display_error
    name = error.get("name")
    if not isinstance(name, str):
        return True
    return (
        not name.startswith("breadcrumbs.")
        and not name.startswith("extra.")
        and (".frames." not in name)
    )


def render_error(error: Mapping[str, Any]) -> dict[str, Any]:
    """One stored error as the API shows it; KeyError when it has no ``type`` (a 500)."""
    # src/sentry/models/eventerror.py: EventError.get_api_context
    kind = error["type"]
    return {
        "type": kind,
        "message": ERROR_MESSAGES.get(kind, UNKNOWN_ERROR_MESSAGE),
        "data": {k: v for k, v in error.items() if k != "type"},
    }


def render_errors(errors: Any) -> list[dict[str, Any]]:
    """The API ``errors`` list: null entries skipped, hidden ones dropped."""
    # src/sentry/api/serializers/models/event.py: EventSerializer.serialize (errors)
    if errors is None:
        return []
    items: Iterable[Any] = errors
    if isinstance(errors, (list, tuple)):
        items = [e for e in errors if e is not None]
    return [render_error(e) for e in items if should_display_error(e)]
