"""Browser security reports as Sentry 9.1.2's ``/api/<id>/security/`` endpoint accepted them.

9.1.2 (``src/sentry/web/api.py: SecurityReportView``,
``src/sentry/interfaces/schemas.py: INPUT_SCHEMAS``) accepted a POST whose
``Content-Type`` was exactly one of :data:`CONTENT_TYPES` (no parameters), took
auth only from ``?sentry_key=``, chose the report type by the body's top-level
key and validated the body against a JSON schema.  This module does the same
without third-party packages; the schemas are data.  See also
https://develop.sentry.dev/sdk/foundations/client/features/ (security policy
reporting) and https://docs.sentry.io/platforms/javascript/security-policy-reporting/.

Outside 9.1.2, and reported through :attr:`SecurityReport.warnings` rather than
refused when ``strict=False``: content types with parameters
(``application/csp-report; charset=utf-8``) and the Reporting API's
``application/reports+json`` (a list of reports; 9.1.2 answered 400).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from .exceptions import ProtocolError

__all__ = [
    "CONTENT_TYPES",
    "INPUT_SCHEMAS",
    "REPORT_TYPES",
    "SecurityReport",
    "parse_security_report",
    "validate_report",
]

#: src/sentry/web/api.py: SecurityReportView.content_types
CONTENT_TYPES = (
    "application/csp-report",
    "application/json",
    "application/expect-ct-report",
    "application/expect-ct-report+json",
    "application/expect-staple-report",
)

#: src/sentry/web/api.py: SecurityReportView.security_report_type (top-level key -> type)
REPORT_TYPES = {
    "csp-report": "csp",
    "expect-ct-report": "expectct",
    "expect-staple-report": "expectstaple",
    "known-pins": "hpkp",
}

_STRING = {"type": "string"}
_NUMBER = {"type": "number"}
_STRINGS = {"type": "array", "items": _STRING}
_DATETIME = {"type": "string", "format": "date-time"}  # formats were not checked in 9.1.2

#: src/sentry/interfaces/schemas.py: CSP_SCHEMA
CSP_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "csp-report": {
            "type": "object",
            "properties": {
                "effective-directive": {
                    "type": "string",
                    "enum": [
                        "base-uri",
                        "child-src",
                        "connect-src",
                        "default-src",
                        "font-src",
                        "form-action",
                        "frame-ancestors",
                        "frame-src",
                        "img-src",
                        "manifest-src",
                        "media-src",
                        "object-src",
                        "plugin-types",
                        "prefetch-src",
                        "referrer",
                        "script-src",
                        "script-src-attr",
                        "script-src-elem",
                        "style-src",
                        "style-src-elem",
                        "style-src-attr",
                        "upgrade-insecure-requests",
                        "worker-src",
                    ],
                },
                "blocked-uri": {"type": "string", "default": "self"},
                "document-uri": {"type": "string", "not": {"enum": ["about:blank"]}},
                "original-policy": _STRING,
                "referrer": {"type": "string", "default": ""},
                "status-code": _NUMBER,
                "violated-directive": {"type": "string", "default": ""},
                "source-file": _STRING,
                "line-number": _NUMBER,
                "column-number": _NUMBER,
                "script-sample": {},
                "disposition": _STRING,
            },
            "required": ["effective-directive"],
            "additionalProperties": True,
        }
    },
    "required": ["csp-report"],
    "additionalProperties": False,
}

#: src/sentry/interfaces/schemas.py: HPKP_SCHEMA (RFC 7469 section 3)
HPKP_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "date-time": _STRING,
        "hostname": _STRING,
        "port": _NUMBER,
        "effective-expiration-date": _STRING,
        "include-subdomains": {"type": "boolean"},
        "noted-hostname": _STRING,
        "served-certificate-chain": _STRINGS,
        "validated-certificate-chain": _STRINGS,
        "known-pins": _STRINGS,
    },
    "required": ["hostname"],
    "additionalProperties": False,
}

#: src/sentry/interfaces/schemas.py: EXPECT_CT_SCHEMA
EXPECT_CT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "expect-ct-report": {
            "type": "object",
            "properties": {
                "date-time": _DATETIME,
                "hostname": _STRING,
                "port": _NUMBER,
                "effective-expiration-date": _DATETIME,
                "served-certificate-chain": _STRINGS,
                "validated-certificate-chain": _STRINGS,
                "scts": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "version": _NUMBER,
                            "status": {"type": "string", "enum": ["unknown", "valid", "invalid"]},
                            "source": {
                                "type": "string",
                                "enum": ["tls-extension", "ocsp", "embedded"],
                            },
                            "serialized_sct": _STRING,
                        },
                        "additionalProperties": False,
                    },
                },
            },
            "required": ["hostname"],
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}

#: src/sentry/interfaces/schemas.py: EXPECT_STAPLE_SCHEMA
EXPECT_STAPLE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "expect-staple-report": {
            "type": "object",
            "properties": {
                "date-time": _DATETIME,
                "hostname": _STRING,
                "port": _NUMBER,
                "effective-expiration-date": _DATETIME,
                "response-status": {
                    "type": "string",
                    "enum": [
                        "MISSING",
                        "PROVIDED",
                        "ERROR_RESPONSE",
                        "BAD_PRODUCED_AT",
                        "NO_MATCHING_RESPONSE",
                        "INVALID_DATE",
                        "PARSE_RESPONSE_ERROR",
                        "PARSE_RESPONSE_DATA_ERROR",
                    ],
                },
                "ocsp-response": {},
                "cert-status": {"type": "string", "enum": ["GOOD", "REVOKED", "UNKNOWN"]},
                "served-certificate-chain": _STRINGS,
                "validated-certificate-chain": _STRINGS,
            },
            "required": ["hostname"],
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}

#: src/sentry/interfaces/schemas.py: INPUT_SCHEMAS
INPUT_SCHEMAS: dict[str, dict[str, Any]] = {
    "csp": CSP_SCHEMA,
    "hpkp": HPKP_SCHEMA,
    "expectct": EXPECT_CT_SCHEMA,
    "expectstaple": EXPECT_STAPLE_SCHEMA,
}

_TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


def _is_type(value: Any, name: str) -> bool:
    if name in ("number", "integer"):  # jsonschema: booleans are not numbers
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        return name == "number" or isinstance(value, int) or float(value).is_integer()
    return isinstance(value, _TYPES[name])


def _errors(value: Any, schema: dict[str, Any], path: str) -> list[str]:
    where = path or "report"
    expected = schema.get("type")
    if expected is not None and not _is_type(value, expected):
        return [f"{where}: {json.dumps(value)[:60]} is not of type {expected!r}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{where}: {json.dumps(value)[:60]} is not one of {schema['enum']!r}"]
    if "not" in schema and not _errors(value, schema["not"], path):
        return [f"{where}: {json.dumps(value)[:60]} is not allowed"]
    errors: list[str] = []
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for key, sub in properties.items():
            if key in value:
                errors += _errors(value[key], sub, f"{path}.{key}" if path else key)
        for key in schema.get("required", ()):
            if key not in value:
                errors.append(f"{where}: {key!r} is a required property")
        if schema.get("additionalProperties") is False:
            extra = sorted(k for k in value if k not in properties)
            if extra:
                errors.append(f"{where}: additional properties are not allowed ({extra!r})")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            errors += _errors(item, schema["items"], f"{path}.{index}")
    return errors


def validate_report(report_type: str, body: Any) -> list[str]:
    """The problems 9.1.2's input schema finds in ``body`` (empty when valid)."""
    schema = INPUT_SCHEMAS[report_type]
    body = _with_effective_directive(report_type, body)
    return _errors(body, schema, "")


def _with_effective_directive(report_type: str, body: Any) -> Any:
    # src/sentry/interfaces/security.py: Csp.from_raw fills a missing
    # effective-directive from the first token of violated-directive.
    if report_type != "csp" or not isinstance(body, dict):
        return body
    report = body.get("csp-report")
    if isinstance(report, dict) and "effective-directive" not in report:
        violated = report.get("violated-directive")
        if isinstance(violated, str) and violated.split():
            body = {**body, "csp-report": {**report, "effective-directive": violated.split()[0]}}
    return body


@dataclasses.dataclass(frozen=True)
class SecurityReport:
    """A parsed, validated security report."""

    type: str  # csp, hpkp, expectct, expectstaple
    body: dict[str, Any]
    content_type: str | None
    warnings: tuple[str, ...] = ()


def parse_security_report(
    body: bytes, content_type: str | None, *, strict: bool = False
) -> list[SecurityReport]:
    """Parse a security endpoint body into its reports.

    With ``strict`` it behaves as 9.1.2: exact content types only, one report.
    Otherwise it also takes content-type parameters and the Reporting API's
    ``application/reports+json`` list, noting what 9.1.2 would have refused.
    """
    warnings: list[str] = []
    base = (content_type or "").split(";", 1)[0].strip().lower()
    if content_type not in CONTENT_TYPES:
        if strict or base not in (*CONTENT_TYPES, "application/reports+json"):
            raise ProtocolError(f"Invalid Content-Type {content_type!r}", where="Content-Type")
        warnings.append(f"Sentry 9.1.2 answered 400 Invalid Content-Type to {content_type!r}")
    if not body:
        raise ProtocolError("empty body", where="body")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProtocolError(f"not JSON ({exc})", where="body") from None
    if base == "application/reports+json":
        if not isinstance(data, list):
            raise ProtocolError("a reports+json body must be a JSON array", where="body")
        return [_from_reporting_api(entry, index, content_type) for index, entry in enumerate(data)]
    return [_parse_one(data, content_type, tuple(warnings), where="body")]


def _parse_one(
    data: Any, content_type: str | None, warnings: tuple[str, ...], *, where: str
) -> SecurityReport:
    report_type = None
    if isinstance(data, dict):
        report_type = next((t for key, t in REPORT_TYPES.items() if key in data), None)
    if report_type is None:
        raise ProtocolError("Unrecognized security report type", where=where)
    problems = validate_report(report_type, data)
    if problems:
        raise ProtocolError(f"Invalid security report: {problems[0]}", where=where)
    return SecurityReport(
        report_type, _with_effective_directive(report_type, data), content_type, warnings
    )


_REPORTING_API_FIELDS = {
    # Reporting API csp-violation body field -> CSP level 2 report key
    "documentURL": "document-uri",
    "referrer": "referrer",
    "blockedURL": "blocked-uri",
    "effectiveDirective": "effective-directive",
    "originalPolicy": "original-policy",
    "sourceFile": "source-file",
    "sample": "script-sample",
    "disposition": "disposition",
    "statusCode": "status-code",
    "lineNumber": "line-number",
    "columnNumber": "column-number",
}


def _from_reporting_api(entry: Any, index: int, content_type: str | None) -> SecurityReport:
    where = f"report {index}"
    if not isinstance(entry, dict) or entry.get("type") != "csp-violation":
        kind = entry.get("type") if isinstance(entry, dict) else type(entry).__name__
        raise ProtocolError(f"unsupported Reporting API report type {kind!r}", where=where)
    raw_body = entry.get("body")
    body: dict[str, Any] = raw_body if isinstance(raw_body, dict) else {}
    report = {_REPORTING_API_FIELDS[k]: v for k, v in body.items() if k in _REPORTING_API_FIELDS}
    if "effective-directive" in report:
        report.setdefault("violated-directive", report["effective-directive"])
    warning = "Reporting API report converted to a CSP level 2 report (9.1.2 answered 400)"
    return _parse_one({"csp-report": report}, content_type, (warning,), where=where)
