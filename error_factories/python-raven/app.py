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


SCENARIOS = {
    "captured_exception": captured_exception,
    "captured_message": captured_message,
    "message_params": message_params,
    "rich_context": rich_context,
}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in SCENARIOS:
        sys.exit(f"usage: app.py {{{','.join(sorted(SCENARIOS))}}}")
    SCENARIOS[sys.argv[1]]()
