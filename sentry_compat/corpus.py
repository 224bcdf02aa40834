"""The corpus as data: cases discovered by name across the reference folders.

A case ``NAME`` is the same file name in each folder of a corpus root::

    incoming_events/NAME.json   the raw event as the SDK sent it (envelope: the event item)
    oss_sentry_json/NAME.json   the event as Sentry 9.1.2 stored it (UI "JSON" view)
    oss_sentry_events/NAME.json the event as 9.1.2's API returned it
    grouping_info/NAME.json     9.1.2's grouping-info, one document per config id
    wire/NAME.json              the HTTP request as captured (method, path, headers, body)

plus ``manifest.json`` holding per-case metadata (SDK, factory, scenario,
features, capture and reference provenance).  A corpus may live anywhere
(``--corpus DIR``): GlitchTip's compat corpus has the same layout without a
manifest.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .exceptions import SentryCompatError

__all__ = [
    "API",
    "GROUPING",
    "INCOMING",
    "STORED",
    "WIRE",
    "Case",
    "CaseExistsError",
    "Corpus",
    "InvalidCaseName",
    "Manifest",
    "validate_case_name",
    "write_bytes_atomic",
    "write_json_atomic",
]

INCOMING = "incoming_events"
STORED = "oss_sentry_json"
API = "oss_sentry_events"
GROUPING = "grouping_info"
WIRE = "wire"
FOLDERS = (INCOMING, STORED, API, GROUPING, WIRE)
MANIFEST = "manifest.json"

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,159}$")


class CaseExistsError(SentryCompatError, FileExistsError):
    """A corpus file already exists and ``force`` was not given."""


class InvalidCaseName(SentryCompatError, ValueError):
    """A case name that is not a plain file stem (path traversal, separators, ...)."""


def validate_case_name(name: str) -> str:
    """Return ``name`` if it is a safe case name: letters, digits, ``.``, ``_``, ``-``.

    Rejects empty names, path separators, ``..`` and names starting with a dot,
    so a name can never leave its folder.
    """
    if not isinstance(name, str) or not _NAME_RE.match(name) or ".." in name:
        raise InvalidCaseName(
            f"invalid case name {name!r}: use letters, digits, '.', '_' and '-' "
            "(no path separators, no '..', not starting with a dot), at most 160 characters"
        )
    if name.endswith(".json"):
        raise InvalidCaseName(f"invalid case name {name!r}: give the name without '.json'")
    return name


def write_bytes_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` atomically (temp file in the same folder + rename).

    Without ``force`` an existing file is never replaced (:class:`CaseExistsError`);
    the check and the rename are one ``link``/``rename`` step, so two writers
    cannot both win.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise CaseExistsError(f"{path} already exists (use --force to overwrite)") from None
            os.unlink(tmp)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def dump_json(data: Any) -> bytes:
    """The corpus JSON style: 2-space indent, UTF-8, key order kept, trailing newline."""
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_json_atomic(path: Path, data: Any, *, force: bool = False) -> None:
    """:func:`write_bytes_atomic` of ``data`` in the corpus JSON style."""
    write_bytes_atomic(path, dump_json(data), force=force)


def load_json(path: Path) -> Any:
    """Load a JSON file; a :class:`SentryCompatError` names the file and position on failure."""
    try:
        with open(path, "rb") as handle:
            return json.loads(handle.read().decode("utf-8"))
    except FileNotFoundError:
        raise SentryCompatError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise SentryCompatError(f"{path}: not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise SentryCompatError(
            f"{path}: invalid JSON: {exc.msg} (line {exc.lineno} column {exc.colno})"
        ) from None


class Manifest:
    """``manifest.json``: ``{"version": 1, "cases": {NAME: {...metadata...}}}``.

    Updates are read-modify-write under an exclusive lock on the manifest, and
    saved atomically.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.cases: dict[str, dict[str, Any]] = {}
        if self.path.exists():
            data = load_json(self.path)
            if not isinstance(data, dict) or not isinstance(data.get("cases", {}), dict):
                raise SentryCompatError(f"{self.path}: expected an object with a 'cases' object")
            self.cases = data.get("cases", {})

    def get(self, name: str) -> dict[str, Any]:
        return dict(self.cases.get(name, {}))

    def __contains__(self, name: object) -> bool:
        return name in self.cases

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(f".{self.path.name}.lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def update(self, name: str, **fields: Any) -> dict[str, Any]:
        """Merge ``fields`` into the entry of ``name`` (dict values merge one level deep) and save."""
        validate_case_name(name)
        with self._locked():
            fresh = Manifest(self.path)
            entry = fresh.cases.setdefault(name, {})
            for key, value in fields.items():
                if isinstance(value, dict) and isinstance(entry.get(key), dict):
                    entry[key] = {**entry[key], **value}
                else:
                    entry[key] = value
            fresh._write()
            self.cases = fresh.cases
            return dict(entry)

    def remove(self, name: str) -> None:
        with self._locked():
            fresh = Manifest(self.path)
            fresh.cases.pop(name, None)
            fresh._write()
            self.cases = fresh.cases

    def save(self) -> None:
        with self._locked():
            self._write()

    def _write(self) -> None:
        data = {"version": 1, "cases": dict(sorted(self.cases.items()))}
        write_json_atomic(self.path, data, force=True)


class Case:
    """One case of a corpus, by name."""

    def __init__(self, corpus: Corpus, name: str):
        self.corpus = corpus
        self.name = validate_case_name(name)

    def path(self, folder: str) -> Path:
        return self.corpus.root / folder / f"{self.name}.json"

    @property
    def incoming_path(self) -> Path:
        return self.path(INCOMING)

    @property
    def stored_path(self) -> Path:
        return self.path(STORED)

    @property
    def api_path(self) -> Path:
        return self.path(API)

    @property
    def grouping_path(self) -> Path:
        return self.path(GROUPING)

    @property
    def wire_path(self) -> Path:
        return self.path(WIRE)

    def load(self, folder: str) -> Any:
        return load_json(self.path(folder))

    def load_incoming(self) -> dict[str, Any]:
        data = self.load(INCOMING)
        if not isinstance(data, dict):
            raise SentryCompatError(f"{self.incoming_path}: an event must be a JSON object")
        return data

    def has(self, folder: str) -> bool:
        return self.path(folder).is_file()

    @property
    def metadata(self) -> dict[str, Any]:
        return self.corpus.manifest.get(self.name)

    def __repr__(self) -> str:
        return f"Case({self.name!r}, root={str(self.corpus.root)!r})"


class Corpus:
    """A corpus root (``corpus/`` of this repository, or any folder of the same layout)."""

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self._manifest: Manifest | None = None

    @property
    def manifest(self) -> Manifest:
        if self._manifest is None:
            self._manifest = Manifest(self.root / MANIFEST)
        return self._manifest

    def names(self, folder: str | None = None) -> list[str]:
        """Sorted case names found in ``folder`` (default: in any of the case folders)."""
        folders = (folder,) if folder else FOLDERS
        found: set[str] = set()
        for sub in folders:
            directory = self.root / sub
            if directory.is_dir():
                found.update(p.stem for p in directory.glob("*.json") if _NAME_RE.match(p.stem))
        return sorted(found)

    def case(self, name: str) -> Case:
        return Case(self, name)

    def cases(self, folder: str | None = None) -> Iterator[Case]:
        for name in self.names(folder):
            yield Case(self, name)
