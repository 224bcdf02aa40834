"""Error factory: a Flask app served over real HTTP.

    SENTRY_DSN=http://key@127.0.0.1:PORT/1 FACTORY_PORT=8000 python app.py

Serves on 127.0.0.1:$FACTORY_PORT until SIGTERM, then flushes the SDK and exits
(../_shared/wsgi_server.py).  The requests come from ../_shared/http_client.py, another
process.  Runs with sentry-sdk 1.x/2.x (Flask 3.1) or raven 6.10 (Flask 2.3), whichever
the venv holds.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
from pathlib import Path

from flask import Flask, jsonify, request
from flask.typing import ResponseReturnValue

RELEASE = "factory@1.0.0"
ENVIRONMENT = "factory"
SERVER_NAME = "factory-host"
USER = {"id": "42", "username": "alice", "email": "alice@example.com"}
RAVEN = importlib.util.find_spec("sentry_sdk") is None

app = Flask("factory")
logger = logging.getLogger("factory.orders")
logger.setLevel(logging.INFO)

if RAVEN:
    from raven import Client
    from raven.contrib.flask import Sentry
    from raven.handlers.logging import SentryHandler
    from raven.transport.http import HTTPTransport

    # synchronous transport: every event is sent before the view's answer
    client = Client(
        os.environ["SENTRY_DSN"],
        release=RELEASE,
        environment=ENVIRONMENT,
        name=SERVER_NAME,
        transport=HTTPTransport,
    )
    sentry = Sentry(app, client=client)
    # on the app's own logger only: Flask's "Exception on ..." log record is no second event
    logger.addHandler(SentryHandler(client, level=logging.ERROR))
else:
    import sentry_sdk
    from sentry_sdk.integrations.flask import FlaskIntegration

    sentry_sdk.init(
        dsn=os.environ["SENTRY_DSN"],
        release=RELEASE,
        environment=ENVIRONMENT,
        server_name=SERVER_NAME,
        send_default_pii=True,  # cookies, the user's IP and the user set by the view
        integrations=[FlaskIntegration()],
    )


def divide(a: int, b: int) -> float:
    return a / b


def flush() -> None:
    if not RAVEN:  # raven sends synchronously
        sentry_sdk.flush(timeout=10)


@app.route("/orders/<int:order_id>/divide", methods=["GET", "POST"])
def divide_view(order_id: int) -> ResponseReturnValue:
    payload = request.get_json() if request.is_json else (request.form or request.args)
    quantity = int(payload.get("quantity", 1))
    return jsonify(total=divide(order_id * quantity, 0))


@app.route("/orders/<int:order_id>/checkout")
def checkout_view(order_id: int) -> ResponseReturnValue:
    if RAVEN:
        sentry.user_context(USER)
    else:
        sentry_sdk.set_user(USER)
    try:
        divide(order_id, 0)
    except ZeroDivisionError:
        if RAVEN:
            sentry.captureException()
        else:
            sentry_sdk.capture_exception()
    return jsonify(order=order_id, status="deferred")


@app.route("/orders/<int:order_id>/charge")
def charge_view(order_id: int) -> ResponseReturnValue:
    logger.error("order %s could not be charged: card %s declined", order_id, "visa")
    return jsonify(order=order_id, status="declined")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_shared"))
    from wsgi_server import serve

    serve(app, flush)
