"""Readers: item responses into neutral items, on the real samples of ../shared/samples/items.

No published ALM Octane entity list or ALM/QC defects collection exists: the Octane and ALM/QC
tests build small documents in the shape their REST references document, and say so.
"""

import json
from pathlib import Path

import pytest

from planner.document.snapshot import FieldSnap, ItemTypeSnap
from planner.rehearsal.readers import (
    MAX_DEPTH,
    Ref,
    SampleError,
    UserValue,
    check_limits,
    parse_sprint,
    read,
    resolve_fields,
)

ITEMS = Path("/work/shared/samples/items")


def sample(name):
    return read((ITEMS / name).read_bytes(), name)


def test_jira_search_with_names_map():
    s = sample("jira_rest_api_2_search__jrjc_many-issues.json")
    assert s.product == "jira"
    assert [i.key for i in s.items] == [f"TST-{n}" for n in (13, 12, 11, 10, 9, 8, 7, 6)]
    assert [i.type for i in s.items].count("Bug") == 7
    assert s.names["customfield_10000"] == "My Number Field New"
    tst9 = s.items[4]
    assignee = s.value(tst9.fields["assignee"])
    assert isinstance(assignee, UserValue) and assignee.username == "wseliga"
    assert s.value(tst9.fields["priority"]) == Ref("Major", "3")
    assert s.value(tst9.fields["issuekey"]) == "TST-9"


def test_jira_single_issue_and_sprint_list():
    issue = sample(
        "jira_rest_api_2_issue_KEY_expand-names-schema-all__jrjc_valid-all-expanded.json"
    )
    assert [(i.key, i.type) for i in issue.items] == [("TST-2", "Bug")]
    assert issue.names  # the expanded issue carries its names map
    sprints = sample("jira_rest_agile_1.0_board_id_sprint__gojira_sprints.json")
    assert len(sprints.items) == 6 and {i.type for i in sprints.items} == {"sprint"}


def test_azure_devops_identity_objects_and_plain_string_assigned_to():
    s = sample("ado_wit_workitems_ids_expand-all__msdocs_httpExample.json")
    assert s.product == "ado"
    assert [(i.key, i.type) for i in s.items] == [
        ("297", "Product Backlog Item"),
        ("299", "Task"),
        ("300", "Task"),
    ]
    created_by = s.value(s.items[0].fields["System.CreatedBy"])
    assert created_by.full_name == "Jamal Hartnett"
    assert created_by.email == "fabrikamfiber4@hotmail.com"
    # On item 299 AssignedTo is a plain string "Name <email>": the engine reads it as a user.
    assert s.value(s.items[1].fields["System.AssignedTo"]) == (
        "Johnnie McLeod <fabrikamfiber2@hotmail.com>"
    )


def test_servicenow_strings_and_references():
    s = sample("servicenow_api_now_table_incident__j1servicenow_har.json")
    assert s.product == "servicenow" and len(s.items) == 67
    first = s.items[0]
    assert (first.key, first.type) == ("INC0000060", "incident")
    assert s.value(first.fields["state"]) == "7"
    assert s.value(first.fields["parent"]) is None  # "" is ServiceNow's empty value
    caller = s.value(first.fields["caller_id"])
    assert caller == Ref("681ccaf9c0a8016400b98a06818d57c7", "681ccaf9c0a8016400b98a06818d57c7")


def test_octane_entity_list_built_on_the_rest_reference_shape():
    # Shape from the ALM Octane REST API reference (GET .../defects): no published sample.
    doc = {
        "total_count": 2,
        "data": [
            {
                "type": "defect",
                "id": "1001",
                "name": "Login fails",
                "phase": {"type": "phase", "id": "phase.defect.new", "name": "New"},
                "owner": {
                    "type": "workspace_user",
                    "id": "2001",
                    "name": "jane.doe@example.com",
                    "full_name": "Jane Doe",
                    "email": "jane.doe@example.com",
                },
                "taxonomies": {"total_count": 1, "data": [{"type": "taxonomy_node", "id": "7"}]},
            },
            {"type": "work_item", "subtype": "story", "id": "1002", "name": "Checkout"},
        ],
    }
    s = read(json.dumps(doc).encode())
    assert s.product == "octane"
    assert [(i.key, i.type) for i in s.items] == [("1001", "defect"), ("1002", "story")]
    assert s.value(s.items[0].fields["phase"]) == Ref("New", "phase.defect.new")
    assert s.value(s.items[0].fields["owner"]).full_name == "Jane Doe"
    assert s.value(s.items[0].fields["taxonomies"]) == (Ref("7", "7"),)


def test_alm_qc_json_and_xml_built_on_the_rest_reference_shape():
    # Shapes from the ALM/QC REST API reference (entity collections): no published sample.
    doc = {
        "entities": [
            {
                "Type": "defect",
                "Fields": [
                    {"Name": "id", "values": [{"value": "42"}]},
                    {"Name": "severity", "values": [{"value": "2-Medium"}]},
                    {"Name": "owner", "values": []},
                ],
            }
        ],
        "TotalResults": 1,
    }
    s = read(json.dumps(doc).encode())
    assert s.product == "alm" and [(i.key, i.type) for i in s.items] == [("42", "defect")]
    assert s.items[0].fields == {"id": "42", "severity": "2-Medium", "owner": None}
    xml = (
        b'<Entities TotalResults="1"><Entity Type="defect"><Fields>'
        b'<Field Name="id"><Value>43</Value></Field>'
        b'<Field Name="detected-by"><Value>jdoe</Value></Field>'
        b"</Fields></Entity></Entities>"
    )
    s = read(xml, "defects.xml")
    assert s.items[0].fields == {"id": "43", "detected-by": "jdoe"}


def test_csv_export_with_a_header_row():
    s = read(b"Issue key,Issue Type,Summary,Priority\nSHOP-1,Bug,Broken,High\nSHOP-2,Bug,,Low\n")
    assert s.product == "csv"
    assert [(i.key, i.type) for i in s.items] == [("SHOP-1", "Bug"), ("SHOP-2", "Bug")]
    assert s.items[1].fields["Summary"] is None


def test_unknown_json_is_refused_in_words():
    with pytest.raises(SampleError, match="not an item response"):
        sample("github_repos_issues_paginated__octokit_fixtures_raw-fixture.json")


def test_legacy_sprint_string_and_cloud_sprint_object():
    # Documented shapes: the greenhopper toString of Jira Server/DC and the Cloud REST object.
    legacy = (
        "com.atlassian.greenhopper.service.sprint.Sprint@1b3e7c5[id=3,rapidViewId=1,"
        "state=ACTIVE,name=Sprint 3, part two,startDate=2026-01-05T09:00:00.000Z,"
        "endDate=2026-01-19T09:00:00.000Z,completeDate=<null>,sequence=3,goal=]"
    )
    assert parse_sprint(legacy) == Ref("Sprint 3, part two", "3")
    cloud = {"id": 37, "name": "SHOP Sprint 7", "state": "active", "boardId": 12}
    assert parse_sprint(cloud) == Ref("SHOP Sprint 7", "37")
    assert parse_sprint("not a sprint") is None
    issue = {"key": "SHOP-1", "fields": {"customfield_10020": [legacy]}}
    s = read(json.dumps({"issues": [issue]}).encode())
    assert s.value(s.items[0].fields["customfield_10020"]) == (Ref("Sprint 3, part two", "3"),)


def test_fields_resolve_by_key_names_map_and_label():
    bug = ItemTypeSnap(
        "Bug",
        "Bug",
        fields=(
            FieldSnap("priority", "Priority", "enum"),
            FieldSnap("customfield_10099", "My Number Field New", "float"),
            FieldSnap("due", "Due Date", "date"),
        ),
    )
    s = sample("jira_rest_api_2_search__jrjc_many-issues.json")
    resolution = resolve_fields(s, bug)
    assert resolution.by_field == {
        "priority": "priority",
        "customfield_10099": "customfield_10000",
        "due": "duedate",
    }
    assert resolution.how == {
        "priority": "key",
        "customfield_10099": "names map",
        "due": "names map",
    }
    assert "customfield_10001" in resolution.unresolved and "priority" not in resolution.unresolved
    csv = read(b"Key,Type,Due Date\nA-1,Bug,2026-01-01\n")
    assert resolve_fields(csv, bug).how == {"due": "label"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"   ", "empty"),
        (b'{"a": "\x00"}', "NUL"),
        (b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), "nests deeper"),
        (b"x" * 200, "over the limit"),
    ],
)
def test_limits_refuse_hostile_input(content, message):
    with pytest.raises(SampleError, match=message):
        check_limits(content, "upload", max_bytes=150)


def test_brackets_inside_strings_do_not_count_as_nesting():
    check_limits(json.dumps({"a": "[" * (MAX_DEPTH * 2)}).encode(), "upload")
