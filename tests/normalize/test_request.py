"""The request interface (``sentry_compat.normalize.request`` and ``.url``), pinned on 9.1.2 +
semaphore 0.4.65 (``observations/request.jsonl``)."""

from __future__ import annotations

from typing import Any

import pytest

from sentry_compat.normalize import NormalizeOptions, normalize_ingest
from sentry_compat.normalize.request import form_pairs, header_name, infer_body, parse_cookies
from sentry_compat.normalize.url import split_url

from . import context_generators

OPTIONS = NormalizeOptions(client_ip="127.0.0.1", client="sentry-compat-oracle/1.0")


def req(request: Any, **event: Any) -> dict[str, Any]:
    return normalize_ingest({"request": request, **event}, options=OPTIONS)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.com/p?a=1#f", ("https://x.com/p", "a=1", "f")),
        ("HTTP://X.COM:80/a/../b?x", ("http://x.com/b", "x", None)),
        ("http://münchen.de/é#é", ("http://xn--mnchen-3ya.de/%C3%A9", None, "%C3%A9")),
        ("http://0x7f.1/", ("http://127.0.0.1/", None, None)),
        ("http://x.com/\\a\\b", ("http://x.com//a/b", None, None)),
        ("http://a@b@c/", ("http://a%40b@c/", None, None)),
        ("/p?a=1?b=2#c#d", ("/p", "a=1?b=2", "c#d")),
        ("http://", ("http://", None, None)),
        ("https://x.com/p…", ("https://x.com/p...", None, None)),
        ("C:\\x\\y", ("c:\\x\\y", None, None)),
    ],
)
def test_split_url(url: str, expected: tuple[Any, ...]) -> None:
    assert split_url(url) == expected


def test_header_names_and_order() -> None:
    assert header_name("x-b3-traceid") == "X-B3-Traceid"
    assert header_name("X-FOO-bar") == "X-FOO-Bar"
    assert header_name("content_md5") == "Content_md5"
    out = req({"headers": {"b": "1", "A": "2", "a": "3", "B": "4"}})
    assert out["request"]["headers"] == [["A", "2"], ["A", "3"], ["B", "4"], ["B", "1"]]


def test_header_values() -> None:
    out = req({"headers": {"a": ["x", None, 1, True], "b": 1.5, "c": False, "d": {"x": 1}}})
    assert out["request"]["headers"] == [["A", "x,1,True"], ["B", "1"], ["C", "False"], ["D", None]]
    assert out["errors"][0]["reason"] == "expected a primitive value"
    out = req({"headers": {"a": [[2]]}})
    assert [e["name"] for e in out["errors"]] == ["request.headers.0.1"] * 2  # listed twice


def test_cookie_header() -> None:
    out = req({"headers": {"Cookie": "a=b; c=d", "X": "1"}})
    assert out["request"]["cookies"] == [["a", "b"], ["c", "d"]]
    assert out["request"]["headers"] == [["X", "1"]]
    assert req({"headers": {"Cookie": "a=1; e"}})["request"]["headers"] == [["Cookie", "a=1; e"]]
    assert "headers" not in req({"headers": {"Cookie": "a=1"}, "cookies": "z=9"})["request"]
    # the item removed is the one at the Cookie header's index among the non-null items
    out = req({"headers": [["A", "1"], 30.0, ["cookie", ""]]})
    assert out["request"]["headers"] == [["A", "1"], ["Cookie", ""]] and "errors" not in out


def test_cookies() -> None:
    assert parse_cookies("a=1; b=2;c=3&d=4; e; =f; j=%20k") == (
        [["a", "1"], ["b", "2"], ["c", "3&d=4"], ["j", " k"]],
        ["the cookie is missing a name/value pair", "the cookie's name is empty"],
    )
    out = req({"cookies": {"b": "1", "a": 2}})
    assert out["request"]["cookies"] == [["a", None], ["b", "1"]]


def test_cookie_percent_decoding() -> None:
    # observed: names are decoded like values, after trimming; '+' stays; a cookie that
    # decodes to invalid UTF-8 (a surrogate too) is left out with its own error
    assert parse_cookies(" %20a%20 = %20v%20 ; %3D=2; a+b=c+d; c=%zz") == (
        [[" a ", " v "], ["=", "2"], ["a+b", "c+d"], ["c", "%zz"]],
        [],
    )
    bad = "decoding the cookie's name or value resulted in invalid UTF-8"
    assert parse_cookies("x; a%ff=1; b=%ed%a0%80; c=%C3%A9") == (
        [["c", "é"]],
        ["the cookie is missing a name/value pair", bad],
    )
    out = req({"cookies": "a=1; b=%ff"})
    assert out["request"]["cookies"] == [["a", "1"]]
    assert [e["reason"] for e in out["errors"]] == [bad, bad]


def test_query_string() -> None:
    assert form_pairs("a=1&b=&c&d=%20x+y&&=z") == [
        ["a", "1"],
        ["b", ""],
        ["c", ""],
        ["d", " x y"],
        ["", "z"],
    ]
    out = req({"url": "http://x/p?a=1", "query_string": {"b": [1, 2], "c": None, "d": True}})
    assert out["request"]["query_string"] == [["b", "[1,2]"], ["c", None], ["d", "true"]]
    out = req({"query_string": {"k%03d" % i: "v" * 10 for i in range(200)}})
    qs = out["request"]["query_string"]
    assert len(qs) == 200 and qs[44] == ["k044", "vv..."] and qs[45] is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('{"a":1}', ({"a": 1}, "application/json")),
        ("null", ("null", None)),
        ("a=1&a=2&b", ({"a": "2", "b": ""}, "application/x-www-form-urlencoded")),
        ("a", ("a", None)),
        ("a=1&a=", ("a=1&a=", None)),
        ("x=é", ("x=é", None)),
        ("x=%C3%A9", ({"x": "é"}, "application/x-www-form-urlencoded")),
    ],
)
def test_infer_body(body: str, expected: tuple[Any, Any]) -> None:
    assert infer_body(body) == expected


def test_inferred_content_type_and_method() -> None:
    out = req({"headers": {"Content-Type": "  Text/HTML ; x"}, "inferred_content_type": "x"})
    assert out["request"]["inferred_content_type"] == "  Text/HTML "
    out = req({"method": "get me"})
    assert out["request"]["method"] is None and out["errors"][0] == {
        "type": "invalid_data",
        "name": "request.method",
        "value": "GET ME",
    }
    assert req({"method": "äbc"})["errors"][0]["value"] == "äBC"


def test_remote_addr_sets_user_ip() -> None:
    out = req({"env": {"REMOTE_ADDR": "{{auto}}"}}, platform="python")
    assert out["request"]["env"] == {"REMOTE_ADDR": "127.0.0.1"}
    assert out["user"] == {"ip_address": "127.0.0.1"}
    assert "user" not in req({"env": {"REMOTE_ADDR": "bad"}}, platform="python")


@pytest.mark.oracle
def test_generated_requests_against_the_oracle(semaphore_step: Any) -> None:
    context_generators.check_area(semaphore_step, "request")


def test_content_type_inferred_before_the_cookie_header_moves() -> None:
    # observed: with a null item before it, the Cookie header's move removes the item at its
    # position among the non-null ones (here the first Content-Type), which still decided
    headers = [None, ["Content-Type", "a"], ["Cookie", "x=1"], ["Content-Type", "b"]]
    out = req({"headers": headers})["request"]
    assert out["headers"] == [None, ["Cookie", "x=1"], ["Content-Type", "b"]]
    assert out["inferred_content_type"] == "a" and out["cookies"] == [["x", "1"]]


def test_pairs_past_the_budget_lose_their_meta_not_their_errors() -> None:
    # observed: once an 8192-byte header name used the budget, later pairs become null; the
    # invalid name inside one is still listed in errors but leaves _meta, while an item that
    # was invalid (null) already keeps its annotation
    out = req({"headers": [["a" * 8760, "x"], [5, "z"], False]})
    assert out["request"]["headers"] == [["A" + "a" * 8188 + "...", None], None, None]
    meta = out["_meta"]["request"]["headers"]
    assert set(meta) == {"0", "2"}
    assert [e["name"] for e in out["errors"]] == ["request.headers.1.0", "request.headers.2"]
