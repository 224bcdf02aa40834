from __future__ import annotations

from sentry_compat.features import derive_features


def test_derive_features() -> None:
    assert derive_features(
        {
            "exception": [{"type": "A"}],
            "message": "top level",
            "level": 40,
            "tags": [["a", "b"]],
            "sentry.interfaces.Http": {"url": "http://x"},
        }
    ) == [
        "bare_exception_list",
        "exception",
        "legacy_keys",
        "message",
        "message_string",
        "numeric_level",
        "request",
        "tags",
        "tags_pairs",
    ]
    assert derive_features({"logentry": {"message": "a %s", "params": ["b"]}, "csp": {"x": 1}}) == [
        "csp",
        "logentry_params",
        "message",
    ]
    assert derive_features("not an event") == []


def test_threads_frames_and_in_app_mix() -> None:
    event = {
        "threads": {
            "values": [
                {"stacktrace": {"frames": [{"in_app": True}, {"in_app": None}, {"vars": {"a": 1}}]}}
            ]
        }
    }
    assert derive_features(event) == ["frame_vars", "in_app_mixed", "stacktrace", "threads"]
