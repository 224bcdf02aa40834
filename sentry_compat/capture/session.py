"""Capture sessions: run factory scenarios against a fresh capture server and turn
what arrives into corpus cases with their provenance.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..corpus import CaseExistsError, Corpus, validate_case_name, write_json_atomic
from ..envelope import Envelope, Item
from ..factories import Factory, FactoryError, PreparedFactory, ScenarioRun, prepare, run_scenario
from ..ingest import IngestRequest
from ..scrub import ScrubReport, ScrubRule, machine_rules, scrub_text, scrub_value
from .records import CapturedRequest
from .server import CaptureServer

__all__ = [
    "BuildPlan",
    "CaseCapture",
    "Executor",
    "LocalExecutor",
    "capture_scenarios",
    "case_name",
    "plan_all",
    "save_case",
    "wire_record",
    "wire_summary",
]

PUBLIC_KEY_PLACEHOLDER = "{{public_key}}"
HOST_PLACEHOLDER = "{{host}}"
PROVENANCE = "captured by this project"
DEFAULT_NAME = "{factory}-{sdk_version}-{scenario}"
#: what a scenario's own server (framework app, browser page) and the capture server
#: become in a corpus case: fixed, valid hosts instead of this run's ephemeral ports
APP_HOST = "localhost:8000"
CAPTURE_HOST = "localhost:8765"
#: the ephemeral port a framework factory's HTTP client sent from (an ASGI scope's
#: ``client``, a Rack ``REMOTE_PORT``), as its client prints it on stdout, becomes this
CLIENT_PORT = "54321"
CLIENT_PORT_LINE = re.compile(r"^FACTORY_CLIENT_PORT=(\d+)$", re.MULTILINE)
#: seconds to wait for events once a scenario's process has exited (factories flush first)
AFTER_EXIT = 10.0

Log = Callable[[str], None]


class Executor:
    """How scenarios run: locally (:class:`LocalExecutor`) or in containers
    (:class:`sentry_compat.docker.DockerExecutor`)."""

    name = "local"

    def prepare(self, factory: Factory, sdk_version: str, log: Log) -> PreparedFactory:
        raise NotImplementedError

    def run(
        self, prepared: PreparedFactory, scenario: str, dsn: str, timeout: float
    ) -> ScenarioRun:
        raise NotImplementedError


class LocalExecutor(Executor):
    """The factory's local runner (venv, npm prefix, Debian packages, Chromium)."""

    def prepare(self, factory: Factory, sdk_version: str, log: Log) -> PreparedFactory:
        return prepare(factory, sdk_version, log)

    def run(
        self, prepared: PreparedFactory, scenario: str, dsn: str, timeout: float
    ) -> ScenarioRun:
        return run_scenario(prepared, scenario, dsn, timeout=timeout)


@dataclasses.dataclass
class BuildPlan:
    """One SDK build of ``compat capture --all``: the scenarios still to capture."""

    factory: Factory
    version: str
    scenarios: list[str]
    note: str = ""


def plan_all(
    factories: dict[str, Factory], corpus: Corpus, *, force: bool = False, docker: bool = False
) -> list[BuildPlan]:
    """Every SDK build (factory x version in its manifest) and the scenarios to capture:
    those without a case yet (all with ``force``); builds that cannot run here carry
    the reason and no scenario.  With ``docker`` only docker-compose-only factories
    count as not runnable when they have no Dockerfile."""
    from ..factories import unavailable

    plan = []
    for factory in factories.values():
        for version in factory.versions:
            reason = None
            if docker:
                if not (factory.directory / "Dockerfile").is_file():
                    reason = "no Dockerfile"
            else:
                reason = unavailable(factory, version)
            if reason:
                plan.append(BuildPlan(factory, version, [], reason))
                continue
            todo = [
                s.name
                for s in factory.scenarios_for(version)
                if force
                or not corpus.case(case_name(DEFAULT_NAME, factory, version, s.name)).has(
                    "incoming_events"
                )
            ]
            done = len(factory.scenarios_for(version)) - len(todo)
            plan.append(
                BuildPlan(factory, version, todo, f"{done} already in the corpus" if done else "")
            )
    return plan


def port_rules(run: ScenarioRun, capture_host: str) -> list[ScrubRule]:
    """Scrub rules for the loopback ports of one run: the scenario's own servers
    (``FACTORY_PORT``) and the capture server, which real SDKs and browsers echo
    back in request URLs, ``Host``/``Origin``/``Referer`` headers and ``SERVER_PORT``,
    and the ports the scenario's HTTP client sent from (whole values only)."""
    rules = [ScrubRule("capture_server", capture_host, CAPTURE_HOST)]
    for index, port in enumerate(run.ports):
        suffix = str(index) if index else ""
        rules.append(ScrubRule(f"app_server{suffix}", f"127.0.0.1:{port}", APP_HOST))
        rules.append(ScrubRule(f"app_host{suffix}", f"localhost:{port}", APP_HOST))
        rules.append(
            ScrubRule(f"app_port{suffix}", str(port), APP_HOST.rsplit(":", 1)[1], whole=True)
        )
    app_ports = {str(port) for port in run.ports}
    for index, port in enumerate(dict.fromkeys(CLIENT_PORT_LINE.findall(run.stdout))):
        if port not in app_ports:
            suffix = str(index) if index else ""
            rules.append(ScrubRule(f"client_port{suffix}", port, CLIENT_PORT, whole=True))
    return rules


@dataclasses.dataclass
class CaseCapture:
    """One corpus case produced by a capture."""

    name: str
    event: dict[str, Any]
    request: CapturedRequest
    metadata: dict[str, Any]
    others: list[CapturedRequest] = dataclasses.field(default_factory=list)
    saved: bool = False


def case_name(template: str, factory: Factory, sdk_version: str, scenario: str) -> str:
    """Expand a name template (``{factory}``, ``{sdk}``, ``{sdk_version}``, ``{scenario}``)."""
    try:
        name = template.format(
            factory=factory.name,
            sdk=factory.sdk_for(sdk_version)[0],
            sdk_version=sdk_version,
            scenario=scenario,
        )
    except (KeyError, IndexError) as exc:
        raise FactoryError(f"bad --name template {template!r}: unknown field {exc}") from None
    return validate_case_name(name)


def _transfer(request: IngestRequest) -> str:
    chunked = (request.header("Transfer-Encoding") or "").lower() == "chunked"
    return "chunked" if chunked else "content-length"


def wire_summary(captured: CapturedRequest) -> dict[str, Any]:
    """What an SDK put on the wire: endpoint, encoding, auth, item types."""
    record = captured.record
    request = captured.ingest_request()
    return {
        "endpoint": record.get("endpoint"),
        "content_type": record.get("content_type"),
        "content_encoding": record.get("content_encoding"),
        "decode_steps": record.get("decode_steps", []),
        "transfer": _transfer(request),
        "auth": record.get("auth", {}).get("sources", []),
        "protocol_version": record.get("auth", {}).get("version"),
        "client": record.get("auth", {}).get("client"),
        "user_agent": request.header("User-Agent"),
        "item_types": [item["type"] for item in record.get("items", [])],
        "body_bytes": record["request"]["body_length"],
    }


def _scrub_headers(
    headers: list[list[str]], key: str, host: str, rules: Sequence[ScrubRule], report: ScrubReport
) -> list[list[str]]:
    out = []
    for name, value in headers:
        lower = name.lower()
        if lower in ("content-length", "transfer-encoding"):
            continue  # transport framing: recomputed when replayed
        value = value.replace(key, PUBLIC_KEY_PLACEHOLDER).replace(host, HOST_PLACEHOLDER)
        out.append([name, scrub_text(value, rules, report)])
    return out


def _scrub_envelope(
    data: bytes, key: str, host: str, rules: Sequence[ScrubRule], report: ScrubReport
) -> str:
    envelope = Envelope.parse(data)
    headers = scrub_value(envelope.headers, rules, report)
    if isinstance(headers.get("dsn"), str):
        headers["dsn"] = (
            headers["dsn"].replace(key, PUBLIC_KEY_PLACEHOLDER).replace(host, HOST_PLACEHOLDER)
        )
    items = []
    for item in envelope.items:
        payload = scrub_text(item.payload.decode("utf-8", "surrogateescape"), rules, report)
        items.append(Item(dict(item.headers), payload.encode("utf-8", "surrogateescape")))
    lines = [Envelope(headers, []).serialize().rstrip(b"\n")]
    for original, item in zip(envelope.items, items, strict=True):
        item_headers = dict(item.headers)
        if "length" in original.headers:
            item_headers["length"] = len(item.payload)
        lines.append(json.dumps(item_headers, separators=(",", ":")).encode())
        lines.append(item.payload)
    return b"\n".join(lines).decode("utf-8", "surrogateescape") + "\n"


def wire_record(
    captured: CapturedRequest, key: str, host: str, rules: Sequence[ScrubRule], report: ScrubReport
) -> dict[str, Any]:
    """The request as captured, scrubbed for the corpus.

    Machine values are replaced, the DSN's key and host become placeholders, and
    the body is kept *decoded* (``decoded_body``) with the ``decode_steps`` that
    undid its encoding, so a replay can re-encode it in the same dialect.
    """
    from ..decoding import decode_content, decode_legacy_payload

    record = captured.record
    request = captured.ingest_request()
    decoded = decode_content(request.body, request.header("Content-Encoding"))
    data = decoded.data
    if record.get("endpoint") == "store" and request.method == "POST" and data[:1] != b"{":
        data = decode_legacy_payload(data).data
    if record.get("endpoint") == "envelope":
        body_text = _scrub_envelope(data, key, host, rules, report)
    else:
        body_text = scrub_text(data.decode("utf-8", "surrogateescape"), rules, report)
    query = [[k, v.replace(key, PUBLIC_KEY_PLACEHOLDER)] for k, v in record["request"]["query"]]
    return {
        "method": request.method,
        "path": request.path,
        "query": query,
        "headers": _scrub_headers(record["request"]["headers"], key, host, rules, report),
        "decode_steps": record.get("decode_steps", []),
        "body_bytes_on_wire": record["request"]["body_length"],
        "decoded_body": body_text,
    }


def save_case(corpus: Corpus, case: CaseCapture, wire: dict[str, Any], *, force: bool) -> None:
    """Write incoming event, wire record and manifest entry (never overwriting without force)."""
    target = corpus.case(case.name)
    write_json_atomic(target.incoming_path, case.event, force=force)
    write_json_atomic(target.wire_path, wire, force=True)
    corpus.manifest.update(case.name, **case.metadata)
    case.saved = True


def _metadata(
    factory: Factory,
    prepared: PreparedFactory,
    scenario: str,
    captured: CapturedRequest,
    event: dict[str, Any],
    others: list[CapturedRequest],
    scrub: list[dict[str, Any]],
) -> dict[str, Any]:
    raw_sdk = event.get("sdk")
    sdk: dict[str, Any] = raw_sdk if isinstance(raw_sdk, dict) else {}
    spec = factory.scenario(scenario)
    # a framework factory can run another SDK package for some versions (raven beside sentry-sdk)
    package, sdk_name = factory.sdk_for(prepared.sdk_version)
    return {
        "sdk": {
            "package": package,
            "name": sdk_name,
            "version": prepared.sdk_version,
            "reported": {"name": sdk.get("name"), "version": sdk.get("version")},
        },
        "factory": factory.name,
        "scenario": scenario,
        "description": spec.description,
        "language": factory.language,
        "platform": event.get("platform"),
        "features": list(spec.features),
        "captured": {
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            **wire_summary(captured),
            "other_requests": [
                {"endpoint": o.endpoint, "item_types": o.item_types} for o in others
            ],
        },
        "scrub": scrub,
        "provenance": PROVENANCE,
        "licence": (
            f"BSD-3-Clause (sentry-compat); event data produced by {package} {prepared.sdk_version}"
        ),
    }


def capture_scenarios(
    factory: Factory,
    scenarios: Sequence[str],
    corpus: Corpus,
    *,
    sdk_version: str | None = None,
    name_template: str | None = None,
    force: bool = False,
    timeout: float = 30.0,
    dry_run: bool = False,
    log: Log | None = None,
    capture_dir: Path | None = None,
    executor: Executor | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[CaseCapture]:
    """Run ``scenarios`` of ``factory`` (locally, or with ``executor``) against a fresh
    capture server and save each event as a corpus case.  Existing cases are refused
    up front unless ``force``.  ``progress`` is called with each scenario once done."""
    log = log or (lambda _: None)
    executor = executor or LocalExecutor()
    version = sdk_version or factory.default_version
    names = {s: case_name(name_template or DEFAULT_NAME, factory, version, s) for s in scenarios}
    for scenario in scenarios:
        factory.scenario(scenario)
    if len(set(names.values())) != len(names):
        raise FactoryError("the --name template gives several scenarios the same case name")
    if not force and not dry_run:
        existing = [n for n in names.values() if corpus.case(n).has("incoming_events")]
        if existing:
            raise CaseExistsError(
                f"corpus cases already exist: {', '.join(existing)} (use --force to overwrite)"
            )
    prepared = executor.prepare(factory, version, log)
    results: list[CaseCapture] = []
    with CaptureServer(directory=capture_dir) as server:
        host = f"{server.config.host}:{server.port}"
        base_rules = [
            *machine_rules({**prepared.machine_paths, "factory": str(factory.directory)}),
            # the capture server's DSN key turns up in envelope headers (trace.public_key, dsn)
            ScrubRule("dsn_key", server.config.public_key, PUBLIC_KEY_PLACEHOLDER),
        ]
        for scenario in scenarios:
            since = len(server.store)
            log(f"run {factory.name} {scenario} (sdk {version}, {executor.name})")
            run = executor.run(prepared, scenario, server.dsn, timeout)
            rules = [*base_rules, *port_rules(run, host)]
            expected = factory.scenario(scenario).events
            events: list[CapturedRequest] = []
            deadline_error = None
            for _ in range(expected):
                try:
                    start = since if not events else server.store.recent().index(events[-1]) + 1
                    # the scenario has exited: what it sent has arrived or is about to
                    events.append(server.wait_for_event(timeout=AFTER_EXIT, since=start))
                except TimeoutError as exc:
                    deadline_error = exc
                    break
            if deadline_error is not None or not events:
                raise FactoryError(
                    f"{factory.name} {scenario}: expected {expected} event(s), got {len(events)} "
                    f"(exit {run.returncode}); {deadline_error}\n--- stderr ---\n{run.stderr[-3000:]}"
                )
            others = [c for c in server.store.recent()[since:] if c not in events and c.accepted]
            for index, captured in enumerate(events):
                name = names[scenario] + (f"-{index + 1}" if expected > 1 else "")
                report = ScrubReport()
                assert captured.event is not None
                event = scrub_value(captured.event, rules, report)
                wire = wire_record(captured, server.config.public_key, host, rules, report)
                metadata = _metadata(
                    factory,
                    prepared,
                    scenario,
                    captured,
                    event,
                    others,
                    report.as_provenance(rules),
                )
                metadata["captured"]["runner"] = (
                    f"{executor.name} ({prepared.runner.get('kind', executor.name)})"
                )
                case = CaseCapture(name, event, captured, metadata, others)
                if not dry_run:
                    save_case(corpus, case, wire, force=force)
                results.append(case)
            if progress is not None:
                progress(scenario)
    return results
