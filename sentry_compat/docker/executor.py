"""Run factory scenarios in containers: ``compat capture FACTORY --docker``.

The image is built from the factory's ``Dockerfile`` with ``error_factories/`` as its
context (a temporary copy holding the factory, ``_shared/`` and, when present, the
host's CA bundle as ``_shared/host-ca.crt`` for builds behind an intercepting proxy),
``--network host`` and the build args ``SDK_VERSION``, ``BASE_IMAGE`` and the
factory's ``REQUIREMENTS`` (PyPI) or ``PACKAGES`` (npm) for that version.  A scenario
runs as ``docker run --network host`` with only ``SENTRY_DSN`` and ``FACTORY_PORT`` in
its environment; its logs are streamed, and the container is always removed, also when
it times out (it is killed then).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..capture.session import Executor
from ..factories import Factory, FactoryError, PreparedFactory, ScenarioRun
from ..factories.runners import free_port
from .engine import ensure_base_image

__all__ = ["DockerExecutor", "docker_client", "host_ca_bundle"]

Log = Callable[[str], None]
LABEL = "org.sentry-compat.factory"
_CA_CANDIDATES = ("/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt")


def docker_client(base_url: str | None = None) -> Any:
    """A client of the engine at ``base_url`` (default: ``DOCKER_HOST`` or the local socket);
    :class:`FactoryError` when none answers."""
    import docker  # type: ignore[import-untyped,unused-ignore]

    try:
        client = (
            docker.DockerClient(base_url=base_url, timeout=600)
            if base_url
            else docker.from_env(timeout=600)
        )
        client.ping()
    except Exception as exc:
        where = base_url or os.environ.get("DOCKER_HOST") or "the default socket"
        raise FactoryError(f"no Docker engine answers at {where}: {exc}") from None
    return client


def host_ca_bundle() -> Path | None:
    """The CA bundle pip and npm use here (``SENTRY_COMPAT_CA_BUNDLE``, ``PIP_CERT``,
    ``SSL_CERT_FILE``, else the system bundle), copied into image builds."""
    for name in ("SENTRY_COMPAT_CA_BUNDLE", "PIP_CERT", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"):
        value = os.environ.get(name)
        if value and Path(value).is_file():
            return Path(value)
    for candidate in _CA_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    return None


def _dockerfile_base(dockerfile: Path) -> str | None:
    for line in dockerfile.read_text().splitlines():
        if line.startswith("ARG BASE_IMAGE="):
            return line.split("=", 1)[1].strip()
    return None


class DockerExecutor(Executor):
    """Builds a factory's image and runs scenarios in containers on ``client``'s engine."""

    name = "docker"

    def __init__(self, client: Any, *, base_image: str | None = None, build_timeout: float = 1200):
        self.client = client
        self.base_image = base_image
        self.build_timeout = build_timeout

    # ------------------------------------------------------------------ build
    def _base(self, dockerfile: Path, log: Log) -> str:
        """The Dockerfile's default base where the engine has it, else the local minbase."""
        import docker

        if self.base_image:
            return self.base_image
        default = _dockerfile_base(dockerfile)
        if default:
            try:
                self.client.images.get(default)
                return default
            except docker.errors.ImageNotFound:
                pass
        return ensure_base_image(self.client, log)

    def _context(self, factory: Factory, tmp: Path) -> None:
        root = factory.directory.parent
        ignore = shutil.ignore_patterns("node_modules", "__pycache__", "*.pyc")
        shutil.copytree(factory.directory, tmp / factory.directory.name, ignore=ignore)
        shutil.copytree(root / "_shared", tmp / "_shared", ignore=ignore)
        ca = host_ca_bundle()
        if ca is not None:
            shutil.copyfile(ca, tmp / "_shared" / "host-ca.crt")

    def build_args(self, factory: Factory, version: str, base: str) -> dict[str, str]:
        runner = factory.runner_for(version)
        args = {"SDK_VERSION": version, "BASE_IMAGE": base}
        if runner.get("requirements"):
            args["REQUIREMENTS"] = " ".join(
                r.format(version=version) for r in runner["requirements"]
            )
        if runner.get("packages"):
            args["PACKAGES"] = " ".join(p.format(version=version) for p in runner["packages"])
        return args

    def image_name(self, factory: Factory, version: str) -> str:
        return f"sentry-compat/factory-{factory.name}:{version}"

    def prepare(self, factory: Factory, sdk_version: str, log: Log) -> PreparedFactory:
        import docker

        dockerfile = factory.directory / "Dockerfile"
        if not dockerfile.is_file():
            raise FactoryError(f"factory {factory.name!r} has no Dockerfile")
        tag = self.image_name(factory, sdk_version)
        base = self._base(dockerfile, log)
        args = self.build_args(factory, sdk_version, base)
        log(f"docker build {tag} ({', '.join(f'{k}={v}' for k, v in args.items())})")
        tail: list[str] = []
        with tempfile.TemporaryDirectory(prefix="sc-docker-context-") as tmp:
            self._context(factory, Path(tmp))
            try:
                for chunk in self.client.api.build(
                    path=tmp,
                    dockerfile=f"{factory.directory.name}/Dockerfile",
                    tag=tag,
                    buildargs=args,
                    network_mode="host",
                    rm=True,
                    forcerm=True,
                    decode=True,
                    labels={LABEL: factory.name},
                    timeout=self.build_timeout,
                ):
                    if "stream" in chunk and chunk["stream"].strip():
                        line = chunk["stream"].rstrip()
                        tail = [*tail[-40:], line]
                        log(line)
                    if "error" in chunk:
                        raise FactoryError(
                            f"docker build of {factory.name} ({sdk_version}) failed: "
                            f"{chunk['error'].strip()}\n" + "\n".join(tail[-20:])
                        )
            except docker.errors.APIError as exc:
                raise FactoryError(f"docker build of {factory.name} failed: {exc}") from None
        return PreparedFactory(
            factory=factory,
            sdk_version=sdk_version,
            environment=Path("/"),
            substitutions={"image": tag},
            machine_paths={},
        )

    # ------------------------------------------------------------------ run
    def run(
        self,
        prepared: PreparedFactory,
        scenario: str,
        dsn: str,
        timeout: float,
        log: Log | None = None,
    ) -> ScenarioRun:
        import requests

        prepared.factory.scenario(scenario)
        image = prepared.substitutions["image"]
        port = free_port()
        name = f"sc-factory-{prepared.factory.name}-{uuid.uuid4().hex[:8]}"
        log = log or (lambda _: None)
        started = time.monotonic()
        container = self.client.containers.create(
            image,
            command=[scenario],
            name=name,
            environment={"SENTRY_DSN": dsn, "FACTORY_PORT": str(port)},
            network_mode="host",
            labels={LABEL: prepared.factory.name},
        )
        lines: list[str] = []

        def stream() -> None:
            try:
                for raw in container.logs(stream=True, follow=True):
                    text = raw.decode("utf-8", "replace").rstrip("\n")
                    lines.append(text)
                    log(text)
            except Exception:  # the container went away: the stream ends
                pass

        try:
            container.start()
            reader = threading.Thread(target=stream, daemon=True)
            reader.start()
            try:
                status = container.wait(timeout=timeout)
            except (requests.exceptions.ReadTimeout, requests.exceptions.ConnectionError):
                container.kill()
                raise FactoryError(
                    f"{prepared.factory.name} {scenario} (docker): did not finish within "
                    f"{timeout:.0f} s; the container was killed"
                ) from None
            reader.join(timeout=5)
            output = "\n".join(lines)
            return ScenarioRun(
                scenario,
                [image, scenario],
                int(status.get("StatusCode", -1)),
                output,
                output,
                time.monotonic() - started,
                (port,),
            )
        finally:
            try:
                container.remove(force=True)
            except Exception:
                pass
