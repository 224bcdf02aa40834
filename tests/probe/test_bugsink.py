"""A real Bugsink (pip-installed into its own venv, SQLite, loopback), probed with the corpus.

The report must be produced (JSON, JUnit, matrix) and truthful, which is checked against
Bugsink's own API and against what is known of it: it answers 400 to the legacy raven bodies
(zlib-wrapped deflate, base64+zlib), it stores the event as sent (none of 9.1.2's derived
fields), and it groups by exception type and value.
"""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest

from sentry_compat.corpus import Corpus
from sentry_compat.probe.adapters.bugsink import dashed
from sentry_compat.probe.bugsink_peer import BugsinkError, BugsinkPeer
from sentry_compat.probe.transport import ApiClient
from sentry_compat.replay import WireRecord

from .conftest import CORPUS

pytestmark = [pytest.mark.bugsink, pytest.mark.slow]

typer_testing = pytest.importorskip("typer.testing", reason="typer is not installed")


@pytest.fixture(scope="module")
def bugsink(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BugsinkPeer]:
    peer = BugsinkPeer(directory=tmp_path_factory.mktemp("bugsink"))
    try:
        peer.install()
    except BugsinkError as exc:
        pytest.skip(f"Bugsink cannot be installed here: {str(exc)[:300]}")
    with peer:
        yield peer


@pytest.fixture(scope="module")
def probed(bugsink: BugsinkPeer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    import typer

    from sentry_compat.cli.probe import probe

    app = typer.Typer()
    app.command()(probe)
    out = tmp_path_factory.mktemp("report")
    names = Corpus(CORPUS).names("incoming_events")  # the corpus may grow while this runs
    result = typer_testing.CliRunner().invoke(
        app,
        [
            "--dsn", bugsink.dsn, "--api", bugsink.api_url, "--token", bugsink.token,
            "--backend", "bugsink", "--corpus", str(CORPUS), "--json",
            "--junit", str(out / "junit.xml"), "--matrix", str(out / "matrix.html"), "--out", str(out / "report.json"),
        ],
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output[-3000:]
    report = json.loads(result.stdout)
    return {"report": report, "dir": out, "exit": result.exit_code, "names": names}


def _wire(name: str) -> WireRecord | None:
    case = Corpus(CORPUS).case(name)
    return WireRecord.from_json(case.load("wire")) if case.has("wire") else None


def test_report_is_produced(probed: dict[str, Any]) -> None:
    report, out = probed["report"], probed["dir"]
    assert report["backend"]["backend"] == "bugsink" and report["backend"]["tested_here"]
    probed_names = [c["case"] for c in report["cases"]]
    assert set(probed["names"]) <= set(probed_names)
    page = (out / "matrix.html").read_text()
    assert "<th>SDK build</th><th>accepted</th><th>field-equal</th><th>grouping-equal</th>" in page
    for build in report["matrix"]:
        assert f"<tr><th>{html.escape(build)}</th>" in page
    assert json.loads((out / "report.json").read_text())["counts"] == report["counts"]
    suites = ET.parse(out / "junit.xml").getroot()
    assert [s.get("name") for s in suites] == [
        "probe.accepted", "probe.stored", "probe.api", "probe.grouping",
    ]  # fmt: skip
    assert probed["exit"] == 1  # Bugsink is not 9.1.2: differences exist


def test_legacy_raven_bodies_are_refused_at_the_accepted_level(probed: dict[str, Any]) -> None:
    legacy = 0
    for case in probed["report"]["cases"]:
        wire = _wire(case["case"])
        if wire is None:
            continue
        steps = set(wire.decode_steps)
        if steps & {"deflate (zlib)", "zlib"}:
            legacy += 1
            accepted = case["levels"]["accepted"]
            assert accepted["status"] == "refused", (case["case"], accepted)
            assert case["request"]["status"] == 400
        elif case["request"].get("status") == 200:
            assert case["levels"]["accepted"]["status"] == "pass", case["case"]
    assert legacy, "the corpus holds no legacy raven body"


def test_accepted_means_stored_in_bugsink(probed: dict[str, Any], bugsink: BugsinkPeer) -> None:
    """Checked on Bugsink's side: every event the report calls accepted (or stored through the
    fallback) is in the project, and no refused request's event is."""
    api = ApiClient(bugsink.api_url, bugsink.token)
    stored_ids = []
    for case in probed["report"]["cases"]:
        lookups = [(case["request"], case["levels"]["accepted"]["status"] == "pass")]
        if case.get("fallback"):
            lookups.append((case["fallback"], case["fallback"].get("readback") == "stored"))
        for request, should_exist in lookups:
            found = api.get_json(
                "/api/canonical/0/events/lookup/",
                params={"event_id": dashed(request["event_id"]), "project": bugsink.project_id},
            )
            assert (found is not None) is should_exist, (case["case"], request)
            if found is not None:
                stored_ids.append(found["event_id"])
    project = api.get_json(f"/api/canonical/0/projects/{bugsink.project_id}/")
    assert project["digested_event_count"] == len(stored_ids)


def test_fields_differ_where_bugsink_stores_the_event_as_sent(probed: dict[str, Any]) -> None:
    for case in probed["report"]["cases"]:
        stored = case["levels"]["stored"]
        if stored["status"] == "n/a":
            continue
        assert stored["status"] == "diff", case["case"]
        # 9.1.2's derived fields are not there
        assert {"metadata", "title"} <= set(stored["keys"]), (
            case["case"],
            stored["keys"],
        )


def test_grouping_partition_against_9_1_2(probed: dict[str, Any], bugsink: BugsinkPeer) -> None:
    """Bugsink groups a logged ZeroDivisionError with a captured one (same type and value);
    9.1.2 kept them apart (different hashes).  The report must say so for both."""
    cases = {c["case"]: c for c in probed["report"]["cases"]}
    a, b = "python-sentry-sdk-1.45.1-captured_exception", "python-sentry-sdk-1.45.1-logging_error"
    if a not in cases or b not in cases:
        pytest.skip("the corpus lacks the python-sentry-sdk 1.45.1 exception cases")
    assert cases[a]["group"] == cases[b]["group"]  # one Bugsink issue
    refs = Corpus(CORPUS)
    hashes_a = set(refs.case(a).load_reference("oss_sentry_json")["hashes"])  # type: ignore[index]
    hashes_b = set(refs.case(b).load_reference("oss_sentry_json")["hashes"])  # type: ignore[index]
    assert not hashes_a & hashes_b  # two 9.1.2 groups
    for name, other in ((a, b), (b, a)):
        grouping = cases[name]["levels"]["grouping"]
        assert grouping["status"] == "diff"
        assert "merged with" in grouping["summary"]
        partition = next(d for d in grouping["differences"] if d["path"] == "<partition>")
        assert other in partition["merged_with"]
