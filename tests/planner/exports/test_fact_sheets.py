"""The worksheet's fact sheets: projects, endpoint behaviour, workflows, field facts and the
coverage of required fields, each fact with its label and key (issue 15, point 2)."""

import io

import openpyxl
import pytest

from connections.models import Endpoint, Field, FieldMapping, TypeMapping, UserMap
from facts.datatypes import DataType
from planner.exports.sheets import ExportOptions
from planner.exports.worksheet import export_xlsx
from tests.factories import EnumValueFactory, FieldFactory, FieldMappingFactory
from tests.planner.document.plans import full_plan

pytestmark = pytest.mark.django_db


def _records(plan, sheet, **options):
    wb = openpyxl.load_workbook(io.BytesIO(export_xlsx(plan, ExportOptions(**options))))
    rows = list(wb[sheet].iter_rows(values_only=True))
    return [
        dict(zip(rows[0], ["" if v is None else v for v in row], strict=True)) for row in rows[1:]
    ]


def _field(records: dict, key: str) -> dict:
    """The Field facts row of ``key``, shown as ``Label (key)`` or, without a label, ``key``."""
    (row,) = [r for name, r in records.items() if name == key or name.endswith(f"({key})")]
    return row


def test_projects_sheet_names_the_connection_and_each_project_pair():
    plan = full_plan()
    records = _records(plan, "Projects")

    pairs = [r for r in records if r["Kind"] == "project pair"]
    assert len(pairs) == 1
    assert pairs[0]["Connection"] == "alm-jira"
    assert pairs[0]["Connection name"] == "ALM to Jira"
    assert pairs[0]["Right project"] == "Development (DEV)"
    assert (pairs[0]["Left endpoint"], pairs[0]["Right endpoint"]) == ("ALM/QC", "Jira")


def test_endpoints_sheet_says_how_each_endpoint_behaves():
    plan = full_plan()
    Endpoint.objects.filter(plan=plan, key="jira").update(
        user_representation="full_name", allows_impersonation=True,
        api_enforces_workflow=False, account_role="Project admin",
    )  # fmt: skip
    records = {r["Endpoint"]: r for r in _records(plan, "Endpoints")}

    jira, alm = records["jira"], records["alm"]
    assert jira["User representation"] == "by full name"
    assert (jira["Impersonation"], jira["API enforces workflow"]) == ("allowed", "no")
    assert jira["Role"] == "Project admin"
    assert (alm["Integration account"], alm["Authentication"]) == ("svc-sync", "native")
    assert alm["Impersonation"] == "not allowed"


def test_workflows_sheet_lists_states_and_transitions():
    plan = full_plan()
    records = _records(plan, "Workflows")

    defect = next(r for r in records if r["Endpoint"] == "ALM/QC")
    assert defect["States"] == "New, Open, Closed"
    assert defect["Transitions"] == "New → Open; Open → Closed"


def test_field_facts_name_each_field_by_label_and_key():
    plan = full_plan()
    FieldFactory(item_type=Field.objects.get(key="severity").item_type, key="customfield_10050",
                 label="Found in Release", addon_type="com.acme:release-picker",
                 not_supported=True)  # fmt: skip
    records = {r["Field"]: r for r in _records(plan, "Field facts")}

    assert records["Summary (name)"]["Max length"] == 255
    assert records["Summary (name)"]["Required"] == "yes"
    key = _field(records, "key")
    assert (key["Read-only"], key["System-generated"]) == ("yes", "yes")
    assert _field(records, "parent")["Relationship target types"] == "Epic (epic)"
    found = records["Found in Release (customfield_10050)"]
    assert found["Add-on or unsupported type"] == "unsupported add-on: com.acme:release-picker"


def test_required_fields_of_creating_sides_say_how_each_is_covered():
    plan = full_plan()
    FieldFactory(item_type=Field.objects.get(key="summary").item_type, key="reporter",
                 label="Reporter", required=True)  # fmt: skip
    records = {
        (r["Creating side"], r["Required field"]): r for r in _records(plan, "Required fields")
    }

    assert records[("ALM/QC", "Summary (name)")]["Covered by"] == "mapped"
    assert records[("Jira", "Reporter (reporter)")]["Covered by"] == "uncovered"
    # Only sides the type mapping creates on: left to right leaves ALM/QC's fields out.
    TypeMapping.objects.filter(connection__plan=plan).update(direction="l2r")
    sides = {r["Creating side"] for r in _records(plan, "Required fields")}
    assert sides == {"Jira"}


def test_users_sheet_has_one_row_per_connection_and_says_when_a_map_is_needed():
    plan = full_plan()
    records = _records(plan, "Users")
    assert [r["Kind"] for r in records if r["Connection"] == "ALM to Jira (alm-jira)"][
        0
    ] == "user map"
    assert records[0]["Notes"] == "explicit entries, 2 entries"

    UserMap.objects.filter(connection__plan=plan).delete()
    Endpoint.objects.filter(plan=plan, key="jira").update(user_representation="full_name")
    mapping = TypeMapping.objects.get(connection__plan=plan)
    FieldMappingFactory(
        type_mapping=mapping,
        left_field=FieldFactory(item_type=mapping.left_type, key="owner", data_type=DataType.USER),
        right_field=FieldFactory(
            item_type=mapping.right_type, key="assignee", data_type=DataType.USER
        ),
    )
    (row,) = _records(plan, "Users")
    assert row["Kind"] == "no user map"
    assert row["Notes"].startswith("needed: user fields are mapped")


def test_enum_defaults_follow_the_flow_and_unpaired_values_are_listed():
    plan = full_plan()
    severity = FieldMapping.objects.get(
        type_mapping__connection__plan=plan, left_field__key="severity"
    )
    EnumValueFactory(field=severity.right_field, label="Blocker", position=2)
    records = _records(plan, "Enum values")
    pairs = [r for r in records if r["Position"] != ""]
    # Severity flows left to right only: the sheet has no default column the other way.
    assert [r["Default ALM/QC → Jira"] for r in pairs] == ["", "", "yes"]
    assert "Default Jira → ALM/QC" not in records[0]
    unpaired = [r for r in records if r["Position"] == ""]
    assert [(r["Right value"], r["No pair"]) for r in unpaired] == [
        ("Blocker", "no pair for this value of Jira")
    ]

    FieldMapping.objects.filter(pk=severity.pk).update(direction="both")
    pairs = [r for r in _records(plan, "Enum values") if r["Position"] != ""]
    # Minor pairs with 1-Low and 2-High: flowing right to left, the last pair's value is written.
    assert [r["Default Jira → ALM/QC"] for r in pairs] == ["", "", "yes"]
    assert [r["Default ALM/QC → Jira"] for r in pairs] == ["", "", "yes"]
