"""Install, start, inspect and stop a real BSD Sentry 9.1.2 ("the oracle") without Docker.

Debian 12 has neither Python 2.7 nor a Redis older than 7, so both come from Debian 11 (bullseye),
served by the same mirror as bookworm. The steps, each named, timed and logged to
`<dir>/logs/install.log`:

  apt-sources    bullseye from the bookworm mirror, pinned at priority 100 (only explicit picks)
  apt-packages   build tools and -dev libraries, PostgreSQL, python2.7 from bullseye
  redis-binary   bullseye's redis 6.0 unpacked into <dir>/redis (no system service, no port 6379;
                 Redis 7 breaks 9.1.2's digests Lua script)
  python2        the Python 2.7 used (bullseye's /usr/bin/python2.7 unless --python2), logged
  py3boot        a throw-away py3 venv holding virtualenv 20.21.1 (last one that makes 2.7 envs)
  venv           <dir>/venv, Python 2.7, pip 20.3.4 / setuptools 44.1.1 / wheel 0.37.1
  pip-sentry     sentry==9.1.2 semaphore==0.4.65 sentry-sdk==0.9.5 -c data/constraints.txt
  postgres       the shared Debian cluster on 127.0.0.1:5432, started if it is down
  database       a role and a database of this oracle's own (citext pre-created)
  redis          redis-server on 127.0.0.1:<port+1000>, pid file in <dir>/run
  config         <dir>/conf/sentry.conf.py + config.yml from data/ (CELERY_ALWAYS_EAGER)
  migrate        `sentry upgrade --noinput` (once per database)
  web            `sentry run web` (uwsgi) on 127.0.0.1:<port>, pid file in <dir>/run
  bootstrap      `sentry exec data/bootstrap.py`: admin, team, project, DSN key, API token
  verify         API token and UI session login work; state file written

Every step first checks whether its work is already done, so `up` over a running oracle takes
a few seconds. `down` stops only what `up` started, by pid. The PostgreSQL cluster is Debian's
shared `15/main`: `up` starts it when it is down and records that; `down` leaves it running
(other databases may live there) unless --stop-postgres is given and `up` had started it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import traceback
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from string import Template
from typing import Any

from sentry_compat.reference.state import (
    DEFAULT_PORT,
    REDIS_PORT_OFFSET,
    OracleState,
    StateError,
    default_dir,
    load_state,
    save_state,
    state_path,
    write_json_file_atomic,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
CONSTRAINTS_FILE = DATA_DIR / "constraints.txt"
SENTRY_VERSION = "9.1.2"
SEMAPHORE_VERSION = "0.4.65"
SENTRY_SDK_VERSION = "0.9.5"
VIRTUALENV_VERSION = "20.21.1"
DEBIAN_PYTHON2 = "/usr/bin/python2.7"
ORG_SLUG_DEFAULT = "sentry"
PROJECT_SLUG = "oracle"
ADMIN_EMAIL = "admin@oracle.invalid"
BULLSEYE_SOURCES = Path("/etc/apt/sources.list.d/sentry-compat-bullseye.sources")
BULLSEYE_PIN = Path("/etc/apt/preferences.d/sentry-compat-bullseye-pin")
#: bookworm packages the oracle builds or runs with (any installed version will do).
APT_PACKAGES = (
    "gcc", "g++", "make", "ca-certificates", "libpq-dev", "libxml2-dev", "libxslt1-dev",
    "libffi-dev", "libjpeg-dev", "zlib1g-dev", "libyaml-dev", "postgresql", "postgresql-client",
)  # fmt: skip
#: only bullseye has these (bookworm dropped Python 2).
APT_PYTHON2_PACKAGES = ("python2.7", "python2.7-dev")
REDIS_DEB = "redis-tools"  # bullseye's redis-tools holds the one redis binary and redis-cli


class InstallError(RuntimeError):
    """A step of `up`/`down` failed; the message names the step and the log file."""

    def __init__(self, step: str, log_path: Path | str, message: str) -> None:
        self.step = step
        self.log_path = Path(log_path)
        super().__init__(f"oracle step {step!r} failed: {message} (log: {log_path})")


@dataclass
class InstallOptions:
    dir: Path = field(default_factory=default_dir)
    port: int = DEFAULT_PORT
    redis_port: int | None = None
    python2: str | None = None
    pg_host: str = "127.0.0.1"
    pg_port: int = 5432
    project: str = PROJECT_SLUG
    docker: bool = False

    def __post_init__(self) -> None:
        self.dir = Path(self.dir).expanduser().resolve()
        if self.redis_port is None:
            self.redis_port = self.port + REDIS_PORT_OFFSET

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


# ----------------------------------------------------------------------------------------------
# small helpers (pure where possible)


def database_name(oracle_dir: Path) -> str:
    """This oracle's own PostgreSQL database (and role) name, stable for a given directory."""
    if oracle_dir == default_dir().resolve():
        return "sentry_compat_oracle"
    digest = hashlib.sha1(str(oracle_dir).encode()).hexdigest()[:8]
    return f"sentry_compat_oracle_{digest}"


def build_dsn(url: str, public_key: str, project_id: int) -> str:
    scheme, _, host = url.partition("://")
    return f"{scheme}://{public_key}@{host.rstrip('/')}/{project_id}"


def render_template(path: Path, values: dict[str, Any]) -> str:
    return Template(path.read_text(encoding="utf-8")).substitute(
        {k: str(v) for k, v in values.items()}
    )


def parse_debian_sources(text: str) -> list[dict[str, str]]:
    """deb822 `.sources` stanzas as dicts (keys lower-cased, continuation lines joined)."""
    stanzas: list[dict[str, str]] = []
    current: dict[str, str] = {}
    last = ""
    for line in text.splitlines():
        if not line.strip():
            if current:
                stanzas.append(current)
            current, last = {}, ""
            continue
        if line.startswith("#"):
            continue
        if line[0] in " \t" and last:
            current[last] += " " + line.strip()
            continue
        key, sep, value = line.partition(":")
        if sep:
            last = key.strip().lower()
            current[last] = value.strip()
    if current:
        stanzas.append(current)
    return stanzas


def bookworm_mirror(sources_dir: Path = Path("/etc/apt")) -> tuple[str, str]:
    """(URI, Signed-By keyring) of the configured bookworm main archive, for the bullseye entry."""
    for path in sorted((sources_dir / "sources.list.d").glob("*.sources")):
        for stanza in parse_debian_sources(path.read_text(encoding="utf-8", errors="replace")):
            suites = stanza.get("suites", "").split()
            if "bookworm" in suites and stanza.get("enabled", "yes").lower() != "no":
                uri = stanza.get("uris", "").split()[0] if stanza.get("uris") else ""
                if uri and "security" not in uri:
                    return uri, stanza.get(
                        "signed-by", "/usr/share/keyrings/debian-archive-keyring.gpg"
                    )
    lists = [sources_dir / "sources.list", *sorted((sources_dir / "sources.list.d").glob("*.list"))]
    for path in lists:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            m = re.match(r"^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+bookworm\s", line)
            if m and "security" not in m.group(1):
                return m.group(1), "/usr/share/keyrings/debian-archive-keyring.gpg"
    raise RuntimeError("no bookworm entry found in /etc/apt/sources.list{,.d}")


def bullseye_configured(sources_dir: Path = Path("/etc/apt")) -> bool:
    """Whether some apt source (ours or another) already serves bullseye main."""
    for path in sorted((sources_dir / "sources.list.d").glob("*.sources")):
        for stanza in parse_debian_sources(path.read_text(encoding="utf-8", errors="replace")):
            if (
                "bullseye" in stanza.get("suites", "").split()
                and stanza.get("enabled", "yes").lower() != "no"
            ):
                return True
    lists = [sources_dir / "sources.list", *sorted((sources_dir / "sources.list.d").glob("*.list"))]
    for path in lists:
        if path.exists() and re.search(
            r"^\s*deb\s+(?:\[[^\]]*\]\s+)?\S+\s+bullseye\s",
            path.read_text(encoding="utf-8", errors="replace"),
            re.M,
        ):
            return True
    return False


def pid_alive(pid: int | None) -> bool:
    if not pid or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie is not alive
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rpartition(")")[2].split()[0] == "Z":
            return False
    return True


def pid_cmdline(pid: int) -> str:
    try:
        return (
            Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        )
    except OSError:
        return ""


def read_pidfile(path: Path) -> int | None:
    try:
        return int(path.read_text().strip() or 0) or None
    except (OSError, ValueError):
        return None


def port_open(port: int, host: str = "127.0.0.1", timeout: float = 0.5) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        return sock.connect_ex((host, port)) == 0


def http_status(url: str, *, headers: dict[str, str] | None = None, timeout: float = 5) -> int:
    """Status of a GET without following redirects (0 when nothing answers)."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=timeout) as r:
            return int(r.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (urllib.error.URLError, OSError):
        return 0


def dist_versions(site_packages: Path, names: Sequence[str]) -> dict[str, str]:
    """Installed versions from the `.dist-info`/`.egg-info` directory names alone.

    (Only names are listed: semaphore's files are never opened, see CONTRIBUTING.md.)
    """
    found: dict[str, str] = {}
    wanted = {n.lower().replace("-", "_"): n for n in names}
    if not site_packages.is_dir():
        return found
    for entry in site_packages.iterdir():
        m = re.match(r"^(.+?)-(\d[^-]*?)(?:-py\d\.\d+)?\.(?:dist|egg)-info$", entry.name)
        if m and m.group(1).lower().replace("-", "_") in wanted:
            found[wanted[m.group(1).lower().replace("-", "_")]] = m.group(2)
    return found


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# ----------------------------------------------------------------------------------------------
# step runner


class StepRunner:
    """Runs named steps, timing each and logging commands and their output to one log file."""

    def __init__(self, log_path: Path, echo: Callable[[str], None] | None = None) -> None:
        self.log_path = log_path
        self.echo = echo or (lambda _msg: None)
        self.timings: dict[str, float] = {}
        self.results: dict[str, str] = {}
        self.current = "start"
        #: called with a step's name when it starts (the CLI shows it in a spinner)
        self.on_start: Callable[[str], None] | None = None
        log_path.parent.mkdir(parents=True, exist_ok=True)

    def log(self, text: str) -> None:
        with self.log_path.open("a", encoding="utf-8") as fp:
            fp.write(text if text.endswith("\n") else text + "\n")

    def step(self, name: str, fn: Callable[[], str]) -> str:
        self.current = name
        if self.on_start is not None:
            self.on_start(name)
        self.log(f"\n=== {now_iso()} step {name} ===")
        start = time.monotonic()
        try:
            result = fn()
        except InstallError:
            raise
        except Exception as exc:
            self.log(traceback.format_exc())
            raise InstallError(name, self.log_path, f"{type(exc).__name__}: {exc}") from exc
        elapsed = time.monotonic() - start
        self.timings[name] = round(elapsed, 2)
        self.results[name] = result
        self.log(f"=== step {name}: {result} ({elapsed:.2f} s) ===")
        self.echo(f"{name:<13} {elapsed:7.1f} s  {result}")
        return result

    def run(
        self,
        cmd: Sequence[str],
        *,
        env: dict[str, str] | None = None,
        timeout: float | None = 600,
        check: bool = True,
        capture: bool = False,
        input: str | None = None,
        cwd: Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run a command; its output goes to the log (stdout is also returned when `capture`)."""
        self.log("$ " + shlex.join(cmd))
        full_env = {**os.environ, **(env or {})}
        with self.log_path.open("a", encoding="utf-8") as logf:
            proc = subprocess.run(
                list(cmd),
                env=full_env,
                stdout=subprocess.PIPE if capture else logf,
                stderr=logf,
                stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
                input=input,
                text=True,
                timeout=timeout,
                cwd=cwd,
                check=False,
            )
        if capture and proc.stdout:
            self.log(proc.stdout[-4000:])
        if check and proc.returncode != 0:
            raise InstallError(
                self.current,
                self.log_path,
                f"`{shlex.join(cmd)[:200]}` exited with status {proc.returncode}",
            )
        return proc


# ----------------------------------------------------------------------------------------------
# the installer


class Installer:
    """`up`, `down` and `status` for one oracle directory."""

    def __init__(self, options: InstallOptions, echo: Callable[[str], None] | None = None) -> None:
        self.o = options
        self.dir = options.dir
        self.echo = echo or (lambda _msg: None)
        self.root = os.geteuid() == 0
        self.logs = self.dir / "logs"
        self.run_dir = self.dir / "run"
        self.venv = self.dir / "venv"
        self.conf = self.dir / "conf"
        self.redis_root = self.dir / "redis"
        self.runner = StepRunner(self.logs / "install.log", self.echo)
        self.previous: OracleState | None = None
        with contextlib.suppress(StateError):
            self.previous = load_state(state_path(self.dir))
        self.secrets = self._load_secrets()
        self.db_name = (self.previous.db_name if self.previous else "") or database_name(self.dir)
        self.python2 = ""
        self.apt_updated = False
        self.config_changed = False
        self.pg_cluster = ""
        self.pg_started = bool(self.previous and self.previous.pg_started_by_oracle)
        self.bootstrap: dict[str, Any] = {}
        self.installed_something = False
        self.started = time.monotonic()

    # ---- privileges ---------------------------------------------------------------------
    def _sudo(self, cmd: Sequence[str]) -> list[str]:
        return list(cmd) if self.root else ["sudo", "-n", *cmd]

    def _as_postgres(self, cmd: Sequence[str]) -> list[str]:
        if self.root:
            return ["runuser", "-u", "postgres", "--", *cmd]
        return ["sudo", "-n", "-u", "postgres", *cmd]

    def _load_secrets(self) -> dict[str, str]:
        path = self.dir / "secrets.json"
        data: dict[str, str] = {}
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(path.read_text())
        changed = False
        makers: dict[str, Callable[[], str]] = {
            "db_password": lambda: secrets.token_hex(16),
            "admin_password": lambda: secrets.token_urlsafe(12),
            "api_token": lambda: secrets.token_hex(32),
            "secret_key": lambda: secrets.token_urlsafe(40),
        }
        for key, make in makers.items():
            if not data.get(key):
                data[key] = make()
                changed = True
        if changed:
            write_json_file_atomic(path, data, mode=0o600)
        return data

    @property
    def sentry_env(self) -> dict[str, str]:
        return {"SENTRY_CONF": str(self.conf), "PYTHONUNBUFFERED": "1", "PYTHONWARNINGS": "ignore"}

    def _sentry(self) -> str:
        return str(self.venv / "bin" / "sentry")

    # ---- steps ----------------------------------------------------------------------------
    def step_apt_sources(self) -> str:
        if BULLSEYE_SOURCES.exists() or bullseye_configured():
            result = "bullseye already configured"
        else:
            uri, keyring = bookworm_mirror()
            text = (
                "# added by sentry-compat's reference oracle: Python 2.7 and Redis 6 for Sentry 9.1.2\n"
                f"Types: deb\nURIs: {uri}\nSuites: bullseye\nComponents: main\nSigned-By: {keyring}\n"
            )
            self._write_root_file(BULLSEYE_SOURCES, text)
            result = f"added bullseye from {uri}"
            self.apt_updated = False
        pin = "Package: *\nPin: release n=bullseye\nPin-Priority: 100\n"
        if not BULLSEYE_PIN.exists() or BULLSEYE_PIN.read_text() != pin:
            self._write_root_file(BULLSEYE_PIN, pin)
            result += ", pinned at 100"
        return result

    def _write_root_file(self, path: Path, text: str) -> None:
        if self.root:
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_text(text)
            os.replace(tmp, path)
        else:
            self.runner.run(["sudo", "-n", "tee", str(path)], input=text)

    def _apt_update(self) -> None:
        if not self.apt_updated:
            self.runner.run(
                self._sudo(["apt-get", "update", "-o", "Acquire::Retries=5"]), timeout=900
            )
            self.apt_updated = True

    def _missing_packages(self, names: Sequence[str]) -> list[str]:
        proc = self.runner.run(
            ["dpkg-query", "-W", "-f=${Package} ${db:Status-Status}\n", *names],
            capture=True,
            check=False,
        )
        installed = {
            line.split()[0].split(":")[0]
            for line in proc.stdout.splitlines()
            if line.endswith(" installed")
        }
        return [n for n in names if n not in installed]

    def _apt_install(self, packages: Sequence[str]) -> None:
        self._apt_update()
        self.runner.run(
            self._sudo(
                [
                    "env", "DEBIAN_FRONTEND=noninteractive",
                    "apt-get", "install", "-y", "--no-install-recommends",
                    "-o", "Acquire::Retries=5", "-o", "Dpkg::Options::=--force-confold",
                    *packages,
                ]
            ),
            timeout=1800,
        )  # fmt: skip

    def step_apt_packages(self) -> str:
        wanted = list(APT_PACKAGES)
        if not self.o.python2:
            wanted += APT_PYTHON2_PACKAGES
        if subprocess.run(
            [sys.executable, "-c", "import ensurepip, venv"], capture_output=True
        ).returncode:
            wanted.append("python3-venv")
        missing = self._missing_packages(wanted)
        if not missing:
            return f"all {len(wanted)} packages present"
        self._apt_install(missing)
        return f"installed {' '.join(missing)}"

    def step_redis_binary(self) -> str:
        server = self.redis_root / "usr" / "bin" / "redis-server"
        if server.exists():
            version = self._redis_version(server)
            if version.startswith("6."):
                return f"redis {version} already unpacked"
        debs = self.redis_root / "debs"
        debs.mkdir(parents=True, exist_ok=True)
        for old in debs.glob("*.deb"):
            old.unlink()
        proc = self.runner.run(
            ["apt-get", "download", "-o", "Acquire::Retries=5", f"{REDIS_DEB}/bullseye"],
            cwd=debs,
            check=False,
            timeout=600,
        )
        if proc.returncode != 0:  # package lists without bullseye yet
            self._apt_update()
            self.runner.run(
                ["apt-get", "download", "-o", "Acquire::Retries=5", f"{REDIS_DEB}/bullseye"],
                cwd=debs,
                timeout=600,
            )
        deb = next(iter(sorted(debs.glob(f"{REDIS_DEB}_*.deb"))))
        depends = self.runner.run(["dpkg-deb", "-f", str(deb), "Depends"], capture=True).stdout
        deps = [
            alt.split()[0].split(":")[0]
            for part in depends.split(",")
            if (alt := part.split("|")[0].strip())
        ]
        missing = self._missing_packages(deps)
        if missing:
            self._apt_install(missing)
        self.runner.run(["dpkg-deb", "-x", str(deb), str(self.redis_root)])
        # Debian's redis-server package only adds this link: one binary, chosen by argv[0].
        if not server.is_symlink():
            server.unlink(missing_ok=True)
            server.symlink_to("redis-check-rdb")
        version = self._redis_version(server)
        if not version.startswith("6."):
            raise RuntimeError(f"{server} reports version {version!r}, expected 6.x")
        return f"redis {version} from {deb.name}" + (f" (+ {' '.join(missing)})" if missing else "")

    def _redis_version(self, server: Path) -> str:
        proc = self.runner.run([str(server), "--version"], capture=True, check=False)
        m = re.search(r"v=(\S+)", proc.stdout)
        return m.group(1) if m else ""

    def step_python2(self) -> str:
        candidate = self.o.python2 or DEBIAN_PYTHON2
        if not Path(candidate).exists():
            raise RuntimeError(f"{candidate} does not exist")
        proc = self.runner.run(
            [
                candidate,
                "-c",
                "import sys, ssl, zlib, sqlite3; sys.stdout.write('%d.%d.%d' % sys.version_info[:3])",
            ],
            capture=True,
        )
        version = proc.stdout.strip()
        if not version.startswith("2.7."):
            raise RuntimeError(f"{candidate} is Python {version}, not 2.7")
        self.python2 = candidate
        origin = "Debian bullseye package" if candidate == DEBIAN_PYTHON2 else "given by --python2"
        return f"{candidate} (Python {version}, {origin})"

    def step_py3boot(self) -> str:
        boot = self.dir / "py3boot"
        venv_bin = boot / "bin" / "virtualenv"
        if venv_bin.exists():
            return "present"
        if boot.exists():
            shutil.rmtree(boot)
        self.runner.run([sys.executable, "-m", "venv", str(boot)])
        self.runner.run(
            [
                str(boot / "bin" / "pip"),
                "install",
                "--disable-pip-version-check",
                "--retries",
                "5",
                "--timeout",
                "60",
                f"virtualenv=={VIRTUALENV_VERSION}",
            ],
            timeout=900,
        )
        return f"virtualenv {VIRTUALENV_VERSION} in {boot} (made with {sys.executable})"

    def step_venv(self) -> str:
        py = self.venv / "bin" / "python"
        marker = self.venv / ".sentry-compat-python2"
        if py.exists() and marker.exists() and marker.read_text() == self.python2:
            return "present"
        if self.venv.exists():
            shutil.rmtree(self.venv)
        self.runner.run(
            [
                str(self.dir / "py3boot" / "bin" / "virtualenv"),
                "--no-periodic-update",
                "-p",
                self.python2,
                str(self.venv),
            ],
            timeout=600,
        )
        marker.write_text(self.python2)
        return f"created with {self.python2}"

    def _pins_digest(self) -> str:
        digest = hashlib.sha256(CONSTRAINTS_FILE.read_bytes())
        digest.update(" ".join(self._requirements()).encode())
        return digest.hexdigest()

    def _requirements(self) -> list[str]:
        return [
            f"sentry=={SENTRY_VERSION}",
            f"semaphore=={SEMAPHORE_VERSION}",
            f"sentry-sdk=={SENTRY_SDK_VERSION}",
        ]

    def step_pip_sentry(self) -> str:
        marker = self.venv / ".sentry-compat-pins"
        digest = self._pins_digest()
        if marker.exists() and marker.read_text() == digest and Path(self._sentry()).exists():
            return "installed (pins unchanged)"
        self.runner.run(
            [
                str(self.venv / "bin" / "pip"),
                "install",
                "--disable-pip-version-check",
                "--no-input",
                "--retries",
                "5",
                "--timeout",
                "60",
                "-c",
                str(CONSTRAINTS_FILE),
                *self._requirements(),
            ],
            timeout=3600,
        )
        marker.write_text(digest)
        self.installed_something = True
        return "installed " + " ".join(self._requirements())

    def _pg_clusters(self) -> list[list[str]]:
        proc = self.runner.run(["pg_lsclusters", "--no-header"], capture=True, check=False)
        return [line.split() for line in proc.stdout.splitlines() if line.strip()]

    def step_postgres(self) -> str:
        clusters = [c for c in self._pg_clusters() if len(c) >= 4 and c[2] == str(self.o.pg_port)]
        result = ""
        if not clusters:
            versions = sorted(
                (p.name for p in Path("/usr/lib/postgresql").glob("*") if p.name.isdigit()),
                key=int,
            )
            if not versions:
                raise RuntimeError("PostgreSQL is not installed (/usr/lib/postgresql is empty)")
            self.runner.run(
                self._sudo(["pg_createcluster", versions[-1], "main", "-p", str(self.o.pg_port)])
            )
            clusters = [
                c for c in self._pg_clusters() if len(c) >= 4 and c[2] == str(self.o.pg_port)
            ]
            result = "created cluster, "
        ver, name, _port, status = clusters[0][:4]
        self.pg_cluster = f"{ver}/{name}"
        marker = self.run_dir / "postgres-started-by-oracle"
        if status != "online":
            self.runner.run(self._sudo(["pg_ctlcluster", ver, name, "start"]), timeout=120)
            self.pg_started = True
            marker.write_text(self.pg_cluster)
            result += f"started shared cluster {self.pg_cluster}"
        else:
            # still ours to stop if an earlier `up` started it and nobody stopped it since
            self.pg_started = marker.exists() and marker.read_text() == self.pg_cluster
            result += f"shared cluster {self.pg_cluster} already online" + (
                " (started by an earlier `up`)" if self.pg_started else ""
            )
        for _ in range(60):
            if (
                self.runner.run(
                    ["pg_isready", "-q", "-h", self.o.pg_host, "-p", str(self.o.pg_port)],
                    check=False,
                ).returncode
                == 0
            ):
                return result
            time.sleep(0.5)
        raise RuntimeError(
            f"cluster {self.pg_cluster} does not answer on {self.o.pg_host}:{self.o.pg_port} "
            "(listen_addresses must include 127.0.0.1; Debian's default 'localhost' does)"
        )

    def _psql_admin(self, sql: str, db: str = "postgres") -> str:
        proc = self.runner.run(
            self._as_postgres(
                [
                    "psql",
                    "-XAtq",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-p",
                    str(self.o.pg_port),
                    "-d",
                    db,
                    "-c",
                    sql,
                ]
            ),
            capture=True,
            cwd=Path("/"),
        )
        return proc.stdout.strip()

    def psql(self, sql: str) -> str:
        """Run SQL in the oracle's database as its own role (over TCP, like Sentry)."""
        proc = self.runner.run(
            ["psql", "-XAtq", "-v", "ON_ERROR_STOP=1", "-h", self.o.pg_host,
             "-p", str(self.o.pg_port), "-U", self.db_name, "-d", self.db_name, "-c", sql],
            env={"PGPASSWORD": self.secrets["db_password"]},
            capture=True,
        )  # fmt: skip
        return proc.stdout.strip()

    def step_database(self) -> str:
        name = self.db_name
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise RuntimeError(f"invalid database name {name!r}")
        password = self.secrets["db_password"].replace("'", "''")
        done = []
        if self._psql_admin(f"SELECT 1 FROM pg_roles WHERE rolname = '{name}'") != "1":
            self._psql_admin(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
            done.append("role")
        else:
            self._psql_admin(f"ALTER ROLE {name} LOGIN PASSWORD '{password}'")
        if self._psql_admin(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") != "1":
            self.runner.run(
                self._as_postgres(
                    ["createdb", "-p", str(self.o.pg_port), "-O", name, "-E", "UTF8",
                     "-T", "template0", name]
                ),
                cwd=Path("/"),
            )  # fmt: skip
            done.append("database")
        # 9.1.2's migration 0345 runs CREATE EXTENSION IF NOT EXISTS citext, which needs more
        # than database ownership on some setups: create it here as the cluster superuser.
        self._psql_admin("CREATE EXTENSION IF NOT EXISTS citext", db=name)
        return ("created " + " and ".join(done) if done else "present") + f": {name}"

    def step_redis(self) -> str:
        port = int(self.o.redis_port or 0)
        pidfile = self.run_dir / "redis.pid"
        pid = read_pidfile(pidfile)
        cli = str(self.redis_root / "usr" / "bin" / "redis-cli")
        if pid_alive(pid) and "redis-server" in pid_cmdline(pid or 0):
            if self._redis_ping(cli, port):
                return f"running (pid {pid}, port {port})"
        if port_open(port):
            raise RuntimeError(f"port {port} is taken by another process; pick --redis-port")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.runner.run(
            [str(self.redis_root / "usr" / "bin" / "redis-server"),
             "--bind", "127.0.0.1", "--port", str(port), "--daemonize", "yes",
             "--save", "", "--appendonly", "no", "--dir", str(self.run_dir),
             "--pidfile", str(pidfile), "--logfile", str(self.logs / "redis.log")]
        )  # fmt: skip
        for _ in range(50):
            if self._redis_ping(cli, port):
                return f"started (pid {read_pidfile(pidfile)}, port {port})"
            time.sleep(0.1)
        raise RuntimeError(f"redis does not answer PING on port {port} (see {self.logs}/redis.log)")

    def _redis_ping(self, cli: str, port: int) -> bool:
        proc = subprocess.run(
            [cli, "-h", "127.0.0.1", "-p", str(port), "ping"], capture_output=True, text=True
        )
        return proc.stdout.strip() == "PONG"

    def config_values(self) -> dict[str, Any]:
        """The fields of data/sentry.conf.py and data/config.yml for this oracle."""
        return {
            "db_name": self.db_name,
            "db_user": self.db_name,
            "db_password": self.secrets["db_password"],
            "pg_host": self.o.pg_host,
            "pg_port": self.o.pg_port,
            "redis_host": "127.0.0.1",
            "redis_port": self.o.redis_port,
            "web_host": "127.0.0.1",
            "port": self.o.port,
            "web_pidfile": self.run_dir / "web.pid",
            "secret_key": self.secrets["secret_key"],
            "url": self.o.url,
            "admin_email": ADMIN_EMAIL,
            "files_dir": self.dir / "files",
        }

    @staticmethod
    def write_config(conf_dir: Path, values: dict[str, Any]) -> list[str]:
        """Render the two config files into `conf_dir`; the names of those that changed."""
        conf_dir.mkdir(parents=True, exist_ok=True)
        changed = []
        for name in ("sentry.conf.py", "config.yml"):
            text = render_template(DATA_DIR / name, values)
            target = conf_dir / name
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                tmp = target.with_name(f".{name}.tmp")
                tmp.write_text(text, encoding="utf-8")
                os.chmod(tmp, 0o600)
                os.replace(tmp, target)
                changed.append(name)
        return changed

    def step_config(self) -> str:
        (self.dir / "files").mkdir(parents=True, exist_ok=True)
        changed = self.write_config(self.conf, self.config_values())
        self.config_changed = bool(changed)
        return "wrote " + ", ".join(changed) if changed else "unchanged"

    def step_migrate(self) -> str:
        marker = self.run_dir / "migrated"
        expect = f"{self.db_name} sentry=={SENTRY_VERSION}"
        if marker.exists() and marker.read_text() == expect:
            if self.psql("SELECT to_regclass('public.sentry_project') IS NOT NULL") == "t":
                return "database already migrated"
        self.runner.run([self._sentry(), "upgrade", "--noinput"], env=self.sentry_env, timeout=3600)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        marker.write_text(expect)
        self.installed_something = True
        return "sentry upgrade done"

    def web_pid(self) -> int | None:
        pid = read_pidfile(self.run_dir / "web.pid")
        return pid if pid_alive(pid) and "uwsgi" in pid_cmdline(pid or 0).lower() else None

    def step_web(self) -> str:
        pid = self.web_pid()
        health = f"{self.o.url}/_health/"
        if pid and not self.config_changed and http_status(health) == 200:
            return f"running (pid {pid})"
        if pid:
            self._stop_web(pid)
        if port_open(self.o.port):
            raise RuntimeError(f"port {self.o.port} is taken by another process; pick --port")
        (self.run_dir / "web.pid").unlink(missing_ok=True)
        self.runner.log(f"$ setsid -f {self._sentry()} run web  (output: {self.logs}/web.log)")
        with (self.logs / "web.log").open("a") as logf:
            # `sentry run web` execs uwsgi; setsid makes its master a session (and process group)
            # leader whose pid uwsgi writes to run/web.pid, so `down` can stop exactly that group.
            subprocess.run(
                ["setsid", "-f", self._sentry(), "run", "web"],
                env={**os.environ, **self.sentry_env},
                stdout=logf,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=self.dir,
                check=True,
            )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if http_status(health) == 200 and self.web_pid():
                return f"started (pid {self.web_pid()}) on {self.o.url}"
            time.sleep(0.5)
        raise RuntimeError(f"{health} did not answer 200 within 180 s (see {self.logs}/web.log)")

    def _api_ok(self, token: str, org: str, project: str) -> bool:
        url = f"{self.o.url}/api/0/projects/{org}/{project}/"
        return http_status(url, headers={"Authorization": f"Bearer {token}"}) == 200

    def step_bootstrap(self) -> str:
        prev = self.previous
        if (
            prev
            and prev.api_token == self.secrets["api_token"]
            and prev.project_id
            and prev.public_key
            and prev.db_name == self.db_name
            and self._api_ok(prev.api_token, prev.org, prev.project)
        ):
            self.bootstrap = {
                "org": prev.org,
                "project": prev.project,
                "project_id": prev.project_id,
                "key_id": prev.key_id,
                "public_key": prev.public_key,
                "api_token": prev.api_token,
                "admin_email": prev.admin_email,
            }
            return "token works, project present"
        out = self.run_dir / "bootstrap.json"
        out.unlink(missing_ok=True)
        env = {
            **self.sentry_env,
            "SENTRY_COMPAT_ADMIN_EMAIL": ADMIN_EMAIL,
            "SENTRY_COMPAT_ADMIN_PASSWORD": self.secrets["admin_password"],
            "SENTRY_COMPAT_PROJECT": self.o.project,
            "SENTRY_COMPAT_API_TOKEN": self.secrets["api_token"],
            "SENTRY_COMPAT_BOOTSTRAP_OUT": str(out),
        }
        self.runner.run([self._sentry(), "exec", str(DATA_DIR / "bootstrap.py")], env=env)
        self.bootstrap = json.loads(out.read_text())
        out.unlink()
        return f"project {self.bootstrap['project']} (id {self.bootstrap['project_id']})"

    def collect_versions(self) -> dict[str, str]:
        site = next(iter(sorted(self.venv.glob("lib/python2.7/site-packages"))), None)
        versions: dict[str, str] = {}
        if site:
            versions.update(
                dist_versions(site, ["sentry", "semaphore", "sentry-sdk", "Django", "uWSGI"])
            )
        proc = self.runner.run(
            [str(self.venv / "bin" / "python"), "-c",
             "import sys; sys.stdout.write('%d.%d.%d' % sys.version_info[:3])"],
            capture=True, check=False,
        )  # fmt: skip
        versions["python"] = proc.stdout.strip()
        versions["redis"] = self._redis_version(self.redis_root / "usr" / "bin" / "redis-server")
        with contextlib.suppress(InstallError):
            versions["postgresql"] = self.psql("SHOW server_version").split()[0]
        return {k: v for k, v in versions.items() if v}

    def step_verify(self) -> str:
        from sentry_compat.reference.client import OracleClient

        state = self.build_state()
        save_state(state)
        client = OracleClient(state)
        client.login(force=True)
        client.check()
        return f"API token and UI login work; state in {state.path}"

    def build_state(self, **overrides: Any) -> OracleState:
        """The state of this oracle after `up` (the Docker variant overrides the native parts)."""
        b = self.bootstrap
        fields: dict[str, Any] = {
            "dir": str(self.dir),
            "url": self.o.url,
            "port": self.o.port,
            "redis_port": int(self.o.redis_port or 0),
            "org": b["org"],
            "project": b["project"],
            "project_id": int(b["project_id"]),
            "key_id": int(b["key_id"]),
            "public_key": b["public_key"],
            "dsn": build_dsn(self.o.url, b["public_key"], int(b["project_id"])),
            "api_token": b["api_token"],
            "admin_email": b["admin_email"],
            "admin_password": self.secrets["admin_password"],
            "timings": self._timings(self.previous),
            "updated": now_iso(),
        }
        if "versions" not in overrides:  # native
            fields.update(
                db_name=self.db_name,
                db_user=self.db_name,
                db_password=self.secrets["db_password"],
                pg_host=self.o.pg_host,
                pg_port=self.o.pg_port,
                pg_cluster=self.pg_cluster,
                pg_started_by_oracle=self.pg_started,
                mode="native",
                python2=self.python2,
                pids={
                    "web": self.web_pid() or 0,
                    "redis": read_pidfile(self.run_dir / "redis.pid") or 0,
                },
                versions=self.collect_versions(),
            )
        fields.update(overrides)
        return OracleState(**fields)

    def _timings(self, prev: OracleState | None) -> dict[str, Any]:
        timings: dict[str, Any] = dict(prev.timings) if prev else {}
        run = dict(self.runner.timings)
        run["total"] = round(time.monotonic() - self.started, 2)
        run["at"] = now_iso()  # type: ignore[assignment]
        timings["last_run"] = run
        if self.installed_something:
            timings["last_install"] = run
            timings.setdefault("first_install", run)
        return timings

    # ---- commands -------------------------------------------------------------------------
    def up(self) -> OracleState:
        if self.o.docker:
            from sentry_compat.reference.docker import docker_up

            return docker_up(self)
        self.started = time.monotonic()
        for d in (self.logs, self.run_dir):
            d.mkdir(parents=True, exist_ok=True)
        self.runner.log(f"\n##### {now_iso()} up {self.dir} port {self.o.port} #####")
        steps: list[tuple[str, Callable[[], str]]] = [
            ("apt-sources", self.step_apt_sources),
            ("apt-packages", self.step_apt_packages),
            ("redis-binary", self.step_redis_binary),
            ("python2", self.step_python2),
            ("py3boot", self.step_py3boot),
            ("venv", self.step_venv),
            ("pip-sentry", self.step_pip_sentry),
            ("postgres", self.step_postgres),
            ("database", self.step_database),
            ("redis", self.step_redis),
            ("config", self.step_config),
            ("migrate", self.step_migrate),
            ("web", self.step_web),
            ("bootstrap", self.step_bootstrap),
            ("verify", self.step_verify),
        ]
        for name, fn in steps:
            self.runner.step(name, fn)
        state = self.build_state()
        save_state(state)
        total = time.monotonic() - self.started
        self.runner.log(f"##### up done in {total:.1f} s #####")
        self.echo(f"oracle up in {total:.1f} s: {state.url}  (state: {state.path})")
        return state

    def _stop_web(self, pid: int) -> None:
        self.runner.log(f"stopping uwsgi master {pid} (process group)")
        with contextlib.suppress(ProcessLookupError):
            if os.getpgid(pid) == pid:
                os.killpg(pid, signal.SIGINT)
            else:
                os.kill(pid, signal.SIGINT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and pid_alive(pid):
            time.sleep(0.2)
        if pid_alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            time.sleep(0.5)
        (self.run_dir / "web.pid").unlink(missing_ok=True)

    def down(self, *, stop_postgres: bool = False, purge: bool = False) -> list[str]:
        self.runner.log(f"\n##### {now_iso()} down {self.dir} #####")
        done: list[str] = []
        if self.previous and self.previous.mode == "docker":
            from sentry_compat.reference.docker import docker_down

            return docker_down(self, purge=purge)

        def stop_web() -> str:
            pid = self.web_pid()
            if not pid:
                return "not running"
            self._stop_web(pid)
            return f"stopped uwsgi (pid {pid})"

        def stop_redis() -> str:
            pidfile = self.run_dir / "redis.pid"
            pid = read_pidfile(pidfile)
            if not (pid_alive(pid) and "redis-server" in pid_cmdline(pid or 0)):
                return "not running"
            assert pid is not None
            os.kill(pid, signal.SIGTERM)
            for _ in range(100):
                if not pid_alive(pid):
                    break
                time.sleep(0.1)
            return f"stopped redis (pid {pid})"

        def postgres() -> str:
            prev = self.previous
            cluster = prev.pg_cluster if prev else ""
            if not stop_postgres:
                return f"left the shared cluster {cluster or '?'} running"
            if not (prev and prev.pg_started_by_oracle and cluster):
                return f"cluster {cluster or '?'} was not started by the oracle: left running"
            ver, name = cluster.split("/")
            self.runner.run(self._sudo(["pg_ctlcluster", ver, name, "stop"]), timeout=120)
            (self.run_dir / "postgres-started-by-oracle").unlink(missing_ok=True)
            return f"stopped cluster {cluster}"

        steps: list[tuple[str, Callable[[], str]]] = [
            ("stop-web", stop_web),
            ("stop-redis", stop_redis),
        ]
        if purge:
            steps.append(("drop-database", self._drop_database))
        steps.append(("postgres", postgres))
        for name, fn in steps:
            done.append(f"{name}: {self.runner.step(name, fn)}")
        if purge:
            self._purge_dir()
            done.append(f"removed {self.dir}")
        elif self.previous:
            self.previous.pids = {}
            self.previous.updated = now_iso()
            save_state(self.previous)
        return done

    def _drop_database(self) -> str:
        name = self.db_name
        if self._psql_admin(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1":
            self._psql_admin(f"DROP DATABASE {name}")
        self._psql_admin(f"DROP ROLE IF EXISTS {name}")
        return f"dropped database and role {name}"

    def _purge_dir(self) -> None:
        if not (self.dir / "secrets.json").exists():
            raise InstallError("purge", self.runner.log_path, f"{self.dir} is not an oracle dir")
        shutil.rmtree(self.dir)

    def status(self) -> dict[str, Any]:
        state = self.previous
        if state is None:
            return {"dir": str(self.dir), "installed": False}
        web = self.web_pid()
        redis = read_pidfile(self.run_dir / "redis.pid")
        redis_up = pid_alive(redis) and "redis-server" in pid_cmdline(redis or 0)
        return {
            "dir": state.dir,
            "state_file": str(state.path),
            "url": state.url,
            "dsn": state.dsn,
            "org": state.org,
            "project": f"{state.project} (id {state.project_id})",
            "web": f"running, pid {web}" if web else "stopped",
            "health": http_status(f"{state.url}/_health/") if web else None,
            "redis": f"running, pid {redis}, port {state.redis_port}" if redis_up else "stopped",
            "postgresql": f"{state.pg_cluster} on {state.pg_host}:{state.pg_port}, db {state.db_name}",
            "versions": state.versions,
            "admin": state.admin_email,
            "timings": state.timings,
        }


def up(options: InstallOptions, echo: Callable[[str], None] | None = None) -> OracleState:
    return Installer(options, echo).up()


def down(
    oracle_dir: Path | None = None,
    *,
    stop_postgres: bool = False,
    purge: bool = False,
    echo: Callable[[str], None] | None = None,
) -> list[str]:
    d = Path(oracle_dir or default_dir())
    options = InstallOptions(dir=d)
    with contextlib.suppress(StateError):
        prev = load_state(state_path(options.dir))
        options = InstallOptions(dir=d, port=prev.port, redis_port=prev.redis_port)
    return Installer(options, echo).down(stop_postgres=stop_postgres, purge=purge)


def status(oracle_dir: Path | None = None) -> dict[str, Any]:
    d = Path(oracle_dir or default_dir())
    options = InstallOptions(dir=d)
    with contextlib.suppress(StateError):
        prev = load_state(state_path(options.dir))
        options = InstallOptions(dir=d, port=prev.port, redis_port=prev.redis_port)
    return Installer(options).status()


def main(argv: Sequence[str] | None = None) -> int:
    """`python3 -m sentry_compat.reference.install up|down|status [--dir D] [--port P]`."""
    import argparse

    parser = argparse.ArgumentParser(prog="python3 -m sentry_compat.reference.install")
    parser.add_argument("command", choices=["up", "down", "status"])
    parser.add_argument("--dir", type=Path, default=default_dir())
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--redis-port", type=int, default=None)
    parser.add_argument("--python2", default=None)
    parser.add_argument("--docker", action="store_true")
    parser.add_argument("--stop-postgres", action="store_true")
    parser.add_argument("--purge", action="store_true")
    args = parser.parse_args(argv)
    try:
        if args.command == "up":
            opts = InstallOptions(
                dir=args.dir,
                port=args.port,
                redis_port=args.redis_port,
                python2=args.python2,
                docker=args.docker,
            )
            up(opts, echo=print)
        elif args.command == "down":
            for line in down(args.dir, stop_postgres=args.stop_postgres, purge=args.purge):
                print(line)
        else:
            print(json.dumps(status(args.dir), indent=2))
    except InstallError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
