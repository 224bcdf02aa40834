"""CPython 2.7 emulation (sentry_compat/_py2.py), checked against known py2 values."""

from __future__ import annotations

import pytest

from sentry_compat import _py2


def test_string_hash_matches_py2() -> None:
    # values printed by CPython 2.7 (64-bit): hash('a'), hash('abc'), hash('')
    assert _py2.str_hash("a") == 12416037344
    assert _py2.str_hash("abc") == 1453079729188098211
    assert _py2.str_hash("") == 0


@pytest.mark.parametrize(
    ("keys", "order"),
    [
        # spec 1.3 / 11.12: orders 9.1.2 really emitted (see the grouping references)
        (["system", "app"], ["app", "system"]),
        (["app", "system", "fallback"], ["fallback", "app", "system"]),
        (
            ["id", "name", "contributes", "hint", "values"],
            ["hint", "contributes", "values", "id", "name"],
        ),
        (
            ["id", "options", "strategies", "delegates"],
            ["strategies", "delegates", "id", "options"],
        ),
    ],
)
def test_dict_order(keys: list[str], order: list[str]) -> None:
    assert _py2.dict_order(keys) == order


def test_dict_resize_and_merge() -> None:
    d = _py2.Py2Dict()
    for k in ("type", "description", "hash"):
        d.insert(k)
    d.update(["values", "config", "component"])  # merge presizes to 16 slots
    d.insert("hashMismatch")
    d.insert("key")
    assert d.keys() == [
        "component",
        "hash",
        "description",
        "key",
        "hashMismatch",
        "values",
        "config",
        "type",
    ]
    d.delete("hash")
    assert "hash" not in d.keys()


def test_str_and_repr() -> None:
    assert _py2.float_str(1.0 / 3) == "0.333333333333"
    assert _py2.float_str(1e16) == "1e+16" and _py2.float_str(2.0) == "2.0"
    assert (
        _py2.py2_repr(["a", "\xe9", 1, None, True, 2**64])
        == "['a', u'\\xe9', 1, None, True, 18446744073709551616L]"
    )
    assert _py2.py2_repr(("x",)) == "('x',)"
    assert _py2.py2_repr("it's") == '"it\'s"'
    assert _py2.py2_repr("\U0001f600") == "u'\\U0001f600'"


def test_empty_string_is_unicode_like_simplejson() -> None:
    # simplejson 3.8.2 (9.1.2's JSON) decodes "" as u'' but other ASCII strings as str:
    # py2 reprs (and trim's size accounting at save) differ by the u (checked on 9.1.2)
    assert _py2.py2_repr({"a": "", "": "x"}) in ("{u'': 'x', 'a': u''}", "{'a': u'', u'': 'x'}")
    assert _py2.py2_str(["", "x"]) == "[u'', 'x']"


def test_percent_and_brace_format() -> None:
    assert _py2.percent_format("%s/%r/%d/%%", ("\xe9", "a", 3.9)) == "\xe9/'a'/3/%"
    assert _py2.percent_format("%(a)s", {"a": [1.5]}) == "[1.5]"
    assert _py2.percent_format("%s", {"a": 1}) == "{'a': 1}"
    with pytest.raises(TypeError):
        _py2.percent_format("%s %s", ("a",))
    with pytest.raises(TypeError):
        _py2.percent_format("%s", ("a", "b"))
    with pytest.raises(ValueError):
        _py2.percent_format("%a", ("a",))
    assert _py2.brace_format("{} {!r}", 0.1234567890123, "x") == "0.123456789012 'x'"


def test_json_dumps() -> None:
    assert _py2.json_dumps({"b": [1, 1.5, float("nan")], "a": "\xe9\U0001f600"}) == (
        '{"a":"\\u00e9\\ud83d\\ude00","b":[1,1.5,null]}'
    )


@pytest.mark.parametrize(
    ("url", "parts"),
    [
        ("api.example.com:8080", ("", "", "api.example.com:8080", "", "")),
        # the oracle's Debian python2.7 (CVE-2023-24329, bpo-43882): tab/CR/LF removed
        # anywhere, leading C0 controls and spaces stripped (checked on its interpreter)
        ("http://a.com\tx/p?q#f", ("http", "a.comx", "/p", "q", "f")),
        ("ht\ttp://a\r/b\n#x\ty", ("http", "a", "/b", "", "xy")),
        ("\x00\x1f http://a/b", ("http", "a", "/b", "", "")),
        ("\x7fhttp://a/b", ("", "", "\x7fhttp://a/b", "", "")),
        ("\xa0http://a/b", ("", "", "\xa0http://a/b", "", "")),
        ("data:", ("data", "", "", "", "")),
        ("mailto:x@y", ("mailto", "", "x@y", "", "")),
        # a scheme starts with an ASCII letter there (checked on its interpreter)
        ("-Yc:Xc b+#c", ("", "", "-Yc:Xc b+", "", "c")),
        ("1Ab:x", ("", "", "1Ab:x", "", "")),
        ("+a:b", ("", "", "+a:b", "", "")),
        ("Ab:x", ("ab", "", "x", "", "")),
    ],
)
def test_urlsplit(url: str, parts: tuple[str, ...]) -> None:
    assert _py2.urlsplit(url) == parts


def test_urlunsplit_knows_sentrys_schemes() -> None:
    # src/sentry/monkey.py: register_scheme("app"), register_scheme("chrome-extension")
    assert _py2.urlunsplit(("app", "", "/main.js", "", "")) == "app:///main.js"
    assert _py2.urlunsplit(("chrome-extension", "", "/x", "", "")) == "chrome-extension:///x"
    assert _py2.urlunsplit(("foo", "", "/x", "", "")) == "foo:/x"


def test_parse_qsl_and_unquote() -> None:
    assert _py2.parse_qsl("a=1;b&c=%C3%A9", keep_blank_values=True) == [
        (b"a", b"1"),
        (b"b", b""),
        (b"c", b"\xc3\xa9"),
    ]
    # unicode input: escapes decode as latin-1 (py2 urllib.unquote)
    assert _py2.unquote("\xe9=%C3%A9") == "\xe9=\xc3\xa9"


def test_unicode_helpers() -> None:
    assert _py2.unicode_lower("\u0130X\u03a3") == "ix\u03c3"
    assert _py2.unicode_strip("\u180e a \u180e") == "a"
    assert _py2.title("content-TYPE") == "Content-Type"
    assert _py2.title("x_forwarded-for2a") == "X_Forwarded-For2A"
