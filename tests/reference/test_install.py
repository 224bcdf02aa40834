"""The installer's pure parts: apt sources, names, templates, versions, the step runner."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sentry_compat.reference.install import (
    CONSTRAINTS_FILE,
    DATA_DIR,
    InstallError,
    InstallOptions,
    StepRunner,
    bookworm_mirror,
    build_dsn,
    bullseye_configured,
    database_name,
    dist_versions,
    parse_debian_sources,
    render_template,
)
from sentry_compat.reference.state import REDIS_PORT_OFFSET

DEBIAN_SOURCES = """\
Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
"""


def apt_dir(tmp_path: Path, sources: str = DEBIAN_SOURCES, lists: str = "") -> Path:
    (tmp_path / "sources.list.d").mkdir()
    (tmp_path / "sources.list.d" / "debian.sources").write_text(sources)
    if lists:
        (tmp_path / "sources.list").write_text(lists)
    return tmp_path


def test_parse_debian_sources() -> None:
    stanzas = parse_debian_sources(DEBIAN_SOURCES)
    assert [s["suites"] for s in stanzas] == ["bookworm bookworm-updates", "bookworm-security"]
    assert stanzas[0]["uris"] == "http://deb.debian.org/debian"


def test_bookworm_mirror_from_deb822(tmp_path: Path) -> None:
    assert bookworm_mirror(apt_dir(tmp_path)) == (
        "http://deb.debian.org/debian",
        "/usr/share/keyrings/debian-archive-keyring.gpg",
    )


def test_bookworm_mirror_from_one_line_format(tmp_path: Path) -> None:
    d = apt_dir(
        tmp_path,
        sources="",
        lists="deb http://security.debian.org/debian-security bookworm-security main\n"
        "deb [arch=amd64] http://mirror.example/debian bookworm main\n",
    )
    assert bookworm_mirror(d)[0] == "http://mirror.example/debian"


def test_bookworm_mirror_missing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="no bookworm entry"):
        bookworm_mirror(apt_dir(tmp_path, sources=""))


def test_bullseye_configured(tmp_path: Path) -> None:
    d = apt_dir(tmp_path)
    assert not bullseye_configured(d)
    (d / "sources.list.d" / "b.sources").write_text(
        "Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bullseye\nComponents: main\n"
    )
    assert bullseye_configured(d)


def test_names_and_ports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    options = InstallOptions()
    assert options.dir == (tmp_path / ".cache/sentry-compat/oracle").resolve()
    assert options.redis_port == 9000 + REDIS_PORT_OFFSET != 6379
    assert options.url == "http://127.0.0.1:9000"
    assert database_name(options.dir) == "sentry_compat_oracle"
    other = database_name(tmp_path / "elsewhere")
    assert other.startswith("sentry_compat_oracle_") and other == database_name(
        tmp_path / "elsewhere"
    )
    assert InstallOptions(port=9100, redis_port=7000).redis_port == 7000
    assert build_dsn("http://127.0.0.1:9000", "pk", 2) == "http://pk@127.0.0.1:9000/2"


TEMPLATE_VALUES = {
    "db_name": "db",
    "db_user": "db",
    "db_password": "secret",
    "pg_host": "127.0.0.1",
    "pg_port": 5432,
    "redis_host": "127.0.0.1",
    "redis_port": 10000,
    "web_host": "127.0.0.1",
    "port": 9000,
    "web_pidfile": "/o/run/web.pid",
    "secret_key": "k",
    "url": "http://127.0.0.1:9000",
    "admin_email": "a@b.c",
    "files_dir": "/o/files",
}


def test_sentry_conf_template() -> None:
    text = render_template(DATA_DIR / "sentry.conf.py", TEMPLATE_VALUES)
    assert "${" not in text.split("\n", 4)[-1]
    compile(text, "sentry.conf.py", "exec")
    assert "CELERY_ALWAYS_EAGER = True" in text
    assert 'BROKER_URL = "redis://127.0.0.1:10000"' in text
    assert 'SENTRY_WEB_HOST = "127.0.0.1"' in text
    assert '"pidfile": "/o/run/web.pid"' in text


def test_config_yml_template() -> None:
    text = render_template(DATA_DIR / "config.yml", TEMPLATE_VALUES)
    assert "system.secret-key: 'k'" in text
    assert "mail.backend: 'dummy'" in text
    assert "port: 10000" in text and "location: '/o/files'" in text


def test_templates_need_every_value() -> None:
    values = dict(TEMPLATE_VALUES)
    del values["redis_port"]
    with pytest.raises(KeyError, match="redis_port"):
        render_template(DATA_DIR / "sentry.conf.py", values)


def test_constraints_pin_the_oracle() -> None:
    pins = dict(
        line.split("==", 1)
        for line in CONSTRAINTS_FILE.read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert pins["sentry"] == "9.1.2"
    assert pins["semaphore"] == "0.4.65"
    assert pins["sentry-sdk"] == "0.9.5"
    assert pins["Django"] == "1.6.11"


def test_bootstrap_script_avoids_sentry_exec_pitfalls() -> None:
    # 9.1.2's `sentry exec` looks for these strings as plain text (runner/commands/exec.py)
    text = (DATA_DIR / "bootstrap.py").read_text()
    assert "from __future__" not in text
    assert "from sentry.runner import configure" not in text


def test_dist_versions_reads_directory_names_only(tmp_path: Path) -> None:
    for name in (
        "sentry-9.1.2.dist-info",
        "semaphore-0.4.65.dist-info",
        "sentry_sdk-0.9.5.dist-info",
        "Django-1.6.11-py2.7.egg-info",
        "other-1.0.dist-info",
    ):
        (tmp_path / name).mkdir()
    assert dist_versions(tmp_path, ["sentry", "semaphore", "sentry-sdk", "Django"]) == {
        "sentry": "9.1.2",
        "semaphore": "0.4.65",
        "sentry-sdk": "0.9.5",
        "Django": "1.6.11",
    }
    assert dist_versions(tmp_path / "missing", ["sentry"]) == {}


def test_step_runner_times_and_logs(tmp_path: Path) -> None:
    lines: list[str] = []
    runner = StepRunner(tmp_path / "logs" / "install.log", lines.append)
    started: list[str] = []
    runner.on_start = started.append

    def hello() -> str:
        runner.run(
            [sys.executable, "-c", "print('out'); import sys; print('err', file=sys.stderr)"]
        )
        return "said hello"

    result = runner.step("hello", hello)
    assert result == "said hello" and started == ["hello"]
    assert runner.timings["hello"] >= 0
    log = runner.log_path.read_text()
    assert "step hello" in log and "out" in log and "err" in log
    assert lines and lines[0].startswith("hello")


def test_failing_step_names_step_and_log(tmp_path: Path) -> None:
    runner = StepRunner(tmp_path / "install.log")

    def migrate() -> str:
        runner.run([sys.executable, "-c", "raise SystemExit(3)"])
        return "unreachable"

    def boom() -> str:
        raise ValueError("bad")

    with pytest.raises(InstallError) as info:
        runner.step("migrate", migrate)
    assert info.value.step == "migrate"
    assert info.value.log_path == tmp_path / "install.log"
    assert "'migrate' failed" in str(info.value) and "status 3" in str(info.value)
    assert str(tmp_path / "install.log") in str(info.value)
    with pytest.raises(InstallError, match=r"'boom' failed: ValueError: bad .*install\.log"):
        runner.step("boom", boom)
    assert "ValueError: bad" in runner.log_path.read_text()  # the traceback is logged
