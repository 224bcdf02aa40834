"""Data-driven: ``to_api_event`` of every stored reference equals its API reference.

GlitchTip's references (``../shared/reference/glitchtip``: ``oss_sentry_json`` with an
``oss_sentry_events`` partner) and the repository corpus (``corpus/oss_sentry_json`` +
``corpus/oss_sentry_events``): adding a pair adds a case. Only volatile values are masked
(``sentry_compat.compare.API_VOLATILE``); known differences are strict xfails
(``tests/api/expectations.py``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sentry_compat.api import ServerError, to_api_event
from sentry_compat.compare import API_VOLATILE, Difference, diff, mask

from ..conftest import REPO, shared_dir, shared_reference
from .expectations import KNOWN_DIFFERENCES


def is_server_error(api: Any) -> bool:
    """A recorded 500 answer (``{"detail": "Internal Error", ...}``) instead of an event."""
    return isinstance(api, dict) and api.get("detail") == "Internal Error" and "eventID" not in api


def compare(stored: dict[str, Any], expected: dict[str, Any]) -> list[Difference]:
    """Differences after masking the volatile values; the release's projects (instance data,
    like the project id) are taken from the reference."""
    projects = (expected.get("release") or {}).get("projects") or [None]
    actual = to_api_event(stored, project=projects[0])
    return diff(mask(expected, API_VOLATILE), mask(actual, API_VOLATILE))


GLITCHTIP = shared_dir() / "reference" / "glitchtip"
CORPUS = REPO / "corpus"


def _pairs(base: Path, prefix: str) -> list[Any]:
    stored_dir, api_dir = base / "oss_sentry_json", base / "oss_sentry_events"
    if not stored_dir.is_dir():
        return []
    cases = []
    for path in sorted(stored_dir.glob("*.json")):
        if (api_dir / path.name).exists():
            key = f"{prefix}/{path.stem}"
            marks = []
            if key in KNOWN_DIFFERENCES:
                marks.append(pytest.mark.xfail(reason=KNOWN_DIFFERENCES[key], strict=True))
            cases.append(pytest.param(base, path.stem, id=key, marks=marks))
    return cases


def _load(base: Path, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    stored = json.loads((base / "oss_sentry_json" / f"{name}.json").read_text("utf-8"))
    api = json.loads((base / "oss_sentry_events" / f"{name}.json").read_text("utf-8"))
    return stored, api


def _check(base: Path, name: str) -> None:
    stored, expected = _load(base, name)
    if is_server_error(expected):
        with pytest.raises(ServerError):
            to_api_event(stored)
        return
    differences = compare(stored, expected)
    assert not differences, "\n".join(str(d) for d in differences[:30])


GLITCHTIP_CASES = _pairs(GLITCHTIP, "glitchtip")
CORPUS_CASES = _pairs(CORPUS, "corpus")


@pytest.mark.parametrize(("base", "name"), GLITCHTIP_CASES or [pytest.param(None, None, id="none")])
def test_glitchtip(base: Path | None, name: str | None) -> None:
    if base is None or name is None:
        shared_reference("glitchtip", "oss_sentry_events")  # skips with the reason
        pytest.skip("no GlitchTip case has both oss_sentry_json and oss_sentry_events")
    _check(base, name)


@pytest.mark.parametrize(("base", "name"), CORPUS_CASES or [pytest.param(None, None, id="none")])
def test_corpus(base: Path | None, name: str | None) -> None:
    if base is None or name is None:
        pytest.skip("corpus/ has no oss_sentry_json + oss_sentry_events pair yet")
    _check(base, name)


def test_glitchtip_reference_count() -> None:
    """Guards against the data set silently shrinking (12 pairs in the 2022-11 snapshot)."""
    shared_reference("glitchtip", "oss_sentry_events")
    assert len(GLITCHTIP_CASES) >= 12
