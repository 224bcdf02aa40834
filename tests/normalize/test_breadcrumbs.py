"""The breadcrumbs interface (``sentry_compat.normalize.breadcrumbs``), pinned on 9.1.2 +
semaphore 0.4.65 (``observations/breadcrumbs.jsonl``)."""

from __future__ import annotations

from typing import Any

import pytest

from sentry_compat.normalize import NormalizeOptions, normalize_ingest

from . import context_generators

OPTIONS = NormalizeOptions(client_ip="127.0.0.1", client="sentry-compat-oracle/1.0")


def crumbs(value: Any) -> dict[str, Any]:
    return normalize_ingest({"breadcrumbs": value}, options=OPTIONS)


def test_shapes() -> None:
    assert crumbs([{"message": "a"}])["breadcrumbs"] == {
        "values": [{"message": "a", "type": "default", "level": "info"}]
    }
    assert crumbs({"message": "a"})["breadcrumbs"]["values"][0]["message"] == "a"
    out = crumbs({"values": [None, "x", {"message": "b"}]})
    assert out["breadcrumbs"]["values"] == [
        None,
        {"message": "b", "type": "default", "level": "info"},
    ]
    assert (
        out["_meta"]["breadcrumbs"]["values"]["1"][""]["err"][0][1]["reason"]
        == "expected breadcrumb"
    )
    assert "breadcrumbs" not in crumbs([])
    assert len(crumbs([{"message": str(i)} for i in range(300)])["breadcrumbs"]["values"]) == 300


def test_fields() -> None:
    out = crumbs(
        [
            {"timestamp": "2019-07-23T10:00:00.123+02:00", "level": "warn", "type": ""},
            {
                "timestamp": 1563886400,
                "level": "critical",
                "event_id": "3B2E1D0C4A5B4C6D8E7F9A0B1C2D3E4F",
            },
            {"timestamp": True, "level": 30, "category": 1},
        ]
    )
    values = out["breadcrumbs"]["values"]
    assert values[0] == {"timestamp": 1563868800.123, "type": "default", "level": "info"}
    assert values[1]["timestamp"] == 1563886400.0 and values[1]["level"] == "fatal"
    assert values[1]["event_id"] == "3b2e1d0c4a5b4c6d8e7f9a0b1c2d3e4f"
    assert values[2] == {"timestamp": None, "type": "default", "category": None, "level": "warning"}
    assert [e["name"].split(".")[-1] for e in out["errors"]] == ["level", "timestamp", "category"]


def test_trimming() -> None:
    out = crumbs([{"message": "x" * 9000, "category": "c" * 129, "data": {"k": "v" * 3000}}])
    crumb = out["breadcrumbs"]["values"][0]
    assert (len(crumb["message"]), len(crumb["category"]), len(crumb["data"]["k"])) == (
        8192,
        128,
        2048,
    )
    out = crumbs([{"data": {"a": {"b": {"c": {"d": {"e": 1}}}}}}])
    assert out["breadcrumbs"]["values"][0]["data"] == {"a": {"b": {"c": {"d": '{"e":1}'}}}}


@pytest.mark.oracle
def test_generated_breadcrumbs_against_the_oracle(semaphore_step: Any) -> None:
    context_generators.check_area(semaphore_step, "breadcrumbs")
