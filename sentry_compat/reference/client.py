"""Talk to the oracle: store an event, fetch its three references.

Request building and response parsing are pure functions (unit-tested without a server);
`OracleClient` is the thin part that sends them with `requests` (imported lazily).

What is fetched for one stored event, and why from there:

- stored JSON (reference a): the UI "JSON" link,
  `GET /organizations/<org>/issues/<group_id>/events/<event_id>/json/`
  (9.1.2 `web/frontend/group_event_json.py: GroupEventJsonView`, `event.as_dict()`). A Django
  view: it accepts a session only (an API token gets a 302 to the login page).
- API event (reference b): `GET /api/0/projects/<org>/<project>/events/<event_id>/`
  (`api/endpoints/project_event_details.py`). `/api/0/issues/<group_id>/events/latest/`
  (`group_events_latest.py`) answers with exactly this endpoint's response for the group's latest
  event (it forwards through the internal API client), so asking for the exact event gives the
  same document and cannot pick a different event of the same group when cases share a group.
  Its `groupID` also gives the group id for the other two URLs.
- grouping info: `GET /api/0/projects/<org>/<project>/events/<event_id>/grouping-info/?config=<id>`
  (`api/endpoints/event_grouping_info.py`) for every config 9.1.2 registers
  (`grouping/strategies/configurations.py`), combined into one `{config_id: document}`.
- node data (optional): the raw `event.data` from nodestore (table `nodestore_node`, id
  `md5("<project_id>:<event_id>")`, base64 of zlib of a Python 2 pickle of a plain dict), read with
  `psql` and decoded here; `stored` is this plus the event row's columns, see `as_dict()`.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import pickle
import subprocess
import time
import uuid
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode, urlsplit

if TYPE_CHECKING:
    import requests

    from sentry_compat.reference.state import OracleState

#: The grouping configs Sentry 9.1.2 registers, in the order they are written.
GROUPING_CONFIGS: tuple[str, ...] = ("legacy:2019-03-12", "new:wip")
DEFAULT_SENTRY_CLIENT = "sentry-compat-oracle/1.0"
CSRF_COOKIE = "sc"  # 9.1.2 conf/server.py: CSRF_COOKIE_NAME
SESSION_COOKIE = "sentrysid"  # 9.1.2 conf/server.py: SESSION_COOKIE_NAME


class OracleError(RuntimeError):
    """The oracle answered something unexpected; the message names the URL and status."""

    def __init__(self, message: str, *, url: str = "", status: int = 0, body: str = "") -> None:
        self.url = url
        self.status = status
        self.body = body
        super().__init__(message)


@dataclass(frozen=True)
class HttpRequest:
    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    data: dict[str, str] | None = None  # form fields (login)


# ---- store ----------------------------------------------------------------------------------


def auth_header(public_key: str, sentry_client: str | None, version: int | str = 7) -> str:
    """The `X-Sentry-Auth` header of a store request (9.1.2 needs no secret).  Without a
    `sentry_client` 9.1.2 takes the client from the `User-Agent` (raven-go sends none)."""
    client = f", sentry_client={sentry_client}" if sentry_client else ""
    return f"Sentry sentry_version={version}{client}, sentry_key={public_key}"


def store_url(base_url: str, project_id: int) -> str:
    return f"{base_url.rstrip('/')}/api/{int(project_id)}/store/"


def encode_event(event: Mapping[str, Any] | bytes) -> bytes:
    if isinstance(event, bytes):
        return event
    return json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build_store_request(
    base_url: str,
    project_id: int,
    public_key: str,
    event: Mapping[str, Any] | bytes,
    *,
    sentry_client: str | None = DEFAULT_SENTRY_CLIENT,
    user_agent: str | None = None,
    gzip_body: bool = False,
    protocol_version: str = "7",
) -> HttpRequest:
    """`POST /api/<project_id>/store/` for one event (a dict, or bytes sent as they are)."""
    body = encode_event(event)
    headers = {
        "Content-Type": "application/json",
        "X-Sentry-Auth": auth_header(public_key, sentry_client, protocol_version),
        "User-Agent": user_agent or sentry_client or DEFAULT_SENTRY_CLIENT,
    }
    if gzip_body:
        body = gzip.compress(body, mtime=0)
        headers["Content-Encoding"] = "gzip"
    return HttpRequest("POST", store_url(base_url, project_id), headers, body)


def parse_store_response(status: int, body: bytes | str, *, url: str = "") -> str:
    """The event id from a store answer (`{"id": "..."}`), else an OracleError with the reason."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    if status != 200:
        raise OracleError(
            f"store {url or ''} answered {status}: {text[:300]}", url=url, status=status, body=text
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise OracleError(
            f"store {url} answered 200 with non-JSON at byte {exc.pos}: {text[:200]!r}",
            url=url,
            status=status,
            body=text,
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise OracleError(f"store {url} answered 200 without an id: {text[:200]}", url=url)
    return str(data["id"])


def normalize_event_id(value: str) -> str:
    """The 32-hex form Sentry stores (dashes removed, lower case)."""
    return uuid.UUID(str(value)).hex


# ---- fetch URLs -----------------------------------------------------------------------------


def event_details_url(base_url: str, org: str, project: str, event_id: str) -> str:
    return f"{base_url.rstrip('/')}/api/0/projects/{quote(org)}/{quote(project)}/events/{event_id}/"


def group_latest_url(base_url: str, group_id: int | str) -> str:
    return f"{base_url.rstrip('/')}/api/0/issues/{group_id}/events/latest/"


def stored_json_url(base_url: str, org: str, group_id: int | str, event_id: str) -> str:
    return f"{base_url.rstrip('/')}/organizations/{quote(org)}/issues/{group_id}/events/{event_id}/json/"


def grouping_info_url(base_url: str, org: str, project: str, event_id: str, config: str) -> str:
    return (
        f"{base_url.rstrip('/')}/api/0/projects/{quote(org)}/{quote(project)}/events/"
        f"{event_id}/grouping-info/?{urlencode({'config': config})}"
    )


def login_url(base_url: str, org: str) -> str:
    """The organization's login page (`/auth/login/` only redirects there, without a CSRF cookie)."""
    return f"{base_url.rstrip('/')}/auth/login/{quote(org)}/"


def build_login_request(
    base_url: str, org: str, username: str, password: str, csrf_token: str
) -> HttpRequest:
    """The login form POST (Django CSRF: token from the `sc` cookie, and a same-origin Referer)."""
    url = login_url(base_url, org)
    return HttpRequest(
        "POST",
        url,
        {"Referer": url, "Content-Type": "application/x-www-form-urlencoded"},
        None,
        {
            "op": "login",
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": csrf_token,
        },
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def is_login_redirect(status: int, location: str | None) -> bool:
    """A UI view answered "log in first" (9.1.2 redirects to /auth/login/...)."""
    return status in (301, 302, 303) and "/auth/login" in (location or "")


def login_succeeded(status: int) -> bool:
    """9.1.2 answers a good login with a redirect (to /auth/login/, which then sends a logged-in
    user on), a bad one with 200 and the form again."""
    return status in (301, 302, 303)


def parse_json_response(status: int, body: bytes | str, *, url: str) -> Any:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    if status != 200:
        raise OracleError(
            f"GET {url} answered {status}: {text[:300]}", url=url, status=status, body=text
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise OracleError(
            f"GET {url}: invalid JSON at byte {exc.pos}: {text[:200]!r}", url=url, body=text
        ) from None


def group_id_of(api_event: Mapping[str, Any], *, url: str = "") -> int:
    gid = api_event.get("groupID")
    if gid in (None, ""):
        raise OracleError(f"{url}: the API event has no groupID", url=url)
    return int(str(gid))


def combine_grouping(documents: Mapping[str, Any]) -> dict[str, Any]:
    """One grouping document per case: `{config_id: grouping-info answer}` in config order."""
    ordered = [c for c in GROUPING_CONFIGS if c in documents]
    ordered += sorted(c for c in documents if c not in GROUPING_CONFIGS)
    return {c: documents[c] for c in ordered}


# ---- node data ------------------------------------------------------------------------------


def node_id(project_id: int, event_id: str) -> str:
    """9.1.2 `models/event.py: EventCommon.generate_node_id`."""
    return hashlib.md5(f"{project_id}:{normalize_event_id(event_id)}".encode()).hexdigest()


class _PlainUnpickler(pickle.Unpickler):
    """Loads the Python 2 pickle of a plain dict; refuses any class (nothing is executed)."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"node data holds an object of {module}.{name}")


def decode_node_data(value: str | bytes) -> dict[str, Any]:
    """9.1.2 `db/models/fields/gzippeddict.py`: base64(zlib(pickle(dict))) -> the dict."""
    raw = zlib.decompress(base64.b64decode(value))
    data = _PlainUnpickler(io.BytesIO(raw), encoding="utf-8").load()
    if not isinstance(data, dict):
        raise ValueError(f"node data is a {type(data).__name__}, expected a dict")
    return data


def node_data_sql(project_id: int, event_id: str) -> str:
    return f"SELECT data FROM nodestore_node WHERE id = '{node_id(project_id, event_id)}'"


# ---- the client -----------------------------------------------------------------------------


@dataclass
class StoredEvent:
    """What one store + fetch round trip produced."""

    event_id: str
    group_id: int
    api: dict[str, Any]
    stored: dict[str, Any]
    grouping: dict[str, Any]
    node_data: dict[str, Any] | None = None

    @property
    def received(self) -> float | None:
        value = self.stored.get("received")
        return float(value) if isinstance(value, int | float) else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "group_id": self.group_id,
            "received": self.received,
            "stored": self.stored,
            "api": self.api,
            "grouping": self.grouping,
            "node_data": self.node_data,
        }


class OracleClient:
    """A small client for one oracle; the logged-in session is kept in `<dir>/session.json`."""

    def __init__(self, state: OracleState, *, timeout: float = 60) -> None:
        import requests

        self.state = state
        self.timeout = timeout
        self.http: requests.Session = requests.Session()
        self.http.headers["Connection"] = "close"
        self._session_loaded = False

    def _send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """One request on a fresh connection.

        9.1.2's uwsgi `http-socket` closes each connection after its answer without a
        `Connection: close` header, so a pooled keep-alive connection is often dead when reused
        ("connection reset", about one request in ten): the pool is dropped after each request
        (the cookies stay).
        """
        try:
            return self.http.request(method, url, **kwargs)
        finally:
            self.http.close()

    # ---- session ------------------------------------------------------------------------
    def _load_session(self) -> bool:
        self._session_loaded = True
        try:
            cookies = json.loads(self.state.session_path.read_text())
        except (OSError, ValueError):
            return False
        if not isinstance(cookies, dict) or SESSION_COOKIE not in cookies:
            return False
        host = urlsplit(self.state.url).hostname or ""
        for name, value in cookies.items():
            self.http.cookies.set(name, value, domain=host, path="/")
        return True

    def _save_session(self) -> None:
        from sentry_compat.reference.state import write_json_file_atomic

        cookies = {c.name: c.value for c in self.http.cookies if c.value is not None}
        write_json_file_atomic(self.state.session_path, cookies, mode=0o600)

    def login(self, *, force: bool = False) -> None:
        """Log the admin in (UI views need a session) unless a saved session is loaded."""
        if not force and not self._session_loaded and self._load_session():
            return
        self.http.cookies.clear()
        url = login_url(self.state.url, self.state.org)
        first = self._send("GET", url, timeout=self.timeout, allow_redirects=False)
        csrf = self.http.cookies.get(CSRF_COOKIE)
        if not csrf:
            raise OracleError(
                f"GET {url} set no CSRF cookie {CSRF_COOKIE!r}", url=url, status=first.status_code
            )
        req = build_login_request(
            self.state.url, self.state.org, self.state.admin_email, self.state.admin_password, csrf
        )
        resp = self._send(
            "POST",
            req.url,
            data=req.data,
            headers=req.headers,
            timeout=self.timeout,
            allow_redirects=False,
        )
        if not login_succeeded(resp.status_code) or not self._whoami():
            raise OracleError(
                f"login as {self.state.admin_email} failed: POST {url} answered {resp.status_code}",
                url=url,
                status=resp.status_code,
            )
        self._save_session()

    def _whoami(self) -> str | None:
        """The user the session is logged in as (`GET /api/0/` with the session alone)."""
        resp = self._send(
            "GET", f"{self.state.url}/api/0/", timeout=self.timeout, allow_redirects=False
        )
        if resp.status_code != 200:
            return None
        user = resp.json().get("user")
        return user.get("username") if isinstance(user, dict) else None

    def _get_ui(self, url: str) -> Any:
        if not self._session_loaded:
            self.login()
        for attempt in range(2):
            resp = self._send("GET", url, timeout=self.timeout, allow_redirects=False)
            if is_login_redirect(resp.status_code, resp.headers.get("Location")) and attempt == 0:
                self.login(force=True)
                continue
            return parse_json_response(resp.status_code, resp.content, url=url)
        raise OracleError(f"GET {url}: still redirected to login after logging in", url=url)

    def _get_api(self, url: str, *, retries: int = 0) -> Any:
        for attempt in range(retries + 1):
            resp = self._send(
                "GET", url, headers=bearer(self.state.api_token), timeout=self.timeout
            )
            if resp.status_code == 404 and attempt < retries:
                time.sleep(0.2 * (attempt + 1))
                continue
            return parse_json_response(resp.status_code, resp.content, url=url)
        raise AssertionError("unreachable")

    def check(self) -> None:
        """The API token and the UI session both work."""
        s = self.state
        self._get_api(f"{s.url}/api/0/projects/{s.org}/{s.project}/")
        if not self._session_loaded:
            self.login()
        if self._whoami() != s.admin_email:
            self.login(force=True)

    # ---- store and fetch ------------------------------------------------------------------
    def store(
        self,
        event: Mapping[str, Any] | bytes,
        *,
        sentry_client: str | None = DEFAULT_SENTRY_CLIENT,
        user_agent: str | None = None,
        protocol_version: str = "7",
    ) -> str:
        s = self.state
        req = build_store_request(
            s.url,
            s.project_id,
            s.public_key,
            event,
            sentry_client=sentry_client,
            user_agent=user_agent,
            protocol_version=protocol_version,
        )
        resp = self._send("POST", req.url, data=req.body, headers=req.headers, timeout=self.timeout)
        return parse_store_response(resp.status_code, resp.content, url=req.url)

    def api_event(self, event_id: str) -> dict[str, Any]:
        s = self.state
        # with CELERY_ALWAYS_EAGER the event is saved before the store call answers; the few
        # retries only cover a slow buffer flush.
        url = event_details_url(s.url, s.org, s.project, normalize_event_id(event_id))
        try:
            return self._get_api(url, retries=5)  # type: ignore[no-any-return]
        except OracleError as exc:
            if exc.status == 404:
                raise OracleError(
                    f"event {event_id} was not saved (a duplicate event_id, a filter or a rate "
                    f"limit drops events silently; see {s.dir}/logs/web.log)",
                    url=url,
                    status=404,
                ) from None
            raise

    def stored_json(self, group_id: int, event_id: str) -> dict[str, Any]:
        s = self.state
        return self._get_ui(stored_json_url(s.url, s.org, group_id, normalize_event_id(event_id)))  # type: ignore[no-any-return]

    def grouping_info(self, event_id: str) -> dict[str, Any]:
        s = self.state
        docs = {
            config: self._get_api(
                grouping_info_url(s.url, s.org, s.project, normalize_event_id(event_id), config)
            )
            for config in GROUPING_CONFIGS
        }
        return combine_grouping(docs)

    def node_data(self, event_id: str) -> dict[str, Any] | None:
        s = self.state
        proc = subprocess.run(
            ["psql", "-XAtq", "-h", s.pg_host, "-p", str(s.pg_port), "-U", s.db_user,
             "-d", s.db_name, "-c", node_data_sql(s.project_id, event_id)],
            env={"PGPASSWORD": s.db_password, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=self.timeout,
        )  # fmt: skip
        if proc.returncode != 0:
            raise OracleError(f"psql node data for {event_id}: {proc.stderr.strip()[:300]}")
        text = proc.stdout.strip()
        return decode_node_data(text) if text else None

    def fetch(self, event_id: str, *, node_data: bool = False) -> StoredEvent:
        api = self.api_event(event_id)
        gid = group_id_of(api)
        return StoredEvent(
            event_id=normalize_event_id(event_id),
            group_id=gid,
            api=api,
            stored=self.stored_json(gid, event_id),
            grouping=self.grouping_info(event_id),
            node_data=self.node_data(event_id) if node_data else None,
        )

    def latest_for_group(self, group_id: int) -> dict[str, Any]:
        """`/api/0/issues/<id>/events/latest/` (same serializer as `api_event`)."""
        return self._get_api(group_latest_url(self.state.url, group_id))  # type: ignore[no-any-return]
