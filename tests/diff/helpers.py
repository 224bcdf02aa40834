"""Building small corpora and backend adapters (real files, real modules) for the diff tests."""

from __future__ import annotations

import json
import textwrap
import uuid
from pathlib import Path
from typing import Any

EVENT: dict[str, Any] = {
    "event_id": "0123456789abcdef0123456789abcdef",
    "timestamp": "2024-01-01T00:00:00Z",
    "platform": "python",
    "message": "hello",
    "sdk": {"name": "sentry.python", "version": "2.0.0"},
}
STORED: dict[str, Any] = {
    "event_id": "fedcba9876543210fedcba9876543210",
    "project": 2,
    "platform": "python",
    "title": "hello",
    "metadata": {"title": "hello"},
    "hashes": ["5d41402abc4b2a76b9719d911017c592"],
    "received": 1700000000.5,
}
API: dict[str, Any] = {
    "eventID": "fedcba9876543210fedcba9876543210",
    "id": "80",
    "title": "hello",
    "message": "hello",
    "fingerprints": ["5d41402abc4b2a76b9719d911017c592"],
}
GROUPING: dict[str, Any] = {
    "legacy:2019-03-12": {"default": {"hash": "5d41402abc4b2a76b9719d911017c592"}}
}


def write(root: Path, rel: str, data: Any) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2))
    return path


def make_case(root: Path, name: str = "hello", *, manifest: bool = True, **changes: Any) -> None:
    """A complete case: incoming event, stored / API / grouping references, manifest entry."""
    write(root, f"incoming_events/{name}.json", changes.get("event", EVENT))
    write(root, f"oss_sentry_json/{name}.json", changes.get("stored", STORED))
    write(root, f"oss_sentry_events/{name}.json", changes.get("api", API))
    write(root, f"grouping_info/{name}.json", changes.get("grouping", GROUPING))
    if manifest:
        from sentry_compat.corpus import Corpus

        Corpus(root).manifest.update(
            name,
            sdk={"name": "sentry.python", "version": "2.0.0"},
            features=["message"],
            reference={
                "event_id": "fedcba9876543210fedcba9876543210",
                "timestamp_shift": 86400,
                "received": 1700000000.5,
                "client_ip": "10.1.2.3",
                "sentry_client": "sentry.python/2.0.0",
                "user_agent": "sentry.python/2.0.0",
                "project_id": 2,
                "key_id": "2",
            },
        )


def write_adapter(directory: Path, body: str) -> str:
    """A real adapter module in ``directory`` (put it on sys.path / use it as cwd); its
    ``adapt`` function may use ``load(folder, name)`` to read the corpus it was written for.
    Returns the ``module:function`` spec."""
    module = f"adapter_{uuid.uuid4().hex[:12]}"
    text = textwrap.dedent(
        f"""
        import json
        from pathlib import Path

        ROOT = Path({str(directory / "corpus")!r})

        def load(folder, name):
            return json.loads((ROOT / folder / (name + ".json")).read_text())

        """
    ) + textwrap.dedent(body)
    (directory / f"{module}.py").write_text(text)
    return f"{module}:adapt"


#: a backend that reproduces the references exactly
PERFECT = """
def adapt(event, case):
    name = case["name"]
    stored = load("oss_sentry_json", name)
    return {
        "stored": stored,
        "api": load("oss_sentry_events", name),
        "hashes": stored["hashes"],
        "grouping": load("grouping_info", name),
    }
"""
