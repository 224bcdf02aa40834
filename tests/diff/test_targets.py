from __future__ import annotations

from pathlib import Path

import pytest

from sentry_compat.diff.targets import TargetError, library_adapter, resolve_target


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("http://localhost:8000", "a live backend is compared by `compat probe`"),
        ("nocolon", "expected `library`, `library-isolated` or `module:function`"),
        ("no_such_module_xyz:run", "cannot import 'no_such_module_xyz'"),
        ("json:no_such_function", "has no attribute 'no_such_function'"),
        ("json:decoder.JSONDecodeError.__doc__", "is not callable"),
    ],
)
def test_bad_targets_are_one_line(spec: str, message: str) -> None:
    with pytest.raises(TargetError, match=message) as info:
        resolve_target(spec)
    assert "\n" not in str(info.value)


def test_broken_adapter_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken_adapter_mod.py").write_text("raise RuntimeError('at import')\n")
    with pytest.raises(
        TargetError, match="importing 'broken_adapter_mod' failed: RuntimeError: at import"
    ):
        resolve_target("broken_adapter_mod:adapt")


def test_library_adapter_parts() -> None:
    out = library_adapter(
        {"message": "hi", "platform": "python"},
        {"normalize_kwargs": {"received": 1.0}, "grouping_configs": ["legacy:2019-03-12"]},
    )
    assert out["accepted"] is True
    assert isinstance(out["stored"], dict) and isinstance(out["api"], dict)
    assert set(out["grouping"]) == {"legacy:2019-03-12"}
    refused = library_adapter("not an object", {})  # type: ignore[arg-type]
    assert refused["accepted"] is False
