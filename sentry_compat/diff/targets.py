"""What ``compat diff`` compares against the references: the library, a backend adapter, or
(later) a live backend.

A *target* turns one incoming event into whatever parts it can produce::

    adapter(incoming_event: dict, case: dict) -> {
        "accepted": bool,                 # optional; default: True when the call returns
        "stored": {...},                  # optional: the event as the backend stored it
        "api": {...},                     # optional: the backend's API event JSON
        "hashes": [...],                  # optional: the group hashes, primary first
        "grouping": {config id: {...}},   # optional: grouping-info per config id
    }

``incoming_event`` is the case's raw event as the oracle was given it (the harvest's event id,
the timestamp moved by the recorded shift); ``case`` holds ``name``, ``metadata`` (the manifest
entry), ``reference`` (receive-time context: ``received``, ``client_ip``, ``sentry_client``,
``project`` ``{"slug", "name"}``, ...), ``normalize_kwargs`` (the same, as keywords of ``sentry_compat.normalize.normalize``) and
``grouping_configs`` (config ids that have references).  A part left out is reported as
*skipped* at its level.  Raising means the target failed on the case (reported as an error);
return ``{"accepted": False}`` for an event the backend refuses on purpose.

An adapter is given as ``module:function`` (the current directory is importable), so it runs
in the worker processes of ``compat diff -j N`` as well.  Live backends (a URL) are the job of
``compat probe`` (:mod:`sentry_compat.probe`): :func:`resolve_target` points there.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from ..exceptions import SentryCompatError

__all__ = [
    "LIBRARY",
    "LIBRARY_ISOLATED",
    "Adapter",
    "TargetError",
    "library_adapter",
    "library_isolated_adapter",
    "resolve_target",
]

LIBRARY = "library"
#: the library, with the API serializer and grouping fed the *reference* stored event
LIBRARY_ISOLATED = "library-isolated"


class TargetError(SentryCompatError):
    """A target that cannot be used (bad ``module:function``, live backend not available)."""


class Adapter(Protocol):
    def __call__(
        self, incoming_event: dict[str, Any], case: dict[str, Any]
    ) -> Mapping[str, Any]: ...


def _library(
    incoming_event: dict[str, Any], case: dict[str, Any], isolated: bool
) -> dict[str, Any]:
    from ..api import ServerError, to_api_event
    from ..exceptions import NotAnEventError
    from ..grouping import grouping_info
    from ..normalize import normalize

    try:
        # as JSON text: normalize parses its own private copy (cheaper than deep-copying a dict)
        text = json.dumps(incoming_event, ensure_ascii=False)
        stored = normalize(text, **case.get("normalize_kwargs", {}))
    except NotAnEventError as exc:
        return {"accepted": False, "reason": str(exc)}
    out: dict[str, Any] = {"accepted": True, "stored": stored, "hashes": stored.get("hashes")}
    source = stored
    if isolated:
        if case.get("reference_stored") is None:
            return {"accepted": True, "stored": stored}
        source = case["reference_stored"]
    try:
        project = case.get("reference", {}).get("project")
        out["api"] = to_api_event(source, project=project if isinstance(project, dict) else None)
    except ServerError as exc:
        out["api"] = {"<server error>": str(exc)}
    out["grouping"] = {
        config: grouping_info(source, config) for config in case.get("grouping_configs", ())
    }
    return out


def library_adapter(incoming_event: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    """sentry-compat itself, end to end: ``normalize`` -> stored event -> ``to_api_event``,
    ``hashes`` and ``grouping_info`` of that stored event."""
    return _library(incoming_event, case, isolated=False)


def library_isolated_adapter(
    incoming_event: dict[str, Any], case: dict[str, Any]
) -> dict[str, Any]:
    """sentry-compat with its layers kept apart: ``normalize`` for the stored event, but the
    API event and the grouping info computed from 9.1.2's *reference* stored event, so a
    normalizer gap does not show up again as API and grouping differences."""
    return _library(incoming_event, case, isolated=True)


def resolve_target(
    spec: str,
) -> tuple[str, Callable[[dict[str, Any], dict[str, Any]], Mapping[str, Any]]]:
    """``(label, adapter)`` for ``library``, ``library-isolated``, ``module:function``;
    :class:`TargetError` for anything else (a URL: live backends are ``compat probe``'s)."""
    if spec == LIBRARY:
        return LIBRARY, library_adapter
    if spec == LIBRARY_ISOLATED:
        return LIBRARY_ISOLATED, library_isolated_adapter
    if spec.startswith(("http://", "https://")):
        raise TargetError(
            f"--target {spec}: a live backend is compared by `compat probe` (sentry_compat.probe: "
            "posts the corpus in its captured dialect and reads it back through the backend's "
            "API); `compat diff` takes `library`, `library-isolated` or `module:function`"
        )
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise TargetError(
            f"--target {spec!r}: expected `library`, `library-isolated` or `module:function`"
        )
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise TargetError(f"--target {spec}: cannot import {module_name!r}: {exc}") from None
    except Exception as exc:  # the adapter module itself is broken
        raise TargetError(
            f"--target {spec}: importing {module_name!r} failed: {type(exc).__name__}: {exc}"
        ) from None
    target: Any = module
    for part in attr.split("."):
        target = getattr(target, part, None)
        if target is None:
            raise TargetError(f"--target {spec}: {module_name!r} has no attribute {attr!r}")
    if not callable(target):
        raise TargetError(f"--target {spec}: {attr!r} is not callable")
    return spec, target
