"""Product facts the importers keep (issue 14): each against a real sample, or, where no shared
sample has the shape, a document built in the shape the product documents (said so below)."""

import json

import pytest

from connections.importers import ImportDocument, SchemaImportError, parse_documents
from connections.imports.services import apply_import
from facts.datatypes import DataType
from tests.factories import EndpointFactory

from .helpers import SAMPLES, field_of, labels, parse_samples

pytestmark = pytest.mark.django_db

ISSUE = "items/jira_rest_api_2_issue_KEY_expand-names-schema-all__jrjc_valid-all-expanded.json"
WIT_FIELDS = "ado_wit_fields__msdocs_GET__wit_fields.json"


def issue_sample():
    return json.loads((SAMPLES / ISSUE).read_text())


def document(name, data):
    return ImportDocument(name, json.dumps(data).encode())


def fields_of(schema, type_key):
    return {f.key: f for t in schema.types if t.key == type_key for f in t.fields}


# Jira: values of an unknown shape, editmeta, an issue response


def test_a_list_of_lists_of_allowed_values_keeps_the_field_with_its_values_unknown():
    endpoint = EndpointFactory()
    apply_import(endpoint, parse_samples(ISSUE))
    picker = field_of(endpoint, "Bug", "customfield_10010")
    assert picker.data_type == DataType.ENUM and picker.values_unknown
    assert labels(picker) == []
    assert labels(field_of(endpoint, "Bug", "customfield_10001")) == [
        "abc",
        "Another",
        "The last option",
    ]


def test_a_createmeta_with_that_project_picker_is_read_not_refused():
    # No shared createmeta has the list of lists: this classic createmeta (Jira's documented
    # shape, expand=projects.issuetypes.fields) takes the sample's own field definitions.
    edit = issue_sample()["editmeta"]["fields"]
    createmeta = {
        "projects": [
            {
                "key": "TST",
                "issuetypes": [
                    {
                        "name": "Bug",
                        "subtask": False,
                        "fields": {k: edit[k] for k in ("summary", "customfield_10010")},
                    }
                ],
            }
        ]
    }
    schema = parse_documents([document("createmeta.json", createmeta)])
    picker = fields_of(schema, "Bug")["customfield_10010"]
    assert picker.values_unknown and picker.values == () and picker.label == "project3"


def test_editmeta_gives_the_fields_editable_on_create_only():
    schema = parse_samples(ISSUE)
    assert [t.key for t in schema.types] == ["Bug"]
    assert not schema.types[0].fields_complete  # it lists only what can be edited
    fields = fields_of(schema, "Bug")
    assert len(fields) == 19
    # "operations": [] in edit metadata: settable on create, not editable afterwards.
    assert fields["issuetype"].create_only and fields["attachment"].create_only
    assert not fields["issuetype"].read_only
    assert not fields["summary"].create_only and not fields["summary"].read_only
    assert fields["issuetype"].set_by_sync_tool


def test_createmeta_with_editmeta_marks_the_fields_missing_from_editmeta_create_only():
    # A createmeta in Jira's documented classic shape for the sample issue's type, with one
    # field (customfield_10099) the issue's edit metadata does not list.
    edit = issue_sample()["editmeta"]["fields"]
    extra = {
        "required": False,
        "name": "Found in build",
        "schema": {
            "type": "string",
            "custom": "com.atlassian.jira.plugin.system.customfieldtypes:textfield",
        },
        "operations": ["set"],
    }
    createmeta = {
        "projects": [
            {
                "key": "TST",
                "issuetypes": [
                    {
                        "name": "Bug",
                        "subtask": False,
                        "fields": {"summary": edit["summary"], "customfield_10099": extra},
                    }
                ],
            }
        ]
    }
    endpoint = EndpointFactory()
    apply_import(
        endpoint,
        parse_documents(
            [
                document("createmeta.json", createmeta),
                ImportDocument(ISSUE, (SAMPLES / ISSUE).read_bytes()),
            ]
        ),
    )
    assert field_of(endpoint, "Bug", "customfield_10099").create_only
    assert not field_of(endpoint, "Bug", "summary").create_only
    assert field_of(endpoint, "Bug", "issuetype").create_only


def test_an_issue_response_is_refused_with_its_real_cause():
    issue = issue_sample()
    del issue["editmeta"]
    for format in ("auto", "jira-createmeta"):
        with pytest.raises(SchemaImportError) as error:
            parse_documents([document("issue.json", issue)], format)
        assert "one Jira issue" in error.value.message and "createmeta" in error.value.message


def test_a_bare_editmeta_response_is_recognised_and_needs_its_type():
    # GET /rest/api/2/issue/{key}/editmeta answers {"fields": {...}}: the sample's block.
    bare = {"fields": issue_sample()["editmeta"]["fields"]}
    with pytest.raises(SchemaImportError, match="does not say which issue type"):
        parse_documents([document("editmeta.json", bare)])
    schema = parse_documents([document("editmeta.json", bare)], type_hint="Bug")
    assert fields_of(schema, "Bug")["issuetype"].create_only


def test_parent_links_to_the_issue_types_above_it():
    # No shared createmeta lists "parent": a classic createmeta in Jira's documented shape.
    parent = {
        "required": False,
        "name": "Parent",
        "schema": {"type": "issuelink", "system": "parent"},
        "operations": ["set"],
    }
    createmeta = {
        "projects": [
            {
                "key": "TST",
                "issuetypes": [
                    {"name": "Epic", "subtask": False, "fields": {}},
                    {"name": "Story", "subtask": False, "fields": {"parent": parent}},
                    {
                        "name": "Sub-task",
                        "subtask": True,
                        "fields": {"parent": {**parent, "required": True}},
                    },
                ],
            }
        ]
    }
    schema = parse_documents([document("createmeta.json", createmeta)])
    assert schema.types_complete
    assert fields_of(schema, "Story")["parent"].relationship_targets == ("Epic",)
    assert fields_of(schema, "Sub-task")["parent"].relationship_targets == ("Epic", "Story")
    assert fields_of(schema, "Story")["parent"].data_type == DataType.RELATIONSHIP


# Azure DevOps: the initial state, a single field definition


def test_the_ado_type_definition_keeps_its_initial_state_first():
    schema = parse_samples("ado_wit_workitemtypes_Bug__msdocs.json")
    [bug] = schema.types
    # The transition from "" goes to New: items are created in New.
    assert bug.states[0] == "New"
    assert set(bug.states) == {"New", "Active", "Resolved", "Closed"}
    assert ("", "New") not in bug.transitions


def test_a_single_ado_field_definition_is_read_as_one_field():
    # _apis/wit/fields/{name} answers one field object: the sample list's System.Title entry,
    # wrapped as the REST specification's examples are.
    catalog = json.loads((SAMPLES / WIT_FIELDS).read_text())
    title = next(f for f in catalog["body"]["value"] if f["referenceName"] == "System.Title")
    single = {
        "_request": "https://dev.azure.com/fabrikam/_apis/wit/fields/System.Title",
        "body": title,
    }
    schema = parse_documents([document("title.json", single)])
    [all_fields] = schema.types
    assert not all_fields.fields_complete  # one field says nothing of the others
    [field] = all_fields.fields
    assert (field.key, field.data_type, field.label) == ("System.Title", DataType.STRING, "Title")
    # Next to a per-type fields response it supplies the data type that response lacks.
    both = parse_documents(
        [
            document("title.json", single),
            ImportDocument(
                "bug.json",
                (SAMPLES / "ado_wit_workitemtypes_Bug_fields_expandAll__msdocs.json").read_bytes(),
            ),
        ]
    )
    assert fields_of(both, "Bug")["System.Title"].data_type == DataType.STRING
    assert fields_of(both, "Bug")["System.Title"].says("data_type")
    assert not fields_of(both, "Bug")["System.Id"].says("data_type")


def test_the_ado_structural_fields_are_set_by_the_sync_tool():
    fields = fields_of(
        parse_samples("ado_wit_workitemtypes_Bug_fields_expandAll__msdocs.json"), "Bug"
    )
    assert fields["System.WorkItemType"].set_by_sync_tool
    assert fields["System.TeamProject"].set_by_sync_tool
    assert not fields["System.AreaPath"].set_by_sync_tool


def test_a_mapping_of_the_imported_add_on_field_is_fld_004():
    from planner.document.snapshot import build_snapshot
    from planner.validation.engine import validate
    from tests.factories import ConnectionFactory, FieldMappingFactory, TypeMappingFactory

    connection = ConnectionFactory()
    apply_import(
        connection.left,
        parse_samples(
            "jira_rest_api_2_issue_createmeta_project_issuetype_fields_server__sentry_issue_fields_response.json"
        ),
    )
    mood = field_of(connection.left, "Bug", "customfield_10200")
    mapping = FieldMappingFactory(
        type_mapping=TypeMappingFactory(connection=connection, left_type=mood.item_type),
        left_field=mood,
    )
    [finding] = [x for x in validate(build_snapshot(connection.plan)) if x.code == "FLD-004"]
    assert "icon-select-cf" in finding.message
    assert finding.subject.endswith(f"/fields/customfield_10200->{mapping.right_field.key}")
