"""Interface schemas and the schema clean-up of Sentry 9.1.2.

Ports the interface schemas of ``src/sentry/interfaces/schemas.py`` (as data) and its
``validate_and_default_interface``. 9.1.2 used ``jsonschema`` (Draft 4, ``array`` =
list or tuple); this module checks the keywords those schemas use by hand: ``type``,
``properties``, ``additionalProperties``, ``required``, ``enum``, ``minLength``,
``maxLength``, ``minimum``, ``maximum``, ``minItems``, ``maxItems``, ``items``,
``anyOf``, ``not`` and ``format: date-time`` (9.1.2's ``FormatChecker`` checks it because
9.1.2 requires ``strict-rfc3339``; :func:`is_rfc3339_date_time`).

``validate_and_default_interface(data, name)`` mutates ``data`` in place, as 9.1.2 did:
top-level ``None`` values are deleted, missing required keys with a default get it,
and each top-level key with an error is reset to its schema default or deleted. It
returns whether the cleaned data is valid.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping
from typing import Any

__all__ = [
    "INTERFACE_SCHEMAS",
    "VALID_PLATFORMS",
    "is_rfc3339_date_time",
    "schema_errors",
    "validate_and_default_interface",
]

# src/sentry/constants.py: VALID_PLATFORMS
VALID_PLATFORMS: frozenset[str] = frozenset(
    "as3 c cfml cocoa csharp go java javascript node objc other perl php python ruby "
    "elixir haskell groovy native".split()
)

_PAIRS: dict[str, Any] = {
    "type": "array",
    "items": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "string"}},
}

HTTP_INTERFACE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "url": {"type": "string", "minLength": 1},
        "method": {"type": "string"},
        "query_string": {
            "anyOf": [
                {"type": ["string", "object"]},
                {"type": "array", "items": {"type": "array", "maxItems": 2, "minItems": 2}},
            ]
        },
        "inferred_content_type": {"type": "string"},
        "cookies": {"anyOf": [{"type": ["string", "object"]}, _PAIRS]},
        "env": {"type": "object"},
        "headers": {"anyOf": [{"type": "object"}, _PAIRS]},
        "data": {"type": ["string", "object", "array"]},
        "fragment": {"type": "string"},
    },
    "required": [],
    "additionalProperties": True,
}

FRAME_INTERFACE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "abs_path": {"type": "string"},
        "colno": {"type": ["number", "string"]},
        "context_line": {"type": "string"},
        "data": {"anyOf": [{"type": "object"}, _PAIRS]},
        "errors": {},
        "filename": {"type": "string"},
        "function": {"type": "string"},
        "image_addr": {},
        "in_app": {"type": "boolean", "default": False},
        "instruction_addr": {},
        "instruction_offset": {},
        "trust": {"type": "string"},
        "lineno": {"type": ["number", "string"]},
        "module": {"type": "string"},
        "package": {"type": "string"},
        "platform": {"type": "string", "enum": sorted(VALID_PLATFORMS)},
        "post_context": {},
        "pre_context": {},
        "project_root": {},
        "symbol": {"type": "string"},
        "symbol_addr": {},
        "vars": {"anyOf": [{"type": ["object", "array"]}, _PAIRS]},
    },
    "additionalProperties": {"not": {}},
}

STACKTRACE_INTERFACE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "frames": {"type": "array", "items": {}},
        "frames_omitted": {
            "type": "array",
            "maxItems": 2,
            "minItems": 2,
            "items": {"type": "number"},
        },
        "registers": {"type": "object"},
    },
    "required": [],
    "additionalProperties": {"not": {}},
}

EXCEPTION_MECHANISM_INTERFACE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "type": {"type": "string", "minLength": 1},
        "description": {"type": "string"},
        "help_link": {"type": "string", "minLength": 1},
        "handled": {"type": "boolean"},
        "data": {"type": "object"},
        "meta": {
            "type": "object",
            "default": {},
            "properties": {
                "signal": {
                    "type": "object",
                    "properties": {
                        "number": {"type": "number"},
                        "code": {"type": "number"},
                        "name": {"type": "string"},
                        "code_name": {"type": "string"},
                    },
                    "required": ["number"],
                },
                "errno": {
                    "type": "object",
                    "properties": {"number": {"type": "number"}, "name": {"type": "string"}},
                    "required": ["number"],
                },
                "mach_exception": {
                    "type": "object",
                    "properties": {
                        "exception": {"type": "number"},
                        "code": {"type": "number"},
                        "subcode": {"type": "number"},
                        "name": {"type": "string"},
                    },
                    "required": ["exception", "code", "subcode"],
                },
            },
        },
    },
    "required": ["type"],
}

TEMPLATE_INTERFACE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "abs_path": {"type": "string"},
        "filename": {"type": "string"},
        "context_line": {"type": "string"},
        "lineno": {"type": "number", "minimum": 1},
        "pre_context": {"type": "array", "items": {"type": "string"}},
        "post_context": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["lineno", "context_line"],
    "additionalProperties": False,
}

_CSP_DIRECTIVES = [
    "base-uri", "child-src", "connect-src", "default-src", "font-src", "form-action",
    "frame-ancestors", "frame-src", "img-src", "manifest-src", "media-src", "object-src",
    "plugin-types", "prefetch-src", "referrer", "script-src", "script-src-attr",
    "script-src-elem", "style-src", "style-src-elem", "style-src-attr",
    "upgrade-insecure-requests", "worker-src",
]  # fmt: skip

CSP_INTERFACE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "effective_directive": {"type": "string", "enum": _CSP_DIRECTIVES},
        "blocked_uri": {"type": "string", "default": "self"},
        "document_uri": {"type": "string", "not": {"enum": ["about:blank"]}},
        "original_policy": {"type": "string"},
        "referrer": {"type": "string", "default": ""},
        "status_code": {"type": "number"},
        "violated_directive": {"type": "string", "default": ""},
        "source_file": {"type": "string"},
        "line_number": {"type": "number"},
        "column_number": {"type": "number"},
        "script_sample": {},
        "disposition": {"type": "string"},
    },
    "required": ["effective_directive", "violated_directive", "blocked_uri"],
    "additionalProperties": False,
}

_CHAIN = {"type": "array", "items": {"type": "string"}}

_OCSP_RESPONSE_STATUSES = [
    "MISSING", "PROVIDED", "ERROR_RESPONSE", "BAD_PRODUCED_AT", "NO_MATCHING_RESPONSE",
    "INVALID_DATE", "PARSE_RESPONSE_ERROR", "PARSE_RESPONSE_DATA_ERROR",
]  # fmt: skip


def _report_schema(**properties: Any) -> dict[str, Any]:
    # the HPKP / Expect-CT / Expect-Staple interface schemas: hostname required, nothing extra
    return {
        "type": "object",
        "properties": properties,
        "required": ["hostname"],
        "additionalProperties": False,
    }


_DATE_TIME = {"type": "string", "format": "date-time"}

HPKP_INTERFACE_SCHEMA = _report_schema(
    date_time={"type": "string"},
    hostname={"type": "string"},
    port={"type": "number"},
    effective_expiration_date={"type": "string"},
    include_subdomains={"type": "boolean"},
    noted_hostname={"type": "string"},
    served_certificate_chain=_CHAIN,
    validated_certificate_chain=_CHAIN,
    known_pins=_CHAIN,
)

EXPECT_CT_INTERFACE_SCHEMA = _report_schema(
    date_time=_DATE_TIME,
    hostname={"type": "string"},
    port={"type": "number"},
    effective_expiration_date=_DATE_TIME,
    served_certificate_chain=_CHAIN,
    validated_certificate_chain=_CHAIN,
    scts={
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "version": {"type": "number"},
                "status": {"type": "string", "enum": ["unknown", "valid", "invalid"]},
                "source": {"type": "string", "enum": ["tls-extension", "ocsp", "embedded"]},
                "serialized_sct": {"type": "string"},
            },
            "additionalProperties": False,
        },
    },
)

EXPECT_STAPLE_INTERFACE_SCHEMA = _report_schema(
    date_time=_DATE_TIME,
    hostname={"type": "string"},
    port={"type": "number"},
    effective_expiration_date=_DATE_TIME,
    response_status={"type": "string", "enum": _OCSP_RESPONSE_STATUSES},
    ocsp_response={},
    cert_status={"type": "string", "enum": ["GOOD", "REVOKED", "UNKNOWN"]},
    served_certificate_chain=_CHAIN,
    validated_certificate_chain=_CHAIN,
)

#: interface path -> schema (9.1.2's ``INTERFACE_SCHEMAS``, for the paths that use it;
#: ``singleexception`` has none, ``logentry`` only requires an object and never calls it)
INTERFACE_SCHEMAS: dict[str, dict[str, Any]] = {
    "request": HTTP_INTERFACE_SCHEMA,
    "stacktrace": STACKTRACE_INTERFACE_SCHEMA,
    "frame": FRAME_INTERFACE_SCHEMA,
    "mechanism": EXCEPTION_MECHANISM_INTERFACE_SCHEMA,
    "template": TEMPLATE_INTERFACE_SCHEMA,
    "csp": CSP_INTERFACE_SCHEMA,
    "hpkp": HPKP_INTERFACE_SCHEMA,
    "expectct": EXPECT_CT_INTERFACE_SCHEMA,
    "expectstaple": EXPECT_STAPLE_INTERFACE_SCHEMA,
}


def _is_type(value: Any, name: str) -> bool:
    # jsonschema Draft4Validator type checks (bools are not numbers)
    if name == "object":
        return isinstance(value, Mapping)
    if name == "array":
        return isinstance(value, (list, tuple))
    if name == "string":
        return isinstance(value, str)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    return True


#: RFC 3339 section 5.6 ``date-time``: upper-case ``T`` and ``Z`` only, any number of
#: fraction digits; ``$`` also matches before a final newline, as Python's does (observed on
#: the oracle's interpreter: ``"...Z\n"`` conforms)
_RFC3339 = re.compile(
    r"^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?"
    r"(?:Z|[+-]([0-9]{2}):([0-9]{2}))$"
)


def is_rfc3339_date_time(value: Any) -> bool:
    """jsonschema's ``date-time`` format as 9.1.2 checked it (non-strings conform).  Written
    from RFC 3339 and pinned by running the oracle's checker on 29 strings: a real calendar
    date from year 1, hours 0-23, minutes and seconds 0-59 (no leap second), offsets up to
    23:59."""
    if not isinstance(value, str):
        return True
    match = _RFC3339.match(value)
    if match is None:
        return False
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    if not (1 <= year and 1 <= month <= 12 and hour <= 23 and minute <= 59 and second <= 59):
        return False
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return False
    off_hour, off_minute = match.group(7), match.group(8)
    return off_hour is None or (int(off_hour) <= 23 and int(off_minute) <= 59)


def _enum_contains(enum: list[Any], value: Any) -> bool:
    # jsonschema 2.6: ``instance not in enums`` (so True == 1 passes, as on py2)
    return value in enum


def schema_errors(
    value: Any, schema: Mapping[str, Any], path: tuple[Any, ...] = ()
) -> list[tuple[tuple[Any, ...], Mapping[str, Any]]]:
    """All validation errors of ``value`` as ``(path, failing schema)`` pairs."""
    errors: list[tuple[tuple[Any, ...], Mapping[str, Any]]] = []
    if "type" in schema:
        types = schema["type"]
        if isinstance(types, str):
            types = [types]
        if not any(_is_type(value, t) for t in types):
            errors.append((path, schema))
    if isinstance(value, Mapping):
        props = schema.get("properties", {})
        for key, subschema in props.items():
            if key in value:
                errors.extend(schema_errors(value[key], subschema, (*path, key)))
        additional = schema.get("additionalProperties", True)
        extras = [k for k in value if k not in props]
        if additional is False:
            if extras:
                errors.append((path, schema))
        elif isinstance(additional, Mapping):
            for key in extras:
                errors.extend(schema_errors(value[key], additional, (*path, key)))
        for key in schema.get("required", ()):
            if key not in value:
                errors.append((path, schema))
    if isinstance(value, (list, tuple)):
        if "minItems" in schema and len(value) < schema["minItems"]:
            errors.append((path, schema))
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            errors.append((path, schema))
        items = schema.get("items")
        if isinstance(items, Mapping):
            for idx, item in enumerate(value):
                errors.extend(schema_errors(item, items, (*path, idx)))
        elif isinstance(items, list):
            for idx, (item, subschema) in enumerate(zip(value, items, strict=False)):
                errors.extend(schema_errors(item, subschema, (*path, idx)))
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            errors.append((path, schema))
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            errors.append((path, schema))
    if _is_type(value, "number"):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append((path, schema))
        if "maximum" in schema and value > schema["maximum"]:
            errors.append((path, schema))
    if "enum" in schema and not _enum_contains(schema["enum"], value):
        errors.append((path, schema))
    if schema.get("format") == "date-time" and not is_rfc3339_date_time(value):
        errors.append((path, schema))
    if "anyOf" in schema and all(schema_errors(value, sub, path) for sub in schema["anyOf"]):
        errors.append((path, schema))
    if "not" in schema and not schema_errors(value, schema["not"], path):
        errors.append((path, schema))
    return errors


Validator = Callable[[Any], bool]

_TYPE_CHECKS: dict[str, Validator] = {
    "object": lambda v: type(v) is dict or isinstance(v, Mapping),
    "array": lambda v: isinstance(v, (list, tuple)),
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _always(value: Any) -> bool:
    return True


def compile_validator(schema: Mapping[str, Any]) -> Validator:
    """A predicate equal to ``not schema_errors(value, schema)`` (the same checks, stopping
    at the first failure): the clean data every stored event has costs one call per node."""
    checks: list[Validator] = []
    if "type" in schema:
        types = schema["type"]
        if isinstance(types, str):
            types = [types]
        type_checks = [_TYPE_CHECKS.get(t, _always) for t in types]
        if len(type_checks) == 1:
            checks.append(type_checks[0])
        elif len(type_checks) == 2:
            first, second = type_checks
            checks.append(lambda v: first(v) or second(v))
        else:
            checks.append(lambda v: any(check(v) for check in type_checks))
    props = {k: compile_validator(sub) for k, sub in schema.get("properties", {}).items()}
    additional = schema.get("additionalProperties", True)
    extra_check = compile_validator(additional) if isinstance(additional, Mapping) else None
    required = tuple(schema.get("required", ()))
    if props or additional is not True or required:

        def check_mapping(v: Any) -> bool:
            if type(v) is not dict and not isinstance(v, Mapping):
                return True
            for key, value in v.items():
                check = props.get(key)
                if check is not None:
                    if not check(value):
                        return False
                elif additional is False:
                    return False
                elif extra_check is not None and not extra_check(value):
                    return False
            return all(key in v for key in required)

        checks.append(check_mapping)
    min_items, max_items = schema.get("minItems"), schema.get("maxItems")
    items = schema.get("items")
    item_check = compile_validator(items) if isinstance(items, Mapping) else None
    tuple_checks = [compile_validator(sub) for sub in items] if isinstance(items, list) else None
    if min_items is not None or max_items is not None or items is not None:

        def check_array(v: Any) -> bool:
            if not isinstance(v, (list, tuple)):
                return True
            if min_items is not None and len(v) < min_items:
                return False
            if max_items is not None and len(v) > max_items:
                return False
            if item_check is not None:
                return all(item_check(item) for item in v)
            if tuple_checks is not None:
                return all(c(item) for c, item in zip(tuple_checks, v, strict=False))
            return True

        checks.append(check_array)
    min_length, max_length = schema.get("minLength"), schema.get("maxLength")
    if min_length is not None or max_length is not None:

        def check_string(v: Any) -> bool:
            if not isinstance(v, str):
                return True
            if min_length is not None and len(v) < min_length:
                return False
            return max_length is None or len(v) <= max_length

        checks.append(check_string)
    minimum, maximum = schema.get("minimum"), schema.get("maximum")
    if minimum is not None or maximum is not None:

        def check_number(v: Any) -> bool:
            if not _is_type(v, "number"):
                return True
            if minimum is not None and v < minimum:
                return False
            return maximum is None or not v > maximum

        checks.append(check_number)
    if "enum" in schema:
        enum = schema["enum"]
        checks.append(lambda v: _enum_contains(enum, v))
    if schema.get("format") == "date-time":
        checks.append(is_rfc3339_date_time)
    if "anyOf" in schema:
        alternatives = [compile_validator(sub) for sub in schema["anyOf"]]
        if len(alternatives) == 2:
            one, other = alternatives
            checks.append(lambda v: one(v) or other(v))
        else:
            checks.append(lambda v: any(check(v) for check in alternatives))
    if "not" in schema:
        negated = compile_validator(schema["not"])
        checks.append(lambda v: not negated(v))
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        a, b = checks
        return lambda v: a(v) and b(v)
    if len(checks) == 3:
        a, b, c = checks
        return lambda v: a(v) and b(v) and c(v)
    return lambda v: all(check(v) for check in checks)


_VALIDATORS: dict[str, Validator] = {}


def _validator(name: str, schema: Mapping[str, Any]) -> Validator:
    validator = _VALIDATORS.get(name)
    if validator is None:
        validator = _VALIDATORS[name] = compile_validator(schema)
    return validator


def validate_and_default_interface(data: Any, name: str, strip_nones: bool = True) -> bool:
    """Clean ``data`` in place against the schema of interface ``name``; return validity."""
    # src/sentry/interfaces/schemas.py: validate_and_default_interface
    schema = INTERFACE_SCHEMAS.get(name)
    if schema is None:
        return True
    if strip_nones and isinstance(data, dict):
        for k in list(data):
            if data[k] is None:
                del data[k]
    props = schema.get("properties", {})
    if "properties" in schema and "required" in schema and isinstance(data, dict):
        for p in schema["required"]:
            if p not in data and p in props and "default" in props[p]:
                data[p] = _copy_default(props[p]["default"])
    if _validator(name, schema)(data):
        return True  # no errors: nothing to reset or delete
    errors = schema_errors(data, schema)
    needs_revalidation = any(not p for p, _s in errors)
    # One action per top-level key. With these schemas an error of the key's own
    # schema never co-occurs with a nested one, so "own schema has a default" decides.
    by_key: dict[Any, bool] = {}
    for p, s in errors:
        if p:
            own = len(p) == 1 and "default" in s
            by_key[p[0]] = by_key.get(p[0], False) or own
    for key, has_default in by_key.items():
        if has_default:
            data[key] = _copy_default(props[key]["default"])
        else:
            needs_revalidation = True
            del data[key]
    if needs_revalidation:
        return not schema_errors(data, schema)
    return True


def _copy_default(value: Any) -> Any:
    return dict(value) if isinstance(value, dict) else value
