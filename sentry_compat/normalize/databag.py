"""Free-form data ("databags": frame ``vars``, ``mechanism.data``) as 9.1.2 (semaphore) stored it.

Observed on 9.1.2 + semaphore 0.4.65 (never read from semaphore's source); the observations
are in ``tests/normalize/observations/stacktrace.jsonl`` and ``exception.jsonl``.

**JSON numbers** (:func:`json_value`): what reached semaphore from 9.1.2's Python side.
Integers in ``[-2**63, 2**63)`` stay, ``[2**63, 2**64)`` wrap to negative (two's complement),
``(-2**64, -2**63)`` become floats, and any integer of magnitude ``>= 2**64`` becomes ``0``;
``NaN``/``Infinity``/``-Infinity`` (which 9.1.2's JSON parser accepts) become ``0``.

**Trimming** (:func:`trim_bag`): a depth-first walk (object keys sorted, as semaphore keeps
objects) with a size budget (``max_size``).  Before each child of a container, if the budget
is used up, that child and the rest are dropped and the container gets ``_meta`` ``len`` (its
original item count).  A string longer than what is left of the budget (in code points) is
cut to it with ``...`` (the ``!limit`` remark, :func:`~._common.trim_string`).  A container
at ``max_depth`` becomes its compact JSON text.  Costs: a string ``utf-8 bytes + 3``, ``null``
1, ``true`` 5, ``false`` 6, a float ``len(Rust's display of it) + 1``, an integer ``digits + 1``,
and each container after its children ``2 + 1`` plus the digits of every integer anywhere
below it (integers are counted again at every level; strings, floats, booleans are not).
Object keys cost nothing.  (``_common.trim_databag`` charges compact JSON per child instead;
both agree on flat bags of strings.)
"""

from __future__ import annotations

from typing import Any

from ._common import trim_string, utf8_len
from ._rust import display_float, json_text
from .context import Context
from .meta import Path

__all__ = ["BAGS", "trim_bag"]

#: ``(max_size, max_depth)`` of the databags of this package (observed): a container at
#: ``max_depth`` below the bag (the bag's own values are at depth 1) becomes JSON text.
BAGS: dict[str, tuple[int, int]] = {
    "frame.vars": (2048, 4),
    "mechanism.data": (2048, 4),
}


class _Budget:
    __slots__ = ("max_depth", "max_size", "size")

    def __init__(self, max_size: int, max_depth: int) -> None:
        self.max_size = max_size
        self.max_depth = max_depth
        self.size = 0


def _walk(value: Any, ctx: Context, path: Path, depth: int, budget: _Budget) -> tuple[Any, int]:
    """The trimmed value and the digits of the integers in it (see the module docstring)."""
    if isinstance(value, (dict, list)) and depth >= budget.max_depth:
        value = json_text(value)
    if isinstance(value, str):
        left = budget.max_size - budget.size
        if len(value) > left:
            value = trim_string(value, max(left, 0), ctx, path)
        budget.size += utf8_len(value) + 3
        return value, 0
    if isinstance(value, (dict, list)):
        items = sorted(value.items()) if isinstance(value, dict) else list(enumerate(value))
        out: Any = {} if isinstance(value, dict) else []
        digits = 0
        for key, child in items:
            if budget.size >= budget.max_size:
                ctx.meta.set_length(path, len(items))
                break
            new, child_digits = _walk(child, ctx, (*path, key), depth + 1, budget)
            digits += child_digits
            if isinstance(out, dict):
                out[key] = new
            else:
                out.append(new)
        if depth > 0:
            budget.size += 3 + digits
        return out, digits
    if value is None:
        budget.size += 1
        return value, 0
    if isinstance(value, bool):
        budget.size += 5 if value else 6
        return value, 0
    if isinstance(value, int):
        text = len(str(value))
        budget.size += text + 1
        return value, text
    if isinstance(value, float):
        budget.size += len(display_float(value)) + 1
        return value, 0
    return value, 0


def trim_bag(value: dict[str, Any] | list[Any], ctx: Context, path: Path, kind: str) -> Any:
    """Trim the databag ``value`` at ``path`` with the budget of ``kind`` (:data:`BAGS`).
    (The client's ``_meta`` of what is cut goes with it: ``Meta.relocate_client``.)"""
    max_size, max_depth = BAGS[kind]
    new, _ = _walk(value, ctx, path, 0, _Budget(max_size, max_depth))
    return new
