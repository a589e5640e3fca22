"""FLD-007 and the "set by the sync tool" fact: the sync tool sets a Jira issue's project and
issue type itself, so a mapping creating Jira issues is not asked to fill them."""

from dataclasses import replace

from facts.datatypes import DataType
from planner.validation.engine import validate

from .builders import TODAY, change_type, clean_plan, f

DEF = "connections/alm-jira/types/defect->defect"


def fld_007(snapshot):
    return [x.subject for x in validate(snapshot, today=TODAY) if x.code == "FLD-007"]


def with_structural_fields(set_by_sync_tool: bool):
    # Defects are created ALM → Jira in the clean plan; createmeta says both are required.
    structural = (
        f("project", DataType.ENUM, required=True, set_by_sync_tool=set_by_sync_tool),
        f("issuetype", DataType.ENUM, required=True, set_by_sync_tool=set_by_sync_tool),
    )
    return change_type(
        clean_plan(), "jira", "defect", lambda t: replace(t, fields=t.fields + structural)
    )


def test_required_fields_the_sync_tool_sets_need_no_mapping():
    assert fld_007(with_structural_fields(set_by_sync_tool=True)) == []


def test_the_same_required_fields_without_the_fact_are_fld_007():
    assert sorted(fld_007(with_structural_fields(set_by_sync_tool=False))) == [
        f"{DEF}/fields/->issuetype",
        f"{DEF}/fields/->project",
    ]
