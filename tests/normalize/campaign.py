"""A differential campaign: every seeded generator of this package against 9.1.2's own ingest
step (``SemaphoreStep``), whole documents compared, disagreements counted by field.

    python3 -m tests.normalize.campaign [N_PER_AREA] [--seed S] [--areas a,b] [--out FILE]
                                        [--show K]

Areas: ``core`` (:mod:`.differential`), the context areas of :mod:`.context_generators`
(logentry, request, user, contexts, breadcrumbs, sdk, security) and ``stack``
(:mod:`.stack_generators`).  Unlike the per-area checks, nothing is filtered or explained away:
the whole normalized event is compared (after masking only what depends on the clock or on
randomness), and a disagreement is attributed to the top-level field it is in; ``F _meta``
and ``F errors`` are the ``_meta`` subtree of ``F`` and the ``errors`` entries named ``F...``
(``errors order`` when each field's entries agree but their interleaving does not).

Prints one JSON line per area and a total; ``--out`` writes every disagreeing event
(``{"area", "raw", "fields", "problems"}`` per line) for analysis.

``--full N`` instead posts N generated events (spread over the areas) to the real 9.1.2
(``sentry_compat.reference.probe``, two in flight) and compares the stored view with
``normalize`` (after ``STORED_VOLATILE`` masking), and, where 9.1.2 stored nothing, whether
``stored_nothing`` says so.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from sentry_compat.compare import diff, mask
from sentry_compat.normalize import NormalizeOptions, normalize_ingest

from . import context_generators, differential, stack_generators

OPTIONS = dict(client_ip="127.0.0.1", client="sentry-compat-oracle/1.0", key_id="2", project_id=2)

_MISSING = object()


def generators(now: float) -> dict[str, Callable[[random.Random], dict[str, Any]]]:
    """Area name -> seeded event generator."""
    out: dict[str, Callable[[random.Random], dict[str, Any]]] = {
        "core": lambda rng: differential.generate_event(rng, now)
    }
    out.update(context_generators.GENERATORS)
    out["stack"] = stack_generators.generate_event
    return out


def _head(error: Any) -> str:
    if not isinstance(error, dict):
        return "<not an object>"
    name = error.get("name")
    return str(name).split(".")[0] if name is not None else "<no name>"


def fields_of(expected: dict[str, Any], actual: dict[str, Any]) -> tuple[set[str], list[str]]:
    """The fields two (masked) documents disagree on, and the first differences."""
    fields: set[str] = set()
    for key in (set(expected) | set(actual)) - {"_meta", "errors"}:
        if diff(expected.get(key, _MISSING), actual.get(key, _MISSING), limit=1):
            fields.add(key)
    meta_e = expected.get("_meta") if isinstance(expected.get("_meta"), dict) else {}
    meta_a = actual.get("_meta") if isinstance(actual.get("_meta"), dict) else {}
    for key in set(meta_e) | set(meta_a):
        if diff(meta_e.get(key, _MISSING), meta_a.get(key, _MISSING), limit=1):
            fields.add(f"{key} _meta")
    errors_e = expected.get("errors") or []
    errors_a = actual.get("errors") or []
    if diff(errors_e, errors_a, limit=1):
        heads = {_head(e) for e in errors_e} | {_head(e) for e in errors_a}
        bad = {
            h
            for h in heads
            if diff(
                [e for e in errors_e if _head(e) == h],
                [e for e in errors_a if _head(e) == h],
                limit=1,
            )
        }
        fields.update(f"{h} errors" for h in bad)
        if not bad:
            fields.add("errors order")
    problems = [str(p) for p in diff(expected, actual, limit=8)]
    return fields, problems


def run_area(
    step: Any, area: str, make: Callable[[random.Random], dict[str, Any]], n: int, seed: int
) -> tuple[Counter[str], list[dict[str, Any]]]:
    """``(disagreements by field, disagreeing events)`` for ``n`` events of ``area``."""
    rng = random.Random(seed)
    by_field: Counter[str] = Counter()
    found: list[dict[str, Any]] = []
    for _ in range(n):
        raw = make(rng)
        expected = step.normalize(raw)
        actual = normalize_ingest(
            raw, options=NormalizeOptions(**OPTIONS, received=expected["received"])
        )
        paths = differential.volatile(raw, expected)
        fields, problems = fields_of(mask(expected, paths), mask(actual, paths))
        if fields:
            by_field.update(fields)
            found.append({"area": area, "raw": raw, "fields": sorted(fields), "problems": problems})
    return by_field, found


def _probe_one(client: Any, raw: dict[str, Any]) -> dict[str, Any]:
    from sentry_compat.reference.harvest import client_identity
    from sentry_compat.reference.probe import probe_event

    result = probe_event(client, raw, node_data=False)
    posted = result.get("posted") or raw
    result["identity"] = client_identity(posted)
    return result


#: reported, not counted as a disagreement: 9.1.2's label came from another event's user
STATEFUL = "(stateful sentry:user label)"

#: a ``sentry:user`` tag whose value matches but whose label does not ("id:x" / "username:x";
#: a long value is shown cut, with "...")
_USER_TAG = re.compile(
    r"^tags\.\d+\.1: expected '?(?:id|username|email|ip):(?P<a>.*?)'?, "
    r"got '?(?:id|username|email|ip):(?P<b>.*?)'?$",
    re.S,
)


def _same_user_value(problem: str) -> bool:
    """Is ``problem`` a ``sentry:user`` tag with the same value under another label?"""
    found = _USER_TAG.match(problem)
    if found is None:
        return False
    a, b = found.group("a"), found.group("b")
    if a.endswith("...") or b.endswith("..."):
        a, b = a.removesuffix("..."), b.removesuffix("...")
        n = min(len(a), len(b))
        return a[:n] == b[:n]
    return a == b


_USER_IP = re.compile(r"^tags\.\d+\.1: expected 'ip:(?P<a>[0-9.]+)', got 'ip:(?P<b>[0-9.]+)'$")


def _same_ip(problem: str) -> bool:
    """The ``sentry:user`` IP of an earlier event's EventUser, as PostgreSQL's ``inet`` kept it
    (``001.2.3.4`` -> ``1.2.3.4``)."""
    match = _USER_IP.match(problem)
    if match is None:
        return False
    a, b = (m.split(".") for m in match.group("a", "b"))
    return len(a) == len(b) == 4 and [int(x) for x in a] == [int(x) for x in b]


def compare_full(result: dict[str, Any]) -> tuple[set[str], list[str]]:
    """The fields on which ``normalize``/``stored_nothing`` disagree with one probe result."""
    from sentry_compat.compare import STORED_VOLATILE
    from sentry_compat.normalize import normalize, stored_nothing

    posted = result["posted"]
    sentry_client, user_agent = result["identity"]
    kwargs = dict(
        project_id=2,
        key_id="2",
        client_ip="127.0.0.1",
        client=sentry_client,
        user_agent=user_agent,
    )
    if "error" in result:
        status = (result["error"] or {}).get("status")
        if status == 500 and str((result["error"] or {}).get("message", "")).startswith("GET "):
            # stored, but 9.1.2's API event endpoint crashed on it: ``to_api_event`` must
            # raise its ServerError too
            from sentry_compat.api import ServerError, to_api_event

            try:
                to_api_event(normalize(posted, **kwargs))
            except ServerError:
                return set(), []
            return {"<api 500, to_api_event answered>"}, [str(result["error"])[:300]]
        reason = stored_nothing(posted, **kwargs)
        if reason is None:
            return {f"<refused {status}, stored_nothing None>"}, [str(result["error"])[:300]]
        # the oracle runs processing and save inside the request: their crashes answer 500
        if not reason.startswith(str(status)) and not (
            status == 500 and reason.startswith("processing")
        ):
            return {f"<refused {status}, stored_nothing {reason[:3]}>"}, [reason]
        return set(), []
    reason = stored_nothing(posted, received=result["received"], **kwargs)
    actual = normalize(posted, received=result["received"], **kwargs)
    expected = result["stored"]
    if expected is None:  # accepted but never stored (processing crashed)
        return (set() if reason else {"<not stored, stored_nothing None>"}), []
    fields, problems = fields_of(mask(expected, STORED_VOLATILE), mask(actual, STORED_VOLATILE))
    stateful = [p for p in problems if _same_user_value(p) or _same_ip(p)]
    if stateful and len(stateful) == len(problems):
        # the sentry:user label an earlier event's EventUser gave (``save.event_user_tag``)
        fields, problems = {STATEFUL}, stateful
    if reason is not None:
        fields.add("<stored, stored_nothing says not>")
        problems.insert(0, reason)
    return fields, problems


def run_full(n: int, seed: int, out: Any = None) -> tuple[int, Counter[str], int]:
    """``(events posted, disagreements by field, events that disagreed)``."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from sentry_compat.reference.client import OracleClient
    from sentry_compat.reference.state import resolve_state

    state = resolve_state()
    OracleClient(state).login()
    gens = generators(time.time())
    rng = random.Random(seed)
    names = list(gens)
    events = [(names[i % len(names)], gens[names[i % len(names)]](rng)) for i in range(n)]
    local = threading.local()

    def one(item: tuple[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
        if not hasattr(local, "client"):
            local.client = OracleClient(state)
        return item[0], _probe_one(local.client, item[1])

    by_field: Counter[str] = Counter()
    disagreed = 0
    with ThreadPoolExecutor(max_workers=2) as pool:
        for area, result in pool.map(one, events):
            fields, problems = compare_full(result)
            if fields:
                disagreed += fields != {STATEFUL}
                by_field.update(fields)
                if out:
                    out.write(
                        json.dumps(
                            {
                                "area": area,
                                "raw": result.get("posted"),
                                "fields": sorted(fields),
                                "problems": problems,
                            },
                            ensure_ascii=False,
                        )
                        + "\n"
                    )
    return n, by_field, disagreed


def main() -> None:
    from sentry_compat.reference.semaphore_step import SemaphoreStep

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", type=int, nargs="?", default=1000, help="events per area")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--areas", default="")
    parser.add_argument("--out", default="")
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--full", type=int, default=0, help="post N events to the real 9.1.2")
    args = parser.parse_args()
    if args.full:
        out = open(args.out, "w", encoding="utf-8") if args.out else None
        ran, by_field, disagreed = run_full(args.full, args.seed, out)
        if out:
            out.close()
        print(
            json.dumps(
                {"full": ran, "disagreed": disagreed, "by_field": dict(by_field.most_common())}
            )
        )
        return
    gens = generators(time.time())
    areas = [a for a in args.areas.split(",") if a] or list(gens)
    total: Counter[str] = Counter()
    events = disagreed = 0
    out = open(args.out, "w", encoding="utf-8") if args.out else None
    with SemaphoreStep() as step:
        for area in areas:
            started = time.time()
            by_field, found = run_area(step, area, gens[area], args.n, args.seed)
            events += args.n
            disagreed += len(found)
            total.update(by_field)
            print(
                json.dumps(
                    {
                        "area": area,
                        "ran": args.n,
                        "disagreed": len(found),
                        "seconds": round(time.time() - started, 1),
                        "by_field": dict(by_field.most_common()),
                    }
                ),
                flush=True,
            )
            for item in found[: args.show]:
                print("  ", json.dumps(item["raw"], ensure_ascii=False)[:400])
                for p in item["problems"][:4]:
                    print("      ", p[:240])
            if out:
                for item in found:
                    out.write(json.dumps(item, ensure_ascii=False) + "\n")
    if out:
        out.close()
    print(
        json.dumps(
            {"total": events, "disagreed": disagreed, "by_field": dict(total.most_common())}
        ),
        file=sys.stdout,
    )


if __name__ == "__main__":
    main()
