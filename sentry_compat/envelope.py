"""Sentry envelopes: parse and serialize.

Implements https://develop.sentry.dev/sdk/foundations/transport/envelopes/
(formerly https://develop.sentry.dev/sdk/data-model/envelopes/)::

    Envelope = Headers { "\\n" Item } [ "\\n" ]
    Item     = Headers "\\n" Payload
    Payload  = { * }

* Headers are one line of UTF-8 JSON holding an object (``{}`` allowed); unknown
  keys are kept.
* An item header must carry ``type``; ``length`` (bytes) is optional.  With a
  length the payload is exactly that many bytes and must be followed by ``\\n``
  or the end of the envelope; without one it runs to the next ``\\n`` or the end.
* A ``\\r`` before a newline belongs to the payload.
* The trailing newline is optional; an envelope without items is "empty".
* Unknown item types are kept as they are.
* The envelope header's ``event_id`` wins over the one in an event payload.

Every malformed input raises :class:`~sentry_compat.exceptions.ProtocolError`
naming the item index and byte offset at fault.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Iterator
from typing import Any

from .exceptions import ProtocolError

__all__ = ["ITEM_DISPOSITIONS", "Envelope", "Item", "normalize_event_id"]

#: What a 9.1.2-equivalent error tracker does with each item type: only ``event``
#: maps onto the 9.1.2 event model (it is normalized like a store body); every
#: other type has no 9.1.2 equivalent and is kept raw in the capture record.
ITEM_DISPOSITIONS: dict[str, str] = {
    "event": "decoded: normalized like a /store/ body",
    "transaction": "kept raw: 9.1.2 had no performance data",
    "attachment": "kept raw: 9.1.2 took attachments only through /minidump/",
    "session": "kept raw: 9.1.2 had no release health",
    "sessions": "kept raw: 9.1.2 had no release health",
    "client_report": "kept raw: SDK bookkeeping, no 9.1.2 equivalent",
    "user_report": "kept raw: 9.1.2 took user feedback through its own endpoint",
    "feedback": "kept raw: no 9.1.2 equivalent",
    "check_in": "kept raw: no 9.1.2 equivalent",
    "replay_event": "kept raw: no 9.1.2 equivalent",
    "replay_recording": "kept raw: no 9.1.2 equivalent",
    "profile": "kept raw: no 9.1.2 equivalent",
    "profile_chunk": "kept raw: no 9.1.2 equivalent",
    "span": "kept raw: no 9.1.2 equivalent",
    "log": "kept raw: no 9.1.2 equivalent",
    "otel_log": "kept raw: no 9.1.2 equivalent",
    "trace_metric": "kept raw: no 9.1.2 equivalent",
    "statsd": "kept raw: no 9.1.2 equivalent",
    "metric_buckets": "kept raw: no 9.1.2 equivalent",
    "raw_security": "kept raw: security reports went to 9.1.2's /security/ endpoint",
}
UNKNOWN_DISPOSITION = "kept raw: unknown item type"


def normalize_event_id(value: Any) -> str | None:
    """``value`` as 32 lower-case hex digits if it is a UUID (hyphenated or not), else None."""
    if not isinstance(value, str):
        return None
    try:
        return uuid.UUID(value).hex
    except ValueError:
        return None


def _parse_header_line(line: bytes, *, where: str, offset: int) -> dict[str, Any]:
    try:
        value = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ProtocolError(
            f"header is not UTF-8 (byte {offset + exc.start})", where=where
        ) from None
    except json.JSONDecodeError as exc:
        raise ProtocolError(
            f"header is not JSON: {exc.msg} (byte {offset + exc.pos})", where=where
        ) from None
    if not isinstance(value, dict):
        raise ProtocolError(
            f"header must be a JSON object, not {type(value).__name__} (byte {offset})",
            where=where,
        )
    return value


@dataclasses.dataclass
class Item:
    """One envelope item: its headers and its payload bytes."""

    headers: dict[str, Any]
    payload: bytes

    @property
    def type(self) -> str:
        return str(self.headers.get("type"))

    @property
    def disposition(self) -> str:
        return ITEM_DISPOSITIONS.get(self.type, UNKNOWN_DISPOSITION)

    def json(self, *, index: int | None = None) -> Any:
        """The payload parsed as JSON (``ProtocolError`` naming the item when it is not)."""
        where = f"envelope item {index} ({self.type}) payload" if index is not None else "payload"
        try:
            return json.loads(self.payload.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise ProtocolError(f"not UTF-8 (byte {exc.start})", where=where) from None
        except json.JSONDecodeError as exc:
            raise ProtocolError(f"not JSON: {exc.msg} (byte {exc.pos})", where=where) from None

    def serialize(self) -> bytes:
        headers = dict(self.headers)
        headers["length"] = len(self.payload)
        return _dump(headers) + b"\n" + self.payload


@dataclasses.dataclass
class Envelope:
    """An envelope: headers and items, in order."""

    headers: dict[str, Any] = dataclasses.field(default_factory=dict)
    items: list[Item] = dataclasses.field(default_factory=list)

    @classmethod
    def parse(cls, data: bytes) -> Envelope:
        """Parse ``data``; raise :class:`ProtocolError` naming the item and byte at fault."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise ProtocolError(f"expected bytes, got {type(data).__name__}", where="envelope")
        data = bytes(data)
        if not data.strip():
            raise ProtocolError(
                "empty body: an envelope needs at least its header line", where="envelope"
            )
        end = data.find(b"\n")
        end = len(data) if end < 0 else end
        headers = _parse_header_line(data[:end], where="envelope header", offset=0)
        items: list[Item] = []
        pos = end + 1
        size = len(data)
        while pos < size:
            index = len(items)
            where = f"envelope item {index} header"
            line_end = data.find(b"\n", pos)
            line_end = size if line_end < 0 else line_end
            line = data[pos:line_end]
            if not line.strip():
                if not data[pos:].strip():
                    break  # trailing newlines
                raise ProtocolError(f"empty line at byte {pos}", where=where)
            item_headers = _parse_header_line(line, where=where, offset=pos)
            if "type" not in item_headers:
                raise ProtocolError(f"no 'type' (byte {pos})", where=where)
            start = line_end + 1
            if "length" in item_headers and item_headers["length"] is not None:
                length = item_headers["length"]
                if isinstance(length, bool) or not isinstance(length, int) or length < 0:
                    raise ProtocolError(
                        f"'length' must be a non-negative integer, not {length!r} (byte {pos})",
                        where=where,
                    )
                stop = start + length
                if start > size and length == 0:
                    stop = start = size
                if stop > size:
                    raise ProtocolError(
                        f"length {length} runs past the end of the envelope: only "
                        f"{max(size - start, 0)} bytes follow the header (byte {start})",
                        where=f"envelope item {index}",
                    )
                payload = data[start:stop]
                if stop < size and data[stop : stop + 1] != b"\n":
                    raise ProtocolError(
                        f"payload of length {length} is followed by {data[stop : stop + 1]!r} "
                        f"at byte {stop}, expected a newline or the end",
                        where=f"envelope item {index}",
                    )
                pos = stop + 1
            else:
                stop = data.find(b"\n", start) if start <= size else -1
                stop = size if stop < 0 else stop
                payload = data[start:stop] if start <= size else b""
                pos = stop + 1
            items.append(Item(item_headers, payload))
        return cls(headers, items)

    def serialize(self) -> bytes:
        """The envelope as bytes, every item with an explicit ``length``."""
        parts = [_dump(self.headers)]
        parts.extend(item.serialize() for item in self.items)
        return b"\n".join(parts) + b"\n"

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items)

    @property
    def event_id(self) -> str | None:
        """The header's ``event_id`` as 32 hex digits (None when absent or not a UUID)."""
        return normalize_event_id(self.headers.get("event_id"))

    @property
    def dsn(self) -> str | None:
        value = self.headers.get("dsn")
        return value if isinstance(value, str) else None

    def item_types(self) -> list[str]:
        return [item.type for item in self.items]

    def event_item(self) -> tuple[int, Item] | None:
        """The first ``event`` item and its index, or None."""
        for index, item in enumerate(self.items):
            if item.type == "event":
                return index, item
        return None

    def event(self) -> dict[str, Any] | None:
        """The event payload, with the envelope's ``event_id`` winning over the payload's."""
        found = self.event_item()
        if found is None:
            return None
        index, item = found
        event = item.json(index=index)
        if not isinstance(event, dict):
            raise ProtocolError(
                f"must be a JSON object, not {type(event).__name__}",
                where=f"envelope item {index} (event) payload",
            )
        header_id = self.headers.get("event_id")
        if header_id is not None:
            if normalize_event_id(event.get("event_id")) != normalize_event_id(header_id):
                event["event_id"] = self.event_id or header_id
        return event


def _dump(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
