from __future__ import annotations

from sentry_compat.scrub import ScrubReport, ScrubRule, machine_rules, scrub_text, scrub_value

RULES = [
    ScrubRule("home", "/home/alice", "/home/user"),
    ScrubRule("venv", "/home/alice/.cache/venvs/x", "/venv"),
    ScrubRule("hostname", "vm", "factory-host", whole=True),
]


def test_longest_rule_first_and_boundaries() -> None:
    report = ScrubReport()
    value = {
        "abs_path": "/home/alice/.cache/venvs/x/lib/site.py",
        "other": "/home/alice/project/app.py",
        "not_a_prefix": "/home/alicex/file",
        "server_name": "vm",
        "sentence": "vm is a word here",
        "/home/alice/key": ["/home/alice"],
    }
    out = scrub_value(value, RULES, report)
    assert out == {
        "abs_path": "/venv/lib/site.py",
        "other": "/home/user/project/app.py",
        "not_a_prefix": "/home/alicex/file",
        "server_name": "factory-host",
        "sentence": "vm is a word here",
        "/home/user/key": ["/home/user"],
    }
    assert report.as_provenance(RULES) == [
        {"rule": "home", "replacement": "/home/user", "count": 3},
        {"rule": "venv", "replacement": "/venv", "count": 1},
        {"rule": "hostname", "replacement": "factory-host", "count": 1},
    ]
    assert value["server_name"] == "vm"  # input untouched


def test_json_escaped_slashes() -> None:
    assert scrub_text('{"p":"\\/home\\/alice\\/a.php"}', RULES) == '{"p":"\\/home\\/user\\/a.php"}'


def test_machine_rules_never_expose_values_in_provenance() -> None:
    rules = machine_rules({"venv": "/some/where/venv"})
    report = ScrubReport()
    scrub_value({"x": "/some/where/venv/bin/python"}, rules, report)
    provenance = report.as_provenance(rules)
    assert provenance == [{"rule": "venv", "replacement": "/venv", "count": 1}]
    assert "/some/where" not in repr(provenance)
