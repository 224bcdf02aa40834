"""``normalize_in_app`` (src/sentry/stacktraces.py), run by 9.1.2 before hashing."""

from __future__ import annotations

from sentry_compat.stacktraces import find_stacktraces_in_data, normalize_in_app


def test_normalize_in_app_per_stack() -> None:
    data = {
        "exception": {
            "values": [
                {
                    "stacktrace": {
                        "frames": [{"in_app": True}, {"in_app": None}, {}, {"in_app": False}]
                    }
                },
                {
                    "stacktrace": {"frames": [{"in_app": True}, {"in_app": True}]},
                    "raw_stacktrace": {"frames": [{}]},
                },
                None,
            ]
        },
        "stacktrace": {"frames": [None, {}]},
        "threads": {"values": [{"stacktrace": {"frames": []}}]},
    }
    normalize_in_app(data)
    exc = data["exception"]["values"]
    assert [f.get("in_app") for f in exc[0]["stacktrace"]["frames"]] == [True, False, False, False]
    # every frame in-app is not "mixed": all become system frames
    assert [f["in_app"] for f in exc[1]["stacktrace"]["frames"]] == [False, False]
    assert exc[1]["raw_stacktrace"]["frames"] == [{"in_app": False}]
    assert data["stacktrace"]["frames"] == [None, {"in_app": False}]
    assert len(find_stacktraces_in_data(data)) == 3
