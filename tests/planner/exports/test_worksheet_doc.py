"""docs/worksheet.md says which sheet and column holds each item; the demo's workbook must agree."""

import io
import re
from pathlib import Path

import openpyxl
import pytest

from planner.demo import load_demo_plan
from planner.exports.worksheet import export_xlsx

DOC = Path(__file__).resolve().parents[3] / "docs" / "worksheet.md"
NOT_YET = "—"
# Issue 15, point 2: the items the seed asks a worksheet to capture; each must have a row.
POINT_2_ITEMS = [
    "Projects and project pairs", "The connection's name", "user representation",
    "impersonation", "enforces the workflow", "override the workflow",
    "workflow states and transitions", "integration account", "Field facts: required",
    "editable on create only", "read-only", "system-generated", "set by the sync tool",
    "product default", "multi-valued", "relationship target types", "unsupported type",
    "max length", "Required fields of a creating side that are not mapped",
    "Data-model constraints", "have no pair", "Enum default, left to right",
    "Enum default, right to left", "Users: user map", "no user map",
    "Use-case questions in the guidelines' order", "Structured answers written as sentences",
    "Label together with the key",
]  # fmt: skip


def doc_rows(marker: str = "worksheet-map") -> list[dict]:
    text = DOC.read_text(encoding="utf-8")
    table = text.split(f"<!-- {marker}")[1].split(f"<!-- /{marker} -->")[0]
    lines = [line for line in table.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = []
    for line in lines[2:]:  # after the header and its |---| line
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


def test_the_doc_has_a_row_for_every_item_of_point_2():
    items = " ".join(row["Item"] for row in doc_rows())

    assert [item for item in POINT_2_ITEMS if item not in items] == []


def test_rows_not_in_the_worksheet_say_so():
    for row in doc_rows():
        if row["Sheet"] == NOT_YET:
            assert row["Column"].startswith("not in the worksheet yet"), row
        else:
            assert row["Demo"] in ("filled", "empty in the demo"), row


def _demo_columns() -> dict[str, dict[str, list]]:
    """{sheet: {column: its non-empty values}} of the demo plan's XLSX."""
    plan = load_demo_plan().plan
    workbook = openpyxl.load_workbook(io.BytesIO(export_xlsx(plan)))
    columns = {}
    for ws in workbook.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        columns[ws.title] = {
            title: [row[i] for row in rows[1:] if row[i] not in (None, "")]
            for i, title in enumerate(rows[0])
        }
    return columns


@pytest.mark.django_db
def test_every_question_of_connects_checklist_is_answered_by_a_filled_demo_column():
    """docs/worksheet.md lists Connect's planning checklist (and the guidelines' questions
    where the page could not be read); each answer must be in the demo's XLSX."""
    columns = _demo_columns()
    listed = doc_rows("checklist-map")

    assert {row["Source"] for row in listed} == {"checklist", "guidelines"}
    assert len([r for r in listed if r["Source"] == "checklist"]) >= 4
    empty = [
        (row["Question"], row["Sheet"], row["Column"])
        for row in listed
        if not columns.get(row["Sheet"], {}).get(row["Column"])
    ]
    assert empty == []


@pytest.mark.django_db
def test_every_sheet_and_column_the_doc_names_is_in_the_demo_workbook():
    columns = _demo_columns()

    named = [row for row in doc_rows() if row["Sheet"] != NOT_YET]
    assert named
    for row in named:
        column = re.sub(r"^`|`$", "", row["Column"])
        assert row["Sheet"] in columns, row
        assert column in columns[row["Sheet"]], row
        values = columns[row["Sheet"]][column]
        if row["Demo"] == "filled":
            assert values, f"{row['Sheet']} › {column} is empty in the demo workbook"


def test_every_item_of_point_2_is_in_the_worksheet():
    waiting = [
        item
        for item in POINT_2_ITEMS
        if all(row["Sheet"] == NOT_YET for row in doc_rows() if item in row["Item"])
    ]

    assert waiting == []
