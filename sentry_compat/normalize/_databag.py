"""Databags as semaphore 0.4.65 trimmed them: the one trimmer of this package.

Every rule here was observed on Sentry 9.1.2 + semaphore 0.4.65 (the semaphore step of
``sentry_compat.reference.semaphore_step``; semaphore's source was never read).  Databags are
the free-form values: ``extra``, ``modules``, frame ``vars``, ``mechanism.data``,
``logentry.params``, ``request.data``/``env``/``headers``/``cookies``/``query_string``, each
context, ``breadcrumbs.data`` (:data:`BAGS`).

**The budget** of a databag is one counter for the whole bag, walked depth first (object keys
in sorted order, as semaphore keeps objects sorted).  Before an item of a container is
visited, a counter at or below zero drops it and every item after it (the container then gets
``len`` = its original item count).  A string longer than what is left of the counter is cut
to that many code points with ``...`` (:func:`._common.trim_string`; with 0 to 2 left it
becomes ``...``, which may be longer than it was).  After a value was visited the counter goes
down by its *cost* + 1 (:func:`cost`):

* string: its UTF-8 length + 2 (escapes are not counted);
* ``null``: 0; booleans: 4 (``true``) or 5 (``false``); floats: the length of Rust's
  ``Display`` of them (``1e10`` -> ``10000000000``); integers: the length of their decimal text;
* array or object: 2 plus the decimal length of every *integer* anywhere inside it (strings,
  floats, booleans and keys inside a container cost nothing there: they were paid for when
  they were visited).

A container that sits ``max_depth`` levels below the bag's root is replaced by its compact
JSON text (keys sorted, floats as serde_json writes them), which is then a string like any
other.

**Nested bags** (``extra``): each value of ``extra`` is a bag of its own (16384, depth 5)
inside the bag of the whole ``extra`` (262144).  A cost is paid to both; an item is dropped
when either is used up; a string is cut by its own bag only (observed on 200 generated
``extra`` objects, all equal).
"""

from __future__ import annotations

import math
from typing import Any

from ._common import trim_chars, trim_string, utf8_len
from ._rust import display_float, json_text, json_value
from .context import Context
from .meta import Path

__all__ = ["BAGS", "Bag", "cost", "trim_bag", "trim_chars", "trim_extra", "trim_pairs"]

#: ``(max_size, max_depth)`` of each databag (observed).
BAGS: dict[str, tuple[int, int]] = {
    "extra": (262144, 7),
    "extra.value": (16384, 5),
    "modules": (8192, 6),
    "frame.vars": (2048, 4),
    "mechanism.data": (2048, 4),
    "logentry.params": (2048, 4),
    "request.data": (8192, 6),
    "request.env": (8192, 6),
    "request.headers": (8192, 6),
    "request.cookies": (2048, 6),
    "request.query_string": (1024, 6),
    "contexts": (8192, 6),
    "breadcrumbs.data": (2048, 4),
}


# ----------------------------------------------------------------------------------- the bag
def _int_digits(value: Any) -> int:
    """The decimal length of every integer inside ``value`` (containers' cost)."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, float)):
        return 0
    if isinstance(value, int):
        return len(str(json_value(value)))
    if isinstance(value, dict):
        return sum(_int_digits(v) for v in value.values())
    if isinstance(value, list):
        return sum(_int_digits(v) for v in value)
    return 0


def cost(value: Any) -> int:
    """What a visited value takes from the budget (without the + 1)."""
    if isinstance(value, str):
        return utf8_len(value) + 2
    if value is None:
        return 0
    if isinstance(value, bool):
        return 4 if value else 5
    if isinstance(value, int):
        return len(str(json_value(value)))
    if isinstance(value, float):
        return len(display_float(value)) if math.isfinite(value) else 0
    if isinstance(value, (dict, list)):
        return 2 + _int_digits(value)
    return 0


class Bag:
    """One databag's budget (inside ``parent``'s, if any); :meth:`visit` trims a value."""

    def __init__(
        self, ctx: Context, max_size: int, max_depth: int, parent: Bag | None = None
    ) -> None:
        self.ctx = ctx
        self.remaining = max_size
        self.max_depth = max_depth
        self.parent = parent

    def full(self) -> bool:
        """Is this bag (or one it is inside) used up?"""
        bag: Bag | None = self
        while bag is not None:
            if bag.remaining <= 0:
                return True
            bag = bag.parent
        return False

    def visit(self, value: Any, path: Path, depth: int) -> Any:
        """Trim ``value`` (at ``depth`` below the bag's root) and pay for it."""
        if isinstance(value, (dict, list)) and depth >= self.max_depth:
            value = json_text(value)
        if isinstance(value, str):
            new: Any = value
            if len(value) > self.remaining:
                new = trim_string(value, max(self.remaining, 0), self.ctx, path)
        elif isinstance(value, (dict, list)):
            new = self.visit_items(value, path, depth)
        else:
            new = value
        self.pay(new)
        return new

    def visit_items(self, value: dict[str, Any] | list[Any], path: Path, depth: int) -> Any:
        """The items of a container (without paying for the container itself)."""
        items = sorted(value.items()) if isinstance(value, dict) else list(enumerate(value))
        out_dict: dict[Any, Any] = {}
        out_list: list[Any] = []
        kept = 0
        for key, child in items:
            if self.full():
                break
            new_child = self.visit(child, (*path, key), depth + 1)
            kept += 1
            if isinstance(value, dict):
                out_dict[key] = new_child
            else:
                out_list.append(new_child)
        if kept < len(items):
            self.ctx.meta.set_length(path, len(items))
        return out_dict if isinstance(value, dict) else out_list

    def pay(self, value: Any) -> None:
        amount = cost(value) + 1
        bag: Bag | None = self
        while bag is not None:
            bag.remaining -= amount
            bag = bag.parent

    def visit_pairs(self, value: list[Any], path: Path) -> list[Any]:
        """A list of ``[key, value]`` pairs (headers, cookies, query string): once the budget
        is used up, pairs and pair members become null (nothing is dropped, no ``len``) and
        the annotations inside them leave ``_meta`` (their errors stay listed; observed: an
        invalid header name past the budget; an item that was null already keeps its own)."""
        out: list[Any] = []
        for index, pair in enumerate(value):
            if self.remaining <= 0 or pair is None:
                if pair is not None:
                    self.ctx.meta.hide((*path, index))
                out.append(None)
                self.pay(None)  # a null item costs 1
                continue
            if not isinstance(pair, list):
                out.append(self.visit(pair, (*path, index), 1))
                continue
            new_pair: list[Any] = []
            for member_index, member in enumerate(pair):
                if self.remaining <= 0:
                    if member is not None:
                        self.ctx.meta.hide((*path, index, member_index))
                    new_pair.append(None)
                else:
                    new_pair.append(self.visit(member, (*path, index, member_index), 2))
            self.pay(new_pair)
            out.append(new_pair)
        self.pay(out)
        return out


def trim_pairs(value: list[Any], ctx: Context, path: Path, bag: str) -> list[Any]:
    """Trim a list of pairs as the databag ``bag`` (see :meth:`Bag.visit_pairs`)."""
    max_size, max_depth = BAGS[bag]
    return Bag(ctx, max_size, max_depth).visit_pairs(value, path)


def trim_bag(value: Any, ctx: Context, path: Path, bag: str) -> Any:
    """Trim ``value`` as the databag ``bag`` (see :data:`BAGS`), rooted at ``value``."""
    max_size, max_depth = BAGS[bag]
    return Bag(ctx, max_size, max_depth).visit(value, path, 0)


def trim_extra(value: dict[str, Any], ctx: Context, path: Path) -> dict[str, Any]:
    """``extra``: each value a bag of its own inside the bag of the whole (module docstring)."""
    outer = Bag(ctx, *BAGS["extra"])
    out: dict[str, Any] = {}
    items = sorted(value.items())
    for key, child in items:
        if outer.full():
            ctx.meta.set_length(path, len(items))
            break
        out[key] = Bag(ctx, *BAGS["extra.value"], parent=outer).visit(child, (*path, key), 0)
    return out
