"""``normalize()`` against every stored reference that has its incoming event.

Sources (each case is skipped with a reason where its data is absent):

* ``../shared/reference/glitchtip``: ``incoming_events`` + ``oss_sentry_json`` (a 9.x of 2020;
  its ``received`` and ids are taken from the reference itself);
* ``../shared/reference/sentry-9.1.2-grouping``: ``incoming_events`` + ``oss_sentry_json`` +
  ``manifest.json`` (``received``, ``client_ip``, ``key_id``, ...);
* this repository's ``corpus/``: ``incoming_events`` + ``oss_sentry_json`` + the manifest's
  ``reference`` entry (``received``, ``timestamp_shift``, ``client_ip``, ``sentry_client``...).

The whole stored document is compared after masking only volatile values
(:data:`sentry_compat.compare.STORED_VOLATILE`).  Known differences live in expectations
file with a reason (strict: a known difference that no longer happens fails):
``tests/normalize/reference_expectations.toml``, case ``<source>.<name>``, level ``stored``
(to be folded into the project-wide ``corpus/expectations.toml``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sentry_compat.compare import STORED_VOLATILE, diff, mask
from sentry_compat.expectations import Expectations
from sentry_compat.normalize import NormalizeOptions, normalize
from sentry_compat.reference.replay import apply_timestamp_shift

from ..conftest import REPO, shared_dir

HERE = Path(__file__).parent
SHARED_EXPECTATIONS = HERE / "reference_expectations.toml"
CORPUS = REPO / "corpus"


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _client_from_sdk(event: dict[str, Any]) -> str | None:
    sdk = event.get("sdk")
    if isinstance(sdk, dict) and isinstance(sdk.get("name"), str):
        return "%s/%s" % (sdk["name"], sdk.get("version"))
    return None


def _cases() -> list[Any]:
    cases: list[Any] = []
    shared = shared_dir() / "reference"
    glitchtip = shared / "glitchtip"
    if (glitchtip / "oss_sentry_json").is_dir():
        for ref in sorted((glitchtip / "oss_sentry_json").glob("*.json")):
            incoming = glitchtip / "incoming_events" / ref.name
            if incoming.exists():
                cases.append(
                    pytest.param("glitchtip", ref.stem, incoming, ref, id="glitchtip." + ref.stem)
                )
    grouping = shared / "sentry-9.1.2-grouping"
    if (grouping / "oss_sentry_json").is_dir():
        for ref in sorted((grouping / "oss_sentry_json").glob("*.json")):
            incoming = grouping / "incoming_events" / ref.name
            if incoming.exists():
                cases.append(
                    pytest.param("grouping", ref.stem, incoming, ref, id="grouping." + ref.stem)
                )
    if (CORPUS / "oss_sentry_json").is_dir():
        for ref in sorted((CORPUS / "oss_sentry_json").glob("*.json")):
            incoming = CORPUS / "incoming_events" / ref.name
            if incoming.exists():
                cases.append(
                    pytest.param("corpus", ref.stem, incoming, ref, id="corpus." + ref.stem)
                )
    if not cases:
        cases.append(pytest.param(None, None, None, None, id="no-reference-data"))
    return cases


def _context(
    source: str, name: str, raw: dict[str, Any], stored: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(input event, normalize() keyword arguments)`` that reproduce the reference."""
    if source == "glitchtip":
        ip = (
            (stored.get("user") or {}).get("ip_address")
            if isinstance(stored.get("user"), dict)
            else None
        )
        return raw, {
            "received": stored.get("received"),
            "project_id": stored.get("project"),
            "key_id": stored.get("key_id"),
            "client_ip": ip or "127.0.0.1",
            # no sdk in the event: the reference server derived it from the client string
            "client": _client_from_sdk(raw) or _client_from_sdk(stored) or "sentry-compat/1.0",
        }
    if source == "grouping":
        manifest = _load(shared_dir() / "reference" / "sentry-9.1.2-grouping" / "manifest.json")
        entry = manifest.get(name, {})
        return raw, {
            "received": entry.get("received"),
            "project_id": entry.get("project_id"),
            "key_id": entry.get("key_id"),
            "client_ip": entry.get("client_ip"),
            "client": entry.get("sentry_client") or entry.get("user_agent"),
            "user_agent": entry.get("user_agent"),
        }
    manifest = _load(CORPUS / "manifest.json")
    entry = (manifest.get("cases") or {}).get(name, {})
    ref = entry.get("reference") or {}
    event = dict(raw)
    shift = ref.get("timestamp_shift") or 0
    if shift and "timestamp" in event:
        event["timestamp"] = apply_timestamp_shift(event["timestamp"], shift)
    if ref.get("event_id") and "event_id" in event:
        event["event_id"] = ref["event_id"]
    return event, {
        "received": ref.get("received"),
        "project_id": ref.get("project_id"),
        "key_id": ref.get("key_id"),
        "client_ip": ref.get("client_ip"),
        "client": ref.get("sentry_client") or ref.get("user_agent"),
        "user_agent": ref.get("user_agent"),
        "protocol_version": ref.get("protocol_version") or "7",
    }


def _expectations(source: str) -> Expectations:
    if SHARED_EXPECTATIONS.exists():
        return Expectations.load(SHARED_EXPECTATIONS)
    return Expectations()


def reference_differences(source: str, name: str, incoming: Path, reference: Path) -> list[Any]:
    raw = _load(incoming)
    stored = _load(reference)
    event, kwargs = _context(source, name, raw, stored)
    actual = normalize(
        event, options=NormalizeOptions(**{k: v for k, v in kwargs.items() if v is not None})
    )
    return diff(mask(stored, STORED_VOLATILE), mask(actual, STORED_VOLATILE))


@pytest.mark.parametrize(("source", "name", "incoming", "reference"), _cases())
def test_reference(source: str | None, name: str, incoming: Path, reference: Path) -> None:
    if source is None:
        pytest.skip("no reference data: ../shared/reference absent and corpus/ has no references")
    differences = reference_differences(source, name, incoming, reference)
    case = "%s.%s" % (source, name)
    triage = _expectations(source).triage(case, "stored", differences)
    assert not triage.stale, "known differences that no longer happen: %s" % [
        k.where for k in triage.stale
    ]
    assert not triage.unexpected, "\n".join(str(d) for d in triage.unexpected[:40])
