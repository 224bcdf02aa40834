"""The ``_meta`` tree and the ``errors`` list that 9.1.2's normalizer (semaphore) produced.

Observed on Sentry 9.1.2 + semaphore 0.4.65 (never read from its source):

* ``_meta`` mirrors the event; at a node the key ``""`` holds ``err`` (a list of error
  kinds, or ``[kind, {data}]`` pairs such as ``["invalid_data", {"reason": "invalid level"}]``),
  ``val`` (the original value that was removed or replaced), ``rem`` (remarks such as
  ``["!limit", "s", 197, 200]``: rule, type, then the UTF-8 *byte* range of the
  substitution in the new value) and ``len`` (the original length, in characters for a
  string, in items for a list or object).  List items are keyed by their index as a string.
* ``errors`` holds one entry per error: ``{"type": kind, "name": "dotted.path", **data,
  "value": original}``; ``value`` only on the *first* error of a node and only when the
  node has a ``val`` (``event_manager.add_meta_errors`` in 9.1.2 does the same).  Errors the
  client sent in ``errors`` come first, then the new ones.
* **Order of the new errors**: a depth-first walk of the event, pre-order, over the fields in
  the order semaphore declares them per structure (for the event itself see
  :data:`sentry_compat.normalize.event.FIELD_ORDER`, unknown attributes last in sorted order),
  list items by index, map keys (``extra``, ``contexts``, ``tags`` objects...) sorted.  Here a
  node's children are walked in the order they were first touched (so a handler that
  processes fields in declaration order gets it right), list indices always numerically, and
  an explicit order wins where one is set with :meth:`Meta.set_child_order`.
* When a value with annotated children is discarded as a whole (an error at a node whose
  original value is kept in ``val``), the children's annotations travel with that value:
  they are rendered under ``_meta.errors.<index>.value...`` (``<index>`` being the position
  of that node's error in ``errors``), not at their old place.
* ``val`` is kept only for originals whose compact JSON is under 500 bytes
  (:data:`MAX_ORIGINAL_VALUE_SIZE`); larger ones leave just the error.  Example: ``logentry:
  {"message": 5}`` gives ``errors[i] = {"name": "logentry", "reason": "no message present",
  ...}`` and ``_meta.errors.<i>.value.message`` with the ``expected a string`` error.
* Errors at ``tags`` itself are listed *twice* in ``errors`` but once in ``_meta``
  (``repeat=2``; also those the client sent in ``_meta``); identical errors of a node merge.

A :class:`Meta` is filled while normalizing and rendered at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ._rust import display_float, json_value

__all__ = [
    "MAX_ORIGINAL_VALUE_SIZE",
    "NOTSET",
    "Meta",
    "Path",
    "dotted",
    "estimate_size",
    "fits",
    "held_size",
]

Path = tuple[str | int, ...]


class _NotSet:
    def __repr__(self) -> str:
        return "NOTSET"


NOTSET: Any = _NotSet()


def dotted(path: Sequence[str | int]) -> str:
    """``("breadcrumbs", "values", 0, "level")`` -> ``"breadcrumbs.values.0.level"``."""
    return ".".join(str(part) for part in path)


def _child_key(part: str | int) -> tuple[int, Any]:
    return (0, part) if isinstance(part, int) else (1, part)


class Meta:
    """Collects meta annotations by path; renders ``_meta`` and ``errors``."""

    def __init__(self) -> None:
        self._nodes: dict[Path, dict[str, Any]] = {}
        #: parent path -> its children in first-touch order
        self._children: dict[Path, dict[str | int, None]] = {}
        #: parent path -> (explicit order, how the rest sorts: "sorted" or "touch")
        self._explicit: dict[Path, tuple[dict[str | int, int], str]] = {}
        #: client-sent ``errors`` entries (kept first in ``errors``)
        self.client_errors: list[Any] = []
        #: paths whose errors are all listed several times (observed: ``tags`` twice)
        self.repeat_paths: dict[Path, int] = {}
        #: annotations shown in ``_meta`` only (listed in no ``errors``): see :meth:`move_shown`
        self._shown: dict[Path, dict[str, Any]] = {}
        #: whether :meth:`merge_in` added annotations the client sent (see :meth:`size`)
        self.has_client_nodes = False

    # ------------------------------------------------------------------ structure
    def _register(self, path: Path) -> None:
        for depth in range(len(path)):
            parent = path[:depth]
            children = self._children.setdefault(parent, {})
            if path[depth] not in children:
                children[path[depth]] = None

    def _node(self, path: Path) -> dict[str, Any]:
        node = self._nodes.get(path)
        if node is None:
            node = self._nodes[path] = {}
            self._register(path)
        return node

    def touch(self, path: Path) -> None:
        """Reserve ``path``'s place in the walk order without annotating it (a handler that
        records errors out of declaration order can touch fields first)."""
        self._register(path)

    def set_child_order(self, path: Path, order: Sequence[str | int], rest: str = "sorted") -> None:
        """Walk the children of ``path`` in ``order``; others after them, ``rest`` = ``"sorted"``
        (semaphore's unknown attributes, maps) or ``"touch"`` (first-touch order)."""
        self._explicit[path] = ({key: i for i, key in enumerate(order)}, rest)

    # ------------------------------------------------------------------ recording
    def add_error(
        self,
        path: Path,
        kind: str,
        *,
        value: Any = NOTSET,
        data: dict[str, Any] | None = None,
        repeat: int = 1,
        size: int | None = None,
    ) -> None:
        """An error at ``path``; ``value`` is the original value when it was removed/replaced.

        With a ``value``, annotations already recorded below ``path`` move into the value (see
        the module docstring).  ``repeat`` lists the error that many times in ``errors``.
        ``size`` is semaphore's size estimate of the original when ``value`` is not what was
        estimated (a typed value shown with its null fields: :func:`held_size`)."""
        node = self._node(path)
        err = [kind, dict(data)] if data else kind
        if err not in node.setdefault("err", []):  # observed: identical errors merge
            node["err"].append(err)
        if repeat > 1:
            node["_repeat_all"] = repeat
        if value is not NOTSET and "val" not in node:
            nested = self._take_below(path)
            if (size if size is not None else estimate_size(value)) < MAX_ORIGINAL_VALUE_SIZE:
                node["val"] = value
                if nested:
                    node["_val_meta"] = nested

    def _take_below(self, path: Path) -> dict[str, Any]:
        """Remove every annotation strictly below ``path``; return them as a ``_meta`` tree."""
        n = len(path)
        below = [p for p in self._nodes if len(p) > n and p[:n] == path]
        shown = [p for p in self._shown if len(p) > n and p[:n] == path]
        if not below and not shown:
            return {}
        sub = Meta()
        for p in self._walk_paths():
            if p in below:
                sub._nodes[p[n:]] = self._nodes[p]
                sub._register(p[n:])
        for p in below:
            del self._nodes[p]
        for p in shown:
            sub._shown[p[n:]] = self._shown.pop(p)
        return sub.to_tree()

    def relocate_client(self, event: Any) -> None:
        """Move the client's ``_meta`` nodes to where their values ended up in ``event``
        (observed: semaphore keeps annotations on values, so an object member that became a
        ``[key, value]`` pair, e.g. ``request.cookies.sessionid`` -> ``request.cookies.0.1``,
        takes its annotation along; one whose value is gone loses it)."""
        for path in [
            p for p, n in self._nodes.items() if n.get("_client") and not n.get("_hidden")
        ]:
            new = _resolve(event, path)
            if new == path:
                continue
            node = self._nodes.pop(path)
            if new is None:
                continue
            target = self._node(new)
            for key, value in node.items():
                if key in ("err", "rem"):
                    target[key] = value + [v for v in target.get(key, []) if v not in value]
                else:
                    target.setdefault(key, value)

    def take(self, prefix: Path) -> dict[Path, dict[str, Any]]:
        """Remove and return the annotations at or below ``prefix`` (relative paths), e.g. to
        carry a client's ``_meta`` along with a value that moves (see :meth:`put`)."""
        n = len(prefix)
        taken = {p[n:]: node for p, node in self._nodes.items() if p[:n] == prefix}
        for rel in taken:
            del self._nodes[(*prefix, *rel)]
        return taken

    def put(self, prefix: Path, nodes: dict[Path, dict[str, Any]]) -> None:
        """Re-attach annotations taken with :meth:`take` under a new ``prefix``."""
        for rel, node in nodes.items():
            target = self._node((*prefix, *rel))
            for key, value in node.items():
                if key in ("err", "rem"):
                    target.setdefault(key, []).extend(
                        v for v in value if v not in target.get(key, [])
                    )
                else:
                    target.setdefault(key, value)

    def set_original(self, path: Path, value: Any) -> None:
        """Record the original value (``val``) without an error (e.g. a replaced platform)."""
        if fits(value):
            self._node(path).setdefault("val", value)

    def set_length(self, path: Path, length: int) -> None:
        """The original length of a value that was trimmed (``len``)."""
        self._trim_node(path).setdefault("len", length)

    def add_remark(self, path: Path, remark: list[Any]) -> None:
        """A remark such as ``["!limit", "s", 0, 509]`` (``rem``)."""
        self._trim_node(path).setdefault("rem", []).append(remark)

    def _trim_node(self, path: Path) -> dict[str, Any]:
        """The node a trimming annotation goes to: a path :meth:`hide` took away may hold a
        new value by now (the last frame moved in by the hard limit), whose annotations show
        (observed: that frame's trimmed ``function`` has its ``len``/``rem`` at the new index
        while the dropped frame's error there is only listed)."""
        node = self._nodes.get(path)
        if node is not None and node.get("_hidden"):
            return self._shown.setdefault(path, {})
        return self._node(path)

    def merge_in(
        self,
        other: Any,
        prefix: Path = (),
        exists: Callable[[Path], bool] | None = None,
        repeat: Callable[[Path], int] | None = None,
    ) -> None:
        """Take over an existing ``_meta`` tree (e.g. one the client sent).

        Observed for client ``_meta``: a node is kept only where ``exists(path)`` (the path is
        in the event as sent), only its ``err``/``val``/``len``/``rem`` are kept, malformed
        parts are ignored, and it goes *before* what the normalizer adds.  A root node is
        kept in ``_meta`` but listed in no ``errors``.  ``repeat(path)`` says how many times
        the node's errors are listed (:func:`.event.client_error_repeat`)."""
        if not isinstance(other, dict):
            return
        for path, node in _walk_meta(other, prefix):
            if exists is not None and not exists(path):
                continue
            clean: dict[str, Any] = {}
            err = node.get("err")
            if isinstance(err, list):
                good = [
                    e
                    for e in err
                    if isinstance(e, str)
                    or (
                        isinstance(e, list)
                        and len(e) == 2
                        and isinstance(e[0], str)
                        and isinstance(e[1], dict)
                    )
                ]
                if good:
                    clean["err"] = good
            if "val" in node:
                clean["val"] = node["val"]
            if isinstance(node.get("len"), int) and not isinstance(node.get("len"), bool):
                clean["len"] = node["len"]
            if isinstance(node.get("rem"), list):
                clean["rem"] = list(node["rem"])
            if not clean:
                continue
            clean["_client"] = True
            self.has_client_nodes = True
            mine = self._node(path)
            for key, value in clean.items():
                if key in ("err", "rem"):
                    mine.setdefault(key, []).extend(value)
                else:
                    mine.setdefault(key, value)
            times = repeat(path) if repeat is not None else self.repeat_paths.get(path, 1)
            if times > 1:
                mine["_repeat_all"] = times

    def move(self, old: Path, new: Path) -> None:
        """Re-key every annotation under ``old`` to live under ``new`` (a value moved)."""
        moved = {p: n for p, n in self._nodes.items() if p[: len(old)] == old}
        for path in moved:
            del self._nodes[path]
        for path, node in moved.items():
            target = self._node(new + path[len(old) :])
            for key, value in node.items():
                target.setdefault(key, value)
        shown = {p: n for p, n in self._shown.items() if p[: len(old)] == old}
        for path, node in shown.items():
            del self._shown[path]
            self._shown[new + path[len(old) :]] = node

    def hide(self, prefix: Path) -> None:
        """Leave the annotations at or below ``prefix`` out of ``_meta`` but keep their errors
        in ``errors``, at their place in the walk (observed: semaphore lists the errors found
        while normalizing, before trimming; what trimming then removes, e.g. the context
        lines and ``vars`` that slimming clears or the frames past the hard limit, leaves
        ``_meta`` only)."""
        n = len(prefix)
        for path, node in self._nodes.items():
            if path[:n] == prefix:
                node["_hidden"] = True
        for path in [p for p in self._shown if p[:n] == prefix]:
            del self._shown[path]

    def hide_items(self, prefix: Path, start: int, stop: int) -> None:
        """:meth:`hide` the items ``start`` to ``stop - 1`` of the list at ``prefix`` (one walk
        over the annotations instead of one per item)."""
        n = len(prefix)

        def inside(path: Path) -> bool:
            if len(path) <= n or path[:n] != prefix:
                return False
            index = path[n]
            return isinstance(index, int) and start <= index < stop

        for path, node in self._nodes.items():
            if inside(path):
                node["_hidden"] = True
        for path in [p for p in self._shown if inside(p)]:
            del self._shown[path]

    def move_shown(self, old: Path, new: Path) -> None:
        """A value moved from ``old`` to ``new`` while trimming (e.g. the last frame kept by
        the hard limit): its annotations show in ``_meta`` at ``new`` while its errors stay
        listed under ``old`` (see :meth:`hide`)."""
        n = len(old)
        for path, node in list(self._nodes.items()):
            if path[:n] != old:
                continue
            public = {k: v for k, v in node.items() if not k.startswith("_")}
            if public:
                self._shown[(*new, *path[n:])] = public
            node["_hidden"] = True

    def drop_below(self, prefix: Path) -> None:
        """Forget every annotation strictly below ``prefix``."""
        n = len(prefix)
        self._nodes = {p: node for p, node in self._nodes.items() if len(p) == n or p[:n] != prefix}
        self._shown = {p: node for p, node in self._shown.items() if len(p) == n or p[:n] != prefix}

    def drop(self, prefix: Path) -> None:
        """Forget every annotation at or below ``prefix``."""
        n = len(prefix)
        self._nodes = {p: node for p, node in self._nodes.items() if p[:n] != prefix}
        self._shown = {p: node for p, node in self._shown.items() if p[:n] != prefix}

    def size(self) -> int:
        """How many paths are annotated: unchanged across a step (and no client annotations,
        :attr:`has_client_nodes`) means no value of that step has annotations."""
        return len(self._nodes)

    def __bool__(self) -> bool:
        return bool(self._nodes) or bool(self.client_errors) or bool(self._shown)

    def get(self, path: Path) -> dict[str, Any] | None:
        """The annotations of the value at ``path`` (not those :meth:`hide` took away)."""
        node = self._nodes.get(path)
        if node is not None and node.get("_hidden"):
            return self._shown.get(path)
        return node if node is not None else self._shown.get(path)

    def has_errors(self) -> bool:
        return any(node.get("err") for node in self._nodes.values())

    # ------------------------------------------------------------------ walking
    def _ordered_children(self, parent: Path) -> list[str | int]:
        children = list(self._children.get(parent, {}))
        explicit = self._explicit.get(parent)
        ints = sorted(c for c in children if isinstance(c, int))
        strs = [c for c in children if not isinstance(c, int)]
        if explicit is not None:
            order, rest = explicit
            known = sorted((c for c in strs if c in order), key=order.__getitem__)
            others = [c for c in strs if c not in order]
            if rest == "sorted":
                others.sort()
            strs = known + others
        return [*ints, *strs]

    def _walk_paths(self) -> Iterator[Path]:
        """Every registered path, depth first, pre-order."""
        stack: list[Path] = [()]
        while stack:
            path = stack.pop()
            yield path
            stack.extend((*path, c) for c in reversed(self._ordered_children(path)))

    def paths(self) -> list[Path]:
        """Annotated paths in walk order."""
        return [p for p in self._walk_paths() if p in self._nodes]

    # ------------------------------------------------------------------ rendering
    def errors(self, sort_key: Callable[[Path], Any] | None = None) -> list[Any]:
        """The ``errors`` list: client errors, then one entry per error in walk order."""
        return self._render()[1]

    def to_tree(self) -> dict[str, Any]:
        """The ``_meta`` document (including ``errors.<i>.value`` annotations)."""
        return self._render()[0]

    def render(self) -> tuple[dict[str, Any], list[Any]]:
        """``(_meta, errors)`` together."""
        return self._render()

    def _render(self) -> tuple[dict[str, Any], list[Any]]:
        tree: dict[str, Any] = {}
        errors: list[Any] = list(self.client_errors)
        value_meta: list[tuple[int, dict[str, Any]]] = []
        for path in self.paths():
            node = self._nodes[path]
            public = {
                k: (list(v) if isinstance(v, list) else v)
                for k, v in node.items()
                if not k.startswith("_")
            }
            if public and not node.get("_hidden"):
                cursor = tree
                for part in path:
                    cursor = cursor.setdefault(str(part), {})
                cursor[""] = public
            if not path:
                continue  # a root annotation is listed in no error
            # observed: a repeated node lists its whole error list again (A, B, A, B), the
            # value on the first error of each round
            for round_ in range(node.get("_repeat_all", 1)):
                for index, err in enumerate(node.get("err", ())):
                    kind, data = (
                        (err[0], err[1]) if isinstance(err, list) and len(err) > 1 else (err, {})
                    )
                    if isinstance(err, list) and len(err) == 1:
                        kind = err[0]
                    entry: dict[str, Any] = {
                        **(data if isinstance(data, dict) else {}),
                        "type": kind,
                        "name": dotted(path),
                    }
                    if index == 0 and "val" in node:
                        entry["value"] = node["val"]
                        if "_val_meta" in node and round_ == 0:
                            value_meta.append((len(errors), node["_val_meta"]))
                    errors.append(entry)
        for path, public in self._shown.items():
            cursor = tree
            for part in path:
                cursor = cursor.setdefault(str(part), {})
            cursor[""] = {k: (list(v) if isinstance(v, list) else v) for k, v in public.items()}
        for index, sub in value_meta:
            _deep_merge(
                tree.setdefault("errors", {}).setdefault(str(index), {}).setdefault("value", {}),
                sub,
            )
        return tree, errors


#: An original value is kept in ``val`` only when its size estimate (:func:`estimate_size`) is
#: smaller than this (observed on 9.1.2 + semaphore 0.4.65: 499 kept, 500 dropped).
MAX_ORIGINAL_VALUE_SIZE = 500


def fits(value: Any) -> bool:
    """Is ``value`` small enough to be kept as an original value (``val``)?"""
    return estimate_size(value) < MAX_ORIGINAL_VALUE_SIZE


def estimate_size(value: Any, *, skip_null_members: bool = False) -> int:
    """semaphore's size estimate of a value (observed on 3000 generated values, exact): its
    compact JSON length in UTF-8 bytes, except that strings and object keys count unescaped
    (``len(utf8) + 2``) and floats as Rust's ``Display`` writes them (``1e20`` is 21
    characters, ``1e-7`` 9, ``-0.0`` 1); integers as semaphore received them (64-bit:
    ``_rust.json_value``).  The members of a *typed* value (an exception, a frame...)
    that are null are left out (``skip_null_members``); a free-form object counts them."""
    if value is None:
        return 4
    if value is True:
        return 4
    if value is False:
        return 5
    if isinstance(value, str):
        return len(value.encode("utf-8", "surrogatepass")) + 2
    if isinstance(value, int):
        if 2**63 <= value < 2**64:
            return len(str(value))  # a u64 field's value (e.g. a wrapped negative thread id)
        return len(str(json_value(value)))
    if isinstance(value, float):
        return len(display_float(value))
    if isinstance(value, dict):
        items = [(k, v) for k, v in value.items() if not (skip_null_members and v is None)]
        return (
            2
            + max(len(items) - 1, 0)
            + sum(
                len(str(k).encode("utf-8", "surrogatepass"))
                + 3
                + estimate_size(v, skip_null_members=skip_null_members)
                for k, v in items
            )
        )
    if isinstance(value, (list, tuple)):
        return (
            2
            + max(len(value) - 1, 0)
            + sum(estimate_size(v, skip_null_members=skip_null_members) for v in value)
        )
    return len(str(value))


#: A size schema for :func:`held_size`: type name -> member -> the member's type, which is a
#: type name, ``"free"`` (a free-form value), ``[type]`` (a list) or an inline member table;
#: the member ``"*"`` types the members not listed (``"free"`` when absent).
SizeSchema = dict[str, dict[str, Any]]


def held_size(
    value: Any,
    kind: Any,
    schema: SizeSchema,
    meta: Meta,
    path: Path,
    leave_out: Callable[[Any, str, Any, Path], bool] | None = None,
) -> int:
    """semaphore's size estimate of a discarded *typed* value (an exception, a logentry...) as
    it held it (observed): a typed member that is null is left out unless an error annotates
    it, and so is a null unknown member; a free-form value (unknown members, ``params``,
    ``vars``...) counts in full, its nulls included.  ``leave_out(kind, key, item)`` names
    further members that were not held (empty ones semaphore had already dropped); ``path``
    is the member's."""
    if kind == "free" or not isinstance(value, (dict, list)):
        return estimate_size(value)
    if isinstance(kind, list):
        if not isinstance(value, list):
            return estimate_size(value)
        sizes = [
            held_size(v, kind[0], schema, meta, (*path, i), leave_out) for i, v in enumerate(value)
        ]
        return 2 + max(len(sizes) - 1, 0) + sum(sizes)
    if not isinstance(value, dict):
        return estimate_size(value)
    members = schema.get(kind, {}) if isinstance(kind, str) else kind
    sizes = []
    for key, item in value.items():
        if item is None and meta.get((*path, key)) is None:
            continue
        if leave_out is not None and leave_out(kind, key, item, (*path, key)):
            continue
        member = members.get(key, members.get("*", "free"))
        size = held_size(item, member, schema, meta, (*path, key), leave_out)
        sizes.append(len(str(key).encode("utf-8", "surrogatepass")) + 3 + size)
    return 2 + max(len(sizes) - 1, 0) + sum(sizes)


def _resolve(event: Any, path: Path) -> Path | None:
    """Where ``path`` (of the event as sent) is in the normalized ``event``, if anywhere."""
    cursor = event
    out: list[str | int] = []
    for part in path:
        if isinstance(cursor, dict):
            if part in cursor:
                cursor = cursor[part]
                out.append(part)
                continue
            return None
        if isinstance(cursor, list):
            if isinstance(part, int) and 0 <= part < len(cursor):
                cursor = cursor[part]
                out.append(part)
                continue
            if isinstance(part, str):
                pairs = [
                    i
                    for i, item in enumerate(cursor)
                    if isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)
                ]
                exact = [i for i in pairs if cursor[i][0] == part]
                loose = [i for i in pairs if cursor[i][0].lower() == part.lower()]
                candidates: list[int | None] = [*exact, *loose, None]
                found = candidates[0]
                if found is not None:
                    cursor = cursor[found][1]
                    out.extend((found, 1))
                    continue
            return None
        return None
    return tuple(out)


def _deep_merge(target: dict[str, Any], source: dict[str, Any]) -> None:
    for key, value in source.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _deep_merge(target[key], value)
        else:
            target[key] = value


def _is_index(key: str) -> bool:
    """An array index in a ``_meta`` path (ASCII digits only: ``"²".isdigit()`` is true)."""
    return isinstance(key, str) and key.isascii() and key.isdigit()


def _walk_meta(tree: dict[str, Any], prefix: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    # sorted, list indices numerically: the order semaphore walks maps and arrays in
    for key, value in sorted(
        tree.items(),
        key=lambda kv: (0, int(kv[0]), "") if _is_index(kv[0]) else (1, 0, str(kv[0])),
    ):
        if key == "":
            if isinstance(value, dict):
                yield prefix, value
        elif isinstance(value, dict):
            part: str | int = int(key) if _is_index(key) else key
            yield from _walk_meta(value, (*prefix, part))
