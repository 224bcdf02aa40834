"""Every recorded observation of 9.1.2's normalizer step, replayed through ``normalize_ingest``.

Adding a line to ``observations/*.jsonl`` adds a test.  Known differences are listed in
``KNOWN`` with a reason (strict: an unexpected pass fails).
"""

from __future__ import annotations

import pytest

from sentry_compat.compare import diff, mask
from sentry_compat.normalize import NormalizeOptions, normalize_ingest

from .observations import load, volatile_paths

#: observation id -> reason it is expected to differ
KNOWN: dict[str, str] = {}

OBSERVATIONS = load()


@pytest.mark.parametrize(
    "observation", [o for _, o in OBSERVATIONS], ids=[i for i, _ in OBSERVATIONS]
)
def test_observation(observation: dict, request: pytest.FixtureRequest) -> None:
    ident = request.node.callspec.id
    if ident in KNOWN:
        request.applymarker(pytest.mark.xfail(reason=KNOWN[ident], strict=True))
    opts = observation.get("options", {})
    options = NormalizeOptions(
        client_ip=opts.get("client_ip", "127.0.0.1"),
        client=opts.get("client", "sentry-compat-oracle/1.0"),
        key_id=opts.get("key_id", "2"),
        project_id=opts.get("project_id", 2),
        protocol_version=opts.get("protocol_version", "7"),
        received=observation["output"].get("received"),
    )
    actual = normalize_ingest(observation["input"], options=options)
    paths = volatile_paths(observation)
    expected = mask(observation["output"], paths)
    actual = mask(actual, paths)
    problems = diff(expected, actual)
    assert not problems, "\n".join(str(p) for p in problems[:30])
