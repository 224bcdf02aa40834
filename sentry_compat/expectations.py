"""Expected differences, kept outside the cases (``corpus/expectations.toml``).

Two lists, kept apart:

``[[known]]``
    A difference a case is known to have at one level (``accepted``, ``stored``, ``api``,
    ``grouping``), with a ``reason`` and an ``issue`` link.  ``path`` (or ``paths``) is a
    dotted path pattern (``*`` one key or index, ``**`` any number of them) that covers every
    difference at or below it; without a path the whole level is expected to differ
    (also a crash).  Strict: an entry that no longer matches any difference is *stale* and
    fails the run, so the file only shrinks.

``[[intentional]]``
    A named rule a backend declares for a difference it makes on purpose (GlitchTip truncates
    with ``…`` where Sentry wrote ``...``).  Applied only when selected (``--allow NAME``),
    to every case, at the paths given (``level`` optional: all field levels).  Rules:
    ``ellipsis``, ``ignore``, ``missing-ok``, ``extra-ok``, ``numeric-string``,
    ``case-insensitive``, ``prefix:N``.

Example::

    [[known]]
    case = "python-sentry-sdk-2.75.0-zero_division"
    level = "api"
    path = "entries.*.data.values.*.stacktrace.frames.*.vars"
    reason = "frame vars trimmed in another order (py2 dict order)"
    issue = "https://example.invalid/sentry-compat/issues/12"

    [[intentional]]
    name = "ellipsis"
    level = "api"
    paths = ["title", "metadata.value", "culprit"]
    rule = "ellipsis"
    reason = "truncation with … instead of ..."

Standard library only (``tomllib``; on Python 3.10 the ``tomli`` package of the ``cli`` extra).
"""

from __future__ import annotations

import dataclasses
import importlib
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .compare import Difference, parse_path
from .exceptions import SentryCompatError

__all__ = [
    "LEVELS",
    "RULES",
    "Expectations",
    "ExpectationsError",
    "Intentional",
    "Known",
    "Triage",
    "path_covers",
]

#: the comparison levels, in report order
LEVELS = ("accepted", "stored", "api", "grouping")

#: intentional-difference rules (``prefix:N`` takes a length)
RULES = (
    "ellipsis",
    "ignore",
    "missing-ok",
    "extra-ok",
    "numeric-string",
    "case-insensitive",
    "prefix:N",
)

_URL_RE = re.compile(r"^https?://\S+$")
_CASE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,159}$")


class ExpectationsError(SentryCompatError, ValueError):
    """An expectations file that cannot be used; the message names the file and the entry."""


def path_covers(pattern: Sequence[str], path: Sequence[str]) -> bool:
    """Whether ``pattern`` (``*``: one segment, ``**``: any number) matches ``path`` or one of
    its ancestors, i.e. the difference at ``path`` lies at or below the pattern."""
    if not pattern:
        return True
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return any(path_covers(rest, path[i:]) for i in range(len(path) + 1))
    if not path:
        return False
    if head != "*" and head != path[0]:
        return False
    return path_covers(rest, path[1:])


@dataclasses.dataclass(frozen=True)
class Known:
    """A known difference of one case at one level (see the module docstring)."""

    case: str
    level: str
    path: str | None
    reason: str
    issue: str
    index: int = 0  # position in the file, for messages

    @property
    def where(self) -> str:
        return f"known[{self.index}] ({self.case}, {self.level}{', ' + self.path if self.path else ''})"

    def covers(self, difference: Difference) -> bool:
        if self.path is None:
            return True
        return path_covers(parse_path(self.path), tuple(str(p) for p in difference.path))


def _ellipsis(expected: Any, actual: Any) -> bool:
    if not (isinstance(expected, str) and isinstance(actual, str)):
        return False
    if expected.endswith("...") and actual.endswith("…"):
        a, b = expected[:-3], actual[:-1]
        return a.startswith(b) or b.startswith(a)
    return expected.replace("...", "…") == actual


def _numeric_string(expected: Any, actual: Any) -> bool:
    numbers = (int, float)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return False
    if isinstance(expected, numbers) and isinstance(actual, str):
        expected, actual = actual, expected
    if isinstance(expected, str) and isinstance(actual, numbers):
        try:
            return float(expected) == float(actual)
        except ValueError:
            return False
    return False


@dataclasses.dataclass(frozen=True)
class Intentional:
    """A named intentional-difference rule (see the module docstring)."""

    name: str
    paths: tuple[str, ...]
    rule: str
    reason: str
    level: str | None = None
    index: int = 0

    def applies(self, level: str, difference: Difference) -> bool:
        if self.level is not None and self.level != level:
            return False
        path = tuple(str(p) for p in difference.path)
        if not any(path_covers(parse_path(p), path) for p in self.paths):
            return False
        kind, expected, actual = difference.kind, difference.expected, difference.actual
        rule = self.rule
        if rule == "ignore":
            return True
        if rule == "missing-ok":
            return kind == "missing"
        if rule == "extra-ok":
            return kind == "extra"
        if kind != "changed":
            return False
        if rule == "ellipsis":
            return _ellipsis(expected, actual)
        if rule == "numeric-string":
            return _numeric_string(expected, actual)
        if rule == "case-insensitive":
            return (
                isinstance(expected, str)
                and isinstance(actual, str)
                and (expected.casefold() == actual.casefold())
            )
        if rule.startswith("prefix:"):
            n = int(rule.partition(":")[2])
            return (
                isinstance(expected, str)
                and isinstance(actual, str)
                and (expected[:n] == actual[:n])
            )
        return False  # pragma: no cover - rules are validated on load


@dataclasses.dataclass
class Triage:
    """The differences of one case at one level, sorted out."""

    unexpected: list[Difference]
    expected: list[tuple[Difference, Known]]
    allowed: list[tuple[Difference, Intentional]]
    #: known entries of this case and level that matched nothing (stale)
    stale: list[Known]

    @property
    def ok(self) -> bool:
        return not self.unexpected and not self.stale


def _load_toml(text: str, source: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib as toml
    else:  # pragma: no cover - Python 3.10: the `cli` extra installs tomli
        toml = importlib.import_module("tomli")
    try:
        data: dict[str, Any] = toml.loads(text)
    except toml.TOMLDecodeError as exc:
        raise ExpectationsError(f"{source}: invalid TOML: {exc}") from None
    return data


def _text(entry: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str | None:
    value = entry.get(key)
    if value is None:
        if required:
            raise ExpectationsError(f"{where}: missing {key!r}")
        return None
    if not isinstance(value, str) or not value.strip():
        raise ExpectationsError(f"{where}: {key!r} must be a non-empty string")
    return value


def _paths(entry: Mapping[str, Any], where: str) -> list[str | None]:
    if "path" in entry and "paths" in entry:
        raise ExpectationsError(f"{where}: give 'path' or 'paths', not both")
    if "paths" in entry:
        paths = entry["paths"]
        if (
            not isinstance(paths, list)
            or not paths
            or not all(isinstance(p, str) and p for p in paths)
        ):
            raise ExpectationsError(f"{where}: 'paths' must be a non-empty list of strings")
        return list(paths)
    path = _text(entry, "path", where, required=False)
    return [path]


def _level(entry: Mapping[str, Any], where: str, *, required: bool) -> str | None:
    level = _text(entry, "level", where, required=required)
    if level is not None and level not in LEVELS:
        raise ExpectationsError(f"{where}: level {level!r} is not one of {', '.join(LEVELS)}")
    return level


def _rule(entry: Mapping[str, Any], where: str) -> str:
    rule = _text(entry, "rule", where)
    assert rule is not None
    if rule.startswith("prefix:"):
        if not rule.partition(":")[2].isdigit():
            raise ExpectationsError(f"{where}: rule {rule!r}: write prefix:N with a number N")
    elif rule not in RULES:
        raise ExpectationsError(f"{where}: unknown rule {rule!r} (one of {', '.join(RULES)})")
    return rule


_KNOWN_KEYS = {"case", "level", "path", "paths", "reason", "issue"}
_INTENTIONAL_KEYS = {"name", "level", "path", "paths", "rule", "reason", "issue"}


class Expectations:
    """A parsed expectations file (empty when there is none)."""

    def __init__(
        self,
        known: Iterable[Known] = (),
        intentional: Iterable[Intentional] = (),
        source: str = "<expectations>",
    ):
        self.source = source
        self.known = list(known)
        self.intentional = list(intentional)
        self._by_case: dict[str, list[Known]] = {}
        for entry in self.known:
            self._by_case.setdefault(entry.case, []).append(entry)

    # ---- loading ----------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path | str) -> Expectations:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ExpectationsError(f"{path}: no such file") from None
        except UnicodeDecodeError as exc:
            raise ExpectationsError(f"{path}: not UTF-8 (byte {exc.start})") from None
        return cls.parse(text, source=str(path))

    @classmethod
    def parse(cls, text: str, source: str = "<expectations>") -> Expectations:
        data = _load_toml(text, source)
        extra = sorted(set(data) - {"known", "intentional"})
        if extra:
            raise ExpectationsError(
                f"{source}: unknown table {extra[0]!r} (use [[known]] and [[intentional]])"
            )
        known: list[Known] = []
        for index, entry in enumerate(_tables(data, "known", source)):
            where = f"{source}: known[{index}]"
            _no_unknown_keys(entry, _KNOWN_KEYS, where)
            case = _text(entry, "case", where)
            assert case is not None
            if not _CASE_RE.match(case):
                raise ExpectationsError(f"{where}: invalid case name {case!r}")
            level = _level(entry, where, required=True)
            reason = _text(entry, "reason", where)
            issue = _text(entry, "issue", where)
            assert level is not None and reason is not None and issue is not None
            if not _URL_RE.match(issue):
                raise ExpectationsError(
                    f"{where}: 'issue' must be a link (https://...), got {issue!r}"
                )
            for path in _paths(entry, where):
                known.append(Known(case, level, path, reason, issue, index))
        intentional: list[Intentional] = []
        seen: set[str] = set()
        for index, entry in enumerate(_tables(data, "intentional", source)):
            where = f"{source}: intentional[{index}]"
            _no_unknown_keys(entry, _INTENTIONAL_KEYS, where)
            name = _text(entry, "name", where)
            assert name is not None
            if name in seen:
                raise ExpectationsError(f"{where}: duplicate name {name!r}")
            seen.add(name)
            paths = [p for p in _paths(entry, where) if p is not None]
            if not paths:
                raise ExpectationsError(f"{where}: missing 'path' (or 'paths')")
            reason = _text(entry, "reason", where)
            assert reason is not None
            intentional.append(
                Intentional(
                    name,
                    tuple(paths),
                    _rule(entry, where),
                    reason,
                    _level(entry, where, required=False),
                    index,
                )
            )
        return cls(known, intentional, source)

    @classmethod
    def for_corpus(cls, root: Path | str, path: Path | str | None = None) -> Expectations:
        """``path`` when given, else ``<root>/expectations.toml`` when it exists, else empty."""
        if path is not None:
            return cls.load(path)
        default = Path(root) / "expectations.toml"
        return cls.load(default) if default.is_file() else cls(source=str(default))

    # ---- queries ----------------------------------------------------------------------------

    @property
    def rule_names(self) -> list[str]:
        return [r.name for r in self.intentional]

    def select(self, allow: Iterable[str]) -> list[Intentional]:
        """The intentional rules named in ``allow``; an unknown name is an error."""
        by_name = {r.name: r for r in self.intentional}
        chosen: list[Intentional] = []
        for name in allow:
            if name not in by_name:
                known = ", ".join(by_name) or "none declared"
                raise ExpectationsError(
                    f"{self.source}: --allow {name}: no [[intentional]] rule of that name ({known})"
                )
            chosen.append(by_name[name])
        return chosen

    def for_case(self, case: str, level: str | None = None) -> list[Known]:
        return [k for k in self._by_case.get(case, []) if level is None or k.level == level]

    def unknown_cases(self, names: Iterable[str]) -> list[Known]:
        """Entries whose case is not among ``names`` (one per case)."""
        present = set(names)
        out: list[Known] = []
        for case, entries in sorted(self._by_case.items()):
            if case not in present:
                out.append(entries[0])
        return out

    def problems(self, names: Iterable[str]) -> list[str]:
        """One line per expectation that names a case the corpus does not have."""
        return [
            f"{self.source}: {k.where}: unknown case {k.case!r} (not in the corpus)"
            for k in self.unknown_cases(names)
        ]

    def triage(
        self,
        case: str,
        level: str,
        differences: Iterable[Difference],
        allow: Sequence[Intentional] = (),
    ) -> Triage:
        """Sort the differences of ``case`` at ``level`` into unexpected, expected (a known
        entry covers it) and allowed (a selected intentional rule absorbs it); known entries
        of the case and level that cover nothing are stale."""
        known = self.for_case(case, level)
        used: set[int] = set()
        out = Triage([], [], [], [])
        for difference in differences:
            rule = next((r for r in allow if r.applies(level, difference)), None)
            if rule is not None:
                out.allowed.append((difference, rule))
                continue
            match = next((i for i, k in enumerate(known) if k.covers(difference)), None)
            if match is None:
                out.unexpected.append(difference)
            else:
                used.add(match)
                out.expected.append((difference, known[match]))
        out.stale = [k for i, k in enumerate(known) if i not in used]
        return out


def _tables(data: Mapping[str, Any], key: str, source: str) -> list[Mapping[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ExpectationsError(f"{source}: {key!r} must be an array of tables ([[{key}]])")
    return value


def _no_unknown_keys(entry: Mapping[str, Any], allowed: set[str], where: str) -> None:
    extra = sorted(set(entry) - allowed)
    if extra:
        raise ExpectationsError(
            f"{where}: unknown key {extra[0]!r} (one of {', '.join(sorted(allowed))})"
        )
