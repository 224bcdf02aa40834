"""The sdk interface (``sentry_compat.normalize.sdk``), pinned on 9.1.2 + semaphore 0.4.65
(``observations/sdk.jsonl``)."""

from __future__ import annotations

from typing import Any

import pytest

from sentry_compat.normalize import NormalizeOptions, normalize_ingest

from . import context_generators


def norm(event: dict[str, Any], client: str | None = "sentry-compat-oracle/1.0") -> dict[str, Any]:
    return normalize_ingest(event, options=NormalizeOptions(client_ip="127.0.0.1", client=client))


def test_present() -> None:
    out = norm(
        {
            "sdk": {
                "name": "sentry.python",
                "version": "0.10.2",
                "integrations": ["django", 1, None, ""],
                "foo": 1,
            }
        }
    )
    assert out["sdk"] == {
        "name": "sentry.python",
        "version": "0.10.2",
        "integrations": ["django", None],
    }
    out = norm({"sdk": {"name": "x"}})
    assert out["sdk"] == {"name": "x", "version": None}
    assert out["errors"] == [{"type": "missing_attribute", "name": "sdk.version"}]
    out = norm(
        {
            "sdk": {
                "name": "n" * 300,
                "version": "1",
                "packages": [{"name": "n", "x": 1}, {}, None, "p"],
            }
        }
    )
    assert len(out["sdk"]["name"]) == 256 and out["sdk"]["packages"] == [{"name": "n"}, None]


@pytest.mark.parametrize(
    ("client", "expected"),
    [
        ("raven-python/6.10.0", {"name": "raven-python", "version": "6.10.0"}),
        ("raven-js/3.27.2", {"name": "raven-js", "version": "3.27.2"}),
        (
            "Mozilla/5.0 (X11; Linux x86_64)",
            {"name": "Mozilla", "version": "5.0 (X11; Linux x86_64)"},
        ),
        ("with space", {"name": "with", "version": "space"}),
        ("a b/c", {"name": "a b", "version": "c"}),
        ("noslash", None),
        (None, None),
    ],
)
def test_absent_built_from_the_client(client: str | None, expected: Any) -> None:
    assert norm({}, client=client).get("sdk") == expected
    if expected is not None:  # an invalid sdk is replaced the same way
        assert norm({"sdk": "x"}, client=client)["sdk"] == expected


@pytest.mark.oracle
def test_generated_sdks_against_the_oracle(semaphore_step: Any) -> None:
    context_generators.check_area(semaphore_step, "sdk")
