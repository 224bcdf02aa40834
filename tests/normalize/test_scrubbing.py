"""9.1.2's data scrubber (src/sentry/utils/data_scrubber.py), on by default."""

from __future__ import annotations

from sentry_compat.normalize import NormalizeOptions
from sentry_compat.normalize.scrubbing import FILTER_MASK, SensitiveDataFilter, scrub_event


def scrub(data: dict, **options: object) -> dict:
    scrub_event(data, NormalizeOptions(**options))  # type: ignore[arg-type]
    return data


def test_spec_examples() -> None:
    data = scrub(
        {
            "extra": {"password": "x", "note": "my oauth token", "n": 5, "ok": "fine"},
            "request": {"headers": [["Authorization", "Bearer x"], ["Accept", "*/*"]]},
            "logentry": {"formatted": "password is hunter2"},
        }
    )
    assert data["extra"] == {"password": FILTER_MASK, "note": FILTER_MASK, "n": 5, "ok": "fine"}
    assert data["request"]["headers"] == [["Authorization", FILTER_MASK], ["Accept", "*/*"]]
    assert data["logentry"] == {"formatted": "password is hunter2"}


def test_values_and_py2_set_membership() -> None:
    f = SensitiveDataFilter()
    assert f.sanitize("x", "4111111111111111") == FILTER_MASK
    assert f.sanitize("x", "123-45-6789") == FILTER_MASK
    assert f.sanitize("dsn", "postgres://u:pw@host/db") == "postgres://u:[Filtered]@host/db"
    # True, False, 'true', ... are kept under a sensitive key; so are 1 and 0 (1 == True on py2)
    assert [f.sanitize("password", v) for v in (True, 1, 0, 1.0, "null", 2, "x")] == [
        True,
        1,
        0,
        1.0,
        "null",
        FILTER_MASK,
        FILTER_MASK,
    ]
    assert f.sanitize("password", "") == ""
    assert f.sanitize(None, "an auth header") == FILTER_MASK


def test_query_strings_frames_crumbs_csp_and_options() -> None:
    data = scrub(
        {
            "request": {"data": "a=1&password=2&c", "query_string": [["api_key", "k"]]},
            "exception": {
                "values": [{"stacktrace": {"frames": [{"vars": {"secret": "s", "x": [1, "y"]}}]}}]
            },
            "breadcrumbs": {"values": [{"message": "my secret", "data": {"passwd": "p"}}]},
            "csp": {"blocked_uri": "https://a.com/x?token=1&password=2"},
            "contexts": {"app": {"auth_mode": "t"}},
        },
        safe_fields=("passwd",),
    )
    assert data["request"]["data"] == "a=1&password=[Filtered]&c"
    assert data["request"]["query_string"] == [["api_key", FILTER_MASK]]
    assert data["exception"]["values"][0]["stacktrace"]["frames"][0]["vars"] == {
        "secret": FILTER_MASK,
        "x": [1, "y"],
    }
    assert data["breadcrumbs"]["values"][0] == {"message": FILTER_MASK, "data": {"passwd": "p"}}
    assert data["csp"]["blocked_uri"] == "https://a.com/x?token=1&password=[Filtered]"
    assert data["contexts"] == {"app": {"auth_mode": FILTER_MASK}}
    assert scrub({"extra": {"password": "x"}}, scrub_data=False)["extra"] == {"password": "x"}
    ip = scrub(
        {"user": {"ip_address": "1.2.3.4"}, "sdk": {"client_ip": "1"}}, scrub_ip_address=True
    )
    assert ip == {"user": {}, "sdk": {}}
