"""Enum value suggestions on the products' real value lists (connections/catalog): synonyms and
ranked labels are proposed, not only identical labels (issue 16, point 5)."""

import json

import pytest

from connections.catalog.loader import CATALOG_DIR
from connections.field_mappings.suggest import (
    identical_enum_pairs,
    suggest_enum_pairs,
    value_meanings,
)


def catalog_values(product, type_key, field_key):
    document = json.loads((CATALOG_DIR / f"{product}.json").read_text(encoding="utf-8"))
    item_type = next(t for t in document["profile"]["types"] if t["key"] == type_key)
    field = next(f for f in item_type["fields"] if f["key"] == field_key)
    return [v["label"] for v in field["values"]]


def pairs_of(left, right, existing=()):
    suggestions = suggest_enum_pairs(left, right, existing)
    return {s.left: s.right for s in suggestions}, suggestions


JIRA_PRIORITY = ("jira-cloud", "Bug", "priority")


def test_jira_priority_against_alm_qc_priority_pairs_by_rank_and_synonym():
    left = catalog_values(*JIRA_PRIORITY)
    right = catalog_values("alm-qc", "Defect", "priority")
    pairs, suggestions = pairs_of(left, right)
    assert pairs["High"] == "3-High" and pairs["Medium"] == "2-Medium"
    assert pairs["Low"] == "1-Low"
    assert pairs["Highest"] in {"4-Very High", "5-Urgent"}
    assert not identical_enum_pairs(left, right)  # none of them is identical as written
    reasons = {s.left: s.reason for s in suggestions}
    assert reasons["High"] == "same label after the rank"
    assert reasons["Highest"].startswith("synonyms")


def test_jira_status_against_octane_phase_is_no_longer_empty():
    left = catalog_values("jira-cloud", "Bug", "status")
    defect_phase = catalog_values("alm-octane", "defect", "phase")
    pairs, _ = pairs_of(left, defect_phase)
    assert pairs["To Do"] == "New"
    assert pairs["Done"] in {"Fixed", "Closed", "Proposed Closed"}

    story_phase = catalog_values("alm-octane", "story", "phase")
    pairs, suggestions = pairs_of(left, story_phase)
    assert pairs == {"In Progress": "In Progress", "Done": "Done", "To Do": "New"}
    assert [s.identical for s in suggestions] == [True, True, False]  # identical ones first


def test_ado_severity_against_jira_priority_drops_the_rank_and_knows_critical():
    left = catalog_values("azure-devops", "Bug", "Microsoft.VSTS.Common.Severity")
    right = catalog_values(*JIRA_PRIORITY)
    pairs, _ = pairs_of(left, right)
    assert pairs == {
        "1 - Critical": "Highest",
        "2 - High": "High",
        "3 - Medium": "Medium",
        "4 - Low": "Low",
    }


def test_ado_state_against_jira_status_tells_new_from_in_progress():
    left = catalog_values("azure-devops", "Bug", "System.State")
    right = catalog_values("jira-cloud", "Bug", "status")
    pairs, _ = pairs_of(left, right)
    assert pairs["New"] == "To Do" and pairs["Active"] == "In Progress"
    assert pairs.get("Resolved") == "Done" or pairs.get("Closed") == "Done"


def test_already_paired_values_are_not_proposed_again():
    left = catalog_values(*JIRA_PRIORITY)
    right = catalog_values("alm-qc", "Defect", "priority")
    pairs, _ = pairs_of(left, right, [("Highest", "5-Urgent"), ("High", "3-High")])
    assert "High" not in pairs  # both values paired: nothing to add
    assert pairs["Medium"] == "2-Medium"
    # Highest is paired, but 4-Very High is not: it may join Highest's group.
    assert pairs["Highest"] == "4-Very High"


@pytest.mark.parametrize(
    ("a", "b"),
    [("Won't Fix", "Rejected"), ("Declined", "Rejected"), ("Normal", "3 - Medium"),
     ("Doing", "Active"), ("Urgent", "1 - Critical"), ("Lowest", "4 - Low")],
)  # fmt: skip
def test_the_synonym_table_covers_the_common_vocabulary(a, b):
    pairs, _ = pairs_of([a], [b])
    if (a, b) == ("Lowest", "4 - Low"):
        assert pairs == {}  # "lowest" and "low" are two ranks, not synonyms
    else:
        assert pairs == {a: b}


def test_unrelated_labels_get_no_suggestion():
    assert suggest_enum_pairs(["Business", "Architectural"], ["Scrum", "Kanban"]) == []
    assert "won t fix" in value_meanings()  # the table is read normalised


@pytest.mark.parametrize(
    ("left", "right", "existing"),
    [
        (["New", "new", "Open", "Done"], ["NEW", "open", "Closed", "Open"], []),
        (["A", "B", "b"], ["a", "B", "b"], [("A", "a")]),
        (["A", "B"], ["a", "b"], [("A", "b"), ("B", "a")]),
    ],
)
def test_pair_all_identical_picks_what_the_identical_suggestions_pick(left, right, existing):
    expected = [s for s in suggest_enum_pairs(left, right, existing) if s.identical]
    assert identical_enum_pairs(left, right, existing) == expected
