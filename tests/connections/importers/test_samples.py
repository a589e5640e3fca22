"""Each real response sample imports into an endpoint whose types, fields, flags and values match
what the sample says."""

import pytest

from connections.importers import SchemaImportError
from connections.models import EndpointUser, ItemType
from facts.datatypes import DataType
from tests.factories import EndpointFactory

from .helpers import field_of, import_samples, labels, parse_samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def endpoint():
    return EndpointFactory()


# Jira


def test_jira_field_list_becomes_one_type_with_data_types_from_schema(endpoint):
    import_samples(endpoint, "jira_rest_api_2_field__jrjc_valid-multiple-fields.json")
    assert list(ItemType.objects.filter(endpoint=endpoint).values_list("key", flat=True)) == [
        "all-fields"
    ]
    assert field_of(endpoint, "all-fields", "fixVersions").data_type == DataType.MULTI_ENUM
    assert field_of(endpoint, "all-fields", "attachment").data_type == DataType.ATTACHMENT
    assert field_of(endpoint, "all-fields", "comment").data_type == DataType.COMMENTS
    assert field_of(endpoint, "all-fields", "issuelinks").data_type == DataType.MULTI_RELATIONSHIP
    assert field_of(endpoint, "all-fields", "resolutiondate").data_type == DataType.DATETIME
    created = field_of(endpoint, "all-fields", "created")
    assert created.system_generated and created.read_only
    custom = field_of(endpoint, "all-fields", "customfield_10000")
    assert custom.label == "MultiSelect Custom IssueField"
    assert custom.data_type == DataType.MULTI_ENUM


def test_jira_unclassifiable_types_become_addons_with_the_raw_type_kept(endpoint):
    import_samples(endpoint, "jira_rest_api_2_field__jrjc_valid-multiple-fields.json")
    timetracking = field_of(endpoint, "all-fields", "timetracking")
    assert timetracking.data_type == DataType.ADDON
    assert timetracking.addon_type == "timetracking"
    assert field_of(endpoint, "all-fields", "worklog").addon_type == "array<worklog>"


def test_jira_cloud_field_list_v3_and_custom_number_field(endpoint):
    import_samples(endpoint, "jira_rest_api_3_field__atlassian_openapi_example.json")
    assert field_of(endpoint, "all-fields", "summary").data_type == DataType.STRING
    assert field_of(endpoint, "all-fields", "description").data_type == DataType.RICH_TEXT
    schema = parse_samples("jira_rest_api_2_field__jiracli_fields.json")
    points = {f.key: f for f in schema.types[0].fields}["customfield_10111"]
    assert points.label == "Original story points"
    assert points.data_type == DataType.FLOAT


def test_jira_classic_createmeta_gives_flags_defaults_and_allowed_values(endpoint):
    import_samples(endpoint, "jira_rest_api_2_issue_createmeta_expanded__gojira.json")
    assert list(ItemType.objects.filter(endpoint=endpoint).values_list("key", flat=True)) == [
        "Request"
    ]
    summary = field_of(endpoint, "Request", "summary")
    assert summary.required and not summary.read_only
    issuetype = field_of(endpoint, "Request", "issuetype")
    assert issuetype.read_only  # "operations": [] means it cannot be set
    components = field_of(endpoint, "Request", "components")
    assert components.data_type == DataType.MULTI_ENUM and components.required
    assert labels(components)[:2] == ["Build automation", "Caches and noSQL"]
    priority = field_of(endpoint, "Request", "priority")
    assert priority.has_default and not priority.required
    assert labels(priority) == ["Immediate", "Urgent", "High", "Moderate", "Normal", "Low"]
    epic = field_of(endpoint, "Request", "customfield_10806")
    assert epic.data_type == DataType.RELATIONSHIP and epic.relationship_targets == ["Epic"]
    assert field_of(endpoint, "Request", "assignee").data_type == DataType.USER


def test_jira_server_paged_createmeta_names_its_type_and_keeps_disabled_and_numeric_ids(endpoint):
    import_samples(
        endpoint,
        "jira_rest_api_2_issue_createmeta_project_issuetype_fields_server__sentry_issue_fields_response.json",
    )
    # The page does not say its issue type; the issuetype field's only allowed value does.
    assert list(ItemType.objects.filter(endpoint=endpoint).values_list("key", flat=True)) == ["Bug"]
    # An app's custom type (Code Barrel's icon select) is an add-on whatever its schema.type
    # says, with the raw type and its allowedValues ({id: <number>, value}) kept.
    mood = field_of(endpoint, "Bug", "customfield_10200")
    assert mood.data_type == DataType.ADDON
    assert mood.addon_type == "com.codebarrel.jira.iconselectlist:icon-select-cf"
    assert labels(mood) == ["sad", "happy"]
    reactions = field_of(endpoint, "Bug", "customfield_10201")
    assert reactions.data_type == DataType.ADDON
    assert reactions.addon_type == "com.codebarrel.jira.iconselectlist:icon-multi-select-cf"
    assert labels(reactions) == ["wow", "devil", "metal"]
    # Jira's own multi-select stays typed.
    assert field_of(endpoint, "Bug", "customfield_10202").data_type == DataType.MULTI_ENUM
    # Project and issue type are required, and set by the sync tool itself.
    for key in ("project", "issuetype"):
        structural = field_of(endpoint, "Bug", key)
        assert structural.required and structural.set_by_sync_tool
    assert not field_of(endpoint, "Bug", "summary").set_by_sync_tool
    priority = field_of(endpoint, "Bug", "priority")
    assert priority.has_default and priority.default_value == "Medium"
    sprint = field_of(endpoint, "Bug", "customfield_10100")
    assert sprint.data_type == DataType.MULTI_RELATIONSHIP
    assert field_of(endpoint, "Bug", "reporter").required
    assert field_of(endpoint, "Bug", "attachment").read_only


def test_jira_cloud_paged_fields_need_the_issue_type_when_the_page_does_not_say():
    name = (
        "jira_rest_api_3_issue_createmeta_project_issuetype_fields__atlassian_openapi_example.json"
    )
    with pytest.raises(SchemaImportError, match="which issue type"):
        parse_samples(name)
    schema = parse_samples(name, type_hint="Bug")
    assignee = schema.types[0].fields[0]
    assert (schema.types[0].key, assignee.key, assignee.required) == ("Bug", "assignee", True)
    assert assignee.data_type == DataType.USER


def test_jira_issue_type_pages_list_types_without_touching_their_fields(endpoint):
    import_samples(
        endpoint,
        "jira_rest_api_2_issue_createmeta_project_issuetype_fields_server__sentry_issue_fields_response.json",
    )
    import_samples(
        endpoint,
        "jira_rest_api_3_issue_createmeta_project_issuetypes__atlassian_openapi_example.json",
    )
    assert field_of(endpoint, "Bug", "summary").required  # fields kept
    schema = parse_samples(
        "jira_rest_api_2_issue_createmeta_project_issuetypes_server9__jiracli_createmetav9.json"
    )
    assert [t.key for t in schema.types] == ["Epic", "Task", "Sub-task"]
    assert not any(t.fields_known for t in schema.types)


def test_jira_cloud_createmeta_example_without_schema_still_classifies_system_fields():
    schema = parse_samples("jira_rest_api_3_issue_createmeta__atlassian_openapi_example.json")
    issuetype = schema.types[0].fields[0]
    assert (schema.types[0].key, issuetype.key, issuetype.required) == ("Bug", "issuetype", True)
    assert issuetype.data_type == DataType.ENUM


def test_jira_user_search_responses_fill_the_user_directory(endpoint):
    import_samples(endpoint, "jira_user_search__jiracli_users.json")
    jane = EndpointUser.objects.get(endpoint=endpoint, username="janedoe")
    assert (jane.full_name, jane.email, jane.account_id, jane.active) == (
        "Jane Doe",
        "jane@domain.tld",
        "5fb82376aca10c006949f35b",
        True,
    )
    # Cloud users without a name are known by their account id.
    jon = EndpointUser.objects.get(endpoint=endpoint, username="5fb82376aca10c006949f35c")
    assert not jon.active
    cloud = parse_samples("jira_rest_api_3_user_search__atlassian_openapi_example.json")
    assert [(u.full_name, u.email) for u in cloud.users] == [
        ("Mia Krystof", ""),
        ("Emma Richards", ""),
    ]
    server = parse_samples("jira_rest_api_2_user_search__gojira.json")
    assert [(u.username, u.email) for u in server.users] == [("fred", "fred@example.com")]


def test_a_user_import_leaves_the_item_types_alone(endpoint):
    import_samples(endpoint, "jira_rest_api_2_issue_createmeta_expanded__gojira.json")
    import_samples(endpoint, "jira_user_search__jiracli_users.json")
    assert ItemType.objects.filter(endpoint=endpoint, key="Request").exists()


def test_jira_field_list_fills_the_schema_a_createmeta_field_lacks():
    schema = parse_samples(
        "jira_rest_api_3_issue_createmeta_project_issuetype_fields__atlassian_openapi_example.json",
        "jira_rest_api_2_field__jrjc_valid-multiple-fields.json",
        type_hint="Bug",
    )
    assert [t.key for t in schema.types] == ["Bug"]
    assert schema.types[0].fields[0].data_type == DataType.USER


# Azure DevOps


ADO_BUG = (
    "ado_wit_fields__msdocs_GET__wit_fields.json",
    "ado_wit_workitemtypes_Bug_fields_expandAll__msdocs.json",
    "ado_wit_workitemtypes_Bug_states__msdocs.json",
)


def test_ado_per_type_fields_join_the_field_list_on_reference_name(endpoint):
    import_samples(endpoint, *ADO_BUG)
    bug = ItemType.objects.get(endpoint=endpoint, key="Bug")
    assert bug.states == ["New", "Active", "CustomState", "Resolved", "Closed"]
    assert bug.workflow_state_field == "System.State"
    title = field_of(endpoint, "Bug", "System.Title")
    assert title.required and title.data_type == DataType.STRING
    state = field_of(endpoint, "Bug", "System.State")
    assert state.data_type == DataType.ENUM and state.default_value == "New"
    assert labels(state) == ["Active", "Closed", "New", "Resolved"]
    # An integer field with string allowed values is an enum of those values.
    priority = field_of(endpoint, "Bug", "Microsoft.VSTS.Common.Priority")
    assert priority.data_type == DataType.ENUM and labels(priority) == ["1", "2", "3", "4"]
    assert priority.has_default and priority.default_value == "2"
    # Identity fields typed "string" are user fields.
    assert field_of(endpoint, "Bug", "System.AssignedTo").data_type == DataType.USER
    assert field_of(endpoint, "Bug", "System.Description").data_type == DataType.RICH_TEXT
    assert field_of(endpoint, "Bug", "System.History").data_type == DataType.COMMENTS
    # Tree paths are readOnly in the API yet set by people.
    area = field_of(endpoint, "Bug", "System.AreaPath")
    assert area.data_type == DataType.TREE_PATH and not area.read_only
    rev = field_of(endpoint, "Bug", "System.Rev")
    assert rev.read_only and rev.system_generated
    # "<None>" is a placeholder, not a value: the field stays a string.
    found_in = field_of(endpoint, "Bug", "Microsoft.VSTS.Build.FoundIn")
    assert found_in.data_type == DataType.STRING and labels(found_in) == []


def test_ado_field_without_a_type_anywhere_is_an_addon_not_dropped(endpoint):
    import_samples(endpoint, *ADO_BUG)
    points = field_of(endpoint, "Bug", "Microsoft.VSTS.Scheduling.StoryPoints")
    assert points.data_type == DataType.ADDON and "type unknown" in points.addon_type


def test_ado_work_item_type_definition_gives_states_and_transitions(endpoint):
    import_samples(
        endpoint,
        "ado_wit_fields__msdocs_GET__wit_fields.json",
        "ado_wit_workitemtypes_Bug__msdocs.json",
    )
    bug = ItemType.objects.get(endpoint=endpoint, key="Bug")
    assert set(bug.states) == {"Active", "Closed", "New", "Resolved"}
    assert ["Active", "Resolved"] in bug.transitions
    assert field_of(endpoint, "Bug", "System.IterationId").required


def test_ado_process_api_fields_and_states_use_required_and_the_type_from_the_url(endpoint):
    import_samples(endpoint, "ado_work_processes_workItemTypes_fields__msdocs.json")
    state = field_of(endpoint, "ChangeRequest", "System.State")
    assert state.required and state.default_value == "New"
    assert field_of(endpoint, "ChangeRequest", "Custom.Fields.Colors").data_type == DataType.STRING
    assert (
        field_of(endpoint, "ChangeRequest", "System.BoardColumnDone").data_type == DataType.BOOLEAN
    )
    schema = parse_samples("ado_work_processes_workItemTypes_states__msdocs.json")
    assert schema.types[0].key == "Bug"
    assert schema.types[0].states == ("New", "Active", "Resolved", "Closed")


def test_ado_team_members_are_users_and_an_unreferenced_picklist_is_a_warning(endpoint):
    schema = parse_samples(
        "ado_core_projects_teams_members__msdocs.json",
        "ado_work_processes_lists_id__msdocs.json",
        *ADO_BUG,
    )
    assert [u.full_name for u in schema.users] == [
        "Christie Church",
        "Chuck Reinhart",
        "Johnnie McLeod",
    ]
    assert schema.users[0].username == "fabrikamfiber1@hotmail.com"
    assert any("661eb38e" in w for w in schema.warnings)


# ALM Octane


def test_octane_entities_and_fields(endpoint):
    import_samples(
        endpoint,
        "octane_metadata_entities__javasdk_getEntitiesMetadataString.json",
        "octane_metadata_fields__javasdk_getFieldsMetadataString.json",
    )
    keys = set(ItemType.objects.filter(endpoint=endpoint).values_list("key", flat=True))
    assert keys == {"test_suite", "taxonomy_item_node", "theme", "pipeline", "metaphase"}
    assert ItemType.objects.get(endpoint=endpoint, key="theme").label == "Theme"
    name = field_of(endpoint, "pipeline", "name")
    assert name.required and name.max_length == 255 and name.data_type == DataType.STRING
    run = field_of(endpoint, "pipeline", "run")
    assert run.data_type == DataType.MULTI_RELATIONSHIP
    assert run.relationship_targets == [
        "run_suite",
        "run_manual",
        "run_automated",
        "gherkin_automated_run",
    ]
    release = field_of(endpoint, "pipeline", "current_release")
    assert release.data_type == DataType.RELATIONSHIP and release.relationship_targets == [
        "release"
    ]
    version = field_of(endpoint, "pipeline", "version_stamp")  # min/max ±9223372036854775807
    assert version.data_type == DataType.INTEGER and version.read_only and version.system_generated
    jobs = field_of(endpoint, "pipeline", "jobs")
    assert jobs.data_type == DataType.ADDON and jobs.addon_type == "object"


def test_octane_list_fields_take_their_values_from_list_nodes(endpoint):
    fields = (
        b'{"total_count": 1, "data": [{"type": "field_metadata", "name": "severity", "label": "Severity",'
        b' "entity_name": "defect", "field_type": "reference", "required": true, "editable": true,'
        b' "field_type_data": {"multiple": false, "targets": [{"type": "list_node",'
        b' "logical_name": "list_node.severity"}]}},'
        b' {"type": "field_metadata", "name": "owner", "label": "Owner", "entity_name": "defect",'
        b' "field_type": "reference", "editable": true, "field_type_data": {"multiple": false,'
        b' "targets": [{"type": "workspace_user"}]}}]}'
    )
    nodes = (
        b'{"total_count": 3, "data": ['
        b'{"type": "list_node", "id": "1", "name": "Severity", "logical_name": "list_node.severity"},'
        b'{"type": "list_node", "id": "2", "name": "High", "logical_name": "list_node.severity.high",'
        b' "list_root": {"type": "list_node", "id": "1", "logical_name": "list_node.severity"}},'
        b'{"type": "list_node", "id": "3", "name": "Low", "logical_name": "list_node.severity.low",'
        b' "list_root": {"type": "list_node", "id": "1", "logical_name": "list_node.severity"}}]}'
    )
    from connections.importers import ImportDocument, parse_documents
    from connections.imports.services import apply_import

    schema = parse_documents(
        [ImportDocument("fields.json", fields), ImportDocument("nodes.json", nodes)]
    )
    apply_import(endpoint, schema)
    severity = field_of(endpoint, "defect", "severity")
    assert severity.data_type == DataType.ENUM and severity.required
    assert labels(severity) == ["High", "Low"]
    assert field_of(endpoint, "defect", "owner").data_type == DataType.USER


def test_octane_sdk_routes_file_is_refused_as_derived():
    with pytest.raises(SchemaImportError, match="generated routes file, not a metadata"):
        parse_samples("octane_defect_fields_DERIVED__jssdk_routes_default_excerpt.json")


def test_octane_help_example_with_trailing_commas_is_refused_with_its_line():
    with pytest.raises(SchemaImportError) as error:
        parse_samples(
            "octane_metadata_entities_story__admhelp_doc_example_VERBATIM_INVALID_JSON.txt"
        )
    assert "malformed JSON" in error.value.messages[0]
    assert error.value.line == 47


# ServiceNow


def test_servicenow_dictionary_records_become_tables_and_columns(endpoint):
    import_samples(endpoint, "servicenow_api_now_table_sys_dictionary__captured_dev17826.json")
    keys = set(ItemType.objects.filter(endpoint=endpoint).values_list("key", flat=True))
    assert keys == {"cmdb_ci_directory_ha", "sc_ic_question_type"}
    sys_id = field_of(endpoint, "cmdb_ci_directory_ha", "sys_id")  # internal_type {link, value}
    assert (sys_id.label, sys_id.data_type, sys_id.max_length) == ("Sys ID", DataType.STRING, 32)
    assert sys_id.system_generated and not sys_id.required
    help_text = field_of(endpoint, "sc_ic_question_type", "help_text")
    assert (help_text.label, help_text.max_length, help_text.read_only) == (
        "Help text",
        1024,
        False,
    )


def test_servicenow_choices_make_a_choice_column_an_enum(endpoint):
    from connections.importers import ImportDocument, parse_documents
    from connections.imports.services import apply_import

    dictionary = (
        b'{"result": [{"name": "incident", "element": "", "column_label": "Incident",'
        b' "internal_type": "collection"},'
        b'{"name": "incident", "element": "urgency", "column_label": "Urgency", "internal_type":'
        b' {"link": "x", "value": "integer"}, "mandatory": "true", "read_only": "false", "reference": "",'
        b' "max_length": "40", "default_value": "3", "choice": "3"},'
        b'{"name": "incident", "element": "caller_id", "column_label": "Caller", "internal_type":'
        b' "reference", "mandatory": "false", "read_only": "false", "reference": {"link": "y",'
        b' "value": "sys_user"}, "max_length": "32", "default_value": "", "choice": "0"},'
        b'{"name": "incident", "element": "problem_id", "column_label": "Problem", "internal_type":'
        b' "reference", "mandatory": "false", "read_only": "false", "reference": "problem",'
        b' "max_length": "32", "default_value": "", "choice": "0"}]}'
    )
    choices = (
        b'{"result": [{"name": "incident", "element": "urgency", "value": "3", "label": "3 - Low",'
        b' "sequence": "3", "inactive": "false"},'
        b'{"name": "incident", "element": "urgency", "value": "1", "label": "1 - High",'
        b' "sequence": "1", "inactive": "false"},'
        b'{"name": "incident", "element": "urgency", "value": "9", "label": "9 - Old",'
        b' "sequence": "9", "inactive": "true"}]}'
    )
    schema = parse_documents(
        [ImportDocument("dict.json", dictionary), ImportDocument("choice.json", choices)]
    )
    apply_import(endpoint, schema)
    assert ItemType.objects.get(endpoint=endpoint, key="incident").label == "Incident"
    urgency = field_of(endpoint, "incident", "urgency")
    assert urgency.data_type == DataType.ENUM and urgency.required and urgency.default_value == "3"
    assert labels(urgency) == ["1 - High", "3 - Low", "9 - Old"]
    assert labels(urgency, active=False) == ["9 - Old"]
    assert field_of(endpoint, "incident", "caller_id").data_type == DataType.USER
    problem = field_of(endpoint, "incident", "problem_id")
    assert problem.data_type == DataType.RELATIONSHIP and problem.relationship_targets == [
        "problem"
    ]


# ALM/Quality Center


def test_alm_run_fields_from_a_captured_response(endpoint):
    import_samples(
        endpoint, "alm_qc_customization_entities_run_fields_required__captured_perfalm.xml"
    )
    assert list(ItemType.objects.filter(endpoint=endpoint).values_list("key", flat=True)) == ["run"]
    name = field_of(endpoint, "run", "name")
    assert (name.label, name.required, name.read_only, name.max_length) == (
        "Run Name",
        True,
        False,
        255,
    )
    cycle = field_of(endpoint, "run", "cycle-id")
    assert cycle.read_only and cycle.system_generated
    assert field_of(endpoint, "run", "owner").data_type == DataType.USER
    assert field_of(endpoint, "run", "testcycl-id").data_type == DataType.RELATIONSHIP


def test_alm_lookup_list_takes_its_values_from_the_used_list_with_its_id(endpoint):
    from connections.importers import ImportDocument, parse_documents
    from connections.imports.services import apply_import

    from .helpers import SAMPLES

    fields = (
        SAMPLES / "alm_qc_customization_entities_defect_fields_udf_lookuplist__csharp_comment.xml"
    ).read_bytes()
    lists = (
        SAMPLES / "alm_qc_customization_used-lists_Severity__admhelp_example_SECONDHAND.xml"
    ).read_bytes()
    # The two samples come from different projects: point the field at the Severity list.
    fields = fields.replace(b"<List-Id>85470</List-Id>", b"<List-Id>276</List-Id>")
    schema = parse_documents(
        [ImportDocument("defect_fields.xml", fields), ImportDocument("lists.xml", lists)],
        type_hint="defect",
    )
    apply_import(endpoint, schema)
    activity = field_of(endpoint, "defect", "user-13")
    assert activity.label == "Activity No" and activity.data_type == DataType.ENUM
    assert labels(activity) == ["1-Low", "2-Medium", "3-High", "4-Very High", "5-Urgent"]


def test_alm_entity_comes_from_the_file_name_and_json_variant_reads_the_same():
    schema = parse_samples(
        "alm_qc_customization_entities_test_types_BUSINESS-PROCESS_fields__admhelp_example_SECONDHAND.xml"
    )
    field = schema.types[0].fields[0]
    assert (schema.types[0].key, field.key, field.read_only) == ("test", "has-dependencies", True)
    from connections.importers import ImportDocument, parse_documents

    document = ImportDocument(
        "fields.json",
        b'{"Fields": {"Field": [{"Name": "severity", "Label": "Severity", "Type": "LookupList",'
        b' "List-Id": "276", "Required": "true", "Editable": "true", "SupportsMultivalue": "false"}]},'
        b' "Lists": {"List": [{"Id": "276", "Name": "Severity", "Items": {"Item": [{"value": "1-Low"},'
        b' {"value": "2-Medium"}]}}]}}',
    )
    schema = parse_documents([document], "alm", "defect")
    severity = schema.types[0].fields[0]
    assert severity.required and [v.label for v in severity.values] == ["1-Low", "2-Medium"]


def test_alm_used_lists_alone_describe_nothing():
    with pytest.raises(SchemaImportError, match="describe no item types"):
        parse_samples("alm_qc_customization_used-lists_Severity__admhelp_example_SECONDHAND.xml")
