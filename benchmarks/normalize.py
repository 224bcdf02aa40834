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
* ``serialize``: ``sentry_compat.api.to_api_event(stored)`` on the stored event ``normalize``
  made of each raw event (a ``ServerError``, 9.1.2's 500, is timed too);
* ``grouping legacy`` and ``grouping new``: ``calculate_hashes(stored, config)`` with
  ``legacy:2019-03-12`` and ``new:wip`` on the same stored events.

Every column is the best of ``--repeat`` rounds over the set (lazy tables are built in the
first round).  The loaded events are moved out of the garbage collector's reach
(``gc.freeze()``) before timing: they are the benchmark's fixtures, and a server holds one
event at a time, so full collections should not walk all of them (``--no-freeze`` keeps
them in; it adds ~15% to ``normalize`` and ~5% to ``relay`` here).  Prints a table of µs
per event and the ratios ``normalize/json`` and ``normalize/relay``; ``--spread`` adds the
worst round of ``normalize`` and ``relay``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sentry_compat.api import to_api_event  # noqa: E402
from sentry_compat.grouping import calculate_hashes  # noqa: E402
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


def rounds_us(
    func: Callable[[dict[str, Any]], Any], events: list[dict[str, Any]], repeat: int
) -> list[float]:
    """µs per event of each round over ``events``."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        for event in events:
            try:
                func(event)
            except Exception:  # time what the call costs, failing or not
                continue
        out.append((time.perf_counter() - start) / len(events) * 1e6)
    return out


def stored_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What ``normalize`` stored for each raw event (those it refuses are left out)."""
    out = []
    for event in events:
        try:
            out.append(normalize(event, options=OPTIONS))
        except Exception:
            continue
    return out


def _hashes(config: str) -> Callable[[dict[str, Any]], Any]:
    return lambda stored: calculate_hashes(stored, config)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dir", type=Path, action="append")
    parser.add_argument("--json", action="store_true", help="print the table as JSON")
    parser.add_argument(
        "--spread", action="store_true", help="also the worst round of normalize and relay"
    )
    parser.add_argument(
        "--no-freeze", action="store_true", help="leave the loaded events to the collector"
    )
    args = parser.parse_args()
    sets = load(args.dir or default_dirs())
    if not sets:
        sys.exit("no incoming events found")
    if not args.no_freeze:
        gc.collect()
        gc.freeze()
    relay = relay_normalizer()
    raw_columns: dict[str, Callable[[dict[str, Any]], Any] | None] = {
        "normalize": lambda e: normalize(e, options=OPTIONS),
        "ingest": lambda e: normalize_ingest(e, options=OPTIONS),
        "json": lambda e: json.loads(json.dumps(e)),
        "relay": relay,
    }
    stored_columns: dict[str, Callable[[dict[str, Any]], Any]] = {
        "serialize": to_api_event,
        "grouping legacy": _hashes("legacy:2019-03-12"),
        "grouping new": _hashes("new:wip"),
    }
    rows = []
    all_events = [e for events in sets.values() for e in events]
    for name, events in [*sets.items(), ("all", all_events)]:
        row: dict[str, Any] = {"set": name, "events": len(events)}
        for column, func in raw_columns.items():
            if func is None:
                row[column] = None
                continue
            rounds = rounds_us(func, events, args.repeat)
            row[column] = min(rounds)
            if args.spread and column in ("normalize", "relay"):
                row[column + " worst"] = max(rounds)
        stored = stored_events(events)
        if not args.no_freeze:
            gc.freeze()  # these are fixtures too
        for column, func in stored_columns.items():
            row[column] = min(rounds_us(func, stored, args.repeat)) if stored else None
        row["normalize/json"] = row["normalize"] / row["json"] if row["json"] else None
        row["normalize/relay"] = row["normalize"] / row["relay"] if row["relay"] else None
        rows.append(row)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    header = [k for k in rows[0] if k not in ("normalize/json", "normalize/relay")]
    header += ["normalize/json", "normalize/relay"]
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
