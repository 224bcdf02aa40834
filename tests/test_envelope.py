from __future__ import annotations

import pytest

from sentry_compat.envelope import ITEM_DISPOSITIONS, Envelope, Item, normalize_event_id
from sentry_compat.exceptions import ProtocolError

EID = "9ec79c33ec9942ab8353589fcb2e04dc"


def test_items_with_and_without_length_and_cr() -> None:
    data = (
        b'{"event_id":"9ec79c33-ec99-42ab-8353-589fcb2e04dc","dsn":"http://k@h/1"}\n'
        b'{"type":"event","length":10}\n{"a":"b"}\r\n'
        b'{"type":"attachment","filename":"x.txt"}\nhello\r\n'
        b'{"type":"custom_thing","length":0}'
    )
    env = Envelope.parse(data)
    assert env.item_types() == ["event", "attachment", "custom_thing"]
    assert env.items[0].payload == b'{"a":"b"}\r'  # \r belongs to the payload
    assert env.items[1].payload == b"hello\r"
    assert env.items[2].payload == b""
    assert env.items[1].headers["filename"] == "x.txt"
    assert env.event_id == EID
    assert env.dsn == "http://k@h/1"


def test_trailing_newline_optional_and_empty_envelopes() -> None:
    for data in (b"{}", b"{}\n", b"{}\n\n"):
        env = Envelope.parse(data)
        assert env.headers == {} and env.items == []
    assert Envelope.parse(b'{}\n{"type":"x"}\nabc').items[0].payload == b"abc"
    assert Envelope.parse(b'{}\n{"type":"x"}\nabc\n').items[0].payload == b"abc"


def test_length_payload_may_contain_newlines() -> None:
    env = Envelope.parse(b'{}\n{"type":"attachment","length":6}\na\nb\r\nc\n')
    assert env.items[0].payload == b"a\nb\r\nc"


def test_envelope_event_id_wins() -> None:
    env = Envelope.parse(
        f'{{"event_id":"{EID}"}}\n{{"type":"event"}}\n{{"event_id":"{"0" * 32}","message":"m"}}\n'.encode()
    )
    assert env.event() == {"event_id": EID, "message": "m"}


def test_hyphenated_header_id_same_uuid_keeps_payload() -> None:
    env = Envelope.parse(
        b'{"event_id":"9ec79c33-ec99-42ab-8353-589fcb2e04dc"}\n{"type":"event"}\n'
        + f'{{"event_id":"{EID}"}}\n'.encode()
    )
    assert env.event() == {"event_id": EID}


def test_unknown_item_types_kept_and_serialize_round_trip() -> None:
    env = Envelope(
        {"event_id": EID},
        [Item({"type": "event"}, b'{"x":1}'), Item({"type": "new_kind"}, b"\x00\x01\n")],
    )
    again = Envelope.parse(env.serialize())
    assert again.headers == env.headers
    assert [(i.type, i.payload) for i in again.items] == [
        ("event", b'{"x":1}'),
        ("new_kind", b"\x00\x01\n"),
    ]
    assert again.items[1].disposition.startswith("kept raw: unknown")
    assert ITEM_DISPOSITIONS["event"].startswith("decoded")


@pytest.mark.parametrize(
    ("data", "where", "fragment"),
    [
        (b"", "envelope", "empty body"),
        (b"not json\n", "envelope header", "not JSON"),
        (b"[1]\n", "envelope header", "must be a JSON object"),
        (b'{}\n{"length":1}\na\n', "envelope item 0 header", "no 'type'"),
        (b'{}\n{"type":"event","length":50}\n{}', "envelope item 0", "runs past the end"),
        (
            b'{}\n{"type":"event","length":1}\nab\n',
            "envelope item 0",
            "followed by b'b' at byte 32",
        ),
        (b'{}\n{"type":"event","length":-1}\n\n', "envelope item 0 header", "non-negative integer"),
        (b'{}\n{"type":"a"}\nx\n{"type":"b", \n', "envelope item 1 header", "not JSON"),
        (b'{}\n{"type":"a"}\nx\n\nmore', "envelope item 1 header", "empty line"),
        (b'{"a":"\xff"}\n', "envelope header", "not UTF-8"),
    ],
)
def test_malformed_envelopes_name_item_and_byte(data: bytes, where: str, fragment: str) -> None:
    with pytest.raises(ProtocolError, match=fragment) as info:
        Envelope.parse(data)
    assert info.value.where == where


def test_event_payload_must_be_an_object() -> None:
    env = Envelope.parse(b'{}\n{"type":"session"}\n{}\n{"type":"event"}\n[1,2]\n')
    with pytest.raises(ProtocolError) as info:
        env.event()
    assert info.value.where == "envelope item 1 (event) payload"


def test_normalize_event_id() -> None:
    assert normalize_event_id("9EC79C33-EC99-42AB-8353-589FCB2E04DC") == EID
    assert normalize_event_id("nope") is None
    assert normalize_event_id(42) is None
