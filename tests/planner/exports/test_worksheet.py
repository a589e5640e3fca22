import csv
import io
import zipfile

import openpyxl
import pytest

from connections.models import Field, TypeMapping
from core.changes import record_change
from facts.datatypes import DataType
from planner.document.snapshot import build_snapshot
from planner.exports.csvzip import export_csv_zip
from planner.exports.sheets import ExportOptions
from planner.exports.worksheet import export_xlsx
from planner.models import Acknowledgement, Finding
from planner.wizard.questions import QUESTIONS_BY_KEY
from tests.factories import FieldMappingFactory, UseCaseAnswerFactory
from tests.planner.document.plans import full_plan

pytestmark = pytest.mark.django_db

SHEETS = [
    "Overview", "Use case", "Types", "Projects", "Endpoints", "Workflows", "Field facts",
    "Required fields", "Fields", "Enum values", "Users",
    "Relationships & existing items", "Operations", "Connect set-up", "Rehearsal", "Findings",
]  # fmt: skip


def _workbook(plan, **options):
    return openpyxl.load_workbook(io.BytesIO(export_xlsx(plan, ExportOptions(**options))))


def _records(ws):
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    return [
        dict(zip(header, ["" if v is None else v for v in row], strict=True)) for row in rows[1:]
    ]


@pytest.fixture
def plan():
    plan = full_plan()
    # Declared both ways; only right -> left can really flow (the right key is read-only).
    FieldMappingFactory(
        type_mapping=TypeMapping.objects.get(connection__plan=plan),
        left_field=Field.objects.get(item_type__endpoint__plan=plan, key="jira-key"),
        right_field=Field.objects.get(item_type__endpoint__plan=plan, key="key"),
    )
    record_change(plan, None, "plan.update", "plan")  # so that an older revision exists
    Finding.objects.create(
        plan=plan, plan_revision=plan.revision, code="FLD-002", severity="warning",
        subject="connections/alm-jira/types/defect->bug/fields/name->summary", fingerprint="abc123",
        message="Summary may be truncated", fix="Shorten titles",
    )  # fmt: skip
    Finding.objects.create(
        plan=plan, plan_revision=plan.revision, code="OPS-006", severity="warning",
        subject="plan", fingerprint="f", message="=no backup", fix="",
    )  # fmt: skip
    Finding.objects.create(
        plan=plan, plan_revision=plan.revision - 1, code="OLD-001",
        severity="error", subject="plan", fingerprint="f", message="old revision", fix="",
    )  # fmt: skip
    return plan


def test_the_workbook_has_every_sheet_with_a_frozen_filtered_header(plan):
    wb = _workbook(plan)

    assert wb.sheetnames == SHEETS
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref.startswith("A1:")
        assert ws["A1"].font.bold


def test_direction_columns_offer_the_direction_list_and_computed_ones_none(plan):
    ws = _workbook(plan)["Fields"]

    validations = ws.data_validations.dataValidation
    assert {v.formula1 for v in validations} == {'"L→R,R→L,both"'}
    header = [c.value for c in ws[1]]
    declared = openpyxl.utils.get_column_letter(header.index("Declared direction") + 1)
    effective = openpyxl.utils.get_column_letter(header.index("Effective direction") + 1)
    assert any(declared + "2" in str(v.sqref) for v in validations)
    assert not any(effective + "2" in str(v.sqref) for v in validations)


def _label_and_key(f) -> str:
    if f is None:
        return ""
    return f"{f.label} ({f.key})" if f.label and f.label != f.key else f.key


def test_the_fields_sheet_matches_every_field_mapping_cell_by_cell(plan):
    snapshot = build_snapshot(plan)
    records = _records(_workbook(plan)["Fields"])
    connection = snapshot.connections[0]
    mapping = connection.type_mappings[0]

    assert len(records) == len(mapping.field_mappings)
    for record, fm in zip(records, mapping.field_mappings, strict=True):
        left = snapshot.endpoint("alm").type("defect").field(fm.left_field)
        right = snapshot.endpoint("jira").type("bug").field(fm.right_field)
        assert record["Connection"] == "ALM to Jira (alm-jira)"
        assert record["Type mapping"] == "Defect (defect) ↔ Bug (bug)"
        assert record["Left label (key)"] == _label_and_key(left)
        assert record["Right label (key)"] == _label_and_key(right)
        assert record["Left data type"] == (DataType(left.data_type).label if left else "")
        assert record["Right data type"] == (DataType(right.data_type).label if right else "")
    severity = next(r for r in records if r["Left label (key)"].endswith("(severity)"))
    assert severity["Declared direction"] == "L→R"
    assert severity["On creation only"] == "yes"
    assert severity["Catch-all"] == "Jira: Minor"
    assert severity["Conflict policy"] == "stop with an error"
    calculated = next(r for r in records if r["Left label (key)"] == "")
    assert calculated["Calculated value"] == "expression: 'From ALM' (when on creation)"
    assert calculated["Removed"] == "Jira"
    matching = next(r for r in records if r["Left label (key)"].endswith("(jira-key)"))
    # Declared from the dropdown's L→R / R→L / both; what flows, between named endpoints.
    assert (matching["Declared direction"], matching["Effective direction"]) == (
        "both",
        "Jira → ALM/QC",
    )
    summary = next(r for r in records if r["Left label (key)"].endswith("(name)"))
    assert summary["Declared direction"] == "both" and summary["Left required"] == "yes"
    # Inert as a string-typed cell, shown as typed (no apostrophe).
    assert summary["Notes"] == "=the title"
    ws = _workbook(plan)["Fields"]
    notes = next(c for c in ws.iter_rows(min_row=2) for c in c if c.value == "=the title")
    assert notes.data_type == "s"


def test_the_enum_values_sheet_lists_pairs_in_order_with_their_defaults(plan):
    records = _records(_workbook(plan)["Enum values"])

    pairs = [r for r in records if r["Position"] != ""]
    assert [(r["Position"], r["Left value"], r["Right value"]) for r in pairs] == [
        (1, "1-Low", "Minor"),
        (2, "2-High", "Major"),
        (3, "2-High", "Minor"),
    ]
    assert [r["Default ALM/QC → Jira"] for r in pairs] == ["", "", "yes"]
    # Severity flows left to right only: no default column right to left.
    assert "Default Jira → ALM/QC" not in records[0]


def test_types_use_case_relationships_and_operations_are_filled(plan):
    wb = _workbook(plan)

    (types,) = _records(wb["Types"])
    assert (types["Left type"], types["Right type"], types["Direction"]) == (
        "Defect (defect)",
        "Bug (bug)",
        "both",
    )
    assert (types["System of record"], types["Scope"]) == ("ALM/QC", "Severity >= 2")
    answers = {r["Question"]: (r["Answer"], r["Details"]) for r in _records(wb["Use case"])}
    # The guidelines' own questions head the answers; too short to be an answer (the wizard's
    # test) reads as a visible blank, what was typed kept as a note, structured data in words.
    assert answers["What information needs to be shared?"] == (
        "(no answer yet)",
        "Written: “Defects”. Types: defect.",
    )
    assert answers[QUESTIONS_BY_KEY["who-creates"].title] == (
        "(no answer yet)",
        "Written: “+testers”.",
    )
    relationships = _records(wb["Relationships & existing items"])
    assert [r["Kind"] for r in relationships] == [
        "relationship rule",
        "data-model constraint: date window inside the parent",
        "data-model constraint: parent Epic (epic)",
        "existing-item matching",
    ]
    # Each constraint of the creating side with the rule that answers it, or none.
    assert [r["Rule or notes"] for r in relationships[1:3]] == [
        "no relationship rule answers it",
        "answered by the relationship rule: Epic DEV-1",
    ]
    operations = _records(wb["Operations"])
    purge = next(r for r in operations if r["Name"] == "Database purge")
    # The server runs on UTC: the register's CRON_TZ= line, and schtasks in the server's time.
    assert purge["cron"] == "CRON_TZ=Europe/Paris\n30 2 * * 0 purge --older-than 90d"
    assert "/SC WEEKLY /D SUN /ST 0" in purge["schtasks"]
    assert purge["schtasks"].endswith(" /F")
    cert = next(r for r in operations if r["Name"] == "Jira TLS certificate")
    assert (cert["Section"], cert["Expires on"]) == ("Certificates and credentials", "2027-03-01")
    sections = {r["Section"] for r in operations}
    assert {"Skills and owners", "Accounts", "Network paths", "Maintenance tasks",
            "Test environment", "Backups"} <= sections  # fmt: skip


def test_findings_of_the_current_revision_carry_their_acknowledgements(plan):
    Acknowledgement.objects.create(
        plan=plan, code="OPS-006", subject="plan", fingerprint="older", reason="Later",
        acknowledged_by="bob",
    )  # fmt: skip
    records = _records(_workbook(plan)["Findings"])

    assert [r["Code"] for r in records] == ["Status", "FLD-002", "OPS-006"]
    status, fld, ops = records
    assert status["Message"] == (
        f"0 errors, 1 warnings, 0 info (validated at revision {plan.revision})"
    )
    assert (fld["Acknowledged by"], fld["Reason"], fld["Acknowledgement"]) == (
        "alice", "Titles are short in practice", "current",
    )  # fmt: skip
    assert ops["Acknowledgement"] == "stale (subject changed)"
    assert ops["Message"] == "=no backup"
    # Named for people (display.subject_text), the raw path kept in its own column.
    assert fld["Subject path"] == "connections/alm-jira/types/defect->bug/fields/name->summary"
    assert fld["Subject"] == "ALM to Jira › Defect ↔ Bug › Summary (name) ↔ Summary (summary)"
    assert (ops["Subject"], ops["Subject path"]) == ("the plan", "plan")


def test_personal_data_can_be_left_out(plan):
    with_data = [r for r in _records(_workbook(plan)["Users"]) if r["Kind"] != "user map"]
    without = [
        r
        for r in _records(_workbook(plan, personal_data=False)["Users"])
        if r["Kind"] != "user map"
    ]

    assert with_data[0]["Left full name"] == "Alice Adams"
    assert with_data[0]["Left email"] == "alice@example.com"
    assert "Left email" not in without[0] and "Left full name" not in without[0]
    assert [r["Left user"] for r in without] == [r["Left user"] for r in with_data]
    workbook_bytes = export_xlsx(plan, ExportOptions(personal_data=False))
    for ws in openpyxl.load_workbook(io.BytesIO(workbook_bytes)).worksheets:
        for row in ws.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and "@example.com" in v for v in row)


def test_fields_and_enum_values_can_be_one_sheet_per_type_mapping(plan):
    wb = _workbook(plan, per_type_sheets=True)

    assert "Fields" not in wb.sheetnames
    assert "Fields 1" in wb.sheetnames and "Values 1" in wb.sheetnames
    assert len(_records(wb["Values 1"])) == 3
    # The Overview says which type mapping each short-named sheet holds.
    lookup = {r["Name"]: r["Value"] for r in _records(wb["Overview"]) if r["Section"] == "Sheet"}
    assert lookup == {
        "Fields 1": "field mappings of alm-jira: defect ↔ bug",
        "Values 1": "enum value pairs of alm-jira: defect ↔ bug",
    }


def test_the_csv_zip_has_one_neutralized_csv_per_sheet(plan):
    UseCaseAnswerFactory(connection=plan.connections.get(), question="q-evil",
                         text="@SUM(1) is what the testers typed")  # fmt: skip

    archive = zipfile.ZipFile(io.BytesIO(export_csv_zip(plan)))

    names = archive.namelist()
    assert len(names) == len(SHEETS) and names[0] == "01-overview.csv"
    text = archive.read("02-use-case.csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Connection", "Question", "Answer", "Details"]
    assert ["ALM to Jira (alm-jira)", "Q evil", "'@SUM(1) is what the testers typed", ""] in rows
    fields = list(csv.reader(io.StringIO(archive.read("09-fields.csv").decode("utf-8-sig"))))
    assert any("'=the title" in row for row in fields)
