"""The user and geo models of Sentry 9.1.2 (``src/sentry/interfaces/user.py``, ``geo.py``).

Legacy ``to_python``: ``id``/``username``/``name`` become text and are trimmed to 128,
a non-string ``email`` is dropped (else trimmed to 75), an invalid ``ip_address`` is
dropped, and every unknown key moves into ``data`` (the input's ``data`` dict is
updated and trimmed in place). 9.1.2 looked ``geo`` up from the IP address only with a
GeoIP database configured, which a default install does not have: ``geo`` stays None.
"""

from __future__ import annotations

from typing import Any

from sentry_compat import _py2
from sentry_compat.interfaces.base import Interface, prune_empty_keys
from sentry_compat.interfaces.http import validate_ip
from sentry_compat.trimming import trim, trim_dict

__all__ = ["MAX_EMAIL_FIELD_LENGTH", "Geo", "User"]

# src/sentry/constants.py
MAX_EMAIL_FIELD_LENGTH = 75


class Geo(Interface):
    @classmethod
    def to_python(cls, data: Any) -> Geo:
        # src/sentry/interfaces/geo.py: Geo.to_python
        return cls(
            country_code=data.get("country_code"),
            city=data.get("city"),
            region=data.get("region"),
        )

    @classmethod
    def from_ip_address(cls, ip_address: str) -> Geo | None:
        """Always None: no GeoIP database (``GEOIP_PATH_MMDB = None`` by default)."""
        return None


def _text_or_none(value: Any, length: int) -> str | None:
    if value is None:
        return None
    return trim(_py2.py2_str(value), length)  # type: ignore[no-any-return]


class User(Interface):
    score = 1
    display_score = 2020

    @classmethod
    def to_python(cls, data: Any) -> User:
        # src/sentry/interfaces/user.py: User.to_python (legacy path)
        data = data.copy()
        ident = _text_or_none(data.pop("id", None), 128)
        email = data.pop("email", None)
        if not isinstance(email, str):
            email = None
        email = trim(email, MAX_EMAIL_FIELD_LENGTH)
        username = _text_or_none(data.pop("username", None), 128)
        name = _text_or_none(data.pop("name", None), 128)
        try:
            ip_address = validate_ip(data.pop("ip_address", None), False)
        except ValueError:
            ip_address = None
        geo = data.pop("geo", None)
        if not geo and ip_address:
            geo = Geo.from_ip_address(ip_address)
        elif geo:
            geo = Geo.to_python(geo)
        extra_data = data.pop("data", None)
        if not isinstance(extra_data, dict):
            extra_data = {}
        extra_data.update(data)
        return cls(
            id=ident,
            email=email,
            username=username,
            ip_address=ip_address,
            name=name,
            geo=geo,
            data=trim_dict(extra_data),
        )

    def to_json(self) -> dict[str, Any] | None:
        return prune_empty_keys(
            {
                "id": self.id,
                "email": self.email,
                "username": self.username,
                "ip_address": self.ip_address,
                "name": self.name,
                "geo": self.geo.to_json() if self.geo is not None else None,
                "data": self.data or None,
            }
        )

    def get_api_context(self, is_public: bool = False) -> dict[str, Any]:
        return {
            "id": self.id,
            "email": self.email,
            "username": self.username,
            "ip_address": self.ip_address,
            "name": self.name,
            "data": self.data,
        }

    def get_api_meta(self, meta: Any, is_public: bool = False) -> dict[str, Any]:
        return {
            "": meta.get(""),
            "id": meta.get("id"),
            "email": meta.get("email"),
            "username": meta.get("username"),
            "ip_address": meta.get("ip_address"),
            "name": meta.get("name"),
            "data": meta.get("data"),
        }

    def get_display_name(self) -> Any:
        return self.email or self.username

    def get_label(self) -> Any:
        return self.name or self.email or self.username or self.id or self.ip_address
