"""Security report models (src/sentry/interfaces/security.py)."""

from __future__ import annotations

import pytest

from sentry_compat.interfaces import Csp, Hpkp, InterfaceValidationError


def test_csp_defaults_and_schema() -> None:
    csp = Csp.to_python({"effective_directive": "img-src"})
    assert (csp.blocked_uri, csp.violated_directive) == ("self", "")
    assert csp.normalized_blocked_uri == "'self'"
    with pytest.raises(InterfaceValidationError):
        Csp.to_python({"effective_directive": "img-src", "extra": 1})
    with pytest.raises(InterfaceValidationError):
        Csp.to_python({"effective_directive": "sandbox"})


def test_csp_message_culprit_tags() -> None:
    csp = Csp.to_python(
        {
            "effective_directive": "style-src",
            "blocked_uri": "http://cdn.invalid/s.css",
            "violated_directive": "style-src http://other.invalid",
            "document_uri": "http://example.invalid/page",
        }
    )
    assert csp.get_message() == "Blocked 'style' from 'cdn.invalid'"
    assert csp.get_culprit() == "style-src http://other.invalid"
    assert csp.get_tags() == [
        ("effective-directive", "style-src"),
        ("blocked-uri", "http://cdn.invalid/s.css"),
    ]
    odd = Csp.to_python({"effective_directive": "base-uri", "blocked_uri": "\xe9x"})
    # the default template's !r: report text was py2 unicode at the security endpoint, ASCII
    # or not (observed on 9.1.2: "Blocked u'worker-src' from u'blob:'")
    assert odd.get_message() == "Blocked u'base-uri' from u'\\xe9x:'"
    worker = Csp.to_python({"effective_directive": "worker-src", "blocked_uri": "blob:file:///x"})
    assert worker.get_message() == "Blocked u'worker-src' from u'blob:'"


def test_hpkp_requires_hostname() -> None:
    assert Hpkp.to_python({"hostname": "h", "port": 443}).get_message() == (
        "Public key pinning validation failed for 'h'"
    )
    with pytest.raises(InterfaceValidationError):
        Hpkp.to_python({"port": 443})
