"""Against the running Sentry 9.1.2 (marker `oracle`; set SENTRY_COMPAT_ORACLE to its state file)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from sentry_compat.corpus import Corpus
from sentry_compat.reference.client import GROUPING_CONFIGS, OracleClient, OracleError
from sentry_compat.reference.harvest import harvest_cases
from sentry_compat.reference.replay import apply_timestamp_shift, prepare_replay
from sentry_compat.reference.state import OracleState

from .conftest import REPO, shared_glitchtip

pytestmark = pytest.mark.oracle

CASE = "python_zero_division"


def _corpus_with(tmp_path: Path, name: str, event: dict[str, Any]) -> Corpus:
    incoming = tmp_path / "corpus" / "incoming_events"
    incoming.mkdir(parents=True)
    (incoming / f"{name}.json").write_text(json.dumps(event))
    return Corpus(tmp_path / "corpus")


def test_harvest_matches_the_glitchtip_reference(oracle_state: OracleState, tmp_path: Path) -> None:
    """The acceptance test: 9.1.2 here stores the zero-division event as GlitchTip's did."""
    incoming = json.loads(shared_glitchtip("incoming_events", f"{CASE}.json").read_text())
    expected = json.loads(shared_glitchtip("oss_sentry_json", f"{CASE}.json").read_text())
    corpus = _corpus_with(tmp_path, CASE, incoming)

    results = harvest_cases(corpus, [CASE], oracle_state)

    assert [(r.name, r.status) for r in results] == [(CASE, "harvested")], results[0].message
    case = corpus.case(CASE)
    stored = json.loads(case.stored_path.read_text())
    assert sorted(stored) == sorted(expected)
    for key in ("title", "culprit", "metadata", "hashes"):
        assert stored[key] == expected[key], key
    # the posted copy had a fresh id and a timestamp moved to now, as recorded
    reference = corpus.manifest.get(CASE)["reference"]
    assert stored["event_id"] == reference["event_id"] != incoming["event_id"]
    assert reference["timestamp_shift"] > 0
    assert stored["timestamp"] == pytest.approx(
        _epoch(apply_timestamp_shift(incoming["timestamp"], reference["timestamp_shift"]))
    )
    assert "errors" not in stored  # neither a duplicate nor a clamped timestamp
    assert stored["received"] == reference["received"]
    assert reference["project_id"] == oracle_state.project_id == stored["project"]
    assert reference["key_id"] == oracle_state.key_id == int(stored["key_id"])
    assert reference["sentry_client"] == "sentry.python/0.14.3"
    assert reference["oracle"]["sentry"] == "9.1.2"
    api = json.loads(case.api_path.read_text())
    assert api["eventID"] == stored["event_id"] and api["title"] == expected["title"]
    grouping = json.loads(case.grouping_path.read_text())
    assert list(grouping) == list(GROUPING_CONFIGS)
    legacy_hashes = {variant["hash"] for variant in grouping["legacy:2019-03-12"].values()}
    assert set(stored["hashes"]) <= legacy_hashes  # the config the event was grouped with
    # again without --force: nothing is posted, nothing overwritten
    again = harvest_cases(corpus, [CASE], oracle_state)
    assert again[0].status == "skipped"


def _epoch(iso: str) -> float:
    from sentry_compat.reference.replay import timestamp_epoch

    value = timestamp_epoch(iso)
    assert value is not None
    return value


def test_a_duplicate_event_id_is_dropped_silently(oracle_client: OracleClient) -> None:
    """Why every replay gets a fresh event_id."""
    event_id = uuid.uuid4().hex
    first = {"event_id": event_id, "message": "first copy", "platform": "python"}
    second = {**first, "message": "second copy"}
    assert oracle_client.store(first) == event_id
    assert oracle_client.store(second) == event_id  # 200 and the id: looks accepted
    assert oracle_client.api_event(event_id)["message"] == "first copy"
    plan = prepare_replay(second, now=time.time())
    new_id = oracle_client.store(plan.event)
    assert new_id == plan.event_id != event_id
    assert oracle_client.api_event(new_id)["message"] == "second copy"


def test_an_old_timestamp_is_clamped_unless_shifted(oracle_client: OracleClient) -> None:
    """Why every replay moves its timestamp to now."""
    old = {"message": "old", "platform": "python", "timestamp": "2020-05-02T16:54:20.487733Z"}
    raw_id = oracle_client.store({**old, "event_id": uuid.uuid4().hex})
    raw = oracle_client.fetch(raw_id)
    assert [e["type"] for e in raw.stored.get("errors", [])] == ["past_timestamp"]
    plan = prepare_replay({**old, "event_id": uuid.uuid4().hex}, now=time.time())
    shifted = oracle_client.fetch(oracle_client.store(plan.event))
    assert "errors" not in shifted.stored
    assert shifted.stored["timestamp"] == pytest.approx(_epoch(plan.event["timestamp"]))


def test_unknown_event_is_reported(oracle_client: OracleClient) -> None:
    with pytest.raises(OracleError, match="was not saved"):
        oracle_client.api_event(uuid.uuid4().hex)


def test_probe_prints_all_references(oracle_state: OracleState, tmp_path: Path) -> None:
    event = {
        "event_id": uuid.uuid4().hex,
        "message": "probe %s",
        "platform": "python",
        "timestamp": 1588438460.5,
    }
    path = tmp_path / "e.json"
    path.write_text(json.dumps(event))
    env = {**os.environ, "SENTRY_COMPAT_ORACLE": str(oracle_state.path)}
    proc = subprocess.run(
        [sys.executable, "-m", "sentry_compat.reference.probe", str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) >= {"stored", "api", "grouping", "received", "node_data", "event_id"}
    assert out["event_id"] != event["event_id"] == json.loads(path.read_text())["event_id"]
    assert out["stored"]["timestamp"] == out["posted"]["timestamp"]
    assert out["node_data"]["hashes"] == out["stored"]["hashes"]
    assert out["node_data"]["received"] == out["received"]
    assert list(out["grouping"]) == list(GROUPING_CONFIGS)


def test_probe_batch(oracle_state: OracleState, tmp_path: Path) -> None:
    source = tmp_path / "events.jsonl"
    source.write_text(
        json.dumps({"message": "batch one"}) + "\n\n" + json.dumps({"message": "batch two"}) + "\n"
    )
    out_dir = tmp_path / "out"
    env = {**os.environ, "SENTRY_COMPAT_ORACLE": str(oracle_state.path)}
    proc = subprocess.run(
        [sys.executable, "-m", "sentry_compat.reference.probe", "--batch", str(source),
         "--out", str(out_dir), "--no-node-data"],
        capture_output=True, text=True, env=env, cwd=REPO, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "000001.json",
        "000003.json",
        "_summary.json",
    ]
    one = json.loads((out_dir / "000001.json").read_text())
    assert one["stored"]["message"] == "batch one" and one["node_data"] is None


def test_harvest_cli(oracle_state: OracleState, tmp_path: Path) -> None:
    shutil.rmtree(tmp_path / "corpus", ignore_errors=True)
    corpus = _corpus_with(tmp_path, "cli_case", {"message": "from the cli", "level": "warning"})
    env = {**os.environ, "SENTRY_COMPAT_ORACLE": str(oracle_state.path)}
    proc = subprocess.run(
        [sys.executable, "-c", "from sentry_compat.cli import app; app()", "reference", "harvest",
         "--corpus", str(corpus.root)],
        capture_output=True, text=True, env=env, cwd=REPO, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert "1 harvested" in proc.stdout
    stored = json.loads(corpus.case("cli_case").stored_path.read_text())
    assert stored["message"] == "from the cli" and stored["level"] == "warning"
