"""Error factory: a FastAPI app served over real HTTP by uvicorn.

    SENTRY_DSN=http://key@127.0.0.1:PORT/1 FACTORY_PORT=8000 python app.py

Serves on 127.0.0.1:$FACTORY_PORT until SIGTERM (uvicorn's own graceful shutdown), then
flushes the SDK and exits 0.  The requests come from ../_shared/http_client.py, another
process.  sentry-sdk 2.x enables its Starlette and FastAPI integrations by itself.
"""

from __future__ import annotations

import logging
import os
import signal
from typing import Any

import sentry_sdk
import uvicorn
from fastapi import FastAPI, Request

sentry_sdk.init(
    dsn=os.environ["SENTRY_DSN"],
    release="factory@1.0.0",
    environment="factory",
    server_name="factory-host",
    send_default_pii=True,  # cookies, the user's IP and the user set by the endpoint
)

app = FastAPI()
logger = logging.getLogger("factory.orders")


def divide(a: int, b: int) -> float:
    return a / b


@app.api_route("/orders/{order_id}/divide", methods=["GET", "POST"])
async def divide_view(order_id: int, request: Request) -> dict[str, Any]:
    if request.headers.get("content-type") == "application/json":
        payload: Any = await request.json()
    elif request.method == "POST":
        payload = await request.form()
    else:
        payload = request.query_params
    quantity = int(payload.get("quantity", 1))
    return {"total": divide(order_id * quantity, 0)}


@app.get("/orders/{order_id}/checkout")
async def checkout_view(order_id: int) -> dict[str, Any]:
    sentry_sdk.set_user({"id": "42", "username": "alice", "email": "alice@example.com"})
    try:
        divide(order_id, 0)
    except ZeroDivisionError:
        sentry_sdk.capture_exception()
    return {"order": order_id, "status": "deferred"}


@app.get("/orders/{order_id}/charge")
async def charge_view(order_id: int) -> dict[str, Any]:
    logger.error("order %s could not be charged: card %s declined", order_id, "visa")
    return {"order": order_id, "status": "declined"}


if __name__ == "__main__":
    port = int(os.environ.get("FACTORY_PORT", "8000"))
    # uvicorn shuts down on SIGTERM, then raises it again with the handler it found: a
    # handler of ours (doing nothing) lets run() return, so the flush below happens.
    signal.signal(signal.SIGTERM, lambda signum, frame: None)
    try:
        uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
    finally:
        sentry_sdk.flush(timeout=10)
