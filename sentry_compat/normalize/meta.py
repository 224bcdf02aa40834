"""The ``_meta`` tree and the ``errors`` list that 9.1.2's normalizer (semaphore) produced.

Observed on Sentry 9.1.2 + semaphore 0.4.65 (never read from its source):

* ``_meta`` mirrors the event; at a node the key ``""`` holds ``err`` (a list of error
  kinds, or ``[kind, {data}]`` pairs such as ``["invalid_data", {"reason": "invalid level"}]``),
  ``val`` (the original value that was removed or replaced), ``rem`` (remarks) and ``len``
  (the original length of a trimmed value).  List items are keyed by their index as a string.
* ``errors`` holds one entry per error: ``{"type": kind, "name": "dotted.path", **data,
  "value": original}`` (``value`` only when the original value was kept in ``val``).

A :class:`Meta` is filled while normalizing and rendered at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["NOTSET", "Meta", "Path", "dotted"]

Path = tuple[str | int, ...]


class _NotSet:
    def __repr__(self) -> str:
        return "NOTSET"


NOTSET: Any = _NotSet()


def dotted(path: Path) -> str:
    """``("breadcrumbs", "values", 0, "level")`` -> ``"breadcrumbs.values.0.level"``."""
    return ".".join(str(part) for part in path)


class Meta:
    """Collects meta annotations by path; renders ``_meta`` and ``errors``."""

    def __init__(self) -> None:
        self._nodes: dict[Path, dict[str, Any]] = {}
        self._order: list[Path] = []  # first-touch order of annotated paths

    def _node(self, path: Path) -> dict[str, Any]:
        node = self._nodes.get(path)
        if node is None:
            node = self._nodes[path] = {}
            self._order.append(path)
        return node

    # ------------------------------------------------------------------ recording
    def add_error(
        self,
        path: Path,
        kind: str,
        *,
        value: Any = NOTSET,
        data: dict[str, Any] | None = None,
    ) -> None:
        """An error at ``path``; ``value`` is the original value when it was removed/replaced."""
        node = self._node(path)
        node.setdefault("err", []).append([kind, dict(data)] if data else kind)
        if value is not NOTSET and "val" not in node:
            node["val"] = value

    def set_original(self, path: Path, value: Any) -> None:
        """Record the original value (``val``) without an error (e.g. a replaced platform)."""
        self._node(path).setdefault("val", value)

    def set_length(self, path: Path, length: int) -> None:
        """The original length of a value that was trimmed (``len``)."""
        self._node(path).setdefault("len", length)

    def add_remark(self, path: Path, remark: list[Any]) -> None:
        """A remark such as ``["!limit", "s", 0, 509]`` (``rem``)."""
        self._node(path).setdefault("rem", []).append(remark)

    def merge_in(self, other: dict[str, Any], prefix: Path = ()) -> None:
        """Take over an existing ``_meta`` tree (e.g. from an already normalized event)."""
        for path, node in _walk_meta(other, prefix):
            mine = self._node(path)
            for key, value in node.items():
                if key in ("err", "rem"):
                    mine.setdefault(key, []).extend(value)
                else:
                    mine.setdefault(key, value)

    def move(self, old: Path, new: Path) -> None:
        """Re-key every annotation under ``old`` to live under ``new`` (a value moved)."""
        moved = {p: n for p, n in self._nodes.items() if p[: len(old)] == old}
        for path in moved:
            del self._nodes[path]
        self._order = [p for p in self._order if p not in moved]
        for path, node in moved.items():
            target = self._node(new + path[len(old):])
            for key, value in node.items():
                target.setdefault(key, value)

    def drop(self, prefix: Path) -> None:
        """Forget every annotation at or below ``prefix``."""
        self._nodes = {p: n for p, n in self._nodes.items() if p[: len(prefix)] != prefix}
        self._order = [p for p in self._order if p in self._nodes]

    def __bool__(self) -> bool:
        return bool(self._nodes)

    def paths(self) -> list[Path]:
        return list(self._order)

    def get(self, path: Path) -> dict[str, Any] | None:
        return self._nodes.get(path)

    # ------------------------------------------------------------------ rendering
    def to_tree(self) -> dict[str, Any]:
        """The ``_meta`` document."""
        tree: dict[str, Any] = {}
        for path in self._order:
            node = self._nodes[path]
            cursor = tree
            for part in path:
                cursor = cursor.setdefault(str(part), {})
            cursor[""] = {k: (list(v) if isinstance(v, list) else v) for k, v in node.items()}
        return tree

    def errors(self, sort_key: Callable[[Path], Any] | None = None) -> list[dict[str, Any]]:
        """The ``errors`` entries, in ``sort_key`` order of their paths (stable)."""
        paths = [p for p in self._order if self._nodes[p].get("err")]
        if sort_key is not None:
            paths = sorted(paths, key=sort_key)
        out = []
        for path in paths:
            node = self._nodes[path]
            for index, err in enumerate(node["err"]):
                kind, data = (err[0], err[1]) if isinstance(err, list) else (err, {})
                entry: dict[str, Any] = {**data, "type": kind, "name": dotted(path)}
                if index == 0 and "val" in node:
                    entry["value"] = node["val"]
                out.append(entry)
        return out


def _walk_meta(tree: dict[str, Any], prefix: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    for key, value in tree.items():
        if key == "":
            if isinstance(value, dict):
                yield prefix, value
        elif isinstance(value, dict):
            part: str | int = int(key) if key.isdigit() else key
            yield from _walk_meta(value, (*prefix, part))
