"""What the capture server keeps of each request: the record format and its store.

One JSON file per request, written atomically (temp file + rename) *before*
the server answers, so an accepted event is never lost.  Accepted requests go to
``<dir>/requests/``, refused ones (with the reason) to ``<dir>/rejected/``::

    {
      "id": "000042-envelope-9ec79c33...",     sequence, endpoint, event id
      "received": 1795763640.013,               server clock (UNIX seconds)
      "status": 200,
      "request": {"method", "path", "query": [[k, v]], "headers": [[k, v]],
                  "remote_addr", "body_length", "body_base64"},   exact bytes as sent
      "endpoint", "project_id", "content_type", "content_encoding",
      "auth": {"public_key", "version", "client", "timestamp", "sources"},
      "decode_steps": ["gzip"],
      "envelope_headers": {...} | null,
      "items": [{"index", "type", "headers", "length", "disposition", "json"?}],
      "event_id": "...", "event": {...} | null,   the decoded event, as sent
      "warnings": [...],
      "error": {"status", "message", "where"}     (rejected only)
    }

Non-event items keep their parsed JSON (or only their length when not JSON; the
bytes are always in ``body_base64``).  See
:data:`sentry_compat.envelope.ITEM_DISPOSITIONS` for what each item type means
to a 9.1.2-equivalent tracker.
"""

from __future__ import annotations

import base64
import collections
import dataclasses
import itertools
import json
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..exceptions import ProtocolError
from ..ingest import IngestRequest, IngestResult

__all__ = ["CaptureStore", "CapturedRequest", "build_record", "load_record"]


@dataclasses.dataclass
class CapturedRequest:
    """A request the server kept, with the path of its record file."""

    record: dict[str, Any]
    path: Path

    @property
    def accepted(self) -> bool:
        return int(self.record.get("status", 0)) < 300

    @property
    def event(self) -> dict[str, Any] | None:
        return self.record.get("event")

    @property
    def event_id(self) -> str | None:
        return self.record.get("event_id")

    @property
    def endpoint(self) -> str | None:
        return self.record.get("endpoint")

    @property
    def item_types(self) -> list[str]:
        return [item["type"] for item in self.record.get("items", [])]

    @property
    def body(self) -> bytes:
        return base64.b64decode(self.record["request"]["body_base64"])

    def ingest_request(self) -> IngestRequest:
        """The request as it arrived, to replay or re-ingest."""
        req = self.record["request"]
        return IngestRequest(
            method=req["method"],
            path=req["path"],
            headers=[(h[0], h[1]) for h in req["headers"]],
            body=self.body,
            query=[(q[0], q[1]) for q in req["query"]],
            remote_addr=req.get("remote_addr"),
        )


def _request_part(request: IngestRequest) -> dict[str, Any]:
    return {
        "method": request.method,
        "path": request.path,
        "query": [list(q) for q in request.query],
        "headers": [list(h) for h in request.headers],
        "remote_addr": request.remote_addr,
        "body_length": len(request.body),
        "body_base64": base64.b64encode(request.body).decode("ascii"),
    }


def build_record(
    request: IngestRequest,
    received: float,
    *,
    result: IngestResult | None = None,
    error: ProtocolError | None = None,
    status: int = 200,
) -> dict[str, Any]:
    """The record of one request: accepted (``result``) or refused (``error``)."""
    record: dict[str, Any] = {
        "id": None,
        "received": received,
        "status": status,
        "request": _request_part(request),
    }
    if error is not None:
        record["error"] = {"status": error.status, "message": error.reason, "where": error.where}
        return record
    assert result is not None
    items = []
    for item in result.items:
        entry: dict[str, Any] = {
            "index": item.index,
            "type": item.type,
            "headers": item.headers,
            "length": len(item.payload),
            "disposition": item.disposition,
        }
        if item.type != "event" and item.json is not None:
            entry["json"] = item.json
        items.append(entry)
    record.update(
        {
            "endpoint": result.endpoint,
            "project_id": result.project_id,
            "content_type": result.content_type,
            "content_encoding": result.content_encoding,
            "auth": {
                "public_key": result.auth.public_key,
                "version": result.auth.version,
                "client": result.auth.client,
                "timestamp": result.auth.timestamp,
                "sources": list(result.auth.sources),
            },
            "decode_steps": list(result.decode_steps),
            "envelope_headers": result.envelope_headers,
            "items": items,
            "event_id": result.event_id,
            "event": result.event,
            "warnings": result.warnings,
        }
    )
    return record


def load_record(path: Path) -> CapturedRequest:
    with open(path, encoding="utf-8") as handle:
        return CapturedRequest(json.load(handle), Path(path))


def _atomic_write(path: Path, data: bytes, durable: bool) -> None:
    """Write to ``.<name>.tmp`` beside ``path`` and rename: readers see the whole record or
    none.  Record names are unique (sequence number), so the temporary name is too."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


class CaptureStore:
    """Writes records to a directory and lets callers wait for them.

    Thread-safe.  Keeps the last ``keep`` records in memory for
    :meth:`wait_for`; everything stays on disk.
    """

    def __init__(self, directory: Path | str, *, durable: bool = False, keep: int = 10_000):
        self.directory = Path(directory)
        self.accepted_dir = self.directory / "requests"
        self.rejected_dir = self.directory / "rejected"
        self.accepted_dir.mkdir(parents=True, exist_ok=True)
        self.rejected_dir.mkdir(parents=True, exist_ok=True)
        self.durable = durable
        self._seq = itertools.count(self._next_sequence())
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._recent: collections.deque[CapturedRequest] = collections.deque(maxlen=keep)
        self.accepted_count = 0
        self.rejected_count = 0
        self.listeners: list[Callable[[CapturedRequest], None]] = []

    def _next_sequence(self) -> int:
        highest = 0
        for folder in (self.accepted_dir, self.rejected_dir):
            for path in folder.glob("*.json"):
                head = path.name.split("-", 1)[0]
                if head.isdigit():
                    highest = max(highest, int(head))
        return highest + 1

    def add(self, record: dict[str, Any]) -> CapturedRequest:
        """Write ``record`` (atomically) and publish it; returns it with its path."""
        seq = next(self._seq)
        accepted = record.get("status", 0) < 300
        label = record.get("endpoint") or "request"
        suffix = record.get("event_id") or ("noevent" if accepted else "rejected")
        record["id"] = f"{seq:06d}-{label}-{suffix}"
        folder = self.accepted_dir if accepted else self.rejected_dir
        path = folder / f"{record['id']}.json"
        data = json.dumps(record, ensure_ascii=False).encode("utf-8")
        _atomic_write(path, data, self.durable)
        captured = CapturedRequest(record, path)
        with self._changed:
            self._recent.append(captured)
            if accepted:
                self.accepted_count += 1
            else:
                self.rejected_count += 1
            self._changed.notify_all()
        for listener in list(self.listeners):
            listener(captured)
        return captured

    def recent(self) -> list[CapturedRequest]:
        with self._lock:
            return list(self._recent)

    def all(self) -> Iterable[CapturedRequest]:
        """Every accepted record on disk, oldest first."""
        for path in sorted(self.accepted_dir.glob("*.json")):
            yield load_record(path)

    def wait_for(
        self,
        predicate: Callable[[CapturedRequest], bool] | None = None,
        timeout: float = 10.0,
        *,
        since: int = 0,
    ) -> CapturedRequest:
        """Block until a kept record (from the ``since``-th on) matches ``predicate``.

        The default predicate is "an accepted request carrying an event".
        Raises :class:`TimeoutError` naming what arrived meanwhile.
        """
        check = predicate or (lambda r: r.accepted and r.event is not None)
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for captured in itertools.islice(self._recent, since, None):
                    if check(captured):
                        return captured
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [
                        f"{c.record.get('status')} {c.endpoint} {c.item_types}"
                        for c in self._recent
                    ]
                    raise TimeoutError(
                        f"no matching request within {timeout:.1f} s; "
                        f"{len(seen)} arrived: {seen[-10:]}"
                    )
                self._changed.wait(remaining)

    def __len__(self) -> int:
        with self._lock:
            return len(self._recent)
