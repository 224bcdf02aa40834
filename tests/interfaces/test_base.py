"""``get_interfaces`` (src/sentry/interfaces/base.py) and the interface base class."""

from __future__ import annotations

import copy
from typing import Any

from sentry_compat.interfaces import Message, get_interface, get_interfaces


def test_canonical_aliases_failures_and_score_order() -> None:
    data = {
        "sentry.interfaces.Message": {"formatted": "legacy"},
        "message": "plain string, not an interface",
        "user": {"id": 1},
        "template": {"filename": "x"},  # invalid: absent
        "exception": {"values": [None]},  # falsy: absent
        "stacktrace": {"frames": []},  # an empty stacktrace is still an interface
        "request": {"url": "http://x/"},
        "unknown": {"a": 1},
        "sdk": None,
    }
    before = copy.deepcopy(data)
    ifaces = get_interfaces(data)
    assert data == before
    assert list(ifaces) == ["stacktrace", "request", "user", "logentry"]
    assert isinstance(ifaces["logentry"], Message) and ifaces["logentry"].formatted == "legacy"


def test_canonical_key_wins_over_alias() -> None:
    ifaces = get_interfaces(
        {"sentry.interfaces.Message": {"formatted": "a"}, "logentry": {"formatted": "b"}}
    )
    assert ifaces["logentry"].formatted == "b"


def test_mutate_reproduces_912_in_place_cleanup() -> None:
    data = {"stacktrace": {"frames": [{"function": "f", "colno": None, "junk": 1}]}}
    get_interfaces(data, mutate=True)
    assert data == {"stacktrace": {"frames": [{"function": "f"}]}}


def test_attribute_access_and_paths() -> None:
    m = Message.to_python({"formatted": "x"})
    assert m.get_path() == "logentry"
    assert not hasattr(m, "nope")
    assert get_interface("sentry.interfaces.Exception").path == "exception"
    assert m.get_display_score() == 2050 and m.get_score() == 0


def test_deepcopy_data_is_deepcopy() -> None:
    """Shared and recursive references stay shared, as with ``copy.deepcopy``; tuples,
    subclasses and other objects take ``copy.deepcopy``'s own way with the same memo."""
    import collections

    from sentry_compat.interfaces.base import deepcopy_data

    shared: dict[str, Any] = {"a": [1, 2.5, None, True, "x"]}
    loop: list[Any] = []
    loop.append(loop)
    ordered = collections.OrderedDict(k=shared)
    data = {
        "one": shared,
        "two": shared,
        "list": [shared, shared["a"]],
        "loop": loop,
        "tuple": (shared, 1),
        "ordered": ordered,
        1: {"int key": b"bytes"},
    }
    for original in (data, shared, loop, "text", 5, None):
        copied = deepcopy_data(original)
        assert repr(copied) == repr(copy.deepcopy(original))
    copied = deepcopy_data(data)
    assert repr(copied) == repr(data)
    assert copied["one"] is copied["two"] is copied["list"][0] is copied["tuple"][0]
    assert copied["one"] is not shared
    assert copied["list"][1] is copied["one"]["a"]
    assert copied["loop"][0] is copied["loop"]
    assert type(copied["ordered"]) is collections.OrderedDict
    assert copied["ordered"]["k"] is copied["one"]
    copied["one"]["a"].append(1)
    assert shared == {"a": [1, 2.5, None, True, "x"]}
