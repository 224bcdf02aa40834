"""Hypothesis settings of the normalizer tests: random exploration locally, the same examples
on every CI run (``CI`` set, as ``.ci/run`` does): ``derandomize`` and no example database, so
an oracle-marked test gives the same verdict each time."""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, settings

#: True on CI (env ``CI`` set and not empty/``0``/``false``)
CI = os.environ.get("CI", "").lower() not in ("", "0", "false")


def hsettings(**kwargs: Any) -> settings:
    """``settings(**kwargs)``, derandomized without a database on CI; no deadline and no
    health checks (the oracle answers at its own pace)."""
    kwargs.setdefault("deadline", None)
    kwargs.setdefault("suppress_health_check", list(HealthCheck))
    if CI:
        kwargs.update(derandomize=True, database=None)
    return settings(**kwargs)
