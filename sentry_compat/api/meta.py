"""``_meta`` of the API event: remarks on text values split into ``chunks``.

9.1.2's serializer passes every piece of event meta through semaphore's ``meta_with_chunks(data,
meta)`` before rendering it. That helper is semaphore's (not BSD, never read); this module is a
clean-room implementation of what it was observed to do on 9.1.2 + semaphore 0.4.65
(``tests/api/test_meta.py`` pins each observation):

* the meta tree is walked beside the data: a key ``""`` holds the node of the value itself,
  any other key descends into the data (object key, or list index given as a string); a key
  the data does not have descends with no value;
* a node ``{"": {...}}`` whose value is a **string** and whose ``rem`` is non-empty gets a
  ``chunks`` list next to its other keys (``rem``, ``err``, ``len``, ``val`` are kept as they
  are); non-string values (numbers, booleans, null, objects, lists) get no ``chunks``;
* chunks come from the remarks in their stored order. Ranges are **UTF-8 byte offsets**. A
  remark without a range is skipped. For each ranged remark ``[rule, type, from, to]``: if
  ``from`` lies after the end of the previous redaction, the text between them becomes a
  ``{"type": "text"}`` chunk; the range itself becomes ``{"type": "redaction", "text",
  "rule_id", "remark"}``. A range (or the gap before it) that is out of bounds or cuts a
  UTF-8 sequence ends the walk. Then whatever follows the end of the last redaction becomes
  a text chunk (the whole text when the walk ended before any redaction). Overlapping or
  backwards ranges are not merged: text can appear twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sentry_compat import _py2

__all__ = ["meta_with_chunks", "split_chunks"]


def _piece(raw: bytes, start: int, end: int) -> str | None:
    """``raw[start:end]`` decoded, or None when out of bounds or not on character boundaries."""
    if not (0 <= start <= end <= len(raw)):
        return None
    try:
        return raw[start:end].decode("utf-8")
    except UnicodeDecodeError:
        return None


def _range(remark: Any) -> tuple[int, int] | None:
    if isinstance(remark, (list, tuple)) and len(remark) >= 4:
        start, end = remark[2], remark[3]
        if isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool):
            return start, end
    return None


def split_chunks(text: str, remarks: Any) -> list[dict[str, Any]]:
    """The ``chunks`` of ``text`` for its remarks (see the module docstring)."""
    raw = text.encode("utf-8", "surrogatepass")
    chunks: list[dict[str, Any]] = []
    pos = 0
    for remark in remarks if isinstance(remarks, (list, tuple)) else ():
        span = _range(remark)
        if span is None:
            continue
        start, end = span
        if start > pos:
            gap = _piece(raw, pos, start)
            if gap is None:
                break
            chunks.append({"text": gap, "type": "text"})
        redacted = _piece(raw, start, end)
        if redacted is None:
            break
        chunks.append(
            {"text": redacted, "type": "redaction", "rule_id": remark[0], "remark": remark[1]}
        )
        pos = end
    if pos < len(raw):
        rest = _piece(raw, pos, len(raw))
        if rest is not None:
            chunks.append({"text": rest, "type": "text"})
    return chunks


def _child(data: Any, key: Any) -> Any:
    if isinstance(data, Mapping):
        return data.get(key)
    if isinstance(data, (list, tuple)):
        try:
            index = int(key)
        except (TypeError, ValueError):
            return None
        if 0 <= index < len(data):
            return data[index]
    return None


KeyOrder = Callable[[Mapping[Any, Any]], list[Any]]


def _rebuilt(keys: list[Any]) -> list[Any]:
    # a py2 dict filled by inserting ``keys`` in this order iterates like this
    try:
        return _py2.dict_order(keys)
    except TypeError:
        return keys


def meta_with_chunks(
    data: Any,
    meta: Any,
    *,
    order: KeyOrder | None = None,
    produced: list[dict[Any, Any]] | None = None,
) -> Any:
    """A copy of ``meta`` with ``chunks`` added to the remarks on string values of ``data``.

    Every object of the result is a new dict. With ``order`` (the py2 iteration order of an
    input dict), each new dict's keys come in the order py2 iterated it: it was filled by
    inserting the input's keys in the input's order (observed: ``{"err", "val"}`` nodes flip).
    ``produced`` collects the new dicts.
    """
    if not isinstance(meta, Mapping):
        return meta
    keys = order(meta) if order is not None else list(meta)
    result: dict[Any, Any] = {}
    for key in _rebuilt(keys) if order is not None else keys:
        node = meta[key]
        if key == "":
            if isinstance(node, Mapping):
                # a copy, with the chunks added for a remark on a string
                node_keys = list(order(node) if order is not None else node)
                chunks = None
                if isinstance(data, str) and node.get("rem"):
                    chunks = split_chunks(data, node["rem"])
                    node_keys.append("chunks")
                if order is not None:
                    node_keys = _rebuilt(node_keys)
                node = {k: chunks if k == "chunks" else node[k] for k in node_keys}
                if produced is not None:
                    produced.append(node)
            result[key] = node
        else:
            result[key] = meta_with_chunks(_child(data, key), node, order=order, produced=produced)
    if produced is not None:
        produced.append(result)
    return result
