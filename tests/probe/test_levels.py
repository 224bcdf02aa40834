"""probe.levels: document comparison with masks and path scopes, grouping as a partition."""

from __future__ import annotations

from typing import Any

from sentry_compat.compare import Difference
from sentry_compat.probe.levels import compare_document, partition_results, project_paths, worst

REFERENCE = {
    "event_id": "a" * 32,
    "received": 1.0,
    "title": "ZeroDivisionError: division by zero",
    "culprit": "__main__ in divide",
    "metadata": {"type": "ZeroDivisionError", "value": "division by zero"},
    "tags": [["level", "error"]],
}


def test_volatile_values_are_masked_and_equal_documents_pass() -> None:
    actual = {**REFERENCE, "event_id": "b" * 32, "received": 2.0}
    result = compare_document("stored", REFERENCE, actual)
    assert result.status == "pass", result.summary


def test_differences_are_counted_and_named() -> None:
    actual = {**REFERENCE, "culprit": "divide", "extra_key": 1}
    del actual["tags"]
    result = compare_document("stored", REFERENCE, actual)
    assert result.status == "diff"
    assert result.count == 3
    kinds = {d["path"]: d["kind"] for d in result.differences}
    assert kinds == {"culprit": "changed", "tags": "missing", "extra_key": "extra"}
    assert "culprit" in result.summary and "tags" in result.summary


def test_paths_scope_the_comparison() -> None:
    actual = {"title": REFERENCE["title"], "metadata": {"type": "ZeroDivisionError", "value": "x"}}
    result = compare_document("api", REFERENCE, actual, paths=("title", "metadata"))
    assert result.status == "diff"
    assert [d["path"] for d in result.differences] == ["metadata.value"]
    assert project_paths({"a": {"b": 1, "c": 2}, "d": 3}, ["a.b", "d"]) == {"a": {"b": 1}, "d": 3}
    assert project_paths({"a": [1]}, ["*"]) == {"a": [1]}


def test_missing_documents_are_not_applicable() -> None:
    assert compare_document("stored", None, {}).status == "n/a"
    result = compare_document("stored", REFERENCE, None, unavailable="token cannot read it")
    assert (result.status, result.summary) == ("n/a", "token cannot read it")


def test_expectations_hook_sorts_known_differences() -> None:
    def triage(
        level: str, differences: list[Difference]
    ) -> tuple[list[Difference], int, list[str]]:
        unexpected = [d for d in differences if d.path != ("culprit",)]
        return unexpected, len(differences) - len(unexpected), []

    result = compare_document("stored", REFERENCE, {**REFERENCE, "culprit": "x"}, triage=triage)
    assert (result.status, result.count, result.expected) == ("expected", 0, 1)

    def stale(level: str, differences: list[Any]) -> tuple[list[Any], int, list[str]]:
        return differences, 0, ["known[0] (case, stored, culprit)"]

    result = compare_document("stored", REFERENCE, dict(REFERENCE), triage=stale)
    assert result.status == "diff" and result.stale


def test_partition_compares_who_shares_an_issue() -> None:
    hashes = {
        "a": ["h1"],
        "b": ["h1", "h2"],  # shares h1 with a: one 9.1.2 group
        "c": ["h3"],
        "d": ["h4"],
    }
    same = partition_results({"a": "1", "b": "1", "c": "2", "d": "3"}, hashes)
    assert all(p.same for p in same.values())
    assert same["a"].describe() == "same issue as the 1 probed case(s) 9.1.2 grouped with it"
    merged_split = partition_results({"a": "1", "b": "2", "c": "3", "d": "3"}, hashes)
    assert merged_split["a"].split_from == ("b",) and not merged_split["a"].same
    assert merged_split["a"].describe() == "split from b (9.1.2: one group)"
    assert merged_split["c"].merged_with == ("d",)
    assert merged_split["c"].describe() == "merged with d (9.1.2: separate)"
    # a case without a backend group (not stored) takes no part
    assert set(partition_results({"a": "1"}, hashes)) == {"a"}


def test_worst_status_order() -> None:
    assert worst(["pass", "diff", "n/a"]) == "diff"
    assert worst(["pass", "refused", "diff"]) == "refused"
    assert worst(["n/a"]) == "n/a" and worst([]) == "n/a"
