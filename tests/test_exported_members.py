"""The public API is exactly ``__all__``: every public name exported, nothing by accident."""

from __future__ import annotations

import sentry_compat


def test_all_is_sorted_and_complete() -> None:
    exported = sentry_compat.__all__
    names = [n for n in exported if not n.startswith("__")]
    assert names == sorted(names, key=lambda n: (n[0].islower(), n.lower()))
    public = {
        name for name in dir(sentry_compat) if not name.startswith("_") and not _is_module(name)
    }
    assert public == {n for n in exported if not n.startswith("__")}
    for name in exported:
        assert hasattr(sentry_compat, name), name


def _is_module(name: str) -> bool:
    """Sub-modules and the ``from __future__ import annotations`` marker are not API."""
    import __future__

    import types

    if name == "normalize":  # the package is callable: it is the function too
        return False
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
        "normalize_ingest",
        "parse_security_report",
        "to_api_event",
    ]


def test_normalize_is_callable_whatever_the_import_order() -> None:
    import subprocess
    import sys

    for code in (
        "import sentry_compat; print(sentry_compat.normalize({'message': 'x'})['title'])",
        "import sentry_compat.normalize.pipeline, sentry_compat; "
        "print(sentry_compat.normalize({'message': 'x'})['title'])",
        "from sentry_compat import normalize; print(normalize({'message': 'x'})['title'])",
    ):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == "x"


def test_heavy_parts_load_lazily() -> None:
    import subprocess
    import sys

    code = (
        "import sys, sentry_compat; "
        "print(sorted(m for m in ('sentry_compat.normalize', 'sentry_compat.api', 'sentry_compat.grouping') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
