"""The corpus as data: cases discovered by name across the reference folders.

A case ``NAME`` is the same file name in each folder of a corpus root::

    incoming_events/NAME.json   the raw event as the SDK sent it (envelope: the event item)
    oss_sentry_json/NAME.json   the event as Sentry 9.1.2 stored it (UI "JSON" view)
    oss_sentry_events/NAME.json the event as 9.1.2's API returned it
    grouping_info/NAME.json     9.1.2's grouping-info, ``{config id: document}``
    grouping_info/NAME.<config>.json  the same, one file per config (``:`` written ``_``)
    wire/NAME.json              the HTTP request as captured (method, path, headers, body)

plus ``manifest.json`` holding per-case metadata (SDK, factory, scenario, features, capture
and reference provenance), either ``{"version": 1, "cases": {NAME: {...}}}`` (written by
``compat capture`` and the harvest) or, read-only, ``{NAME: {received, client_ip, ...}}``
(the receive-time values only, as the shared grouping references keep them).  A corpus may
live anywhere (``--corpus DIR``): GlitchTip's compat corpus has the same layout without a
manifest; its ``incoming_events`` may hold an envelope written as a JSON array
(``[envelope header, item header, payload, ...]``).

Standard library only.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .exceptions import SentryCompatError
from .features import derive_features

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
    "Problem",
    "derive_features",
    "load_json",
    "split_grouping_stem",
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
    saved atomically.  A manifest in the flat layout (``{NAME: {received, client_ip, ...}}``,
    no ``version``/``cases``) is read as ``{NAME: {"reference": {...}}}`` and is read-only.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.cases: dict[str, dict[str, Any]] = {}
        self.layout = "cases"
        if self.path.exists():
            data = load_json(self.path)
            if not isinstance(data, dict):
                raise SentryCompatError(f"{self.path}: expected an object with a 'cases' object")
            if "cases" not in data and "version" not in data and data:
                if not all(isinstance(v, dict) for v in data.values()):
                    raise SentryCompatError(
                        f"{self.path}: expected an object with a 'cases' object, "
                        "or an object of per-case objects"
                    )
                self.layout = "flat"
                self.cases = {name: {"reference": dict(entry)} for name, entry in data.items()}
                return
            if not isinstance(data.get("cases", {}), dict):
                raise SentryCompatError(f"{self.path}: expected an object with a 'cases' object")
            bad = [k for k, v in data.get("cases", {}).items() if not isinstance(v, dict)]
            if bad:
                raise SentryCompatError(f"{self.path}: cases.{bad[0]}: expected an object")
            self.cases = data.get("cases", {})

    @classmethod
    def empty(cls, path: Path) -> Manifest:
        """A manifest with no entries, whatever is at ``path`` (to go on after an error)."""
        manifest = cls.__new__(cls)
        manifest.path, manifest.cases, manifest.layout = Path(path), {}, "cases"
        return manifest

    @property
    def exists(self) -> bool:
        return self.path.is_file()

    def get(self, name: str) -> dict[str, Any]:
        return dict(self.cases.get(name, {}))

    def __contains__(self, name: object) -> bool:
        return name in self.cases

    def _writable(self) -> None:
        if self.layout != "cases":
            raise SentryCompatError(
                f"{self.path}: a manifest in the flat per-case layout is read-only here"
            )

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
        self._writable()
        with self._locked():
            fresh = Manifest(self.path)
            fresh._writable()
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
        self._writable()
        with self._locked():
            fresh = Manifest(self.path)
            fresh.cases.pop(name, None)
            fresh._write()
            self.cases = fresh.cases

    def save(self) -> None:
        self._writable()
        with self._locked():
            self._write()

    def _write(self) -> None:
        data = {"version": 1, "cases": dict(sorted(self.cases.items()))}
        write_json_atomic(self.path, data, force=True)


# ---- grouping-info file names ---------------------------------------------------------------

#: grouping config ids of Sentry 9.1.2 (``src/sentry/grouping/strategies/configurations.py``)
GROUPING_CONFIG_IDS = ("legacy:2019-03-12", "newstyle:2019-04-05", "newstyle:2019-04-17", "new:wip")


def config_file_suffix(config_id: str) -> str:
    """``legacy:2019-03-12`` -> ``legacy_2019-03-12`` (the per-config file name part)."""
    return config_id.replace(":", "_")


_SUFFIX_TO_CONFIG = {config_file_suffix(c): c for c in GROUPING_CONFIG_IDS}


def split_grouping_stem(stem: str) -> tuple[str, str | None]:
    """``NAME.legacy_2019-03-12`` -> ``(NAME, "legacy:2019-03-12")``; ``NAME`` -> ``(NAME, None)``."""
    name, dot, suffix = stem.rpartition(".")
    if dot and name and suffix in _SUFFIX_TO_CONFIG:
        return name, _SUFFIX_TO_CONFIG[suffix]
    return stem, None


# ---- cases ----------------------------------------------------------------------------------

#: keys of a manifest ``reference`` entry that are handed to ``normalize()``
REFERENCE_KEYS = (
    "received",
    "project_id",
    "key_id",
    "client_ip",
    "user_agent",
    "sentry_client",
    "event_id",
    "timestamp_shift",
)


def _event_from_json_envelope(data: list[Any], where: Path) -> dict[str, Any]:
    """The event item of an envelope written as a JSON array (GlitchTip's test data)."""
    if not data or not isinstance(data[0], dict):
        raise SentryCompatError(f"{where}: a JSON array that is not an envelope (no header object)")
    header = data[0]
    rest = data[1:]
    for index in range(0, len(rest) - 1, 2):
        item_header, payload = rest[index], rest[index + 1]
        if isinstance(item_header, dict) and item_header.get("type") == "event":
            if not isinstance(payload, dict):
                raise SentryCompatError(
                    f"{where}: envelope item {index // 2}: event is not an object"
                )
            event = dict(payload)
            if "event_id" not in event and header.get("event_id"):
                event["event_id"] = header["event_id"]
            return event
    raise SentryCompatError(f"{where}: a JSON array envelope without an event item")


def _same_form(new_id: str, original: Any) -> str:
    """``new_id`` (32 hex) written like ``original`` (dashed or not, upper or lower case)."""
    import uuid

    text = new_id
    if isinstance(original, str) and len(original) == 36 and original.count("-") == 4:
        try:
            text = str(uuid.UUID(new_id))
        except ValueError:
            return new_id
    if isinstance(original, str) and original.isupper():
        text = text.upper()
    return text


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

    def grouping_paths(self) -> dict[str | None, Path]:
        """Grouping-info files of the case: ``{None: NAME.json}`` and/or ``{config: NAME.<cfg>.json}``."""
        found: dict[str | None, Path] = {}
        if self.grouping_path.is_file():
            found[None] = self.grouping_path
        for config in GROUPING_CONFIG_IDS:
            path = self.corpus.root / GROUPING / f"{self.name}.{config_file_suffix(config)}.json"
            if path.is_file():
                found[config] = path
        return found

    def files(self) -> list[Path]:
        """Every file of the case that exists."""
        paths = [self.path(f) for f in (INCOMING, STORED, API, WIRE) if self.has(f)]
        return paths + list(self.grouping_paths().values())

    def load(self, folder: str) -> Any:
        return load_json(self.path(folder))

    def load_incoming(self) -> dict[str, Any]:
        data = self.load(INCOMING)
        if not isinstance(data, dict):
            raise SentryCompatError(f"{self.incoming_path}: an event must be a JSON object")
        return data

    def load_event(self) -> dict[str, Any]:
        """The raw event: ``incoming_events/NAME.json``, or the event item of an envelope
        written there as a JSON array."""
        data = self.load(INCOMING)
        if isinstance(data, list):
            return _event_from_json_envelope(data, self.incoming_path)
        if not isinstance(data, dict):
            raise SentryCompatError(
                f"{self.incoming_path}: an event must be a JSON object, not {type(data).__name__}"
            )
        return data

    def load_reference(self, folder: str) -> dict[str, Any] | None:
        """A reference document (``STORED`` or ``API``), None when the case has none."""
        if not self.has(folder):
            return None
        data = self.load(folder)
        if not isinstance(data, dict):
            raise SentryCompatError(f"{self.path(folder)}: expected a JSON object")
        return data

    def grouping_references(self) -> dict[str, Any]:
        """9.1.2's grouping-info per config id, from either layout."""
        out: dict[str, Any] = {}
        for config, path in self.grouping_paths().items():
            data = load_json(path)
            if config is not None:
                out[config] = data
            elif isinstance(data, dict) and data and all(":" in str(k) for k in data):
                out.update(data)
            else:
                raise SentryCompatError(
                    f"{path}: expected {{config id: grouping info}} (e.g. 'legacy:2019-03-12')"
                )
        return out

    def has(self, folder: str) -> bool:
        return self.path(folder).is_file()

    @property
    def metadata(self) -> dict[str, Any]:
        return self.corpus.manifest.get(self.name)

    # ---- derived metadata -----------------------------------------------------------------

    def _event_or_none(self) -> dict[str, Any] | None:
        try:
            return self.load_event() if self.has(INCOMING) else None
        except SentryCompatError:
            return None

    def describe(self, event: dict[str, Any] | None = None) -> dict[str, Any]:
        """The metadata used for filtering and reports: name, sdk, platform, features, ...

        Manifest values first; what the manifest lacks is read off the incoming event.
        """
        meta = self.metadata
        if event is None:
            event = self._event_or_none()
        raw_sdk = event.get("sdk") if isinstance(event, dict) else None
        sdk_event: dict[str, Any] = raw_sdk if isinstance(raw_sdk, dict) else {}
        raw_meta = meta.get("sdk")
        sdk_meta: dict[str, Any] = raw_meta if isinstance(raw_meta, dict) else {}
        features = set(meta.get("features") or []) | set(derive_features(event))
        platform = meta.get("platform") or (event.get("platform") if event else None)
        return {
            "name": self.name,
            "sdk": sdk_meta.get("name") or sdk_event.get("name"),
            "sdk_version": sdk_meta.get("version") or sdk_event.get("version"),
            "platform": platform,
            "factory": meta.get("factory"),
            "scenario": meta.get("scenario"),
            "features": sorted(features),
            "references": [
                label
                for label, ok in (
                    ("stored", self.has(STORED)),
                    ("api", self.has(API)),
                    ("grouping", bool(self.grouping_paths())),
                )
                if ok
            ],
        }

    @functools.cached_property
    def reference(self) -> dict[str, Any]:
        """What the oracle was given at receive time, for replaying the case into the library.

        The manifest's ``reference`` entry when there is one (``source: manifest``); else
        read off the reference documents (``source: derived``): ``received``, ``project`` and
        ``key_id`` of the stored event, or the API event's ``dateReceived``, and the client
        IP as stored in ``user.ip_address`` when the event asked for it.  ``project``
        (``{"slug", "name"}`` of the oracle's project, which 9.1.2 lists in the API event's
        ``release.projects``) is read off the API reference when not recorded.
        """
        entry = self.metadata.get("reference")
        if isinstance(entry, dict) and entry:
            out = {"source": "manifest", **entry}
        else:
            out = self._derived_reference()
        if "project" not in out:
            try:
                api = self.load_reference(API)
            except SentryCompatError:
                api = None
            release = api.get("release") if api else None
            projects = release.get("projects") if isinstance(release, dict) else None
            if isinstance(projects, list) and len(projects) == 1 and isinstance(projects[0], dict):
                out["project"] = {k: projects[0].get(k) for k in ("slug", "name")}
        return out

    def _derived_reference(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": "derived"}
        try:
            stored = self.load_reference(STORED)
            api = self.load_reference(API) if stored is None else None
        except SentryCompatError:
            return out
        if stored is not None:
            for key, name in (
                ("received", "received"),
                ("project", "project_id"),
                ("key_id", "key_id"),
            ):
                if stored.get(key) is not None:
                    out[name] = stored[key]
            user = stored.get("user")
            if isinstance(user, dict) and isinstance(user.get("ip_address"), str):
                event = self._event_or_none() or {}
                sent = event.get("user")
                if not isinstance(sent, dict) or sent.get("ip_address") in (None, "{{auto}}"):
                    out["client_ip"] = user["ip_address"]
        elif api is not None:
            received = _parse_iso_epoch(api.get("dateReceived"))
            if received is not None:
                out["received"] = received
            if api.get("projectID") is not None:
                out["project_id"] = api["projectID"]
        return out

    def replay_event(self) -> dict[str, Any]:
        """The raw event as the oracle was given it: the harvest's event id (in the original's
        textual form) and the timestamp moved by the recorded shift."""
        from .timeshift import apply_timestamp_shift, is_valid_event_id

        event = self.load_event()
        ref = self.reference
        new_id = ref.get("event_id")
        if isinstance(new_id, str) and is_valid_event_id(event.get("event_id")):
            event = {**event, "event_id": _same_form(new_id.replace("-", ""), event["event_id"])}
        shift = ref.get("timestamp_shift") or 0
        if shift and "timestamp" in event:
            try:
                event = {
                    **event,
                    "timestamp": apply_timestamp_shift(event["timestamp"], int(shift)),
                }
            except (TypeError, ValueError) as exc:
                raise SentryCompatError(
                    f"{self.incoming_path}: timestamp: cannot apply the recorded shift: {exc}"
                ) from None
        return event

    def normalize_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``sentry_compat.normalize.normalize`` reproducing the
        oracle's receive-time context (``received``, ``client_ip``, ``client``, ...)."""
        ref = self.reference
        out: dict[str, Any] = {}
        if ref.get("received") is not None:
            out["received"] = float(ref["received"])
        if ref.get("project_id") is not None:
            out["project_id"] = _int_or(ref["project_id"])
        if ref.get("key_id") is not None:
            out["key_id"] = str(ref["key_id"])
        for key, name in (
            ("client_ip", "client_ip"),
            ("user_agent", "user_agent"),
            ("sentry_client", "client"),
            ("protocol_version", "protocol_version"),
        ):
            if ref.get(key):
                out[name] = str(ref[key])
        return out

    def __repr__(self) -> str:
        return f"Case({self.name!r}, root={str(self.corpus.root)!r})"


def _int_or(value: Any) -> Any:
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def _parse_iso_epoch(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    import datetime as dt

    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.timestamp()


# ---- problems ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing wrong with a corpus: ``severity`` is ``error`` or ``warning``."""

    case: str | None
    kind: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return self.message


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
            if not directory.is_dir():
                continue
            for path in directory.glob("*.json"):
                stem = split_grouping_stem(path.stem)[0] if sub == GROUPING else path.stem
                if _NAME_RE.match(stem) and ".." not in stem:
                    found.add(stem)
        return sorted(found)

    def case(self, name: str) -> Case:
        return Case(self, name)

    def cases(self, folder: str | None = None) -> Iterator[Case]:
        for name in self.names(folder):
            yield Case(self, name)

    def select(
        self,
        *,
        names: Iterable[str] | None = None,
        sdk: str | None = None,
        platform: str | None = None,
        features: Iterable[str] = (),
    ) -> Iterator[tuple[Case, dict[str, Any]]]:
        """Cases (with :meth:`Case.describe`) matching every filter given, one at a time.

        ``sdk`` matches a substring of the SDK name (case-insensitive), ``platform`` exactly,
        every feature of ``features`` must be present; ``names`` are exact or ``fnmatch``
        patterns.
        """
        import fnmatch

        wanted = list(names or [])
        need = set(features)
        for case in self.cases():
            if wanted and not any(fnmatch.fnmatchcase(case.name, w) for w in wanted):
                continue
            if sdk is None and platform is None and not need:
                yield case, {}
                continue
            info = case.describe()
            if sdk is not None and sdk.lower() not in str(info["sdk"] or "").lower():
                continue
            if platform is not None and info["platform"] != platform:
                continue
            if not need <= set(info["features"]):
                continue
            yield case, info

    def problems(self) -> Iterator[Problem]:
        """Structural problems, one case at a time: unreadable or invalid JSON, references
        without an incoming event, incomplete cases, a manifest out of sync."""
        try:
            manifest: Manifest | None = self.manifest if (self.root / MANIFEST).exists() else None
        except SentryCompatError as exc:
            yield Problem(None, "manifest", str(exc))
            manifest = None
            self._manifest = Manifest.empty(self.root / MANIFEST)  # go on with the files
        if not self.root.is_dir():
            yield Problem(None, "missing", f"{self.root}: no such corpus directory")
            return
        own = manifest is not None and manifest.layout == "cases"
        names = self.names()
        for name in names:
            yield from self._case_problems(self.case(name), manifest, own)
        if manifest is not None:
            known = set(names)
            for name in sorted(set(manifest.cases) - known):
                yield Problem(
                    name,
                    "manifest",
                    f"{manifest.path}: case {name!r} has no files (manifest out of sync)",
                )
        for directory in [self.root / f for f in FOLDERS]:
            if directory.is_dir():
                for path in sorted(directory.glob("*.json")):
                    stem = path.stem
                    if not _NAME_RE.match(stem) or ".." in stem:
                        yield Problem(None, "name", f"{path}: not a valid case name (ignored)")

    def manifest_problems(self) -> list[Problem]:
        """The cheap part of :meth:`problems` (no case file is read): the manifest unreadable,
        an entry without files, a case without an entry (own manifests only)."""
        path = self.root / MANIFEST
        if not path.exists():
            return []
        try:
            manifest = self.manifest
        except SentryCompatError as exc:
            return [Problem(None, "manifest", str(exc))]
        names = set(self.names())
        out = [
            Problem(name, "manifest", f"{path}: case {name!r} has no files (manifest out of sync)")
            for name in sorted(set(manifest.cases) - names)
        ]
        if manifest.layout == "cases":
            out += [
                Problem(
                    name, "manifest", f"{path}: no entry for case {name!r} (manifest out of sync)"
                )
                for name in sorted(names - set(manifest.cases))
            ]
        return out

    def _case_problems(self, case: Case, manifest: Manifest | None, own: bool) -> Iterator[Problem]:
        for path in case.files():
            try:
                load_json(path)
            except SentryCompatError as exc:
                yield Problem(case.name, "json", str(exc))
        has_refs = case.has(STORED) or case.has(API) or bool(case.grouping_paths())
        if not case.has(INCOMING):
            yield Problem(
                case.name,
                "missing",
                f"{case.incoming_path}: missing (the case has references but no incoming event)",
            )
        else:
            try:
                case.load_event()
            except SentryCompatError as exc:
                if "invalid JSON" not in str(exc) and "not UTF-8" not in str(exc):
                    yield Problem(case.name, "event", str(exc))
            if not has_refs:
                yield Problem(
                    case.name,
                    "incomplete",
                    f"{case.name}: no references yet (oss_sentry_json, oss_sentry_events, "
                    "grouping_info): run `compat reference harvest`",
                    "error" if own else "warning",
                )
        if None in case.grouping_paths():
            try:
                case.grouping_references()
            except SentryCompatError as exc:
                if "invalid JSON" not in str(exc):
                    yield Problem(case.name, "grouping", str(exc))
        if manifest is None:
            return
        if case.name not in manifest:
            yield Problem(
                case.name,
                "manifest",
                f"{manifest.path}: no entry for case {case.name!r} (manifest out of sync)",
            )
        elif own and has_refs and not case.metadata.get("reference"):
            yield Problem(
                case.name,
                "manifest",
                f"{manifest.path}: case {case.name!r} has references but no 'reference' entry "
                "(harvest context unknown; manifest out of sync)",
            )
        elif own and case.metadata.get("reference") and not has_refs:
            yield Problem(
                case.name,
                "manifest",
                f"{manifest.path}: case {case.name!r} has a 'reference' entry but no reference "
                "files (manifest out of sync)",
            )
