"""A seeded generator of raw events for exceptions, stacktraces, threads, template and
debug_meta, and a field-by-field comparison of ``normalize_ingest`` with 9.1.2's own ingest
step (``SemaphoreStep``).

    python3 -m tests.normalize.stack_generators [N] [--seed S] [--show K]

prints how many events ran and how many disagreed, by field (``exception``, ``stacktrace``,
``threads``, ``template``, ``debug_meta``, and ``errors``/``_meta`` entries under them).
``test_exception.py`` (and siblings) run batches of it under ``@pytest.mark.oracle``.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from typing import Any

from sentry_compat.compare import diff, mask
from sentry_compat.normalize import NormalizeOptions, normalize_ingest

#: the interfaces compared (the ones :mod:`sentry_compat.normalize.exception` and its siblings own)
FIELDS = ("exception", "stacktrace", "threads", "template", "debug_meta")

OPTIONS = dict(client_ip="127.0.0.1", client="sentry-compat-oracle/1.0", key_id="2", project_id=2)

_WORDS = [
    "",
    " ",
    "?",
    "a",
    "main",
    "é",
    "😀",
    "a/b",
    "a\nb",
    "Error",
    "ValueError: boom",
    "x" * 30,
]
_PATHS = [
    "app.py", "/usr/lib/python3/foo.py", "http://example.com/static/app.min.js?v=1#x",
    "https://cdn.example.com/", "file:///C:/app/x.js", "app:///main.js", "webpack:///./src/a.js",
    "<anonymous>", "http://a b/c.js", "http://[::1]/x.js", "applewebdata://x/y", "blob:http://a/b",
    "http://h/./a/../b%20c/ü.js", "", "native", "/" + "p" * 300,
]  # fmt: skip


def _string(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.6:
        return rng.choice(_WORDS)
    if roll < 0.75:
        return rng.choice(_WORDS) * rng.randint(1, 100)
    return "".join(rng.choice("abcXYZ09 _-./:\n\té😀") for _ in range(rng.randint(0, 40)))


def _scalar(rng: random.Random) -> Any:
    kind = rng.randrange(8)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, 1, -1, 7, 255, 2**31, 2**53 + 1, 2**63, -(2**63), 2**64 - 1])
    if kind == 3:
        return rng.choice([0.0, 1.5, -2.5, 1e20, 30.0, 123456.789])
    return _string(rng)


def _value(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 6 or roll < 0.5:
        return _scalar(rng)
    if roll < 0.75:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 5))]
    return {_string(rng)[:12] or "k": _value(rng, depth + 1) for _ in range(rng.randint(0, 6))}


def _maybe(rng: random.Random, good: Any, p: float = 0.85) -> Any:
    """``good()`` mostly, sometimes a junk value."""
    return good() if rng.random() < p else _value(rng)


def _frame(rng: random.Random) -> Any:
    if rng.random() < 0.04:
        return rng.choice([None, [], "x", {}])
    frame: dict[str, Any] = {}
    gens = {
        "function": lambda: rng.choice(["main", "?", "", "<lambda>", "a" * 300, _string(rng)]),
        "module": lambda: rng.choice(["app.views", "", _string(rng)]),
        "filename": lambda: rng.choice(_PATHS),
        "abs_path": lambda: rng.choice(_PATHS),
        "lineno": lambda: rng.choice([1, 42, 0, -1, "12", 1.5, 2**64 - 1]),
        "colno": lambda: rng.choice([1, 5, None, -3]),
        "context_line": lambda: rng.choice(["x = 1", "", None, "y" * 300]),
        "pre_context": lambda: rng.choice([["a", "b"], [], [None, "c"], "x"]),
        "post_context": lambda: rng.choice([["d"], [], [1]]),
        "in_app": lambda: rng.choice([True, False, None, "yes"]),
        "vars": lambda: rng.choice(
            [
                {"a": _value(rng), "b": _string(rng)},
                [_value(rng)],
                {f"k{i}": "v" * 90 for i in range(30)},
            ]
        ),
        "platform": lambda: rng.choice(["python", "javascript", "node", "cocoa", "", "bogus"]),
        "instruction_addr": lambda: rng.choice(["0x1000", 4096, "4096", "0xZZ", -1]),
        "symbol_addr": lambda: rng.choice(["0x10", 16]),
        "image_addr": lambda: rng.choice(["0x0", 0]),
        "package": lambda: rng.choice(["/usr/lib/libc.so", ""]),
        "symbol": lambda: rng.choice(["_main", "?", ""]),
        "raw_function": lambda: rng.choice(["raw", ""]),
        "data": lambda: rng.choice([{"sourcemap": "http://x/a.map", "orig_lineno": 3}, {"x": 1}]),
        "trust": lambda: rng.choice(["cfi", "scan"]),
        "unknown": lambda: _value(rng),
    }
    for key, gen in gens.items():
        if rng.random() < 0.3:
            frame[key] = _maybe(rng, gen)
    return frame


def _stacktrace(rng: random.Random) -> Any:
    if rng.random() < 0.05:
        return _value(rng)
    count = rng.choice([0, 1, 2, 3, 5, 8, 30, 55, 60, 251, 300])
    st: dict[str, Any] = {"frames": [_frame(rng) for _ in range(count)]}
    if rng.random() < 0.1:
        st["registers"] = {"rip": rng.choice(["0x10", 16, "zz", None, [1]])}
    if rng.random() < 0.05:
        st["frames_omitted"] = [1, 2]
    if rng.random() < 0.03:
        st["frames"] = _value(rng)
    return st


def _mechanism(rng: random.Random) -> Any:
    roll = rng.random()
    if roll < 0.1:
        return _value(rng)
    if roll < 0.25:  # legacy cocoa shapes
        return {
            "posix_signal": {"signal": rng.choice([11, 6, "x"]), "code": rng.choice([0, 1, 2])},
            "mach_exception": {
                "exception": 1,
                "code": 1,
                "subcode": 8,
                "exception_name": "EXC_BAD_ACCESS",
            },
            "handled": rng.choice([True, False]),
        }
    mech: dict[str, Any] = {"type": rng.choice(["generic", "onerror", "", None, 5, "t" * 200])}
    for key, gen in {
        "handled": lambda: rng.choice([True, False, "no"]),
        "synthetic": lambda: rng.choice([True, False]),
        "description": lambda: _string(rng),
        "help_link": lambda: rng.choice(["https://x", "ftp://x", "", "http://" + "h" * 300]),
        "data": lambda: rng.choice([{"a": _value(rng)}, [1], {}]),
        "meta": lambda: rng.choice(
            [
                {"signal": {"number": rng.choice([11, 6, 99]), "code": rng.choice([0, 1, 2])}},
                {"errno": {"number": rng.choice([2, 35, 104, -1])}},
                {"mach_exception": {"exception": rng.choice([1, 2, 99]), "code": 0, "subcode": 0}},
                {"signal": {}},
                "x",
            ]
        ),
    }.items():
        if rng.random() < 0.35:
            mech[key] = gen()
    return mech


def _exception_value(rng: random.Random) -> Any:
    if rng.random() < 0.05:
        return rng.choice([None, "x", 5, {}])
    value: dict[str, Any] = {}
    for key, gen in {
        "type": lambda: rng.choice(["ValueError", "", None, 5, "T" * 300]),
        "value": lambda: rng.choice(
            ["boom", "", "ValueError: boom", "a.B: c", "x" * 9000, {"a": 1}, 42]
        ),
        "module": lambda: rng.choice(["builtins", ""]),
        "thread_id": lambda: rng.choice([1, -5, "main", 1.5]),
        "mechanism": lambda: _mechanism(rng),
        "stacktrace": lambda: _stacktrace(rng),
        "raw_stacktrace": lambda: _stacktrace(rng),
        "junk": lambda: _value(rng),
    }.items():
        if rng.random() < (0.8 if key in ("type", "value", "stacktrace") else 0.2):
            value[key] = gen()
    return value


def generate_event(rng: random.Random) -> dict[str, Any]:
    """One raw event exercising the stack interfaces (and the OS hints of mechanism names)."""
    event: dict[str, Any] = {}
    roll = rng.random()
    values = [_exception_value(rng) for _ in range(rng.choice([0, 1, 1, 1, 2, 3]))]
    if roll < 0.4:
        event["exception"] = {"values": values}
    elif roll < 0.55:
        event["exception"] = values
    elif roll < 0.65:
        event["exception"] = values[0] if values else {}
    elif roll < 0.7:
        event["exception"] = _value(rng)
    if rng.random() < 0.35:
        event["stacktrace"] = _stacktrace(rng)
    if rng.random() < 0.2:
        threads = [
            {"id": rng.choice([1, "t", -1, 1.5]), "name": _string(rng), "crashed": rng.choice([True, "x"]),
             "stacktrace": _stacktrace(rng)} if rng.random() < 0.9 else rng.choice([None, {}, "x"])
            for _ in range(rng.randint(0, 3))
        ]  # fmt: skip
        event["threads"] = rng.choice([{"values": threads}, threads])
    if rng.random() < 0.1:
        event["template"] = rng.choice(
            [{"filename": "a.html", "lineno": rng.choice([1, "2"]), "context_line": _string(rng),
              "pre_context": [None, "x"]}, _value(rng)]
        )  # fmt: skip
    if rng.random() < 0.15:
        event["debug_meta"] = {
            "sdk_info": rng.choice([{"sdk_name": rng.choice(["iOS", "Linux", "Windows", "x"]), "version_major": 1}, "x"]),
            "images": [
                rng.choice([
                    {"type": "macho", "code_file": "/a", "debug_id": "D12A9C9A-1B4E-3D8F-A1B2-0123456789AB", "image_addr": 4096, "image_size": 1},
                    {"type": "apple", "name": "/a", "uuid": "d12a9c9a1b4e3d8fa1b20123456789ab", "image_addr": "0x1", "image_size": 1},
                    {"type": "proguard", "uuid": "x"}, {"type": "bogus"}, None,
                ])
                for _ in range(rng.randint(0, 2))
            ],
        }  # fmt: skip
    if rng.random() < 0.1:
        event["contexts"] = {"os": {"name": rng.choice(["Linux", "iOS", "Windows"]), "type": "os"}}
    if rng.random() < 0.3:
        event["platform"] = rng.choice(["python", "javascript", "cocoa", "node"])
    return event


def _restrict(doc: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in doc.items() if k in FIELDS}
    if isinstance(doc.get("_meta"), dict):
        meta = {k: v for k, v in doc["_meta"].items() if k in FIELDS}
        if meta:
            out["_meta"] = meta
    errors = [
        e
        for e in doc.get("errors") or ()
        if isinstance(e, dict) and str(e.get("name", "")).split(".")[0] in FIELDS
    ]
    if errors:
        out["errors"] = errors
    return out


def known(problem: Any) -> bool:
    """A difference this package knows it cannot avoid (none left: the slimming and
    hard-limit ``_meta`` rules are ported, see ``Meta.hide``)."""
    return False


def residual(expected: dict[str, Any], actual: dict[str, Any]) -> list[Any]:
    """The differences between two restricted documents."""
    return diff(expected, actual)


def compare(
    step: Any, events: list[dict[str, Any]], skip_known: bool = True
) -> tuple[int, Counter[str], list[Any]]:
    """``(events run, disagreements by field, examples)``; the examples hold the raw event,
    its first differences and the unexplained ones (:func:`residual`)."""
    by_field: Counter[str] = Counter()
    examples: list[Any] = []
    for raw in events:
        expected = step.normalize(raw)
        actual = normalize_ingest(
            raw, options=NormalizeOptions(**OPTIONS, received=expected["received"])
        )
        exp_doc, act_doc = _restrict(expected), _restrict(actual)
        problems = diff(mask(exp_doc, ()), mask(act_doc, ()))
        unexplained = residual(exp_doc, act_doc)
        if skip_known:
            problems = [p for p in problems if not known(p)]
        fields = set()
        for p in problems:
            head = p.path[0] if p.path else "<root>"
            if head in ("_meta", "errors") and len(p.path) > 1:
                sub = p.path[1]
                if head == "errors" and not str(sub).isdigit():
                    head = "errors"
                elif head == "_meta":
                    head = "_meta." + str(sub)
            fields.add(head)
        for field in fields:
            by_field[field] += 1
        if problems:
            examples.append(
                (raw, [str(p) for p in problems[:6]], [str(p) for p in unexplained[:6]])
            )
    return len(events), by_field, examples


def main() -> None:
    from sentry_compat.reference.semaphore_step import SemaphoreStep

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int, nargs="?", default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    events = [generate_event(rng) for _ in range(args.n)]
    with SemaphoreStep() as step:
        ran, by_field, examples = compare(step, events)
    print(
        json.dumps(
            {
                "ran": ran,
                "disagreed_events": len(examples),
                "by_field": dict(by_field.most_common()),
            }
        )
    )
    print("unexplained:", sum(1 for example in examples if example[2]))
    for raw, problems, _ in examples[: args.show]:
        print(json.dumps(raw, ensure_ascii=False)[:800])
        for p in problems:
            print("   ", p[:300])


if __name__ == "__main__":
    main()
