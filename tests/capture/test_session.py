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
    assert meta["sdk"] == {"package": "sentry-sdk", "name": "sentry.python", "version": "2.75.0",
                           "reported": {"name": "sentry.python", "version": "2.75.0"}}
    assert meta["factory"] == "python-sentry-sdk" and meta["scenario"] == "zero_division"
    assert meta["captured"]["endpoint"] == "envelope" and meta["captured"]["decode_steps"] == ["gzip"]
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
