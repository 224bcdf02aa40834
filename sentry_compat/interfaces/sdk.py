"""The SDK model of Sentry 9.1.2 (``src/sentry/interfaces/sdk.py``).

``get_api_context`` reports the upstream SDK from 9.1.2's ``SDK_VERSIONS``,
``DEPRECATED_SDKS`` and ``SDK_URLS`` settings; versions compare as
``distutils.version.LooseVersion`` did on py2 (numbers sort before words).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sentry_compat.interfaces.base import Interface, InterfaceValidationError, prune_empty_keys
from sentry_compat.trimming import trim

__all__ = ["DEPRECATED_SDKS", "SDK_URLS", "SDK_VERSIONS", "Sdk", "get_with_prefix"]

# src/sentry/conf/server.py
SDK_VERSIONS: dict[str, str] = {
    "raven-js": "3.21.0",
    "raven-node": "2.3.0",
    "raven-python": "6.4.0",
    "raven-ruby": "2.7.1",
    "sentry-cocoa": "3.11.1",
    "sentry-java": "1.6.4",
    "sentry-laravel": "0.8.0",
    "sentry-php": "1.8.2",
}
SDK_URLS: dict[str, str] = {
    "raven-js": "https://docs.sentry.io/clients/javascript/",
    "raven-node": "https://docs.sentry.io/clients/node/",
    "raven-python": "https://docs.sentry.io/clients/python/",
    "raven-ruby": "https://docs.sentry.io/clients/ruby/",
    "raven-swift": "https://docs.sentry.io/clients/cocoa/",
    "sentry-java": "https://docs.sentry.io/clients/java/",
    "sentry-php": "https://docs.sentry.io/clients/php/",
    "sentry-laravel": "https://docs.sentry.io/clients/php/integrations/laravel/",
    "sentry-swift": "https://docs.sentry.io/clients/cocoa/",
}
DEPRECATED_SDKS: dict[str, str] = {
    "raven-java": "sentry-java",
    "raven-java:android": "sentry-java",
    "raven-java:log4j": "sentry-java",
    "raven-java:log4j2": "sentry-java",
    "raven-java:logback": "sentry-java",
    "raven-objc": "sentry-swift",
    "raven-php": "sentry-php",
    "sentry-android": "raven-java",
    "sentry-swift": "sentry-cocoa",
    "sentry-raven": "raven-ruby",
}

_component_re = re.compile(r"(\d+ | [a-z]+ | \.)", re.VERBOSE)


def get_with_prefix(
    d: Mapping[str, Any], k: str | None, default: Any = None, delimiter: str = ":"
) -> Any:
    """Look ``k`` up, then its prefix before ``delimiter`` (each also lower-cased)."""
    if k is None:
        return default
    prefix = k.split(delimiter, 1)[0]
    for key in [k, prefix]:
        if key in d:
            return d[key]
        key = key.lower()
        if key in d:
            return d[key]
    return default


def _loose_version(vstring: Any) -> list[tuple[int, Any]]:
    # distutils LooseVersion.parse; the tuples give py2's "int < str" ordering
    if not vstring:
        raise AttributeError("LooseVersion instance has no attribute 'version'")
    rv: list[tuple[int, Any]] = []
    for x in _component_re.split(vstring):
        if not x or x == ".":
            continue
        try:
            rv.append((0, int(x)))
        except ValueError:
            rv.append((1, x))
    return rv


class Sdk(Interface):
    @classmethod
    def to_python(cls, data: Any) -> Sdk:
        # src/sentry/interfaces/sdk.py: Sdk.to_python (legacy path)
        integrations = data.get("integrations")
        if integrations and not isinstance(integrations, list):
            raise InterfaceValidationError("'integrations' must be a list")
        packages = data.get("packages")
        if packages and not isinstance(packages, list):
            raise InterfaceValidationError("'packages' must be a list")
        return cls(
            name=trim(data.get("name"), 128),
            version=trim(data.get("version"), 128),
            integrations=integrations,
            packages=packages,
        )

    def to_json(self) -> dict[str, Any] | None:
        return prune_empty_keys(
            {
                "name": self.name,
                "version": self.version,
                "integrations": self.integrations or None,
                "packages": self.packages or None,
            }
        )

    def get_api_context(self, is_public: bool = False) -> dict[str, Any]:
        # src/sentry/interfaces/sdk.py: Sdk.get_api_context
        newest_version = get_with_prefix(SDK_VERSIONS, self.name)
        newest_name = get_with_prefix(DEPRECATED_SDKS, self.name, self.name)
        if newest_version is not None:
            is_newer = newest_name != self.name or _loose_version(newest_version) > _loose_version(
                self.version
            )
        else:
            is_newer = newest_name != self.name
        return {
            "name": self.name,
            "version": self.version,
            "upstream": {
                "name": newest_name,
                "isNewer": is_newer,
                "url": get_with_prefix(SDK_URLS, newest_name),
            },
        }

    def get_api_meta(self, meta: Any, is_public: bool = False) -> dict[str, Any]:
        return {"": meta.get(""), "name": meta.get("name"), "version": meta.get("version")}
