"""Focused checks of 9.1.2 grouping rules, each pinned to where the rule comes from.

Section numbers refer to ``shared/spec/sentry912-grouping.md``; file/function names to
``src/sentry/...`` in Sentry 9.1.2.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

import pytest

from sentry_compat.grouping import (
    CONFIGURATIONS,
    DEFAULT_CONFIG,
    ConfigNotFoundException,
    calculate_hashes,
    get_grouping_variants,
    grouping_configs,
    grouping_info,
    hash_from_values,
    load_grouping_config,
)
from sentry_compat.grouping.strategies.legacy_stacktrace import remove_filename_outliers_legacy


def md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8", "surrogatepass")).hexdigest()


def frame(**kw: Any) -> dict[str, Any]:
    return kw


def exc_event(frames: list[dict[str, Any]], platform: str = "python", **exc: Any) -> dict[str, Any]:
    value = {"type": "ValueError", "value": "boom", **exc}
    if frames is not None:
        value["stacktrace"] = {"frames": frames}
    return {"platform": platform, "exception": {"values": [value]}}


def component(info: dict[str, Any], variant: str) -> dict[str, Any]:
    return info[variant]["component"]  # type: ignore[no-any-return]


def find(comp: dict[str, Any], id: str) -> list[dict[str, Any]]:
    """All sub-components with ``id`` (depth first)."""
    rv = []
    for v in comp["values"]:
        if isinstance(v, dict):
            if v["id"] == id:
                rv.append(v)
            rv.extend(find(v, id))
    return rv


# -- hashing (grouping/utils.py: hash_from_values; spec 1.4)


def test_hash_concatenates_without_separator_and_uses_py2_str() -> None:
    assert hash_from_values(["ab", "c"]) == hash_from_values(["a", "bc"]) == md5("abc")
    assert hash_from_values([42, True, None]) == md5("42TrueNone")
    assert hash_from_values([0.1]) == md5("0.1")
    assert hash_from_values([1.0 / 3]) == md5("0.333333333333")  # py2 str(float): 12 digits
    assert hash_from_values([]) == "d41d8cd98f00b204e9800998ecf8427e"
    # py2's UTF-8 codec encodes lone surrogates
    assert hash_from_values(["\ud800"]) == hashlib.md5(b"\xed\xa0\x80").hexdigest()


# -- variants and their order (grouping/api.py; spec 1.3, 5.1)


def test_checksum_wins_and_non_md5_checksum_is_hashed() -> None:
    event = {"checksum": "ABCDEF", "fingerprint": ["x"], "logentry": {"formatted": "m"}}
    assert calculate_hashes(event) == ["ABCDEF", md5("ABCDEF")]
    md5sum = "0" * 32
    assert calculate_hashes({"checksum": md5sum}) == [md5sum]
    # no config is loaded for checksums: an unknown config does not fail
    assert calculate_hashes({"checksum": md5sum}, "nope:1") == [md5sum]


def test_custom_fingerprint_needs_no_config() -> None:
    event = {"fingerprint": ["a", "b"], "logentry": {"formatted": "m"}}
    assert calculate_hashes(event, "nope:1") == [md5("ab")]
    with pytest.raises(ConfigNotFoundException):
        calculate_hashes({"logentry": {"formatted": "m"}}, "nope:1")


def test_app_hash_is_primary_and_fallback_comes_first() -> None:
    # py2 dict order: fallback (slot probe), app (2), system (5); spec 1.3
    event = exc_event(
        [
            frame(module="a", function="f", in_app=True),
            frame(module="b", function="g", in_app=False),
        ]
    )
    variants = get_grouping_variants(event)
    assert list(variants) == ["app", "system"]
    assert calculate_hashes(event) == [variants["app"].get_hash(), variants["system"].get_hash()]
    empty = {"platform": "python", "exception": {"values": [{"type": "", "value": "x"}]}}
    assert list(get_grouping_variants(empty, "new:wip")) == ["fallback", "app", "system"]


def test_salted_fingerprint_replaces_each_default_marker() -> None:
    event = {
        "logentry": {"formatted": "hello"},
        "fingerprint": ["{{ default }}", "x", "{{default}}"],
    }
    assert calculate_hashes(event) == [md5("helloxhello")]
    info = grouping_info(event)
    assert info["default"]["type"] == "salted-component"
    assert info["default"]["description"] == "modified message"
    assert info["default"]["values"] == ["{{ default }}", "x", "{{default}}"]


def test_nothing_groupable_gives_fallback_and_salt_is_lost() -> None:
    assert calculate_hashes({"fingerprint": ["{{ default }}", "salt"]}) == [md5("")]
    info = grouping_info({})
    assert info == {
        "fallback": {
            "hashMismatch": False,
            "hash": md5(""),
            "type": None,
            "description": None,
            "key": "fallback",
        }
    }


def test_hash_mismatch_uses_stored_hashes() -> None:
    event = {"logentry": {"formatted": "m"}, "hashes": ["0" * 32]}
    assert grouping_info(event)["default"]["hashMismatch"] is True
    event["hashes"] = [md5("m")]
    assert grouping_info(event)["default"]["hashMismatch"] is False


# -- precedence (grouping/api.py: _get_calculated_grouping_variants_for_event; spec 5.2)


def test_exception_beats_message_with_app_wording() -> None:
    event = exc_event(
        [frame(module="a", function="f", in_app=True), frame(module="b", in_app=False)]
    )
    event["logentry"] = {"formatted": "m"}
    info = grouping_info(event)
    assert list(info) == ["default", "app", "system"]
    assert info["default"]["hash"] is None
    assert component(info, "default")["hint"] == "exception of app takes precedence"
    assert component(info, "default")["values"][0]["hint"] == "exception of app takes precedence"


def test_duplicate_app_variant_is_switched_off() -> None:
    # all frames in-app would be rewritten to system by normalize_in_app; here none in-app
    event = exc_event([frame(module="a", function="f", in_app=False)])
    info = grouping_info(event)
    assert (
        component(info, "app")["values"][0]["hint"] == "ignored because hash matches system variant"
    )
    assert component(info, "app")["hint"] == "exception of system takes precedence"
    frames = find(component(info, "app"), "frame")
    assert frames[0]["hint"] == "frame considered in-app because no frame is in-app"


def test_doubled_but_in_variant_processor_hint() -> None:
    # 11 frames, 1 in-app: app stacktrace off (<10%), system keeps it (legacy_exception.py)
    frames = [frame(module="m%d" % i, function="f", in_app=(i == 0)) for i in range(11)]
    info = grouping_info(exc_event(frames))
    app_exc = component(info, "app")["values"][0]
    assert app_exc["hint"] == (
        "ignored because this variant does not contain a stacktrace, but but the system variant does"
    )
    assert find(app_exc, "stacktrace")[0]["hint"] == "less than 10% of frames are in-app"


def test_ten_percent_boundary() -> None:
    frames = [frame(module="m%d" % i, function="f", in_app=(i == 0)) for i in range(10)]
    info = grouping_info(exc_event(frames))
    assert info["app"]["hash"] is not None


# -- frames (strategies/legacy_stacktrace.py: frame_legacy; spec 8.2)


@pytest.mark.parametrize(
    ("filename", "platform", "expected", "hint"),
    [
        (
            "/usr/lib/python2.7/site-packages/requests-2.19.1/requests/api.py",
            "python",
            "/usr/lib/python<version>/site-packages/requests-<version>/requests/api.py",
            "removed version",
        ),
        ("foo/bar2/baz.js", "javascript", "foo/bar<version>/baz.js", "removed version"),
        ("a1b2c3d4e5/x", "other", "a1<version>/x", "removed version"),
        ("/build/app.9f86d081.js", "javascript", "/build/app.9f86d081.js", None),
        ("Foo.swift", "cocoa", "Foo.swift", "stripped to basename"),
        ("/Users/x/Foo.m", "objc", "/Users/x/Foo.m", None),
        (
            "EntriesResource_$$_javassist_seam_74/1.2/A.java",
            "java",
            "EntriesResource_$$_javassist<auto>/<version>/A.java",
            "removed javassist parts and version",
        ),
        # py2 str pattern: \d is ASCII only, so Arabic-Indic digits are no version
        ("lib/\u0661\u0662/x.py", "python", "lib/\u0661\u0662/x.py", None),
    ],
)
def test_remove_filename_outliers_legacy(
    filename: str, platform: str, expected: str, hint: str | None
) -> None:
    assert remove_filename_outliers_legacy(filename, platform) == (expected, hint)


def test_context_line_rules_legacy() -> None:
    long_line = "x" * 121
    frames = [
        frame(module="a", function="f", context_line="", lineno=3),
        frame(module="b", function="g", context_line=long_line, lineno=4),
        frame(module="c", function="lambda$run$0", lineno=5),
        frame(module="d", function="block in foo", lineno=6),
        frame(module="e", function="render_12345_abc", lineno=7),
    ]
    info = grouping_info(exc_event(frames), "legacy:2019-03-12")
    fr = find(component(info, "system"), "frame")
    cl = [find(f, "context-line")[0] for f in fr]
    fn = [find(f, "function")[0] for f in fr]
    assert cl[0]["values"] == [""] and cl[0]["contributes"]  # '' contributes (spec 11.7)
    assert fn[0]["hint"] == "function name is used only if module or filename are available"
    assert cl[1]["hint"] == "discarded because line too long"
    assert fn[1]["values"] == ["g"] and fn[1]["contributes"]
    assert fn[2]["values"][0]["values"] == ["<function>"]  # lambda$ salted on any platform
    assert fn[3]["values"] == ["block"] and fn[3]["hint"] == "ruby block"
    assert fn[4]["values"] == ["render_<anon>_abc"] and fn[4]["hint"] == "trimmed integer suffix"
    assert find(fr[2], "lineno")[0]["hint"] == "function takes precedence"


def test_native_code_frame_and_url_rules_legacy() -> None:
    frames = [
        frame(filename="[native code]", function="forEach"),
        frame(abs_path="blob:http://x/1", function="f", context_line="c"),
    ]
    info = grouping_info(exc_event(frames, platform="javascript"))
    fr = find(component(info, "system"), "frame")
    assert fr[0]["hint"] == "native code indicated by filename" and not fr[0]["contributes"]
    assert find(fr[1], "filename")[0]["hint"] == "ignored because filename is a URL"


# -- new:wip (strategies/stacktrace.py; spec 8.3)


def test_new_java_lambda_module_reenabled_by_codegen_cleanup() -> None:
    frames = [frame(module="myapp.core$fn__123$$Lambda$7/99", function="invoke")]
    info = grouping_info(exc_event(frames, platform="java"), "new:wip")
    module = find(component(info, "system"), "module")[0]
    assert module["values"] == ["myapp.core$fn__<auto>$$Lambda$7/99"]
    assert module["contributes"] is True
    assert module["hint"] == "removed codegen marker"


def test_new_filename_basename_lowercased_py2_style() -> None:
    frames = [frame(filename="C:\\App\\\u0130NDEX.JS", function="f")]
    info = grouping_info(exc_event(frames, platform="javascript"), "new:wip")
    # py2 unicode.lower maps U+0130 to a single "i" (py3 gives "i" + U+0307)
    assert find(component(info, "system"), "filename")[0]["values"] == ["index.js"]


def test_new_synthetic_mechanism_and_value_ignored() -> None:
    event = exc_event(None, mechanism={"type": "signal", "synthetic": True})
    info = grouping_info(event, "new:wip")
    type_ = find(component(info, "system"), "type")[0]
    assert type_["hint"] == "ignored because exception is synthetic"
    assert list(info) == ["fallback", "app", "system"]


def test_new_has_no_all_in_app_rule() -> None:
    event = exc_event([frame(module="a", function="f", in_app=False)])
    info = grouping_info(event, "new:wip")
    assert info["app"]["description"] == "in-app exception"
    assert calculate_hashes(event, "new:wip")[0] == md5("ValueError")


# -- threads, template, security (spec 10)


def test_threads_rules() -> None:
    stack = {"frames": [{"module": "a", "function": "f"}]}
    two = {
        "platform": "cocoa",
        "threads": {"values": [{"stacktrace": stack}, {"stacktrace": stack}]},
    }
    info = grouping_info(dict(two, logentry={"formatted": "m"}))
    assert component(info, "system")["values"][0]["hint"] == "ignored because contains 2 threads"
    assert info["default"]["hash"] == md5("m")
    one = {"threads": {"values": [{"id": 1}]}, "logentry": {"formatted": "m"}}
    info = grouping_info(one)
    assert component(info, "system")["values"][0]["hint"] == "thread has no stacktrace"


def test_template_extra_key_makes_interface_absent() -> None:
    event = {
        "template": {"filename": "a.html", "lineno": 1, "context_line": "x", "function": "f"},
        "logentry": {"formatted": "m"},
    }
    assert calculate_hashes(event) == [md5("m")]
    del event["template"]["function"]
    assert calculate_hashes(event) == [md5("a.htmlx")]
    assert grouping_info(event)["default"]["description"] == "others"


@pytest.mark.parametrize(
    ("blocked_uri", "expected"),
    [
        ("data", "data:"),
        ("self", "'self'"),
        ("", "'self'"),
        ("https://user@cdn.example.com:8443/x.js", "user@cdn.example.com:8443"),
        ("ftp://files.example.com/a", "ftp://files.example.com"),
        ("api.example.com:8080", ""),  # py2 urlsplit sees no scheme (spec 10.3, 11.6)
        ("blob:https://x/1", "blob:"),
    ],
)
def test_csp_normalized_blocked_uri(blocked_uri: str, expected: str) -> None:
    event = {"csp": {"effective_directive": "img-src", "blocked_uri": blocked_uri}}
    info = grouping_info(event)
    uri = find(component(info, "default"), "uri")[0]
    assert uri["values"] == [expected]


def test_csp_local_script_violation() -> None:
    event = {
        "csp": {
            "effective_directive": "script-src",
            "blocked_uri": "self",
            "violated_directive": "script-src 'self' 'unsafe-eval'",
        },
        "logentry": {"formatted": "Blocked"},
    }
    info = grouping_info(event)
    comp = component(info, "default")
    assert find(comp, "violation")[0]["values"] == ["'unsafe-eval'"]
    assert find(comp, "uri")[0]["hint"] == "violation takes precedence"
    assert comp["values"][1]["hint"] == "csp takes precedence"


# -- configs (strategies/configurations.py, api.py: load_grouping_config; spec 2)


def test_configs_as_data() -> None:
    assert DEFAULT_CONFIG == "legacy:2019-03-12"
    assert sorted(CONFIGURATIONS) == ["legacy:2019-03-12", "new:wip"]
    listed = grouping_configs()
    assert [c["id"] for c in listed] == ["legacy:2019-03-12", "new:wip"]
    assert list(listed[0]) == ["strategies", "delegates", "id", "options"]
    assert listed[1]["delegates"] == ["frame:v1", "single-exception:v1", "stacktrace:v1"]
    with pytest.raises(ValueError, match="Malformed"):
        load_grouping_config({"options": {}})
    with pytest.raises(TypeError):
        load_grouping_config({"id": DEFAULT_CONFIG, "other": 1})


def test_stored_config_is_used_and_string_replaces_its_id() -> None:
    event = exc_event([frame(module="a", function="f", context_line="x")])
    event["grouping_config"] = {"id": "new:wip"}
    assert calculate_hashes(event) == calculate_hashes(event, "new:wip")
    assert calculate_hashes(event) != calculate_hashes(event, "legacy:2019-03-12")


def test_input_is_not_mutated() -> None:
    event = exc_event(
        [frame(module="a", function="?", platform="swift", vars={"x": 1}, foo=None, in_app="yes")]
    )
    before = copy.deepcopy(event)
    grouping_info(event)
    calculate_hashes(event, "new:wip")
    assert event == before


def test_is_recursion_on_frames_is_the_attribute_comparison() -> None:
    from types import SimpleNamespace

    from sentry_compat.grouping.strategies.codegen import RECURSION_COMPARISON_FIELDS, is_recursion
    from sentry_compat.interfaces.stacktrace import Frame

    base = {"abs_path": "/a.py", "module": "m", "function": "f", "lineno": 3, "in_app": True}
    variants = [base, {**base, "in_app": False}, {**base, "lineno": 4}, {**base, "colno": 1}]
    variants += [{k: v for k, v in base.items() if k != "module"}, {}]
    for one in variants:
        for two in variants:
            frames = Frame.to_python(dict(one)), Frame.to_python(dict(two))
            plain = [
                SimpleNamespace(**{f: getattr(x, f, None) for f in RECURSION_COMPARISON_FIELDS})
                for x in frames
            ]
            assert (
                is_recursion(*frames)
                == is_recursion(*plain)
                == (
                    one == two
                    or (
                        {k: v for k, v in one.items() if k != "in_app"}
                        == {k: v for k, v in two.items() if k != "in_app"}
                    )
                )
            )
