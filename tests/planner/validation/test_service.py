import pytest

from connections.models import Endpoint
from core.changes import content_change, record_change
from core.models import Job, JobKind, JobStatus
from planner.models import Acknowledgement, Finding
from planner.validation.services import (
    AcknowledgementRefused,
    AcknowledgeRights,
    acknowledge,
    ready_for_sign_off,
    run_validation,
)
from planner.validation.status import finding_status_of
from tests.factories import UserFactory

from .plans import stored_plan

OWNER = AcknowledgeRights(warnings=True, errors=True)
EDITOR = AcknowledgeRights(warnings=True, errors=False)
ID_MAPPING = "connections/alm-jira/types/defect0->bug0/fields/id->id"


@pytest.fixture
def stored(plan):
    return stored_plan(plan)


def _codes(findings):
    return {(f.code, f.subject) for f in findings}


def test_validation_stores_the_findings_for_the_current_revision(stored):
    findings = run_validation(stored)

    rows = Finding.objects.filter(plan=stored)
    assert _codes(rows) == _codes(findings)
    assert {("FLD-006", ID_MAPPING), ("OPS-003", "plan"), ("OPS-004", "endpoints/alm")} <= _codes(
        rows
    )
    assert {r.plan_revision for r in rows} == {stored.revision}
    assert all(len(r.fingerprint) == 64 for r in rows)


def test_validating_again_replaces_the_findings(stored):
    first = run_validation(stored)
    record_change(stored, None, "plan.update", "plan")
    second = run_validation(stored)

    assert Finding.objects.filter(plan=stored).count() == len(second) == len(first)
    assert set(Finding.objects.filter(plan=stored).values_list("plan_revision", flat=True)) == {
        stored.revision
    }


def test_an_unvalidated_plan_is_not_ready_for_sign_off(stored):
    status = finding_status_of(stored)
    assert status.validated_revision is None and not ready_for_sign_off(stored)


def test_a_plan_with_open_errors_or_warnings_is_not_ready_and_acknowledging_them_all_makes_it_ready(
    stored,
):
    user = UserFactory()
    run_validation(stored)
    assert not ready_for_sign_off(stored)

    for finding in Finding.objects.filter(plan=stored).exclude(severity="info"):
        acknowledge(
            stored, user, OWNER, finding.code, finding.subject, "Accepted for the pilot phase."
        )

    status = finding_status_of(stored)
    assert status.errors == status.warnings == 0
    assert status.current  # acknowledging does not make the findings out of date
    assert ready_for_sign_off(stored)


def test_an_acknowledgement_goes_stale_when_its_subject_changes(stored):
    user = UserFactory()
    run_validation(stored)
    before = finding_status_of(stored).warnings
    acknowledge(
        stored, user, OWNER, "OPS-004", "endpoints/alm", "The network team records this later."
    )
    assert finding_status_of(stored).warnings == before - 1

    # Re-validation without a change keeps it acknowledged.
    findings = {(f.code, f.subject): f for f in run_validation(stored)}
    assert findings[("OPS-004", "endpoints/alm")].acknowledgement is not None
    assert not findings[("OPS-004", "endpoints/alm")].is_stale

    with content_change(stored):
        Endpoint.objects.filter(plan=stored, key="alm").update(
            base_url="https://alm.new.example.com"
        )
        record_change(stored, None, "endpoint.update", "endpoints/alm")
    findings = {(f.code, f.subject): f for f in run_validation(stored)}

    assert findings[("OPS-004", "endpoints/alm")].is_stale
    assert finding_status_of(stored).warnings == before
    ack = Acknowledgement.objects.get(plan=stored, code="OPS-004")
    assert (
        ack.reason == "The network team records this later."
        and ack.acknowledged_by == user.username
    )


def test_an_editor_cannot_acknowledge_an_error_and_a_reason_is_required(stored):
    user = UserFactory()
    run_validation(stored)
    with pytest.raises(PermissionError):
        acknowledge(stored, user, EDITOR, "FLD-006", ID_MAPPING, "IDs are copied by hand.")
    with pytest.raises(AcknowledgementRefused):
        acknowledge(stored, user, OWNER, "FLD-006", ID_MAPPING, "n/a")
    with pytest.raises(AcknowledgementRefused):
        acknowledge(stored, user, OWNER, "FLD-001", ID_MAPPING, "No such finding is reported.")
    assert not Acknowledgement.objects.filter(plan=stored).exists()


def test_acknowledging_records_a_change_to_the_plan(stored):
    run_validation(stored)
    revision = stored.revision
    acknowledge(stored, UserFactory(), OWNER, "FLD-006", ID_MAPPING, "IDs are copied by a script.")
    assert stored.revision == revision + 1
    assert stored.audit_events.filter(action="acknowledgement.save", subject=ID_MAPPING).exists()


def test_a_validation_that_finds_nothing_still_counts_as_validated_through_its_job(plan):
    job = Job.objects.create(
        plan=plan,
        kind=JobKind.VALIDATE,
        status=JobStatus.SUCCEEDED,
        result={"revision": plan.revision},
    )
    assert finding_status_of(plan).validated_revision == plan.revision
    assert job.pk
