"""``compat capture`` and friends, run as a user would (a real subprocess)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def compat(*args: str, cwd: Path = REPO, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from sentry_compat.cli import main; main()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "200", "PYTHONPATH": str(REPO)},
    )


@pytest.mark.slow
def test_capture_factory_scenario_into_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    done = compat(
        "capture",
        "python-sentry-sdk",
        "captured_message",
        "--name",
        "hello",
        "--corpus",
        str(corpus),
        "--sdk-version",
        "2.75.0",
    )
    assert done.returncode == 0, done.stderr
    assert "hello" in done.stdout and "hello from factory" in done.stdout
    event = json.loads((corpus / "incoming_events" / "hello.json").read_text())
    assert event["message"] == "hello from factory"
    again = compat(
        "capture",
        "python-sentry-sdk",
        "captured_message",
        "--name",
        "hello",
        "--corpus",
        str(corpus),
        "--sdk-version",
        "2.75.0",
    )
    assert again.returncode == 2
    assert "already exist" in again.stderr and "--force" in again.stderr
    assert "Traceback" not in again.stderr


@pytest.mark.parametrize("name", ["../escape", "a/b", ".x"])
def test_path_traversal_names_are_refused(tmp_path: Path, name: str) -> None:
    done = compat(
        "capture",
        "python-sentry-sdk",
        "captured_message",
        "--name",
        name,
        "--corpus",
        str(tmp_path),
    )
    assert done.returncode == 2
    assert "invalid case name" in done.stderr and "Traceback" not in done.stderr
    assert not any(tmp_path.rglob("*.json"))


def test_unknown_factory_and_scenario() -> None:
    done = compat("capture", "nope")
    assert done.returncode == 2 and "no factory named 'nope'" in done.stderr
    done = compat("capture", "python-sentry-sdk", "nope")
    assert done.returncode == 2 and "has no scenario 'nope'" in done.stderr


def test_listen_prints_a_dsn_and_saves_what_arrives(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from sentry_compat.cli import main; main()",
            "capture",
            "--listen",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "COLUMNS": "200", "PYTHONPATH": str(REPO)},
    )
    try:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        assert line.startswith("DSN")
        dsn = line.split()[1]
        key, rest = dsn.split("//", 1)[1].split("@", 1)
        host, project = rest.rsplit("/", 1)
        req = urllib.request.Request(
            f"http://{host}/api/{project}/store/",
            data=b'{"message":"via listen"}',
            headers={
                "X-Sentry-Auth": f"Sentry sentry_key={key}, sentry_version=7, sentry_client=t/1"
            },
        )
        assert json.loads(urllib.request.urlopen(req, timeout=10).read())["id"]
        deadline = time.time() + 10
        while time.time() < deadline and not list((tmp_path / "requests").glob("*.json")):
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=20)
    [record] = (tmp_path / "requests").glob("*.json")
    assert json.loads(record.read_text())["event"] == {"message": "via listen"}
    assert "via listen" in out and "1 accepted" in out


def test_factories_list() -> None:
    done = compat("factories", "list", "--scenarios")
    assert done.returncode == 0, done.stderr
    assert "python-sentry-sdk" in done.stdout and "zero_division" in done.stdout
    # a framework factory's legacy-client versions name their package
    assert "(raven)" in done.stdout


def test_help_is_fast_and_lists_commands() -> None:
    started = time.perf_counter()
    done = compat("--help")
    assert done.returncode == 0
    assert "capture" in done.stdout and "demo" in done.stdout
    assert time.perf_counter() - started < 10  # sanity only; speed is benchmarked, not tested


@pytest.mark.oracle
@pytest.mark.slow
def test_capture_with_reference_harvests_in_one_step(tmp_path: Path) -> None:
    if not os.environ.get("SENTRY_COMPAT_ORACLE"):
        pytest.skip("no oracle: set SENTRY_COMPAT_ORACLE to its state file (compat reference up)")
    corpus = tmp_path / "corpus"
    done = compat(
        "capture",
        "python-sentry-sdk",
        "captured_message",
        "--name",
        "ref-hello",
        "--corpus",
        str(corpus),
        "--reference",
    )
    assert done.returncode == 0, done.stderr
    stored = json.loads((corpus / "oss_sentry_json" / "ref-hello.json").read_text())
    assert stored["title"] == "hello from factory" and stored["level"] == "warning"
    api = json.loads((corpus / "oss_sentry_events" / "ref-hello.json").read_text())
    assert api["entries"][0]["type"] == "message"
    grouping = json.loads((corpus / "grouping_info" / "ref-hello.json").read_text())
    assert set(grouping) == {"legacy:2019-03-12", "new:wip"}
    manifest = json.loads((corpus / "manifest.json").read_text())["cases"]["ref-hello"]
    assert manifest["reference"]["oracle"]["sentry"] == "9.1.2"
    assert manifest["reference"]["received"] == stored["received"]


def test_reference_without_oracle_fails_before_capturing(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from sentry_compat.cli import main; main()",
            "capture",
            "python-sentry-sdk",
            "captured_message",
            "--corpus",
            str(tmp_path),
            "--reference",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        env={
            **os.environ,
            "PYTHONPATH": str(REPO),
            "SENTRY_COMPAT_ORACLE": str(tmp_path / "none.json"),
        },
    )
    assert done.returncode == 2 and "--reference needs a running oracle" in done.stderr
    assert not (tmp_path / "incoming_events").exists()
