"""Reading uploaded documents safely: JSON / XML / CSV / XLSX parsing with line numbers in the
messages, under the limits of ``core.uploads``, and typed access to parsed values.

Every failure is a ``SchemaImportError``; nothing below catches a bare ``Exception``.
"""

from __future__ import annotations

import csv
from contextlib import contextmanager
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as xml_fromstring

from core import uploads

from .schema import SchemaImportError

MAX_DEPTH = uploads.MAX_DEPTH


def upload_limit() -> int:
    return uploads.max_bytes()


@dataclass(frozen=True)
class ImportDocument:
    """One uploaded or pasted document: its name (file name or "pasted text") and raw bytes."""

    name: str
    content: bytes


@contextmanager
def _refusals(document: ImportDocument):
    """The upload limits (core.uploads) refuse in the importers' own terms."""
    try:
        yield
    except uploads.UploadRefused as refused:
        raise SchemaImportError(
            refused.reason, document=document.name, line=refused.line
        ) from refused


def check_size(document: ImportDocument) -> None:
    with _refusals(document):
        uploads.check_size(document.content, document.name)


def decode(document: ImportDocument) -> str:
    with _refusals(document):
        return uploads.decode(document.content, document.name)


def looks_like_json(document: ImportDocument) -> bool:
    return document.content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def looks_like_xml(document: ImportDocument) -> bool:
    return document.content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"


def looks_like_xlsx(document: ImportDocument) -> bool:
    return document.content[:4] == b"PK\x03\x04"


def load_json(document: ImportDocument):
    with _refusals(document):
        return uploads.load_json(document.content, document.name)


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
        if depth > uploads.MAX_DEPTH or nodes > uploads.MAX_NODES:
            raise SchemaImportError(
                "the XML nests too deeply or holds too many elements (at most "
                f"{uploads.MAX_DEPTH} levels)",
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
    with _refusals(document):
        return _rows(uploads.csv_rows(source, document.name, dialect=dialect), document)


def load_xlsx(document: ImportDocument) -> list[dict[str, str]]:
    """Rows of the first worksheet (header in row 1), as ``load_csv`` gives them."""
    with _refusals(document):
        raw_rows = uploads.xlsx_rows(document.content, document.name)
    return _rows(enumerate(raw_rows, start=1), document)


def _rows(records, document: ImportDocument) -> list[dict[str, str]]:
    """Records (line, cells) with a header first as dicts; blank records are skipped."""
    records = iter(records)
    first = next(records, None)
    if first is None or not any(str(c).strip() for c in first[1]):
        raise SchemaImportError("the document has no header line", document=document.name, line=1)
    names = [str(h).strip().lower() for h in first[1]]
    rows = []
    for line, cells in records:
        values = [str(c).strip() for c in cells]
        if not any(values):
            continue
        row = dict(zip(names, values, strict=False))
        row["__line__"] = str(line)
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
