"""Experiment helper: post events to the running oracle and print what 9.1.2 made of them.

    python3 -m sentry_compat.reference.probe EVENT.json [--raw] [--no-node-data]
    python3 -m sentry_compat.reference.probe --batch DIR_OR_JSONL --out OUTDIR [--jobs N]

One event: prints one JSON document to stdout,
`{"event_id", "timestamp_shift", "posted", "received", "stored", "api", "grouping", "node_data"}`
(`stored`: the UI JSON view, `api`: the API event, `grouping`: grouping-info for every config,
`node_data`: the raw nodestore data). The event goes in with a fresh event_id and its timestamp
moved to now (see `replay.py`); `--raw` posts the file's bytes exactly as they are instead
(a reused event_id is then dropped by 9.1.2, an old timestamp is clamped). EVENT.json may be `-`
for stdin. When the oracle refuses the event the document is `{"error": {...}}` and the exit
status is 2.

Batch: DIR holds `*.json` events (result name = file stem), or a JSONL file holds one event per
line (result name = line number, 1-based, six digits). Results go to `OUTDIR/NAME.json`, a
summary to `OUTDIR/_summary.json`.

The oracle is found through `--state`, env SENTRY_COMPAT_ORACLE, or the default oracle dir. The
logged-in session is kept in the state dir (`session.json`) and reused across calls.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sentry_compat.reference.client import OracleClient
    from sentry_compat.reference.state import OracleState


def probe_event(
    client: OracleClient,
    event: dict[str, Any] | bytes,
    *,
    raw: bool = False,
    node_data: bool = True,
) -> dict[str, Any]:
    """Post one event (a dict, or bytes with `raw`) and fetch everything 9.1.2 made of it."""
    from sentry_compat.reference.client import OracleError
    from sentry_compat.reference.harvest import client_identity
    from sentry_compat.reference.replay import prepare_replay

    shift = 0
    if raw:
        posted: Any = event if isinstance(event, bytes) else json.dumps(event).encode()
        try:
            parsed = json.loads(posted)
        except ValueError:
            parsed = {}
        identity_source = parsed if isinstance(parsed, dict) else {}
    else:
        if not isinstance(event, dict):
            raise ValueError("an event must be a JSON object")
        plan = prepare_replay(event, now=time.time())
        posted, shift = plan.event, plan.timestamp_shift
        identity_source = posted
    sentry_client, user_agent = client_identity(identity_source)
    try:
        event_id = client.store(posted, sentry_client=sentry_client, user_agent=user_agent)
        fetched = client.fetch(event_id, node_data=node_data)
    except OracleError as exc:
        return {
            "error": {"message": str(exc), "status": exc.status, "url": exc.url, "body": exc.body},
            "timestamp_shift": shift,
            "posted": posted if isinstance(posted, dict) else None,
        }
    return {
        "event_id": fetched.event_id,
        "timestamp_shift": shift,
        "posted": posted if isinstance(posted, dict) else None,
        "received": fetched.received,
        "stored": fetched.stored,
        "api": fetched.api,
        "grouping": fetched.grouping,
        "node_data": fetched.node_data,
    }


def iter_batch(source: Path) -> Iterator[tuple[str, dict[str, Any] | bytes]]:
    """(name, event) pairs from a directory of `*.json` files or a JSONL file."""
    if source.is_dir():
        for path in sorted(source.glob("*.json")):
            yield path.stem, path.read_bytes()
        return
    with source.open("rb") as fp:
        for number, line in enumerate(fp, 1):
            if line.strip():
                yield f"{number:06d}", line.strip()


def _load(data: bytes, where: str) -> dict[str, Any]:
    try:
        event = json.loads(data)
    except ValueError as exc:
        raise ValueError(f"{where}: invalid JSON: {exc}") from None
    if not isinstance(event, dict):
        raise ValueError(f"{where}: an event must be a JSON object")
    return event


def run_batch(
    state: OracleState,
    source: Path,
    out_dir: Path,
    *,
    raw: bool = False,
    node_data: bool = True,
    jobs: int = 2,
) -> dict[str, Any]:
    from sentry_compat.reference.client import OracleClient
    from sentry_compat.reference.state import write_json_file_atomic

    out_dir.mkdir(parents=True, exist_ok=True)
    local = threading.local()
    first = OracleClient(state)
    first.login()  # one login up front; the threads reuse the saved session

    def one(item: tuple[str, dict[str, Any] | bytes]) -> tuple[str, bool, float]:
        name, data = item
        start = time.monotonic()
        if not hasattr(local, "client"):
            local.client = OracleClient(state)
        try:
            event: dict[str, Any] | bytes = (
                data if raw else _load(data if isinstance(data, bytes) else b"", f"{source}:{name}")
            )
            result = probe_event(local.client, event, raw=raw, node_data=node_data)
        except (ValueError, OSError) as exc:
            result = {"error": {"message": str(exc)}}
        write_json_file_atomic(out_dir / f"{name}.json", result)
        return name, "error" not in result, time.monotonic() - start

    start = time.monotonic()
    ok: list[str] = []
    failed: list[str] = []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for name, success, _seconds in pool.map(one, iter_batch(source)):
            (ok if success else failed).append(name)
    summary = {
        "source": str(source),
        "oracle": state.url,
        "versions": state.oracle_versions(),
        "ok": len(ok),
        "failed": failed,
        "seconds": round(time.monotonic() - start, 2),
    }
    write_json_file_atomic(out_dir / "_summary.json", summary)
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m sentry_compat.reference.probe",
        description="Post events to the running Sentry 9.1.2 oracle and print its references.",
    )
    parser.add_argument("event", nargs="?", help="event JSON file ('-' for stdin)")
    parser.add_argument("--raw", action="store_true", help="post the bytes as they are")
    parser.add_argument("--no-node-data", action="store_true", help="skip the nodestore read")
    parser.add_argument("--batch", type=Path, help="a directory of *.json events or a JSONL file")
    parser.add_argument("--out", type=Path, help="batch output directory")
    parser.add_argument("--jobs", type=int, default=2, help="batch: events in flight (default 2)")
    parser.add_argument("--state", help="oracle state file or dir (default: $SENTRY_COMPAT_ORACLE)")
    args = parser.parse_args(argv)

    from sentry_compat.reference.client import OracleClient
    from sentry_compat.reference.state import StateError, resolve_state

    try:
        state = resolve_state(args.state)
    except StateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    node_data = not args.no_node_data
    if args.batch is not None:
        if args.out is None or args.event:
            parser.error("--batch needs --out and no EVENT argument")
        summary = run_batch(
            state, args.batch, args.out, raw=args.raw, node_data=node_data, jobs=args.jobs
        )
        print(json.dumps(summary, indent=2))
        return 0 if not summary["failed"] else 2
    if not args.event:
        parser.error("give an EVENT.json or --batch")
    data = sys.stdin.buffer.read() if args.event == "-" else Path(args.event).read_bytes()
    try:
        event: dict[str, Any] | bytes = data if args.raw else _load(data, args.event)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    result = probe_event(OracleClient(state), event, raw=args.raw, node_data=node_data)
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 2 if "error" in result else 0


if __name__ == "__main__":
    raise SystemExit(main())
