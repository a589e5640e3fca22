"""The worksheet as CSV: one CSV file per sheet, in one zip. Same sheets and the same cell
safety as the XLSX workbook; UTF-8 with a byte-order mark so spreadsheet programs read accents."""

from __future__ import annotations

import csv
import io
import time
import zipfile

from planner.exports.cells import safe_value
from planner.exports.sheets import ExportOptions, Sheet, build_sheets, gather


def _file_name(number: int, title: str) -> str:
    slug = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in title.lower()).strip("-")
    return f"{number:02d}-{slug}.csv"


def write_zip(sheets: list[Sheet], out, progress=None) -> None:
    stamp = time.localtime()[:6]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, sheet in enumerate(sheets, start=1):
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\r\n")
            writer.writerow([safe_value(c.title) for c in sheet.columns])
            for row in sheet.rows:
                writer.writerow([safe_value(value) for value in row])
            member = zipfile.ZipInfo(_file_name(number, sheet.title), date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16  # an ordinary file; writestr's default is 0o600
            archive.writestr(member, "\ufeff" + text.getvalue())
            if progress:
                progress(number, len(sheets), sheet.title)


def export_csv_zip(plan, options: ExportOptions | None = None, progress=None) -> bytes:
    options = options or ExportOptions()
    buffer = io.BytesIO()
    write_zip(build_sheets(gather(plan), options), buffer, progress)
    return buffer.getvalue()
