"""Drive a framework factory over real HTTP, as its users do.

    python3 http_client.py SCENARIO -- SERVER COMMAND...
    FACTORY_SERVER="SERVER COMMAND" python3 http_client.py SCENARIO     (container images)

Starts the factory's app server (SERVER COMMAND, another process, with this process's
environment: ``SENTRY_DSN``, ``FACTORY_PORT``), waits until it listens on
127.0.0.1:$FACTORY_PORT, sends the scenario's request from this process (which has no
SDK, so no ``sentry-trace``/``baggage`` header is added), then stops the server with
SIGTERM: each app flushes its SDK on SIGTERM and exits 0.  Exits non-zero when the
server does not come up, the answer's status is not the expected one, or the server
does not stop in time or cleanly.

Every framework factory gets exactly the same requests (standard library only, fixed
headers, cookies and bodies), so their events differ only by what the SDK makes of them.
"""

from __future__ import annotations

import http.client
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from typing import Any

HOST = "127.0.0.1"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
HEADERS = {
    "User-Agent": BROWSER,
    "Accept": "application/json, text/html;q=0.9, */*;q=0.8",
    "Accept-Language": "en-US,en;q=0.5",
    "Cookie": "sessionid=factory-session-0001; theme=dark",
    "Referer": "http://localhost:8000/orders/",
    "X-Request-Id": "factory-request-0001",
}
JSON_BODY = {"quantity": 3, "items": [{"sku": "A-1", "price": 9.99}], "password": "hunter2"}
FORM_BODY = "quantity=3&note=fragile+items&password=hunter2"

#: scenario -> method, path with query string, extra headers, body, expected status
REQUESTS: dict[str, tuple[str, str, dict[str, str], bytes, int]] = {
    "view_error": ("GET", "/orders/42/divide?currency=EUR&debug=1", {}, b"", 500),
    "post_json_error": (
        "POST",
        "/orders/42/divide?source=api",
        {"Content-Type": "application/json", "Authorization": "Bearer factory-token-0001"},
        json.dumps(JSON_BODY).encode(),
        500,
    ),
    "post_form_error": (
        "POST",
        "/orders/42/divide",
        {"Content-Type": "application/x-www-form-urlencoded"},
        FORM_BODY.encode(),
        500,
    ),
    "handled_exception": ("GET", "/orders/42/checkout?coupon=SAVE10", {}, b"", 200),
    "logged_error": ("GET", "/orders/42/charge", {}, b"", 200),
    "not_found": ("GET", "/no/such/page?from=factory", {}, b"", 404),
}


def wait_listening(port: int, server: subprocess.Popen[Any], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"http_client: the server exited ({server.returncode}) before listening")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"http_client: nothing listens on {HOST}:{port} after {timeout:.0f} s")


def send(port: int, scenario: str) -> int:
    method, path, extra, body, expected = REQUESTS[scenario]
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.connect()
        # The ephemeral port this request comes from turns up in events (an ASGI scope's
        # ``client``); the capture session replaces it by a fixed one.
        print(f"FACTORY_CLIENT_PORT={connection.sock.getsockname()[1]}", flush=True)
        connection.request(method, path, body=body or None, headers={**HEADERS, **extra})
        response = connection.getresponse()
        answer = response.read()
    finally:
        connection.close()
    print(f"http_client: {method} {path} -> {response.status} ({len(answer)} bytes)")
    if response.status != expected:
        print(answer[:2000].decode("utf-8", "replace"), file=sys.stderr)
        return 1
    return 0


def stop(server: subprocess.Popen[Any], timeout: float) -> int:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        print(f"http_client: the server did not stop within {timeout:.0f} s", file=sys.stderr)
        return 1
    if server.returncode != 0:
        print(f"http_client: the server exited with {server.returncode}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    if "--" in argv:
        command = argv[argv.index("--") + 1 :]
    else:
        command = shlex.split(os.environ.get("FACTORY_SERVER", ""))
    if len(argv) < 2 or argv[1] not in REQUESTS or not command:
        sys.exit(f"usage: http_client.py {{{','.join(REQUESTS)}}} -- SERVER COMMAND...")
    scenario = argv[1]
    port = int(os.environ.get("FACTORY_PORT", "8000"))
    server = subprocess.Popen(command)
    try:
        wait_listening(port, server, timeout=float(os.environ.get("FACTORY_BOOT_TIMEOUT", "60")))
        status = send(port, scenario)
    finally:
        stopped = stop(server, timeout=30)
    return status or stopped


if __name__ == "__main__":
    sys.exit(main(sys.argv))
