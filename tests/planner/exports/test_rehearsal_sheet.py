"""The worksheet's Rehearsal sheet and the Overview's rehearsal line (issue 17, point 6): the last
rehearsal of the current revision (sample sets with their hashes, per type mapping and direction
the outcomes, per-field summaries, values without pair, unresolved users), or a visible "not
rehearsed at revision N"; values from the items are inert as formulas."""

import csv
import datetime
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings

from core.changes import record_change
from core.models import Job, JobKind
from planner.demo import load_demo_plan
from planner.exports.csvzip import export_csv_zip
from planner.exports.worksheet import export_xlsx
from planner.models import SampleSet
from planner.rehearsal.loading import rehearsal_status_of
from tests.planner.rehearsal.test_views import rehearse_on_page, signed_in, upload


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def demo(db, media):
    return load_demo_plan(today=datetime.date(2026, 3, 2)).plan


def records(plan, sheet="Rehearsal"):
    ws = openpyxl.load_workbook(io.BytesIO(export_xlsx(plan)))[sheet]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def overview_line(plan):
    return next(r["Value"] for r in records(plan, "Overview") if r["Name"] == "Rehearsal")


def rehearsed(client, plan, **upload_options):
    signed_in(client, plan, "editor")
    upload(client, plan, **upload_options)
    rehearse_on_page(client, plan)
    plan.refresh_from_db()
    return plan


def test_a_plan_never_rehearsed_says_so_and_lists_nothing(demo):
    line = f"not rehearsed at revision {demo.revision}"
    rows = records(demo)
    assert [(r["Section"], r["What"]) for r in rows] == [("Status", line)]
    assert rows[0]["Detail"] == f"rehearse the plan for revision {demo.revision}"
    assert overview_line(demo) == line


def test_the_last_rehearsal_of_the_current_revision_is_listed(client, demo):
    plan = rehearsed(client, demo)
    rows = records(plan)
    line = rehearsal_status_of(plan).line
    assert rows[0]["What"] == line == overview_line(plan)
    sample = SampleSet.objects.get(plan=plan)
    (set_row,) = [r for r in rows if r["Section"] == "Sample set"]
    assert set_row["Items"] == sample.item_count
    assert set_row["Detail"] == f"SHA-256 {sample.sha256}"

    job = Job.objects.filter(plan=plan, kind=JobKind.REHEARSE).latest("pk")
    stored = json.loads((media_root(plan) / job.result["path"]).read_text(encoding="utf-8"))
    runs = [r for r in rows if r["Section"] == "Run"]
    assert [(r["Type mapping"], r["Items"], r["What"]) for r in runs] == [
        (run["type_mapping"], run["items"],
         f"{run['clean']} clean, {run['with_losses']} with losses, {run['refused']} refused")
        for run in stored["runs"]
    ]  # fmt: skip
    unpaired = {(r["Field"], r["What"]): r["Items"] for r in rows
                if r["Section"] == "Unpaired value"}  # fmt: skip
    assert unpaired[("Priority", "'Major' has no pair")] == 7
    refused = [r for r in rows if r["Section"] == "Refused"]
    assert refused and refused[0]["Items"] == 7 and "TST-9" in refused[0]["Detail"]
    assert any(r["Section"] == "Unresolved user" for r in rows)


def media_root(plan):
    return Path(settings.MEDIA_ROOT)


def test_after_an_edit_the_sheet_says_not_rehearsed_at_this_revision(client, demo):
    plan = rehearsed(client, demo)
    rehearsed_at = plan.revision
    record_change(plan, None, "plan.rename", "plan", before={"name": ""}, after={"name": "x"})
    plan.refresh_from_db()
    rows = records(plan)
    assert [r["What"] for r in rows] == [
        f"rehearsed at revision {rehearsed_at}; changed since",
        f"not rehearsed at revision {plan.revision}",
    ]


def test_values_from_the_items_are_inert_as_formulas(client, demo):
    # Every demo bug is refused in ALM/QC: the refused item's key opens the Detail cell.
    key = "=HYPERLINK(1)"
    issues = {"issues": [{"key": key, "fields": {"issuetype": {"name": "Bug"},
                                                 "priority": {"name": "Major"}}}]}  # fmt: skip
    plan = rehearsed(client, demo, pasted=json.dumps(issues))
    ws = openpyxl.load_workbook(io.BytesIO(export_xlsx(plan)))["Rehearsal"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == key]
    assert cells and all(c.data_type == "s" for c in cells)  # a text, never a formula
    archive = zipfile.ZipFile(io.BytesIO(export_csv_zip(plan)))
    (name,) = [n for n in archive.namelist() if n.endswith("-rehearsal.csv")]
    rows = list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
    (refused,) = [row for row in rows if row[0] == "Refused"]
    assert refused[-1] == "'" + key
    assert not [cell for row in rows for cell in row if cell.startswith("=")]
