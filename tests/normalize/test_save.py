"""``EventManager.save`` and what runs after it (``sentry_compat.normalize.save``): the caches
on the way (save's interfaces reused by grouping, frame components shared between variants,
the error-locale patterns, the User-Agent parses, py2 dict orders) keep nothing of one event
that could show in another."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sentry_compat.api import ServerError, to_api_event
from sentry_compat.grouping import grouping_info
from sentry_compat.normalize import normalize

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "incoming_events"
KWARGS: dict[str, Any] = {"received": 1795766892.08, "project_id": 2, "client_ip": "10.0.0.1"}


def _everything(raw: dict[str, Any]) -> str:
    stored = normalize(raw, **KWARGS)
    try:
        api: Any = to_api_event(stored)
    except ServerError as exc:
        api = str(exc)
    infos = {c: grouping_info(stored, c) for c in ("legacy:2019-03-12", "new:wip")}
    return json.dumps([stored, api, infos], sort_keys=False, default=repr)


def test_interleaved_events_give_what_each_gives_alone() -> None:
    names = sorted(p.name for p in CORPUS.glob("*.json"))
    # one case per SDK family and the heaviest stacks, so every cache is exercised
    picked = [n for n in names if n.startswith(("browser-", "node-", "ruby-", "python-"))]
    picked = picked[::7][:24]
    assert len(picked) >= 8
    raws = {n: json.loads((CORPUS / n).read_text("utf-8")) for n in picked}
    before = {n: json.dumps(raw) for n, raw in raws.items()}
    forward = {n: _everything(raws[n]) for n in picked}
    backward = {n: _everything(raws[n]) for n in reversed(picked)}
    again = {n: _everything(raws[n]) for n in picked}
    for n in picked:
        assert forward[n] == backward[n] == again[n], n
        assert json.dumps(raws[n]) == before[n], n  # the input is never changed


# ------------------------------------------------- pinned on the real 9.1.2 (probe)
OPTIONS = dict(client="sentry-compat-oracle/1.0", client_ip="127.0.0.1", project_id=2)


def tags(event: dict) -> dict:
    return {k: v for k, v in normalize(event, **OPTIONS)["tags"]}


def test_an_empty_user_agent_is_tagged_other_by_the_plugins() -> None:
    # observed: headers {"user-agent": []} are stored as ["User-Agent", ""]: no contexts from
    # normalize_user_agent, so the browser/os/device plugins parse "" (ua-parser: Other)
    got = tags({"message": "m", "request": {"headers": {"user-agent": []}}})
    assert (got["browser"], got["os"], got["device"]) == ("Other", "Other", "Other")


def test_client_tags_win_over_plugin_tags() -> None:
    got = tags({"message": "m", "tags": {"os": "mine"}, "request": {"headers": {"user-agent": ""}}})
    assert got["os"] == "mine" and got["browser"] == "Other"


def test_a_real_user_agent_leaves_the_plugins_off() -> None:
    ua = "Mozilla/5.0 (X11; Linux x86_64; rv:68.0) Gecko/20100101 Firefox/68.0"
    got = tags({"message": "m", "request": {"headers": {"User-Agent": ua}}})
    assert "device" not in got and got["browser"] == "Firefox 68.0"


def test_url_tag_as_the_oracles_python_rebuilt_it() -> None:
    # observed: sentry.monkey registers the app scheme (netloc kept) and the oracle's Debian
    # python2.7 removes newlines from URLs
    assert tags({"message": "m", "request": {"url": "app:///main.js?x"}})["url"] == "app:///main.js"
    assert tags({"message": "m", "request": {"url": "+/Y \nX9"}})["url"] == "+/Y X9"
