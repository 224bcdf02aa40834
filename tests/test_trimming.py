"""``truncatechars``/``trim``/``trim_pairs``/``trim_dict`` (src/sentry/utils/safe.py, strings.py)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

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


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=6)
        | st.lists(children, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=5), children, max_size=6)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_json, st.integers(min_value=0, max_value=80), st.integers(min_value=0, max_value=4))
def test_trim_leaf_fast_path_is_the_general_one(value: Any, max_size: int, depth: int) -> None:
    """Without an object_hook, strings and None take a shortcut; an identity hook takes
    the general path for every node: the results are the same."""
    fast = trim(value, max_size=max_size, max_depth=depth)
    general = trim(value, max_size=max_size, max_depth=depth, object_hook=lambda v: v)
    assert repr(fast) == repr(general)
    for size in (0, 3, max_size):
        assert trim("x" * max_size, max_size=max_size, _size=size) == truncatechars(
            "x" * max_size, max_size - size
        )


def test_deep_objects_become_json_in_the_order_py2_loaded_them() -> None:
    # observed end to end (campaign --full): a user.data object beyond the depth is written
    # in the py2 order of a dict filled from semaphore's sorted keys and re-filled twice in
    # py2 order before save, not in the order the client sent them (the keys collide here)
    deep = {"\U0001f600&\tXa&_ #&bZ": None, "a/b": "\U0001f600", "a": "{}", "100%": None}
    value: Any = deep
    for _ in range(7):
        value = [value]
    out = trim(value, max_size=10_000)
    for _ in range(6):
        out = out[0]
    assert out == [
        '{"a":"{}","100%":null,"a/b":"\\ud83d\\ude00","\\ud83d\\ude00&\\tXa&_ #&bZ":null}'
    ]
