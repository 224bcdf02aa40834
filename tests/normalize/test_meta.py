"""The ``_meta`` tree and the order of ``errors`` (observed on 9.1.2 + semaphore 0.4.65)."""

from __future__ import annotations

from sentry_compat.normalize.meta import Meta


def test_errors_walk_tree_in_first_touch_order_lists_by_index() -> None:
    meta = Meta()
    meta.add_error(
        ("exception", "values", 1, "type"), "invalid_data", value=5, data={"reason": "r"}
    )
    meta.add_error(("exception", "values", 0, "value"), "invalid_data", value=6)
    meta.add_error(("level",), "invalid_data", value="x")
    names = [e["name"] for e in meta.errors()]
    # exception touched first; list items by index whatever the touch order
    assert names == ["exception.values.0.value", "exception.values.1.type", "level"]


def test_explicit_child_order_and_sorted_rest() -> None:
    meta = Meta()
    meta.set_child_order((), ["level", "exception"], rest="sorted")
    meta.add_error(("zzz",), "invalid_attribute")
    meta.add_error(("exception",), "invalid_data", value=1)
    meta.add_error(("aaa",), "invalid_attribute")
    meta.add_error(("level",), "invalid_data", value=1)
    assert [e["name"] for e in meta.errors()] == ["level", "exception", "aaa", "zzz"]
    assert meta.errors()[2] == {"type": "invalid_attribute", "name": "aaa"}


def test_value_only_on_first_error_and_reason_data() -> None:
    meta = Meta()
    meta.add_error(("level",), "xx", value="bogus")
    meta.add_error(("level",), "invalid_data", data={"reason": "invalid level"})
    assert meta.errors() == [
        {"type": "xx", "name": "level", "value": "bogus"},
        {"reason": "invalid level", "type": "invalid_data", "name": "level"},
    ]
    assert meta.to_tree() == {
        "level": {
            "": {"err": ["xx", ["invalid_data", {"reason": "invalid level"}]], "val": "bogus"}
        }
    }


def test_discarded_value_carries_children_meta_to_errors_index() -> None:
    meta = Meta()
    meta.client_errors = [{"type": "x"}]
    meta.add_error(("level",), "invalid_data", value="bogus", data={"reason": "invalid level"})
    meta.add_error(
        ("logentry", "message"), "invalid_data", value=5, data={"reason": "expected a string"}
    )
    meta.add_error(
        ("logentry",),
        "invalid_data",
        value={"message": None},
        data={"reason": "no message present"},
    )
    tree, errors = meta.render()
    assert [e.get("name") for e in errors] == [None, "level", "logentry"]
    assert "message" not in tree["logentry"]
    assert tree["errors"] == {
        "2": {
            "value": {
                "message": {
                    "": {"err": [["invalid_data", {"reason": "expected a string"}]], "val": 5}
                }
            }
        }
    }


def test_repeat_lists_twice_meta_once() -> None:
    meta = Meta()
    meta.add_error(
        ("tags",), "invalid_data", value=5, data={"reason": "expected an array"}, repeat=2
    )
    assert len(meta.errors()) == 2
    assert meta.to_tree()["tags"][""]["err"] == [["invalid_data", {"reason": "expected an array"}]]


def test_client_meta_only_where_path_exists_and_first() -> None:
    meta = Meta()
    meta.merge_in(
        {
            "": {"err": ["root"]},
            "culprit": {"": {"err": ["e", 5], "zz": 1, "len": 3}},
            "foo": {"": {"len": 1}},
        },
        exists=lambda p: p in ((), ("culprit",)),
    )
    meta.add_error(("culprit",), "invalid_data", value=3)
    tree, errors = meta.render()
    assert tree == {
        "": {"err": ["root"]},
        "culprit": {"": {"err": ["e", "invalid_data"], "len": 3, "val": 3}},
    }
    assert errors == [
        {"type": "e", "name": "culprit", "value": 3},
        {"type": "invalid_data", "name": "culprit"},
    ]


def test_repeat_lists_the_whole_error_list_again() -> None:
    # observed (request.cookies with two parse errors): A, B, A, B, the value on each round's A
    meta = Meta()
    meta.add_error(
        ("request", "cookies"), "invalid_data", value="c", data={"reason": "a"}, repeat=2
    )
    meta.add_error(("request", "cookies"), "invalid_data", data={"reason": "b"}, repeat=2)
    assert [(e["reason"], "value" in e) for e in meta.errors()] == [
        ("a", True),
        ("b", False),
        ("a", True),
        ("b", False),
    ]


def test_client_meta_keys_that_look_numeric_but_are_not_indices() -> None:
    # "²".isdigit() is true but int("²") fails: only ASCII digits are list indices
    meta = Meta()
    meta.merge_in(
        {"²": {"": {"err": ["x"]}}, "10": {"": {"err": ["y"]}}, "9": {"": {"err": ["z"]}}}
    )
    assert [e["name"] for e in meta.errors()] == ["9", "10", "²"]


def test_hidden_annotations_stay_in_errors_only() -> None:
    # observed: what trimming removes (slimmed context lines, frames past the hard limit)
    # keeps its errors, at its place in the walk, but leaves _meta
    meta = Meta()
    meta.add_error(("f", 0, "a"), "invalid_data", value=1)
    meta.add_error(("f", 1, "a"), "invalid_data", value=2)
    meta.add_error(("f", 2, "a"), "invalid_data", value=3)
    meta.hide(("f", 1))
    meta.move_shown(("f", 2), ("f", 1))
    tree, errors = meta.render()
    assert [e["name"] for e in errors] == ["f.0.a", "f.1.a", "f.2.a"]
    assert tree == {
        "f": {
            "0": {"a": {"": {"err": ["invalid_data"], "val": 1}}},
            "1": {"a": {"": {"err": ["invalid_data"], "val": 3}}},
        }
    }
    assert meta.get(("f", 1, "a")) == {"err": ["invalid_data"], "val": 3}
    meta.drop(("f",))
    assert meta.render() == ({}, [])
