"""Legacy ``Http.to_python`` (src/sentry/interfaces/http.py)."""

from __future__ import annotations

import pytest

from sentry_compat.interfaces import Http, InterfaceValidationError


def test_url_query_headers_cookies() -> None:
    data = {
        "url": "http://example.com/path?a=1&b=%C3%A9;c#frag",
        "method": "post",
        "headers": {
            "content-TYPE": "application/x-www-form-urlencoded; charset=utf8",
            "Cookie": "s=1; t=2",
            "x-num": 5,
        },
        "data": "k=v&k=w",
        "env": {"REMOTE_ADDR": "not-an-ip", "SERVER": "x"},
    }
    http = Http.to_python(data)
    assert http.method == "POST"
    assert http.url == "http://example.com/path"
    assert http.fragment == "frag"
    assert http.query_string == [("a", "1"), ("b", "\xe9"), ("c", "")]
    assert sorted(http.headers) == [
        ("Content-Type", "application/x-www-form-urlencoded; charset=utf8"),
        ("X-Num", "5"),
    ]
    assert http.cookies == [("s", "1"), ("t", "2")]
    assert http.data == {"k": ["v", "w"]}
    assert http.inferred_content_type == "application/x-www-form-urlencoded"
    assert http.env == {"SERVER": "x"}
    assert data["env"] == {"SERVER": "x"}  # 9.1.2 deleted the bad address in place


def test_body_json_first_and_stored_content_type_kept() -> None:
    assert Http.to_python({"data": '{"a": 1}'}).data == {"a": 1}
    assert Http.to_python({"data": '{"a": 1}'}).inferred_content_type == "application/json"
    http = Http.to_python({"data": "a=1", "inferred_content_type": "text/plain"})
    assert http.data == "a=1" and http.inferred_content_type == "text/plain"
    # a null is stripped by the schema clean-up first, so the body is decoded again
    assert Http.to_python({"data": "a=1", "inferred_content_type": None}).data == {"a": ["1"]}
    assert Http.to_python({"data": "plain text"}).data == "plain text"


def test_pair_headers_must_be_strings() -> None:
    # the PAIRS schema wants string pairs: anything else deletes the whole headers key
    http = Http.to_python({"headers": [["a", "b"], ["x-num", 5]]})
    assert http.headers == []


def test_method_and_url_edge_cases() -> None:
    with pytest.raises(InterfaceValidationError):
        Http.to_python({"method": "get it"})
    assert Http.to_python({}).url is None
    assert Http.to_python({"url": "http://x/\u2026"}).url == "http://x/..."
    assert Http.to_python({"query_string": {"a": 1}}).query_string == [("a", "1")]


def test_api_context_public_is_empty() -> None:
    http = Http.to_python({"url": "http://x/"})
    assert http.get_api_context(is_public=True) == {}
    assert http.get_api_context()["url"] == "http://x/"
