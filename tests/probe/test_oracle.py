"""End to end: probe the real Sentry 9.1.2 oracle with the whole corpus.

The references were made by that oracle, so whatever the probe reports there is either a
false difference of the probe itself, or a truth about the dialect: 9.1.2 has no
``/envelope/`` endpoint (every envelope SDK is refused there, with the CSRF page of its web
app), and it stored what the *request* said (protocol version, client), where the harvest
posted every case as store JSON, protocol 7, with its own client identity.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from sentry_compat.corpus import Corpus
from sentry_compat.dsn import Dsn
from sentry_compat.probe import ApiClient, ProbeOptions, ProbeReport, get_adapter, probe_cases
from sentry_compat.replay import WireRecord

from .conftest import CORPUS

pytestmark = [pytest.mark.oracle, pytest.mark.slow]


def run(state: Any, dialect: str) -> ProbeReport:
    adapter = get_adapter("sentry")(
        ApiClient(state.url, state.api_token), Dsn.parse(state.dsn), oracle_state=state.path
    )
    return probe_cases(Corpus(CORPUS), adapter, options=ProbeOptions(dialect=dialect))


def _dialect_client(wire: WireRecord) -> str | None:
    """The client 9.1.2 saw for this request: sentry_client of the auth, else the User-Agent
    (src/sentry/coreapi.py: ClientAuthHelper)."""
    for name, value in wire.headers:
        if name.lower() in ("x-sentry-auth", "authorization"):
            found = re.search(r"sentry_client\s*=\s*([^,]+)", value)
            if found:
                return found.group(1).strip()
    query = dict(wire.query)
    return query.get("sentry_client") or wire.header("User-Agent")


def test_store_dialect_comes_out_all_equal(oracle_state: Any) -> None:
    """Sent exactly as the harvest sent them, every case equals its references at every level:
    the probe adds no difference of its own."""
    report = run(oracle_state, "store")
    assert report.cases
    bad = [
        (case.case, level, case.levels[level].summary)
        for case in report.cases
        for level in ("accepted", "stored", "api", "grouping")
        if case.status(level) not in ("pass", "n/a")
    ]
    assert not bad, bad[:10]
    assert all(case.status("accepted") == "pass" for case in report.cases)


def test_original_dialects_tell_the_truth(oracle_state: Any) -> None:
    report = run(oracle_state, "original")
    corpus = Corpus(CORPUS)
    for result in report.cases:
        case = corpus.case(result.case)
        if not case.has("wire"):
            continue
        wire = WireRecord.from_json(case.load("wire"))
        if wire.endpoint == "envelope":
            # 9.1.2 had no /envelope/: the route falls through to its web app's CSRF check
            assert result.status("accepted") == "refused", result.case
            assert result.request["status"] == 403
            assert "CSRF" in result.levels["accepted"].summary
            assert result.fallback is not None and result.fallback["status"] == 200
        else:
            assert result.status("accepted") == "pass", (result.case, result.levels["accepted"])
        reference = case.metadata.get("reference") or {}
        harvested_as = reference.get("sentry_client")
        if case.has("oss_sentry_events") and wire.endpoint == "store" and harvested_as:
            if harvested_as != _dialect_client(wire):
                # the reference was made with another client identity: 9.1.2 stores the
                # request's, so the probe must see a difference, and only in the SDK fields
                assert result.status("api") == "diff", result.case
                paths = {d["path"] for d in result.levels["api"].differences}
                assert all(p.startswith("sdk") for p in paths), paths
                continue
        for level in ("stored", "api", "grouping"):
            assert result.status(level) in ("pass", "n/a"), (
                result.case,
                level,
                result.levels[level].summary,
                result.levels[level].differences[:3],
            )
