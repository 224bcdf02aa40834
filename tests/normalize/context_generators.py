"""Seeded generators of raw events for the context interfaces (logentry, request, user,
contexts, breadcrumbs, sdk, security reports), compared with 9.1.2's own ingest step.

    python3 -m tests.normalize.context_generators AREA [N] [--seed S] [--show K]

prints how many events ran and how many disagreed, by top-level field.  The ``test_<area>.py``
modules run a smaller batch of each under ``@pytest.mark.oracle``.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from collections.abc import Callable
from typing import Any

from tests.normalize.differential import compare

#: The top-level fields each area is judged on (plus the ``errors``/``_meta`` entries for them).
AREA_FIELDS: dict[str, tuple[str, ...]] = {
    "logentry": ("logentry",),
    "request": ("request", "user", "contexts"),
    "user": ("user", "request"),
    "contexts": ("contexts",),
    "breadcrumbs": ("breadcrumbs",),
    "sdk": ("sdk",),
    "security": ("csp", "hpkp", "expectct", "expectstaple", "user"),
}

_TEXT = [
    "",
    " ",
    "a",
    "x y",
    "é",
    "😀",
    "a/b",
    "a\nb",
    "%s",
    "%d",
    "100%",
    "{}",
    "ab" * 30,
    "null",
    "1",
]


def text(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        return rng.choice(_TEXT)
    if roll < 0.6:
        return rng.choice(_TEXT) * rng.randint(50, 400)
    return "".join(rng.choice("abcXYZ09 _-./:=&;?#%+\n\té😀") for _ in range(rng.randint(0, 30)))


def scalar(rng: random.Random) -> Any:
    kind = rng.randrange(6)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, 1, -1, 42, 255, 2**31, 2**53 + 1])
    if kind == 3:
        return rng.choice([0.0, 1.5, -2.5, 1e20, 30.0, 1e-7, 100.0])
    return text(rng)


def value(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 7 or roll < 0.55:
        return scalar(rng)
    if roll < 0.78:
        return [value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {(text(rng)[:12] or "k"): value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def _maybe(rng: random.Random, p: float, make: Callable[[], Any]) -> Any:
    return make() if rng.random() < p else value(rng)


# ------------------------------------------------------------------------------------ logentry
_TEMPLATES = [
    "Hello %s",
    "%s and %s",
    "%d items",
    "%(name)s is %(age)d",
    "%r",
    "100%% done %s",
    "%x %o %e",
    "{} braces {0}",
    "plain message",
    "%5.2f|%-3s|%#x",
    "% d %z %",
    "",
]


def gen_logentry(rng: random.Random) -> dict[str, Any]:
    def params() -> Any:
        roll = rng.random()
        if roll < 0.5:
            return [scalar(rng) for _ in range(rng.randint(0, 4))]
        if roll < 0.8:
            return {rng.choice(["name", "age", "x"]): scalar(rng) for _ in range(rng.randint(0, 3))}
        return value(rng)

    roll = rng.random()
    if roll < 0.15:
        return {"message": rng.choice([text(rng), scalar(rng), value(rng)])}
    entry: dict[str, Any] = {}
    for key, make in (
        ("message", lambda: rng.choice([rng.choice(_TEMPLATES), text(rng), scalar(rng)])),
        ("formatted", lambda: rng.choice([text(rng), scalar(rng)])),
        ("params", params),
        ("other", lambda: value(rng)),
    ):
        if rng.random() < (0.8 if key == "message" else 0.35):
            entry[key] = make()
    event: dict[str, Any] = {"logentry": entry if rng.random() < 0.9 else value(rng)}
    if rng.random() < 0.1:
        event["message"] = text(rng)
    return event


# ------------------------------------------------------------------------------------- request
_URLS = [
    "https://example.com/path?a=1&b=2#frag",
    "http://EXAMPLE.com:80/a/../b?x",
    "/relative/path?q=%20x+y",
    "http://localhost:8000/api/items/?page=2",
    "https://münchen.de/ä?ö=ü#é",
    "app:///main.js",
    "not a url",
    "http://",
    "https://x.com/p…",
    "http://[::1]:8080/",
    "?only=query",
]
_HEADER_NAMES = [
    "content-type",
    "Content-Type",
    "user-agent",
    "Cookie",
    "cookie",
    "x-forwarded-for",
    "X-Request-ID",
    "accept-language",
    "host",
    "",
]
_UA = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/74.0.3729.169 Safari/537.36",
    "curl/7.64.0",
    "python-requests/2.22.0",
]
_CONTENT_TYPES = [
    "application/json",
    "application/x-www-form-urlencoded",
    "text/plain; charset=utf-8",
    "",
]
_BODIES = [
    '{"a": 1, "b": [1, 2]}',
    "a=1&b=2",
    "a",
    "null",
    "[1, 2]",
    '"x"',
    "x=é&y=1",
    "a&b",
    "=1",
    "plain text",
]


def _pairs(rng: random.Random, names: list[str], values: Callable[[], Any]) -> Any:
    roll = rng.random()
    if roll < 0.45:
        return {rng.choice(names): values() for _ in range(rng.randint(0, 5))}
    if roll < 0.9:
        items: list[Any] = []
        for _ in range(rng.randint(0, 5)):
            if rng.random() < 0.85:
                items.append([rng.choice([*names, scalar(rng)]), values()])
            else:
                items.append(value(rng))
        return items
    return value(rng)


def _short(item: Any) -> Any:
    # ua-parser 0.7.3 (9.1.2's Python UA step) backtracks for minutes on long User-Agents
    return item[:100] if isinstance(item, str) else item


def gen_request(rng: random.Random) -> dict[str, Any]:
    def header_value() -> Any:
        roll = rng.random()
        if roll < 0.6:
            # short: ua-parser 0.7.3 (9.1.2's Python UA step) backtracks for minutes on long UAs
            return rng.choice([*_UA, *_CONTENT_TYPES, "a=1; b=2", "e; =f", text(rng)[:100]])
        if roll < 0.8:
            return [_short(scalar(rng)) for _ in range(rng.randint(0, 3))]
        return _short(scalar(rng))

    makers: dict[str, Callable[[], Any]] = {
        "url": lambda: rng.choice([rng.choice(_URLS), text(rng), scalar(rng)]),
        "method": lambda: rng.choice(
            ["GET", "post", "get me", "OPTIONS", "X", text(rng), scalar(rng)]
        ),
        "data": lambda: rng.choice([rng.choice(_BODIES), value(rng), text(rng)]),
        "query_string": lambda: rng.choice(
            ["a=1&b=&c", "?x=1", _pairs(rng, ["a", "b", "é"], lambda: scalar(rng)), value(rng)]
        ),
        "fragment": lambda: rng.choice([text(rng), scalar(rng)]),
        "cookies": lambda: rng.choice(
            ["a=1; b=2", "e; =f; g=h", _pairs(rng, ["a", "sid"], lambda: scalar(rng)), value(rng)]
        ),
        "headers": lambda: _pairs(rng, _HEADER_NAMES, header_value),
        "env": lambda: rng.choice(
            [
                {"REMOTE_ADDR": rng.choice(["1.2.3.4", "{{auto}}", "bad", "::1", scalar(rng)])},
                {"SERVER_NAME": text(rng), "REMOTE_ADDR": "10.0.0.1"},
                value(rng),
            ]
        ),
        "inferred_content_type": lambda: text(rng),
        "unknown": lambda: value(rng),
    }
    request = {k: make() for k, make in makers.items() if rng.random() < 0.4}
    event: dict[str, Any] = {"request": request if rng.random() < 0.95 else value(rng)}
    if rng.random() < 0.3:
        event["platform"] = rng.choice(["python", "javascript", "cocoa", "other"])
    if rng.random() < 0.2:
        event["user"] = rng.choice([{"id": "1"}, {"ip_address": "bad"}, {"ip_address": "9.9.9.9"}])
    return event


# ---------------------------------------------------------------------------------------- user
def gen_user(rng: random.Random) -> dict[str, Any]:
    makers: dict[str, Callable[[], Any]] = {
        "id": lambda: rng.choice([text(rng), scalar(rng), value(rng)]),
        "email": lambda: rng.choice(["a@example.com", text(rng), scalar(rng)]),
        "ip_address": lambda: rng.choice(
            [
                "1.2.3.4",
                "::1",
                "{{auto}}",
                "001.2.3.4",
                "10.0.0.0/8",
                "fe80::1%eth0",
                text(rng),
                scalar(rng),
            ]
        ),
        "username": lambda: rng.choice([text(rng), scalar(rng)]),
        "name": lambda: rng.choice([text(rng), scalar(rng)]),
        "geo": lambda: rng.choice(
            [{"city": text(rng), "country_code": "AT", "region": scalar(rng), "x": 1}, value(rng)]
        ),
        "data": lambda: rng.choice([{"a": value(rng)}, value(rng)]),
        "other_" + str(rng.randrange(3)): lambda: value(rng),
    }
    user = {k: make() for k, make in makers.items() if rng.random() < 0.4}
    event: dict[str, Any] = {"user": user if rng.random() < 0.93 else value(rng)}
    if rng.random() < 0.4:
        event["platform"] = rng.choice(["python", "javascript", "cocoa", "objc", "node"])
    if rng.random() < 0.25:
        event["request"] = {
            "env": {"REMOTE_ADDR": rng.choice(["5.6.7.8", "{{auto}}", "bad", scalar(rng)])}
        }
    return event


# ------------------------------------------------------------------------------------ contexts
_KINDS = ["os", "runtime", "browser", "device", "app", "gpu", "monitor", "trace", "custom", "x"]
_CTX_FIELDS = {
    "os": ["name", "version", "build", "kernel_version", "rooted", "raw_description"],
    "runtime": ["name", "version", "build", "raw_description"],
    "browser": ["name", "version"],
    "device": [
        "name",
        "family",
        "model",
        "arch",
        "battery_level",
        "memory_size",
        "simulator",
        "boot_time",
    ],
    "app": ["app_start_time", "app_name", "app_version", "app_build"],
    "trace": ["trace_id", "span_id", "parent_span_id", "op", "status"],
}
_RAW = [
    "Microsoft Windows NT 10.0.17134.0",
    "Mac OS X 10.14.4 (18E226)",
    "Linux 4.15.0-1044-aws #46-Ubuntu SMP",
    ".NET Framework 4.7.3062.0",
    "CPython 3.7.3",
    "Windows 10",
]


def gen_contexts(rng: random.Random) -> dict[str, Any]:
    def context(kind: str) -> Any:
        fields = _CTX_FIELDS.get(kind, ["a", "b", "type"])
        ctx: dict[str, Any] = {}
        for name in [*fields, "extra_key"]:
            if rng.random() < 0.5:
                if name == "raw_description":
                    ctx[name] = rng.choice(_RAW)
                elif name in ("trace_id",):
                    ctx[name] = rng.choice(["0123456789abcdef0123456789ABCDEF", text(rng)])
                elif name in ("span_id", "parent_span_id"):
                    ctx[name] = rng.choice(["0123456789ABCDEF", text(rng)])
                elif name == "build" and kind == "runtime":
                    ctx[name] = rng.choice([461808, "528040", scalar(rng)])
                else:
                    ctx[name] = rng.choice([text(rng), scalar(rng), value(rng)])
        if rng.random() < 0.15:
            ctx["type"] = rng.choice([*_KINDS, scalar(rng)])
        return ctx if rng.random() < 0.92 else value(rng)

    contexts = {rng.choice(_KINDS): context(rng.choice(_KINDS)) for _ in range(rng.randint(0, 4))}
    for key in list(contexts):
        if isinstance(contexts[key], dict) and rng.random() < 0.5:
            contexts[key] = context(key)
    return {"contexts": contexts if rng.random() < 0.95 else value(rng)}


# --------------------------------------------------------------------------------- breadcrumbs
def gen_breadcrumbs(rng: random.Random) -> dict[str, Any]:
    def crumb() -> Any:
        makers: dict[str, Callable[[], Any]] = {
            "timestamp": lambda: rng.choice(
                [
                    1563886400.5,
                    1563886400,
                    "2019-07-23T10:00:00Z",
                    "2019-07-23T10:00:00.123+02:00",
                    text(rng),
                    scalar(rng),
                ]
            ),
            "type": lambda: rng.choice(["default", "http", text(rng), scalar(rng)]),
            "category": lambda: rng.choice(["ui.click", text(rng), scalar(rng)]),
            "level": lambda: rng.choice(
                ["info", "warn", "warning", "critical", "log", 30, text(rng), scalar(rng)]
            ),
            "message": lambda: rng.choice([text(rng), scalar(rng)]),
            "data": lambda: rng.choice([{"url": "/x", "status_code": 200}, value(rng)]),
            "event_id": lambda: rng.choice(
                ["3b2e1d0c-4a5b-4c6d-8e7f-9a0b1c2d3e4f", text(rng), scalar(rng)]
            ),
            "other": lambda: value(rng),
        }
        c = {k: make() for k, make in makers.items() if rng.random() < 0.45}
        return c if rng.random() < 0.9 else value(rng)

    crumbs = [crumb() for _ in range(rng.randint(0, 6))]
    roll = rng.random()
    if roll < 0.5:
        return {"breadcrumbs": crumbs}
    if roll < 0.9:
        return {"breadcrumbs": {"values": crumbs}}
    return {"breadcrumbs": value(rng)}


# ----------------------------------------------------------------------------------------- sdk
def gen_sdk(rng: random.Random) -> dict[str, Any]:
    makers: dict[str, Callable[[], Any]] = {
        "name": lambda: rng.choice(["sentry.python", "raven-js", text(rng), scalar(rng)]),
        "version": lambda: rng.choice(["0.10.2", text(rng), scalar(rng)]),
        "integrations": lambda: rng.choice(
            [["django", "logging"], [scalar(rng) for _ in range(3)], value(rng)]
        ),
        "packages": lambda: rng.choice(
            [
                [{"name": "pypi:sentry-sdk", "version": "0.10.2"}],
                [value(rng) for _ in range(2)],
                value(rng),
            ]
        ),
        "client_ip": lambda: rng.choice(["1.2.3.4", text(rng)]),
        "other": lambda: value(rng),
    }
    sdk = {k: make() for k, make in makers.items() if rng.random() < 0.6}
    return {"sdk": sdk if rng.random() < 0.9 else value(rng)}


# ------------------------------------------------------------------------------------ security
def gen_security(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(["csp", "hpkp", "expectct", "expectstaple"])
    fields = {
        "csp": [
            "effective_directive",
            "blocked_uri",
            "document_uri",
            "referrer",
            "status_code",
            "line_number",
        ],
        "hpkp": [
            "hostname",
            "port",
            "include_subdomains",
            "known_pins",
            "served_certificate_chain",
        ],
        "expectct": ["hostname", "port", "scts", "date_time"],
        "expectstaple": ["hostname", "port", "response_status", "ocsp_response"],
    }[kind]
    data = {
        name: rng.choice([text(rng), scalar(rng), value(rng)])
        for name in fields
        if rng.random() < 0.6
    }
    return {kind: data if rng.random() < 0.9 else value(rng)}


GENERATORS: dict[str, Callable[[random.Random], dict[str, Any]]] = {
    "logentry": gen_logentry,
    "request": gen_request,
    "user": gen_user,
    "contexts": gen_contexts,
    "breadcrumbs": gen_breadcrumbs,
    "sdk": gen_sdk,
    "security": gen_security,
}


def explain(raw: dict[str, Any], problems: list[str]) -> str | None:
    """Why ``problems`` are expected for ``raw``, or None.  (The event-step differences once
    listed here are fixed: none is expected now.)"""
    return None


def run(step: Any, area: str, n: int, seed: int) -> tuple[int, int, Counter[str], list[Any]]:
    """``(events run, events that disagreed unexplained, disagreements by field, examples)``;
    examples are ``(raw, problems, explanation or None)``."""
    rng = random.Random(seed)
    disagreed = 0
    by_field: Counter[str] = Counter()
    examples: list[Any] = []
    for _ in range(n):
        event = GENERATORS[area](rng)
        _, fields, found = compare(step, [event], AREA_FIELDS[area])
        if fields:
            by_field.update(fields)
            raw, problems = found[0]
            why = explain(raw, problems)
            if why is None:
                disagreed += 1
            if len(examples) < 50:
                examples.append((raw, problems, why))
    return n, disagreed, by_field, examples


def check_area(step: Any, area: str, n: int = 300, seed: int = 11) -> None:
    """Assert that ``n`` generated events of ``area`` agree with 9.1.2's step (known event-step
    differences aside, see :func:`explain`)."""
    ran, unexplained, by_field, examples = run(step, area, n, seed)
    print("ran", ran, "disagreements by field", dict(by_field))
    assert not unexplained, [e for e in examples if e[2] is None][:3]


def main() -> None:
    from sentry_compat.reference.semaphore_step import SemaphoreStep

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("area", choices=[*GENERATORS, "all"])
    parser.add_argument("n", type=int, nargs="?", default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=5)
    args = parser.parse_args()
    areas = list(GENERATORS) if args.area == "all" else [args.area]
    with SemaphoreStep() as step:
        for area in areas:
            ran, disagreed, by_field, examples = run(step, area, args.n, args.seed)
            print(
                json.dumps(
                    {"area": area, "ran": ran, "unexplained": disagreed, "by_field": dict(by_field)}
                )
            )
            shown = [e for e in examples if e[2] is None][: args.show]
            for raw, problems, _ in shown:
                print("  ", json.dumps(raw, ensure_ascii=False)[:500])
                for p in problems:
                    print("      ", p[:300])


if __name__ == "__main__":
    main()


# ------------------------------------------------------------------ security reports, end to end
def post_security_report(
    body: dict[str, Any],
    content_type: str,
    *,
    user_agent: str | None,
    params: dict[str, str] | None = None,
    nonce: str,
) -> dict[str, Any] | None:
    """POST ``body`` to the oracle's ``/api/<project>/security/`` and return what 9.1.2 stored
    (``{"stored", "received"}``), or None when it answered anything but 201.  ``nonce`` must occur
    in the stored search message (a hostname or a violated-directive source) to find the event."""
    import subprocess
    import time

    import requests

    from sentry_compat.reference.client import OracleClient
    from sentry_compat.reference.state import resolve_state

    state = resolve_state()
    headers = {"Content-Type": content_type, "Connection": "close", "User-Agent": user_agent}
    resp = requests.post(
        f"{state.url}/api/{state.project_id}/security/",
        params={"sentry_key": state.public_key, **(params or {})},
        data=json.dumps(body),
        headers=headers,  # a None User-Agent drops requests' own
        timeout=60,
    )
    if resp.status_code != 201:
        return None
    sql = (
        "SELECT message_id FROM sentry_message WHERE project_id = %d AND message LIKE '%%%s%%' "
        "ORDER BY id DESC LIMIT 1" % (state.project_id, nonce)
    )
    for _ in range(50):
        found = subprocess.run(
            ["psql", "-XAtq", "-h", state.pg_host, "-p", str(state.pg_port), "-U", state.db_user,
             "-d", state.db_name, "-c", sql],
            env={"PGPASSWORD": state.db_password, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()  # fmt: skip
        if found:
            stored = OracleClient(state).fetch(found)
            return {"stored": stored.stored, "received": stored.received}
        time.sleep(0.1)
    return None
