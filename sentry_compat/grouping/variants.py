"""Grouping variants of Sentry 9.1.2 (``src/sentry/grouping/variants.py``).

A variant is one way of hashing an event: a stored checksum, a custom fingerprint, a
component tree (optionally salted by a fingerprint) or the fallback hash.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sentry_compat import _py2
from sentry_compat.grouping.component import GroupingComponent
from sentry_compat.grouping.utils import DEFAULT_FINGERPRINT_VALUES, hash_from_values

if TYPE_CHECKING:
    from sentry_compat.grouping.strategies.base import StrategyConfiguration

__all__ = [
    "BaseVariant",
    "ChecksumVariant",
    "ComponentVariant",
    "CustomFingerprintVariant",
    "FallbackVariant",
    "SaltedComponentVariant",
    "Variant",
]


class BaseVariant:
    #: the ``type`` reported to the UI (None for the fallback)
    type: str | None = None

    @property
    def contributes(self) -> bool:
        return True

    def get_hash(self) -> str | None:
        return None

    @property
    def description(self) -> str | None:
        return self.type

    def _get_metadata_as_dict(self) -> dict[str, Any]:
        # keys in 9.1.2's insertion order; as_dict replays py2's iteration order of them
        return {}

    def as_dict(self, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """``{type, description, hash, ...metadata}``, then ``extra`` keys set one by one,
        keys in the order py2 iterated the dict 9.1.2 built that way."""
        # src/sentry/grouping/variants.py: BaseVariant.as_dict
        metadata = _py2.reorder(self._get_metadata_as_dict())
        table = _py2.Py2Dict()
        for key in ("type", "description", "hash"):
            table.insert(key)
        table.update(list(metadata))
        rv: dict[str, Any] = {
            "type": self.type,
            "description": self.description,
            "hash": self.get_hash(),
        }
        rv.update(metadata)
        for key, value in (extra or {}).items():
            table.insert(key)
            rv[key] = value
        return {key: rv[key] for key in table.keys()}

    def __repr__(self) -> str:
        return "<%s %r (%s)>" % (type(self).__name__, self.get_hash(), self.type)


Variant = BaseVariant


class ChecksumVariant(BaseVariant):
    """A stored checksum (or its md5 when it is not 32 lower-case hex characters)."""

    type = "checksum"

    def __init__(self, hash: str, hashed: bool = False) -> None:
        self.hash = hash
        self.hashed = hashed

    @property
    def description(self) -> str:
        return "hashed legacy checksum" if self.hashed else "legacy checksum"

    def get_hash(self) -> str:
        return self.hash


class FallbackVariant(BaseVariant):
    """The hash of nothing, used when no other variant contributes."""

    id = "fallback"

    def get_hash(self) -> str:
        return hash_from_values([])


class ComponentVariant(BaseVariant):
    """A variant hashed from its component tree."""

    type = "component"

    def __init__(self, component: GroupingComponent, config: StrategyConfiguration) -> None:
        self.component = component
        self.config = config

    @property
    def description(self) -> str:
        return self.component.description

    @property
    def contributes(self) -> bool:
        return self.component.contributes

    def get_hash(self) -> str | None:
        return self.component.get_hash()

    def _get_metadata_as_dict(self) -> dict[str, Any]:
        return {"component": self.component.as_dict(), "config": self.config.as_dict()}


class CustomFingerprintVariant(BaseVariant):
    """A fingerprint without a default marker: md5 of its values."""

    type = "custom-fingerprint"

    def __init__(self, values: list[Any]) -> None:
        self.values = values

    @property
    def description(self) -> str:
        return "custom fingerprint"

    def get_hash(self) -> str:
        return hash_from_values(self.values)

    def _get_metadata_as_dict(self) -> dict[str, Any]:
        return {"values": self.values}


class SaltedComponentVariant(ComponentVariant):
    """A component variant whose hash mixes the fingerprint (default markers -> values)."""

    type = "salted-component"

    def __init__(
        self, values: list[Any], component: GroupingComponent, config: StrategyConfiguration
    ) -> None:
        ComponentVariant.__init__(self, component, config)
        self.values = values

    @property
    def description(self) -> str:
        return "modified " + self.component.description

    def get_hash(self) -> str | None:
        # src/sentry/grouping/variants.py: SaltedComponentVariant.get_hash
        if not self.component.contributes:
            return None
        final_values: list[Any] = []
        for value in self.values:
            if value in DEFAULT_FINGERPRINT_VALUES:
                final_values.extend(self.component.iter_values())
            else:
                final_values.append(value)
        return hash_from_values(final_values)

    def _get_metadata_as_dict(self) -> dict[str, Any]:
        rv = ComponentVariant._get_metadata_as_dict(self)
        rv["values"] = self.values
        return rv
