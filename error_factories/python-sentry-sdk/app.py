"""Error factory: a plain Python script raising errors through the real sentry-sdk.

    SENTRY_DSN=http://key@127.0.0.1:PORT/1 python app.py SCENARIO

Runs unchanged on sentry-sdk 0.10 to 2.x (APIs missing in old versions are
reached through small shims).  Every scenario flushes before returning.
"""

from __future__ import annotations

import logging
import os
import sys

import sentry_sdk

RELEASE = "factory@1.0.0"
ENVIRONMENT = "factory"


def init() -> None:
    sentry_sdk.init(
        dsn=os.environ["SENTRY_DSN"],
        release=RELEASE,
        environment=ENVIRONMENT,
        sample_rate=1.0,  # no performance data: traces_sample_rate stays unset
    )


def flush() -> None:
    sentry_sdk.flush(timeout=10)


def set_fingerprint(fingerprint: list[str]) -> None:
    scope_getter = getattr(sentry_sdk, "get_isolation_scope", None)
    if scope_getter is not None:  # 2.x
        scope_getter().fingerprint = fingerprint
        return
    with sentry_sdk.configure_scope() as scope:  # 0.x, 1.x
        scope.fingerprint = fingerprint


def scope_set(method: str, *args: object) -> None:
    """``sentry_sdk.<method>(*args)``, or the same on the scope where 0.10 has no shortcut."""
    if hasattr(sentry_sdk, method):
        getattr(sentry_sdk, method)(*args)
        return
    with sentry_sdk.configure_scope() as scope:
        if method == "set_user" and not hasattr(scope, "set_user"):
            scope.user = args[0]  # 0.10: a property
        else:
            getattr(scope, method)(*args)


def set_context(name: str, value: dict) -> None:
    if hasattr(sentry_sdk, "set_context"):
        sentry_sdk.set_context(name, value)
    else:  # 0.10: contexts through the scope
        with sentry_sdk.configure_scope() as scope:
            if hasattr(scope, "set_context"):
                scope.set_context(name, value)
            else:
                scope._contexts[name] = value


def divide(a: int, b: int) -> float:
    return a / b


def zero_division() -> None:
    divide(1, 0)  # unhandled: the excepthook integration reports it and flushes at exit


def captured_exception() -> None:
    numerator = 1
    try:
        divide(numerator, 0)
    except ZeroDivisionError:
        sentry_sdk.capture_exception()
    flush()


def load_setting(settings: dict, key: str) -> str:
    try:
        return settings[key]
    except KeyError as exc:
        raise ValueError(f"missing setting {key!r}") from exc


def chained_exception() -> None:
    try:
        load_setting({"debug": "1"}, "database_url")
    except ValueError:
        sentry_sdk.capture_exception()
    flush()


def captured_message() -> None:
    sentry_sdk.capture_message("hello from factory", level="warning")
    flush()


def logging_error() -> None:
    logger = logging.getLogger("factory.orders")
    logger.info("processing order %s", 42)  # becomes a breadcrumb
    try:
        divide(10, 0)
    except ZeroDivisionError:
        logger.exception("could not process order %s", 42)
    flush()


def message_params() -> None:
    logging.getLogger("factory.auth").error("%s failed to log in %d times", "alice", 3)
    flush()


def rich_context() -> None:
    sentry_sdk.add_breadcrumb(category="auth", message="user logged in", level="info")
    sentry_sdk.add_breadcrumb(
        category="http",
        type="http",
        data={"url": "/api/cart", "method": "POST", "status_code": 500},
    )
    scope_set("set_tag", "customer_tier", "gold")
    scope_set("set_tag", "feature.flag", "new-checkout")
    scope_set("set_user", {"id": "42", "username": "alice", "email": "alice@example.com"})
    scope_set("set_extra", "cart_items", 3)
    scope_set("set_extra", "coupon", {"code": "SAVE10", "valid": True})
    set_context("character", {"name": "Mighty Fighter", "age": 19, "attack_type": "melee"})
    try:
        divide(100, 0)
    except ZeroDivisionError:
        sentry_sdk.capture_exception()
    flush()


def custom_fingerprint() -> None:
    set_fingerprint(["{{ default }}", "factory-salt"])
    try:
        divide(5, 0)
    except ZeroDivisionError:
        sentry_sdk.capture_exception()
    flush()


def recurse(depth: int) -> int:
    return recurse(depth + 1) + 1


def deep_recursion() -> None:
    try:
        recurse(0)
    except RecursionError:
        sentry_sdk.capture_exception()
    flush()


def long_value() -> None:
    try:
        raise ValueError("x" * 20000)
    except ValueError:
        sentry_sdk.capture_exception()
    flush()


def unicode() -> None:
    greeting = "ünïcödé ✓ 日本語 🚀 — Ωμέγα"
    scope_set("set_tag", "greeting", "日本語")
    try:
        raise ValueError(greeting)
    except ValueError:
        sentry_sdk.capture_exception()
    flush()


SCENARIOS = {
    name: func
    for name, func in list(globals().items())
    if callable(func)
    and name
    in {
        "zero_division",
        "captured_exception",
        "chained_exception",
        "captured_message",
        "logging_error",
        "message_params",
        "rich_context",
        "custom_fingerprint",
        "deep_recursion",
        "long_value",
        "unicode",
    }
}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in SCENARIOS:
        sys.exit(f"usage: app.py {{{','.join(sorted(SCENARIOS))}}}")
    init()
    SCENARIOS[sys.argv[1]]()
