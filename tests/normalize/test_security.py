"""Security reports (``sentry_compat.normalize.security``): the raw event 9.1.2's security
endpoint built (``event_from_report``) and the csp/hpkp/expectct/expectstaple interfaces, pinned
on 9.1.2 + semaphore 0.4.65 (``observations/security.jsonl``)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from sentry_compat.compare import STORED_VOLATILE, diff, mask
from sentry_compat.normalize import NormalizeOptions, normalize, normalize_ingest
from sentry_compat.normalize.security import SecurityReportError, event_from_report

from . import context_generators

UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/74.0.3729.169 Safari/537.36"
CSP = {
    "csp-report": {
        "document-uri": "https://example.com/foo/bar",
        "referrer": "https://www.google.com/",
        "violated-directive": "default-src self",
        "original-policy": "default-src self; report-uri /csp-hotline.php",
        "blocked-uri": "http://evilhackerscripts.com",
        "effective-directive": "script-src",
    }
}
HPKP = {
    "hostname": "www.example.com",
    "port": 443,
    "include-subdomains": False,
    "known-pins": ['pin-sha256="x"'],
}


def test_csp_event() -> None:
    raw = event_from_report(CSP, client_ip="1.2.3.4", user_agent=UA, release="1.0")
    assert raw["logentry"] == "Blocked 'script' from 'evilhackerscripts.com'"
    assert raw["culprit"] == "default-src self"
    assert raw["tags"] == [
        ["effective-directive", "script-src"],
        ["blocked-uri", "http://evilhackerscripts.com"],
    ]
    assert raw["request"] == {
        "url": "https://example.com/foo/bar",
        "headers": {"User-Agent": UA, "Referer": "https://www.google.com/"},
    }
    assert raw["user"] == {"ip_address": "1.2.3.4"} and raw["release"] == "1.0"
    assert raw["csp"]["blocked_uri"] == "http://evilhackerscripts.com"


def test_hpkp_event_and_refusals() -> None:
    raw = event_from_report(HPKP, client_ip="1.2.3.4", user_agent=None)
    assert raw["logentry"] == "Public key pinning validation failed for 'www.example.com'"
    assert raw["tags"] == [
        ["port", "443"],
        ["include-subdomains", "false"],
        ["hostname", "www.example.com"],
    ]
    assert raw["request"] == {"url": "www.example.com", "headers": {}}
    with pytest.raises(SecurityReportError, match="500"):  # no port: 9.1.2 crashed
        event_from_report({"hostname": "x", "known-pins": []}, client_ip="1.2.3.4", user_agent=None)
    with pytest.raises(SecurityReportError, match="500"):  # no referrer: 9.1.2 crashed
        event_from_report(
            {"csp-report": {"document-uri": "https://x/", "effective-directive": "img-src"}},
            client_ip="1.2.3.4",
            user_agent=None,
        )
    with pytest.raises(SecurityReportError, match="Unrecognized"):
        event_from_report({"x": 1}, client_ip="1.2.3.4", user_agent=None)


def test_interfaces_typed() -> None:
    options = NormalizeOptions(client_ip="127.0.0.1", client="x/1")
    out = normalize_ingest(
        {"hpkp": {"hostname": "h", "port": "x", "known_pins": [1, "a"], "foo": 1}}, options=options
    )
    assert out["hpkp"] == {"hostname": "h", "port": None, "known_pins": [None, "a"]}
    assert [e["name"] for e in out["errors"]] == ["hpkp.port", "hpkp.known_pins.0"]
    out = normalize_ingest(
        {"expectstaple": {"port": 1.5, "ocsp_response": {"a": 1}}}, options=options
    )
    assert out["expectstaple"] == {"port": 1, "ocsp_response": {"a": 1}}


@pytest.mark.oracle
def test_generated_security_interfaces_against_the_oracle(semaphore_step: Any) -> None:
    context_generators.check_area(semaphore_step, "security")


@pytest.mark.oracle
@pytest.mark.parametrize("kind", ["csp", "hpkp"])
def test_reports_end_to_end(kind: str, semaphore_step: Any) -> None:
    """A real report posted to 9.1.2's security endpoint is stored as ``normalize`` says."""
    nonce = "n" + uuid.uuid4().hex[:10]
    if kind == "csp":
        body = {
            "csp-report": {
                **CSP["csp-report"],
                "violated-directive": f"default-src self https://{nonce}.example",
            }
        }
        content_type = "application/csp-report"
    else:
        body = {**HPKP, "hostname": f"{nonce}.example.com"}
        content_type = "application/json"
    got = context_generators.post_security_report(body, content_type, user_agent=UA, nonce=nonce)
    assert got is not None, "the oracle did not store the report"
    raw = event_from_report(body, client_ip="127.0.0.1", user_agent=UA)
    mine = normalize(
        raw, received=got["received"], project_id=2, key_id="2", client_ip="127.0.0.1",
        user_agent=UA, client=UA, protocol_version="None",
    )  # fmt: skip
    problems = diff(mask(got["stored"], STORED_VOLATILE), mask(mine, STORED_VOLATILE))
    assert not problems, [str(p) for p in problems[:10]]
