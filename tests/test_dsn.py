from __future__ import annotations

import pytest

from sentry_compat.dsn import Dsn
from sentry_compat.exceptions import ProtocolError


@pytest.mark.parametrize(
    ("text", "store"),
    [
        ("https://abc@o1.ingest.sentry.io/42", "https://o1.ingest.sentry.io/api/42/store/"),
        ("http://pub:sec@127.0.0.1:8000/sub/path/7", "http://127.0.0.1:8000/sub/path/api/7/store/"),
        ("threaded+requests+https://k@host.example/1", "https://host.example/api/1/store/"),
        ("http://k@[::1]:9000/3", "http://[::1]:9000/api/3/store/"),
    ],
)
def test_parse_format_round_trip(text: str, store: str) -> None:
    dsn = Dsn.parse(text)
    assert str(dsn) == text
    assert dsn.store_url == store
    assert dsn.envelope_url == store.replace("/store/", "/envelope/")


def test_fields() -> None:
    dsn = Dsn.parse("http://pub:sec@127.0.0.1:8000/sub/7")
    assert (dsn.public_key, dsn.secret_key, dsn.host, dsn.port, dsn.path, dsn.project_id) == (
        "pub",
        "sec",
        "127.0.0.1",
        8000,
        "/sub",
        "7",
    )
    assert dsn.security_url == "http://127.0.0.1:8000/sub/api/7/security/?sentry_key=pub"
    assert dsn.replace(public_key="other").public_key == "other"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty DSN"),
        ("abc@host/1", "missing scheme"),
        ("http://host/1", "missing public key"),
        ("http://key@/1", "missing host"),
        ("http://key@host/", "missing project id"),
        ("http://key@host:port/1", "bad port"),
        ("http://key@host/1?x=1", "unexpected query"),
    ],
)
def test_malformed(text: str, fragment: str) -> None:
    with pytest.raises(ProtocolError, match=fragment) as info:
        Dsn.parse(text)
    assert info.value.where == "DSN"
