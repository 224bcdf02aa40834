"""A seeded generator of store bodies that exercise the API serializer's read-time rules.

Each event mixes interfaces, odd shapes and awkward values (unicode and astral text, huge
contexts, long stacks with vars, offset breadcrumb timestamps, bad mechanisms, legacy SDK
names, client ``_meta``...). Every event carries a unique marker in its message, exception
value and fingerprint so that it lands in a group of its own (9.1.2 samples big groups).
"""

from __future__ import annotations

import random
import string
from typing import Any

__all__ = ["generate_event", "generate_events"]

_WORDS = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "h\u00e9llo",
    "\u4e2d\u6587",
    "emoji\U0001f600",
    "x y",
    "",
]
_PLATFORMS = ["python", "javascript", "node", "java", "cocoa", "native", "php", "ruby", "go",
              "csharp", "other", "swift", "elixir"]  # fmt: skip
_SDKS = [
    ("raven-python", "6.0.0"), ("raven-python", "6.10.0"), ("raven-js", "3.27.0"),
    ("raven-js", "3.1.0"), ("raven-node", "2.6.4"), ("raven-ruby", "2.7.1"),
    ("sentry-java", "1.7.0"), ("raven-java:log4j", "7.8.0"), ("sentry-swift", "3.1"),
    ("sentry-cocoa", "3.12.0"), ("sentry-laravel", "0.7.0"), ("sentry-php", "2.0.0"),
    ("sentry.python", "0.14.3"), ("sentry.javascript.browser", "5.15.0"),
    ("Raven-Python", "6.3.0"), ("sentry-android", "1.7.0"), ("raven-objc", "1.0"),
    ("raven-js", "3.21.0-beta.1"), ("sentry.dotnet", "2.1.1"),
]  # fmt: skip
_LEVELS = ["debug", "info", "warning", "error", "fatal", "warn", "critical", "log", 30, None]


def _text(rng: random.Random, lo: int = 0, hi: int = 20) -> str:
    if rng.random() < 0.3:
        return rng.choice(_WORDS)
    n = rng.randint(lo, hi)
    alphabet = string.ascii_letters + string.digits + " _-./:%\u00e9\u00fc\u4e2d\U0001f600\n\t"
    return "".join(rng.choice(alphabet) for _ in range(n))


def _scalar(rng: random.Random) -> Any:
    kind = rng.randrange(9)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.randint(-(10**6), 10**6)
    if kind == 3:
        return rng.choice([1.5, -0.25, 1e20, 3.0])
    if kind == 4:
        return "x" * rng.choice([0, 1, 300, 600, 1200])
    return _text(rng)


def _value(rng: random.Random, depth: int = 0) -> Any:
    r = rng.random()
    if depth < 8 and r < 0.15:
        return {_text(rng, 1, 8) or "k": _value(rng, depth + 1) for _ in range(rng.randint(0, 4))}
    if depth < 8 and r < 0.25:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return _scalar(rng)


def _frame(rng: random.Random, i: int, platform: str) -> dict[str, Any]:
    f: dict[str, Any] = {}
    if platform in ("javascript", "node") and rng.random() < 0.6:
        f["abs_path"] = rng.choice(
            ["http://sc-test.invalid/static/app.js?v=%d" % i, "webpack:///src/x.js",
             "blob:http://sc-test.invalid/1234", "<anonymous>", "[native code]", "app:///main.js"]
        )  # fmt: skip
    if rng.random() < 0.7:
        f["filename"] = rng.choice(
            ["app/mod%d.py" % i, "Foo.java", "/usr/lib/x.so", "C:\\x\\y.cs", _text(rng, 1, 10)]
        )
    if rng.random() < 0.5:
        f["module"] = rng.choice(["app.mod%d" % i, "java.lang.Thread", _text(rng, 1, 12)])
    if rng.random() < 0.85:
        f["function"] = rng.choice(
            ["fn%d" % i, "?", "", "<lambda>", "-[Foo bar:]", "x" * 300, _text(rng, 1, 15)]
        )
    if rng.random() < 0.1:
        f["symbol"] = rng.choice(["_ZN3foo3barEv", "?"])
    if rng.random() < 0.8:
        f["lineno"] = rng.choice([i + 1, "12", -1, 0, None, 10**6])
    if rng.random() < 0.4:
        f["colno"] = rng.choice([3, -1, None, "7"])
    if rng.random() < 0.5:
        f["context_line"] = rng.choice(["    x = %d" % i, "", "y" * 300, None])
    if rng.random() < 0.4:
        f["pre_context"] = rng.choice([["a", "b"], [None, "c"], [], "notalist"])
    if rng.random() < 0.4:
        f["post_context"] = rng.choice([["d"], [None], []])
    r = rng.random()
    if r < 0.6:
        f["in_app"] = rng.random() < 0.5
    elif r < 0.65:
        f["in_app"] = rng.choice(["yes", 1, None])
    if rng.random() < 0.35:
        if rng.random() < 0.2:
            f["vars"] = [_value(rng) for _ in range(rng.randint(0, 4))]
        else:
            count = rng.choice([1, 3, 8, 55])
            f["vars"] = {"v%d" % k: _value(rng) for k in range(count)}
    if platform in ("native", "cocoa") or rng.random() < 0.05:
        if rng.random() < 0.7:
            f["instruction_addr"] = rng.choice(
                ["0x%x" % rng.randrange(1 << 40), rng.randrange(1 << 20), "0xzz", "12345"]
            )
        if rng.random() < 0.4:
            f["symbol_addr"] = "0x%x" % rng.randrange(1 << 32)
        if rng.random() < 0.3:
            f["image_addr"] = "0x%x" % rng.randrange(1 << 32)
        if rng.random() < 0.5:
            f["package"] = rng.choice(["/usr/lib/libc.so.6", "/System/Foo.dylib", "Foo"])
    if rng.random() < 0.05:
        f["platform"] = rng.choice(["python", "javascript", "bogus"])
    if rng.random() < 0.04:
        f["data"] = rng.choice(
            [{"sourcemap": "http://sc-test.invalid/app.js.map", "orig_function": "o"},
             {"sourcemap": "app.js.map"}, {"orig_function": "o", "orig_lineno": 3}]
        )  # fmt: skip
    if rng.random() < 0.03:
        f["trust"] = rng.choice(["scan", "cfi", "context"])
    if rng.random() < 0.03:
        f["unknown_frame_key"] = 1
    return f


def _stacktrace(rng: random.Random, platform: str) -> dict[str, Any]:
    n = rng.choice([0, 1, 2, 3, 5, 10, 20, 55, 80])
    st: dict[str, Any] = {"frames": [_frame(rng, i, platform) for i in range(n)]}
    if rng.random() < 0.05:
        st["frames"].insert(rng.randint(0, len(st["frames"])), None)
    if rng.random() < 0.1:
        st["registers"] = {"rip": "0x%x" % rng.randrange(1 << 40), "rsp": "0x10"}
    if rng.random() < 0.05:
        st["frames_omitted"] = [1, 4]
    return st


def _mechanism(rng: random.Random) -> Any:
    m: dict[str, Any] = {}
    if rng.random() < 0.85:
        m["type"] = rng.choice(
            ["generic", "onerror", "django", "", "signalhandler", "mach_exception"]
        )
    for key in ("handled", "synthetic"):
        if rng.random() < 0.5:
            m[key] = rng.choice([True, False, None])
    if rng.random() < 0.2:
        m["data"] = {"relevant_address": "0x1", "x": _value(rng)}
    if rng.random() < 0.15:
        m["meta"] = rng.choice(
            [{"signal": {"number": 11, "code": 0, "name": "SIGSEGV"}}, {"errno": {"number": 2}},
             {"mach_exception": {"exception": 1, "code": 1, "subcode": 8}}]
        )  # fmt: skip
    if rng.random() < 0.1:
        m["description"] = _text(rng)
    if rng.random() < 0.05:
        m["help_link"] = "https://sc-test.invalid/help"
    return m


def _exception(rng: random.Random, platform: str, marker: str) -> Any:
    values: list[Any] = []
    for k in range(rng.choice([1, 1, 1, 2, 3])):
        v: dict[str, Any] = {}
        r = rng.random()
        if r < 0.85:
            v["type"] = rng.choice(
                [
                    "ValueError",
                    "TypeError",
                    "java.lang.IllegalStateException",
                    "",
                    _text(rng, 1, 10),
                ]
            )
        if r > 0.1:
            v["value"] = rng.choice(
                [_text(rng), "ValueError: prefixed", "line1\nline2", "z" * 5000, 42, {"a": 1}]
            )
        if k == 0:
            v["value"] = "%s %s" % (
                v.get("value") if isinstance(v.get("value"), str) else "",
                marker,
            )
        if rng.random() < 0.7:
            v["stacktrace"] = _stacktrace(rng, platform)
        if rng.random() < 0.05:
            v["raw_stacktrace"] = _stacktrace(rng, platform)
        if rng.random() < 0.5:
            v["mechanism"] = _mechanism(rng)
        if rng.random() < 0.1:
            v["module"] = rng.choice(["builtins", "__main__", "x" * 200])
        if rng.random() < 0.05:
            v["thread_id"] = rng.choice([1, "main", 2**40])
        values.append(v)
    if rng.random() < 0.05:
        values.append(None)
    shape = rng.random()
    if shape < 0.1 and len(values) == 1:
        return values[0]
    if shape < 0.15:
        return values
    rv: dict[str, Any] = {"values": values}
    if rng.random() < 0.05:
        rv["exc_omitted"] = [1, 2]
    return rv


def _breadcrumbs(rng: random.Random) -> Any:
    crumbs = []
    for i in range(rng.choice([0, 1, 3, 10, 120])):
        c: dict[str, Any] = {}
        r = rng.random()
        if r < 0.5:
            c["timestamp"] = 1575000000 + i + rng.choice([0, 0.5, 0.123456, 0.0005])
        elif r < 0.7:
            c["timestamp"] = rng.choice(
                ["2019-11-29T04:00:%02dZ" % (i % 60), "2019-11-29T04:00:00.123456"]
            )
        elif r < 0.85:
            c["timestamp"] = rng.choice(
                ["2019-11-29T04:00:00+00:00", "2019-11-29T04:00:00+02:00", "garbage"]
            )
        if rng.random() < 0.8:
            c["message"] = rng.choice([_text(rng), 42, None, "m" * 5000])
        if rng.random() < 0.5:
            c["category"] = rng.choice(["query", "ui.click", 7, _text(rng)])
        if rng.random() < 0.5:
            c["level"] = rng.choice(
                ["info", "warning", "warn", "critical", "error", "fatal", "debug", 5, None]
            )
        if rng.random() < 0.3:
            c["type"] = rng.choice(["default", "http", "navigation", "", None])
        if rng.random() < 0.3:
            c["data"] = rng.choice(
                [{"url": "/x", "status_code": 200}, "notadict", {}, {"k": _value(rng)}]
            )
        if rng.random() < 0.05:
            c["event_id"] = "a" * 32
        crumbs.append(c)
    if rng.random() < 0.1:
        return crumbs
    return {"values": crumbs}


def _request(rng: random.Random) -> dict[str, Any]:
    req: dict[str, Any] = {}
    if rng.random() < 0.9:
        req["url"] = rng.choice(
            ["https://sc-test.invalid/p?a=1&b=2#frag", "http://sc-test.invalid/", "/relative/path",
             "http://sc-test.invalid/" + "u" * 300, "http://sc-test.invalid/\u00e9?q=\u4e2d"]
        )  # fmt: skip
    if rng.random() < 0.7:
        req["method"] = rng.choice(["GET", "post", "PATCH", "get me", "OPTIONS", 5])
    r = rng.random()
    if r < 0.4:
        req["headers"] = {"Content-Type": rng.choice(["application/json", "application/x-www-form-urlencoded", "text/plain"]),
                          "x-b3-traceid": "t", "Cookie": "a=1; b=2", "Referer": "http://sc-test.invalid/"}  # fmt: skip
    elif r < 0.6:
        req["headers"] = [
            ["Accept", "*/*"],
            ["X-Num", rng.choice(["1", 2])],
            ["Content-Type", "application/json"],
        ]
    if rng.random() < 0.3:
        req["cookies"] = rng.choice(["c=d; e=f", {"c": "d"}, [["c", "d"]]])
    if rng.random() < 0.4:
        req["query_string"] = rng.choice(["?x=1&y", {"q": "1", "n": 2}, [["a", "b"], ["c"]], ""])
    if rng.random() < 0.5:
        req["data"] = rng.choice(
            ['{"k": "v"}', "a=1&b=2", {"a": [1, 2], "b": {"c": "d"}}, [1, 2], "raw body", 12]
        )
    if rng.random() < 0.3:
        req["env"] = {
            "REMOTE_ADDR": rng.choice(["1.2.3.4", "bogus", "{{auto}}"]),
            "SERVER_NAME": "s",
        }
    if rng.random() < 0.1:
        req["fragment"] = "frag2"
    if rng.random() < 0.05:
        req["inferred_content_type"] = "application/json"
    return req


def _user(rng: random.Random) -> dict[str, Any]:
    u: dict[str, Any] = {}
    if rng.random() < 0.6:
        u["id"] = rng.choice([42, "u-1", 1.5, True])
    if rng.random() < 0.4:
        u["email"] = rng.choice(["a@b.invalid", 5, "e" * 100])
    if rng.random() < 0.4:
        u["username"] = rng.choice(["bob", "\u00fc\u00df", 7])
    if rng.random() < 0.4:
        u["ip_address"] = rng.choice(["1.2.3.4", "{{auto}}", "::1", "10.0.0.0/8", "nope"])
    if rng.random() < 0.2:
        u["name"] = _text(rng)
    if rng.random() < 0.2:
        u["data"] = rng.choice([{"d": 1}, "notadict", {"k%d" % i: i for i in range(55)}])
    if rng.random() < 0.3:
        u["extra_" + _text(rng, 1, 5)] = _value(rng)
    if rng.random() < 0.05:
        u["geo"] = {"city": "X", "country_code": "DE"}
    return u


def _contexts(rng: random.Random) -> dict[str, Any]:
    ctx: dict[str, Any] = {}
    if rng.random() < 0.5:
        ctx["os"] = rng.choice(
            [{"name": "Linux", "version": "5.4"}, {"raw_description": "Microsoft Windows NT 10.0.17134.0"},
             {"name": "Android", "rooted": rng.choice([True, False])}, {"raw_description": "Linux 5.4.0-42-generic x"},
             {"raw_description": "Mac OS X 10.14.6 (18G95)"}]
        )  # fmt: skip
    if rng.random() < 0.4:
        ctx["runtime"] = rng.choice([{"name": "CPython", "version": "3.8.2"}, {"raw_description": "Mono 5.20.1 (abc)"},
                                     {"name": ".NET Framework", "build": "461808"}])  # fmt: skip
    if rng.random() < 0.3:
        ctx["browser"] = {"name": "Firefox", "version": rng.choice(["75.0", None, ""])}
    if rng.random() < 0.3:
        ctx["device"] = {
            "model": "iPhone10,6",
            "family": "iOS",
            "battery_level": 50.5,
            "charging": True,
            "memory_size": 2**40,
        }
    if rng.random() < 0.1:
        ctx["app"] = {"device_app_hash": "abc", "app_start_time": "2019-11-29T04:00:00Z"}
    if rng.random() < 0.1:
        ctx["gpu"] = {"name": "G", "vendor_name": "V", "memory_size": 1024}
    if rng.random() < 0.3:
        ctx["custom"] = {
            "type": rng.choice(["default", "mystery", None]),
            **{"k%02d" % i: "v" * 40 for i in range(rng.choice([1, 5, 40]))},
        }
    if rng.random() < 0.1:
        ctx["nested"] = {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": 1}}}}}}}}
    if rng.random() < 0.05:
        ctx["bad"] = rng.choice(["string", [1, 2], 5])
    return ctx


def _meta_for_extra(rng: random.Random, extra: dict[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for key, value in extra.items():
        if isinstance(value, str) and value and rng.random() < 0.5:
            n = len(value.encode())
            a = rng.randint(0, n)
            b = rng.randint(a, n + 2)
            meta[key] = {"": {"rem": [["rule", rng.choice(["s", "x", "m", "p"]), a, b]]}}
    return meta


def generate_event(rng: random.Random, index: int = 0, salt: str = "") -> dict[str, Any]:
    """One random store body; ``salt`` + ``index`` make it unique."""
    marker = "sc%s-%d" % (salt, index)
    platform = rng.choice(_PLATFORMS)
    ev: dict[str, Any] = {"platform": platform, "fingerprint": ["{{ default }}", marker]}
    r = rng.random()
    if r < 0.3:
        ev["message"] = "%s %s" % (_text(rng), marker)
    elif r < 0.5:
        ev["logentry"] = rng.choice(
            [{"message": "Hello %s " + marker, "params": [_text(rng)]},
             {"message": "Named %(a)s " + marker, "params": {"a": 5}},
             {"message": "Brace {} " + marker, "params": ["b"]},
             {"formatted": "formatted " + marker, "message": "tmpl %s", "params": ["x"]},
             {"message": "bad %d " + marker, "params": ["notanumber"]}]
        )  # fmt: skip
    if rng.random() < 0.6:
        ev["exception"] = _exception(rng, platform, marker)
    elif rng.random() < 0.2:
        ev["stacktrace"] = _stacktrace(rng, platform)
    if rng.random() < 0.1:
        ev["threads"] = {"values": [{"id": 1, "crashed": True, "current": True, "name": "main",
                                     "stacktrace": _stacktrace(rng, platform)}, {"id": 2}]}  # fmt: skip
    if rng.random() < 0.35:
        ev["breadcrumbs"] = _breadcrumbs(rng)
    if rng.random() < 0.4:
        ev["request"] = _request(rng)
    if rng.random() < 0.5:
        ev["user"] = _user(rng)
    if rng.random() < 0.5:
        ev["contexts"] = _contexts(rng)
    if rng.random() < 0.5:
        ev["tags"] = rng.choice(
            [{"a": "b", "num": 5, "with space": "x", "long": "l" * 250},
             [["a", "1"], ["a", "2"], ["user", "u"]], {"\u00e9": "\u4e2d", "sentry:foo": "bar"}]
        )  # fmt: skip
    if rng.random() < 0.5:
        extra = {_text(rng, 1, 10) or "e": _value(rng) for _ in range(rng.choice([1, 3, 10, 55]))}
        ev["extra"] = extra
        if rng.random() < 0.3:
            ev["_meta"] = {"extra": _meta_for_extra(rng, extra)}
    if rng.random() < 0.2:
        ev["modules"] = {"m%d" % i: "1.%d" % i for i in range(rng.choice([1, 5]))}
    if rng.random() < 0.6:
        name, version = rng.choice(_SDKS)
        ev["sdk"] = {"name": name, "version": version}
        if rng.random() < 0.2:
            ev["sdk"]["integrations"] = ["a", "b"]
            ev["sdk"]["packages"] = [{"name": "pypi:x", "version": "1"}]
    if rng.random() < 0.5:
        ev["level"] = rng.choice(_LEVELS)
    for key, choices in (
        ("logger", ["my.logger", "x" * 70, ""]),
        ("release", ["1.0", "com.example.app-1.2.3", "a" * 40, "bad\nrelease"]),
        ("dist", ["5", "bad dist"]),
        ("environment", ["prod", "a/b", "e" * 70]),
        ("server_name", ["host1", ""]),
        ("transaction", ["/foo/bar", "t" * 250]),
        ("culprit", ["custom culprit", ""]),
    ):
        if rng.random() < 0.15:
            ev[key] = rng.choice(choices)
    if rng.random() < 0.05:
        ev["template"] = {"filename": "t.html", "lineno": rng.choice([3, None]), "context_line": "{{ x }}",
                          "pre_context": ["a"], "post_context": ["b"]}  # fmt: skip
    if rng.random() < 0.04:
        ev["debug_meta"] = {"images": [{"type": rng.choice(["symbolic", "macho", "proguard", "bogus"]),
                                        "debug_id": "e0e6ba6f-1f16-4bb8-9a3c-3b1a7c3e1a7c", "uuid": "e0e6ba6f-1f16-4bb8-9a3c-3b1a7c3e1a7c",
                                        "image_addr": "0x1000", "image_size": 4096, "code_file": "/x.so"}]}  # fmt: skip
    if rng.random() < 0.03:
        ev["csp"] = {"document_uri": "http://sc-test.invalid/" + marker, "effective_directive": "script-src",
                     "blocked_uri": rng.choice(["http://evil.invalid/x.js", "self", "data:image/png"]),
                     "violated_directive": "script-src 'self'"}  # fmt: skip
    if rng.random() < 0.03:
        ev["unknown_top_level"] = 1
    return ev


def generate_events(seed: int, count: int, salt: str = "") -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [generate_event(rng, i, salt) for i in range(count)]
