"""Security reports (csp, hpkp, expectct, expectstaple) as 9.1.2 stored them.

Two parts:

* :func:`event_from_report` builds the raw event 9.1.2's security endpoint made of a report
  (a port of ``src/sentry/web/api.py: SecurityReportView.post`` and
  ``src/sentry/event_manager.py: EventManager.process_csp_report``, with the interfaces'
  ``from_raw`` of ``src/sentry/interfaces/security.py``): ``normalize(event_from_report(...),
  client_ip=..., user_agent=..., client=user_agent, protocol_version=None)`` is what 9.1.2
  stored for it.  The endpoint's own checks (content type, origin, the ``invalid-csp`` inbound
  filter) are not repeated here: see :mod:`sentry_compat.security`.
* the handlers of the four interfaces for the semaphore step: observed on 9.1.2 + semaphore
  0.4.65, which kept the interface data 9.1.2 built (already cleaned by the Python
  ``to_python``) as it was.
"""

from __future__ import annotations

import json
from typing import Any

from .. import _py2
from ..interfaces.security import Csp, ExpectCT, ExpectStaple, Hpkp, SecurityReport
from ..security import REPORT_TYPES, validate_report
from ..security import SecurityReport as ParsedReport
from ..trimming import trim
from .context import REMOVE, Context
from .contexts import BOOL, I64, STR, U64, coerce_field
from .meta import Path

__all__ = [
    "INTERFACES",
    "SecurityReportError",
    "event_from_report",
    "normalize_csp",
    "normalize_expectct",
    "normalize_expectstaple",
    "normalize_hpkp",
]

#: report type -> 9.1.2 interface class (``get_interface``)
INTERFACES: dict[str, type[SecurityReport]] = {
    "csp": Csp,
    "hpkp": Hpkp,
    "expectct": ExpectCT,
    "expectstaple": ExpectStaple,
}

#: The key under which each report type nests its fields (HPKP reports are flat).
_NESTED: dict[str, str | None] = {
    "csp": "csp-report",
    "expectct": "expect-ct-report",
    "expectstaple": "expect-staple-report",
    "hpkp": None,
}


class SecurityReportError(ValueError):
    """9.1.2 refused the report (the message is the endpoint's ``error``)."""


def report_type(body: Any) -> str | None:
    """src/sentry/web/api.py: SecurityReportView.security_report_type (py2 dict order)."""
    if not isinstance(body, dict):
        return None
    for key in _py2.dict_order(REPORT_TYPES):
        if key in body:
            return REPORT_TYPES[key]
    return None


def from_raw(kind: str, body: dict[str, Any]) -> SecurityReport:
    """src/sentry/interfaces/security.py: <Interface>.from_raw: validate the report, trim
    every value to 1024 (9.1.2's Python ``trim``), dashes -> underscores, ``to_python``."""
    if kind == "csp":
        # Csp.from_raw: a missing effective-directive is the first token of violated-directive
        report = body.get("csp-report")
        if isinstance(report, dict) and "effective-directive" not in report:
            violated = report.get("violated-directive")
            if isinstance(violated, str) and violated.split():
                body = {
                    **body,
                    "csp-report": {**report, "effective-directive": violated.split()[0]},
                }
    problems = validate_report(kind, body)
    if problems:
        raise SecurityReportError(f"Invalid security report: {problems[0]}")
    nested = _NESTED[kind]
    raw = body[nested] if nested else body
    kwargs = {k.replace("-", "_"): trim(v, 1024) for k, v in raw.items()}
    return INTERFACES[kind].to_python(kwargs)


def event_from_report(
    report: Any,
    *,
    client_ip: str | None,
    user_agent: str | None,
    release: str | None = None,
    environment: str | None = None,
) -> dict[str, Any]:
    """The raw event 9.1.2's security endpoint built from ``report`` (a decoded body, its
    JSON text, or a :class:`sentry_compat.security.SecurityReport`); ``release`` and
    ``environment`` are the ``sentry_release``/``sentry_environment`` query parameters."""
    body = report.body if isinstance(report, ParsedReport) else report
    if isinstance(body, (bytes, str)):
        body = json.loads(body)
    kind = report_type(body)
    if kind is None:
        raise SecurityReportError("Unrecognized security report type")
    instance = from_raw(kind, body)
    # src/sentry/event_manager.py: EventManager.process_csp_report
    try:
        message = instance.get_message()
        culprit = instance.get_culprit()
        origin = instance.get_origin()
        tags = [list(tag) for tag in instance.get_tags()]
        headers = {"User-Agent": user_agent, "Referer": instance.get_referrer()}
    except (KeyError, AttributeError) as exc:
        # e.g. a CSP report without ``referrer`` or an HPKP one without ``port``
        raise SecurityReportError(
            f"9.1.2 answered 500 and stored nothing ({type(exc).__name__}: {exc})"
        ) from None
    return {
        "release": release,
        "environment": environment,
        "logger": "csp",
        "logentry": message,  # 'message': canonicalized to logentry
        "culprit": culprit,
        kind: instance.to_json(),
        "tags": tags,
        "errors": [],
        "user": {"ip_address": client_ip},
        "request": {
            "url": origin,
            "headers": {k: v for k, v in headers.items() if v},
        },
    }


# ------------------------------------------------------------------------- the semaphore step
STRINGS, SCTS, ANY = "strings", "scts", "any"

#: The fields of each interface in semaphore's order (observed; other keys vanish silently).
FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "csp": (
        ("effective_directive", STR),
        ("blocked_uri", STR),
        ("document_uri", STR),
        ("original_policy", STR),
        ("referrer", STR),
        ("status_code", U64),
        ("violated_directive", STR),
        ("source_file", STR),
        ("line_number", U64),
        ("column_number", U64),
        ("script_sample", STR),
        ("disposition", STR),
    ),
    "hpkp": (
        ("date_time", STR),
        ("hostname", STR),
        ("port", U64),
        ("effective_expiration_date", STR),
        ("include_subdomains", BOOL),
        ("noted_hostname", STR),
        ("served_certificate_chain", STRINGS),
        ("validated_certificate_chain", STRINGS),
        ("known_pins", STRINGS),
    ),
    "expectct": (
        ("date_time", STR),
        ("hostname", STR),
        ("port", I64),
        ("effective_expiration_date", STR),
        ("served_certificate_chain", STRINGS),
        ("validated_certificate_chain", STRINGS),
        ("scts", SCTS),
    ),
    "expectstaple": (
        ("date_time", STR),
        ("hostname", STR),
        ("port", I64),
        ("effective_expiration_date", STR),
        ("response_status", STR),
        ("cert_status", STR),
        ("served_certificate_chain", STRINGS),
        ("validated_certificate_chain", STRINGS),
        ("ocsp_response", ANY),
    ),
}

#: Required fields (``missing_attribute`` and null when absent).
REQUIRED: dict[str, tuple[str, ...]] = {"hpkp": ("known_pins",)}

_SCT_FIELDS = (("version", I64), ("status", STR), ("source", STR), ("serialized_sct", STR))


def _field(value: Any, kind: str, ctx: Context, path: Path) -> Any:
    if kind == ANY:
        return value
    if kind in (STRINGS, SCTS):
        if not isinstance(value, list):
            ctx.error(path, "invalid_data", value, reason="expected an array")
            return None
        if kind == STRINGS:
            return [
                None if v is None else coerce_field(v, STR, ctx, (*path, i))
                for i, v in enumerate(value)
            ]
        return [_sct(v, ctx, (*path, i)) for i, v in enumerate(value)]
    return coerce_field(value, kind, ctx, path)


def _sct(value: Any, ctx: Context, path: Path) -> Any:
    if value is None:
        return None
    if not isinstance(value, dict):
        ctx.error(path, "invalid_data", value, reason="expected singlecertificatetimestamp")
        return None
    return _fields(value, _SCT_FIELDS, ctx, path)


def _fields(value: dict[str, Any], fields: Any, ctx: Context, path: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, kind in fields:
        raw = value.get(name)
        if raw is None:
            continue
        new = _field(raw, kind, ctx, (*path, name))
        if new is None and ctx.meta.get((*path, name)) is None:
            continue
        out[name] = new
    return out


def _report(kind: str, value: Any, ctx: Context, path: Path) -> Any:
    if value is None:
        return REMOVE
    if not isinstance(value, dict):
        ctx.error(path, "invalid_data", value, reason=f"expected {kind}")
        return None
    out = _fields(value, FIELDS[kind], ctx, path)
    for name in REQUIRED.get(kind, ()):
        if out.get(name) is None and ctx.meta.get((*path, name)) is None:
            ctx.error((*path, name), "missing_attribute")
            out[name] = None
    return out


def normalize_csp(value: Any, ctx: Context, path: Path) -> Any:
    return _report("csp", value, ctx, path)


def normalize_hpkp(value: Any, ctx: Context, path: Path) -> Any:
    return _report("hpkp", value, ctx, path)


def normalize_expectct(value: Any, ctx: Context, path: Path) -> Any:
    return _report("expectct", value, ctx, path)


def normalize_expectstaple(value: Any, ctx: Context, path: Path) -> Any:
    return _report("expectstaple", value, ctx, path)
