"""One run of a scenario under one SDK version, seen at four levels.

A snapshot runs the factory scenario against a fresh capture server (through
:func:`sentry_compat.capture.session.capture_scenarios`, dry run: nothing is written to a
corpus; the factory runner installs the SDK version into its own cached environment) and
keeps, per event the scenario sends:

* **wire**: endpoint, method, Content-Type/-Encoding and decode steps, transfer framing,
  where the auth was, protocol version, client and User-Agent (version masked), header names,
  envelope and item header keys, item types, and the other requests (sessions, client
  reports) the run sent;
* **event**: the raw event as sent (machine values scrubbed as for the corpus);
* **stored**: :func:`sentry_compat.normalize` of it, as 9.1.2 would have stored it;
* **grouping**: its hashes under 9.1.2's grouping config, and the grouping-info components.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["EventSnapshot", "Snapshot", "take_snapshot"]

Log = Callable[[str], None]


@dataclasses.dataclass
class EventSnapshot:
    """One event of a run, at the four levels."""

    wire: dict[str, Any]
    event: dict[str, Any]
    stored: dict[str, Any] | None
    hashes: list[str] | None
    grouping: dict[str, Any] | None
    errors: list[str] = dataclasses.field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class Snapshot:
    factory: str
    scenario: str
    sdk_package: str
    sdk_version: str
    events: list[EventSnapshot]
    other_requests: list[dict[str, Any]]
    seconds: float = 0.0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.events)

    def as_dict(self) -> dict[str, Any]:
        return {
            "factory": self.factory,
            "scenario": self.scenario,
            "sdk_package": self.sdk_package,
            "sdk_version": self.sdk_version,
            "seconds": round(self.seconds, 2),
            "error": self.error,
            "other_requests": self.other_requests,
            "events": [e.as_dict() for e in self.events],
        }


def _strip_version(value: Any, version: str) -> Any:
    if isinstance(value, str) and version:
        return value.replace(version, "<sdk-version>")
    return value


def _wire(captured: Any, summary: dict[str, Any], version: str) -> dict[str, Any]:
    record = captured.record
    envelope = record.get("envelope_headers")
    items = record.get("items") or []
    headers = sorted({name for name, _ in record["request"]["headers"]})
    return {
        "endpoint": summary.get("endpoint"),
        "method": record["request"]["method"],
        "content_type": summary.get("content_type"),
        "content_encoding": summary.get("content_encoding"),
        "decode_steps": summary.get("decode_steps"),
        "transfer": summary.get("transfer"),
        "auth": summary.get("auth"),
        "protocol_version": summary.get("protocol_version"),
        "client": _strip_version(summary.get("client"), version),
        "user_agent": _strip_version(summary.get("user_agent"), version),
        "header_names": headers,
        "envelope_header_keys": sorted(envelope) if isinstance(envelope, dict) else None,
        "item_types": summary.get("item_types"),
        "item_header_keys": [sorted(i.get("headers") or {}) for i in items]
        if record.get("endpoint") == "envelope"
        else None,
        "body_bytes": summary.get("body_bytes"),
    }


def _stored(captured: Any, event: dict[str, Any]) -> tuple[dict[str, Any] | None, list[str]]:
    from .. import normalize

    record = captured.record
    auth = record.get("auth") or {}
    request = captured.ingest_request()
    try:
        stored = normalize(
            event,
            received=record.get("received"),
            client_ip=request.remote_addr or "127.0.0.1",
            client=auth.get("client"),
            user_agent=request.header("User-Agent"),
            protocol_version=auth.get("version") or "7",
        )
    except Exception as exc:  # the normalizer is being written: report, do not stop
        return None, [f"normalize failed: {type(exc).__name__}: {exc}"]
    return stored, []


def _grouping(stored: dict[str, Any]) -> tuple[list[str] | None, dict[str, Any] | None, list[str]]:
    from ..grouping import calculate_hashes, grouping_info

    config = (
        stored.get("grouping_config") if isinstance(stored.get("grouping_config"), dict) else None
    )
    try:
        hashes = stored.get("hashes")
        if not isinstance(hashes, list):
            hashes = calculate_hashes(stored, config)
        info = grouping_info(stored, config)
    except Exception as exc:
        return None, None, [f"grouping failed: {type(exc).__name__}: {exc}"]
    return [str(h) for h in hashes], info, []


def take_snapshot(
    factory_name: str,
    scenario: str,
    version: str,
    *,
    timeout: float = 60.0,
    log: Log | None = None,
    factories_root: Path | None = None,
) -> Snapshot:
    """Run ``scenario`` of ``factory_name`` with SDK ``version`` and snapshot what it sent.

    A version that cannot be installed or run gives a snapshot with ``error`` set (a bisection
    skips it); anything else wrong (unknown factory or scenario) raises ``FactoryError``."""
    import time

    from ..capture.session import capture_scenarios
    from ..corpus import Corpus
    from ..factories import FactoryError, get_factory

    factory = get_factory(factory_name, factories_root)
    factory.scenario(scenario)
    started = time.monotonic()
    snapshot = Snapshot(factory.name, scenario, factory.sdk_for(version)[0], version, [], [])
    with tempfile.TemporaryDirectory(prefix="sentry-compat-triage-") as tmp:
        try:
            cases = capture_scenarios(
                factory,
                [scenario],
                Corpus(Path(tmp) / "corpus"),
                sdk_version=version,
                dry_run=True,
                timeout=timeout,
                log=log,
                capture_dir=Path(tmp) / "capture",
            )
        except FactoryError as exc:
            snapshot.error = str(exc)
            snapshot.seconds = time.monotonic() - started
            return snapshot
    for case in cases:
        summary = case.metadata["captured"]
        stored, errors = _stored(case.request, case.event)
        hashes: list[str] | None = None
        info: dict[str, Any] | None = None
        if stored is not None:
            hashes, info, more = _grouping(stored)
            errors += more
        snapshot.events.append(
            EventSnapshot(
                wire=_wire(case.request, summary, version),
                event=case.event,
                stored=stored,
                hashes=hashes,
                grouping=info,
                errors=errors,
            )
        )
    if cases:
        snapshot.other_requests = [
            {"endpoint": o.get("endpoint"), "item_types": o.get("item_types")}
            for o in cases[0].metadata["captured"].get("other_requests", [])
        ]
    snapshot.seconds = time.monotonic() - started
    return snapshot
