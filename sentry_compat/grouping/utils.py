"""Hashing helpers of Sentry 9.1.2 grouping (``src/sentry/grouping/utils.py``)."""

from __future__ import annotations

from collections.abc import Iterable
from hashlib import md5
from typing import Any

from sentry_compat import _py2

__all__ = ["DEFAULT_FINGERPRINT_VALUES", "hash_from_values"]

#: the fingerprint entries that stand for the default grouping (exactly these spellings)
DEFAULT_FINGERPRINT_VALUES = frozenset(["{{ default }}", "{{default}}"])


def hash_from_values(values: Iterable[Any]) -> str:
    """md5 hex digest of the values' py2 ``force_bytes``, concatenated without separator.

    Text is UTF-8 (lone surrogates encoded as py2 did), ints as decimal text, booleans
    ``True``/``False``, None ``None``, floats py2 ``str()``.
    """
    # src/sentry/grouping/utils.py: hash_from_values
    result = md5()
    for value in values:
        result.update(_py2.force_bytes(value))
    return result.hexdigest()
