"""``meta_with_chunks``: every case here was observed on 9.1.2 + semaphore 0.4.65 (client
``_meta`` on ``extra`` values, read back through the event API as ``_meta.context``)."""

from __future__ import annotations

from typing import Any

import pytest

from sentry_compat.api import meta_with_chunks, to_api_event
from sentry_compat.api.meta import split_chunks

from .conftest import make_stored


def _text(text: str) -> dict[str, str]:
    return {"text": text, "type": "text"}


def _red(text: str, rule: str = "a", remark: str = "s") -> dict[str, str]:
    return {"text": text, "type": "redaction", "rule_id": rule, "remark": remark}


@pytest.mark.parametrize(
    ("value", "rem", "chunks"),
    [
        # byte offsets into the UTF-8 text
        ("h\u00e9llo w\u00f6rld", [["r", "s", 1, 3]],
         [_text("h"), _red("\u00e9", "r"), _text("llo w\u00f6rld")]),
        ("\u00e9\u00e9\u00e9\u00e9abc", [["r", "s", 2, 4]],
         [_text("\u00e9"), _red("\u00e9", "r"), _text("\u00e9\u00e9abc")]),
        # a range inside a UTF-8 sequence ends the walk; the whole text follows
        ("a\U0001f600bcd", [["r", "s", 1, 2]], [_text("a"), _text("a\U0001f600bcd")]),
        # out of bounds: the same
        ("[Filtered]", [["myrule", "m", 7, 12]], [_text("[Filter"), _text("[Filtered]")]),
        ("0123", [["a", "s", 6, 8]], [_text("0123")]),
        ("", [["a", "s", 0, 1]], []),
        ("", [["a", "s", 0, 0]], [_red("")]),
        # ranges are taken in their order, overlaps and backward ranges are not merged
        ("0123456789", [["a", "s", 5, 8], ["b", "x", 2, 4]],
         [_text("01234"), _red("567"), _red("23", "b", "x"), _text("456789")]),
        ("0123456789", [["a", "s", 2, 6], ["b", "x", 4, 8]],
         [_text("01"), _red("2345"), _red("4567", "b", "x"), _text("89")]),
        # remarks without a range are skipped
        ("0123456789", [["a", "x"]], [_text("0123456789")]),
        ("0123456789", [["a", "s", 1, 2], ["b", "x"], ["c", "s", 4, 5]],
         [_text("0"), _red("1"), _text("23"), _red("4", "c"), _text("56789")]),
        ("0123456789", [["a", "s", 3, 3]], [_text("012"), _red(""), _text("3456789")]),
        ("0123456789", [["a", "s", 6, 10]], [_text("012345"), _red("6789")]),
        ("abcdef", [["a", "p", 1, 3]], [_text("a"), _red("bc", remark="p"), _text("def")]),
    ],
)  # fmt: skip
def test_split_chunks(value: str, rem: list[Any], chunks: list[dict[str, str]]) -> None:
    assert split_chunks(value, rem) == chunks


@pytest.mark.parametrize("value", [12345, True, 1.5, None, {"k": "v"}])
def test_no_chunks_for_non_strings(value: Any) -> None:
    meta = {"": {"rem": [["a", "s", 0, 1]]}}
    assert meta_with_chunks(value, meta) == meta


def test_walks_objects_and_lists_and_keeps_other_keys() -> None:
    data = {"list": ["aa", "bb"], "nested": {"x": "abcdef"}, "lenonly": "0123456789"}
    meta = {
        "list": {"1": {"": {"rem": [["a", "s", 0, 1]]}}},
        "nested": {"x": {"": {"rem": [["a", "s", 0, 1]], "err": ["e"], "val": "orig", "len": 3}}},
        "lenonly": {"": {"len": 99}},
        "": {"err": ["bad"]},
    }
    assert meta_with_chunks(data, meta) == {
        "list": {"1": {"": {"rem": [["a", "s", 0, 1]], "chunks": [_red("b"), _text("b")]}}},
        "nested": {"x": {"": {"rem": [["a", "s", 0, 1]], "err": ["e"], "val": "orig", "len": 3,
                              "chunks": [_red("a"), _text("bcdef")]}}},
        "lenonly": {"": {"len": 99}},
        "": {"err": ["bad"]},
    }  # fmt: skip
    assert meta_with_chunks("x", None) is None


def test_extra_meta_through_the_serializer() -> None:
    stored = make_stored(
        extra={"a": "[Filtered]", "b": [1, "xx"]},
        _meta={"extra": {"": {"err": ["bad"]}, "a": {"": {"rem": [["myrule", "m", 7, 12]]}},
                         "b": {"1": {"": {"rem": [["r", "s", 0, 1]]}}}}},
    )  # fmt: skip
    api = to_api_event(stored)
    assert api["_meta"]["context"] == {
        "": {"err": ["bad"]},
        "a": {"": {"rem": [["myrule", "m", 7, 12]], "chunks": [_text("[Filter"), _text("[Filtered]")]}},
        "b": {"1": {"": {"rem": [["r", "s", 0, 1]], "chunks": [_red("x", "r"), _text("x")]}}},
    }  # fmt: skip


def test_entry_meta_goes_through_get_api_meta() -> None:
    # observed: SingleException.get_api_meta hands the value's whole meta to the stacktrace,
    # so frame meta never shows; the value's remark gets its chunks
    frames = [{"abs_path": "a.py", "filename": "a.py", "function": "fn0", "lineno": 1}]
    stored = make_stored(
        exception={"values": [{"type": "ValueError", "value": "meta exc", "stacktrace": {"frames": frames}}]},
        _meta={"exception": {"values": {"0": {
            "stacktrace": {"frames": {"0": {"function": {"": {"rem": [["r", "s", 0, 1]]}}}}},
            "value": {"": {"rem": [["r", "s", 0, 4]]}},
        }}}},
        logentry=...,
        type="error",
        metadata={"type": "ValueError", "value": "meta exc"},
    )  # fmt: skip
    api = to_api_event(stored)
    assert api["_meta"]["entries"] == {"0": {"data": {"values": {"0": {
        "": None, "mechanism": None, "module": None, "threadId": None, "type": None,
        "stacktrace": {"": None, "frames": {}, "framesOmitted": None, "registers": None},
        "value": {"": {"rem": [["r", "s", 0, 4]], "chunks": [_red("meta", "r"), _text(" exc")]}},
    }}}}}  # fmt: skip
