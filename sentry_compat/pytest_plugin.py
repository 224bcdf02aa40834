"""pytest plugin (entry point ``sentry_compat``): fixtures for backends' own test suites.

* ``capture_server``: a real capture server on an ephemeral loopback port, with
  ``capture_server.dsn`` and ``capture_server.wait_for_event(predicate, timeout)``.

The plugin module imports nothing heavy at collection time; the capture server
(aiohttp) is imported when the fixture is first used.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .capture import CaptureServer


@pytest.fixture
def capture_server(tmp_path: Path) -> Iterator[CaptureServer]:
    """A running capture server writing its records under ``tmp_path``."""
    from .capture import CaptureServer

    with CaptureServer(directory=tmp_path / "capture") as server:
        yield server
