"""``normalize_user_agent`` and the ua-parser 0.7.3 port."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from sentry_compat.normalize.useragent import normalize_user_agent, parse_user_agent

CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/74.0.3729.169 Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 12_2 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/12.1 Mobile/15E148 Safari/604.1"
)

#: hand-written User-Agents (browsers, bots, SDKs, odd ones); the oracle test mutates them too
AGENTS = [
    CHROME,
    IPHONE,
    "curl/7.64.0",
    "python-requests/2.31.0",
    "sentry.python/1.45.1",
    "Mozilla/5.0 (X11; Linux x86_64)",
    "okhttp/4.9.0",
    "Googlebot/2.1 (+http://www.google.com/bot.html)",
    "Mozilla/5.0 (Linux; Android 9; SM-G960F Build/PPR1.180610.011; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/74.0.3729.157 Mobile Safari/537.36",
    "Opera/9.80 (Windows NT 6.0) Presto/2.12.388 Version/12.14",
    "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1)",
    "Dalvik/2.1.0 (Linux; U; Android 10; Pixel 3 Build/QQ3A.200805.001)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/14.0 Safari/605.1.15",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:105.0) Gecko/20100101 Firefox/105.0",
    "Mozilla/5.0 (PlayStation 4 5.55) AppleWebKit/601.2 (KHTML, like Gecko)",
    "Roku/DVP-9.10 (519.10E04111A)",
    "Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft; Lumia 950) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/52.0.2743.116 Mobile Safari/537.36 Edge/15.15063",
    "Mozilla/5.0 (iPad; CPU OS 9_3_5 like Mac OS X) AppleWebKit/601.1.46 (KHTML, like Gecko) "
    "Mobile/13G36 [FBAN/FBIOS;FBAV/151.0.0.53.93;FBBV/83159452]",
    "Mozilla/5.0 (Linux; Android 8.0.0; SM-G930F Build/R16NW) AppleWebKit/537.36 (KHTML, like "
    "Gecko) SamsungBrowser/7.2 Chrome/59.0.3071.125 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; U; Android 4.0.3; ko-kr; LG-L160L Build/IML74K) AppleWebkit/534.30 "
    "(KHTML, like Gecko) Version/4.0 Mobile Safari/534.30",
    "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko",
    "Mozilla/5.0 (Kindle Fire; Silk/3.0) AppleWebKit",
    "Java/1.8.0_222",
    "Wget/1.20.3 (linux-gnu)",
    "",
    "é",
]


def _variants(agents: list[str]) -> list[str]:
    out = set(agents)
    for ua in agents:
        out.update(
            {ua[: len(ua) // 2], ua.upper(), ua.lower(), ua.replace("0", "\u0660"), ua + " x"}
        )
    return sorted(out)


def test_spec_examples() -> None:
    data = {"request": {"headers": [["User-Agent", CHROME]]}}
    normalize_user_agent(data)
    assert data["contexts"] == {
        "browser": {"name": "Chrome", "version": "74.0.3729"},
        "os": {"name": "Windows 10", "version": None},
    }
    data = {"request": {"headers": [["User-Agent", IPHONE]]}}
    normalize_user_agent(data)
    assert data["contexts"] == {
        "browser": {"name": "Mobile Safari", "version": "12.1"},
        "os": {"name": "iOS", "version": "12.2"},
        "device": {"family": "iPhone", "model": "iPhone", "brand": "Apple"},
    }


def test_only_exact_header_name_and_first_truthy_and_existing_contexts_kept() -> None:
    data = {"request": {"headers": [["user-agent", CHROME]]}}
    normalize_user_agent(data)
    assert "contexts" not in data
    data = {
        "request": {"headers": [["User-Agent", ""], ["User-Agent", "curl/7.64.0"]]},
        "contexts": {"browser": None},
    }
    normalize_user_agent(data)
    assert data["contexts"] == {"browser": {"name": "curl", "version": "7.64.0"}}
    data = {"request": {"headers": [["User-Agent", "nothing known"]]}}
    normalize_user_agent(data)
    assert data["contexts"] == {}


@pytest.mark.oracle
def test_parser_agrees_with_ua_parser_073(oracle_python: Path, tmp_path: Path) -> None:
    agents = _variants(AGENTS)
    source = tmp_path / "uas.json"
    source.write_text(json.dumps(agents), encoding="utf-8")
    script = (
        "import json, sys\n"
        "from ua_parser.user_agent_parser import Parse\n"
        "print(json.dumps([Parse(u) for u in json.load(open(sys.argv[1]))]))\n"
    )
    out = subprocess.run(
        [str(oracle_python), "-c", script, str(source)], check=True, capture_output=True, text=True
    ).stdout
    expected = json.loads(out)
    mismatches = [
        (ua, e) for ua, e in zip(agents, expected, strict=True) if parse_user_agent(ua) != e
    ]
    assert not mismatches, mismatches[:5]


def test_parse_cache_does_not_leak_changes_between_events() -> None:
    """The parse of a User-Agent is cached: what one caller does to its result, or what
    normalize_user_agent does to an event's contexts, never reaches the next event."""
    ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/70.0.3538.77 Safari/537.36"
    first = parse_user_agent(ua)
    first["user_agent"]["family"] = "changed"
    first["os"] = None
    assert parse_user_agent(ua)["user_agent"]["family"] == "Chrome"
    events = [{"request": {"headers": [["User-Agent", ua]]}} for _ in range(2)]
    normalize_user_agent(events[0])
    events[0]["contexts"]["browser"]["name"] = "changed"
    normalize_user_agent(events[1])
    assert events[1]["contexts"]["browser"] == {"name": "Chrome", "version": "70.0.3538"}
    assert events[1]["contexts"]["browser"] is not events[0]["contexts"]["browser"]
