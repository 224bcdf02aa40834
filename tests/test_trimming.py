"""``truncatechars``/``trim``/``trim_pairs``/``trim_dict`` (src/sentry/utils/safe.py, strings.py)."""

from __future__ import annotations

from sentry_compat.trimming import trim, trim_dict, trim_pairs, truncatechars


def test_truncatechars() -> None:
    assert truncatechars("abcdef", 5) == "ab..."
    assert truncatechars("abcde", 5) == "abcde"
    assert truncatechars("abcdef", 2) == "..."
    assert truncatechars(None, 5) is None


def test_trim_sizes_use_py2_repr_lengths() -> None:
    # dict keys sorted; each trimmed child costs len(py2 text) + 1 of the budget
    value = {"b": "x" * 20, "a": "y" * 20, "c": "z" * 20}
    assert trim(value, max_size=30) == {"a": "y" * 20, "b": "x" * 4 + "..."}
    nested = {"a": {"b": "\xe9" * 3}}
    assert trim(nested) == nested
    deep = [[[[[[[["x"]]]]]]]]
    assert trim(deep) == [[[[[[['["x"]']]]]]]]
    assert trim(("a", "b")) == ("a", "b")


def test_trim_pairs_and_dict() -> None:
    pairs = [(str(i), "v") for i in range(60)]
    assert len(trim_pairs(pairs)) == 51  # 9.1.2's off-by-one keeps max_items + 1
    d = {str(i): "v" * 600 for i in range(60)}
    out = trim_dict(d)
    assert out is d and len(d) == 50  # trim_dict keeps max_items
    assert all(len(v) == 512 for v in d.values())
