"""Helpers for the API serializer tests: a minimal stored event to build cases on."""

from __future__ import annotations

import copy
from typing import Any

import pytest

#: a stored ``default`` event as 9.1.2's UI JSON view (``Event.as_dict()``) shows it
BASE_STORED: dict[str, Any] = {
    "event_id": "0123456789abcdef0123456789abcdef",
    "project": 2,
    "release": None,
    "dist": None,
    "platform": "python",
    "message": "hello",
    "datetime": "2026-11-27T08:10:26.487733Z",
    "time_spent": None,
    "tags": [["level", "error"]],
    "culprit": "",
    "fingerprint": ["{{ default }}"],
    "grouping_config": {"id": "legacy:2019-03-12"},
    "hashes": ["5d41402abc4b2a76b9719d911017c592"],
    "key_id": "2",
    "level": "error",
    "location": None,
    "logentry": {"formatted": "hello"},
    "logger": "",
    "metadata": {"title": "hello"},
    "received": 1795767027.203692,
    "timestamp": 1795767026.487733,
    "title": "hello",
    "type": "default",
    "use_rust_normalize": True,
    "version": "7",
}


def make_stored(**changes: Any) -> dict[str, Any]:
    """``BASE_STORED`` with top-level keys replaced (a value of ``...`` removes the key)."""
    stored = copy.deepcopy(BASE_STORED)
    for key, value in changes.items():
        if value is ...:
            stored.pop(key, None)
        else:
            stored[key] = value
    return stored


@pytest.fixture
def stored() -> dict[str, Any]:
    return make_stored()
