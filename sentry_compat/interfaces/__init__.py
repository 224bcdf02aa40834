"""Sentry 9.1.2's legacy (non-Rust) Python interface models.

9.1.2 read every stored event through these models: at save time (tags, grouping) and
at API read time (``get_api_context``). Its option ``store.empty-interface-sample-rate``
defaults to 0, so the legacy ``to_python`` path below is the one that ran.

:func:`get_interfaces` is ``src/sentry/interfaces/base.py: get_interfaces``: each
top-level key is mapped to its canonical name (``sentry.interfaces.Message`` and
``message`` -> ``logentry``, ...), built with the interface's ``to_python``, and left
out when building raises or gives a falsy interface. The result is ordered by
``score``, highest first, ties in py2 dict order of the canonical keys.

``to_python`` methods mutate their input where 9.1.2 did (documented per module);
``get_interfaces`` works on a deep copy unless ``mutate=True``, which reproduces what
9.1.2 did to the event data it saved.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any

from sentry_compat.canonical import canonical_items, get_canonical_name
from sentry_compat.interfaces.base import (
    Interface,
    InterfaceValidationError,
    deepcopy_data,
    prune_empty_keys,
)
from sentry_compat.interfaces.breadcrumbs import Breadcrumbs
from sentry_compat.interfaces.contexts import Contexts
from sentry_compat.interfaces.debug_meta import DebugMeta
from sentry_compat.interfaces.exception import Exception, Mechanism, SingleException
from sentry_compat.interfaces.http import Http
from sentry_compat.interfaces.message import Message
from sentry_compat.interfaces.sdk import Sdk
from sentry_compat.interfaces.security import Csp, ExpectCT, ExpectStaple, Hpkp
from sentry_compat.interfaces.stacktrace import Frame, Stacktrace
from sentry_compat.interfaces.template import Template
from sentry_compat.interfaces.threads import Threads
from sentry_compat.interfaces.user import Geo, User

__all__ = [
    "INTERFACES",
    "Breadcrumbs",
    "Contexts",
    "Csp",
    "DebugMeta",
    "Exception",
    "ExpectCT",
    "ExpectStaple",
    "Frame",
    "Geo",
    "Hpkp",
    "Http",
    "Interface",
    "InterfaceValidationError",
    "Mechanism",
    "Message",
    "Sdk",
    "SingleException",
    "Stacktrace",
    "Template",
    "Threads",
    "User",
    "get_interface",
    "get_interfaces",
    "prune_empty_keys",
]

#: canonical data key -> interface class (``src/sentry/conf/server.py: SENTRY_INTERFACES``)
INTERFACES: dict[str, type[Interface]] = {
    "csp": Csp,
    "hpkp": Hpkp,
    "expectct": ExpectCT,
    "expectstaple": ExpectStaple,
    "exception": Exception,
    "logentry": Message,
    "request": Http,
    "sdk": Sdk,
    "stacktrace": Stacktrace,
    "template": Template,
    "user": User,
    "breadcrumbs": Breadcrumbs,
    "contexts": Contexts,
    "threads": Threads,
    "debug_meta": DebugMeta,
}


def get_interface(name: str) -> type[Interface]:
    """The interface class for a data key or legacy alias; ``ValueError`` if there is none."""
    try:
        return INTERFACES[get_canonical_name(name)]
    except KeyError:
        raise ValueError("Invalid interface name: %s" % (name,)) from None


def get_interfaces(data: Mapping[str, Any], mutate: bool = False) -> dict[str, Interface]:
    """Build every interface of an event: canonical key -> model, highest score first."""
    # src/sentry/interfaces/base.py: get_interfaces
    result = []
    for key, value in canonical_items(data):
        if value is None:
            continue
        try:
            cls = get_interface(key)
        except ValueError:
            continue
        try:
            iface = cls.to_python(value if mutate else deepcopy_data(value))
        except builtins.Exception:  # safe_execute swallows any error
            continue
        if not iface:
            continue
        result.append((key, iface))
    result.sort(key=lambda x: x[1].get_score(), reverse=True)
    return dict(result)
