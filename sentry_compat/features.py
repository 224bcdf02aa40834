"""Feature tags of a raw event: what a corpus case exercises (``exception_chain``,
``logentry_params``, ``csp``, ...), read off the event itself.

``compat corpus list --feature`` and ``compat diff --feature`` filter on these, together with
the features a factory scenario declares in the manifest.  Standard library only.
"""

from __future__ import annotations

from typing import Any

__all__ = ["derive_features"]

_LEGACY_KEYS = ("sentry.interfaces.",)


def _values(value: Any) -> list[Any]:
    if isinstance(value, dict):
        inner = value.get("values")
        return inner if isinstance(inner, list) else [value]
    return value if isinstance(value, list) else []


def _frames(event: dict[str, Any]) -> list[dict[str, Any]]:
    stacks: list[Any] = [event.get("stacktrace")]
    exc = event.get("exception", event.get("sentry.interfaces.Exception"))
    stacks += [v.get("stacktrace") for v in _values(exc) if isinstance(v, dict)]
    stacks += [t.get("stacktrace") for t in _values(event.get("threads")) if isinstance(t, dict)]
    frames: list[dict[str, Any]] = []
    for stack in stacks:
        if isinstance(stack, dict) and isinstance(stack.get("frames"), list):
            frames += [f for f in stack["frames"] if isinstance(f, dict)]
    return frames


def derive_features(event: Any) -> list[str]:
    """Feature tags read off a raw event (what the case exercises), sorted.

    ``exception``, ``exception_chain`` (two or more), ``bare_exception_list``, ``mechanism``,
    ``stacktrace``, ``in_app_mixed``, ``frame_vars``, ``threads``, ``message``,
    ``message_string`` (top-level string), ``logentry_params``, ``template``, ``breadcrumbs``,
    ``request``, ``user``, ``contexts``, ``tags``, ``tags_pairs``, ``numeric_level``,
    ``fingerprint``, ``checksum``, ``release``, ``environment``, ``extra``, ``modules``,
    ``debug_meta``, ``csp``/``hpkp``/``expectct``/``expectstaple``, ``legacy_keys``.
    """
    if not isinstance(event, dict):
        return []
    out: set[str] = set()
    exc = event.get("exception", event.get("sentry.interfaces.Exception"))
    values = [v for v in _values(exc) if isinstance(v, dict)]
    if values:
        out.add("exception")
        if len(values) > 1:
            out.add("exception_chain")
        if isinstance(exc, list):
            out.add("bare_exception_list")
        if any(v.get("mechanism") for v in values):
            out.add("mechanism")
    frames = _frames(event)
    if frames:
        out.add("stacktrace")
        flags = {f.get("in_app") for f in frames}
        if True in flags and (False in flags or None in flags):
            out.add("in_app_mixed")
        if any(f.get("vars") for f in frames):
            out.add("frame_vars")
    if event.get("threads"):
        out.add("threads")
    message = event.get("message")
    logentry = event.get("logentry", event.get("sentry.interfaces.Message"))
    if message or logentry:
        out.add("message")
    if isinstance(message, str) and message:
        out.add("message_string")
    for entry in (logentry, message):
        if isinstance(entry, dict) and entry.get("params"):
            out.add("logentry_params")
    level = event.get("level")
    if (isinstance(level, (int, float)) and not isinstance(level, bool)) or (
        isinstance(level, str) and level.isdigit()
    ):
        out.add("numeric_level")
    tags = event.get("tags")
    if tags:
        out.add("tags")
        if isinstance(tags, list):
            out.add("tags_pairs")
    simple = {
        "template": ("template", "sentry.interfaces.Template"),
        "breadcrumbs": ("breadcrumbs", "sentry.interfaces.Breadcrumbs"),
        "request": ("request", "sentry.interfaces.Http"),
        "user": ("user", "sentry.interfaces.User"),
        "contexts": ("contexts", "sentry.interfaces.Contexts"),
        "debug_meta": ("debug_meta", "sentry.interfaces.DebugMeta"),
        "csp": ("csp", "sentry.interfaces.Csp", "csp-report"),
        "hpkp": ("hpkp",),
        "expectct": ("expectct", "expect-ct-report"),
        "expectstaple": ("expectstaple", "expect-staple-report"),
        "fingerprint": ("fingerprint",),
        "checksum": ("checksum",),
        "release": ("release",),
        "environment": ("environment",),
        "extra": ("extra",),
        "modules": ("modules",),
    }
    for feature, keys in simple.items():
        if any(event.get(k) for k in keys):
            out.add(feature)
    if any(isinstance(k, str) and k.startswith(_LEGACY_KEYS) for k in event):
        out.add("legacy_keys")
    return sorted(out)
