"""Harvest references for corpus cases from the running oracle.

For each case: load `incoming_events/NAME.json`, make a replay copy (fresh event_id, timestamp
moved to now: see `replay.py`), post it to `/api/<project_id>/store/` with the SDK's own client
name and User-Agent, then write

    oss_sentry_json/NAME.json    the stored event (UI "JSON" view)
    oss_sentry_events/NAME.json  the API event (project event details for that exact event)
    grouping_info/NAME.json      {"legacy:2019-03-12": {...}, "new:wip": {...}}

and record under the case's manifest entry `"reference"` everything needed to rebuild the exact
input and context of the normalization: the posted event_id, the timestamp shift, `received`,
project id, key id, client IP, User-Agent, `sentry_client`, and the oracle's versions.

An envelope-only SDK's case already holds the event item's JSON in `incoming_events/`; it is
posted to the store endpoint as it is (9.1.2 has no envelope endpoint).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from sentry_compat.reference.client import DEFAULT_SENTRY_CLIENT, OracleClient, OracleError
from sentry_compat.reference.replay import prepare_replay

if TYPE_CHECKING:
    from sentry_compat.corpus import Case, Corpus
    from sentry_compat.reference.state import OracleState

#: called after each case: (case name, index, total, result)
Progress = Callable[[str, int, int, "HarvestResult"], None]


@dataclass
class HarvestResult:
    name: str
    status: str  # "harvested", "skipped" (references exist, no --force), "failed"
    seconds: float = 0.0
    event_id: str | None = None
    message: str = ""
    reference: dict[str, Any] | None = None


# ---- pure helpers -----------------------------------------------------------------------------


def _header_pairs(headers: Any) -> list[tuple[str, str]]:
    if isinstance(headers, Mapping):
        return [(str(k), str(v)) for k, v in headers.items()]
    if isinstance(headers, list):
        return [
            (str(h[0]), str(h[1])) for h in headers if isinstance(h, list | tuple) and len(h) == 2
        ]
    return []


def parse_auth_client(value: str) -> str | None:
    """`sentry_client` from an `X-Sentry-Auth` header value (`Sentry k=v, k=v`)."""
    text = value.strip()
    if text.lower().startswith("sentry "):
        text = text[7:]
    for part in text.split(","):
        key, sep, val = part.strip().partition("=")
        if sep and key.strip() == "sentry_client":
            return val.strip() or None
    return None


def client_identity(
    event: Mapping[str, Any], wire: Mapping[str, Any] | None = None
) -> tuple[str, str]:
    """(sentry_client, User-Agent) to post a case with.

    From the captured request when the corpus has one (its `X-Sentry-Auth`/query `sentry_client`
    and `User-Agent`), else from the event's `sdk` (`name/version`, what SDKs send), else a fixed
    name.
    """
    sentry_client: str | None = None
    user_agent: str | None = None
    if wire:
        request = wire.get("request") if isinstance(wire.get("request"), Mapping) else wire
        assert isinstance(request, Mapping)
        for key, value in _header_pairs(request.get("headers")):
            low = key.lower()
            if low == "x-sentry-auth" and not sentry_client:
                sentry_client = parse_auth_client(value)
            elif low == "user-agent" and not user_agent:
                user_agent = value
        auth = wire.get("auth")
        if not sentry_client and isinstance(auth, Mapping) and auth.get("client"):
            sentry_client = str(auth["client"])
        if not sentry_client:
            query = request.get("query")
            pairs = (
                [(str(k), str(v)) for k, v in query]
                if isinstance(query, list)
                else parse_qsl(urlsplit(str(request.get("path", ""))).query)
            )
            sentry_client = dict(pairs).get("sentry_client")
    if not sentry_client:
        sdk = event.get("sdk")
        if isinstance(sdk, Mapping) and sdk.get("name") and sdk.get("version"):
            sentry_client = f"{sdk['name']}/{sdk['version']}"
    sentry_client = sentry_client or DEFAULT_SENTRY_CLIENT
    return sentry_client, user_agent or sentry_client


def reference_record(
    state: OracleState,
    *,
    event_id: str,
    timestamp_shift: int,
    received: float | None,
    sentry_client: str,
    user_agent: str,
    harvested: datetime | None = None,
) -> dict[str, Any]:
    """The manifest's `"reference"` entry for one harvested case."""
    return {
        "oracle": state.oracle_versions(),
        "harvested": (harvested or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
        "received": received,
        "event_id": event_id,
        "timestamp_shift": timestamp_shift,
        "project_id": state.project_id,
        # the project as 9.1.2 lists it in an API event's release.projects (bootstrap names it
        # after its slug)
        "project": {"slug": state.project, "name": state.project},
        "key_id": state.key_id,
        "client_ip": urlsplit(state.url).hostname or "127.0.0.1",
        "user_agent": user_agent,
        "sentry_client": sentry_client,
    }


# ---- harvesting ---------------------------------------------------------------------------------


def harvest_case(
    client: OracleClient, case: Case, *, force: bool = False, now: float | None = None
) -> HarvestResult:
    from sentry_compat.corpus import WIRE, write_json_atomic

    start = time.monotonic()
    outputs = (case.stored_path, case.api_path, case.grouping_path)
    if not force and any(p.exists() for p in outputs):
        return HarvestResult(case.name, "skipped", message="references exist (use --force)")
    event = case.load_incoming()
    wire = case.load(WIRE) if case.has(WIRE) else None
    sentry_client, user_agent = client_identity(event, wire if isinstance(wire, Mapping) else None)
    plan = prepare_replay(event, now=time.time() if now is None else now)
    event_id = client.store(plan.event, sentry_client=sentry_client, user_agent=user_agent)
    fetched = client.fetch(event_id)
    write_json_atomic(case.stored_path, fetched.stored, force=force)
    write_json_atomic(case.api_path, fetched.api, force=force)
    write_json_atomic(case.grouping_path, fetched.grouping, force=force)
    reference = reference_record(
        client.state,
        event_id=fetched.event_id,
        timestamp_shift=plan.timestamp_shift,
        received=fetched.received,
        sentry_client=sentry_client,
        user_agent=user_agent,
    )
    case.corpus.manifest.update(case.name, reference=reference)
    return HarvestResult(
        case.name,
        "harvested",
        seconds=round(time.monotonic() - start, 3),
        event_id=fetched.event_id,
        reference=reference,
    )


def harvest_cases(
    corpus: Corpus,
    names: Sequence[str] | None,
    state: OracleState | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> list[HarvestResult]:
    """Harvest `names` (default: every case with an incoming event) of `corpus`.

    `state` defaults to the oracle found by `resolve_state()` (env SENTRY_COMPAT_ORACLE, then the
    default dir). One failing case does not stop the others; its result says why. The manifest
    entry of each harvested case is saved as soon as the case is done.
    """
    from sentry_compat.corpus import INCOMING
    from sentry_compat.reference.state import resolve_state

    if state is None:
        state = resolve_state()
    client = OracleClient(state)
    todo = list(names) if names else corpus.names(INCOMING)
    results: list[HarvestResult] = []
    for index, name in enumerate(todo):
        start = time.monotonic()
        try:
            result = harvest_case(client, corpus.case(name), force=force)
        except (OracleError, OSError, ValueError) as exc:
            result = HarvestResult(
                name, "failed", seconds=round(time.monotonic() - start, 3), message=str(exc)
            )
        except Exception as exc:  # a corpus error (SentryCompatError) or a bug: report, go on
            result = HarvestResult(
                name,
                "failed",
                seconds=round(time.monotonic() - start, 3),
                message=f"{type(exc).__name__}: {exc}",
            )
        results.append(result)
        if progress is not None:
            progress(name, index, len(todo), result)
    return results
