"""``normalize_user_agent`` (src/sentry/utils/contexts_normalization.py, BSD): browser, os and
device contexts from the event's ``User-Agent`` request header, as ua-parser 0.7.3 parsed it.

The parser is a pure-Python port of ua-parser 0.7.3's ``user_agent_parser.py`` (Apache-2.0,
Copyright 2009 Google Inc.; see NOTICES) over its bundled regexes (:mod:`._ua_regexes`,
generated from the installed package).  9.1.2 ran it on CPython 2.7 with byte-string patterns
against unicode values, i.e. without ``re.UNICODE``: ``\\d``, ``\\w``, ``\\s``, ``\\b`` and
case folding are ASCII-only, which ``re.ASCII`` reproduces.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Sequence
from typing import Any

__all__ = ["normalize_user_agent", "parse_user_agent"]

_DOLLAR_1 = re.compile(r"\$1")
_DOLLAR_N = re.compile(r"\$(\d)")
_EDGE_SPACE = re.compile(r"^\s+|\s+$")


@functools.cache
def _compiled(pattern: str, ignore_case: bool = False) -> re.Pattern[str]:
    flags = re.ASCII | (re.IGNORECASE if ignore_case else 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return re.compile(pattern, flags)


def _sub_dollar_1(replacement: str, group: str | None) -> str:
    # py2 re.sub(r'\$1', match.group(1), replacement): the group is a template
    if group is None:
        raise TypeError("expected string or buffer")
    return _DOLLAR_1.sub(lambda _m: _expand_template(group), replacement)


def _expand_template(template: str) -> str:
    # a replacement string's backslash escapes as re.sub processed them
    return re.sub(r"(?:x)", template, "x") if "\\" in template else template


def _parse_ua(row: Sequence[str | None], ua: str) -> tuple[Any, Any, Any, Any]:
    # ua_parser/user_agent_parser.py: UserAgentParser.Parse
    pattern, family_replacement, v1_replacement, v2_replacement = row
    assert pattern is not None
    family = v1 = v2 = v3 = None
    match = _compiled(pattern).search(ua)
    if match:
        last = match.lastindex
        if family_replacement:
            if _DOLLAR_1.search(family_replacement):
                family = _sub_dollar_1(family_replacement, match.group(1))
            else:
                family = family_replacement
        else:
            family = match.group(1)
        if v1_replacement:
            v1 = v1_replacement
        elif last and last >= 2:
            v1 = match.group(2)
        if v2_replacement:
            v2 = v2_replacement
        elif last and last >= 3:
            v2 = match.group(3)
        if last and last >= 4:
            v3 = match.group(4)
    return family, v1, v2, v3


def _parse_os(row: Sequence[str | None], ua: str) -> tuple[Any, ...]:
    # ua_parser/user_agent_parser.py: OSParser.Parse
    pattern, os_replacement, r1, r2, r3, r4 = row
    assert pattern is not None
    values: list[Any] = [None] * 5
    match = _compiled(pattern).search(ua)
    if match:
        last = match.lastindex
        if os_replacement:
            if _DOLLAR_1.search(os_replacement):
                values[0] = _sub_dollar_1(os_replacement, match.group(1))
            else:
                values[0] = os_replacement
        elif last:
            values[0] = match.group(1)
        for index, replacement in enumerate((r1, r2, r3, r4), start=1):
            if replacement:
                values[index] = replacement
            elif last and last >= index + 1:
                values[index] = match.group(index + 1)
    return tuple(values)


def _multi_replace(template: str, match: re.Match[str]) -> str | None:
    # ua_parser/user_agent_parser.py: DeviceParser.MultiReplace
    groups = match.groups()

    def repl(m: re.Match[str]) -> str:
        index = int(m.group(1)) - 1
        if index < len(groups):
            value = groups[index]
            if value is None:
                raise TypeError("expected string or buffer")
            return value
        return ""

    text = _DOLLAR_N.sub(repl, template)
    text = _EDGE_SPACE.sub("", text)
    return text or None


def _parse_device(row: Sequence[str | None], ua: str) -> tuple[Any, Any, Any]:
    # ua_parser/user_agent_parser.py: DeviceParser.Parse
    pattern, flag, device_replacement, brand_replacement, model_replacement = row
    assert pattern is not None
    device = brand = model = None
    match = _compiled(pattern, flag == "i").search(ua)
    if match:
        if device_replacement:
            device = _multi_replace(device_replacement, match)
        else:
            device = match.group(1)
        if brand_replacement:
            brand = _multi_replace(brand_replacement, match)
        if model_replacement:
            model = _multi_replace(model_replacement, match)
        elif len(match.groups()) > 0:
            model = match.group(1)
    return device, brand, model


def parse_user_agent(ua: str) -> dict[str, Any]:
    """ua-parser 0.7.3's ``Parse(ua)`` (``user_agent``, ``os``, ``device``, ``string``): a
    fresh dict the caller may change (the parse itself is cached)."""
    return {k: dict(v) if isinstance(v, dict) else v for k, v in _parse_cached(ua).items()}


@functools.lru_cache(maxsize=4096)
def _parse_cached(ua: str) -> dict[str, Any]:
    """:func:`parse_user_agent`, shared between calls: read it, never change it."""
    # ua_parser/user_agent_parser.py: Parse, ParseUserAgent, ParseOS, ParseDevice
    from . import _ua_regexes  # the tables load with the first User-Agent, not on import

    family = v1 = v2 = v3 = None
    for ua_row in _ua_regexes.USER_AGENT_PARSERS:
        family, v1, v2, v3 = _parse_ua(ua_row, ua)
        if family:
            break
    os_values: tuple[Any, ...] = (None,) * 5
    for os_row in _ua_regexes.OS_PARSERS:
        os_values = _parse_os(os_row, ua)
        if os_values[0]:
            break
    device = brand = model = None
    for device_row in _ua_regexes.DEVICE_PARSERS:
        device, brand, model = _parse_device(device_row, ua)
        if device:
            break
    return {
        "user_agent": {"family": family or "Other", "major": v1, "minor": v2, "patch": v3},
        "os": {
            "family": os_values[0] or "Other",
            "major": os_values[1],
            "minor": os_values[2],
            "patch": os_values[3],
            "patch_minor": os_values[4],
        },
        "device": {
            "family": device if device is not None else "Other",
            "brand": brand,
            "model": model,
        },
        "string": ua,
    }


def _find_user_agent(data: dict[str, Any]) -> dict[str, Any] | None:
    # src/sentry/utils/contexts_normalization.py: _parse_user_agent
    request = data.get("request")
    headers = request.get("headers") if isinstance(request, dict) else None
    if not headers or not isinstance(headers, (list, tuple)):
        return None
    for item in headers:
        if item is None:
            continue
        try:
            key, value = item
        except (TypeError, ValueError):
            return None  # 9.1.2 catches the ValueError of the unpacking
        if key != "User-Agent" or not value:
            continue
        if not isinstance(value, str):
            continue
        ua = _parse_cached(value)  # only read below
        if ua:
            return ua
    return None


def _version(parts: dict[str, Any]) -> str | None:
    # src/sentry/utils/contexts_normalization.py: _get_version
    values = [parts["major"], parts["minor"], parts.get("patch")]
    return ".".join(v for v in values if v) or None


def _setdefault(contexts: dict[str, Any], key: str, value: dict[str, Any]) -> None:
    # src/sentry/utils/safe.py: setdefault_path (None counts as missing)
    if contexts.get(key) is None:
        contexts[key] = value


def normalize_user_agent(data: dict[str, Any]) -> None:
    """Add ``contexts.browser``/``os``/``device`` in place (only where unset)."""
    # src/sentry/utils/contexts_normalization.py: normalize_user_agent
    ua = _find_user_agent(data)
    if not ua:
        return
    if data.get("contexts") is None:
        data["contexts"] = {}
    contexts = data["contexts"]
    if not isinstance(contexts, dict):
        return
    browser = ua["user_agent"]
    if browser["family"] != "Other":
        _setdefault(contexts, "browser", {"name": browser["family"], "version": _version(browser)})
    os_ = ua["os"]
    if os_["family"] != "Other":
        _setdefault(contexts, "os", {"name": os_["family"], "version": _version(os_)})
    device = ua["device"]
    if device["family"] != "Other":
        _setdefault(
            contexts,
            "device",
            {"family": device["family"], "model": device["model"], "brand": device["brand"]},
        )
