"""The public API is exactly ``__all__``: every public name exported, nothing by accident."""

from __future__ import annotations

import sentry_compat


def test_all_is_sorted_and_complete() -> None:
    exported = sentry_compat.__all__
    names = [n for n in exported if not n.startswith("__")]
    assert names == sorted(names, key=lambda n: (n[0].islower(), n.lower()))
    public = {name for name in vars(sentry_compat) if not name.startswith("_") and not _is_module(name)}
    assert public == {n for n in exported if not n.startswith("__")}
    for name in exported:
        assert hasattr(sentry_compat, name), name


def _is_module(name: str) -> bool:
    """Sub-modules and the ``from __future__ import annotations`` marker are not API."""
    import __future__

    import types

    value = getattr(sentry_compat, name)
    return isinstance(value, (types.ModuleType, __future__._Feature))


def test_pinned_public_api() -> None:
    assert sentry_compat.__all__ == [
        "Auth",
        "AuthError",
        "Dsn",
        "Envelope",
        "IngestRequest",
        "IngestResult",
        "Item",
        "Limits",
        "NormalizeOptions",
        "NotAnEventError",
        "PayloadTooLarge",
        "ProtocolError",
        "SecurityReport",
        "SentryCompatError",
        "ServerError",
        "__version__",
        "auth_from_request",
        "calculate_hashes",
        "decode_store_body",
        "get_grouping_variants",
        "grouping_info",
        "ingest",
        "normalize",
        "parse_security_report",
        "to_api_event",
    ]
