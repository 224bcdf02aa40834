"""Read-time rules of 9.1.2's API event serializer, pinned one by one.

Every expected value here was observed on the oracle (Sentry 9.1.2 + semaphore 0.4.65):
the stored input is what that oracle stored for a posted event (cut down to the part the rule
needs), the expectation what its event API answered.
"""

from __future__ import annotations

from typing import Any

import pytest

from sentry_compat.api import ServerError, event_size, node_data_from_stored, to_api_event
from sentry_compat.api.dates import format_datetime, utcfromtimestamp
from sentry_compat.api.eventtypes import get_search_message, get_title

from .conftest import make_stored


def _entry(api: dict[str, Any], kind: str) -> Any:
    found = [e["data"] for e in api["entries"] if e["type"] == kind]
    return found[0] if found else None


def _exception(values: list[dict[str, Any]], **stored: Any) -> dict[str, Any]:
    changes: dict[str, Any] = {
        "logentry": ...,
        "type": "error",
        "metadata": {"type": "ValueError", "value": "boom"},
    }
    changes.update(stored)
    return make_stored(exception={"values": values}, **changes)


def _frame(i: int, in_app: bool, **extra: Any) -> dict[str, Any]:
    return {
        "abs_path": "app/mod%d.py" % i,
        "filename": "app/mod%d.py" % i,
        "module": "app.mod%d" % i,
        "function": "fn%d" % i,
        "lineno": i + 1,
        "context_line": "line %d" % i,
        "pre_context": ["a", "b"],
        "post_context": ["c"],
        "in_app": in_app,
        **extra,
    }


# ---------------------------------------------------------------------------- top level


def test_top_level_keys_and_py2_order(stored: dict[str, Any]) -> None:
    api = to_api_event(stored, row_id=80, group_id=7)
    # observed key order of the JSON 9.1.2 rendered (py2 dict order of the serializer's dict)
    assert list(api) == [
        "eventID", "dist", "userReport", "projectID", "previousEventID", "message", "id",
        "size", "errors", "culprit", "title", "platform", "location", "nextEventID", "type",
        "metadata", "groupingConfig", "crashFile", "tags", "dateCreated", "dateReceived",
        "user", "entries", "packages", "sdk", "_meta", "contexts", "fingerprints", "context",
        "release", "groupID",
    ]  # fmt: skip
    assert api["id"] == "80" and api["groupID"] == "7" and api["projectID"] == "2"
    assert api["eventID"] == stored["event_id"]
    assert api["entries"] == [{"data": {"formatted": "hello"}, "type": "message"}]
    assert api["contexts"] == {} and api["context"] == {} and api["packages"] == {}
    assert api["user"] is None and api["sdk"] is None and api["release"] is None
    assert api["crashFile"] is None and api["userReport"] is None
    assert api["fingerprints"] == stored["hashes"]
    assert api["groupingConfig"] == {"id": "legacy:2019-03-12"}
    assert api["_meta"] == {
        "entries": {}, "message": None, "user": None, "contexts": None, "sdk": None,
        "context": None, "packages": None, "tags": {},
    }  # fmt: skip


def test_datetimes_drf_format() -> None:
    # DRF 2.4: milliseconds cut (not rounded) and only when microseconds are non-zero
    api = to_api_event(make_stored())
    assert api["dateCreated"] == "2026-11-27T08:10:26.487Z"
    assert api["dateReceived"] == "2026-11-27T08:10:27.203Z"
    assert format_datetime(utcfromtimestamp(1575000000.0005)) == "2019-11-29T04:00:00.000Z"
    assert format_datetime(utcfromtimestamp(1575000000)) == "2019-11-29T04:00:00Z"
    api = to_api_event(make_stored(received="1575000000"))  # not a number: null, no error
    assert api["dateReceived"] is None


def test_size_counts_the_node_data_with_ascii_escapes() -> None:
    # observed: 779 for this event (unicode in message, tags, user and extra)
    node = {
        "event_id": "5b6b12b3ad9c4a3f8f4c1a0b7f6e8c9d", "extra": {"\u00e9": "\u4e2d"},
        "logentry": {"formatted": "unic\u00f6de \u4e2d\u6587 \U0001f600"},
    }  # fmt: skip
    assert event_size(node) == len(
        '{"event_id":"5b6b12b3ad9c4a3f8f4c1a0b7f6e8c9d","extra":{"\\u00e9":"\\u4e2d"},'
        '"logentry":{"formatted":"unic\\u00f6de \\u4e2d\\u6587 \\ud83d\\ude00"}}'
    )


def test_node_data_from_as_dict() -> None:
    stored = make_stored(
        release="1.0",
        dist="d1",
        tags=[["dist", "d1"], ["level", "error"], ["release", "1.0"], ["user", "id:7"]],
        _ref=2,
    )
    node = node_data_from_stored(stored)
    assert "message" not in node and "datetime" not in node and "time_spent" not in node
    assert "_ref" not in node
    assert node["release"] == "1.0" and node["dist"] == "d1"
    assert node["tags"] == [
        ["sentry:dist", "d1"], ["level", "error"], ["sentry:release", "1.0"], ["sentry:user", "id:7"],
    ]  # fmt: skip
    # node data passes through (only the node store's bookkeeping goes)
    assert node_data_from_stored(node) == node
    # observed: values semaphore refused stay in the node as null (with meta), tags too
    stored = make_stored(
        dist=None,
        tags=[["level", "error"]],
        _meta={"dist": {"": {"err": [["invalid_data", {}]], "val": "bad dist"}},
               "tags": {"0": {"": {"err": ["value_too_long"]}}}},
    )  # fmt: skip
    node = node_data_from_stored(stored)
    assert node["dist"] is None and "release" not in node
    assert node["tags"] == [None, ["level", "error"]]


# ---------------------------------------------------------------------------- title, message


def test_title_and_location_are_recomputed_from_metadata() -> None:
    stored = _exception(
        [{"type": "ValueError", "value": "bad\nsecond"}],
        title="stale title",
        location="stale",
        metadata={
            "type": "ValueError",
            "value": "bad\nsecond",
            "filename": "b.py",
            "function": "g",
        },
    )
    api = to_api_event(stored)
    assert api["title"] == "ValueError: bad"
    assert api["location"] == "b.py"
    assert get_title("error", {"function": "fn0", "value": "mech"}) == "fn0"  # synthetic: no type
    assert get_title("default", {}) == "<untitled>"


def test_message_falls_back_to_the_search_message() -> None:
    # observed: python_zero_division without logentry; metadata values in py2 dict order
    # (function, type, value, filename), then the culprit
    stored = _exception(
        [{"type": "ZeroDivisionError", "value": "division by zero"}],
        culprit="/divide-zero/",
        metadata={
            "function": "get", "type": "ZeroDivisionError", "value": "division by zero",
            "filename": "errors/views.py",
        },
    )  # fmt: skip
    api = to_api_event(stored)
    assert api["message"] == "get ZeroDivisionError division by zero errors/views.py /divide-zero/"
    # observed: a synthetic mechanism drops the type; order function, value, filename
    meta = {"filename": "app/mod0.py", "function": "fn0", "value": "mech"}
    assert get_search_message(None, "error", meta, "") == "fn0 mech app/mod0.py"


def test_empty_culprit_falls_back_to_the_issue_culprit() -> None:
    assert to_api_event(make_stored(culprit=""))["culprit"] == ""
    assert to_api_event(make_stored(culprit=""), group_culprit="views in get")["culprit"] == (
        "views in get"
    )
    assert to_api_event(make_stored(culprit="own"), group_culprit="other")["culprit"] == "own"


def test_message_prefers_logentry_formatted_then_message() -> None:
    api = to_api_event(make_stored(logentry={"message": "tmpl %s", "formatted": "tmpl x"}))
    assert api["message"] == "tmpl x"
    api = to_api_event(make_stored(logentry={"message": "only template"}))
    assert api["message"] == "only template"


# ---------------------------------------------------------------------------- tags, errors


def test_tags_sorted_by_stripped_key_with_user_query_and_null_meta() -> None:
    stored = make_stored(
        tags=[["a", "b"], ["environment", "prod"], ["level", "error"], ["dist", "d1"],
              ["release", "my.app-1.0+abc"], ["user", "id:7"], ["x", "y"], ["server_name", "srv"],
              ["site", "s1"]],
        release="my.app-1.0+abc",
        dist="d1",
    )  # fmt: skip
    api = to_api_event(stored, project={"slug": "oracle", "name": "oracle"})
    assert api["tags"] == [
        {"value": "b", "key": "a", "_meta": None},
        {"value": "d1", "key": "dist", "_meta": None},
        {"value": "prod", "key": "environment", "_meta": None},
        {"value": "error", "key": "level", "_meta": None},
        {"value": "my.app-1.0+abc", "key": "release", "_meta": None},
        {"value": "srv", "key": "server_name", "_meta": None},
        {"value": "s1", "key": "site", "_meta": None},
        {"query": "user.id:7", "value": "id:7", "key": "user", "_meta": None},
        {"value": "y", "key": "x", "_meta": None},
    ]
    assert api["dist"] == "d1"
    release = api["release"]
    assert release["version"] == "my.app-1.0+abc" and release["shortVersion"] == "1.0+abc"
    assert release["projects"] == [{"slug": "oracle", "name": "oracle"}]
    assert release["commitCount"] == 0 and release["authors"] == [] and release["data"] == {}


def test_tag_meta_moves_to_meta_tags_by_sorted_index() -> None:
    # observed: client _meta on the second tag's value; the item loses its "_meta" key
    stored = make_stored(
        tags=[["a", "hello"], ["b", "world"], ["level", "error"]],
        _meta={"tags": {"1": {"1": {"": {"rem": [["r", "s", 0, 2]]}}}}},
    )
    api = to_api_event(stored)
    assert api["tags"][1] == {"key": "b", "value": "world"}
    assert api["_meta"]["tags"] == {
        "1": {"value": {"": {"rem": [["r", "s", 0, 2]], "chunks": [
            {"remark": "s", "rule_id": "r", "text": "wo", "type": "redaction"},
            {"text": "rld", "type": "text"},
        ]}}}
    }  # fmt: skip


def test_errors_get_messages_and_hidden_ones_are_dropped() -> None:
    stored = make_stored(
        errors=[
            {"name": "level", "reason": "invalid level", "type": "invalid_data", "value": "warn"},
            {"name": "tags.0", "type": "value_too_long"},
            {"name": "unknown_key", "type": "invalid_attribute"},
            {"name": "breadcrumbs.values.0.level", "type": "invalid_data", "value": "warn"},
            {"name": "extra.x", "type": "invalid_data"},
            {"name": "exception.values.0.stacktrace.frames.1.in_app", "type": "invalid_data"},
            None,
            {"type": "js_no_source", "url": "http://x.invalid/a.js"},
            {"type": "never_heard_of_it"},
        ]
    )
    assert to_api_event(stored)["errors"] == [
        {"data": {"name": "level", "reason": "invalid level", "value": "warn"},
         "message": "Discarded invalid value", "type": "invalid_data"},
        {"data": {"name": "tags.0"}, "message": "Discarded value due to exceeding maximum length",
         "type": "value_too_long"},
        {"data": {"name": "unknown_key"}, "message": "Discarded unknown attribute",
         "type": "invalid_attribute"},
        {"data": {"url": "http://x.invalid/a.js"}, "message": "Source code was not found",
         "type": "js_no_source"},
        {"data": {}, "message": "Unknown error", "type": "never_heard_of_it"},
    ]  # fmt: skip


# ---------------------------------------------------------------------------- interfaces


def test_breadcrumbs_without_timestamp_vanish_and_datetimes_render() -> None:
    # observed: crumbs as semaphore stored them (offsets already applied), API entry
    crumbs = [
        {"category": "c", "level": "info", "message": "float ts", "timestamp": 1575000000.123, "type": "default"},
        {"level": "info", "message": "no ts", "type": "default"},
        {"level": "info", "message": "bad ts", "timestamp": None, "type": "default"},
        {"level": "warn", "message": "bad level", "timestamp": "2019-11-29T04:00:00Z", "type": "default"},
        {"level": "info", "message": "offset string", "timestamp": "2019-11-29T04:00:00+02:00", "type": "default"},
        {"level": "debug", "message": "micro", "timestamp": 1575000000.0005, "type": "default"},
        {"data": {"url": "/x"}, "level": "fatal", "timestamp": 1575000000.0, "type": "http"},
    ]  # fmt: skip
    values = _entry(to_api_event(make_stored(breadcrumbs={"values": crumbs})), "breadcrumbs")[
        "values"
    ]
    assert [v["message"] for v in values] == ["float ts", "bad level", "micro", None]
    assert values[0] == {
        "category": "c", "data": None, "event_id": None, "level": "info", "message": "float ts",
        "timestamp": "2019-11-29T04:00:00.123Z", "type": "default",
    }  # fmt: skip
    assert values[1]["level"] == "info" and values[1]["timestamp"] == "2019-11-29T04:00:00Z"
    assert values[2]["timestamp"] == "2019-11-29T04:00:00.000Z"
    assert values[3]["data"] == {"url": "/x"} and values[3]["type"] == "http"


def test_contexts_are_cut_to_512_characters() -> None:
    custom = {"k%02d" % i: "v" * 30 for i in range(60)}
    api = to_api_event(make_stored(contexts={"custom": dict(custom, type="default")}))
    shown = api["contexts"]["custom"]
    # observed: k00..k15 whole, k16 cut to 11 characters plus "...", the rest gone
    assert sorted(shown) == ["k%02d" % i for i in range(17)] + ["type"]
    assert shown["k16"] == "v" * 11 + "..."
    assert shown["type"] == "default"


def test_context_of_a_bad_shape_drops_all_contexts() -> None:
    # a context value that is not an object makes Contexts.to_python fail at read
    api = to_api_event(make_stored(contexts={"os": {"name": "Linux"}, "bad": "string"}))
    assert api["contexts"] == {}
    api = to_api_event(make_stored(contexts={"os": {"name": "Linux"}, "bad": None}))
    assert api["contexts"] == {"os": {"name": "Linux", "type": "os"}}


def test_frame_vars_are_slimmed_past_50_frames() -> None:
    frames = [_frame(i, i % 3 == 0, vars={"i": i}) for i in range(60)]
    api = to_api_event(
        _exception([{"type": "ValueError", "value": "boom", "stacktrace": {"frames": frames}}])
    )
    shown = _entry(api, "exception")["values"][0]["stacktrace"]["frames"]
    # observed on frames-60-vars: system frames 23, 25, 26, 28, 29, 31, 32, 34, 35, 37 slimmed
    assert [i for i, f in enumerate(shown) if f["vars"]] == (
        [*range(23), 24, 27, 30, 33, 36, *range(38, 60)]
    )
    assert len(shown[23]["context"]) == 1 and len(shown[24]["context"]) == 4
    assert _entry(api, "exception")["hasSystemFrames"] is True


def test_frame_api_shape() -> None:
    frame = _frame(0, True, vars=["a", {"c": 1}], colno=4)
    api = to_api_event(_exception([{"type": "E", "value": "v", "stacktrace": {"frames": [frame]}}]))
    exc = _entry(api, "exception")
    assert exc["excOmitted"] is None and exc["hasSystemFrames"] is True
    value = exc["values"][0]
    assert value["mechanism"] is None and value["rawStacktrace"] is None
    assert value["stacktrace"]["framesOmitted"] is None and value["stacktrace"]["registers"] is None
    assert value["stacktrace"]["frames"][0] == {
        "filename": "app/mod0.py", "absPath": "app/mod0.py", "module": "app.mod0",
        "package": None, "platform": None, "instructionAddr": None, "symbolAddr": None,
        "function": "fn0", "symbol": None,
        "context": [[-1, "a"], [0, "b"], [1, "line 0"], [2, "c"]],
        "lineNo": 1, "colNo": 4, "inApp": True, "trust": None, "errors": None,
        "vars": {"0": "a", "1": {"c": 1}},
    }  # fmt: skip


def test_frame_data_with_sourcemap() -> None:
    frame = {
        "abs_path": "http://x.invalid/a.js", "filename": "/a.js", "function": "f", "lineno": 1,
        "colno": 2, "data": {"sourcemap": "http://x.invalid/a.js.map", "orig_function": "g", "orig_lineno": 3},
    }  # fmt: skip
    api = to_api_event(_exception([{"type": "E", "value": "v", "stacktrace": {"frames": [frame]}}]))
    shown = _entry(api, "exception")["values"][0]["stacktrace"]["frames"][0]
    assert shown["map"] == "a.js.map" and shown["mapUrl"] == "http://x.invalid/a.js.map"
    assert (shown["origFunction"], shown["origLineNo"], shown["origColNo"]) == ("g", 3, "?")


def test_request_entry() -> None:
    request = {
        "cookies": [["a", "1"], ["b", "2"]], "data": {"k": "v"},
        "env": {"REMOTE_ADDR": "1.2.3.4", "SERVER_NAME": "s"}, "fragment": "frag",
        "headers": [["Content-Type", "application/json"], ["X-B3-Traceid", "t"]],
        "inferred_content_type": "application/json", "method": "POST",
        "query_string": [["a", "1"], ["b", "2"]], "url": "https://x.invalid/p",
    }  # fmt: skip
    assert _entry(to_api_event(make_stored(request=request)), "request") == {
        "cookies": [["a", "1"], ["b", "2"]], "data": {"k": "v"},
        "env": {"REMOTE_ADDR": "1.2.3.4", "SERVER_NAME": "s"}, "fragment": "frag",
        "headers": [["Content-Type", "application/json"], ["X-B3-Traceid", "t"]],
        "inferredContentType": "application/json", "method": "POST",
        "query": [["a", "1"], ["b", "2"]], "url": "https://x.invalid/p",
    }  # fmt: skip


def test_template_without_lineno_disappears() -> None:
    # observed (template-missing-context-line): the interface fails at read, no entry
    api = to_api_event(make_stored(template={"filename": "shop/cart.html", "lineno": 12}))
    assert [e["type"] for e in api["entries"]] == ["message"]
    template = {"abs_path": "/x/t.html", "context_line": "{{ x }}", "filename": "t.html",
                "lineno": 3, "post_context": ["b"], "pre_context": ["a"]}  # fmt: skip
    api = to_api_event(make_stored(template=template))
    assert api["entries"][1] == {
        "data": {
            "context": [[2, "a"], [3, "{{ x }}"], [4, "b"]],
            "filename": "t.html",
            "lineNo": 3,
        },
        "type": "template",
    }


def test_debug_meta_image_without_debug_id() -> None:
    # symbolic.normalize_debug_id(None) is None: the image stays, with a null debug_id
    debug_meta = {
        "images": [{"code_file": "/usr/lib/x.so", "debug_id": None, "image_addr": "0x1000",
                    "image_size": 4096, "type": "symbolic"}],
        "sdk_info": {"sdk_name": "iOS", "version_major": 10, "version_minor": 3, "version_patchlevel": 0},
    }  # fmt: skip
    assert _entry(to_api_event(make_stored(debug_meta=debug_meta)), "debugmeta") == {
        "images": [{"code_file": "/usr/lib/x.so", "debug_id": None, "image_addr": "0x1000",
                    "image_size": "0x1000", "image_vmaddr": None, "type": "symbolic"}],
        "sdk_info": {"build": None, "dsym_type": "none", "sdk_name": "iOS", "version_major": 10,
                     "version_minor": 3, "version_patchlevel": 0},
    }  # fmt: skip


def test_entries_order_by_display_score() -> None:
    stored = _exception(
        [{"type": "E", "value": "v"}],
        logentry={"formatted": "m"},
        request={"url": "http://x.invalid/", "method": "GET"},
        breadcrumbs={"values": [{"timestamp": 1575000000.0, "type": "default", "level": "info"}]},
        template={"filename": "t.html", "lineno": 1, "context_line": "x"},
        threads={"values": [{"id": 1, "stacktrace": {"frames": [_frame(0, False)]}}]},
    )
    types = [e["type"] for e in to_api_event(stored)["entries"]]
    assert types == ["message", "exception", "threads", "template", "breadcrumbs", "request"]


def test_user_and_sdk() -> None:
    user = {"data": {"d": 1, "extra1": "v"}, "email": None, "geo": {"city": "X"}, "id": "42",
            "ip_address": "127.0.0.1", "username": "u"}  # fmt: skip
    api = to_api_event(make_stored(user=user, sdk={"name": "raven-python", "version": "6.0.0"}))
    assert api["user"] == {"data": {"d": 1, "extra1": "v"}, "email": None, "id": "42",
                           "ip_address": "127.0.0.1", "name": None, "username": "u"}  # fmt: skip
    assert api["sdk"] == {
        "name": "raven-python", "version": "6.0.0",
        "upstream": {"isNewer": True, "name": "raven-python", "url": "https://docs.sentry.io/clients/python/"},
    }  # fmt: skip


@pytest.mark.parametrize(
    ("sdk", "upstream"),
    [
        ({"name": "raven-python", "version": "6.10.0"},
         {"isNewer": False, "name": "raven-python", "url": "https://docs.sentry.io/clients/python/"}),
        ({"name": "sentry-swift", "version": "1.0"},
         {"isNewer": True, "name": "sentry-cocoa", "url": None}),
        ({"name": "raven-java:log4j", "version": "7.0"},
         {"isNewer": True, "name": "sentry-java", "url": "https://docs.sentry.io/clients/java/"}),
        ({"name": "Raven-JS", "version": "3.0.0-beta1"},
         {"isNewer": True, "name": "Raven-JS", "url": "https://docs.sentry.io/clients/javascript/"}),
        ({"name": "sentry.javascript.browser", "version": "5.0.0", "integrations": ["a"]},
         {"isNewer": False, "name": "sentry.javascript.browser", "url": None}),
    ],
)  # fmt: skip
def test_sdk_upstream(sdk: dict[str, Any], upstream: dict[str, Any]) -> None:
    api = to_api_event(make_stored(sdk=sdk))
    assert api["sdk"] == {"name": sdk["name"], "version": sdk["version"], "upstream": upstream}


# ---------------------------------------------------------------------------- 500s


def test_sdk_without_version_is_a_server_error() -> None:
    with pytest.raises(ServerError) as info:
        to_api_event(make_stored(sdk={"name": "raven-js"}))
    assert info.value.stage == "sdk" and info.value.status == 500
    assert isinstance(info.value.cause, AttributeError)
    # a name 9.1.2 does not know needs no version
    assert (
        to_api_event(make_stored(sdk={"name": "sentry.python"}))["sdk"]["upstream"]["isNewer"]
        is False
    )


def test_frame_data_without_sourcemap_is_a_server_error() -> None:
    frame = {"abs_path": "a.py", "filename": "a.py", "function": "f", "lineno": 1,
             "data": {"orig_function": "o", "orig_lineno": 3}}  # fmt: skip
    with pytest.raises(ServerError) as info:
        to_api_event(_exception([{"type": "E", "value": "v", "stacktrace": {"frames": [frame]}}]))
    assert info.value.stage == "entries" and isinstance(info.value.cause, KeyError)
    frame["data"] = {}  # empty: no orig* keys, no error
    to_api_event(_exception([{"type": "E", "value": "v", "stacktrace": {"frames": [frame]}}]))


def test_unknown_event_type_is_a_server_error() -> None:
    with pytest.raises(ServerError) as info:
        to_api_event(make_stored(type="transaction"))
    assert info.value.stage == "title"


def test_stacktrace_meta_past_the_frames_is_a_server_error() -> None:
    # observed (generated event, seed 2): a top-level stacktrace stored with one frame and
    # frame meta for higher indices; Stacktrace.get_api_meta indexes the frames: IndexError
    frame = {"abs_path": "a.py", "filename": "a.py", "function": "f", "lineno": 1}
    meta = {
        "stacktrace": {
            "frames": {"5": {"colno": {"": {"err": [["invalid_data", {}]], "val": "7"}}}}
        }
    }
    stored = make_stored(stacktrace={"frames": [frame]}, _meta=meta)
    with pytest.raises(ServerError) as info:
        to_api_event(stored)
    assert info.value.stage == "entries" and isinstance(info.value.cause, IndexError)
    meta["stacktrace"]["frames"] = {"0": meta["stacktrace"]["frames"]["5"]}
    api = to_api_event(stored)
    assert api["_meta"]["entries"]["1"]["data"]["frames"]["0"]["colno"][""]["val"] == "7"
