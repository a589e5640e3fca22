import io
import json
import time

import pytest
from django.core.management import CommandError, call_command

from core.jobs import start_job
from core.models import JobStatus
from planner.models import Acknowledgement, Finding

from .plans import stored_plan


@pytest.mark.worker
def test_the_validate_job_runs_through_a_real_worker(celery_worker, plan):
    stored_plan(plan)

    job = start_job(kind="validate", plan=plan)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not job.is_finished:
        time.sleep(0.2)
        job.refresh_from_db()

    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.progress == 100
    assert job.result["revision"] == plan.revision
    assert Finding.objects.filter(plan=plan, job=job, code="FLD-006").exists()
    assert "open errors" in job.message


def _run(*args):
    out = io.StringIO()
    try:
        call_command("validate_plan", *args, stdout=out)
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue()


def test_validate_plan_exits_1_with_unacknowledged_errors_and_lists_them_as_json(plan):
    stored_plan(plan)

    status, out = _run(str(plan.pk), "--format", "json")

    assert status == 1
    rows = json.loads(out)["findings"]
    assert set(rows[0]) == {"code", "severity", "subject", "message", "fix", "acknowledged"}
    assert {"FLD-006", "OPS-003"} <= {r["code"] for r in rows if r["severity"] == "error"}
    assert Finding.objects.filter(plan=plan).count() == len(rows)


def test_validate_plan_exits_0_once_every_error_is_acknowledged(plan):
    stored_plan(plan)
    _run(str(plan.pk))
    for finding in Finding.objects.filter(plan=plan, severity="error"):
        Acknowledgement.objects.create(
            plan=plan, code=finding.code, subject=finding.subject,
            fingerprint=finding.fingerprint, reason="Accepted for the pilot.", acknowledged_by="olga",
        )  # fmt: skip

    status, out = _run(str(plan.pk))

    assert status == 0
    assert "(acknowledged)" in out and "0 unacknowledged" in out


def test_validate_plan_refuses_an_unknown_plan_or_file(db, tmp_path):
    with pytest.raises(CommandError, match="No plan with id"):
        call_command("validate_plan", "999999")
    with pytest.raises(CommandError, match="neither a plan id"):
        call_command("validate_plan", str(tmp_path / "missing.json"))


def test_validate_plan_refuses_an_invalid_document_naming_each_problem(db, tmp_path):
    document = tmp_path / "plan.json"
    document.write_text('{"format": "syncplan/1"}')
    with pytest.raises(CommandError, match="is not a valid plan document") as refused:
        call_command("validate_plan", str(document))
    assert "/" in str(refused.value)  # problems are named by JSON pointer


def _json_findings(target):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("validate_plan", str(target), "--format", "json", stdout=out)
    return exited.value.code, json.loads(out.getvalue())["findings"]


def test_validate_plan_finds_every_deliberate_mistake_of_the_demo_plan_by_id_and_by_document(
    db, tmp_path
):
    from planner.demo import DELIBERATE_MISTAKES, load_demo_plan
    from planner.document.dump import plan_document
    from planner.document.hashing import canonical_json

    plan = load_demo_plan().plan
    document = tmp_path / "demo.json"
    document.write_bytes(canonical_json(plan_document(plan)))

    for target in (plan.pk, document):
        status, findings = _json_findings(target)
        found = {(f["code"], f["subject"]) for f in findings}
        missing = [m for m in DELIBERATE_MISTAKES if (m.code, m.subject) not in found]
        assert not missing, f"{target}: {missing}"
        assert status == 1  # unacknowledged errors


def test_validate_plan_text_names_subjects_for_people_and_json_keeps_the_path(db, tmp_path):
    from planner.demo import load_demo_plan
    from planner.document.dump import plan_document
    from planner.document.hashing import canonical_json

    plan = load_demo_plan().plan
    path = "connections/alm-jira/types/Defect->Bug/fields/detected-in-rel->customfield_10050"
    text = (
        "ALM/QC defects with Jira bugs › Defect ↔ Bug › Detected in Release (detected-in-rel) "
        "← Found in Release (customfield_10050)"
    )
    document = tmp_path / "demo.json"
    document.write_bytes(canonical_json(plan_document(plan)))

    for target in (str(plan.pk), str(document)):
        _, out = _run(target)
        assert f"FLD-001 {text}\n" in out and path not in out
        _, out = _run(target, "--format", "json")
        [row] = [r for r in json.loads(out)["findings"] if r["code"] == "FLD-001"]
        assert row["subject"] == path and "subject_text" not in row
