"""Error factory: the legacy raven-python 6.x client.

SENTRY_DSN=http://key@127.0.0.1:PORT/1 python app.py SCENARIO
"""

from __future__ import annotations

import logging
import os
import sys

from raven import Client
from raven.handlers.logging import SentryHandler
from raven.transport.http import HTTPTransport

# Synchronous transport: every send completes before the process exits.
client = Client(
    os.environ["SENTRY_DSN"],
    release="factory@1.0.0",
    environment="factory",
    transport=HTTPTransport,
)


def divide(a: int, b: int) -> float:
    return a / b


def zero_division() -> None:
    divide(1, 0)  # unhandled: raven's sys.excepthook sends it (synchronously), exit 1


def captured_exception() -> None:
    try:
        divide(1, 0)
    except ZeroDivisionError:
        client.captureException()


def captured_message() -> None:
    client.captureMessage("hello from factory")


def message_params() -> None:
    logger = logging.getLogger("factory.auth")
    logger.addHandler(SentryHandler(client, level=logging.ERROR))
    logger.error("%s failed to log in %d times", "alice", 3)


def rich_context() -> None:
    client.captureBreadcrumb(category="auth", message="user logged in", level="info")
    client.tags_context({"customer_tier": "gold"})
    client.user_context({"id": "42", "username": "alice", "email": "alice@example.com"})
    client.extra_context({"cart_items": 3})
    try:
        divide(100, 0)
    except ZeroDivisionError:
        client.captureException()


def load_setting(settings: dict, key: str) -> str:
    try:
        return settings[key]
    except KeyError as exc:
        raise ValueError(f"missing setting {key!r}") from exc


def chained_exception() -> None:
    try:
        load_setting({"debug": "1"}, "database_url")
    except ValueError:
        client.captureException()


def logging_error() -> None:
    logger = logging.getLogger("factory.orders")
    logger.addHandler(SentryHandler(client, level=logging.ERROR))
    try:
        divide(10, 0)
    except ZeroDivisionError:
        logger.exception("could not process order %s", 42)


def custom_fingerprint() -> None:
    try:
        divide(5, 0)
    except ZeroDivisionError:
        client.captureException(fingerprint=["{{ default }}", "factory-salt"])


def recurse(depth: int) -> int:
    return recurse(depth + 1) + 1


def deep_recursion() -> None:
    try:
        recurse(0)
    except RecursionError:
        client.captureException()


def long_value() -> None:
    try:
        raise ValueError("x" * 20000)
    except ValueError:
        client.captureException()


def unicode() -> None:
    try:
        raise ValueError("ünïcödé ✓ 日本語 🚀 — Ωμέγα")
    except ValueError:
        client.captureException(tags={"greeting": "日本語"})


SCENARIOS = {
    "zero_division": zero_division,
    "chained_exception": chained_exception,
    "logging_error": logging_error,
    "custom_fingerprint": custom_fingerprint,
    "deep_recursion": deep_recursion,
    "long_value": long_value,
    "unicode": unicode,
    "captured_exception": captured_exception,
    "captured_message": captured_message,
    "message_params": message_params,
    "rich_context": rich_context,
}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in SCENARIOS:
        sys.exit(f"usage: app.py {{{','.join(sorted(SCENARIOS))}}}")
    SCENARIOS[sys.argv[1]]()
