"""The pairing rehearsal on small sample sets of both sides: pairs, one-to-many, many-to-one,
items without counterpart (would-be duplicates), items without a matching value, and the CSV
pair list. The ALM/QC side is built in the documented REST shape (no published sample)."""

import csv
import io
import json

from planner.document.snapshot import (
    ConnectionSnap,
    EndpointSnap,
    ExistingItemMatchingSnap,
    FieldSnap,
    ItemTypeSnap,
    PlanSnapshot,
    TypeMappingSnap,
)
from planner.rehearsal.lists import pair_list_csv
from planner.rehearsal.pairing import pair
from planner.rehearsal.readers import read
from planner.rehearsal.results import rehearsal_result


def snapshot():
    alm = EndpointSnap(
        "alm",
        "ALM/QC",
        types=(
            ItemTypeSnap("defect", "Defect", fields=(FieldSnap("user-01", "Jira key", "string"),)),
        ),
    )
    jira = EndpointSnap(
        "jira",
        "Jira",
        types=(ItemTypeSnap("Bug", "Bug", fields=(FieldSnap("issuekey", "Key", "string"),)),),
    )
    tm = TypeMappingSnap(
        "defect",
        "Bug",
        direction="both",
        existing_item_matchings=(ExistingItemMatchingSnap("user-01", "issuekey"),),
    )
    connection = ConnectionSnap("alm-jira", "alm", "jira", type_mappings=(tm,))
    return PlanSnapshot("p", endpoints=(alm, jira), connections=(connection,))


def alm_defects(*rows):
    entities = [
        {
            "Type": "defect",
            "Fields": [
                {"Name": "id", "values": [{"value": ident}]},
                {"Name": "user-01", "values": [{"value": key}] if key else []},
            ],
        }
        for ident, key in rows
    ]
    return read(json.dumps({"entities": entities, "TotalResults": len(entities)}).encode())


def jira_bugs(*keys):
    issues = [{"key": k, "fields": {"issuetype": {"name": "Bug"}}} for k in keys]
    return read(json.dumps({"issues": issues}).encode())


def test_pairs_ambiguous_and_would_be_duplicates_per_type_mapping():
    alm = alm_defects(
        ("1", "SHOP-1"),
        ("2", "shop-2 "),
        ("3", "SHOP-3"),
        ("4", "SHOP-3"),
        ("5", ""),
        ("6", "SHOP-9"),
    )
    jira = jira_bugs("SHOP-1", "SHOP-2", "SHOP-3", "SHOP-4")
    (result,) = pair(snapshot(), {"alm": [alm], "jira": [jira]})
    assert result.pairs == [("1", "SHOP-1"), ("2", "SHOP-2")]  # compared as names
    assert result.many_to_one == {"SHOP-3": ["3", "4"]}
    assert result.one_to_many == {}
    assert result.unmatched_left == ["6"]
    assert result.unmatched_right == ["SHOP-4"]
    assert result.no_value == ["5"]
    assert result.counts() == {
        "pairs": 2,
        "one_to_many": 0,
        "many_to_one": 1,
        "unmatched_left": 1,
        "unmatched_right": 1,
        "no_value": 1,
    }
    # The pair list, from the rehearsal's result: one row per pair, ambiguous item, item
    # without counterpart and item without a value, so each kind counts as above.
    whole, _pairings, _reports = rehearsal_result(snapshot(), {"alm": [alm], "jira": [jira]})
    text = pair_list_csv(whole)
    assert text.startswith("\ufeffconnection,") and text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    rule = ["alm-jira", "defect->Bug", "user-01", "issuekey"]
    assert rows == [
        ["connection", "type_mapping", "left_field", "right_field", "match", "left_item",
         "right_item"],
        [*rule, "pair", "1", "SHOP-1"],
        [*rule, "pair", "2", "SHOP-2"],
        [*rule, "many to one", "3; 4", "SHOP-3"],
        [*rule, "left item without counterpart", "6", ""],
        [*rule, "right item without counterpart", "", "SHOP-4"],
        [*rule, "left item without a value to match", "5", ""],
    ]  # fmt: skip


def test_one_to_many_and_nothing_without_both_sides():
    alm = alm_defects(("1", "SHOP-1"))
    jira = jira_bugs("SHOP-1", "shop 1")
    (result,) = pair(snapshot(), {"alm": [alm], "jira": [jira]})
    assert result.one_to_many == {"1": ["SHOP-1", "shop 1"]} and result.pairs == []
    assert pair(snapshot(), {"alm": [alm]}) == []
