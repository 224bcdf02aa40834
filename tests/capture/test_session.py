"""Capturing factory scenarios into a corpus: cases, wire records, manifest, scrubbing."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from sentry_compat.capture.session import capture_scenarios
from sentry_compat.corpus import CaseExistsError, Corpus
from sentry_compat.decoding import decode_content
from sentry_compat.envelope import Envelope
from sentry_compat.factories import get_factory

pytestmark = pytest.mark.slow


def test_capture_into_corpus(tmp_path: Path) -> None:
    corpus = Corpus(tmp_path)
    factory = get_factory("python-sentry-sdk")
    [case] = capture_scenarios(factory, ["zero_division"], corpus, sdk_version="2.75.0")
    name = "python-sentry-sdk-2.75.0-zero_division"
    assert case.name == name and corpus.names() == [name]
    event = json.loads(corpus.case(name).incoming_path.read_text())
    exc = event["exception"]["values"][-1]
    assert (exc["type"], exc["mechanism"]["handled"]) == ("ZeroDivisionError", False)

    meta = corpus.manifest.get(name)
    assert meta["sdk"] == {
        "package": "sentry-sdk",
        "name": "sentry.python",
        "version": "2.75.0",
        "reported": {"name": "sentry.python", "version": "2.75.0"},
    }
    assert meta["factory"] == "python-sentry-sdk" and meta["scenario"] == "zero_division"
    assert meta["captured"]["endpoint"] == "envelope" and meta["captured"]["decode_steps"] == [
        "gzip"
    ]
    assert meta["provenance"] == "captured by this project"
    assert {"unhandled", "exception"} <= set(meta["features"])
    assert {"rule": "factory", "replacement": "/factory", "count": 8} in meta["scrub"]

    # nothing machine-specific is left in the case
    text = corpus.case(name).incoming_path.read_text() + corpus.case(name).wire_path.read_text()
    assert str(Path.home()) + "/" not in text
    assert os.getcwd() not in text
    assert f'"server_name": "{socket.gethostname()}"' not in text

    # the wire record re-encodes to a valid envelope in the same dialect
    wire = json.loads(corpus.case(name).wire_path.read_text())
    assert "{{public_key}}" in dict(wire["headers"])["X-Sentry-Auth"]
    envelope = Envelope.parse(wire["decoded_body"].encode())
    assert envelope.event() == event
    assert decode_content(b"x", None).data == b"x"

    with pytest.raises(CaseExistsError, match="use --force"):
        capture_scenarios(factory, ["zero_division"], corpus, sdk_version="2.75.0")
    capture_scenarios(factory, ["zero_division"], corpus, sdk_version="2.75.0", force=True)


def test_plan_all_lists_every_build_and_skips_existing_cases(tmp_path: Path) -> None:
    from sentry_compat.capture.session import plan_all
    from sentry_compat.factories import load_factories

    corpus = Corpus(tmp_path)
    factories = load_factories()
    plan = {(b.factory.name, b.version): b for b in plan_all(factories, corpus)}
    assert set(plan) == {(f.name, v) for f in factories.values() for v in f.versions}
    assert plan[("php-sentry", "4.10.0")].note == "docker compose only"
    assert not plan[("php-sentry", "4.10.0")].scenarios
    python = plan[("python-sentry-sdk", "2.75.0")]
    assert python.scenarios == [s.name for s in factories["python-sentry-sdk"].scenarios]
    corpus.case("python-sentry-sdk-2.75.0-zero_division").incoming_path.parent.mkdir(parents=True)
    corpus.case("python-sentry-sdk-2.75.0-zero_division").incoming_path.write_text("{}")
    again = {(b.factory.name, b.version): b for b in plan_all(factories, corpus)}
    assert "zero_division" not in again[("python-sentry-sdk", "2.75.0")].scenarios
    assert again[("python-sentry-sdk", "2.75.0")].note == "1 already in the corpus"
    forced = {(b.factory.name, b.version): b for b in plan_all(factories, corpus, force=True)}
    assert "zero_division" in forced[("python-sentry-sdk", "2.75.0")].scenarios


@pytest.mark.chromium
@pytest.mark.npm
def test_browser_capture_leaves_no_port_or_key_in_the_case(tmp_path: Path) -> None:
    from sentry_compat.factories import unavailable

    factory = get_factory("browser-sentry")
    reason = unavailable(factory, "11.12.0")
    if reason:
        pytest.skip(f"browser-sentry: {reason}")
    corpus = Corpus(tmp_path)
    [case] = capture_scenarios(factory, ["listener_error"], corpus, sdk_version="11.12.0")
    text = case_text = corpus.case(case.name).incoming_path.read_text()
    text += corpus.case(case.name).wire_path.read_text()
    assert "127.0.0.1:" not in text, "an ephemeral port was left in the case"
    assert "http://localhost:8000/index.html?scenario=listener_error" in case_text
    rules = {entry["rule"] for entry in corpus.manifest.get(case.name)["scrub"]}
    assert "app_server" in rules
    assert corpus.manifest.get(case.name)["captured"]["runner"] == "local (browser-chromium)"


def test_port_rules_replace_the_client_port_as_a_whole_value() -> None:
    from sentry_compat.capture.session import CLIENT_PORT, port_rules
    from sentry_compat.factories import ScenarioRun
    from sentry_compat.scrub import scrub_value

    stdout = "FACTORY_CLIENT_PORT=51234\nhttp_client: GET / -> 500\nFACTORY_CLIENT_PORT=43210\n"
    run = ScenarioRun("s", [], 0, stdout, "", 0.1, (43210,))
    rules = port_rules(run, "127.0.0.1:40000")
    assert [r.name for r in rules if r.name.startswith("client_port")] == ["client_port"]
    event = {"client": ["'127.0.0.1'", "51234"], "id": "x51234", "n": "151234", "p": "43210"}
    assert scrub_value(event, rules) == {
        "client": ["'127.0.0.1'", CLIENT_PORT],
        "id": "x51234",
        "n": "151234",
        "p": "8000",
    }


def test_framework_capture_scrubs_the_client_port_and_names_the_legacy_sdk(
    tmp_path: Path,
) -> None:
    corpus = Corpus(tmp_path)
    # FastAPI's frames hold the ASGI scope, whose "client" is the client's ephemeral port
    [case] = capture_scenarios(
        get_factory("python-fastapi"), ["view_error"], corpus, sdk_version="2.75.0"
    )
    meta = corpus.manifest.get(case.name)
    assert {"client_port", "app_port", "app_server"} <= {e["rule"] for e in meta["scrub"]}
    text = corpus.case(case.name).incoming_path.read_text()
    text += corpus.case(case.name).wire_path.read_text()
    assert '"54321"' in text and "127.0.0.1:" not in text
    # raven 6.10 runs in the Django factory beside sentry-sdk: the case names raven
    [case] = capture_scenarios(
        get_factory("python-django"), ["not_found"], corpus, sdk_version="6.10.0"
    )
    meta = corpus.manifest.get(case.name)
    assert meta["sdk"]["package"] == "raven" and meta["sdk"]["name"] == "raven-python"
    assert meta["licence"].endswith("raven 6.10.0")
    assert meta["captured"]["client"] == "raven-python/6.10.0"
