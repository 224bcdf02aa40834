"""A seeded generator of raw events and a comparison of ``normalize_ingest`` with 9.1.2's own
ingest step (``SemaphoreStep``), field by field.

    python3 -m tests.normalize.differential [N] [--seed S] [--fields core|all] [--show K]

prints how many events ran and how many disagreed, by top-level field (the oracle must be up:
``SENTRY_COMPAT_ORACLE`` or the default state directory).  ``test_differential.py`` runs a
smaller batch under ``@pytest.mark.oracle``.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from typing import Any

from sentry_compat.compare import diff, mask
from sentry_compat.normalize import NormalizeOptions, normalize_ingest

#: the top-level fields the core module owns (compared by ``--fields core``)
CORE_FIELDS = (
    "event_id",
    "level",
    "fingerprint",
    "culprit",
    "transaction",
    "time_spent",
    "logger",
    "modules",
    "platform",
    "timestamp",
    "server_name",
    "site",
    "release",
    "dist",
    "environment",
    "tags",
    "extra",
    "errors",
    "checksum",
    "type",
    "version",
    "key_id",
    "project",
    "grouping_config",
    "received",
    "use_rust_normalize",
)

_WORDS = [
    "",
    " ",
    "a",
    "prod",
    "x y",
    "é",
    "😀",
    "a/b",
    "a\nb",
    "\t",
    "release",
    "user",
    "1.0",
    "-",
    "ab" * 40,
]


def _string(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        return rng.choice(_WORDS)
    if roll < 0.7:
        return rng.choice(_WORDS) * rng.randint(1, 300)
    return "".join(rng.choice("abcXYZ09 _-./:\n\té😀") for _ in range(rng.randint(0, 40)))


def _scalar(rng: random.Random) -> Any:
    kind = rng.randrange(7)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, 1, -1, 10, 20, 30, 40, 50, 35, 2**31, 2**53 + 1])
    if kind == 3:
        return rng.choice([0.0, 1.5, -2.5, 1e20, 30.0, 123456.789])
    return _string(rng)


def _value(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 7 or roll < 0.55:
        return _scalar(rng)
    if roll < 0.78:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {_string(rng)[:20] or "k": _value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def _timestamp(rng: random.Random, now: float) -> Any:
    offset = rng.choice([0, -100, -0.123456789, 30, 120, -40 * 86400, -29 * 86400, 1e3])
    t = now + offset
    kind = rng.randrange(6)
    if kind == 0:
        return t
    if kind == 1:
        return int(t)
    if kind == 2:
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + rng.choice(
            ["", "Z", ".5", ".123456Z", "+02:00", "-0130", ".1234567891Z"]
        )
    if kind == 3:
        return str(int(t))
    return _value(rng)


def _tags(rng: random.Random) -> Any:
    roll = rng.random()
    keys = [
        "a",
        "b",
        "a b",
        "environment",
        "release",
        "server_name",
        "k" * 33,
        "é",
        "level",
        "x.y:z",
    ]
    if roll < 0.4:
        return {
            rng.choice(keys): rng.choice([_scalar(rng), _value(rng)])
            for _ in range(rng.randint(0, 5))
        }
    if roll < 0.8:
        items: list[Any] = []
        for _ in range(rng.randint(0, 5)):
            r = rng.random()
            if r < 0.7:
                items.append(
                    [rng.choice([*keys, _scalar(rng)]), rng.choice([_scalar(rng), _value(rng)])]
                )
            else:
                items.append(_value(rng))
        return items
    return _value(rng)


def generate_event(rng: random.Random, now: float) -> dict[str, Any]:
    """One raw event exercising the top-level fields (and a few interfaces lightly)."""
    event: dict[str, Any] = {}
    gens: dict[str, Any] = {
        "event_id": lambda: rng.choice(
            [
                "6716c68c406b4eed9e3f9ea632db6c0e",
                "6716C68C-406b-4eed-9e3f-9ea632db6c0e",
                _string(rng),
                _scalar(rng),
            ]
        ),
        "level": lambda: rng.choice(
            ["info", "warning", "warn", "fatal", "critical", "log", "debug", "error", _scalar(rng)]
        ),
        "fingerprint": lambda: rng.choice(
            [["{{ default }}", _scalar(rng)], [_scalar(rng), _scalar(rng)], _value(rng)]
        ),
        "culprit": lambda: rng.choice([_string(rng), _scalar(rng)]),
        "transaction": lambda: rng.choice([_string(rng), _scalar(rng)]),
        "time_spent": lambda: _scalar(rng),
        "logger": lambda: rng.choice([_string(rng), _scalar(rng)]),
        "modules": lambda: rng.choice([{"a": "1.0", "b": _scalar(rng)}, _value(rng)]),
        "platform": lambda: rng.choice(["python", "javascript", "swift", "other", _scalar(rng)]),
        "timestamp": lambda: _timestamp(rng, now),
        "server_name": lambda: rng.choice([_string(rng), _scalar(rng)]),
        "site": lambda: rng.choice([_string(rng), _scalar(rng)]),
        "release": lambda: rng.choice([_string(rng), _scalar(rng), _value(rng)]),
        "dist": lambda: rng.choice([_string(rng), _scalar(rng)]),
        "environment": lambda: rng.choice([_string(rng), _scalar(rng)]),
        "tags": lambda: _tags(rng),
        "extra": lambda: rng.choice([_value(rng), {"a": _value(rng), "b": _string(rng)}]),
        "checksum": lambda: rng.choice([_string(rng), _scalar(rng)]),
        "errors": lambda: rng.choice([[{"type": "x", "name": _scalar(rng)}], _value(rng)]),
        "type": lambda: rng.choice(["error", "default", "csp", "bogus", _scalar(rng)]),
        "message": lambda: rng.choice([_string(rng), _scalar(rng)]),
        "unknown_" + str(rng.randrange(3)): lambda: _value(rng),
    }
    for key, gen in gens.items():
        if rng.random() < 0.35:
            event[key] = gen()
    return event


def volatile(raw: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    paths = ["received"]
    meta = expected.get("_meta") or {}
    if "event_id" in meta or not isinstance(raw.get("event_id"), str):
        paths.append("event_id")
    if expected.get("timestamp") == expected.get("received") or "timestamp" not in raw:
        paths.append("timestamp")
    return paths


def compare(
    step: Any, events: list[dict[str, Any]], fields: tuple[str, ...] | None = None
) -> tuple[int, Counter[str], list[Any]]:
    """``(events run, disagreements by top-level field, examples)``."""
    by_field: Counter[str] = Counter()
    examples: list[Any] = []
    options = NormalizeOptions(
        client_ip="127.0.0.1", client="sentry-compat-oracle/1.0", key_id="2", project_id=2
    )
    for raw in events:
        expected = step.normalize(raw)
        actual = normalize_ingest(
            raw, options=NormalizeOptions(**{**options.__dict__, "received": expected["received"]})
        )
        paths = volatile(raw, expected)
        if fields is not None:
            expected = {
                k: v for k, v in expected.items() if k in fields or k in ("errors", "_meta")
            }
            actual = {k: v for k, v in actual.items() if k in fields or k in ("errors", "_meta")}
            for doc in (expected, actual):
                if isinstance(doc.get("_meta"), dict):
                    doc["_meta"] = {k: v for k, v in doc["_meta"].items() if k in fields}
                if isinstance(doc.get("errors"), list):
                    doc["errors"] = [
                        e
                        for e in doc["errors"]
                        if not isinstance(e, dict)
                        or str(e.get("name", "")).split(".")[0] in (*fields, "None", "")
                    ]
        problems = diff(mask(expected, paths), mask(actual, paths))
        for field in sorted({p.path[0] if p.path else "<root>" for p in problems}):
            by_field[field] += 1
        if problems and len(examples) < 50:
            examples.append((raw, [str(p) for p in problems[:5]]))
    return len(events), by_field, examples


def main() -> None:
    from sentry_compat.reference.semaphore_step import SemaphoreStep

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int, nargs="?", default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fields", choices=("core", "all"), default="core")
    parser.add_argument("--show", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    now = time.time()
    events = [generate_event(rng, now) for _ in range(args.n)]
    with SemaphoreStep() as step:
        ran, by_field, examples = compare(
            step, events, CORE_FIELDS if args.fields == "core" else None
        )
    print(
        json.dumps(
            {
                "ran": ran,
                "disagreed_events": len([e for e in examples]),
                "by_field": dict(by_field.most_common()),
            }
        )
    )
    for raw, problems in examples[: args.show]:
        print(json.dumps(raw, ensure_ascii=False)[:600])
        for p in problems:
            print("   ", p[:300])


if __name__ == "__main__":
    main()
