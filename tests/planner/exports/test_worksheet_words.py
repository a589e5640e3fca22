"""Everywhere the label together with the key, and human words in place of codes (issue 15,
point 2): every cell of the demo plan's workbook, of its CSV zip and of its print view is
scanned for internal codes and for a type or field key shown without its label."""

import csv
import io
import re
import zipfile
from html.parser import HTMLParser

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from planner.demo import DEMO_OWNER, load_demo_plan
from planner.document.snapshot import build_snapshot
from planner.exports.csvzip import export_csv_zip
from planner.exports.worksheet import export_xlsx

# Stored codes a reader must never meet: conflict policies, match strategies, sides,
# directions, decisions, user representations, data types, calculated-value kinds, relationship
# resolutions, operating systems.
CODES_WITH_UNDERSCORE = {
    "left_wins", "right_wins", "latest_wins", "by_name", "by_email", "by_username",
    "by_dates", "request_changes", "full_name", "account_id", "rich_text", "multi_enum",
    "multi_user", "multi_relationship", "tree_path",
}  # fmt: skip
# Plain words that are codes only as a whole cell ("left" alone, not "left unmapped").
CODES_AS_A_CELL = {
    "left", "right", "l2r", "r2l", "approve", "stop", "explicit", "lookup", "fixed",
    "calculated", "constant", "expression", "linux", "windows", "username", "email", "string",
    "enum", "user", "relationship", "integer", "datetime",
} | CODES_WITH_UNDERSCORE  # fmt: skip
# Columns that are codes on purpose (docs/worksheet.md): a finding's code and raw subject path.
RAW_COLUMNS = {("Findings", "Code"), ("Findings", "Subject path")}
# Prose people typed (answers, notes, scopes): a word in it may spell a key ("status").
PROSE = {"Answer", "Details", "Notes", "Scope", "Creators", "Rule or notes", "Permissions"}
# Where a key legitimately stands: in brackets after its label.
BRACKETS = re.compile(r"\([^()]*\)")
SEPARATORS = re.compile(r" ↔ | → | ← | = |, |; |: |\n")


@pytest.fixture
def demo(db, client):
    """({output: {sheet: rows}}, the keys to look for) of the demo plan."""
    plan = load_demo_plan().plan
    client.force_login(get_user_model().objects.get(username=DEMO_OWNER))
    page = client.get(reverse("planner:plan_print", args=[plan.pk]))
    assert page.status_code == 200
    outputs = {
        "xlsx": _xlsx_cells(export_xlsx(plan)),
        "csv": _csv_cells(export_csv_zip(plan)),
        "print": _print_cells(page.content.decode()),
    }
    assert outputs["print"].keys() == outputs["xlsx"].keys()
    return outputs, _bare_keys(build_snapshot(plan))


class _PrintTables(HTMLParser):
    """{sheet title: rows} of the print view's sheet sections (h2, then th and td cells)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sheets, self.title, self.cell, self.in_h2 = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self.in_h2, self.title = True, ""
        elif tag == "tr" and self.title in self.sheets:
            self.sheets[self.title].append([])
        elif tag in ("th", "td") and self.title in self.sheets:
            self.cell = ""
        elif tag == "br" and self.cell is not None:
            self.cell += "\n"
        elif tag == "table" and self.title:
            self.sheets[self.title] = []

    def handle_endtag(self, tag):
        if tag == "h2":
            self.in_h2 = False
        elif tag in ("th", "td") and self.cell is not None:
            self.sheets[self.title][-1].append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.in_h2:
            self.title += data
        elif self.cell is not None:
            self.cell += data


def _print_cells(text: str) -> dict[str, list[list]]:
    parser = _PrintTables()
    parser.feed(text)
    # Only the sheets' sections (the connection pictures' headings hold no table of a sheet).
    return {t: rows for t, rows in parser.sheets.items() if rows and rows[0]}


def _xlsx_cells(data: bytes) -> dict[str, list[list]]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def _csv_cells(data: bytes) -> dict[str, list[list]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {
            # "14-findings.csv" is the Findings sheet
            name.split("-", 1)[1].removesuffix(".csv").replace("-", " ").capitalize(): list(
                csv.reader(io.StringIO(z.read(name).decode("utf-8-sig")))
            )
            for name in z.namelist()
        }


def _bare_keys(snapshot) -> set[str]:
    """Keys of the demo's types and fields whose label says something else: shown alone, they
    cannot be matched to a finding by reading."""
    keys = set()
    for e in snapshot.endpoints:
        for t in e.types:
            if t.label and t.label != t.key:
                keys.add(t.key)
            keys.update(f.key for f in t.fields if f.label and f.label != f.key)
    return keys


def _cells(sheets):
    for title, rows in sheets.items():
        header = [str(h or "") for h in rows[0]]
        for row in rows[1:]:
            for column, value in zip(header, row, strict=False):
                if (title, column) in RAW_COLUMNS:
                    continue
                if isinstance(value, str) and value:
                    yield title, column, value.lstrip("'")


def test_no_cell_shows_an_internal_code(demo):
    found = []
    cells = [(out, *cell) for out, sheets in demo[0].items() for cell in _cells(sheets)]
    for output, title, column, value in cells:
        outside = BRACKETS.sub("", value)
        words = set(re.findall(r"[a-z]+(?:_[a-z]+)+", outside))
        if (
            value.strip() in CODES_AS_A_CELL
            or words & CODES_WITH_UNDERSCORE
            or re.search(r"\b(left|right) wins\b|\bapprove on\b", outside)
        ):
            found.append((output, title, column, value))

    assert found == []


def test_no_cell_shows_a_type_or_field_key_without_its_label(demo):
    outputs, keys = demo
    assert {"customfield_10050", "story", "detected-in-rel"} <= keys  # what the scan looks for

    found = []
    for output, sheets in outputs.items():
        for title, column, value in _cells(sheets):
            if column in PROSE:
                continue
            parts = {p.strip() for p in SEPARATORS.split(BRACKETS.sub("", value))}
            if parts & keys:
                found.append((output, title, column, value))

    assert found == []


def test_the_scan_finds_a_bare_key_and_a_code():
    """The scan is not blind: a bare key and a policy code in a cell are both caught."""
    sheets = {"Types": [["Left type", "Conflict policy"], ["story", "left_wins"]]}
    [(_, _, key), (_, _, code)] = list(_cells(sheets))

    assert {p.strip() for p in SEPARATORS.split(BRACKETS.sub("", key))} & {"story"}
    assert set(re.findall(r"[a-z]+(?:_[a-z]+)+", code)) & CODES_WITH_UNDERSCORE
