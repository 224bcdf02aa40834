"""Contexts (src/sentry/interfaces/contexts.py, utils/contexts_normalization.py)."""

from __future__ import annotations

from sentry_compat.interfaces import Contexts


def test_os_and_runtime_normalization_and_tags() -> None:
    data = {
        "os": {"raw_description": "Microsoft Windows NT 10.0.17134.0", "rooted": True},
        "runtime": {"name": ".NET Framework", "build": "461808", "version": "x"},
        "device": {"type": "device", "model": "iPhone", "family": "iOS", "empty": ""},
        "custom": {"type": "mine", "a": None},
        "skipped": None,
    }
    ctx = Contexts.to_python(data)
    assert data["os"]["name"] == "Windows"  # written into the input, as 9.1.2 did
    tags = sorted(ctx.iter_tags())
    assert tags == sorted(
        [
            ("os", "Windows 10.0.17134"),
            ("os.name", "Windows"),
            ("os.rooted", "yes"),
            ("runtime", ".NET Framework 4.7.2"),
            ("runtime.name", ".NET Framework"),
            ("device", "iPhone"),
            ("device.family", "iOS"),
        ]
    )
    js = ctx.to_json()
    assert js["device"] == {"type": "device", "model": "iPhone", "family": "iOS"}
    assert js["custom"] == {"type": "default"}
    assert "skipped" not in js


def test_uname_and_unreal() -> None:
    ctx = Contexts.to_python(
        {
            "a": {"type": "os", "raw_description": "Linux 4.15.0-1.x"},
            "b": {"type": "os", "raw_description": "Mac OS X 10.14.2 (18C54)"},
        }
    )
    assert ctx.to_json()["a"] == {
        "type": "os",
        "name": "Linux",
        "kernel_version": "4.15.0",
        "raw_description": "Linux 4.15.0-1.x",
    }
    assert ctx.to_json()["b"]["build"] == "18C54"
