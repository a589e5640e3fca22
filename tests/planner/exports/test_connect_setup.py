"""The "Connect set-up" sheet: the demo plan in the order of Connect's screens, row by row for a
few rows of each screen; the notes for plan choices Connect cannot express."""

import datetime
import io
from dataclasses import replace

import openpyxl
import pytest

from planner.demo import load_demo_plan
from planner.document.snapshot import UserMapEntrySnap, UserMapSnap, build_snapshot
from planner.exports.connect_setup import TITLE, rows
from planner.exports.sheets import ExportOptions
from planner.exports.worksheet import export_xlsx
from planner.operations import schedules
from tests.planner.validation.builders import (
    change_connection,
    change_operation,
    change_type_mapping,
    clean_plan,
)

# The demo is loaded once for the module (demo_rows); the mark makes pytest-django create the
# test database even when only demo_rows tests are selected.
pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)
ALM, JIRA, OCTANE = (
    "ALM/QC (QA department)",
    "Jira Cloud (development)",
    "ALM Octane (product management)",
)
AJ = "ALM/QC defects with Jira bugs (alm-jira)"
OJ = "ALM Octane stories and sprints with Jira (octane-jira)"


@pytest.fixture(scope="module")
def demo_rows(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            plan = load_demo_plan(today=TODAY).plan
            found = list(rows(build_snapshot(plan), ExportOptions(), TODAY))
            transaction.set_rollback(True)
    return found


def _screen(found, screen):
    return [r[1:] for r in found if r[0] == screen]


def test_the_screens_come_in_connects_order(demo_rows):
    screens = list(dict.fromkeys(r[0] for r in demo_rows))
    assert screens == [
        "Data sources", "Connection", "Syncsets", "Type maps", "Field maps", "Value maps",
        "Projects and criteria", "Calculated values", "User maps", "Existing items",
        "Purge schedule",
    ]  # fmt: skip
    # A screen with nothing to set says so rather than going missing.
    assert _screen(demo_rows, "Calculated values") == [["", "", "", "(none planned)", "", ""]]


def test_data_sources_list_the_types_to_add_with_allow_create_from_the_creation_direction(
    demo_rows,
):
    sources = _screen(demo_rows, "Data sources")
    octane = f"{OCTANE} (octane)"
    jira = f"{JIRA} (jira)"
    # Jira creates sprints, Octane receives them: Allow Create on Octane's sprint, not Jira's.
    assert ["", octane, "Type Sprint (sprint)", "Allow Create: yes",
            f"octane-jira: Sprint (sprint) ↔ Sprint (sprint) ({JIRA} → {OCTANE})", ""] in sources  # fmt: skip
    assert ["", jira, "Type Sprint (sprint)", "Allow Create: no",
            f"octane-jira: Sprint (sprint) ↔ Sprint (sprint) ({JIRA} → {OCTANE})", ""] in sources  # fmt: skip
    assert ["", octane, "Type User Story (story)", "Allow Create: no",
            f"octane-jira: User Story (story) ↔ Story ({OCTANE} → {JIRA})", ""] in sources  # fmt: skip
    assert ["", f"{ALM} (alm)", "Data source account", "svc_connect",
            "native, Connect integration (custom group)", ""] in sources  # fmt: skip
    assert ["", f"{ALM} (alm)", "Product, server", "ALM/Quality Center (alm-qc)",
            "https://alm.example.com/qcbin", ""] in sources  # fmt: skip
    # Jira's SHOP serves both connections through one data source, which Connect allows.
    assert ["", jira, "Project", "Webshop (SHOP)", f"connections: {AJ}, {OJ}", ""] in sources  # fmt: skip


def test_the_connection_has_its_master_target_and_default_direction(demo_rows):
    connection = _screen(demo_rows, "Connection")
    assert [OJ, "Master", "", OCTANE, f"{OCTANE} is the OpenText product of the pair", ""] in connection  # fmt: skip
    assert [OJ, "Target", "", JIRA, "", ""] in connection
    assert [AJ, "Default direction", "", f"{ALM} ↔ {JIRA}", "every type mapping", ""] in connection  # fmt: skip
    assert [AJ, "Conflict resolution", "", f"{ALM} wins", "Connect: master wins", ""] in connection  # fmt: skip


def test_syncsets_are_type_by_project_pair(demo_rows):
    assert _screen(demo_rows, "Syncsets")[0] == [
        AJ, "Defect ↔ Bug", "Projects",
        "Domain QA, project WEBSHOP (QA/WEBSHOP) ↔ Webshop (SHOP)", f"{ALM} ↔ {JIRA}", "",
    ]  # fmt: skip


def test_type_and_field_maps_say_inherit_or_explicit_and_enable_the_user_map_for_users(demo_rows):
    types = _screen(demo_rows, "Type maps")
    fields = _screen(demo_rows, "Field maps")
    # Jira owns the sprints, but Connect's master is Octane: the note next to the row.
    assert [OJ, "Sprint (sprint) ↔ Sprint (sprint)", "Direction", f"{JIRA} → {OCTANE}",
            f"system of record: {JIRA}",
            f"system of record {JIRA}; Connect's master is {OCTANE} (CNX-003)"] in types  # fmt: skip
    assert [AJ, "Defect ↔ Bug", "Assigned To (owner) ↔ Assignee (assignee)",
            f"inherit: {ALM} ↔ {JIRA}", "Enable User Map: yes", ""] in fields  # fmt: skip
    assert [AJ, "Defect ↔ Bug", "Status (status) ↔ Status (status)",
            f"explicit: {JIRA} → {ALM}", "", ""] in fields  # fmt: skip
    # Declared L→R, but both IDs are read-only: the detail says nothing flows.
    assert [AJ, "Defect ↔ Bug", "Defect ID (id) ↔ Key (issuekey)",
            f"explicit: {ALM} → {JIRA}", "values flow: none", ""] in fields  # fmt: skip
    assert [AJ, "Defect ↔ Bug", "Detected By (detected-by) ↔ Reporter (reporter)",
            f"inherit: {ALM} ↔ {JIRA}", "Enable User Map: yes; on creation only", ""] in fields  # fmt: skip


def test_value_maps_keep_the_pair_order(demo_rows):
    values = [r for r in _screen(demo_rows, "Value maps") if "Priority" in r[2]]
    assert [r[3] for r in values] == ["1-Low ↔ Low", "2-Medium ↔ Medium", "3-High ↔ High",
                                     "5-Urgent ↔ Highest"]  # fmt: skip
    assert values[0][2] == "Priority (priority) ↔ Priority (priority) #1"
    # Status flows Jira → ALM/QC only: To Do and In Progress both give Open, no default needed.
    status = [r for r in _screen(demo_rows, "Value maps") if "Status" in r[2]]
    assert [r[4] for r in status] == ["", "", ""]


def test_projects_and_the_scope_verbatim_as_sync_criteria(demo_rows):
    projects = _screen(demo_rows, "Projects and criteria")
    assert [OJ, "Common projects", "",
            "Shared space 1001, workspace Webshop (1001/1002) ↔ Webshop (SHOP)", "", ""] in projects  # fmt: skip
    assert [OJ, "Sprint (sprint) ↔ Sprint (sprint)", "Sync criteria and server filters",
            "Sprints of the SHOP Scrum board (board 12).", "", ""] in projects  # fmt: skip


def test_user_maps_existing_items_and_the_purge(demo_rows):
    users = _screen(demo_rows, "User maps")
    assert [AJ, "Matching", "", "no user map", "", ""] in users
    assert [OJ, "Matching", "", "match by name", "", ""] in users
    assert [OJ, "global map (entry)", f"{OCTANE} ↔ {JIRA}",
            "Jane Doe ↔ Jane Doe-Smith", "", ""] in users  # fmt: skip
    assert _screen(demo_rows, "Existing items") == [
        [OJ, "", "Cross-reference by", "(not answered)",
         "do items already exist in both products?", ""],
    ]  # fmt: skip
    assert _screen(demo_rows, "Purge schedule") == [
        ["", "Database purge (database-purge)", "Schedule", "No schedule",
         "/opt/connect/bin/purge-db.sh --older-than 30", ""],
    ]  # fmt: skip


# Notes and conflicts, on the clean test plan -------------------------------------------------


def _conflicting_users():
    plan = clean_plan()
    return change_connection(plan, "jira-octane", lambda c: replace(
        c, left="alm", right="jira", type_mappings=(),
        user_map=UserMapSnap(entries=(UserMapEntrySnap("alice", "Bob Smith"),))))  # fmt: skip


def test_the_global_user_map_merges_the_plans_maps_and_notes_conflicts():
    found = [r for r in rows(_conflicting_users(), ExportOptions()) if r[0] == "User maps"]
    [alice] = [r for r in found if r[4] == "alice ↔ Bob Smith"]
    assert alice[1] == "Jira ↔ Octane (jira-octane)"
    assert alice[6] == (
        "conflict: alice (alm) is mapped to 2 users of jira: Alice Smith, Bob Smith; "
        "Bob Smith (jira) is mapped to 2 users of alm: alice, bob"
    )
    [kept] = [r for r in found if r[4] == "alice ↔ Alice Smith"]
    assert kept[6].startswith("conflict: alice (alm) is mapped to 2 users")


def test_without_personal_data_the_conflict_note_names_no_one():
    found = [r for r in rows(_conflicting_users(), ExportOptions(personal_data=False))
             if r[0] == "User maps" and r[6]]  # fmt: skip
    assert found and all("Smith" not in r[6] and "alice" not in r[6] for r in found)


def test_a_policy_connect_cannot_apply_has_its_note():
    plan = change_type_mapping(clean_plan(), "jira-octane", "release->release",
                               lambda tm: replace(tm, conflict_policy="latest_wins"))  # fmt: skip
    [row] = [r for r in rows(plan, ExportOptions())
             if r[0] == "Type maps" and r[1] == "Jira ↔ Octane (jira-octane)" and "Release" in r[2]]  # fmt: skip
    assert row[6] == "conflict policy is not master wins (CNX-001)"
    [clean] = [r for r in rows(clean_plan(), ExportOptions())
               if r[0] == "Type maps" and r[1] == "Jira ↔ Octane (jira-octane)" and "Release" in r[2]]  # fmt: skip
    assert clean[6] == ""


def test_the_purge_gives_the_registers_own_lines():
    plan = change_operation(clean_plan(), "purge", command="/opt/connect/purge.sh")
    purge = [r for r in rows(plan, ExportOptions(), TODAY) if r[0] == "Purge schedule"]
    item = next(i for i in plan.sync_server.operations if i.key == "purge")
    lines = schedules.for_item(item, plan.sync_server.time_zone, TODAY)
    assert [r[3:5] for r in purge] == [["cron", lines.cron], ["schtasks", lines.schtasks]]
    assert "/opt/connect/purge.sh" in lines.cron and "/F" in lines.schtasks


def test_the_workbook_carries_the_sheet():
    plan = load_demo_plan(today=TODAY).plan
    wb = openpyxl.load_workbook(io.BytesIO(export_xlsx(plan, ExportOptions())))
    ws = wb[TITLE]
    header = [c.value for c in ws[1]]
    assert header == ["Connect screen", "Connection", "Item", "Setting", "Value", "Detail", "Note"]
    assert ws["A2"].value == "Data sources"


def _variants():
    from planner.document.snapshot import ProjectSnap
    from tests.planner.validation.builders import change_endpoint, change_field_mapping

    def legacy(plan):
        return change_endpoint(
            plan, "alm", lambda e: replace(e, projects=(*e.projects, ProjectSnap("LEGACY", "Old"))))  # fmt: skip

    base = clean_plan()
    yield "clean", base
    yield "CNX-001", change_field_mapping(base, "jira-octane", "sprint->sprint", "name->name",
                                          conflict_policy="latest_wins")  # fmt: skip
    yield "CNX-002", change_type_mapping(
        change_endpoint(base, "alm", lambda e: replace(e, product="azure-devops")),
        "alm-jira", "release->release", lambda tm: replace(tm, system_of_record="right"))  # fmt: skip
    yield "CNX-003", change_type_mapping(base, "jira-octane", "sprint->sprint",
                                         lambda tm: replace(tm, system_of_record="left"))  # fmt: skip
    yield "CNX-004", change_type_mapping(legacy(base), "alm-jira", "defect->defect",
                                         lambda tm: replace(tm, scope="Defects of LEGACY"))  # fmt: skip
    two_domains = change_endpoint(base, "alm", lambda e: replace(
        e, projects=(ProjectSnap("QA/WEBSHOP"), ProjectSnap("LEGACY/SHOP"))))  # fmt: skip
    yield "CNX-005", change_connection(two_domains, "alm-jira", lambda c: replace(
        c, project_pairs=(("QA/WEBSHOP", "MAIN"), ("LEGACY/SHOP", "MAIN"))))  # fmt: skip


@pytest.mark.parametrize(
    "name, plan", list(_variants()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_each_finding_connect_cannot_express_has_its_note_on_the_sheet(name, plan):
    import re

    from planner.validation.engine import validate

    found = {f.code for f in validate(plan, today=TODAY) if f.code.startswith("CNX")}
    noted = {code for r in rows(plan, ExportOptions()) for code in re.findall(r"CNX-\d+", r[6])}
    assert found == noted == (set() if name == "clean" else {name})


@pytest.mark.parametrize(
    "direction, marks",
    [
        ("both", "default ALM → Jira; default Jira → ALM"),
        ("l2r", "default ALM → Jira"),
        ("r2l", "default Jira → ALM"),
    ],
)
def test_the_value_map_default_is_marked_for_the_directions_the_field_flows(direction, marks):
    from planner.document.snapshot import EnumPairSnap
    from tests.planner.validation.builders import change_field_mapping

    base = clean_plan()
    f_enum = next(
        m for m in base.connections[0].type_mappings[0].field_mappings if m.key == "f_enum->f_enum"
    )
    # Medium ↔ High beside Medium ↔ Medium and High ↔ High: the later pair is written both ways.
    plan = change_field_mapping(base, "alm-jira", "defect->defect", "f_enum->f_enum",
                                direction=direction,
                                enum_pairs=(*f_enum.enum_pairs, EnumPairSnap("Medium", "High", 9)))  # fmt: skip
    values = [r for r in rows(plan, ExportOptions()) if r[0] == "Value maps" and "f_enum" in r[3]]
    assert [(r[4], r[5]) for r in values] == [
        ("Low ↔ Low", ""), ("Medium ↔ Medium", ""), ("High ↔ High", ""), ("Medium ↔ High", marks),
    ]  # fmt: skip
