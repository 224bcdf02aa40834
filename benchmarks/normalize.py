"""Speed of the normalizer: ``normalize`` per raw event, against a JSON round trip and (when the
optional ``sentry-relay`` package is installed) Relay's ``StoreNormalizer`` on the same events.

    python benchmarks/normalize.py [--repeat 5] [--dir DIR ...] [--json]

Reads every incoming event available (``corpus/incoming_events`` and, when present,
``../shared/reference/{glitchtip,sentry-9.1.2-grouping}/incoming_events``, or the ``--dir``
folders) and times, per set and over all:

* ``normalize``: ``sentry_compat.normalize(raw)`` (the whole 9.1.2 pipeline: ingest step,
  user-agent contexts, scrubbing, save, the stored view);
* ``ingest``: ``normalize_ingest(raw)`` (the semaphore step alone);
* ``json``: ``json.loads(json.dumps(raw))`` (the floor any normalizer of the document pays);
* ``relay``: ``sentry_relay.processing.StoreNormalizer().normalize_event(raw)`` when importable
  (its code is never read, only called);
* ``serialize`` and ``grouping``: reserved columns for ``sentry_compat.api.to_api_event`` and
  per-config ``calculate_hashes`` (``-`` until filled in).

Prints a table of µs per event and the ratios ``normalize/json`` and ``normalize/relay``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sentry_compat.normalize import NormalizeOptions, normalize, normalize_ingest  # noqa: E402

OPTIONS = NormalizeOptions(
    received=time.time(), project_id=2, key_id="2", client_ip="127.0.0.1", client="bench/1.0"
)


def _shared() -> Path:
    env = os.environ.get("SENTRY_COMPAT_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def default_dirs() -> list[Path]:
    return [
        REPO / "corpus" / "incoming_events",
        _shared() / "reference" / "glitchtip" / "incoming_events",
        _shared() / "reference" / "sentry-9.1.2-grouping" / "incoming_events",
    ]


def load(dirs: list[Path]) -> dict[str, list[dict[str, Any]]]:
    sets: dict[str, list[dict[str, Any]]] = {}
    for folder in dirs:
        if not folder.is_dir():
            continue
        events = []
        for path in sorted(folder.glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError):
                continue
            if isinstance(data, dict):
                events.append(data)
        if events:
            sets[f"{folder.parent.name}/{folder.name}"] = events
    return sets


def relay_normalizer() -> Callable[[dict[str, Any]], Any] | None:
    try:
        from sentry_relay.processing import StoreNormalizer  # type: ignore[import-not-found]
    except Exception:  # optional: any import problem means "not available"
        return None
    for kwargs in ({"project_id": 2, "client_ip": "127.0.0.1", "key_id": "2"}, {}):
        try:
            normalizer = StoreNormalizer(**kwargs)
            normalizer.normalize_event({"message": "probe"})
            return normalizer.normalize_event  # type: ignore[no-any-return]
        except Exception:
            continue
    return None


def per_event_us(
    func: Callable[[dict[str, Any]], Any], events: list[dict[str, Any]], repeat: int
) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for event in events:
            try:
                func(event)
            except Exception:  # time what the call costs, failing or not
                continue
        best = min(best, time.perf_counter() - start)
    return best / len(events) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dir", type=Path, action="append")
    parser.add_argument("--json", action="store_true", help="print the table as JSON")
    args = parser.parse_args()
    sets = load(args.dir or default_dirs())
    if not sets:
        sys.exit("no incoming events found")
    relay = relay_normalizer()
    columns: dict[str, Callable[[dict[str, Any]], Any] | None] = {
        "normalize": lambda e: normalize(e, options=OPTIONS),
        "ingest": lambda e: normalize_ingest(e, options=OPTIONS),
        "json": lambda e: json.loads(json.dumps(e)),
        "relay": relay,
        "serialize": None,
        "grouping": None,
    }
    rows = []
    all_events = [e for events in sets.values() for e in events]
    for name, events in [*sets.items(), ("all", all_events)]:
        row: dict[str, Any] = {"set": name, "events": len(events)}
        for column, func in columns.items():
            row[column] = per_event_us(func, events, args.repeat) if func else None
        row["normalize/json"] = row["normalize"] / row["json"] if row["json"] else None
        row["normalize/relay"] = row["normalize"] / row["relay"] if row["relay"] else None
        rows.append(row)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    header = ["set", "events", *columns, "normalize/json", "normalize/relay"]
    print(
        "µs per event (best of %d)%s"
        % (args.repeat, "" if relay else "; relay: sentry-relay not installed")
    )
    widths = [max(len(h) + 2, 12) for h in header]
    widths[0] = max(len(r["set"]) for r in rows) + 2
    print("".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    for row in rows:
        cells = []
        for h in header:
            value = row.get(h)
            if value is None:
                cells.append("-")
            elif isinstance(value, float):
                cells.append("%.1f" % value if "/" not in h else "%.2fx" % value)
            else:
                cells.append(str(value))
        print("".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)))


if __name__ == "__main__":
    main()
