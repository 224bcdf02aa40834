"""Security report models of Sentry 9.1.2 (``src/sentry/interfaces/security.py``).

``Csp``, ``Hpkp``, ``ExpectCT`` and ``ExpectStaple`` take the underscore-keyed report
fields. ``to_python`` cleans them against the interface schema: an unknown key, or a
missing required key without default, makes the interface absent; CSP defaults
``blocked_uri`` to ``self`` and ``violated_directive``/``referrer`` to ``''``.

URIs are split with py2.7's ``urlsplit`` (:mod:`sentry_compat._py2`), so ``host:8080``
has no scheme and normalizes to ``''``.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, ClassVar

from sentry_compat import _py2
from sentry_compat.interfaces.base import Interface, InterfaceValidationError
from sentry_compat.interfaces.schemas import validate_and_default_interface

__all__ = ["Csp", "ExpectCT", "ExpectStaple", "Hpkp", "SecurityReport"]


class SecurityReport(Interface):
    title: ClassVar[str | None] = None

    @classmethod
    def to_python(cls, data: Any) -> SecurityReport:
        # src/sentry/interfaces/security.py: SecurityReport.to_python
        if not validate_and_default_interface(data, cls.path):
            raise InterfaceValidationError("Invalid interface data")
        return cls(**data)

    def get_title(self) -> str:
        return self.title or ""


class Hpkp(SecurityReport):
    score = 1300
    display_score = 1300
    title = "HPKP Report"

    def get_culprit(self) -> None:
        return None

    def get_message(self) -> str:
        return "Public key pinning validation failed for '%s'" % _py2.py2_str(self.hostname)

    def get_tags(self) -> list[tuple[str, str]]:
        return [
            ("port", _py2.py2_str(self.port)),
            ("include-subdomains", _py2.json_dumps(self.include_subdomains)),
            ("hostname", self.hostname),
        ]

    def get_origin(self) -> Any:
        return self.hostname

    def get_referrer(self) -> None:
        return None


class ExpectStaple(SecurityReport):
    score = 1300
    display_score = 1300
    title = "Expect-Staple Report"

    def get_culprit(self) -> Any:
        return self.hostname

    def get_message(self) -> str:
        return "Expect-Staple failed for '%s'" % _py2.py2_str(self.hostname)

    def get_tags(self) -> tuple[tuple[str, Any], ...]:
        return (
            ("port", _py2.py2_str(self.port)),
            ("hostname", self.hostname),
            ("response_status", self.response_status),
            ("cert_status", self.cert_status),
        )

    def get_origin(self) -> Any:
        return self.hostname

    def get_referrer(self) -> None:
        return None


class ExpectCT(SecurityReport):
    score = 1300
    display_score = 1300
    title = "Expect-CT Report"

    def get_culprit(self) -> Any:
        return self.hostname

    def get_message(self) -> str:
        return "Expect-CT failed for '%s'" % _py2.py2_str(self.hostname)

    def get_tags(self) -> tuple[tuple[str, Any], ...]:
        return (("port", _py2.py2_str(self.port)), ("hostname", self.hostname))

    def get_origin(self) -> Any:
        return self.hostname

    def get_referrer(self) -> None:
        return None


# src/sentry/interfaces/security.py: Csp.get_message templates
_CSP_MESSAGE_TEMPLATES: dict[str, tuple[str | None, ...]] = {
    "child-src": ("Blocked 'child' from '{uri}'", "Blocked inline 'child'"),
    "connect-src": ("Blocked 'connect' from '{uri}'", "Blocked inline 'connect'"),
    "font-src": ("Blocked 'font' from '{uri}'", "Blocked inline 'font'"),
    "form-action": ("Blocked 'form' action to '{uri}'",),
    "img-src": ("Blocked 'image' from '{uri}'", "Blocked inline 'image'"),
    "manifest-src": ("Blocked 'manifest' from '{uri}'", "Blocked inline 'manifest'"),
    "media-src": ("Blocked 'media' from '{uri}'", "Blocked inline 'media'"),
    "object-src": ("Blocked 'object' from '{uri}'", "Blocked inline 'object'"),
    "script-src": ("Blocked 'script' from '{uri}'", "Blocked unsafe (eval() or inline) 'script'"),
    "script-src-elem": ("Blocked 'script' from '{uri}'", "Blocked unsafe 'script' element"),
    "script-src-attr": (
        "Blocked inline script attribute from '{uri}'",
        "Blocked inline script attribute",
    ),
    "style-src": ("Blocked 'style' from '{uri}'", "Blocked inline 'style'"),
    "style-src-elem": ("Blocked 'style' from '{uri}'", "Blocked 'style' or 'link' element"),
    "style-src-attr": ("Blocked style attribute from '{uri}'", "Blocked style attribute"),
    "unsafe-inline": (None, "Blocked unsafe inline 'script'"),
    "unsafe-eval": (None, "Blocked unsafe eval() 'script'"),
}
_CSP_DEFAULT_TEMPLATES = ("Blocked {directive!r} from {uri!r}", "Blocked inline {directive!r}")


def _unicode_repr(value: Any) -> str:
    """py2 ``repr`` of report text, which reached ``Csp.get_message`` as ``unicode`` (``u''``;
    observed on 9.1.2's security endpoint)."""
    text = _py2.py2_repr(value)
    return "u" + text if isinstance(value, str) and not text.startswith("u") else text


class Csp(SecurityReport):
    LOCAL: ClassVar[str] = "'self'"
    score = 1300
    display_score = 1300
    title = "CSP Report"

    def get_message(self) -> str:
        # src/sentry/interfaces/security.py: Csp.get_message
        directive = self.local_script_violation_type or self.effective_directive
        uri = self.normalized_blocked_uri
        index = 1 if uri == self.LOCAL else 0
        try:
            tmpl = _CSP_MESSAGE_TEMPLATES[directive][index]
        except (KeyError, IndexError):
            tmpl = _CSP_DEFAULT_TEMPLATES[index]
        if tmpl is None:
            # py2: None.format raised AttributeError out of get_message
            raise AttributeError("'NoneType' object has no attribute 'format'")
        if tmpl in _CSP_DEFAULT_TEMPLATES:  # {directive!r}, {uri!r}: py2 unicode reprs
            return tmpl.replace("{directive!r}", _unicode_repr(directive)).replace(
                "{uri!r}", _unicode_repr(uri)
            )
        return _py2.brace_format(tmpl, directive=directive, uri=uri)

    def get_culprit(self) -> str:
        if not self.violated_directive:
            return ""
        bits = [d for d in self.violated_directive.split(" ") if d]
        return " ".join([bits[0]] + [self._normalize_value(b) for b in bits[1:]])

    def get_tags(self) -> list[tuple[str, str]]:
        return [
            ("effective-directive", self.effective_directive),
            ("blocked-uri", self._sanitized_blocked_uri()),
        ]

    def get_origin(self) -> Any:
        return self.document_uri

    def get_referrer(self) -> Any:
        return self.referrer

    def _sanitized_blocked_uri(self) -> Any:
        uri = self.blocked_uri
        if uri.startswith("https://api.stripe.com/"):
            return _py2.urlunsplit((*_py2.urlsplit(uri)[:3], None, None))
        return uri

    @cached_property
    def normalized_blocked_uri(self) -> str:
        """``blocked_uri`` normalized: ``'self'``, a host for http(s), else ``scheme:``/``scheme://host``."""
        return self._normalize_uri(self.blocked_uri)

    @cached_property
    def _normalized_document_uri(self) -> str:
        return self._normalize_uri(self.document_uri)

    def _normalize_value(self, value: str) -> str:
        keywords = ("'none'", "'self'", "'unsafe-inline'", "'unsafe-eval'")
        all_schemes = ("data:", "mediastream:", "blob:", "filesystem:", "http:", "https:", "file:")
        if value in keywords:
            return value
        if value.startswith(all_schemes):
            if self._normalized_document_uri == self._normalize_uri(value):
                return self.LOCAL
            return value
        if value == self._normalized_document_uri:
            return self.LOCAL
        scheme = self.document_uri.split(":", 1)[0]
        if scheme in ("http", "https"):
            return value
        return self._unsplit(scheme, value)

    @cached_property
    def local_script_violation_type(self) -> str | None:
        """``unsafe-inline``/``unsafe-eval`` for a script-src violation of ``'self'``."""
        # src/sentry/interfaces/security.py: Csp.local_script_violation_type
        if (
            self.violated_directive
            and self.effective_directive == "script-src"
            and self.normalized_blocked_uri == self.LOCAL
        ):
            if "'unsafe-inline'" in self.violated_directive:
                return "unsafe-inline"
            if "'unsafe-eval'" in self.violated_directive:
                return "unsafe-eval"
        return None

    def _normalize_uri(self, value: str) -> str:
        # src/sentry/interfaces/security.py: Csp._normalize_uri
        if value in ("", self.LOCAL, self.LOCAL.strip("'")):
            return self.LOCAL
        if ":" not in value:
            scheme, hostname = value, ""
        else:
            scheme, hostname = _py2.urlsplit(value)[:2]
            if scheme in ("http", "https"):
                return hostname
        return self._unsplit(scheme, hostname)

    def _unsplit(self, scheme: str, hostname: str) -> str:
        return _py2.urlunsplit((scheme, hostname, "", None, None))
