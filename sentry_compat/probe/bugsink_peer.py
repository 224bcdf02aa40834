"""A real Bugsink on loopback, to probe: its own venv, SQLite, a temp dir, a free port.

Bugsink is PolyForm Shield licensed: it is installed from PyPI and *run*, never read or
copied; everything here uses only its command-line tools (``bugsink-create-conf``,
``bugsink-manage``), their ``--help``, and the REST API its own OpenAPI schema describes:

1. ``pip install bugsink==<version>`` into ``<cache>/bugsink/venv-<version>`` (once);
2. ``bugsink-create-conf --template=local --host=127.0.0.1 --port=<port>`` in the temp dir,
   with ``"PHONEHOME": False`` added to its ``BUGSINK`` settings;
3. ``bugsink-manage migrate``, ``migrate snappea --database=snappea``, ``createsuperuser
   --noinput``, ``create_auth_token``;
4. ``gunicorn --bind 127.0.0.1:<port> bugsink.wsgi`` (``HOME`` is the temp dir: gunicorn
   keeps a control socket there);
5. ``POST /api/canonical/0/teams/`` and ``/projects/``; the project's ``dsn`` comes back from
   ``GET /api/canonical/0/projects/<id>/``.

Only the processes started here are stopped, by their pid.
"""

from __future__ import annotations

import dataclasses
import fcntl
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ..factories.runners import cache_dir
from .transport import ApiClient, TransportError

__all__ = ["DEFAULT_VERSION", "BugsinkError", "BugsinkPeer"]

#: the Bugsink release this project was checked against
DEFAULT_VERSION = "2.6.2"


class BugsinkError(RuntimeError):
    """Bugsink could not be installed or started; the message names the step and its output."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclasses.dataclass
class BugsinkPeer:
    """``with BugsinkPeer() as peer: peer.dsn, peer.api_url, peer.token``."""

    version: str = DEFAULT_VERSION
    directory: Path | None = None
    port: int = 0
    python: str = sys.executable
    project_name: str = "sentry-compat-probe"
    timeout: float = 60.0
    dsn: str = ""
    token: str = ""
    project_id: int = 0
    _process: subprocess.Popen[bytes] | None = None
    _own_dir: bool = False

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def venv(self) -> Path:
        return cache_dir() / "bugsink" / f"venv-{self.version}"

    def _bin(self, name: str) -> str:
        return str(self.venv / "bin" / name)

    # ---- steps ------------------------------------------------------------------------------
    def _run(self, step: str, cmd: list[str], **kwargs: Any) -> str:
        proc: subprocess.CompletedProcess[str] = subprocess.run(
            cmd, capture_output=True, text=True, **kwargs
        )
        if proc.returncode != 0:
            raise BugsinkError(
                f"bugsink {step} failed (exit {proc.returncode}): {' '.join(cmd)}\n"
                f"{proc.stdout[-2000:]}{proc.stderr[-3000:]}"
            )
        return proc.stdout

    def install(self) -> None:
        """The venv with Bugsink, built once per version under a lock."""
        target = self.venv
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target.with_name(target.name + ".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if (target / ".ready").exists():
                return
            # built in place (a venv's scripts name their interpreter by absolute path);
            # ".ready" marks a finished build, anything else is thrown away and redone
            shutil.rmtree(target, ignore_errors=True)
            try:
                self._run("venv", [self.python, "-m", "venv", str(target)])
                self._run(
                    "install",
                    [str(target / "bin" / "python"), "-m", "pip", "install", "-q",
                     "--disable-pip-version-check", f"bugsink=={self.version}"],
                    timeout=900,
                )  # fmt: skip
            except BaseException:
                shutil.rmtree(target, ignore_errors=True)
                raise
            (target / ".ready").write_text(self.version)

    def _env(self) -> dict[str, str]:
        assert self.directory is not None
        return {
            "PATH": f"{self.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            "HOME": str(self.directory),
            "LANG": "C.UTF-8",
            "DJANGO_SETTINGS_MODULE": "bugsink_conf",
            "PYTHONPATH": str(self.directory),
        }

    def configure(self) -> None:
        assert self.directory is not None
        conf = self.directory / "bugsink_conf.py"
        self._run(
            "create-conf",
            [self._bin("bugsink-create-conf"), "--template=local", "--host=127.0.0.1",
             f"--port={self.port}", "-o", str(conf)],
            cwd=self.directory, env=self._env(),
        )  # fmt: skip
        text = conf.read_text()
        if "BUGSINK = {" not in text:
            raise BugsinkError(f"{conf}: no BUGSINK settings to add PHONEHOME to")
        conf.write_text(text.replace("BUGSINK = {", 'BUGSINK = {\n    "PHONEHOME": False,', 1))
        manage = self._bin("bugsink-manage")
        env = self._env()
        self._run("migrate", [manage, "migrate", "-v0"], cwd=self.directory, env=env)
        self._run(
            "migrate snappea",
            [manage, "migrate", "snappea", "--database=snappea", "-v0"],
            cwd=self.directory, env=env,
        )  # fmt: skip
        self._run(
            "createsuperuser",
            [manage, "createsuperuser", "--noinput"],
            cwd=self.directory,
            env={
                **env,
                "DJANGO_SUPERUSER_USERNAME": "admin",
                "DJANGO_SUPERUSER_EMAIL": "admin@bugsink.invalid",
                "DJANGO_SUPERUSER_PASSWORD": secrets.token_urlsafe(16),
            },
        )
        out = self._run(
            "create_auth_token", [manage, "create_auth_token"], cwd=self.directory, env=env
        )
        tokens = [line.strip() for line in out.splitlines() if len(line.strip()) == 40]
        if not tokens:
            raise BugsinkError(f"create_auth_token printed no 40-character token: {out[-300:]!r}")
        self.token = tokens[-1]

    def serve(self) -> None:
        assert self.directory is not None
        log = open(self.directory / "gunicorn.log", "wb")
        self._process = subprocess.Popen(
            [self._bin("gunicorn"), "--bind", f"127.0.0.1:{self.port}", "--workers", "1",
             "--timeout", "120", "bugsink.wsgi"],
            cwd=self.directory, env=self._env(), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        log.close()
        api = ApiClient(self.api_url, self.token, retries=0, timeout=5)
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise BugsinkError(
                    f"gunicorn exited ({self._process.returncode}): {self.log()[-3000:]}"
                )
            try:
                if api.request("GET", "/api/canonical/0/projects/").status == 200:
                    return
            except TransportError:
                pass
            time.sleep(0.3)
        raise BugsinkError(f"Bugsink did not answer on {self.api_url} within {self.timeout:.0f} s")

    def create_project(self, name: str | None = None) -> tuple[int, str]:
        """A new team-less project in a team of its own; returns (id, DSN)."""
        api = ApiClient(self.api_url, self.token)
        team = api.post_json(
            "/api/canonical/0/teams/", {"name": f"{name or self.project_name}-team"}
        )
        project = api.post_json(
            "/api/canonical/0/projects/", {"name": name or self.project_name, "team": team["id"]}
        )
        detail = api.get_json(f"/api/canonical/0/projects/{project['id']}/")
        if not isinstance(detail, dict) or not detail.get("dsn"):
            raise BugsinkError(f"project {project.get('id')}: no DSN in {detail!r}")
        return int(detail["id"]), str(detail["dsn"])

    def log(self) -> str:
        if self.directory is None:
            return ""
        try:
            return (self.directory / "gunicorn.log").read_text(errors="replace")
        except OSError:
            return ""

    # ---- lifecycle --------------------------------------------------------------------------
    def start(self) -> BugsinkPeer:
        self.install()
        if self.directory is None:
            self.directory = Path(tempfile.mkdtemp(prefix="sentry-compat-bugsink-"))
            self._own_dir = True
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = self.port or _free_port()
        self.configure()
        self.serve()
        self.project_id, self.dsn = self.create_project()
        return self

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)  # the session gunicorn leads: ours only
            except ProcessLookupError:
                pass
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        if self._own_dir and self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> BugsinkPeer:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()
