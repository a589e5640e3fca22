"""The filled planning worksheet as an XLSX workbook (openpyxl, write-only so an enterprise-size
plan streams to disk instead of building every cell in memory).

Every sheet gets a styled, frozen header row tall enough for its wrapped titles, a filter over
its columns, column widths fitted to the content, wrapping data cells, a page setup that prints
landscape, fit to the page width, with the header row repeated, and, on columns a person fills
in (directions), a list validation offering the direction vocabulary.
"""

from __future__ import annotations

import io
import itertools
import math

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties

from planner.exports.cells import plain_value
from planner.exports.sheets import ExportOptions, Sheet, build_sheets, gather

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2457C5")
HEADER_ALIGNMENT = Alignment(vertical="top", wrap_text=True)
DATA_ALIGNMENT = Alignment(vertical="top", wrap_text=True)
# Widths are fitted on the first rows (the sheet streams, widths go before the rows); a longer
# text wraps inside the widest column instead of being cut.
MEASURED_ROWS = 200
MAX_WIDTH = 60
LINE_HEIGHT = 15  # points per line of the 11 pt default font


def write_workbook(sheets: list[Sheet], out, progress=None) -> None:
    """Write ``sheets`` as an XLSX workbook to the binary file ``out``."""
    workbook = Workbook(write_only=True)
    for number, sheet in enumerate(sheets):
        _write_sheet(workbook.create_sheet(sheet.title), sheet)
        if progress:
            progress(number + 1, len(sheets), sheet.title)
    workbook.save(out)


def _text_width(value) -> int:
    if value is None:
        return 0
    return max((len(line) for line in str(value).split("\n")), default=0)


def fitted_widths(sheet: Sheet, rows: list[list]) -> list[int]:
    """Each column as wide as its longest line (header words included), at least its declared
    width's floor of 8 and at most ``MAX_WIDTH``; texts beyond that wrap."""
    widths = []
    for index, column in enumerate(sheet.columns):
        longest_word = max((len(w) for w in column.title.split()), default=0)
        content = max((_text_width(row[index]) for row in rows if index < len(row)), default=0)
        widths.append(min(MAX_WIDTH, max(8, longest_word, content) + 2))
    return widths


def _header_lines(title: str, width: int) -> int:
    """Lines a wrapped title takes in a column ``width`` characters wide (words stay whole)."""
    lines, used = 1, 0
    for word in title.split():
        if used and used + 1 + len(word) > width - 1:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
    return lines


def _row_lines(row: list, widths: list[int]) -> int:
    """Lines the tallest wrapped cell of ``row`` takes. LibreOffice keeps a written row height
    and does not grow a row to its wrapped text, so every row says its height."""
    lines = 1
    for value, width in zip(row, widths, strict=False):
        if type(value) is not str or (len(value) < width - 1 and "\n" not in value):
            continue  # the common case: one line, no word splitting needed
        lines = max(lines, sum(_wrapped_lines(part, width) for part in value.split("\n")))
    return lines


def _wrapped_lines(text: str, width: int) -> int:
    """Lines ``text`` takes wrapped at ``width`` characters; a word longer than a line (a
    content hash, a URL) is broken across lines, as the spreadsheet programs do."""
    room = max(1, width - 1)
    lines, used = 1, 0
    for word in text.split():
        if len(word) > room:
            if used:
                lines += 1
            lines += (len(word) - 1) // room
            used = len(word) % room or room
        elif used and used + 1 + len(word) > room:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
    return lines


def _page_setup(ws) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"


def _styled(ws, alignment) -> StyleArray:
    """The style of a cell with ``alignment``, to stamp on each cell (setting ``alignment`` per
    cell looks the style up every time, which more than doubled the time of a large sheet)."""
    template = WriteOnlyCell(ws)
    template.alignment = alignment
    return template._style


def _string_cell(ws, value, style: StyleArray):
    if value is None:
        return None  # an empty cell: nothing to wrap
    cell = Cell(ws, row=1, column=1, value=value, style_array=style)
    if type(value) is str:
        cell.data_type = "s"  # a text starting with = stays a text: inert, no apostrophe needed
    return cell


def _write_sheet(ws, sheet: Sheet) -> None:
    rows = iter(sheet.rows)
    head = [[plain_value(v) for v in row] for row in itertools.islice(rows, MEASURED_ROWS)]
    widths = fitted_widths(sheet, head)
    ws.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    lines = max(
        (_header_lines(c.title, w) for c, w in zip(sheet.columns, widths, strict=True)), default=1
    )
    ws.row_dimensions[1].height = math.ceil(lines * LINE_HEIGHT)
    _page_setup(ws)
    header_style, data_style = _styled(ws, HEADER_ALIGNMENT), _styled(ws, DATA_ALIGNMENT)
    header = []
    for column in sheet.columns:
        cell = _string_cell(ws, plain_value(column.title), header_style)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header.append(cell)
    ws.append(header)
    count = 1
    for row in itertools.chain(head, ([plain_value(v) for v in row] for row in rows)):
        lines = _row_lines(row, widths)
        if lines > 1:
            ws.row_dimensions[count + 1].height = lines * LINE_HEIGHT
        ws.append([_string_cell(ws, value, data_style) for value in row])
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
