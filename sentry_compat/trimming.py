"""Size trimming of event values, as Sentry 9.1.2 did it.

Ports ``src/sentry/utils/strings.py: truncatechars`` and ``src/sentry/utils/safe.py:
trim, trim_pairs, trim_dict``. Lengths are counted in code points (py2 UCS-4 build).

Py2 emulation (see :mod:`sentry_compat._py2`): ``trim`` measures each trimmed child with
``len(force_text(child))``, which for containers is the length of their py2 ``repr``
(``u''`` prefixes included); nested values deeper than ``max_depth`` are replaced by
their ``sentry.utils.json.dumps`` text; dict keys are visited in py2 sorted order.
``trim_dict`` keeps the first ``max_items`` keys in py2 dict iteration order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sentry_compat import _py2

__all__ = [
    "MAX_DICTIONARY_ITEMS",
    "MAX_VARIABLE_SIZE",
    "trim",
    "trim_dict",
    "trim_pairs",
    "truncatechars",
]

# src/sentry/conf/server.py
MAX_VARIABLE_SIZE = 512
MAX_DICTIONARY_ITEMS = 50


def truncatechars(value: str | None, length: int, ellipsis: str = "...") -> str | None:
    """Keep ``length - 3`` characters plus ``...`` when ``value`` is longer than ``length``."""
    # src/sentry/utils/strings.py: truncatechars
    if value is None:
        return value
    if len(value) > length:
        return value[: max(0, length - len(ellipsis))] + ellipsis
    return value


def _text_len(value: Any) -> int:
    # len(force_text(value)) on py2
    return len(_py2.py2_str(value))


def trim(
    value: Any,
    max_size: int = MAX_VARIABLE_SIZE,
    max_depth: int = 6,
    object_hook: Callable[[Any], Any] | None = None,
    _depth: int = 0,
    _size: int = 0,
) -> Any:
    """Truncate ``value`` to about ``max_size`` characters (returns a new value)."""
    # src/sentry/utils/safe.py: trim
    result: Any
    if object_hook is None and _depth <= max_depth:  # the common leaves, without the chain
        if value is None:
            return None
        if type(value) is str:
            length = max_size - _size
            return value if len(value) <= length else value[: max(0, length - 3)] + "..."
    if _depth > max_depth:
        if not isinstance(value, str):
            value = _py2.json_dumps(_as_loaded(value))
        return trim(value, _size=_size, max_size=max_size)
    if isinstance(value, dict):
        result = {}
        _size += 2
        for k in sorted(value.keys(), key=_py2.py2_sort_key):
            trim_v = trim(
                value[k],
                max_size=max_size,
                max_depth=max_depth,
                object_hook=object_hook,
                _depth=_depth + 1,
                _size=_size,
            )
            result[k] = trim_v
            _size += _text_len(trim_v) + 1
            if _size >= max_size:
                break
    elif isinstance(value, (list, tuple)):
        items = []
        _size += 2
        for v in value:
            trim_v = trim(
                v,
                max_size=max_size,
                max_depth=max_depth,
                object_hook=object_hook,
                _depth=_depth + 1,
                _size=_size,
            )
            items.append(trim_v)
            _size += _text_len(trim_v)
            if _size >= max_size:
                break
        result = tuple(items) if isinstance(value, tuple) else items
    elif isinstance(value, str):
        result = truncatechars(value, max_size - _size)
    else:
        result = value
    if object_hook is None:
        return result
    return object_hook(result)


def _as_loaded(value: Any) -> Any:
    """``value`` with every object's keys in the order py2 inserted them by the time 9.1.2
    saved the event: sorted when ``json.loads`` read semaphore's output (its objects are
    ``BTreeMap``s), then twice re-inserted in py2 iteration order (two more round trips
    before save).  That decides the order ``json.dumps`` writes (pinned on the oracle with
    key sets whose five candidate orders all differ: the third one, every time)."""
    if isinstance(value, dict):
        try:
            keys: list[Any] = sorted(value, key=_utf8_key)
            for _ in range(2):
                keys = _py2.dict_order(keys)
        except TypeError:  # not JSON keys: as they are
            keys = list(value)
        return {k: _as_loaded(value[k]) for k in keys}
    if isinstance(value, (list, tuple)):
        return [_as_loaded(v) for v in value]
    return value


def _utf8_key(key: Any) -> Any:
    return key.encode("utf-8", "surrogatepass") if isinstance(key, str) else key


def trim_pairs(
    iterable: Iterable[Any], max_items: int = MAX_DICTIONARY_ITEMS, **kwargs: Any
) -> list[tuple[Any, Any]]:
    """Trim the value of each ``(key, value)`` pair; keep at most ``max_items + 1`` pairs."""
    # src/sentry/utils/safe.py: trim_pairs (the off-by-one is 9.1.2's)
    max_items -= 1
    result = []
    for idx, item in enumerate(iterable):
        key, value = item
        result.append((key, trim(value, **kwargs)))
        if idx > max_items:
            return result
    return result


def trim_dict(
    value: dict[Any, Any], max_items: int = MAX_DICTIONARY_ITEMS, **kwargs: Any
) -> dict[Any, Any]:
    """Trim each value of ``value`` **in place**; keep the first ``max_items`` keys (py2 order)."""
    # src/sentry/utils/safe.py: trim_dict
    max_items -= 1
    for idx, (key, _v) in enumerate(_py2.ordered_items(value)):
        value[key] = trim(value[key], **kwargs)
        if idx > max_items:
            del value[key]
    return value
