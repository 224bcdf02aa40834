"""Error factory: a single-file Django app served over real HTTP.

    SENTRY_DSN=http://key@127.0.0.1:PORT/1 FACTORY_PORT=8000 python app.py

Serves on 127.0.0.1:$FACTORY_PORT until SIGTERM, then flushes the SDK and exits
(../_shared/wsgi_server.py).  The requests come from ../_shared/http_client.py, another
process.  Runs with sentry-sdk 1.x/2.x (Django 5.2) or raven 6.10 (Django 2.2), whichever
the venv holds.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

import django
from django.conf import settings

RELEASE = "factory@1.0.0"
ENVIRONMENT = "factory"
SERVER_NAME = "factory-host"
USER = {"id": "42", "username": "alice", "email": "alice@example.com"}
RAVEN = importlib.util.find_spec("sentry_sdk") is None

logger = logging.getLogger("factory.orders")


def configure() -> None:
    apps = ["django.contrib.contenttypes", "django.contrib.auth"]
    middleware = ["django.middleware.common.CommonMiddleware"]
    handlers: dict[str, Any] = {"console": {"class": "logging.StreamHandler"}}
    factory_handlers = ["console"]
    extra: dict[str, Any] = {}
    if RAVEN:
        apps.append("raven.contrib.django.raven_compat")
        middleware.insert(
            0, "raven.contrib.django.raven_compat.middleware.Sentry404CatchMiddleware"
        )
        handlers["sentry"] = {
            "level": "ERROR",
            "class": "raven.contrib.django.raven_compat.handlers.SentryHandler",
        }
        factory_handlers.append("sentry")
        extra["RAVEN_CONFIG"] = {
            "dsn": os.environ["SENTRY_DSN"],
            "release": RELEASE,
            "environment": ENVIRONMENT,
            "name": SERVER_NAME,
            # synchronous: every event is sent before the view's answer
            "transport": "raven.transport.http.HTTPTransport",
        }
    else:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration

        sentry_sdk.init(
            dsn=os.environ["SENTRY_DSN"],
            release=RELEASE,
            environment=ENVIRONMENT,
            server_name=SERVER_NAME,
            send_default_pii=True,  # cookies, the user's IP and the user set by the view
            integrations=[DjangoIntegration()],
        )
    settings.configure(
        DEBUG=False,
        SECRET_KEY="factory-secret-key",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=apps,
        MIDDLEWARE=middleware,
        DATABASES={},
        USE_TZ=True,
        LOGGING={
            "version": 1,
            "disable_existing_loggers": False,
            "handlers": handlers,
            "loggers": {"factory": {"handlers": factory_handlers, "level": "INFO"}},
        },
        **extra,
    )
    django.setup()


configure()

from django.http import HttpRequest, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402


def divide(a: int, b: int) -> float:
    return a / b


def set_user(request: HttpRequest) -> None:
    if RAVEN:
        from raven.contrib.django.raven_compat.models import client

        # raven-django's user from the request (Django auth; here only the IP) replaces this
        # context when the request is passed to captureException (observed)
        client.user_context(USER)
    else:
        import sentry_sdk

        sentry_sdk.set_user(USER)


def capture_exception(request: HttpRequest) -> None:
    if RAVEN:
        from raven.contrib.django.raven_compat.models import client

        client.captureException(request=request)
    else:
        import sentry_sdk

        sentry_sdk.capture_exception()


def flush() -> None:
    if not RAVEN:  # raven sends synchronously
        import sentry_sdk

        sentry_sdk.flush(timeout=10)


@csrf_exempt
def divide_view(request: HttpRequest, order_id: int) -> JsonResponse:
    if request.content_type == "application/json":
        payload = json.loads(request.body)
    else:
        payload = request.POST if request.method == "POST" else request.GET
    quantity = int(payload.get("quantity", 1))
    return JsonResponse({"total": divide(order_id * quantity, 0)})


def checkout_view(request: HttpRequest, order_id: int) -> JsonResponse:
    set_user(request)
    try:
        divide(order_id, 0)
    except ZeroDivisionError:
        capture_exception(request)
    return JsonResponse({"order": order_id, "status": "deferred"})


def charge_view(request: HttpRequest, order_id: int) -> JsonResponse:
    logger.error("order %s could not be charged: card %s declined", order_id, "visa")
    return JsonResponse({"order": order_id, "status": "declined"})


urlpatterns = [
    path("orders/<int:order_id>/divide", divide_view),
    path("orders/<int:order_id>/checkout", checkout_view),
    path("orders/<int:order_id>/charge", charge_view),
]


if __name__ == "__main__":
    from django.core.wsgi import get_wsgi_application

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_shared"))
    from wsgi_server import serve

    serve(get_wsgi_application(), flush)
