"""Events 9.1.2 stored nothing for (``normalize/outcome.py``, ``normalize.stored_nothing``);
each status here was observed on the real 9.1.2 (``probe``: the store endpoint's answer)."""

from __future__ import annotations

from typing import Any

import pytest

from sentry_compat.normalize import normalize, stored_nothing
from sentry_compat.normalize.outcome import DEFAULT_DISALLOWED_SOURCES, is_valid_origin

OPTIONS: dict[str, Any] = dict(client="sentry-compat-oracle/1.0", client_ip="127.0.0.1")
CSP = {"document_uri": "http://a.com/", "effective_directive": "img-src",
       "violated_directive": "img-src"}  # fmt: skip


@pytest.mark.parametrize(
    ("event", "status"),
    [
        ({"message": "m"}, None),
        ({"csp": {}}, "500"),  # Csp.to_python raised in should_filter
        ({"csp": "x"}, "500"),  # null after normalization: the same
        ({"csp": {**CSP, "blocked_uri": "chrome-extension://abc"}}, "403"),  # invalid-csp
        ({"csp": {**CSP, "blocked_uri": "http://b.com/x.png"}}, None),
        ({"hpkp": {"hostname": "a.com"}}, None),
        ({"request": {"headers": [[None, "v"]]}}, "500"),  # web-crawlers: None.lower()
        ({"request": {"headers": [None, ["A", "b"]]}}, None),
        ({"request": {"headers": [["User-Agent", "Googlebot/2.1"]]}}, "403"),
        ({"request": {"headers": [["User-Agent", None]]}}, None),
        ({"type": "csp"}, "500"),  # save: CspEvent.get_metadata read data["csp"]
        ({"checksum": "a" * 33}, "500"),  # a 33-character group hash
        ({"checksum": "a" * 32}, None),
        ({"type": "transaction"}, "500"),
        ({"release": "r1", "dist": "x" * 65}, "500"),  # sentry_distribution.name: 64
        ({"release": "r1", "dist": "\U0001f600" * 64}, None),  # characters, not bytes
        ({"dist": "x" * 65}, None),  # no release: no Distribution row
    ],
)
def test_stored_nothing(event: dict[str, Any], status: str | None) -> None:
    reason = stored_nothing({"message": "m", **event}, **OPTIONS)
    assert (reason[:3] if reason else None) == status, reason
    normalize({"message": "m", **event}, **OPTIONS)  # still an event, never an exception


def test_javascript_crash() -> None:
    event = {
        "platform": "javascript",
        "exception": {"values": [{"type": "E", "stacktrace": {"frames": [
            {"abs_path": "http://h.invalid/x.js", "lineno": 1}, None]}}]},
    }  # fmt: skip
    assert stored_nothing(event, **OPTIONS).startswith("processing: ")


def test_is_valid_origin() -> None:
    assert [
        is_valid_origin(uri, DEFAULT_DISALLOWED_SOURCES)
        for uri in ("http://localhost:8000/x", "about", "http://x.superfish.com/", "https://a.com")
    ] == [True, True, True, False]
