"""How the workbook reads and prints: wrapped, fitted cells, page setup, typed strings, order of
findings, approvals with the hash they approved, and exports without personal data."""

import csv
import io
import math
import zipfile

import openpyxl
import pytest

from core.changes import record_change
from planner.exports.csvzip import export_csv_zip
from planner.exports.sheets import ExportOptions
from planner.exports.worksheet import LINE_HEIGHT, MAX_WIDTH, export_xlsx
from planner.models import Acknowledgement, Approval, Finding, SignOffRole
from planner.review.content import current_hash
from planner.review.signoff import freeze_version
from tests.factories import OperationsItemFactory, UseCaseAnswerFactory, UserFactory
from tests.planner.document.plans import full_plan

pytestmark = pytest.mark.django_db

LONG_MESSAGE = "The field is required on the creating side but nothing maps or sets it " * 3


def _workbook(plan, **options):
    return openpyxl.load_workbook(io.BytesIO(export_xlsx(plan, ExportOptions(**options))))


def _records(ws):
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], ["" if v is None else v for v in r], strict=True)) for r in rows[1:]]


def _finding(plan, code, severity, message="m"):
    return Finding.objects.create(
        plan=plan, plan_revision=plan.revision, code=code, severity=severity, subject="plan",
        fingerprint=code, message=message, fix="Map the field or give it a calculated value",
    )  # fmt: skip


@pytest.fixture
def plan():
    return full_plan()


def test_data_cells_wrap_and_columns_fit_their_content(plan):
    _finding(plan, "FLD-001", "error", LONG_MESSAGE)
    ws = _workbook(plan)["Findings"]

    header = [c.value for c in ws[1]]
    message = openpyxl.utils.get_column_letter(header.index("Message") + 1)
    code = openpyxl.utils.get_column_letter(header.index("Code") + 1)
    # The long text gets the widest column and wraps in it; a short column stays narrow.
    assert ws.column_dimensions[message].width == MAX_WIDTH
    assert ws.column_dimensions[code].width < 15
    for row in ws.iter_rows(min_row=2):
        assert all(cell.alignment.wrap_text for cell in row if cell.value is not None)
    fix = openpyxl.utils.get_column_letter(header.index("Fix") + 1)
    assert ws.column_dimensions[fix].width >= len("Map the field or give it a calculated value")


def test_header_rows_are_tall_enough_for_their_wrapped_titles(plan):
    for ws in _workbook(plan).worksheets:
        height = ws.row_dimensions[1].height
        for cell in ws[1]:
            width = ws.column_dimensions[cell.column_letter].width
            assert cell.alignment.wrap_text
            # at least the lines the title needs when wrapped at the column width
            assert height >= math.ceil(len(cell.value) / width) * LINE_HEIGHT, cell.value


def test_data_rows_are_tall_enough_for_their_wrapped_text(plan):
    """LibreOffice keeps a row's written height, so a wrapped cell would overlap the next row."""
    long_text = "A long answer that wraps over several lines in its column. " * 8
    UseCaseAnswerFactory(connection=plan.connections.first(), question="information",
                         text=long_text)  # fmt: skip
    checked = 0
    for ws in _workbook(plan).worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                width = ws.column_dimensions[cell.column_letter].width
                needed = math.ceil(len(cell.value) / width)
                if needed > 1:
                    height = ws.row_dimensions[cell.row].height
                    assert height and height >= needed * LINE_HEIGHT * 0.8, (ws.title, cell.value)
                    checked += 1
    assert checked, "some cell wraps"


def test_every_sheet_prints_landscape_fit_to_width_with_the_header_repeated(plan):
    for ws in _workbook(plan).worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"


def test_strings_are_string_cells_without_an_apostrophe_and_the_csv_keeps_its_guard(plan):
    UseCaseAnswerFactory(
        connection=plan.connections.get(), question="q-none", text="-- None -- is the empty choice"
    )
    ws = _workbook(plan)["Use case"]

    cell = next(c for r in ws.iter_rows(min_row=2) for c in r if c.value and "None" in c.value)
    assert cell.value == "-- None -- is the empty choice" and cell.data_type == "s"
    archive = zipfile.ZipFile(io.BytesIO(export_csv_zip(plan)))
    rows = list(csv.reader(io.StringIO(archive.read("02-use-case.csv").decode("utf-8-sig"))))
    assert ["ALM to Jira (alm-jira)", "Q none", "'-- None -- is the empty choice", ""] in rows


def test_findings_are_sorted_by_severity_then_code(plan):
    for code, severity in [("USR-001", "info"), ("FLD-009", "warning"), ("ENM-001", "error"),
                           ("ABC-001", "info"), ("FLD-001", "error")]:  # fmt: skip
        _finding(plan, code, severity)

    records = _records(_workbook(plan)["Findings"])[1:]  # after the status row

    assert [(r["Severity"], r["Code"]) for r in records] == [
        ("error", "ENM-001"), ("error", "FLD-001"), ("warning", "FLD-009"),
        ("info", "ABC-001"), ("info", "USR-001"),
    ]  # fmt: skip


def test_csv_zip_members_are_ordinary_files(plan):
    archive = zipfile.ZipFile(io.BytesIO(export_csv_zip(plan)))

    assert {(info.external_attr >> 16) & 0o777 for info in archive.infolist()} == {0o644}


def test_no_empty_per_type_value_sheets(plan):
    for fm in plan.connections.get().type_mappings.get().field_mappings.all():
        fm.enum_pairs.all().delete()

    names = _workbook(plan, per_type_sheets=True).sheetnames

    assert "Fields 1" in names and not any(n.startswith("Values") for n in names)


def test_an_approval_turns_stale_after_an_edit_with_its_version_and_hash(plan):
    alice = UserFactory(username="alice.admin")
    role = SignOffRole.objects.create(plan=plan, title="ALM product owner", holder=alice)
    version = freeze_version(plan, by=alice)
    approved = current_hash(plan)
    Approval.objects.create(sign_off_role=role, plan_version=version, decision="approve",
                            content_sha256=approved, decided_by=alice)  # fmt: skip

    def overview():
        return _records(_workbook(plan)["Overview"])

    before = overview()
    (approval,) = [r for r in before if r["Section"] == "Approval"]
    assert approval["Value"].startswith(f"approved version {version.number} on ")
    assert f"content SHA-256 {approved} (current" in approval["Detail"]
    assert next(r for r in before if r["Section"] == "Sign-off")["Detail"].startswith("approved on")

    UseCaseAnswerFactory(connection=plan.connections.get(), question="q-late", text="Added later")
    record_change(plan, None, "use_case_answer.create", "plan")
    after = overview()

    (approval,) = [r for r in after if r["Section"] == "Approval"]
    assert f"content SHA-256 {approved} (stale" in approval["Detail"]
    assert current_hash(plan) != approved
    assert next(r for r in after if r["Name"] == "Content SHA-256")["Value"] == current_hash(plan)
    assert next(r for r in after if r["Section"] == "Sign-off")["Detail"] == "pending"


def test_without_personal_data_no_identifier_is_left_in_any_sheet_or_csv(plan):
    holder = UserFactory(username="olivia@example.org")
    SignOffRole.objects.create(plan=plan, title="Sync administrator", holder=holder)
    _finding(plan, "OPS-001", "warning", "Ask olivia@example.org about the proxy")
    Acknowledgement.objects.create(plan=plan, code="OPS-001", subject="plan", fingerprint="OPS-001",
                                   reason="Known", acknowledged_by="quentin")  # fmt: skip
    OperationsItemFactory(sync_server=plan.sync_server, kind="skill", key="net", name="Network",
                          owner="nina@example.net", skill_area="networking")  # fmt: skip
    OperationsItemFactory(sync_server=plan.sync_server, kind="certificate", key="tls",
                          name="TLS", owner="Nina Novak")  # fmt: skip
    identifiers = ("@example.", "quentin", "Alice Adams", "Nina Novak")

    texts = []
    for ws in _workbook(plan, personal_data=False).worksheets:
        texts += [v for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    archive = zipfile.ZipFile(io.BytesIO(export_csv_zip(plan, ExportOptions(personal_data=False))))
    texts += [archive.read(name).decode("utf-8-sig") for name in archive.namelist()]

    assert texts
    for text in texts:
        assert not any(i in text for i in identifiers), text
    # With personal data they are there: the check above can fail.
    with_data = export_csv_zip(plan)
    archive = zipfile.ZipFile(io.BytesIO(with_data))
    everything = "".join(archive.read(n).decode("utf-8-sig") for n in archive.namelist())
    assert [i for i in identifiers if i not in everything] == []
