"""The Docker driver for real: a private dockerd, the debootstrap base image (cached under
the sentry-compat cache), a factory image, a scenario in a container against a real capture
server, cleanup and timeouts."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sentry_compat.capture import CaptureServer
from sentry_compat.factories import FactoryError, get_factory

pytestmark = [pytest.mark.docker, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def engine() -> Iterator[object]:
    pytest.importorskip("docker", reason="the docker Python package (cli extra) is not installed")
    from sentry_compat.docker import PrivateEngine, private_engine_unavailable

    reason = private_engine_unavailable()
    if reason:
        pytest.skip(reason)
    if os.geteuid() != 0 or not shutil.which("debootstrap"):
        pytest.skip("the base image needs root and debootstrap (apt-get install debootstrap)")
    try:
        private = PrivateEngine().start()
    except FactoryError as exc:
        pytest.skip(f"dockerd cannot run here: {exc}")
    try:
        yield private
    finally:
        private.stop()


def test_scenario_in_a_container_reaches_the_capture_server(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sentry_compat.docker import DockerExecutor, ensure_base_image

    client = engine.client()
    assert ensure_base_image(client) == "local/debian:bookworm-minbase"
    executor = DockerExecutor(client, base_image="local/debian:bookworm-minbase")
    factory = get_factory("python-sentry-sdk", REPO / "error_factories")
    lines: list[str] = []
    prepared = executor.prepare(factory, "2.75.0", lines.append)
    assert client.images.get("sentry-compat/factory-python-sentry-sdk:2.75.0")
    with CaptureServer(directory=tmp_path / "capture") as server:
        run = executor.run(prepared, "captured_message", server.dsn, 120, lines.append)
        assert run.returncode == 0, run.stdout
        captured = server.wait_for_event(timeout=30)
    assert captured.event["message"] == "hello from factory"
    assert captured.event["sdk"]["version"] == "2.75.0"
    assert captured.record["endpoint"] == "envelope"
    assert not client.containers.list(all=True), "the container was not removed"

    # a scenario that cannot finish in time is killed, and its container removed too
    with CaptureServer(directory=tmp_path / "slow") as server:
        with pytest.raises(FactoryError, match="did not finish within"):
            executor.run(prepared, "deep_recursion", server.dsn, 0.05)
    assert not client.containers.list(all=True)
