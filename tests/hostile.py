"""Hostile files for the upload paths (issue 12, point 6): built here so every test feeds the
same bytes to every path."""

from __future__ import annotations

import functools
import io
import re
import zipfile

from openpyxl import Workbook

WHOLE_SHEET = b'<dimension ref="A1:XFD1048576"/>'


def xlsx(rows, *, dimension: bytes | None = None, far_cell: str | None = None) -> bytes:
    """An XLSX workbook of ``rows``; ``dimension`` replaces the sheet's declared range (the file
    stays small, the declaration says 17 billion cells); ``far_cell`` writes one cell far away."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    if far_cell:
        sheet[far_cell] = "far"
    buffer = io.BytesIO()
    workbook.save(buffer)
    if dimension is None:
        return buffer.getvalue()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb"<dimension ref=\"[^\"]*\"/>", dimension, data)
            target.writestr(info, data)
    return out.getvalue()


@functools.cache
def template_xlsx_declaring_whole_sheet(rows: int = 5000) -> bytes:
    """A valid schema template of ``rows`` fields (about 92 KB for 5,000) whose sheet declares
    the dimension A1:XFD1048576."""
    body = [("type", "key", "label", "data_type")]
    body += [("defect", f"field{i}", f"Field {i}", "string") for i in range(rows)]
    return xlsx(body, dimension=WHOLE_SHEET)


@functools.cache
def hostile_files() -> dict[str, bytes]:
    """Name -> content; none of them is acceptable to any upload path."""
    return {
        "xlsx-declaring-whole-sheet": xlsx(
            [("not", "a", "template")] * 2000, dimension=WHOLE_SHEET
        ),
        "xlsx-cell-at-XFD1048576": xlsx([("username", "full_name")], far_cell="XFD1048576"),
        "json-nested-100000-deep": b"[" * 100_000 + b"]" * 100_000,
        "json-integer-100000-digits": b'{"format": "syncplan/1", "n": ' + b"9" * 100_000 + b"}",
        "json-nul-in-text": b'{"format": "syncplan/1",\n"name": "a\\u0000b"}',
        "csv-300-char-username": b"username,full_name\n" + b"u" * 300 + b",Some Body\n",
        "csv-5000-char-full-name": b"username,full_name\nbob," + b"n" * 5000 + b"\n",
        "csv-200000-char-field": b"username,full_name\nbob," + b"x" * 200_000 + b"\n",
        "csv-nul-byte": b"username,full_name\nbob\x00,Bob\n",
        "csv-not-utf8": b"username,full_name\n\xff\xfebob,Bob\n",
    }
