import io

import openpyxl
import pytest

from core.models import Job, JobKind
from planner.document.dump import plan_document
from planner.document.hashing import canonical_json
from planner.exports.job import run_export_job
from tests.planner.document.plans import full_plan

pytestmark = pytest.mark.django_db


def _run(kind, options=None):
    plan = full_plan()
    job = Job.objects.create(plan=plan, kind=kind, options=options or {})
    reported = []
    outcome = run_export_job(job, lambda percent, message="": reported.append(percent))
    return plan, outcome, reported


def test_the_json_export_is_the_canonical_plan_document():
    plan, outcome, _ = _run(JobKind.EXPORT_JSON)

    assert outcome.file_name.endswith(".json")
    assert outcome.file_content == canonical_json(plan_document(plan))


def test_the_xlsx_export_reports_progress_and_honours_its_options():
    _, outcome, reported = _run(JobKind.EXPORT_XLSX, {"personal_data": False})

    assert outcome.file_name.endswith(".xlsx")
    assert reported == sorted(reported) and reported[-1] >= 90
    workbook = openpyxl.load_workbook(io.BytesIO(outcome.file_content))
    assert "Left email" not in [c.value for c in workbook["Users"][1]]
    assert outcome.result["options"] == {"personal_data": False, "per_type_sheets": False}
