"""The one home of the limits every upload path applies (issue 12, point 6).

Plan documents, schema-import documents (JSON, XML, CSV and XLSX templates), endpoint-user CSVs
and user-map CSVs are all read through this module, so a hostile file meets the same limits
wherever it is sent: a size in bytes, UTF-8 text without NUL or other control characters, JSON
nested at most ``MAX_DEPTH`` deep with integers of at most ``MAX_INT_DIGITS`` digits, CSV fields
of at most ``MAX_FIELD_CHARS`` characters, and spreadsheets read by their actual cells with caps
on rows, columns and cells whatever dimension the sheet declares.

Every refusal is an ``UploadRefused`` (a ``ValueError``) whose message names the document and,
where known, the line; callers turn it into their own form error or command error. Pure Python
apart from reading ``settings.UPLOAD_MAX_BYTES``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator

from django.conf import settings

MAX_DEPTH = 64  # no product response or plan document nests deeper than ~12
MAX_NODES = 5_000_000  # values in one parsed JSON document
MAX_INT_DIGITS = 30  # ids, positions and sizes; Python refuses to parse past 4,300 anyway
MAX_FIELD_CHARS = 10_000  # one CSV field (descriptions included); names are checked tighter
MAX_SHEET_ROWS = 100_000
MAX_SHEET_COLUMNS = 200
MAX_SHEET_CELLS = 1_000_000
# openpyxl loads the whole shared-strings table before the first row: cap its entries so a
# small table of tiny strings cannot become millions of Python objects.
MAX_SHARED_STRINGS = 500_000
XLSX_UNPACK_FACTOR = 5  # a workbook may unpack to this many times the upload limit

# Text may hold tabs and line breaks; other C0 controls (NUL first) break the database, the
# XML of an exported workbook, or both.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class UploadRefused(ValueError):
    """The upload breaks a limit; the message says which, for the person who sent it."""

    def __init__(self, message: str, *, document: str = "", line: int | None = None):
        self.reason = message
        self.document = document
        self.line = line
        where = ", ".join(p for p in (document, f"line {line}" if line else "") if p)
        super().__init__(f"{where}: {message}" if where else message)


DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_size(content: bytes, document: str = "") -> bytes:
    limit = max_bytes()
    if len(content) > limit:
        raise UploadRefused(
            f"the file is {len(content):,} bytes, over the limit of {limit:,} bytes",
            document=document,
        )
    if not content.strip():
        raise UploadRefused("the file is empty", document=document)
    return content


def read_upload(upload, document: str = "") -> bytes:
    """The bytes of an uploaded file (Django's UploadedFile or any binary file object), reading
    at most one byte past the limit."""
    return check_size(upload.read(max_bytes() + 1), document or getattr(upload, "name", ""))


def check_text(text: str, document: str = "", *, line: int | None = None) -> str:
    """``text`` unchanged, or UploadRefused when it holds NUL or another control character."""
    found = _CONTROL.search(text)
    if found:
        if line is None:
            line = text.count("\n", 0, found.start()) + 1
        raise UploadRefused(
            f"the text holds a control character (U+{ord(found.group()):04X}), which is refused",
            document=document,
            line=line,
        )
    return text


def decode(content: bytes, document: str = "") -> str:
    """UTF-8 text (a byte-order mark is dropped) within the size limit, without control
    characters."""
    check_size(content, document)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise UploadRefused(
            f"the file is not UTF-8 text (byte {exc.start:,})", document=document, line=line
        ) from exc
    return check_text(text, document)


def check_length(value: str, limit: int, what: str, *, document: str = "", line=None) -> str:
    if len(value) > limit:
        raise UploadRefused(
            f"{what} is {len(value):,} characters long, more than {limit:,}",
            document=document,
            line=line,
        )
    return value


# JSON -------------------------------------------------------------------------------------------


def _parse_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise UploadRefused(f"a number has {len(digits):,} digits, more than {MAX_INT_DIGITS}")
    return int(digits)


def _parse_float(text: str) -> float:
    if len(text) > MAX_INT_DIGITS + 20:
        raise UploadRefused(f"a number has {len(text):,} characters, more than {MAX_INT_DIGITS}")
    return float(text)


def _parse_constant(name: str):
    # NaN and Infinity are not JSON; Python accepts them by default.
    raise UploadRefused(f"{name} is not a JSON value")


def load_json(content: bytes, document: str = "", *, object_pairs_hook=None):
    """Parse JSON bytes within every limit: size, UTF-8, characters, digits, depth, values.
    ``object_pairs_hook`` as json.loads' (the plan document uses it to see repeated members)."""
    text = decode(content, document)
    try:
        data = json.loads(
            text,
            object_pairs_hook=object_pairs_hook,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_parse_constant,
        )
    except UploadRefused as refused:
        raise UploadRefused(refused.reason, document=document) from refused
    except json.JSONDecodeError as exc:
        raise UploadRefused(
            f"malformed JSON: {exc.msg} (column {exc.colno})", document=document, line=exc.lineno
        ) from exc
    except RecursionError as exc:
        raise UploadRefused(
            f"the JSON nests too deeply (at most {MAX_DEPTH} levels)", document=document
        ) from exc
    check_json_shape(data, document)
    return data


def check_json_shape(data, document: str = "") -> None:
    """Refuse parsed JSON nested deeper than MAX_DEPTH, with more than MAX_NODES values, or
    with a NUL in a key or text; iterative, so depth cannot exhaust the stack."""
    stack = [(data, 1)]
    nodes = 0
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise UploadRefused(
                f"the document holds more than {MAX_NODES:,} values", document=document
            )
        if depth > MAX_DEPTH:
            raise UploadRefused(
                f"the document nests too deeply (at most {MAX_DEPTH} levels)", document=document
            )
        if isinstance(value, dict):
            for key, item in value.items():
                _check_json_text(key, document)
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str):
            _check_json_text(value, document)


def _check_json_text(text: str, document: str) -> None:
    # Escaped as \u0000 in JSON, a NUL passes the byte check and reaches the database, which
    # refuses it. Other escaped controls are valid JSON that a product response may carry in a
    # description; the exports drop them (planner.exports.cells).
    if "\x00" in text:
        raise UploadRefused(
            f"a text holds a NUL character (U+0000), which is refused: {text[:40]!r}",
            document=document,
        )


# CSV --------------------------------------------------------------------------------------------


def csv_rows(text: str, document: str = "", *, dialect=csv.excel) -> Iterator[tuple[int, list]]:
    """(line number, cells) for each record of CSV ``text``; every field at most
    MAX_FIELD_CHARS characters. ``text`` comes from ``decode`` (no control characters)."""
    check_text(text, document)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    # The csv module's own cap is process-wide (131,072 by default); refuse before it.
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            message = f"malformed CSV: {exc}"
            if "field larger than field limit" in str(exc):
                message = f"a field is longer than {MAX_FIELD_CHARS:,} characters"
            raise UploadRefused(message, document=document, line=reader.line_num) from exc
        for cell in cells:
            check_length(cell, MAX_FIELD_CHARS, "a field", document=document, line=reader.line_num)
        yield reader.line_num, cells


# Spreadsheets -----------------------------------------------------------------------------------


def _shared_strings(archive: zipfile.ZipFile, chunk_size: int = 1 << 20) -> int:
    """How many entries the shared-strings table holds (counted in the raw XML, streamed in
    chunks, before openpyxl builds them)."""
    names = [n for n in archive.namelist() if n.lower().endswith("sharedstrings.xml")]
    count = 0
    for name in names:
        tail = b""
        with archive.open(name) as part:
            while chunk := part.read(chunk_size):
                data = tail + chunk
                # A tag split across two reads is counted once: the tail's own were counted.
                count += _string_tags(data) - _string_tags(tail)
                tail = data[-4:]
    return count


def _string_tags(data: bytes) -> int:
    return data.count(b"<si") + data.count(b":si>") + data.count(b":si ")


def xlsx_rows(content: bytes, document: str = "") -> list[list[str]]:
    """The first worksheet's rows as texts, read by the cells the file really holds: the
    dimension a sheet declares (``A1:XFD1048576`` makes openpyxl pad every row to 16,384 columns
    and 1,048,576 rows) is ignored, and rows, columns and cells are capped."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_size(content, document)
    buffer = io.BytesIO(content)
    try:
        with zipfile.ZipFile(buffer) as archive:
            # A small XLSX can unzip to gigabytes: judge the unpacked size, not the upload's.
            unpacked = sum(info.file_size for info in archive.infolist())
            too_large = unpacked > XLSX_UNPACK_FACTOR * max_bytes()
            strings = 0 if too_large else _shared_strings(archive)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UploadRefused(f"not a readable XLSX workbook: {exc}", document=document) from exc
    if too_large:
        raise UploadRefused(
            f"the workbook unpacks to {unpacked:,} bytes, too large", document=document
        )
    if strings > MAX_SHARED_STRINGS:
        raise UploadRefused(
            f"the workbook holds more than {MAX_SHARED_STRINGS:,} texts", document=document
        )
    rows: list[list[str]] = []
    cells = 0
    try:
        workbook = load_workbook(buffer, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()  # read the cells present, not the declared range
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > MAX_SHEET_ROWS:
                    raise UploadRefused(
                        f"the worksheet has more than {MAX_SHEET_ROWS:,} rows", document=document
                    )
                if len(values) > MAX_SHEET_COLUMNS:
                    raise UploadRefused(
                        f"row {number} reaches column {len(values):,}, more than "
                        f"{MAX_SHEET_COLUMNS}",
                        document=document,
                        line=number,
                    )
                cells += len(values)
                if cells > MAX_SHEET_CELLS:
                    raise UploadRefused(
                        f"the worksheet holds more than {MAX_SHEET_CELLS:,} cells",
                        document=document,
                    )
                row = ["" if v is None else str(v) for v in values]
                for text in row:
                    check_length(text, MAX_FIELD_CHARS, "a cell", document=document, line=number)
                    check_text(text, document, line=number)
                rows.append(row)
        finally:
            workbook.close()
    except UploadRefused:
        raise
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        OSError,
        KeyError,
        ValueError,
        TypeError,
        IndexError,
        AttributeError,
        ParseError,
        DefusedXmlException,
    ) as exc:
        raise UploadRefused(f"not a readable XLSX workbook: {exc}", document=document) from exc
    return rows
