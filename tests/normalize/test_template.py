"""The template interface (``sentry_compat.normalize.template``), pinned on 9.1.2 + semaphore
0.4.65 (``observations/template.jsonl``)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from sentry_compat.compare import diff
from sentry_compat.normalize import NormalizeOptions, normalize_ingest

OPTIONS = NormalizeOptions(client_ip="127.0.0.1", client="sentry-compat-oracle/1.0")


def norm(event: dict[str, Any]) -> dict[str, Any]:
    return normalize_ingest(event, options=OPTIONS)


def test_known_fields_only_nothing_required_or_derived() -> None:
    out = norm(
        {
            "template": {
                "abs_path": "/a.html",
                "lineno": 3,
                "pre_context": ["a", None],
                "function": "f",
            }
        }
    )
    assert out["template"] == {"abs_path": "/a.html", "lineno": 3, "pre_context": ["a", None]}
    assert norm({"template": {}})["template"] == {}
    assert norm({"template": {"filename": "a.html"}})["template"] == {"filename": "a.html"}


def test_limits_and_types() -> None:
    out = norm(
        {
            "template": {
                "filename": "f" * 149,
                "abs_path": "a" * 296,
                "context_line": "c" * 5000,
                "lineno": "3",
            }
        }
    )
    tpl = out["template"]
    assert (
        len(tpl["filename"]) == 128
        and len(tpl["abs_path"]) == 296
        and len(tpl["context_line"]) == 5000
    )
    assert tpl["lineno"] is None and out["errors"][0]["name"] == "template.lineno"


def test_not_an_object() -> None:
    out = norm({"template": "x"})
    assert out["template"] is None and out["errors"][0]["reason"] == "expected templateinfo"


@pytest.mark.oracle
def test_generated_templates_against_the_oracle(semaphore_step: Any) -> None:
    rng = random.Random(3)
    fields = [
        "filename",
        "abs_path",
        "lineno",
        "colno",
        "pre_context",
        "context_line",
        "post_context",
        "in_app",
    ]
    pool = ["a.html", "", None, 3, -1, "3", 1.5, ["a", None, 1], [], {"a": 1}, "x" * 300, True]
    for _ in range(150):
        template = {k: rng.choice(pool) for k in rng.sample(fields, rng.randint(0, len(fields)))}
        event = {"template": rng.choice([template, template, rng.choice(pool)])}
        expected = semaphore_step.normalize(event)
        actual = normalize_ingest(
            event,
            options=NormalizeOptions(**{**OPTIONS.__dict__, "received": expected["received"]}),
        )
        for key in ("template", "errors", "_meta"):
            assert not diff(expected.get(key), actual.get(key)), (event, key)
