"""The threads model of Sentry 9.1.2 (``src/sentry/interfaces/threads.py``).

Null threads are skipped. A thread's ``stacktrace`` is built only when it has a truthy
``frames`` list (a list holding only nulls still gives an empty stacktrace).
"""

from __future__ import annotations

from typing import Any

from sentry_compat.interfaces.base import Interface, prune_empty_keys
from sentry_compat.interfaces.stacktrace import Stacktrace
from sentry_compat.trimming import trim

__all__ = ["Threads"]


def _get_stacktrace(value: Any, raw: bool = False) -> Stacktrace | None:
    # src/sentry/interfaces/threads.py: get_stacktrace
    if value and value.get("frames"):
        return Stacktrace.to_python(value, slim_frames=True, raw=raw)
    return None


class Threads(Interface):
    score = 1900
    grouping_variants = ("system", "app")

    @classmethod
    def to_python(cls, data: Any) -> Threads:
        # src/sentry/interfaces/threads.py: Threads.to_python
        threads = []
        for thread in data.get("values") or ():
            if thread is None:
                continue
            threads.append(
                {
                    "stacktrace": _get_stacktrace(thread.get("stacktrace")),
                    "raw_stacktrace": _get_stacktrace(thread.get("raw_stacktrace"), raw=True),
                    "id": trim(thread.get("id"), 40),
                    "crashed": bool(thread.get("crashed")),
                    "current": bool(thread.get("current")),
                    "name": trim(thread.get("name"), 200),
                }
            )
        return cls(values=threads)

    def to_json(self) -> dict[str, Any] | None:
        def export_thread(data: dict[str, Any] | None) -> dict[str, Any] | None:
            if data is None:
                return None
            rv = {
                "id": data["id"],
                "current": data["current"],
                "crashed": data["crashed"],
                "name": data["name"],
                "stacktrace": None,
            }
            if data["stacktrace"]:
                rv["stacktrace"] = data["stacktrace"].to_json()
            if data["raw_stacktrace"]:
                rv["raw_stacktrace"] = data["raw_stacktrace"].to_json()
            return prune_empty_keys(rv)

        return prune_empty_keys({"values": [export_thread(x) for x in self.values]})

    def get_api_context(self, is_public: bool = False) -> dict[str, Any]:
        def export_thread(data: dict[str, Any]) -> dict[str, Any]:
            rv = {
                "id": data["id"],
                "current": data["current"],
                "crashed": data["crashed"],
                "name": data["name"],
                "stacktrace": None,
                "rawStacktrace": None,
            }
            if data["stacktrace"]:
                rv["stacktrace"] = data["stacktrace"].get_api_context(is_public=is_public)
            if data["raw_stacktrace"]:
                rv["rawStacktrace"] = data["raw_stacktrace"].get_api_context(is_public=is_public)
            return rv

        return {"values": [export_thread(x) for x in self.values]}

    def get_meta_context(self, meta: Any, is_public: bool = False) -> Any:
        # 9.1.2 defines get_meta_context here (not get_api_meta, which stays the base one)
        if meta and "values" not in meta:
            return {"values": meta}
        return meta
