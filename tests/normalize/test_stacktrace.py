"""Stacktraces and frames (``sentry_compat.normalize.stacktrace``), the databag trimmer and the
WHATWG URL paths behind frame filenames.

The rules were pinned on 9.1.2 + semaphore 0.4.65 (``observations/stacktrace.jsonl`` replays
every observation); these tests spell the important ones out, and the oracle-marked test
compares generated events with 9.1.2's own step.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from sentry_compat.normalize import NormalizeOptions, normalize_ingest
from sentry_compat.normalize.url import url_path

from . import stack_generators

OPTIONS = NormalizeOptions(client_ip="127.0.0.1", client="sentry-compat-oracle/1.0")


def st(*frames: Any, **extra: Any) -> dict[str, Any]:
    out = normalize_ingest({"stacktrace": {"frames": list(frames), **extra}}, options=OPTIONS)
    return out


def frames_of(out: dict[str, Any]) -> list[Any]:
    return out["stacktrace"]["frames"]


def test_paths_filename_derived_from_abs_path_and_back() -> None:
    fr = frames_of(
        st(
            {"filename": "a.py"},
            {"abs_path": "http://x.com/a/b.js?x=1#f"},
            {"abs_path": "http://x.com/"},
            {"abs_path": "a", "filename": "b"},
            {"abs_path": 5, "filename": "x"},
            {"abs_path": "app:///main.js"},
        )
    )
    assert fr[0] == {"abs_path": "a.py", "filename": "a.py"}
    assert fr[1] == {"abs_path": "http://x.com/a/b.js?x=1#f", "filename": "/a/b.js"}
    assert fr[2]["filename"] == "http://x.com/"  # a path of "/" keeps the whole URL
    assert fr[3] == {"abs_path": "a", "filename": "b"}
    assert fr[4] == {"abs_path": "x", "filename": "x"}  # a bad abs_path is replaced silently
    assert fr[5]["filename"] == "app:///main.js"  # app: is no URL scheme for this rule


def test_bad_filename_error_moves_to_abs_path() -> None:
    out = st({"filename": 5})
    assert frames_of(out) == [{"abs_path": None}]
    assert out["errors"] == [
        {
            "reason": "expected a string",
            "type": "invalid_data",
            "name": "stacktrace.frames.0.abs_path",
            "value": 5,
        }
    ]


def test_linenos_are_unsigned_and_strings_refused() -> None:
    out = st({"lineno": "12", "colno": 1.9}, {"lineno": -1})
    assert frames_of(out)[0] == {"lineno": None, "colno": 1}
    assert [e["name"] for e in out["errors"]] == [
        "stacktrace.frames.0.lineno",
        "stacktrace.frames.1.lineno",
    ]


def test_function_symbol_and_empty_fields() -> None:
    fr = frames_of(
        st({"function": "?", "symbol": "?"}, {"function": "", "symbol": "", "module": ""})
    )
    assert fr == [{}, {"symbol": ""}]


def test_context_line_filled_when_context_lists_exist() -> None:
    fr = frames_of(st({"pre_context": ["a", None]}, {"pre_context": [], "post_context": []}))
    assert fr == [{"pre_context": ["a", ""], "context_line": ""}, {}]


def test_addresses() -> None:
    out = st({"instruction_addr": "0x0001A"}, {"instruction_addr": -1}, {"instruction_addr": "12"})
    assert [f["instruction_addr"] for f in frames_of(out)] == ["0x1a", "0xffffffffffffffff", "0xc"]
    out = st({"instruction_addr": "0x"}, {"instruction_addr": "0x" + "f" * 17})
    assert [e["reason"] for e in out["errors"]] == [
        "cannot parse integer from empty string",
        "number too large to fit in target type",
    ]


def test_hard_limit_keeps_first_249_and_last() -> None:
    out = st(*[{"function": f"f{i}"} for i in range(300)])
    fr = frames_of(out)
    assert len(fr) == 250 and fr[248]["function"] == "f248" and fr[249]["function"] == "f299"
    assert out["_meta"]["stacktrace"]["frames"][""] == {"len": 300}


def _signature(frames: list[Any]) -> str:
    return "".join("N" if f is None else ("#" if "vars" in f else "-") for f in frames)


def test_slimming_per_stacktrace_counts_null_frames() -> None:
    base = [{"function": f"f{i}", "vars": {"i": i}} for i in range(60)]
    assert _signature(frames_of(st(*base))) == "#" * 25 + "-" * 10 + "#" * 25
    # 10 nulls, 30 app frames, 20 others: the nulls count in the total (60 > 50) but belong
    # to neither side, so 10 app frames lose their vars (observed)
    app = [{"function": "a", "vars": {"i": i}, "in_app": True} for i in range(30)]
    others = [{"function": "s", "vars": {"i": i}, "in_app": False} for i in range(20)]
    sig = _signature(frames_of(st(*([None] * 10 + app + others))))
    assert sig == "N" * 10 + "#" * 10 + "-" * 10 + "#" * 10 + "#" * 20
    two = normalize_ingest(
        {"exception": {"values": [{"type": "A", "stacktrace": {"frames": base[:30]}}] * 2}},
        options=OPTIONS,
    )
    for value in two["exception"]["values"]:  # 60 frames over two stacks: nothing slimmed
        assert _signature(value["stacktrace"]["frames"]) == "#" * 30


def test_slimming_zero_half_clears_the_whole_side() -> None:
    frames = [{"function": "f", "vars": {"i": i}, "in_app": True} for i in range(49)]
    frames += [{"function": "g", "vars": {"i": 0}, "in_app": False} for _ in range(2)]
    sig = _signature(frames_of(st(*frames)))
    assert sig[-2:] == "--" and sig[24] == "-" and sig.count("-") == 3


def test_vars_databag_budget_and_depth() -> None:
    out = st({"vars": {"a": "x" * 2040, "b": "yyyyyyyyyy", "c": "z"}})
    assert frames_of(out)[0]["vars"] == {"a": "x" * 2040, "b": "yy..."}
    assert out["_meta"]["stacktrace"]["frames"]["0"]["vars"][""] == {"len": 3}
    deep = frames_of(st({"vars": {"a": {"b": {"c": {"d": {"e": 1}}}}}}))[0]["vars"]
    assert deep == {"a": {"b": {"c": {"d": '{"e":1}'}}}}
    listed = frames_of(st({"vars": [1, [2]]}))[0]["vars"]
    assert listed == {"0": 1, "1": [2]}


def test_vars_costs_count_integers_at_every_level() -> None:
    # [[1]] costs 10: 1 at depth 3 costs 3+1, each list 3 (observed)
    out = st({"vars": {"a": [[1]], "zz": "y" * 5000}})
    assert len(frames_of(out)[0]["vars"]["zz"]) == 2048 - 10


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("http://a/b/./c/../d", "/b/d"),
        ("http://a/b c/ü", "/b%20c/%C3%BC"),
        ("http:x/y", "/y"),
        ("http://a b/c", None),
        ("http://a:65536/x", None),
        ("http://1.2.3.256/x", None),
        ("http://a/{}|^`", "/%7B%7D|^%60"),
        ("file:c:\\x", "/c:/x"),
        ("applewebdata:x", "x"),
        ("http://xn--zz/x", None),
    ],
)
def test_url_paths(url: str, path: str | None) -> None:
    assert url_path(url) == path


def test_client_meta_follows_frames_through_the_hard_limit() -> None:
    event = {
        "stacktrace": {"frames": [{"function": f"f{i}"} for i in range(300)]},
        "_meta": {
            "stacktrace": {
                "frames": {
                    "299": {"function": {"": {"rem": [["x", "x"]]}}},
                    "260": {"function": {"": {"rem": [["u", "x"]]}}},
                }
            }
        },
    }
    meta = normalize_ingest(event, options=OPTIONS)["_meta"]["stacktrace"]["frames"]
    assert "260" not in meta and meta["249"] == {"function": {"": {"rem": [["x", "x"]]}}}


def test_last_frame_trimmed_at_the_index_of_a_dropped_invalid_frame() -> None:
    # observed: frame 249 (dropped by the hard limit) had an error at 249.function; the last
    # frame, moved to index 249, has its function trimmed: _meta shows that trim only
    frames = [{"function": f"f{i}"} for i in range(249)] + [
        {"function": True},
        {"function": "x" * 300},
    ]
    out = st(*frames)
    assert out["_meta"]["stacktrace"]["frames"]["249"] == {
        "function": {"": {"len": 300, "rem": [["!limit", "s", 253, 256]]}}
    }
    assert [e["name"] for e in out["errors"]] == ["stacktrace.frames.249.function"]


def test_slimmed_errors_leave_meta_but_stay_in_errors() -> None:
    frames = [{"function": f"f{i}", "pre_context": [1]} for i in range(60)]
    out = st(*frames)
    assert len(out["errors"]) == 60
    assert "30" not in out["_meta"]["stacktrace"]["frames"]


@pytest.mark.oracle
def test_generated_stacktraces_against_the_oracle(semaphore_step: Any) -> None:
    """Generated events (stacktraces, exceptions, threads, template, debug_meta) vs 9.1.2's
    step: no disagreement outside the known categories."""
    rng = random.Random(20261127)
    events = [stack_generators.generate_event(rng) for _ in range(150)]
    ran, by_field, examples = stack_generators.compare(semaphore_step, events)
    print("ran", ran, "disagreements by field", dict(by_field))
    unexplained = [(raw, residual) for raw, _, residual in examples if residual]
    assert not unexplained, unexplained[:3]
