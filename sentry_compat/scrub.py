"""Scrubbing machine-specific values out of captured events before they enter a corpus.

A rule replaces one literal (a path prefix, a hostname, an address) by a fixed
placeholder, in every string value and object key of an event, and in raw text.
Rules are data (:class:`ScrubRule`); :func:`machine_rules` builds the default
set for this machine, longest literal first so a venv path inside the home
directory is replaced as a whole.  What was applied is reported per rule
(placeholder and count, never the original value) for the case's provenance.
"""

from __future__ import annotations

import dataclasses
import getpass
import os
import re
import socket
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["ScrubReport", "ScrubRule", "machine_rules", "scrub_text", "scrub_value"]


@dataclasses.dataclass(frozen=True)
class ScrubRule:
    """Replace ``find`` by ``replacement`` wherever it occurs."""

    name: str
    find: str
    replacement: str
    #: match only a whole string value (short hostnames such as ``vm``)
    whole: bool = False

    def patterns(self) -> list[tuple[re.Pattern[str], str]]:
        """Regexes for the literal and its JSON-escaped form (``/`` as ``\\/``, as PHP
        writes it), matching only where the literal is not part of a longer name
        (``/root`` does not match in ``/rootfs``)."""
        out: list[tuple[re.Pattern[str], str]] = []
        for find, replacement in (
            (self.find, self.replacement),
            (self.find.replace("/", "\\/"), self.replacement.replace("/", "\\/")),
        ):
            if out and find == self.find:
                continue
            if self.whole:
                # a whole string value, or a whole JSON string literal in raw text
                regex = re.compile(r'(?:^|(?<="))' + re.escape(find) + r'(?:$|(?="))')
            else:
                regex = re.compile(r"(?<![\w.-])" + re.escape(find) + r"(?![\w.-])")
            out.append((regex, replacement.replace("\\", "\\\\")))
        return out


@dataclasses.dataclass
class ScrubReport:
    counts: dict[str, int] = dataclasses.field(default_factory=dict)

    def as_provenance(self, rules: Iterable[ScrubRule]) -> list[dict[str, Any]]:
        return [
            {"rule": r.name, "replacement": r.replacement, "count": self.counts[r.name]}
            for r in rules
            if self.counts.get(r.name)
        ]


def _sorted(rules: Iterable[ScrubRule]) -> list[ScrubRule]:
    return sorted((r for r in rules if r.find), key=lambda r: -len(r.find))


def scrub_text(text: str, rules: Iterable[ScrubRule], report: ScrubReport | None = None) -> str:
    for rule in _sorted(rules):
        if rule.find not in text and rule.find.replace("/", "\\/") not in text:
            continue
        for regex, replacement in rule.patterns():
            text, count = regex.subn(replacement, text)
            if count and report is not None:
                report.counts[rule.name] = report.counts.get(rule.name, 0) + count
    return text


def scrub_value(value: Any, rules: Iterable[ScrubRule], report: ScrubReport | None = None) -> Any:
    """A copy of a JSON value with every string and key scrubbed."""
    ordered = _sorted(rules)

    def walk(v: Any) -> Any:
        if isinstance(v, str):
            return scrub_text(v, ordered, report)
        if isinstance(v, Mapping):
            return {scrub_text(str(k), ordered, report): walk(x) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x) for x in v]
        return v

    return walk(value)


def _local_addresses() -> set[str]:
    addresses: set[str] = set()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None):
            addresses.add(str(info[4][0]))
    except OSError:
        pass
    return {a for a in addresses if not a.startswith(("127.", "::1"))}


def machine_rules(paths: Mapping[str, str] | None = None) -> list[ScrubRule]:
    """The default rules: the given machine paths (name -> path, e.g. the factory's
    venv), the home directory, the working directory, the hostname, the user name
    in home paths, and this machine's non-loopback addresses."""
    rules: list[ScrubRule] = []
    for name, path in (paths or {}).items():
        if path and len(path) > 1:
            rules.append(ScrubRule(name, path.rstrip("/"), f"/{name}"))
    home = os.path.expanduser("~")
    if home and home != "/":
        rules.append(ScrubRule("home", home.rstrip("/"), "/home/user"))
    cwd = os.getcwd()
    if cwd not in ("/", home):
        rules.append(ScrubRule("workdir", cwd.rstrip("/"), "/work"))
    hostname = socket.gethostname()
    if hostname and hostname != "localhost":
        # Short names (``vm``) are replaced only where they are a whole value (server_name).
        rules.append(ScrubRule("hostname", hostname, "factory-host", whole=len(hostname) < 6))
    try:
        user = getpass.getuser()
    except Exception:  # pragma: no cover - no passwd entry
        user = ""
    if user and user != "root":
        rules.append(ScrubRule("username", f"/home/{user}", "/home/user"))
    for index, address in enumerate(sorted(_local_addresses())):
        rules.append(ScrubRule(f"address{index}", address, "192.0.2.1"))
    return rules
