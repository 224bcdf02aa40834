"""The debug_meta interface (``sentry_compat.normalize.debug_meta``), pinned on 9.1.2 +
semaphore 0.4.65 (``observations/debug_meta.jsonl``)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from sentry_compat.compare import diff
from sentry_compat.normalize import NormalizeOptions, normalize_ingest
from sentry_compat.normalize.debug_meta import normalize_debug_id

OPTIONS = NormalizeOptions(client_ip="127.0.0.1", client="sentry-compat-oracle/1.0")
UUID = "d12a9c9a-1b4e-3d8f-a1b2-0123456789ab"


def norm(event: dict[str, Any]) -> dict[str, Any]:
    return normalize_ingest(event, options=OPTIONS)


def test_apple_images_become_macho() -> None:
    image = {"type": "apple", "name": "/usr/lib/x.dylib", "uuid": UUID.upper(), "image_addr": "0x1000",
             "image_size": 4096, "image_vmaddr": 0, "cpu_type": 7}  # fmt: skip
    assert norm({"debug_meta": {"images": [image]}})["debug_meta"]["images"] == [
        {
            "type": "macho",
            "code_file": "/usr/lib/x.dylib",
            "debug_id": UUID,
            "image_addr": "0x1000",
            "image_size": 4096,
            "image_vmaddr": "0x0",
        }
    ]


def test_native_images_required_fields() -> None:
    out = norm({"debug_meta": {"images": [{"type": "elf"}]}})
    assert [e["name"].rsplit(".", 1)[1] for e in out["errors"]] == [
        "code_file",
        "debug_id",
        "image_addr",
        "image_size",
    ]


def test_unknown_image_type() -> None:
    out = norm({"debug_meta": {"images": [{"type": "MachO"}, None]}})
    assert out["debug_meta"]["images"] == [None, None]
    assert out["errors"][0]["reason"] == "unsupported debug image type"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (UUID.upper(), UUID),
        (UUID.replace("-", "") + "1", UUID + "-1"),
        (UUID + "-0", UUID),
        (UUID.replace("-", "") + "-123456789abc", UUID + "-12345678"),
        ("{" + UUID + "}", None),
        (" " + UUID, None),
    ],
)
def test_debug_ids(text: str, expected: str | None) -> None:
    assert normalize_debug_id(text) == expected


def test_sdk_info_and_empty_debug_meta() -> None:
    out = norm(
        {
            "debug_meta": {
                "sdk_info": {
                    "sdk_name": "iOS",
                    "version_major": 12,
                    "build": "x",
                    "dsym_type": "macho",
                },
                "is_debug_build": True,
            }
        }
    )
    assert out["debug_meta"] == {"sdk_info": {"sdk_name": "iOS", "version_major": 12}}
    assert "debug_meta" not in norm({"debug_meta": {"images": None}})


@pytest.mark.oracle
def test_generated_debug_meta_against_the_oracle(semaphore_step: Any) -> None:
    rng = random.Random(5)
    ids = [UUID, UUID.upper(), UUID + "-1a", "x", "", 5, UUID.replace("-", "") + "f"]
    for _ in range(150):
        image: dict[str, Any] = {
            "type": rng.choice(["macho", "elf", "pe", "symbolic", "apple", "proguard", "x", None])
        }
        for key in rng.sample(
            [
                "code_file",
                "name",
                "debug_id",
                "id",
                "uuid",
                "code_id",
                "debug_file",
                "arch",
                "image_addr",
                "image_size",
                "image_vmaddr",
            ],
            rng.randint(0, 8),
        ):
            image[key] = rng.choice([*ids, "0x10", 16, -1, "/a", "ABC-def", 1.5])
        event = {"debug_meta": {"images": [image, rng.choice([None, image, "x"])]}}
        if rng.random() < 0.3:
            event["debug_meta"]["sdk_info"] = rng.choice(
                [{"sdk_name": "iOS", "version_major": rng.choice([1, "1", -1])}, "x", {}]
            )
        expected = semaphore_step.normalize(event)
        actual = normalize_ingest(
            event,
            options=NormalizeOptions(**{**OPTIONS.__dict__, "received": expected["received"]}),
        )
        for key in ("debug_meta", "errors", "_meta"):
            assert not diff(expected.get(key), actual.get(key)), (
                event,
                key,
                diff(expected.get(key), actual.get(key))[:3],
            )


@pytest.mark.parametrize(
    ("sdk_info", "named"),
    [
        # observed: a string sdk_name decides the OS of the name tables, even one no table
        # knows (then no names, whatever contexts.os says); otherwise contexts.os decides
        ({"sdk_name": "x"}, False),
        ({"sdk_name": ""}, False),
        ({"sdk_name": "iOS"}, True),
        ({"sdk_name": 5}, True),
        ({"version_major": 1}, True),
        (None, True),
    ],
)
def test_sdk_name_decides_the_mechanism_names(sdk_info: Any, named: bool) -> None:
    event = {
        "exception": {
            "values": [
                {"value": "a", "mechanism": {"type": "t", "meta": {"signal": {"number": 11}}}}
            ]
        },
        "debug_meta": {"sdk_info": sdk_info},
        "contexts": {"os": {"name": "Linux"}},
    }
    out = normalize_ingest(event, options=NormalizeOptions(client_ip="127.0.0.1"))
    signal = out["exception"]["values"][0]["mechanism"]["meta"]["signal"]
    assert ("name" in signal) is named and signal.get("name", "SIGSEGV") == "SIGSEGV"
