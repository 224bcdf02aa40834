"""User, SDK, breadcrumbs, debug meta, template and threads models of Sentry 9.1.2."""

from __future__ import annotations

import pytest

from sentry_compat.interfaces import (
    Breadcrumbs,
    DebugMeta,
    InterfaceValidationError,
    Sdk,
    Template,
    Threads,
    User,
)
from sentry_compat.interfaces.debug_meta import normalize_debug_id


def test_user_moves_unknown_keys_into_data() -> None:
    u = User.to_python({"id": 5, "email": 7, "ip_address": "nope", "extra": "x", "data": {"a": 1}})
    assert (u.id, u.email, u.ip_address) == ("5", None, None)
    assert u.data == {"a": 1, "extra": "x"}
    assert u.get_api_context()["id"] == "5"


def test_sdk_upstream() -> None:
    ctx = Sdk.to_python({"name": "raven-python", "version": "6.3.0"}).get_api_context()
    assert ctx["upstream"] == {
        "name": "raven-python",
        "isNewer": True,
        "url": "https://docs.sentry.io/clients/python/",
    }
    ctx = Sdk.to_python({"name": "raven-java:logback", "version": "1"}).get_api_context()
    assert ctx["upstream"]["name"] == "sentry-java" and ctx["upstream"]["isNewer"] is True
    # py2 LooseVersion: numbers sort before words
    ctx = Sdk.to_python({"name": "raven-js", "version": "3.21.0-beta"}).get_api_context()
    assert ctx["upstream"]["isNewer"] is False
    with pytest.raises(InterfaceValidationError):
        Sdk.to_python({"integrations": "x"})


def test_breadcrumbs_drop_bad_crumbs() -> None:
    crumbs = Breadcrumbs.to_python(
        {
            "values": [
                {"timestamp": 1500000000, "level": "critical", "message": 5},
                {"timestamp": "2017-07-14T02:40:00.5Z", "level": "nope", "data": "x"},
                {"timestamp": "yesterday"},
                None,
                {"timestamp": "2017-07-14T02:40:00.5+01:00"},
            ]
        }
    )
    assert [(c["level"], c["message"], c["type"]) for c in crumbs.values] == [
        ("critical", "5", "default"),
        ("info", None, "default"),
    ]
    assert crumbs.values[1]["timestamp"] == 1500000000.5 and crumbs.values[1]["data"] is None


def test_debug_meta() -> None:
    dm = DebugMeta.to_python(
        {
            "images": [
                {
                    "type": "apple",
                    "uuid": "C0BCC3F1-9827-3FE8-9C82-AFFB39DDD3F9",
                    "image_addr": 4096,
                },
                {"type": "proguard", "uuid": "{6d8e4a29-98ab-4e9f-b2a2-9c3f1e0c1a2b}"},
                None,
            ],
            "sdk_info": {"sdk_name": "iOS", "version_major": 12, "version_minor": 1},
        }
    )
    assert dm.images[0] == {
        "code_file": None,
        "debug_id": "c0bcc3f1-9827-3fe8-9c82-affb39ddd3f9",
        "image_addr": "0x1000",
        "image_size": None,
        "image_vmaddr": None,
        "type": "macho",
    }
    assert dm.images[1] == {"uuid": "6d8e4a29-98ab-4e9f-b2a2-9c3f1e0c1a2b", "type": "proguard"}
    assert dm.sdk_info["dsym_type"] == "none" and dm.sdk_info["version_patchlevel"] == 0
    assert (
        normalize_debug_id("C0BCC3F198273FE89C82AFFB39DDD3F91")
        == "c0bcc3f1-9827-3fe8-9c82-affb39ddd3f9-1"
    )
    with pytest.raises(InterfaceValidationError):
        DebugMeta.to_python({"images": [{"type": "wasm"}]})
    assert DebugMeta.path == "debug_meta" and DebugMeta.external_type == "debugmeta"


def test_template_and_threads() -> None:
    t = Template.to_python(
        {"filename": "a.html", "lineno": 3, "context_line": "x", "pre_context": ["w"]}
    )
    assert t.get_api_context() == {
        "lineNo": 3,
        "filename": "a.html",
        "context": [(2, "w"), (3, "x")],
    }
    with pytest.raises(InterfaceValidationError):
        Template.to_python({"filename": "a.html", "lineno": 0, "context_line": "x"})
    threads = Threads.to_python(
        {"values": [None, {"id": 1, "crashed": 1, "stacktrace": {"frames": []}}]}
    )
    assert threads.values == [
        {
            "stacktrace": None,
            "raw_stacktrace": None,
            "id": 1,
            "crashed": True,
            "current": False,
            "name": None,
        }
    ]
