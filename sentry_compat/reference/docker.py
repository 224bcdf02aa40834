"""`compat reference up --docker`: the official `sentry:9.1.2` image (where a Docker engine exists)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sentry_compat.reference.install import Installer
    from sentry_compat.reference.state import OracleState


def docker_up(installer: Installer) -> OracleState:
    raise NotImplementedError


def docker_down(installer: Installer, *, purge: bool = False) -> list[str]:
    raise NotImplementedError
