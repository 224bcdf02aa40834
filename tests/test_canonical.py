"""Legacy key aliases (src/sentry/utils/canonical.py)."""

from __future__ import annotations

from sentry_compat.canonical import CanonicalKeyDict, CanonicalKeyView, get_canonical_name


def test_canonical_names() -> None:
    assert get_canonical_name("message") == "logentry"
    assert get_canonical_name("sentry.interfaces.Http") == "request"
    assert get_canonical_name("extra") == "extra"


def test_canonical_dict_and_view() -> None:
    d = CanonicalKeyDict({"sentry.interfaces.Exception": 1, "exception": 2, "message": "m"})
    assert d.data == {"exception": 2, "logentry": "m"}
    assert d["sentry.interfaces.Message"] == "m" and "sentry.interfaces.Exception" in d
    v = CanonicalKeyView({"logentry": 1, "sentry.interfaces.Http": 2})
    assert v["message"] == 1 and v["request"] == 2 and sorted(v) == ["logentry", "request"]
    assert v.get("user") is None and len(v) == 2
