"""Probe a running backend with corpus cases: send, read back, compare at three levels.

Each case goes to the backend's real ingest endpoint in the dialect it was captured in
(:func:`sentry_compat.replay.build_request` over ``wire/NAME.json``; plain store JSON when the
case has no wire record), as a copy with a fresh ``event_id`` and its timestamp moved to now
(:func:`sentry_compat.timeshift.prepare_replay`, as the references were harvested; the
envelope's ``sent_at`` moves by the same shift), so a backend that drops duplicate ids or
clamps old timestamps keeps it.  The answer decides *accepted*; the adapter reads the event
back; the documents are compared with the case's 9.1.2 references.

When the backend refuses the original dialect (Sentry 9.1.2 has no ``/envelope/``), the event
is also posted as store JSON (``fallback``, on by default) so that its fields and grouping can
still be compared; the accepted level keeps saying *refused*.

Nothing is sent anywhere but the DSN's host (ingest) and the ``--api`` host (readback).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from ..corpus import API, GROUPING, STORED, WIRE, Case, Corpus
from ..dsn import Dsn
from ..exceptions import SentryCompatError
from ..replay import ReplayError, ReplayRequest, WireRecord, build_request, build_store_request
from .adapters.base import Adapter, AdapterError, Readback
from .levels import LevelResult, compare_document, partition_results
from .report import CaseResult, ProbeReport
from .transport import HttpResponse, RateLimiter, TransportError, retry_after, send

__all__ = ["ProbeOptions", "probe_cases"]

Progress = Callable[[str, int, int, "CaseResult | None"], None]


@dataclasses.dataclass
class ProbeOptions:
    rate: float | None = None
    fallback_store: bool = True
    readback_timeout: float | None = None
    timeout: float = 30.0
    max_retries: int = 3
    max_wait: float = 120.0
    #: an ``sentry_compat.expectations.Expectations`` (optional) and the intentional rules allowed
    expectations: Any = None
    allow: Sequence[Any] = ()
    progress: Progress | None = None
    limiter: RateLimiter | None = None
    #: ``original``: each case in its captured dialect; ``store``: every case as store JSON
    dialect: str = "original"


def _build_build(meta: dict[str, Any], event: dict[str, Any]) -> tuple[str | None, str | None]:
    sdk: dict[str, Any] = meta["sdk"] if isinstance(meta.get("sdk"), dict) else {}
    reported: dict[str, Any] = event["sdk"] if isinstance(event.get("sdk"), dict) else {}
    package = sdk.get("package") or sdk.get("name") or reported.get("name")
    version = sdk.get("version") or reported.get("version")
    return (str(package) if package else None), (str(version) if version else None)


def _shift_sent_at(shift: int) -> Callable[[dict[str, Any]], dict[str, Any]]:
    from ..timeshift import apply_timestamp_shift

    def update(headers: dict[str, Any]) -> dict[str, Any]:
        if shift and isinstance(headers.get("sent_at"), str):
            try:
                headers["sent_at"] = apply_timestamp_shift(headers["sent_at"], shift)
            except ValueError:
                pass
        return headers

    return update


def _prepare(event: dict[str, Any]) -> tuple[dict[str, Any], int]:
    from ..timeshift import prepare_replay

    plan = prepare_replay(event, now=time.time())
    return plan.event, plan.timestamp_shift


def _response_id(response: HttpResponse) -> str | None:
    from ..envelope import normalize_event_id

    try:
        data = response.json()
    except (ValueError, UnicodeDecodeError):
        return None
    return normalize_event_id(data.get("id")) if isinstance(data, dict) else None


class _Probe:
    def __init__(self, adapter: Adapter, options: ProbeOptions) -> None:
        self.adapter = adapter
        self.options = options
        self.limiter = options.limiter or adapter.api.limiter
        if options.rate and not self.limiter.interval:
            self.limiter.interval = 1.0 / options.rate
        self.limiter.max_wait = options.max_wait
        self.dsn = adapter.dsn
        self.sent = 0

    # ---- sending ----------------------------------------------------------------------------
    def send(self, request: ReplayRequest) -> tuple[HttpResponse | None, str | None]:
        if urlsplit(request.url).netloc != self.dsn.netloc:  # pragma: no cover - by construction
            raise SentryCompatError(f"refusing to send to {request.url}: not the DSN's host")
        for attempt in range(self.options.max_retries + 1):
            self.limiter.acquire()
            self.sent += 1
            try:
                response = send(request, timeout=self.options.timeout)
            except TransportError as exc:
                return None, str(exc)
            wait = retry_after(response)
            if response.status == 429:
                if (
                    attempt < self.options.max_retries
                    and wait is not None
                    and self.limiter.block(wait)
                ):
                    continue
                return response, None
            if wait is not None:
                self.limiter.block(wait)
            return response, None
        raise AssertionError("unreachable")  # pragma: no cover

    def readback(self, event_id: str, configs: tuple[str, ...]) -> tuple[Readback | None, float]:
        timeout = self.options.readback_timeout
        if timeout is None:
            timeout = self.adapter.readback_timeout
        started = time.monotonic()
        delay = 0.15
        while True:
            found = self.adapter.fetch(event_id, grouping_configs=configs)
            if found is not None:
                return found, time.monotonic() - started
            if time.monotonic() - started >= timeout:
                return None, time.monotonic() - started
            time.sleep(delay)
            delay = min(delay * 1.6, 1.0)

    # ---- one case ---------------------------------------------------------------------------
    def request_for(
        self, case: Case, event: dict[str, Any], meta: dict[str, Any]
    ) -> tuple[ReplayRequest, str, WireRecord | None]:
        prepared, shift = _prepare(event)
        if case.has(WIRE) and self.options.dialect == "original":
            wire = WireRecord.from_json(case.load(WIRE), where=str(case.wire_path))
            captured: dict[str, Any] = (
                meta["captured"] if isinstance(meta.get("captured"), dict) else {}
            )
            request = build_request(
                wire,
                self.dsn,
                event=prepared if wire.endpoint in ("store", "envelope") else None,
                envelope_header=_shift_sent_at(shift),
                chunked=captured.get("transfer") == "chunked",
            )
            return request, "original dialect", wire
        client, agent = self.identity(event, case.load(WIRE) if case.has(WIRE) else None)
        why = "store JSON (--dialect store)" if case.has(WIRE) else "store JSON (no wire record)"
        return build_store_request(prepared, self.dsn, client=client, user_agent=agent), why, None

    @staticmethod
    def identity(event: dict[str, Any], wire: dict[str, Any] | None) -> tuple[str, str]:
        from ..reference.harvest import client_identity

        return client_identity(event, wire)

    def run_case(self, case: Case) -> tuple[CaseResult, Readback | None]:
        meta = case.metadata
        result = CaseResult(case=case.name)
        try:
            event = case.load_event()
        except SentryCompatError as exc:
            result.error(f"cannot load the incoming event: {exc}")
            return result, None
        result.sdk, result.sdk_version = _build_build(meta, event)
        try:
            request, sent_as, wire = self.request_for(case, event, meta)
        except (ReplayError, SentryCompatError) as exc:
            result.error(f"cannot build the request: {exc}")
            return result, None
        result.sent_as = sent_as
        result.dialect = request.dialect.as_dict() if request.dialect else None
        result.curl = request.curl(f"{case.name}.body")
        response, failure = self.send(request)
        result.request = _request_summary(request, response, failure)
        readback: Readback | None = None
        configs = tuple(case.grouping_references()) if case.grouping_paths() else ()
        if response is not None and 200 <= response.status < 300:
            event_id = request.event_id or _response_id(response)
            if not event_id:
                result.levels["accepted"] = LevelResult(
                    "accepted", "dropped", f"{response.status} without an event id to look up"
                )
            else:
                readback, seconds = self.readback(event_id, configs)
                result.readback_seconds = round(seconds, 2)
                if readback is None:
                    result.levels["accepted"] = LevelResult(
                        "accepted",
                        "dropped",
                        f"answered {response.status} but the event never showed up in the API "
                        f"({seconds:.1f} s)",
                    )
                else:
                    result.levels["accepted"] = LevelResult(
                        "accepted", "pass", f"{response.status}, stored ({seconds:.1f} s)"
                    )
        else:
            why = failure or (
                f"{response.status}: {response.reason()}" if response is not None else "no answer"
            )
            status = "error" if response is None else "refused"
            if response is not None and response.status == 429:
                why = f"rate limited: {why}"
            result.levels["accepted"] = LevelResult("accepted", status, why)
            plain = request.endpoint == "store" and not (wire is not None and wire.decode_steps)
            if (
                response is not None
                and response.status != 429
                and self.options.fallback_store
                and not plain
            ):
                readback = self.fallback(case, event, wire, result, configs)
        self.compare(case, result, readback)
        return result, readback

    def fallback(
        self,
        case: Case,
        event: dict[str, Any],
        wire: WireRecord | None,
        result: CaseResult,
        configs: tuple[str, ...],
    ) -> Readback | None:
        prepared, _shift = _prepare(event)
        wire_json = case.load(WIRE) if case.has(WIRE) else None
        client, agent = self.identity(event, wire_json)
        request = build_store_request(prepared, self.dsn, client=client, user_agent=agent)
        response, failure = self.send(request)
        summary = _request_summary(request, response, failure)
        result.fallback = summary
        if response is None or not 200 <= response.status < 300:
            return None
        readback, seconds = self.readback(request.event_id or _response_id(response) or "", configs)
        summary["readback"] = (
            "stored" if readback is not None else f"not found after {seconds:.1f} s"
        )
        return readback

    def compare(self, case: Case, result: CaseResult, readback: Readback | None) -> None:
        triage = self.triage_for(case.name)
        via = " (via the store fallback)" if result.fallback and readback is not None else ""
        if readback is None:
            reason = "not stored" if result.levels.get("accepted") else "not sent"
            for level in ("stored", "api", "grouping"):
                result.levels[level] = LevelResult(level, "n/a", reason)
            return
        result.group = readback.group
        result.notes += readback.notes
        result.native = readback.native
        reference, adjusted = _for_dialect(case.load_reference(STORED), result, readback)
        stored = compare_document(
            "stored",
            reference,
            readback.stored,
            paths=self.adapter.stored_paths,
            triage=triage,
        )
        api = compare_document(
            "api",
            case.load_reference(API),
            readback.api,
            paths=self.adapter.api_paths,
            triage=triage,
        )
        if adjusted:
            stored.summary += f" ({adjusted})"
        for level_result in (stored, api):
            level_result.summary += via
            result.levels[level_result.level] = level_result
        result.levels["grouping"] = self.grouping(case, readback, triage, via)
        reference = case.load_reference(STORED) or {}
        if isinstance(reference.get("hashes"), list):
            result.reference_hashes = [str(h) for h in reference["hashes"]]

    def grouping(self, case: Case, readback: Readback, triage: Any, via: str) -> LevelResult:
        reference = case.load_reference(STORED) or {}
        hashes = reference.get("hashes") if isinstance(reference.get("hashes"), list) else None
        result = LevelResult("grouping", "n/a", "")
        parts: list[str] = []
        if readback.grouping_info is not None and case.has(GROUPING):
            info = compare_document(
                "grouping",
                case.grouping_references(),
                readback.grouping_info,
                volatile=(),
                triage=triage,
            )
            result.status, result.differences, result.count = (
                info.status,
                info.differences,
                info.count,
            )
            result.expected = info.expected
            parts.append("grouping-info " + ("equal" if info.status == "pass" else info.summary))
        if readback.hashes is not None and hashes:
            missing = [h for h in hashes if h not in readback.hashes]
            if missing:
                result.status = "diff"
                result.count += len(missing)
                result.differences.append(
                    {
                        "path": "hashes",
                        "kind": "missing",
                        "expected": hashes,
                        "actual": readback.hashes,
                    }
                )
                parts.append(f"the issue lacks 9.1.2 hash(es) {', '.join(missing)}")
            else:
                result.status = "pass" if result.status in ("n/a", "pass") else result.status
                parts.append("the issue holds every 9.1.2 hash")
        if not parts:
            parts.append("no hashes exposed")
        result.summary = "; ".join(parts) + via
        return result

    def triage_for(self, case: str) -> Any:
        expectations = self.options.expectations
        if expectations is None:
            return None
        allow = self.options.allow

        def triage(level: str, differences: list[Any]) -> tuple[list[Any], int, list[str]]:
            sorted_out = expectations.triage(case, level, differences, allow)
            count = len(sorted_out.expected) + len(sorted_out.allowed)
            return sorted_out.unexpected, count, [k.where for k in sorted_out.stale]

        return triage


def _for_dialect(
    reference: dict[str, Any] | None, result: CaseResult, readback: Readback
) -> tuple[dict[str, Any] | None, str | None]:
    """The stored reference as 9.1.2 would have stored *this request*.

    9.1.2 stored the protocol version the request authenticated with as ``version``
    (``src/sentry/web/api.py: StoreView.process`` hands ``auth.version`` to the event manager);
    the harvest posts every case as protocol 7, so a case captured with another version (raven
    sends 4 to 6) has a reference saying ``"7"``.  The reference is adjusted to the version of
    the request the backend got, and the summary says so."""
    if reference is None or readback.stored is None:
        return reference, None
    version = None
    if result.fallback is None and result.dialect:
        version = result.dialect.get("protocol_version")
    if not version or str(reference.get("version")) == str(version):
        return reference, None
    adjusted = dict(reference)
    adjusted["version"] = str(version)
    return adjusted, (
        f"reference 'version' set to {version}, the protocol version of this request; "
        f"the harvest posted protocol {reference.get('version')}"
    )


def _redact(url: str, dsn: Dsn) -> str:
    return url.replace(dsn.public_key, dsn.public_key[:4] + "…") if dsn.public_key else url


def _request_summary(
    request: ReplayRequest, response: HttpResponse | None, failure: str | None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "method": request.method,
        "endpoint": request.endpoint,
        "target": request.target,
        "body_bytes": len(request.body),
        "chunked": request.chunked,
        "event_id": request.event_id,
    }
    if response is not None:
        out["status"] = response.status
        out["seconds"] = round(response.seconds, 3)
        if not 200 <= response.status < 300:
            out["reason"] = response.reason()
        limits = response.header("X-Sentry-Rate-Limits")
        if limits:
            out["rate_limits"] = limits
    else:
        out["error"] = failure
    return out


def probe_cases(
    corpus: Corpus,
    adapter: Adapter,
    *,
    names: Iterable[str] | None = None,
    sdk: str | None = None,
    options: ProbeOptions | None = None,
) -> ProbeReport:
    """Probe ``adapter``'s backend with the selected cases of ``corpus``."""
    options = options or ProbeOptions()
    started = time.time()
    try:
        description = adapter.check()
    except AdapterError:
        raise
    except Exception as exc:
        raise AdapterError(f"{adapter.name}: {exc}") from exc
    probe = _Probe(adapter, options)
    cases = [case for case, _ in corpus.select(names=list(names or []) or None, sdk=sdk)]
    cases = [c for c in cases if c.has("incoming_events")]
    report = ProbeReport(
        backend={**adapter.describe(), "project": description},
        dsn=_redact(str(adapter.dsn), adapter.dsn),
        corpus=str(corpus.root),
        started=dt.datetime.fromtimestamp(started, dt.timezone.utc).isoformat(timespec="seconds"),
        options={
            "rate": options.rate,
            "fallback_store": options.fallback_store,
            "readback_timeout": options.readback_timeout
            if options.readback_timeout is not None
            else adapter.readback_timeout,
        },
    )
    groups: dict[str, str] = {}
    hashes: dict[str, list[str]] = {}
    for index, case in enumerate(cases):
        if options.progress:
            options.progress(case.name, index, len(cases), None)
        try:
            result, _readback = probe.run_case(case)
        except Exception as exc:  # one broken case must not end the probe
            result = CaseResult(case=case.name)
            result.error(f"{type(exc).__name__}: {exc}")
        report.cases.append(result)
        if result.group and result.reference_hashes:
            groups[case.name] = result.group
            hashes[case.name] = result.reference_hashes
        if options.progress:
            options.progress(case.name, index, len(cases), result)
    for name, partition in partition_results(groups, hashes).items():
        result = next(r for r in report.cases if r.case == name)
        level = result.levels["grouping"]
        prefix = level.summary
        level.summary = (prefix + "; " if prefix else "") + "partition: " + partition.describe()
        if not partition.same:
            level.status = "diff"
            level.count += 1
            level.keys = sorted({*level.keys, "<partition>"})
            level.differences.append(
                {
                    "path": "<partition>",
                    "kind": "changed",
                    "merged_with": list(partition.merged_with),
                    "split_from": list(partition.split_from),
                }
            )
        elif level.status == "n/a":
            level.status = "pass"
    report.requests = probe.sent + adapter.api.requests
    report.rate_limited = probe.limiter.limited
    report.seconds = round(time.time() - started, 2)
    return report
