"""Differential: events posted to the running Sentry 9.1.2, ``to_api_event(stored)`` against its API.

Marker ``oracle``; runs when env SENTRY_COMPAT_ORACLE names the oracle's state file (skips with
the reason otherwise). Events come from the seeded generator (``generator.py``; env
SENTRY_COMPAT_API_ORACLE_EVENTS, default 40, and SENTRY_COMPAT_API_ORACLE_SEED, default 912)
and from GlitchTip's incoming events. Each event gets a fresh id, a timestamp moved to now and
a group of its own. Compared: the stored JSON view (``as_dict()``) rendered, after masking
the volatile values, and the node data rendered, with ``size`` and the dates unmasked. Where
9.1.2 answers 500, :class:`sentry_compat.api.ServerError` is expected.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from typing import TYPE_CHECKING, Any

import pytest

from sentry_compat.api import ServerError, to_api_event
from sentry_compat.compare import API_VOLATILE, diff, mask

from ..conftest import shared_dir
from .generator import generate_events

if TYPE_CHECKING:
    from sentry_compat.reference.client import OracleClient

pytestmark = pytest.mark.oracle

# oracle_state / oracle_client: tests/conftest.py (skip with the reason without an oracle)

COUNT = int(os.environ.get("SENTRY_COMPAT_API_ORACLE_EVENTS", "40"))
SEED = int(os.environ.get("SENTRY_COMPAT_API_ORACLE_SEED", "912"))
SALT = uuid.uuid4().hex[:8]
GENERATED = generate_events(SEED, COUNT, SALT)
GLITCHTIP_INCOMING = shared_dir() / "reference" / "glitchtip" / "incoming_events"

#: values of the instance (ids, neighbours, the release's bookkeeping) never compared
INSTANCE_ONLY = (
    "id", "groupID", "nextEventID", "previousEventID", "userReport", "release.dateCreated",
    "release.dateReleased", "release.firstEvent", "release.lastEvent", "release.newGroups",
)  # fmt: skip


def _post(oracle: OracleClient, event: dict[str, Any]) -> dict[str, Any]:
    """Post one event; its API answer (or the error status), stored JSON view and node data."""
    from sentry_compat.reference.client import OracleError, group_id_of
    from sentry_compat.reference.harvest import client_identity
    from sentry_compat.reference.replay import prepare_replay

    posted = prepare_replay(event, now=time.time()).event
    sentry_client, user_agent = client_identity(posted)
    try:
        event_id = oracle.store(posted, sentry_client=sentry_client, user_agent=user_agent)
    except OracleError as exc:
        pytest.skip(f"the oracle refused the event at store time ({exc.status}): not an API case")
    result: dict[str, Any] = {"event_id": event_id}
    try:
        result["api"] = oracle.api_event(event_id)
        result["stored"] = oracle.stored_json(group_id_of(result["api"]), event_id)
    except OracleError as exc:
        if exc.status != 500:
            raise
        result["status"] = 500
    try:
        result["node_data"] = oracle.node_data(event_id)
    except OracleError:
        result["node_data"] = None
    return result


def _check(oracle: OracleClient, event: dict[str, Any]) -> None:
    result = _post(oracle, event)
    context = json.dumps(event)[:2000]
    if result.get("status") == 500:
        source = result["node_data"]
        if source is None:
            pytest.skip("9.1.2 answered 500 and the node data could not be read (psql)")
        with pytest.raises(ServerError):
            to_api_event(source)
        return
    expected = result["api"]
    projects = (expected.get("release") or {}).get("projects") or [None]
    actual = to_api_event(result["stored"], project=projects[0])
    differences = diff(mask(expected, API_VOLATILE), mask(actual, API_VOLATILE))
    assert not differences, "\n".join([context, *(str(d) for d in differences[:30])])
    if result["node_data"] is not None:
        actual = to_api_event(result["node_data"], project=projects[0])
        differences = diff(mask(expected, INSTANCE_ONLY), mask(actual, INSTANCE_ONLY))
        assert not differences, "\n".join([context, *(str(d) for d in differences[:30])])


@pytest.mark.parametrize("index", range(COUNT))
def test_generated_event(oracle_client: OracleClient, index: int) -> None:
    _check(oracle_client, GENERATED[index])


def _glitchtip_names() -> list[str]:
    if not GLITCHTIP_INCOMING.is_dir():
        return []
    return sorted(p.stem for p in GLITCHTIP_INCOMING.glob("*.json"))


@pytest.mark.parametrize("name", _glitchtip_names() or ["none"])
def test_glitchtip_incoming_event(oracle_client: OracleClient, name: str) -> None:
    if name == "none":
        pytest.skip(f"shared reference data not available: {GLITCHTIP_INCOMING}")
    event = json.loads((GLITCHTIP_INCOMING / f"{name}.json").read_text("utf-8"))
    if not isinstance(event, dict):
        pytest.skip("not a store body")
    if "fingerprint" not in event and "checksum" not in event:
        event["fingerprint"] = ["{{ default }}", f"api-oracle-{SALT}-{name}"]
    _check(oracle_client, event)
