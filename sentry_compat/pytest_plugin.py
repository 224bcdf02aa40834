"""pytest plugin (entry point ``sentry_compat``): fixtures for backends' own test suites.

* ``capture_server``: a real capture server on an ephemeral loopback port, with
  ``capture_server.dsn`` and ``capture_server.wait_for_event(predicate, timeout)``.
* ``corpus_case``: parametrized over the cases of a corpus (``--sentry-compat-corpus DIR``,
  ini ``sentry_compat_corpus``; default: the corpus shipped beside this package), one test per
  case with an incoming event; the value is a :class:`sentry_compat.corpus.Case`
  (``replay_event()``, ``normalize_kwargs()``, ``reference``, ``metadata``, ``describe()``,
  ``load_reference(...)``).
* :func:`assert_sentry_compatible` ``(actual_api_event, case)``: the backend's API event
  against the case's Sentry 9.1.2 API reference, after the volatile masks, with the corpus's
  expectations; fails with deepdiff's report.

See ``docs/pytest-plugin.md``.  The plugin module imports nothing heavy at collection time;
the capture server (aiohttp) and deepdiff are imported when first used.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .capture import CaptureServer
    from .corpus import Case

__all__ = ["assert_sentry_compatible", "default_corpus"]

_OPTION = "--sentry-compat-corpus"
_INI = "sentry_compat_corpus"


def default_corpus() -> Path:
    """The corpus beside this package (a source checkout or an sdist)."""
    return Path(__file__).resolve().parent.parent / "corpus"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("sentry_compat", "sentry-compat corpus")
    group.addoption(
        _OPTION,
        dest="sentry_compat_corpus",
        default=None,
        metavar="DIR",
        help="corpus the corpus_case fixture runs over (default: sentry-compat's own corpus)",
    )
    parser.addini(_INI, "corpus directory for the corpus_case fixture", default="")


def _corpus_root(config: pytest.Config) -> Path:
    value = config.getoption("sentry_compat_corpus") or config.getini(_INI)
    if not value:
        return default_corpus()
    path = Path(str(value)).expanduser()
    return path if path.is_absolute() else Path(str(config.rootpath)) / path


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "corpus_case" not in metafunc.fixturenames:
        return
    from .corpus import INCOMING, Corpus

    root = _corpus_root(metafunc.config)
    names = Corpus(root).names(INCOMING) if root.is_dir() else []
    if not names:
        reason = f"no corpus cases in {root}" if root.is_dir() else f"no corpus at {root}"
        params = [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="no-cases")]
        metafunc.parametrize("corpus_case", params, indirect=True)
        return
    metafunc.parametrize("corpus_case", [(str(root), n) for n in names], ids=names, indirect=True)


@pytest.fixture
def corpus_case(request: pytest.FixtureRequest) -> Case:
    """One case of the corpus (see the module docstring)."""
    from .corpus import Corpus

    param = getattr(request, "param", None)
    if param is None:
        pytest.skip("corpus_case is parametrized by the sentry_compat plugin")
    root, name = param
    return Corpus(root).case(name)


@pytest.fixture
def capture_server(tmp_path: Path) -> Iterator[CaptureServer]:
    """A running capture server writing its records under ``tmp_path``."""
    from .capture import CaptureServer

    with CaptureServer(directory=tmp_path / "capture") as server:
        yield server


def assert_sentry_compatible(
    actual_api_event: dict[str, Any],
    case: Case,
    *,
    allow: Iterable[str] = (),
    expectations: str | Path | None = None,
    fingerprints: bool = False,
) -> None:
    """Assert that ``actual_api_event`` (what the backend's event API returns for the case's
    incoming event) equals the Sentry 9.1.2 API reference of ``case``.

    Volatile values (ids, dates, size, ...: ``sentry_compat.compare.API_VOLATILE``) are
    masked; ``fingerprints`` (the group hashes) are compared only with ``fingerprints=True``.
    Known differences of the corpus's expectations file (``expectations``, default
    ``<corpus>/expectations.toml``) pass, and the ``[[intentional]]`` rules named in
    ``allow`` apply.  Skips when the case has no API reference.
    """
    __tracebackhide__ = True
    from .compare import API_VOLATILE
    from .corpus import API
    from .diff.engine import API_GROUPING_KEYS, compare_documents
    from .diff.report import deep_lines
    from .expectations import Expectations

    reference = case.load_reference(API)
    if reference is None:
        pytest.skip(f"{case.name}: no API reference ({case.api_path})")
    exp = Expectations.for_corpus(case.corpus.root, expectations)
    rules = exp.select(allow)
    drop = () if fingerprints else API_GROUPING_KEYS
    differences = compare_documents(reference, actual_api_event, API_VOLATILE, drop)
    triage = exp.triage(case.name, "api", differences, rules)
    if triage.ok:
        return
    from .compare import mask

    left, right = mask(reference, API_VOLATILE), mask(actual_api_event, API_VOLATILE)
    for key in drop:
        left.pop(key, None)
        right.pop(key, None)
    known = exp.for_case(case.name, "api")

    def covered(d: Any) -> bool:
        return any(r.applies("api", d) for r in rules) or any(k.covers(d) for k in known)

    lines = [
        f"{case.name}: the API event differs from Sentry 9.1.2's "
        f"({len(triage.unexpected)} unexpected difference(s), reference -> actual):"
    ]
    lines += [f"  {line}" for line in deep_lines(left, right, covered)]
    lines += [f"  stale expectation {k.where}: {k.reason} ({k.issue})" for k in triage.stale]
    raise AssertionError("\n".join(lines))
