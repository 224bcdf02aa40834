"""A Docker engine of the project's own, and the offline base image.

Where no Docker engine runs (and none can pull images: no registry is reachable on the
project's build machines), :class:`PrivateEngine` starts Debian's ``dockerd`` as root
with data and exec roots and a socket of its own, no bridge and no iptables rules
(``--bridge=none --iptables=false --ip6tables=false``), so containers use
``--network host`` or none; it is stopped by its pid.  :func:`ensure_base_image` makes
``local/debian:bookworm-minbase`` with ``debootstrap --variant=minbase bookworm`` +
``docker import`` (the tarball is cached, so a fresh engine imports it in seconds).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..factories import FactoryError, cache_dir

__all__ = [
    "BASE_IMAGE",
    "PrivateEngine",
    "debian_mirror",
    "ensure_base_image",
    "private_engine_unavailable",
]

BASE_IMAGE = "local/debian:bookworm-minbase"
Log = Callable[[str], None]


def private_engine_unavailable() -> str | None:
    """Why this machine cannot start a private engine (None: it can)."""
    if os.geteuid() != 0:
        return "a private Docker engine needs root (dockerd)"
    if not shutil.which("dockerd"):
        return "no dockerd: apt-get install docker.io (or scripts/install-toolchains.sh)"
    return None


def debian_mirror() -> str:
    """The Debian mirror apt uses here (for debootstrap), default deb.debian.org."""
    sources = [Path("/etc/apt/sources.list"), *sorted(Path("/etc/apt/sources.list.d").glob("*"))]
    for path in sources:
        try:
            text = path.read_text()
        except OSError:
            continue
        for line in text.splitlines():
            words = line.split()
            if (
                line.startswith("URIs:")
                and len(words) > 1
                and words[1].rstrip("/").endswith("/debian")
            ):
                return words[1]
            if words[:1] == ["deb"] and len(words) > 2 and "bookworm" in words[2:3]:
                url = next((w for w in words[1:] if w.startswith("http")), "")
                if url.rstrip("/").endswith("/debian"):
                    return url
    return "http://deb.debian.org/debian"


class PrivateEngine:
    """``dockerd`` started and stopped by this process (``with PrivateEngine() as engine``).

    ``root`` holds the data root (images persist across runs: a cache), the socket and
    the logs; the exec root is a short path under /tmp (socket paths are limited to
    108 bytes)."""

    def __init__(self, root: Path | None = None, *, start_timeout: float = 60.0):
        self.root = Path(root or cache_dir() / "docker")
        self.start_timeout = start_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.exec_root = Path(tempfile.mkdtemp(prefix="sc-dockerd-"))
        self.socket = self.exec_root / "docker.sock"

    @property
    def base_url(self) -> str:
        return f"unix://{self.socket}"

    def client(self) -> Any:
        import docker  # type: ignore[import-untyped,unused-ignore]

        return docker.DockerClient(base_url=self.base_url, timeout=600)

    def start(self) -> PrivateEngine:
        reason = private_engine_unavailable()
        if reason:
            raise FactoryError(reason)
        (self.root / "data").mkdir(parents=True, exist_ok=True)
        log = open(self.root / "dockerd.log", "ab")
        self.process = subprocess.Popen(
            [
                "dockerd",
                "--data-root",
                str(self.root / "data"),
                "--exec-root",
                str(self.exec_root / "exec"),
                "--host",
                self.base_url,
                "--pidfile",
                str(self.exec_root / "dockerd.pid"),
                "--bridge=none",
                "--iptables=false",
                "--ip6tables=false",
            ],
            stdout=log,
            stderr=log,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = (self.root / "dockerd.log").read_text(errors="replace")[-2000:]
                self.process = None
                raise FactoryError(f"dockerd exited at start:\n{tail}")
            if self.socket.exists():
                try:
                    self.client().ping()
                    return self
                except Exception:
                    pass
            time.sleep(0.2)
        self.stop()
        raise FactoryError(f"dockerd did not answer within {self.start_timeout:.0f} s")

    def stop(self) -> None:
        """SIGTERM to our dockerd (by pid), SIGKILL after 20 s."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        shutil.rmtree(self.exec_root, ignore_errors=True)

    def __enter__(self) -> PrivateEngine:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _has_image(client: Any, name: str) -> bool:
    import docker

    try:
        client.images.get(name)
        return True
    except docker.errors.ImageNotFound:
        return False


def ensure_base_image(client: Any, log: Log | None = None, *, timeout: float = 600) -> str:
    """``local/debian:bookworm-minbase`` in the engine: imported from the cached tarball,
    made with debootstrap first when there is none.  Returns the image name."""
    log = log or (lambda _: None)
    if _has_image(client, BASE_IMAGE):
        return BASE_IMAGE
    tarball = cache_dir() / "docker-base" / "bookworm-minbase.tar"
    if not tarball.exists():
        if os.geteuid() != 0 or not shutil.which("debootstrap"):
            raise FactoryError(
                f"no {BASE_IMAGE} image and no way to make one: debootstrap needs root "
                "(apt-get install debootstrap)"
            )
        tarball.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="sc-rootfs-", dir=tarball.parent) as tmp:
            rootfs = Path(tmp) / "rootfs"
            mirror = debian_mirror()
            log(f"debootstrap --variant=minbase bookworm ({mirror})")
            proc = subprocess.run(
                ["debootstrap", "--variant=minbase", "bookworm", str(rootfs), mirror],
                capture_output=True,
                text=True,
                timeout=timeout,
            )
            if proc.returncode != 0:
                raise FactoryError(
                    f"debootstrap failed:\n{proc.stdout[-1500:]}{proc.stderr[-1500:]}"
                )
            partial = tarball.with_suffix(".tmp")
            subprocess.run(
                ["tar", "-C", str(rootfs), "-cf", str(partial), "."], check=True, timeout=timeout
            )
            partial.rename(tarball)
    log(f"docker import {tarball.name} {BASE_IMAGE}")
    repository, tag = BASE_IMAGE.split(":")
    client.api.import_image(src=str(tarball), repository=repository, tag=tag)
    return BASE_IMAGE
