"""The oracle's state file: everything a client needs to talk to a running Sentry 9.1.2.

`<oracle dir>/state.json`, written atomically (temp file + rename) by the installer and read by
the client, the harvester and the probe. Standard library only, so tests can use it anywhere.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

STATE_FILE_NAME = "state.json"
STATE_FORMAT = 1
DEFAULT_DIR = Path("~/.cache/sentry-compat/oracle")
DEFAULT_PORT = 9000
#: Redis listens on the web port plus this offset unless told otherwise (9000 -> 10000), so that
#: it never takes the usual 6379 of someone else's Redis.
REDIS_PORT_OFFSET = 1000


class StateError(Exception):
    """The state file is missing, unreadable or incomplete; the message names the file and field."""


@dataclass
class OracleState:
    """What `compat reference up` recorded about one running oracle."""

    dir: str
    url: str
    port: int
    redis_port: int
    org: str = ""
    project: str = ""
    project_id: int = 0
    key_id: int = 0
    public_key: str = ""
    dsn: str = ""
    api_token: str = ""
    admin_email: str = ""
    admin_password: str = ""
    db_name: str = ""
    db_user: str = ""
    db_password: str = ""
    pg_host: str = "127.0.0.1"
    pg_port: int = 5432
    pg_cluster: str = ""
    #: True when `up` started the shared Debian PostgreSQL cluster (it was down); `down` still
    #: leaves it running unless asked with --stop-postgres.
    pg_started_by_oracle: bool = False
    mode: str = "native"
    python2: str = ""
    pids: dict[str, int] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    timings: dict[str, Any] = field(default_factory=dict)
    updated: str = ""
    format: int = STATE_FORMAT

    # ---- derived ------------------------------------------------------------------------
    @property
    def path(self) -> Path:
        return Path(self.dir) / STATE_FILE_NAME

    @property
    def session_path(self) -> Path:
        """Where the client keeps the logged-in session cookies (UI views need a session)."""
        return Path(self.dir) / "session.json"

    def oracle_versions(self) -> dict[str, str]:
        """The versions recorded with every harvested reference."""
        return dict(sorted(self.versions.items()))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str = "<state>") -> OracleState:
        if not isinstance(data, dict):
            raise StateError(f"{source}: expected a JSON object, got {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        for required in ("dir", "url", "port", "redis_port"):
            if required not in data:
                raise StateError(f"{source}: field {required!r} is missing")
        fmt = data.get("format", STATE_FORMAT)
        if fmt != STATE_FORMAT:
            raise StateError(f"{source}: field 'format' is {fmt!r}, this code reads {STATE_FORMAT}")
        return cls(**{k: v for k, v in data.items() if k in known})


def default_dir() -> Path:
    return DEFAULT_DIR.expanduser()


def state_path(oracle_dir: Path | str | None = None) -> Path:
    base = Path(oracle_dir).expanduser() if oracle_dir is not None else default_dir()
    return base / STATE_FILE_NAME


def write_json_file_atomic(path: Path, data: Any, *, mode: int | None = None) -> None:
    """Write `data` as indented JSON to `path` through a temp file in the same directory.

    The temp file is made by `mkstemp`, so the result is private (0600) unless `mode` says more.
    """
    from sentry_compat.corpus import write_bytes_atomic

    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    write_bytes_atomic(path, text.encode("utf-8"), force=True)
    if mode is not None:
        os.chmod(path, mode)


def save_state(state: OracleState) -> Path:
    """Write the state file atomically (mode 0600: it holds a token and passwords)."""
    write_json_file_atomic(state.path, state.to_dict(), mode=0o600)
    return state.path


def load_state(path: Path | str) -> OracleState:
    """Read a state file; `path` may also be the oracle directory holding it."""
    p = Path(path).expanduser()
    if p.is_dir():
        p = p / STATE_FILE_NAME
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StateError(f"{p}: no oracle state file (run `compat reference up`)") from None
    except OSError as exc:
        raise StateError(f"{p}: cannot read the state file: {exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StateError(f"{p}: invalid JSON at byte {exc.pos}: {exc.msg}") from exc
    return OracleState.from_dict(data, source=str(p))


def resolve_state(spec: str | os.PathLike[str] | None = None) -> OracleState:
    """Find the oracle state: an explicit path/dir, else env SENTRY_COMPAT_ORACLE, else the default dir.

    SENTRY_COMPAT_ORACLE may name a state file, an oracle directory, or (for an oracle started by
    other means) nothing else: URLs are not enough to log in, so they are refused with a message.
    """
    if spec is None:
        spec = os.environ.get("SENTRY_COMPAT_ORACLE") or None
    if spec is None:
        return load_state(state_path())
    text = os.fspath(spec)
    if text.startswith(("http://", "https://")):
        return state_for_url(text)
    return load_state(text)


def state_for_url(url: str) -> OracleState:
    """The state of the local oracle serving `url` (looked up in the default dir)."""
    try:
        state = load_state(state_path())
    except StateError as exc:
        raise StateError(
            f"SENTRY_COMPAT_ORACLE={url}: a URL alone carries no token or login; "
            f"point it at the oracle's state file instead ({exc})"
        ) from exc
    if state.url.rstrip("/") != url.rstrip("/"):
        raise StateError(
            f"SENTRY_COMPAT_ORACLE={url}: the state file {state.path} describes {state.url}; "
            "point SENTRY_COMPAT_ORACLE at the state file of the oracle you mean"
        )
    return state
