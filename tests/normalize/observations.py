"""Observations: what the real Sentry 9.1.2 normalizer step did with hand-written inputs.

Each ``observations/<area>.jsonl`` line is one observation recorded from the oracle's own
semaphore step (``sentry_compat.reference.semaphore_step``, i.e. 9.1.2's
``EventManager._normalize_impl``)::

    {"name": "level-warn", "input": {...raw event...}, "options": {...}, "output": {...}}

``test_observations.py`` replays every line through ``normalize_ingest`` and compares, after
masking what depends on the clock or on randomness (:func:`volatile_paths`).

Record or re-record with ``python -m tests.normalize.observations AREA INPUTS.py`` where
INPUTS.py defines ``CASES = [(name, event[, options]), ...]``; existing names are kept unless
``--force``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent / "observations"
_HEX32 = re.compile(r"^[0-9a-f]{32}$")


def load(area: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    """``(id, observation)`` pairs from every (or one) area file."""
    out = []
    for path in sorted(HERE.glob("*.jsonl")):
        if area and path.stem != area:
            continue
        # split on "\n" only: str.splitlines() also splits inside values (U+2028, U+0085)
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                obs = json.loads(line)
                out.append((f"{path.stem}:{obs['name']}", obs))
    return out


def volatile_paths(observation: dict[str, Any]) -> list[str]:
    """Paths whose value depends on the clock or randomness in this observation."""
    raw = observation["input"]
    paths = ["received"]
    event_id = raw.get("event_id") if isinstance(raw, dict) else None
    meta = observation["output"].get("_meta") or {}
    if (
        not (isinstance(event_id, str) and _HEX32.match(event_id.replace("-", "").lower()))
        or "event_id" in meta
    ):
        paths.append("event_id")
    output = observation["output"]
    if output.get("timestamp") == output.get("received") or "timestamp" not in raw:
        paths.append("timestamp")
    return paths


def record(area: str, cases: list[tuple[Any, ...]], *, force: bool = False) -> Path:
    from sentry_compat.reference.semaphore_step import SemaphoreStep

    path = HERE / f"{area}.jsonl"
    existing = {obs["name"]: obs for _, obs in load(area)} if path.exists() else {}
    with SemaphoreStep() as step:
        for case in cases:
            name, event = case[0], case[1]
            options = case[2] if len(case) > 2 else {}
            if name in existing and not force:
                continue
            output = step.normalize(event, **options)
            existing[name] = {"name": name, "input": event, "options": options, "output": output}
    HERE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        "".join(
            json.dumps(o, ensure_ascii=False, sort_keys=False) + "\n" for o in existing.values()
        ),
        encoding="utf-8",
    )
    tmp.replace(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("area")
    parser.add_argument("inputs", type=Path)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    spec = importlib.util.spec_from_file_location("observation_inputs", args.inputs)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    print(record(args.area, module.CASES, force=args.force))


if __name__ == "__main__":
    main()
