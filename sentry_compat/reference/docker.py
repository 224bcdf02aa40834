"""`compat reference up --docker`: the official `sentry:9.1.2` image, where a Docker engine exists.

No image can be pulled on the project's Debian build machines, so this path is for other
machines; the native install in `install.py` is the default. The same config templates, the same
bootstrap script and the same state file are used; PostgreSQL and Redis 6 run as compose services.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sentry_compat.reference.install import ADMIN_EMAIL, DATA_DIR, InstallError, http_status
from sentry_compat.reference.state import save_state

if TYPE_CHECKING:
    from sentry_compat.reference.install import Installer
    from sentry_compat.reference.state import OracleState

NO_DOCKER = (
    "no usable Docker engine here (`docker info` failed); images cannot be pulled on the "
    "project's Debian build machines: use the native install (`compat reference up` without "
    "--docker)"
)


def compose_project(installer: Installer) -> str:
    return f"sentry-compat-oracle-{installer.o.port}"


def _compose(installer: Installer, *args: str) -> list[str]:
    return ["docker", "compose", "-p", compose_project(installer), *args]


def docker_up(installer: Installer) -> OracleState:
    run = installer.runner
    work = installer.dir / "docker"
    env = {"SENTRY_COMPAT_PORT": str(installer.o.port)}

    def check_engine() -> str:
        if not shutil.which("docker"):
            raise InstallError("docker-engine", run.log_path, NO_DOCKER)
        if run.run(["docker", "info"], check=False, timeout=60).returncode != 0:
            raise InstallError("docker-engine", run.log_path, NO_DOCKER)
        return "docker engine answers"

    def files() -> str:
        work.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DATA_DIR / "docker-compose.yml", work / "docker-compose.yml")
        shutil.copyfile(DATA_DIR / "bootstrap.py", work / "bootstrap.py")
        values: dict[str, Any] = {
            **installer.config_values(),
            "db_name": "sentry",
            "db_user": "sentry",
            "db_password": "sentry",
            "pg_host": "postgres",
            "pg_port": 5432,
            "redis_host": "redis",
            "redis_port": 6379,
            "web_host": "0.0.0.0",
            "port": 9000,
            "web_pidfile": "/tmp/web.pid",
            "files_dir": "/sentry-compat/files",
        }
        changed = installer.write_config(work / "conf", values)
        return "wrote " + ", ".join(changed) if changed else "unchanged"

    def services() -> str:
        run.run(
            _compose(installer, "up", "-d", "postgres", "redis"), cwd=work, env=env, timeout=1800
        )
        return "postgres and redis up"

    def migrate() -> str:
        run.run(
            _compose(installer, "run", "--rm", "web", "upgrade", "--noinput"),
            cwd=work,
            env=env,
            timeout=3600,
        )
        return "sentry upgrade done"

    def web() -> str:
        run.run(_compose(installer, "up", "-d", "web"), cwd=work, env=env, timeout=600)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if http_status(f"{installer.o.url}/_health/") == 200:
                return f"up on {installer.o.url}"
            time.sleep(1)
        raise RuntimeError("the web container did not become healthy within 180 s")

    def bootstrap() -> str:
        exec_env = [
            "-e", f"SENTRY_COMPAT_ADMIN_EMAIL={ADMIN_EMAIL}",
            "-e", f"SENTRY_COMPAT_ADMIN_PASSWORD={installer.secrets['admin_password']}",
            "-e", f"SENTRY_COMPAT_PROJECT={installer.o.project}",
            "-e", f"SENTRY_COMPAT_API_TOKEN={installer.secrets['api_token']}",
            "-e", "SENTRY_COMPAT_BOOTSTRAP_OUT=/tmp/bootstrap.json",
        ]  # fmt: skip
        run.run(
            _compose(installer, "exec", "-T", *exec_env, "web", "sentry", "exec",
                     "/sentry-compat/bootstrap.py"),
            cwd=work, env=env,
        )  # fmt: skip
        out = run.run(
            _compose(installer, "exec", "-T", "web", "cat", "/tmp/bootstrap.json"),
            cwd=work,
            env=env,
            capture=True,
        ).stdout
        installer.bootstrap = json.loads(out)
        return f"project {installer.bootstrap['project']}"

    for name, fn in (
        ("docker-engine", check_engine),
        ("docker-files", files),
        ("docker-services", services),
        ("docker-migrate", migrate),
        ("docker-web", web),
        ("docker-bootstrap", bootstrap),
    ):
        run.step(name, fn)
    freeze = run.run(
        _compose(installer, "exec", "-T", "web", "pip", "freeze"), cwd=work, env=env, capture=True
    ).stdout
    versions = {
        name: version
        for line in freeze.splitlines()
        if "==" in line
        for name, version in [line.split("==", 1)]
        if name.lower() in {"sentry", "semaphore", "sentry-sdk", "django", "uwsgi"}
    }
    state = installer.build_state(
        redis_port=0,
        db_name="sentry",
        db_user="sentry",
        db_password="sentry",
        mode="docker",
        versions={**versions, "image": "sentry:9.1.2", "redis": "6.0 (image)"},
    )
    save_state(state)
    return state


def docker_down(installer: Installer, *, purge: bool = False) -> list[str]:
    work = installer.dir / "docker"
    args = ["down", "-v"] if purge else ["stop"]
    installer.runner.run(_compose(installer, *args), cwd=work, timeout=600)
    done = [f"docker compose {' '.join(args)} ({compose_project(installer)})"]
    if purge and Path(work).exists():
        shutil.rmtree(installer.dir)
        done.append(f"removed {installer.dir}")
    return done
