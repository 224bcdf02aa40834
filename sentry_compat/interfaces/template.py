"""The template model of Sentry 9.1.2 (``src/sentry/interfaces/template.py``).

Legacy ``to_python`` validates against the template schema: ``lineno`` (>= 1) and
``context_line`` are required and no other keys than ``abs_path``, ``filename``,
``context_line``, ``lineno``, ``pre_context`` and ``post_context`` are allowed, so an
extra or missing key makes the interface absent.
"""

from __future__ import annotations

from typing import Any

from sentry_compat.interfaces.base import Interface, InterfaceValidationError
from sentry_compat.interfaces.schemas import validate_and_default_interface
from sentry_compat.interfaces.stacktrace import get_context
from sentry_compat.trimming import trim

__all__ = ["Template"]


class Template(Interface):
    score = 1100

    @classmethod
    def to_python(cls, data: Any) -> Template:
        # src/sentry/interfaces/template.py: Template.to_python (legacy path)
        if not validate_and_default_interface(data, cls.path):
            raise InterfaceValidationError("Invalid template")
        return cls(
            abs_path=trim(data.get("abs_path", None), 256),
            filename=trim(data.get("filename", None), 256),
            context_line=trim(data.get("context_line", None), 256),
            lineno=int(data["lineno"]) if data.get("lineno", None) is not None else None,
            pre_context=data.get("pre_context"),
            post_context=data.get("post_context"),
        )

    def get_api_context(self, is_public: bool = False) -> dict[str, Any]:
        return {
            "lineNo": self.lineno,
            "filename": self.filename,
            "context": get_context(
                lineno=self.lineno,
                context_line=self.context_line,
                pre_context=self.pre_context,
                post_context=self.post_context,
            ),
        }

    def get_api_meta(self, meta: Any, is_public: bool = False) -> dict[str, Any]:
        return {
            "": meta.get(""),
            "lineNo": meta.get("lineno"),
            "filename": meta.get("filename"),
            "context": get_context(
                lineno=meta.get("lineno"),
                context_line=meta.get("context_line"),
                pre_context=meta.get("pre_context"),
                post_context=meta.get("post_context"),
            ),
        }
