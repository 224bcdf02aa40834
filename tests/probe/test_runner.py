"""The probe's classification on a scripted Sentry-API backend over real loopback HTTP.

The real backends (the oracle, Bugsink) are probed in test_oracle.py and test_bugsink.py; what
they cannot be made to do on demand is scripted here: answer 429 with rate-limit headers,
answer 200 and never store the event, refuse a dialect and take the store fallback.
"""

from __future__ import annotations

import gzip
import json
import shutil
import zlib
from pathlib import Path
from typing import Any

import pytest

from sentry_compat.corpus import Corpus
from sentry_compat.dsn import Dsn
from sentry_compat.probe import ApiClient, ProbeOptions, get_adapter, probe_cases

from .conftest import CORPUS, ScriptedServer

CASES = {
    "envelope": "python-sentry-sdk-2.75.0-captured_exception",
    "store": "python-sentry-sdk-1.45.1-captured_message",
    "raven": "python-raven-6.10.0-captured_exception",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    for name in CASES.values():
        for folder in (
            "incoming_events",
            "wire",
            "oss_sentry_json",
            "oss_sentry_events",
            "grouping_info",
        ):
            source = CORPUS / folder / f"{name}.json"
            if not source.is_file():
                pytest.skip(f"corpus case {name} lacks {folder}")
            (tmp_path / folder).mkdir(exist_ok=True)
            shutil.copy(source, tmp_path / folder / source.name)
    manifest = json.loads((CORPUS / "manifest.json").read_text())
    cases = {n: manifest["cases"][n] for n in CASES.values()}
    (tmp_path / "manifest.json").write_text(json.dumps({"version": 1, "cases": cases}))
    return Corpus(tmp_path)


def decode(request: dict[str, Any]) -> dict[str, Any]:
    headers = {k.lower(): v for k, v in request["headers"]}
    body = request["body"]
    if headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    elif headers.get("content-encoding") == "deflate":
        body = zlib.decompress(body)
    if request["path"].split("?")[0].endswith("/envelope/"):
        lines = body.split(b"\n")
        return json.loads(lines[2])
    return json.loads(body)


class Backend:
    """A Sentry-API backend: stores envelope events and raven fallbacks, drops store events,
    rate-limits the first envelope, refuses deflate bodies."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.events: dict[str, str] = {}  # event id -> case
        self.limited = False

    def __call__(self, request: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
        path = request["path"]
        headers = {k.lower(): v for k, v in request["headers"]}
        if path == "/api/0/projects/":
            return (
                200,
                {},
                json.dumps([{"id": "1", "slug": "p", "organization": {"slug": "o"}}]).encode(),
            )
        if path.startswith("/api/1/"):
            if path.startswith("/api/1/envelope/") and not self.limited:
                self.limited = True
                return 429, {"X-Sentry-Rate-Limits": "0.2:error:key"}, b""
            if headers.get("content-encoding") == "deflate":
                return 400, {"X-Sentry-Error": "body: not valid deflate"}, b""
            event = decode(request)
            sdk = event.get("sdk", {}).get("version", "")
            case = next(n for n in CASES.values() if sdk and sdk in n) if sdk else None
            if case and "raven" not in case and path.startswith("/api/1/store/"):
                return 200, {}, json.dumps({"id": event["event_id"]}).encode()  # dropped
            self.events[event["event_id"]] = case or CASES["raven"]
            return 200, {}, json.dumps({"id": event["event_id"]}).encode()
        if path.startswith("/api/0/projects/o/p/events/"):
            event_id = path.split("/")[7]
            case = self.events.get(event_id)
            if case is None:
                return 404, {}, b'{"detail": "not found"}'
            target = self.corpus.case(case)
            if "grouping-info" in path:
                config = path.split("config=")[1].replace("%3A", ":")
                return 200, {}, json.dumps(target.grouping_references()[config]).encode()
            api = dict(target.load_reference("oss_sentry_events") or {})
            api["eventID"] = event_id
            return 200, {}, json.dumps(api).encode()
        if path.startswith("/api/0/issues/") and path.endswith("/hashes/"):
            case = next(iter(self.events.values()))
            hashes = (self.corpus.case(case).load_reference("oss_sentry_json") or {})["hashes"]
            return 200, {}, json.dumps([{"id": h} for h in hashes]).encode()
        return 404, {}, b""


def test_probe_classifies_accepted_dropped_refused(
    scripted: ScriptedServer, corpus: Corpus
) -> None:
    backend = Backend(corpus)
    scripted.handler.default = backend
    dsn = Dsn.parse(f"http://0123456789abcdef0123456789abcdef@127.0.0.1:{scripted.port}/1")
    adapter = get_adapter("sentry")(
        ApiClient(scripted.url, "token"), dsn, oracle_state="/nonexistent"
    )
    report = probe_cases(corpus, adapter, options=ProbeOptions(readback_timeout=0.5))
    by_case = {c.case: c for c in report.cases}

    envelope = by_case[CASES["envelope"]]
    assert envelope.status("accepted") == "pass"
    assert envelope.request["status"] == 200 and envelope.fallback is None
    assert report.rate_limited == 1  # the 429 was waited out and retried
    assert envelope.status("api") == "pass", envelope.levels["api"].summary

    store = by_case[CASES["store"]]
    assert store.status("accepted") == "dropped"
    assert "never showed up" in store.levels["accepted"].summary
    assert store.status("field-equal") == "n/a"

    raven = by_case[CASES["raven"]]
    assert raven.status("accepted") == "refused"
    assert "not valid deflate" in raven.levels["accepted"].summary
    assert raven.fallback is not None and raven.fallback["status"] == 200
    assert raven.status("api") == "pass"
    assert raven.levels["api"].summary.endswith("(via the store fallback)")

    # the dialects went out as captured: gzip envelope with X-Sentry-Auth, deflate store
    ingest = [r for r in scripted.seen if r["path"].startswith("/api/1/")]
    encodings = {
        r["path"].split("?")[0]: {k.lower(): v for k, v in r["headers"]}.get("content-encoding")
        for r in ingest
    }
    assert encodings["/api/1/envelope/"] == "gzip"
    raven_requests = [
        {k.lower(): v for k, v in r["headers"]}
        for r in ingest
        if "raven" in {k.lower(): v for k, v in r["headers"]}.get("user-agent", "")
    ]
    assert [h.get("content-encoding") for h in raven_requests] == ["deflate", None]
    assert "sentry_version=6" in raven_requests[0]["x-sentry-auth"]
    # every request went to the DSN's host or the API host, which are the same here
    assert all(r["path"].startswith("/api/") for r in scripted.seen)
