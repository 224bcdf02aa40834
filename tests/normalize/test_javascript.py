"""The processing stage of JavaScript/node events (``sentry_compat.normalize.javascript``).

Without network the source fetcher of 9.1.2 only records errors, so its effect on the stored
event is deterministic; the oracle-marked test posts events to the real 9.1.2 (which has no
network either) and compares what ``normalize()`` stores for them.
"""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest

from sentry_compat.compare import STORED_VOLATILE, diff, mask
from sentry_compat.normalize import NormalizeOptions, normalize
from sentry_compat.normalize.context import Context
from sentry_compat.normalize.javascript import (
    DROPPED_KEY,
    fetch_outcome,
    generate_module,
    process,
    translate_message,
)

CONNECTION = "<class 'requests.exceptions.ConnectionError'>"


@pytest.mark.parametrize(
    ("url", "module"),
    [
        ("http://google.com/js/v1.0/foo/bar/baz.js", "foo/bar/baz"),
        ("https://example.com/static/app.min.js", "app"),
        ("/static/" + "a" * 32 + "/app.js", "app"),
        ("http://h/assets/app-3f786850e3.js", "assets/app"),
        ("http://h/_next/static/chunks/main.js", "chunks/main"),
        ("webpack:///./src/components/App.js", "src/components/App"),
        ("app:///main.js", "main"),
        ("https://h/cdn/widget", "cdn/widget"),
        ("", "<unknown module>"),
    ],
)
def test_generate_module(url: str, module: str) -> None:
    assert generate_module(url) == module


def test_translate_message() -> None:
    assert translate_message("TypeError: Objekt erwartet") == "TypeError: Object expected"
    assert translate_message("Nicht genügend Arbeitsspeicher.") == "Out of memory"
    assert translate_message("plain English") == "plain English"
    assert translate_message(5) == 5


@pytest.mark.parametrize(
    ("url", "outcome"),
    [
        ("http://example.com/a.js", CONNECTION),
        ("http://localhost:3000/a.js", CONNECTION),
        ("http://1.2.3.4/a.js", 404),
        ("http://169.254.169.254/a.js", 403),
        ("http://", "<class 'requests.exceptions.InvalidURL'>"),
        ("http:x/y.js", "<class 'requests.exceptions.InvalidURL'>"),
    ],
)
def test_fetch_outcomes(url: str, outcome: Any) -> None:
    assert fetch_outcome(url) == outcome


def run(event: dict[str, Any]) -> tuple[dict[str, Any], Context]:
    ctx = Context(options=NormalizeOptions(), received=0.0)
    data = copy.deepcopy(event)
    process(data, ctx)
    return data, ctx


def js(frames: list[Any], platform: str = "javascript") -> dict[str, Any]:
    return {
        "platform": platform,
        "exception": {"values": [{"type": "E", "value": "v", "stacktrace": {"frames": frames}}]},
    }


def test_fetch_errors_per_stacktrace_and_modules() -> None:
    data, _ = run(
        js(
            [
                {
                    "abs_path": "http://h.invalid/a.js",
                    "filename": "/a.js",
                    "lineno": 1,
                    "function": "f",
                },
                {"abs_path": "app:///b.js", "lineno": 2},
                {"abs_path": "<anonymous>", "filename": "<anonymous>", "lineno": 3},
                {"abs_path": "x.py", "lineno": 4, "platform": "python"},
            ]
        )
    )
    assert data["errors"] == [
        {"type": "fetch_generic_error", "value": CONNECTION, "url": "http://h.invalid/a.js"},
        {"type": "js_no_source", "url": "app:///b.js"},
    ]
    frames = data["exception"]["values"][0]["stacktrace"]["frames"]
    assert [f.get("module") for f in frames] == ["a", "b", None]  # the python frame is gone
    # fix_culprit ran on the processed frames (the python one gone), before the modules existed
    assert data["culprit"] == "?(<anonymous>)"


def test_anonymous_reports_only_from_its_second_frame() -> None:
    one, _ = run(js([{"abs_path": "<anonymous>", "lineno": 1}]))
    two, _ = run(
        js([{"abs_path": "<anonymous>", "lineno": 1}, {"abs_path": "<anonymous>", "lineno": 2}])
    )
    assert "errors" not in one
    assert two["errors"] == [{"type": "js_no_source", "url": "<anonymous>"}]


def test_node_fetches_app_paths_and_reports_others_late() -> None:
    frames = [
        {"abs_path": "/a/b.js", "lineno": 1},
        {"abs_path": "/a/c.js", "lineno": 2},
        {"abs_path": "/a/c.js", "lineno": 3},
    ]
    data, _ = run(js(frames, platform="node"))
    assert data["errors"] == [{"type": "js_no_source", "url": "/a/c.js"}]


def test_too_many_sources() -> None:
    frames = [{"abs_path": "http://h.invalid/x.js", "lineno": i + 1} for i in range(60)]
    data, _ = run(js(frames))
    assert data["errors"][-1] == {"type": "js_too_many_sources"}


def test_null_frame_drops_the_event() -> None:
    data, ctx = run(js([{"abs_path": "http://h.invalid/x.js", "lineno": 1}, None]))
    assert DROPPED_KEY in ctx.moved and "errors" not in data


def test_python_events_untouched() -> None:
    event = {
        "platform": "python",
        "exception": {"values": [{"type": "E", "value": "Objekt erwartet"}]},
    }
    assert run(event)[0] == event


# ------------------------------------------------------------------------------------ oracle
URLS = [
    "http://127.0.0.1:1/app.js", "https://example.com/static/app.min.js", "app:///main.js",
    "webpack:///./src/x.js", "<anonymous>", "/abs/local.js", "relative/path.js",
    "http://1.2.3.4/a.js", "http://h.invalid/" + "p" * 160 + ".js", "http://h.invalid/x.js...",
    "app:///node_modules/a/b.js", "node:internal/x", "http://",
]  # fmt: skip


def _frame(rng: random.Random) -> dict[str, Any]:
    frame = {
        "function": rng.choice(["a", "?", "Object.<anonymous>"]),
        "lineno": rng.choice([1, 10, 0, 3]),
    }
    frame[rng.choice(["abs_path", "abs_path", "filename"])] = rng.choice(URLS)
    if rng.random() < 0.3:
        frame["in_app"] = rng.choice([True, False])
    if rng.random() < 0.1:
        frame["platform"] = rng.choice(["python", "node"])
    return frame


def _event(rng: random.Random) -> dict[str, Any]:
    count = rng.choice([1, 3, 20, 60])
    values = [
        {
            "type": "Error",
            "value": rng.choice(["boom", "Objekt erwartet"]),
            "stacktrace": {"frames": [_frame(rng) for _ in range(count)]},
        }
        for _ in range(rng.choice([1, 2]))
    ]
    event: dict[str, Any] = {
        "platform": rng.choice(["javascript", "node", "python"]),
        "exception": {"values": values},
    }
    if rng.random() < 0.2:
        event["culprit"] = "client"
    return event


@pytest.mark.oracle
def test_processing_stage_against_the_oracle() -> None:
    import os

    from sentry_compat.reference.client import OracleClient
    from sentry_compat.reference.probe import probe_event
    from sentry_compat.reference.state import StateError, resolve_state

    spec = os.environ.get("SENTRY_COMPAT_ORACLE")
    if not spec:
        pytest.skip("no oracle: set SENTRY_COMPAT_ORACLE to its state file")
    try:
        client = OracleClient(resolve_state(spec))
    except StateError as exc:
        pytest.skip(str(exc))
    rng = random.Random(2026)
    fields = ("exception", "errors", "culprit", "metadata", "title", "location", "hashes")
    failures = []
    for _ in range(12):
        result = probe_event(client, _event(rng), node_data=False)
        if result.get("stored") is None:
            failures.append(("not stored", result.get("error")))
            continue
        out = normalize(result["posted"], received=result["received"], project_id=2, key_id="2",
                        client_ip="127.0.0.1", client="sentry-compat-oracle/1.0")  # fmt: skip
        expected = {k: v for k, v in mask(result["stored"], STORED_VOLATILE).items() if k in fields}
        actual = {k: v for k, v in mask(out, STORED_VOLATILE).items() if k in fields}
        problems = diff(expected, actual)
        if problems:
            failures.append((result["posted"], [str(p) for p in problems[:5]]))
    assert not failures, failures[:2]


def test_find_translation_prefilter_matches_every_pattern_in_order() -> None:
    """The prefilter by the literal text around ``%s`` never hides a pattern that matches
    (errorlocale.py: find_translation tried every pattern): every translation, with data,
    trailing newlines, extra text and no data at all, against all patterns in file order."""
    import re

    from sentry_compat.normalize.javascript import (
        _FORMAT_DATA_RE,
        _find_translation,
        _locale_tables,
    )

    _target, exact, patterns = _locale_tables()
    compiled = [
        (re.compile("^" + re.escape(t).replace(r"%s", _FORMAT_DATA_RE) + "$"), key)
        for t, key in patterns.entries
    ]

    def slow(message: str) -> tuple[str | None, str | None]:
        if exact.get(message):
            return exact[message][0], None
        for regex, key in compiled:
            match = regex.search(message)
            if match is not None:
                return key, match.group("format_string_data")
        return None, None

    rng = random.Random(7)
    messages = ["", "\n", "x", "x\n", "\n\n", "%s", "$", "TypeError"]
    for translation, _key in rng.sample(patterns.entries, 400):
        data = rng.choice(("x", "foo_1$", "a-b", "", " ", "é"))
        filled = translation.replace("%s", data)
        messages += [filled, filled + "\n", filled + "\n\n", "z" + filled, filled[:-1]]
        messages.append(translation)
    messages += rng.sample(sorted(exact), 50)
    for message in messages:
        assert _find_translation(message) == slow(message), message
