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

import re
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


@dataclass(frozen=True)
class ClientIdentity:
    """How a case's SDK identified itself, as 9.1.2 read it off the request.

    ``sentry_client`` is None when the SDK sent none (raven-go): 9.1.2 then used the
    ``User-Agent`` (``src/sentry/coreapi.py: ClientAuthHelper.auth_from_request``), which decides
    the stored ``sdk``.  ``protocol_version`` is the ``sentry_version`` sent (2.0, 3 to 7), which
    9.1.2 stored as the event's ``version``.
    """

    sentry_client: str | None
    user_agent: str | None
    protocol_version: str = "7"

    @property
    def client(self) -> str:
        """The client 9.1.2 saw: ``sentry_client``, else the User-Agent, else a fixed name."""
        return self.sentry_client or self.user_agent or DEFAULT_SENTRY_CLIENT


def _auth_fields(request: Mapping[str, Any]) -> dict[str, str]:
    fields: dict[str, str] = {}
    query = request.get("query")
    pairs = (
        [(str(k), str(v)) for k, v in query]
        if isinstance(query, list)
        else parse_qsl(urlsplit(str(request.get("path", ""))).query)
    )
    fields.update({k: v for k, v in pairs if k.startswith("sentry_")})
    for key, value in _header_pairs(request.get("headers")):
        if key.lower() in ("x-sentry-auth", "authorization") and value[:7].lower() == "sentry ":
            for part in value[7:].split(","):
                name, sep, val = part.strip().partition("=")
                if sep:
                    fields.setdefault(name.strip(), val.strip())
    return fields


#: an ``sdk`` name/version usable as ``sentry_client`` in ``X-Sentry-Auth`` (printable ASCII,
#: no separator of that header's list)
_CLIENT_TOKEN = re.compile(r"^[!#-+\--~][ !#-+\--~]*$")


def identity(event: Mapping[str, Any], wire: Mapping[str, Any] | None = None) -> ClientIdentity:
    """The identity to post a case with.

    From the captured request when the corpus has one: its ``sentry_client`` (header or query;
    None when absent), ``User-Agent`` and ``sentry_version``.  Without a capture, or when the
    SDK sent neither a client nor a User-Agent (9.1.2 refused such requests), the event's
    ``sdk`` (``name/version``) or a fixed name stands in.
    """
    sentry_client: str | None = None
    user_agent: str | None = None
    version = "7"
    if wire:
        request = wire.get("request") if isinstance(wire.get("request"), Mapping) else wire
        assert isinstance(request, Mapping)
        fields = _auth_fields(request)
        sentry_client = fields.get("sentry_client") or None
        version = fields.get("sentry_version") or "7"
        for key, value in _header_pairs(request.get("headers")):
            if key.lower() == "user-agent":
                user_agent = value
                break
        auth = wire.get("auth")
        if not sentry_client and isinstance(auth, Mapping) and auth.get("client"):
            if auth.get("client") != user_agent:
                sentry_client = str(auth["client"])
    if not sentry_client and not user_agent:
        sdk = event.get("sdk")
        sentry_client = DEFAULT_SENTRY_CLIENT
        if isinstance(sdk, Mapping) and sdk.get("name") and sdk.get("version"):
            candidate = f"{sdk['name']}/{sdk['version']}"
            if _CLIENT_TOKEN.match(candidate):  # it goes into a header's auth list
                sentry_client = candidate
    return ClientIdentity(sentry_client, user_agent, version)


def client_identity(
    event: Mapping[str, Any], wire: Mapping[str, Any] | None = None
) -> tuple[str, str]:
    """``(client, User-Agent)``: the client 9.1.2 saw and the User-Agent to send (see
    :func:`identity`)."""
    ident = identity(event, wire)
    return ident.client, ident.user_agent or ident.client


def reference_record(
    state: OracleState,
    *,
    event_id: str,
    timestamp_shift: int,
    received: float | None,
    sentry_client: str | None,
    user_agent: str | None,
    harvested: datetime | None = None,
    protocol_version: str = "7",
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
        "protocol_version": protocol_version,
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
    ident = identity(event, wire if isinstance(wire, Mapping) else None)
    plan = prepare_replay(event, now=time.time() if now is None else now)
    event_id = client.store(
        plan.event,
        sentry_client=ident.sentry_client,
        user_agent=ident.user_agent,
        protocol_version=ident.protocol_version,
    )
    fetched = client.fetch(event_id)
    write_json_atomic(case.stored_path, fetched.stored, force=force)
    write_json_atomic(case.api_path, fetched.api, force=force)
    write_json_atomic(case.grouping_path, fetched.grouping, force=force)
    reference = reference_record(
        client.state,
        event_id=fetched.event_id,
        timestamp_shift=plan.timestamp_shift,
        received=fetched.received,
        sentry_client=ident.sentry_client,
        user_agent=ident.user_agent,
        protocol_version=ident.protocol_version,
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
