"""Validating incoming events with JSON Schema (``jsonschema``).

* :func:`sentry912_validator`: this project's schema of what Sentry 9.1.2 accepted without
  loss (``sentry_compat/schemas/sentry912-event.schema.json``);
* :func:`sdk_validator`: the current SDK event schema (getsentry/sentry-data-schemas, MIT),
  read by path from ``../shared/reference/event-schema/event.schema.json`` (or
  ``$SENTRY_COMPAT_SHARED``) when present; never copied here.

Violations are one line each: ``path: message`` (the most relevant sub-error of an
``anyOf``).
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

__all__ = [
    "SENTRY912_SCHEMA",
    "default_sdk_schema_path",
    "sdk_validator",
    "sentry912_validator",
    "violations",
]

SENTRY912_SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "sentry912-event.schema.json"


def default_sdk_schema_path() -> Path:
    """``$SENTRY_COMPAT_SHARED/reference/event-schema/event.schema.json``, else ``../shared/...``
    beside the repository."""
    shared = os.environ.get("SENTRY_COMPAT_SHARED")
    base = Path(shared) if shared else Path(__file__).resolve().parents[2].parent / "shared"
    return base / "reference" / "event-schema" / "event.schema.json"


@functools.lru_cache(maxsize=4)
def _validator(path: str) -> Any:
    import jsonschema  # type: ignore[import-untyped]

    with open(path, encoding="utf-8") as handle:
        schema = json.load(handle)
    if isinstance(schema, dict) and isinstance(schema.get("definitions"), dict):
        schema = {
            **_inline(schema, schema["definitions"], ()),
            "definitions": schema["definitions"],
        }
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def _inline(node: Any, definitions: dict[str, Any], stack: tuple[str, ...]) -> Any:
    """``node`` with local ``#/definitions/NAME`` references replaced by their targets (a
    recursive reference stays a reference): the same schema, validated without a reference
    lookup per value (about a fifth faster on real events)."""
    if isinstance(node, list):
        return [_inline(v, definitions, stack) for v in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/definitions/") and len(node) == 1:
        name = ref.removeprefix("#/definitions/")
        if name in definitions and name not in stack:
            return _inline(definitions[name], definitions, (*stack, name))
        return node
    return {k: _inline(v, definitions, stack) if k != "definitions" else v for k, v in node.items()}


def sentry912_validator() -> Any:
    return _validator(str(SENTRY912_SCHEMA))


def sdk_validator(path: Path | None = None) -> Any | None:
    """The SDK schema's validator, None when the file is absent."""
    path = path or default_sdk_schema_path()
    return _validator(str(path)) if path.is_file() else None


def _line(error: Any) -> str:
    from jsonschema.exceptions import best_match  # type: ignore[import-untyped]

    while error.context:
        # an ``anyOf`` with a null branch (null counts as absent) says nothing about null
        useful = [
            e for e in error.context if not (e.validator == "type" and e.validator_value == "null")
        ]
        error = best_match(useful or error.context)
    where = ".".join(str(p) for p in error.absolute_path) or "<root>"
    message = error.message
    if error.validator == "type":  # name the JSON type instead of repeating the whole value
        wanted = error.validator_value
        wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
        message = f"{_json_type(error.instance)} is not of type {wanted}"
    if len(message) > 160:
        message = message[:157] + "..."
    return f"{where}: {message}"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {json.dumps(value)}"
    if isinstance(value, (int, float)):
        return f"number {value!r}"
    if isinstance(value, str):
        return f"string {json.dumps(value)[:40]}"
    return (
        "array"
        if isinstance(value, list)
        else "object"
        if isinstance(value, dict)
        else type(value).__name__
    )


def violations(validator: Any, event: Any, limit: int = 20) -> list[str]:
    """One line per violation (at most ``limit``; the last line says how many more)."""
    errors = sorted(validator.iter_errors(event), key=lambda e: list(map(str, e.absolute_path)))
    lines = [_line(e) for e in errors[:limit]]
    if len(errors) > limit:
        lines.append(f"... and {len(errors) - limit} more")
    return lines
