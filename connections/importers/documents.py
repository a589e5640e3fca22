"""Reading uploaded documents safely: size limit, encoding, JSON / XML / CSV / XLSX parsing with
line numbers in the messages, nesting and entity limits, and typed access to parsed values.

Every failure is a ``SchemaImportError``; nothing below catches a bare ``Exception``.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as xml_fromstring
from django.conf import settings

from .schema import SchemaImportError

MAX_DEPTH = 64  # no product response nests deeper than ~10
MAX_NODES = 5_000_000  # values in one parsed document


def upload_limit() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 20 * 1024 * 1024))


@dataclass(frozen=True)
class ImportDocument:
    """One uploaded or pasted document: its name (file name or "pasted text") and raw bytes."""

    name: str
    content: bytes


def check_size(document: ImportDocument) -> None:
    limit = upload_limit()
    if not document.content.strip():
        raise SchemaImportError("the document is empty", document=document.name)
    if len(document.content) > limit:
        raise SchemaImportError(
            f"the document is {len(document.content):,} bytes, over the limit of {limit:,} bytes",
            document=document.name,
        )


def decode(document: ImportDocument) -> str:
    check_size(document)
    try:
        return document.content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = document.content[: exc.start].count(b"\n") + 1
        raise SchemaImportError(
            f"the document is not UTF-8 text (byte {exc.start})", document=document.name, line=line
        ) from exc


def looks_like_json(document: ImportDocument) -> bool:
    return document.content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def looks_like_xml(document: ImportDocument) -> bool:
    return document.content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"


def looks_like_xlsx(document: ImportDocument) -> bool:
    return document.content[:4] == b"PK\x03\x04"


def load_json(document: ImportDocument):
    source = decode(document)
    try:
        data = json.loads(source)
    except json.JSONDecodeError as exc:
        raise SchemaImportError(
            f"malformed JSON: {exc.msg} (column {exc.colno})",
            document=document.name,
            line=exc.lineno,
        ) from exc
    except RecursionError as exc:
        raise SchemaImportError(
            f"the JSON nests too deeply (at most {MAX_DEPTH} levels)", document=document.name
        ) from exc
    except ValueError as exc:  # e.g. an integer with more digits than Python parses
        raise SchemaImportError(f"malformed JSON: {exc}", document=document.name) from exc
    _check_shape(data, document.name)
    return data


def _check_shape(data, name: str) -> None:
    """Refuse documents nested deeper than MAX_DEPTH or with more than MAX_NODES values, without
    recursion (a deep document must not exhaust the stack here either)."""
    stack = [(data, 1)]
    nodes = 0
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise SchemaImportError(
                f"the document holds more than {MAX_NODES:,} values", document=name
            )
        if depth > MAX_DEPTH:
            raise SchemaImportError(
                f"the document nests too deeply (at most {MAX_DEPTH} levels)", document=name
            )
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def load_xml(document: ImportDocument) -> Element:
    source = decode(document)
    try:
        root = xml_fromstring(source, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise SchemaImportError(
            "the XML declares a DTD or entities, which are refused (entity expansion and external "
            f"references are a known attack): {type(exc).__name__}",
            document=document.name,
        ) from exc
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise SchemaImportError(f"malformed XML: {exc}", document=document.name, line=line) from exc
    except RecursionError as exc:
        raise SchemaImportError("the XML nests too deeply", document=document.name) from exc
    stack = [(root, 1)]
    nodes = 0
    while stack:
        element, depth = stack.pop()
        nodes += 1
        if depth > MAX_DEPTH or nodes > MAX_NODES:
            raise SchemaImportError(
                f"the XML nests too deeply or holds too many elements (at most {MAX_DEPTH} levels)",
                document=document.name,
            )
        stack.extend((child, depth + 1) for child in element)
    return root


def load_csv(document: ImportDocument) -> list[dict[str, str]]:
    """Rows of a CSV with a header line, keys lower-cased; ``__line__`` holds each row's line."""
    source = decode(document)
    try:
        dialect = csv.Sniffer().sniff(source[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(source, newline=""), dialect)
    rows = []
    try:
        header = next(reader, None)
        if not header:
            raise SchemaImportError("the CSV has no header line", document=document.name, line=1)
        names = [h.strip().lower() for h in header]
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            row = {name: cell.strip() for name, cell in zip(names, cells, strict=False)}
            row["__line__"] = str(reader.line_num)
            rows.append(row)
    except csv.Error as exc:
        raise SchemaImportError(
            f"malformed CSV: {exc}", document=document.name, line=reader.line_num
        ) from exc
    return rows


def load_xlsx(document: ImportDocument) -> list[dict[str, str]]:
    """Rows of the first worksheet (header in row 1), as ``load_csv`` gives them."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_size(document)
    buffer = io.BytesIO(document.content)
    try:
        with zipfile.ZipFile(buffer) as archive:
            # A small XLSX can unzip to gigabytes: judge the unpacked size, not the upload's.
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SchemaImportError(
            f"not a readable XLSX workbook: {exc}", document=document.name
        ) from exc
    if unpacked > 5 * upload_limit():
        raise SchemaImportError(
            f"the workbook unpacks to {unpacked:,} bytes, too large", document=document.name
        )
    try:
        workbook = load_workbook(buffer, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        raw_rows = list(sheet.iter_rows(values_only=True))
        workbook.close()
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
        raise SchemaImportError(
            f"not a readable XLSX workbook: {exc}", document=document.name
        ) from exc
    if not raw_rows or not raw_rows[0]:
        raise SchemaImportError("the worksheet has no header row", document=document.name, line=1)
    names = [str(h).strip().lower() if h is not None else "" for h in raw_rows[0]]
    rows = []
    for number, cells in enumerate(raw_rows[1:], start=2):
        values = ["" if c is None else str(c).strip() for c in cells]
        if not any(values):
            continue
        row = dict(zip(names, values, strict=False))
        row["__line__"] = str(number)
        rows.append(row)
    return rows


# Typed access to parsed JSON: each accessor names the key path when the value has the wrong
# shape, so a mutated document fails with a clear message instead of a TypeError.


class Reader:
    def __init__(self, document: str):
        self.document = document

    def fail(self, message: str, path: str = ""):
        raise SchemaImportError(message, document=self.document, key=path)

    def obj(self, value, path: str) -> dict:
        if not isinstance(value, dict):
            self.fail(f"expected an object, got {_kind(value)}", path)
        return value

    def items(self, value, path: str) -> list:
        if not isinstance(value, list):
            self.fail(f"expected a list, got {_kind(value)}", path)
        return value

    def objects(self, value, path: str) -> list[dict]:
        return [self.obj(v, f"{path}[{i}]") for i, v in enumerate(self.items(value, path))]

    def key(self, data: dict, name: str, path: str) -> str:
        """A required identifier (text or number)."""
        value = data.get(name)
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.fail(f"missing or not text: {name!r} (got {_kind(value)})", f"{path}.{name}")
        value = str(value).strip()
        if not value:
            self.fail(f"{name!r} is empty", f"{path}.{name}")
        return value

    def text(self, data: dict, name: str, path: str, default: str = "") -> str:
        value = data.get(name, default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(f"expected text, got {_kind(value)}", f"{path}.{name}")
        return str(value)

    def flag(self, data: dict, name: str, path: str, default: bool = False) -> bool:
        """A boolean, also as the text "true"/"false" (ServiceNow, ALM) or 0/1."""
        value = data.get(name, default)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in TRUTHY | FALSY:
            return value.strip().lower() in TRUTHY
        self.fail(f"expected true or false, got {value!r:.40}", f"{path}.{name}")

    def number(self, data: dict, name: str, path: str) -> int | None:
        value = data.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.fail("expected a number, got a boolean", f"{path}.{name}")
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            digits = value.strip().removeprefix("-")
            # ASCII only: str.isdigit() also accepts "²", which int() refuses.
            if digits.isascii() and digits.isdigit() and len(digits) < 19:
                return int(value)
        self.fail(f"expected a whole number, got {value!r:.40}", f"{path}.{name}")


TRUTHY = frozenset({"true", "yes", "y", "1", "x"})
FALSY = frozenset({"false", "no", "n", "0"})


def _kind(value) -> str:
    if value is None:
        return "nothing"
    return {dict: "an object", list: "a list", str: "text", bool: "a boolean"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__
    )
