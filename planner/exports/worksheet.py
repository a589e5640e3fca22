"""The filled planning worksheet as an XLSX workbook (openpyxl, write-only so an enterprise-size
plan streams to disk instead of building every cell in memory).

Every sheet gets a styled, frozen header row, a filter over its columns, set column widths and,
on direction columns, a list validation offering the direction vocabulary.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from planner.exports.cells import safe_value
from planner.exports.sheets import ExportOptions, Sheet, build_sheets, gather

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2457C5")
HEADER_ALIGNMENT = Alignment(vertical="top", wrap_text=True)


def write_workbook(sheets: list[Sheet], out, progress=None) -> None:
    """Write ``sheets`` as an XLSX workbook to the binary file ``out``."""
    workbook = Workbook(write_only=True)
    for number, sheet in enumerate(sheets):
        _write_sheet(workbook.create_sheet(sheet.title), sheet)
        if progress:
            progress(number + 1, len(sheets), sheet.title)
    workbook.save(out)


def _write_sheet(ws, sheet: Sheet) -> None:
    ws.freeze_panes = "A2"
    for index, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, value=safe_value(column.title))
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
        header.append(cell)
    ws.append(header)
    count = 1
    for row in sheet.rows:
        ws.append([safe_value(value) for value in row])
        count += 1
    last_column = get_column_letter(len(sheet.columns))
    ws.auto_filter.ref = f"A1:{last_column}{max(count, 2)}"
    for index, column in enumerate(sheet.columns, start=1):
        if column.choices:
            letter = get_column_letter(index)
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(column.choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Direction",
                error="Choose " + ", ".join(column.choices),
            )
            validation.add(f"{letter}2:{letter}{max(count, 2)}")
            ws.data_validations.append(validation)  # write-only sheets lack the helper


def export_xlsx(plan, options: ExportOptions | None = None, progress=None) -> bytes:
    """The plan's worksheet as XLSX bytes."""
    options = options or ExportOptions()
    buffer = io.BytesIO()
    write_workbook(build_sheets(gather(plan), options), buffer, progress)
    return buffer.getvalue()
