"""Request building and response parsing of the oracle client (no server needed)."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import pickle
import zlib

import pytest

from sentry_compat.reference.client import (
    GROUPING_CONFIGS,
    OracleError,
    auth_header,
    bearer,
    build_login_request,
    build_store_request,
    combine_grouping,
    decode_node_data,
    event_details_url,
    group_id_of,
    group_latest_url,
    grouping_info_url,
    is_login_redirect,
    login_succeeded,
    login_url,
    node_data_sql,
    node_id,
    normalize_event_id,
    parse_json_response,
    parse_store_response,
    stored_json_url,
)

URL = "http://127.0.0.1:9000"
EID = "dd9e1afb828a44d5b4df0183adaee5d8"


def test_auth_header_has_no_secret() -> None:
    assert auth_header("abc", "sentry.python/0.14.3") == (
        "Sentry sentry_version=7, sentry_client=sentry.python/0.14.3, sentry_key=abc"
    )


def test_store_request() -> None:
    event = {"message": "héllo", "event_id": EID}
    req = build_store_request(URL + "/", 2, "pk", event, sentry_client="sdk/1.0")
    assert (req.method, req.url) == ("POST", f"{URL}/api/2/store/")
    assert req.headers["Content-Type"] == "application/json"
    assert req.headers["X-Sentry-Auth"].endswith("sentry_client=sdk/1.0, sentry_key=pk")
    assert req.headers["User-Agent"] == "sdk/1.0"
    assert req.body is not None and json.loads(req.body) == event
    assert "héllo".encode() in req.body  # UTF-8, not \\u escapes


def test_store_request_raw_bytes_and_gzip() -> None:
    raw = b'{"not": "touched" }'
    req = build_store_request(URL, 2, "pk", raw, user_agent="ua/2")
    assert req.body == raw and req.headers["User-Agent"] == "ua/2"
    zipped = build_store_request(URL, 2, "pk", raw, gzip_body=True)
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert zipped.body is not None and gzip.decompress(zipped.body) == raw


def test_parse_store_response() -> None:
    assert parse_store_response(200, b'{"id": "%s"}' % EID.encode()) == EID
    with pytest.raises(OracleError, match=r"answered 400: .*bad json") as info:
        parse_store_response(400, '{"error": "bad json"}', url="u")
    assert info.value.status == 400
    with pytest.raises(OracleError, match="non-JSON at byte 0"):
        parse_store_response(200, b"<html>")
    with pytest.raises(OracleError, match="without an id"):
        parse_store_response(200, b"{}")


def test_fetch_urls() -> None:
    assert event_details_url(URL, "sentry", "oracle", EID) == (
        f"{URL}/api/0/projects/sentry/oracle/events/{EID}/"
    )
    assert group_latest_url(URL, 7) == f"{URL}/api/0/issues/7/events/latest/"
    assert stored_json_url(URL, "sentry", 7, EID) == (
        f"{URL}/organizations/sentry/issues/7/events/{EID}/json/"
    )
    assert grouping_info_url(URL, "sentry", "oracle", EID, "legacy:2019-03-12") == (
        f"{URL}/api/0/projects/sentry/oracle/events/{EID}/grouping-info/?config=legacy%3A2019-03-12"
    )
    assert bearer("t") == {"Authorization": "Bearer t"}


def test_login_request() -> None:
    req = build_login_request(URL, "sentry", "a@b.c", "pw", "csrf1")
    assert req.url == login_url(URL, "sentry") == f"{URL}/auth/login/sentry/"
    assert req.headers["Referer"] == req.url
    assert req.data == {
        "op": "login",
        "username": "a@b.c",
        "password": "pw",
        "csrfmiddlewaretoken": "csrf1",
    }


def test_login_answers() -> None:
    assert login_succeeded(302)
    assert not login_succeeded(200)  # the form again: wrong password or CSRF
    assert is_login_redirect(302, f"{URL}/auth/login/sentry/")
    assert not is_login_redirect(302, f"{URL}/organizations/sentry/issues/")
    assert not is_login_redirect(200, None)


def test_parse_json_response() -> None:
    assert parse_json_response(200, b'{"a": 1}', url="u") == {"a": 1}
    with pytest.raises(OracleError, match="GET u answered 404") as info:
        parse_json_response(404, b'{"detail": "Event not found"}', url="u")
    assert info.value.status == 404
    with pytest.raises(OracleError, match="invalid JSON at byte 0"):
        parse_json_response(200, b"nope", url="u")


def test_group_id_of() -> None:
    assert group_id_of({"groupID": "12"}) == 12
    with pytest.raises(OracleError, match="no groupID"):
        group_id_of({})


def test_combine_grouping_orders_configs() -> None:
    docs = {"new:wip": {"b": 1}, "zzz:later": {}, "legacy:2019-03-12": {"a": 1}}
    combined = combine_grouping(docs)
    assert list(combined) == [*GROUPING_CONFIGS, "zzz:later"]
    assert GROUPING_CONFIGS == ("legacy:2019-03-12", "new:wip")


def test_event_ids_are_normalized() -> None:
    dashed = "dd9e1afb-828a-44d5-b4df-0183adaee5d8"
    assert normalize_event_id(dashed) == EID
    assert normalize_event_id(EID.upper()) == EID


def test_node_id_is_9_1_2s() -> None:
    assert node_id(2, EID) == hashlib.md5(f"2:{EID}".encode()).hexdigest()
    assert node_id(2, EID.upper()) == node_id(2, EID)
    assert node_data_sql(2, EID) == (
        f"SELECT data FROM nodestore_node WHERE id = '{node_id(2, EID)}'"
    )


def _py2_compressed(payload: bytes) -> str:
    return base64.b64encode(zlib.compress(payload)).decode()


def test_decode_node_data_of_a_python2_pickle() -> None:
    # protocol 0 as Python 2 writes it: a py2 str (S, utf-8 bytes), unicode (V), int, long,
    # float, list, tuple-free dict
    py2 = (
        b"(dp0\nS'platform'\np1\nVpython\np2\nsVmessage\np3\nVcaf\\u00e9\np4\n"
        b"sS'received'\np5\nF1588444676.656\nsS'key_id'\np6\nI3\nsS'big'\np7\nL12345678901234567890L\n"
        b"sS'tags'\np8\n(lp9\n(lp10\nS'level'\np11\naS'error'\np12\naas."
    )
    data = decode_node_data(_py2_compressed(py2))
    assert data == {
        "platform": "python",
        "message": "café",
        "received": 1588444676.656,
        "key_id": 3,
        "big": 12345678901234567890,
        "tags": [["level", "error"]],
    }


def test_decode_node_data_round_trips_python3_protocol_0() -> None:
    value = {"a": [1, 2.5, None, True], "b": {"c": "ü"}}
    assert decode_node_data(_py2_compressed(pickle.dumps(value, protocol=0))) == value


def test_decode_node_data_refuses_objects() -> None:
    evil = b"cos\nsystem\n(S'true'\ntR."
    with pytest.raises(pickle.UnpicklingError, match=r"os\.system"):
        decode_node_data(_py2_compressed(evil))
    with pytest.raises(ValueError, match="expected a dict"):
        decode_node_data(_py2_compressed(pickle.dumps([1], protocol=0)))
