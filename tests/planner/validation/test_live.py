"""Findings live while editing: each content change validates the plan in the background
(planner/validation/live.py), debounced, one per plan, out of the user's job cap."""

import time

import pytest
from django.urls import reverse

from connections.field_mappings.services import update_field_mapping
from connections.models import FieldMapping, TypeMapping
from core.jobs import JobLimitReached, start_job
from core.models import Job, JobKind, JobStatus
from planner.validation import live
from planner.validation.services import run_validation
from planner.validation.status import finding_status_of
from tests.factories import MembershipFactory, UserFactory

from .plans import stored_plan


@pytest.fixture
def live_on(settings):
    settings.LIVE_VALIDATION = True
    settings.LIVE_VALIDATION_DEBOUNCE_MS = 300


def _edit(plan, user, notes):
    mapping = FieldMapping.objects.filter(type_mapping__connection__plan=plan).first()
    update_field_mapping(
        plan=plan,
        user=user,
        mapping=mapping,
        expected_lock_version=mapping.lock_version,
        direction=mapping.direction,
        conflict_policy=mapping.conflict_policy,
        on_creation_only=mapping.on_creation_only,
        notes=notes,
    )
    plan.refresh_from_db()


def _wait_until_current(plan, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        plan.refresh_from_db()
        if finding_status_of(plan).current and not live.pending(plan):
            return
        time.sleep(0.1)
    raise AssertionError(f"not validated: {list(Job.objects.values('status', 'message'))}")


def _auto_jobs(plan):
    return live.auto_jobs().filter(plan=plan)


@pytest.mark.worker
def test_an_edit_leads_to_a_validation_of_the_new_revision(celery_worker, live_on, plan):
    stored_plan(plan)
    user = UserFactory()
    _edit(plan, user, "first")

    _wait_until_current(plan)

    job = _auto_jobs(plan).get()
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.result["revision"] == plan.revision
    assert job.created_by is None


@pytest.mark.worker
def test_five_quick_edits_lead_to_at_most_two_validations(celery_worker, live_on, plan):
    stored_plan(plan)
    user = UserFactory()
    for i in range(5):
        _edit(plan, user, f"edit {i}")

    _wait_until_current(plan)

    assert 1 <= _auto_jobs(plan).count() <= 2
    assert (
        _auto_jobs(plan).filter(status=JobStatus.SUCCEEDED).latest("finished_at").result["revision"]
        == plan.revision
    )


@pytest.mark.worker
def test_automatic_validations_do_not_use_the_users_job_cap(celery_worker, live_on, plan, settings):
    settings.JOB_MAX_ACTIVE_PER_USER = 1
    settings.JOB_MAX_ACTIVE_PER_PLAN = 1
    settings.LIVE_VALIDATION_DEBOUNCE_MS = 5000  # the automatic one stays queued meanwhile
    stored_plan(plan)
    user = UserFactory()
    _edit(plan, user, "an edit")
    assert _auto_jobs(plan).filter(status=JobStatus.QUEUED).exists()

    # Neither cap counts the automatic validation: this start is not refused.
    job = start_job(kind=JobKind.VALIDATE, plan=plan, user=user)

    assert job.created_by == user
    assert _auto_jobs(plan).filter(status=JobStatus.QUEUED).count() == 1


@pytest.mark.worker
def test_the_page_partial_shows_from_revision_n_then_current(
    celery_worker, live_on, plan, client, settings
):
    stored_plan(plan)
    user = UserFactory()
    MembershipFactory(plan=plan, user=user, role="owner")
    client.force_login(user)
    start_job(kind=JobKind.VALIDATE, plan=plan, user=user)
    _wait_until_current(plan)
    validated = plan.revision
    settings.LIVE_VALIDATION_DEBOUNCE_MS = 1500  # time to read the stale state

    _edit(plan, user, "stale now")
    url = reverse("planner:live_findings", kwargs={"plan_id": plan.pk})
    stale = client.get(url, headers={"HX-Request": "true"}).content.decode()
    page = client.get(reverse("planner:plan_detail", kwargs={"plan_id": plan.pk}))

    assert f"findings from revision {validated}" in stale
    assert f"validating revision {plan.revision}" in stale
    assert "every 2s" in stale
    assert "every 2s" in page.content.decode()

    _wait_until_current(plan)
    current = client.get(url, headers={"HX-Request": "true"}).content.decode()

    assert f"validated at revision {plan.revision}" in current
    assert "findings from revision" not in current
    assert "every 2s" not in current  # the polling stops by itself


@pytest.mark.django_db
def test_without_a_broker_nothing_is_queued_and_the_page_says_validate(
    live_on, member_client, plan, django_capture_on_commit_callbacks
):
    # In-process mode (tests run tasks eagerly, as scripts/run does): no job per edit.
    stored_plan(plan)
    with django_capture_on_commit_callbacks(execute=True):
        _edit(plan, member_client.user, "an edit")

    assert not _auto_jobs(plan).exists()
    url = reverse("planner:live_findings", kwargs={"plan_id": plan.pk})
    body = member_client.get(url).content.decode()
    assert f"press Validate for revision {plan.revision}" in body
    assert "every 2s" not in body


@pytest.mark.django_db
def test_the_partial_refuses_a_type_mapping_of_another_plan(member_client, plan):
    url = reverse("planner:live_findings", kwargs={"plan_id": plan.pk})
    assert member_client.get(url + "?type_mapping=abc").status_code == 404
    assert member_client.get(url + "?type_mapping=999999").status_code == 404


@pytest.mark.django_db
def test_the_plan_cap_still_counts_the_jobs_people_started(plan, settings):
    settings.JOB_MAX_ACTIVE_PER_PLAN = 1
    Job.objects.create(kind=JobKind.VALIDATE, plan=plan, options={"auto": True})
    Job.objects.create(kind=JobKind.EXPORT_JSON, plan=plan)

    with pytest.raises(JobLimitReached):
        start_job(kind=JobKind.VALIDATE, plan=plan, user=UserFactory())


@pytest.mark.django_db
def test_the_workspace_polls_its_findings_while_a_validation_is_on_its_way(member_client, plan):
    stored_plan(plan)
    run_validation(plan)
    plan.refresh_from_db()
    validated = plan.revision
    _edit(plan, member_client.user, "stale now")
    # What an edit arms with a broker (the on_commit hook does not run in this transaction).
    Job.objects.create(kind=JobKind.VALIDATE, plan=plan, options={"auto": True})
    tm = TypeMapping.objects.get(connection__plan=plan)
    page = member_client.get(
        reverse(
            "connections:workspace",
            kwargs={
                "plan_id": plan.pk,
                "connection_id": tm.connection_id,
                "type_mapping_id": tm.pk,
            },
        )
    ).content.decode()
    partial_url = reverse("planner:live_findings", kwargs={"plan_id": plan.pk})
    partial = member_client.get(f"{partial_url}?type_mapping={tm.pk}").content.decode()

    for body in (page, partial):
        assert f'hx-get="{partial_url}?type_mapping={tm.pk}"' in body
        assert f"findings from revision {validated}" in body
        assert f"validating revision {plan.revision}" in body


@pytest.mark.worker
def test_an_automatic_validation_whose_message_was_lost_is_sent_again(celery_worker, live_on, plan):
    stored_plan(plan)
    # Queued long ago and never delivered (e.g. its worker restarted while holding the message).
    lost = Job.objects.create(
        kind=JobKind.VALIDATE,
        plan=plan,
        options={"auto": True, "due": "2020-01-01T00:00:00+00:00"},
    )

    _edit(plan, UserFactory(), "an edit")
    _wait_until_current(plan)

    lost.refresh_from_db()
    assert lost.status == JobStatus.SUCCEEDED
    assert _auto_jobs(plan).count() == 1


@pytest.mark.django_db
def test_an_htmx_edit_tells_the_page_its_findings_are_stale(member_client, plan):
    stored_plan(plan)
    tm = TypeMapping.objects.get(connection__plan=plan)
    mapping = FieldMapping.objects.filter(type_mapping=tm).first()
    kwargs = {
        "plan_id": plan.pk,
        "connection_id": tm.connection_id,
        "type_mapping_id": tm.pk,
        "mapping_id": mapping.pk,
    }
    url = reverse("connections:field_mapping_update", kwargs=kwargs)
    data = {
        "lock_version": mapping.lock_version,
        "direction": mapping.direction,
        "conflict_policy": mapping.conflict_policy,
        "notes": "changed",
    }

    saved = member_client.post(url, data, headers={"HX-Request": "true"})
    row_url = reverse("connections:field_mapping_row", kwargs=kwargs)
    unchanged = member_client.get(row_url, headers={"HX-Request": "true"})

    assert saved.status_code == 200
    assert live.CHANGED_EVENT in saved.headers.get("HX-Trigger", "")
    assert "HX-Trigger" not in unchanged.headers
