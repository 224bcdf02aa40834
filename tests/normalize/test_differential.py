"""``normalize_ingest`` against 9.1.2's own ingest step on generated events (oracle).

* hypothesis events over the top-level fields with realistic values (scalars, short lists
  and objects): the core fields must agree exactly;
* the seeded junk generator of :mod:`.differential` (deeply nested random values): counts by
  field are printed; a small rate of disagreement is tolerated there (known: the size estimate
  semaphore uses to drop big original values, nested fingerprint values, databag budgets with
  escaped characters);
* re-normalizing 9.1.2's own output agrees with 9.1.2 re-normalizing it.
"""

from __future__ import annotations

import random
import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sentry_compat.compare import diff, mask
from sentry_compat.normalize import NormalizeOptions, normalize_ingest

from . import differential
from .hyp import hsettings

pytestmark = pytest.mark.oracle

NOW = time.time()
OPTIONS = dict(client_ip="127.0.0.1", client="sentry-compat-oracle/1.0", key_id="2", project_id=2)

words = st.sampled_from(
    ["", " ", "a", "prod", "x y", "é", "a/b", "a\nb", "1.0", "release", "Error"]
)
texts = words | st.text(max_size=30)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.sampled_from([1.5, 30.0, -2.5]),
    texts,
)
small = st.one_of(
    scalars, st.lists(scalars, max_size=3), st.dictionaries(texts, scalars, max_size=3)
)
timestamps = st.one_of(
    st.floats(NOW - 40 * 86400, NOW + 3600, allow_nan=False),
    st.integers(int(NOW) - 40 * 86400, int(NOW) + 3600),
    st.builds(
        lambda t, suffix: time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + suffix,
        st.integers(int(NOW) - 86400, int(NOW)),
        st.sampled_from(["", "Z", ".123456Z", "+01:00", ".5-0130"]),
    ),
    small,
)
tags = st.one_of(
    st.dictionaries(
        st.sampled_from(["a", "b c", "environment", "release", "server_name", "k" * 33]),
        scalars,
        max_size=4,
    ),
    st.lists(
        st.one_of(
            st.tuples(texts | st.sampled_from(["environment", "server_name"]), scalars).map(list),
            scalars,
        ),
        max_size=4,
    ),
    scalars,
)
events = st.fixed_dictionaries(
    {},
    optional={
        "event_id": st.sampled_from(
            ["6716c68c406b4eed9e3f9ea632db6c0e", "6716C68C-406b-4eed-9e3f-9ea632db6c0e", "x"]
        )
        | scalars,
        "level": st.sampled_from(
            ["info", "warning", "warn", "fatal", "critical", "log", "debug", 30]
        )
        | scalars,
        "fingerprint": st.lists(scalars, max_size=4) | small,
        "culprit": texts | scalars,
        "transaction": texts | scalars,
        "time_spent": scalars,
        "logger": texts | scalars,
        "modules": st.dictionaries(texts, scalars, max_size=3) | scalars,
        "platform": st.sampled_from(["python", "javascript", "swift"]) | scalars,
        "timestamp": timestamps,
        "server_name": texts | scalars,
        "site": texts | scalars,
        "release": texts | scalars,
        "dist": texts | scalars,
        "environment": texts | scalars,
        "tags": tags,
        "extra": st.dictionaries(texts, small, max_size=4) | scalars,
        "checksum": texts | scalars,
        "type": st.sampled_from(["error", "default", "csp", "bogus"]) | scalars,
        "unknown": small,
    },
)


@hsettings(max_examples=300)
@given(event=events)
def test_core_fields_agree(semaphore_step: Any, event: dict[str, Any]) -> None:
    _ran, by_field, examples = differential.compare(
        semaphore_step, [event], differential.CORE_FIELDS
    )
    assert not by_field, examples


def test_junk_generator_rate(semaphore_step: Any) -> None:
    rng = random.Random(7)
    events_ = [differential.generate_event(rng, time.time()) for _ in range(1000)]
    ran, by_field, examples = differential.compare(
        semaphore_step, events_, differential.CORE_FIELDS
    )
    disagreed = len({id(e) for e, _ in examples})
    print("ran", ran, "disagreements by field", dict(by_field))
    assert sum(by_field.values()) <= 0.05 * ran, dict(by_field)
    assert disagreed <= 50


@hsettings(max_examples=100)
@given(event=events)
def test_renormalizing_agrees(semaphore_step: Any, event: dict[str, Any]) -> None:
    first = semaphore_step.normalize(event)
    second = semaphore_step.normalize(first)
    mine = normalize_ingest(first, options=NormalizeOptions(**OPTIONS, received=second["received"]))
    keep = (*differential.CORE_FIELDS, "errors", "_meta")
    a = {k: v for k, v in second.items() if k in keep}
    b = {k: v for k, v in mine.items() if k in keep}
    for doc in (a, b):
        if isinstance(doc.get("_meta"), dict):
            doc["_meta"] = {k: v for k, v in doc["_meta"].items() if k in keep}
        if isinstance(doc.get("errors"), list):
            doc["errors"] = [
                e
                for e in doc["errors"]
                if not isinstance(e, dict)
                or str(e.get("name", "")).split(".")[0] in (*keep, "None", "")
            ]
    problems = diff(
        mask(a, differential.volatile(first, second)), mask(b, differential.volatile(first, second))
    )
    assert not problems, [str(p) for p in problems[:10]]
