"""The Docker driver of the error factories (sits above the library; needs the ``docker``
package, in the ``cli`` extra): a private engine, the offline base image, and an
executor that builds a factory's image and runs its scenarios in containers."""

from __future__ import annotations

from .engine import BASE_IMAGE, PrivateEngine, ensure_base_image, private_engine_unavailable
from .executor import DockerExecutor, docker_client

__all__ = [
    "BASE_IMAGE",
    "DockerExecutor",
    "PrivateEngine",
    "docker_client",
    "ensure_base_image",
    "private_engine_unavailable",
]
