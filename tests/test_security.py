from __future__ import annotations

import json

import pytest

from sentry_compat.exceptions import ProtocolError
from sentry_compat.security import CONTENT_TYPES, parse_security_report, validate_report

CSP = {
    "csp-report": {
        "document-uri": "https://example.com/page",
        "referrer": "",
        "violated-directive": "script-src 'self'",
        "original-policy": "script-src 'self'; report-uri /csp",
        "blocked-uri": "https://evil.example/x.js",
    }
}
HPKP = {
    "hostname": "www.example.com",
    "port": 443,
    "include-subdomains": False,
    "known-pins": ['pin-sha256="abc"'],
    "effective-expiration-date": "2014-05-01T12:40:50Z",
}
EXPECT_CT = {
    "expect-ct-report": {
        "hostname": "www.example.com",
        "port": 443,
        "scts": [{"version": 1, "status": "invalid", "source": "embedded"}],
    }
}
EXPECT_STAPLE = {
    "expect-staple-report": {
        "hostname": "www.example.com",
        "port": 443,
        "response-status": "ERROR_RESPONSE",
        "cert-status": "REVOKED",
    }
}


@pytest.mark.parametrize(
    ("body", "content_type", "kind"),
    [
        (CSP, "application/csp-report", "csp"),
        (CSP, "application/json", "csp"),  # Firefox
        (HPKP, "application/json", "hpkp"),
        (EXPECT_CT, "application/expect-ct-report+json", "expectct"),
        (EXPECT_STAPLE, "application/expect-staple-report", "expectstaple"),
    ],
)
def test_report_types(body: dict, content_type: str, kind: str) -> None:
    [report] = parse_security_report(json.dumps(body).encode(), content_type, strict=True)
    assert report.type == kind
    assert report.warnings == ()


def test_effective_directive_from_violated_directive() -> None:
    [report] = parse_security_report(json.dumps(CSP).encode(), "application/csp-report")
    assert report.body["csp-report"]["effective-directive"] == "script-src"


def test_strict_content_type() -> None:
    body = json.dumps(CSP).encode()
    with pytest.raises(ProtocolError, match="Invalid Content-Type"):
        parse_security_report(body, "application/csp-report; charset=utf-8", strict=True)
    [report] = parse_security_report(body, "application/csp-report; charset=utf-8")
    assert "9.1.2 answered 400" in report.warnings[0]
    with pytest.raises(ProtocolError, match="Invalid Content-Type"):
        parse_security_report(body, "text/plain")
    assert "application/csp-report" in CONTENT_TYPES


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"nothing": 1}, "Unrecognized security report type"),
        (
            {"csp-report": {"document-uri": "about:blank", "effective-directive": "img-src"}},
            "not allowed",
        ),
        ({"csp-report": {"effective-directive": "sandbox"}}, "is not one of"),
        ({"csp-report": {"blocked-uri": "x"}}, "'effective-directive' is a required property"),
        ({"csp-report": {"effective-directive": "img-src"}, "extra": 1}, "additional properties"),
        ({"hostname": "h", "port": "443", "known-pins": []}, "is not of type 'number'"),
        ({"expect-staple-report": {"hostname": "h", "cert-status": "BAD"}}, "is not one of"),
    ],
)
def test_invalid_reports(body: dict, fragment: str) -> None:
    with pytest.raises(ProtocolError, match=fragment):
        parse_security_report(json.dumps(body).encode(), "application/json")


def test_booleans_are_not_numbers() -> None:
    assert validate_report("hpkp", {"hostname": "h", "port": True, "known-pins": []})


def test_reporting_api_list() -> None:
    body = [
        {
            "type": "csp-violation",
            "url": "https://example.com/",
            "body": {
                "documentURL": "https://example.com/",
                "blockedURL": "inline",
                "effectiveDirective": "script-src-elem",
                "originalPolicy": "script-src 'self'",
                "disposition": "enforce",
                "statusCode": 200,
            },
        }
    ]
    [report] = parse_security_report(json.dumps(body).encode(), "application/reports+json")
    assert report.type == "csp"
    assert report.body["csp-report"]["blocked-uri"] == "inline"
    assert "Reporting API" in report.warnings[0]
    with pytest.raises(ProtocolError, match="unsupported Reporting API report type 'deprecation'"):
        parse_security_report(
            json.dumps([{"type": "deprecation"}]).encode(), "application/reports+json"
        )
