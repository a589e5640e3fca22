"""The pair list and the user map written from a rehearsal's result (planner/rehearsal/lists.py):
cells from exported files stay inert in a spreadsheet, one type mapping's list is the rows of
that type mapping, and a result stored before the lists were kept says so."""

import csv
import io
import json

import pytest

from planner.rehearsal.lists import ListsMissing, pair_list_csv, user_map_csv
from planner.rehearsal.readers import read
from planner.rehearsal.results import rehearsal_result
from tests.planner.rehearsal import test_identity, test_pairing


def rows(text):
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_item_keys_that_read_as_formulas_are_made_inert_in_the_pair_list():
    alm = test_pairing.alm_defects(("=1+2", "SHOP-1"), ("+3", "SHOP-9"))
    jira = test_pairing.jira_bugs("SHOP-1", "@SUM(A1)")
    result, _, _ = rehearsal_result(test_pairing.snapshot(), {"alm": [alm], "jira": [jira]})
    body = [row[4:] for row in rows(pair_list_csv(result))[1:]]
    assert body == [
        ["pair", "'=1+2", "SHOP-1"],
        ["left item without counterpart", "'+3", ""],
        ["right item without counterpart", "", "'@SUM(A1)"],
    ]


def test_user_names_and_emails_that_read_as_formulas_are_made_inert_in_the_user_map():
    issues = [
        {
            "key": "B-1",
            "fields": {
                "issuetype": {"name": "Bug"},
                "assignee": {
                    "name": "-x",
                    "displayName": '=HYPERLINK("http://evil.example","Mei")',
                    "emailAddress": "@evil.example",
                },
            },
        }
    ]
    sample = read(json.dumps({"issues": issues}).encode())
    result, _, _ = rehearsal_result(test_identity.snapshot(), {"jira": [sample]})
    (header, row) = rows(user_map_csv(result))
    user = dict(zip(header, row, strict=True))
    assert user["user"] == '\'=HYPERLINK("http://evil.example","Mei")'
    assert (user["username"], user["email"], user["items"]) == ("'-x", "'@evil.example", "1")


def test_one_type_mapping_s_pair_list_and_none_for_another():
    alm = test_pairing.alm_defects(("1", "SHOP-1"))
    jira = test_pairing.jira_bugs("SHOP-1")
    result, _, _ = rehearsal_result(test_pairing.snapshot(), {"alm": [alm], "jira": [jira]})
    assert pair_list_csv(result, "alm-jira", "defect->Bug") == pair_list_csv(result)
    assert len(rows(pair_list_csv(result))) == 2
    assert rows(pair_list_csv(result, "alm-jira", "other->Bug")) == [rows(pair_list_csv(result))[0]]
    assert rows(pair_list_csv(result, "other", "defect->Bug"))[1:] == []


def test_a_result_stored_before_the_lists_were_kept_says_so():
    alm = test_pairing.alm_defects(("1", "SHOP-1"))
    jira = test_pairing.jira_bugs("SHOP-1")
    result, _, _ = rehearsal_result(test_pairing.snapshot(), {"alm": [alm], "jira": [jira]})
    for entry in result["pairing"]:
        del entry["pair_items"]
    with pytest.raises(ListsMissing, match="before its pair list was kept"):
        pair_list_csv(result)
    sample = read(
        json.dumps(
            {"issues": [{"key": "B-1", "fields": {"issuetype": {"name": "Bug"},
                                                  "assignee": {"name": "mli"}}}]}
        ).encode()
    )  # fmt: skip
    result, _, _ = rehearsal_result(test_identity.snapshot(), {"jira": [sample]})
    for entry in result["identity"]:
        del entry["users"]
    with pytest.raises(ListsMissing, match="before its user map was kept"):
        user_map_csv(result)
