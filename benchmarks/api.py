"""Speed of the API serializer: ``to_api_event`` per stored event, against a JSON round trip.

    python benchmarks/api.py [--repeat 20] [--dir DIR ...]

Reads every stored event available (``corpus/oss_sentry_json`` and, when present,
``../shared/reference/{glitchtip,sentry-9.1.2-grouping}/oss_sentry_json``, or the ``--dir``
folders), then times, per event and per set, ``to_api_event(stored)`` and
``json.loads(json.dumps(stored))`` (the floor any serializer of the document pays). Prints a
table: events, µs per event for each, and their ratio. Events for which 9.1.2 answered 500
are timed too (the ``ServerError`` is raised and caught).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sentry_compat.api import ServerError, to_api_event  # noqa: E402


def _shared() -> Path:
    env = os.environ.get("SENTRY_COMPAT_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def default_dirs() -> list[Path]:
    return [
        REPO / "corpus" / "oss_sentry_json",
        _shared() / "reference" / "glitchtip" / "oss_sentry_json",
        _shared() / "reference" / "sentry-9.1.2-grouping" / "oss_sentry_json",
    ]


def load(folder: Path) -> list[dict[str, Any]]:
    events = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        if isinstance(data, dict):
            events.append(data.get("stored", data) if "api" in data else data)
    return events


def _serialize(event: dict[str, Any]) -> None:
    try:
        to_api_event(event)
    except ServerError:
        pass


def _roundtrip(event: dict[str, Any]) -> None:
    json.loads(json.dumps(event))


def per_event_us(events: list[dict[str, Any]], func: Any, repeat: int) -> float:
    for event in events:  # warm caches (py2 dict order tables, regexes)
        func(event)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for event in events:
            func(event)
        best = min(best, time.perf_counter() - start)
    return best / len(events) * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="timing rounds (best is kept)")
    parser.add_argument("--dir", type=Path, action="append", help="a folder of stored events")
    args = parser.parse_args(argv)
    rows = []
    everything: list[dict[str, Any]] = []
    for folder in args.dir or default_dirs():
        events = load(folder) if folder.is_dir() else []
        if not events:
            continue
        everything.extend(events)
        rows.append((str(folder.relative_to(folder.parents[1])), events))
    if not rows:
        print("no stored events found", file=sys.stderr)
        return 1
    if len(rows) > 1:
        rows.append(("all", everything))
    print(f"{'set':<45} {'events':>6} {'to_api_event µs':>16} {'json rt µs':>11} {'ratio':>6}")
    for name, events in rows:
        api = per_event_us(events, _serialize, args.repeat)
        rt = per_event_us(events, _roundtrip, args.repeat)
        print(f"{name:<45} {len(events):>6} {api:>16.0f} {rt:>11.1f} {api / rt:>6.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
