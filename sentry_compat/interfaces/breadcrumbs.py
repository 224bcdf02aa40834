"""The breadcrumbs model of Sentry 9.1.2 (``src/sentry/interfaces/breadcrumbs.py``).

Legacy ``normalize_crumb``: a crumb whose timestamp cannot be parsed (or any other
error) is dropped silently; the type defaults to ``default``, an unknown level becomes
``info``, the message (text of any value) is trimmed to 4096, the category to 256, and
a non-dict ``data`` becomes None.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from sentry_compat import _py2
from sentry_compat.interfaces.base import Interface, prune_empty_keys
from sentry_compat.trimming import trim

__all__ = ["LOG_LEVELS", "Breadcrumbs", "parse_timestamp", "to_datetime", "to_timestamp"]

# src/sentry/constants.py: LOG_LEVELS_MAP keys
LOG_LEVELS = frozenset(["sample", "debug", "info", "warning", "error", "fatal"])

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)


def parse_timestamp(value: Any) -> _dt.datetime | None:
    """A UTC datetime from a number or ``YYYY-mm-ddTHH:MM:SS[.ffffff][Z]``; None if unparsable."""
    # src/sentry/utils/dates.py: parse_timestamp
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, (int, float)):
        return _dt.datetime.fromtimestamp(value, _dt.timezone.utc)
    parts = (value or "").rstrip("Z").encode("ascii", "replace").decode("ascii").split(".", 1)
    try:
        rv: _dt.datetime | None = _dt.datetime.strptime(parts[0], "%Y-%m-%dT%H:%M:%S")
    except Exception:
        return None
    if len(parts) == 2:
        try:
            assert rv is not None
            rv = rv.replace(microsecond=int(parts[1].ljust(6, "0")[:6]))
        except ValueError:
            rv = None
    if rv is None:
        # py2: None.replace raised AttributeError out of parse_timestamp
        raise AttributeError("'NoneType' object has no attribute 'replace'")
    return rv.replace(tzinfo=_dt.timezone.utc)


def to_timestamp(value: _dt.datetime) -> float:
    return (value - _EPOCH).total_seconds()


def to_datetime(value: float) -> _dt.datetime:
    return _EPOCH + _dt.timedelta(seconds=value)


class Breadcrumbs(Interface):
    display_score = 1100
    score = 800

    @classmethod
    def to_python(cls, data: Any) -> Breadcrumbs:
        # src/sentry/interfaces/breadcrumbs.py: Breadcrumbs.to_python (legacy path)
        raw = data.get("values") if isinstance(data, dict) else None
        crumbs = [c for c in raw if c is not None] if isinstance(raw, (list, tuple)) else ()
        if raw is not None and not isinstance(raw, (list, tuple)):
            crumbs = raw
        values = []
        for crumb in crumbs:
            try:
                values.append(cls.normalize_crumb(crumb))
            except Exception:  # 9.1.2 drops a crumb on any error
                continue
        return cls(values=values)

    def to_json(self) -> dict[str, Any] | None:
        return prune_empty_keys(
            {
                "values": [
                    prune_empty_keys(
                        {
                            "type": crumb["type"],
                            "level": crumb["level"],
                            "timestamp": crumb["timestamp"],
                            "message": crumb["message"],
                            "category": crumb["category"],
                            "event_id": crumb["event_id"],
                            "data": crumb["data"] or None,
                        }
                    )
                    for crumb in self.values
                ]
                or None
            }
        )

    @classmethod
    def normalize_crumb(cls, crumb: Any) -> dict[str, Any]:
        # src/sentry/interfaces/breadcrumbs.py: Breadcrumbs.normalize_crumb (legacy path)
        ty = crumb.get("type") or "default"
        level = crumb.get("level")
        if not isinstance(level, str) or (level not in LOG_LEVELS and level != "critical"):
            level = "info"
        ts = parse_timestamp(crumb.get("timestamp"))
        if ts is None:
            raise ValueError("Unable to determine timestamp for crumb")
        msg = crumb.get("message")
        if msg is not None:
            msg = trim(_py2.py2_str(msg), 4096)
        category = crumb.get("category")
        if category is not None:
            category = trim(_py2.py2_str(category), 256)
        data = crumb.get("data")
        data = trim(data, 4096) if isinstance(data, dict) else None
        return {
            "type": ty,
            "level": level,
            "timestamp": to_timestamp(ts),
            "message": msg,
            "category": category,
            "event_id": crumb.get("event_id"),
            "data": data,
        }

    def get_api_context(self, is_public: bool = False) -> dict[str, Any]:
        def _convert(x: dict[str, Any]) -> dict[str, Any]:
            return {
                "type": x["type"],
                "timestamp": x["timestamp"] and to_datetime(x["timestamp"]),
                "level": x.get("level", "info"),
                "message": x.get("message"),
                "category": x.get("category"),
                "data": x.get("data") or None,
                "event_id": x.get("event_id"),
            }

        return {"values": [_convert(v) for v in self.values]}

    def get_api_meta(self, meta: Any, is_public: bool = False) -> Any:
        if meta and "values" not in meta:
            return {"values": meta}
        return meta
