"""Fair job queues (issue 12, point 5): caps on queued and running jobs per user and per plan,
and validation on its own queue so it never waits behind exports."""

import re
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from core import jobs
from core.models import Job, JobKind, JobStatus
from syncplan.celery import app as celery_app
from tests.factories import MembershipFactory, PlanFactory, UserFactory

REPO = Path(__file__).resolve().parents[2]


def _active(plan, user, status=JobStatus.QUEUED, kind=JobKind.EXPORT_XLSX):
    return Job.objects.create(plan=plan, created_by=user, kind=kind, status=status)


def test_a_user_over_the_cap_gets_a_clear_refusal_and_no_job(plan, settings):
    settings.JOB_MAX_ACTIVE_PER_USER = 2
    settings.JOB_MAX_ACTIVE_PER_PLAN = 10
    user = UserFactory()
    _active(PlanFactory(), user, JobStatus.RUNNING)  # the cap counts every plan of the user
    _active(plan, user)
    _active(plan, user, JobStatus.SUCCEEDED)  # finished jobs do not count
    _active(plan, UserFactory())  # nor do other users' jobs
    before = Job.objects.count()

    with pytest.raises(jobs.JobLimitReached, match="You already have 2 jobs queued or running"):
        jobs.start_job(kind=JobKind.EXPORT_JSON, plan=plan, user=user)

    assert Job.objects.count() == before
    # Once one has finished, the next one starts.
    Job.objects.filter(created_by=user, status=JobStatus.RUNNING).update(status=JobStatus.FAILED)
    job = jobs.start_job(kind=JobKind.EXPORT_JSON, plan=plan, user=user)
    assert job.status == JobStatus.SUCCEEDED  # run in-process in the tests


def test_a_plan_over_the_cap_refuses_further_jobs_whoever_asks(plan, settings):
    settings.JOB_MAX_ACTIVE_PER_USER = 10
    settings.JOB_MAX_ACTIVE_PER_PLAN = 2
    _active(plan, UserFactory())
    _active(plan, None, JobStatus.RUNNING)
    _active(PlanFactory(), None)  # another plan's jobs do not count

    with pytest.raises(jobs.JobLimitReached, match="This plan already has 2 jobs"):
        jobs.start_job(kind=JobKind.VALIDATE, plan=plan, user=UserFactory())


def test_the_export_page_explains_the_cap_without_an_error_page(client_for, plan, settings):
    settings.JOB_MAX_ACTIVE_PER_USER = 1
    client = client_for("editor")
    _active(plan, client.user)

    response = client.post(f"/plans/{plan.pk}/export/", {"format": "xlsx"}, follow=True)

    assert response.status_code == 200
    assert "The export was not started. You already have 1 jobs" in response.content.decode()
    assert Job.objects.filter(created_by=client.user).count() == 1


def test_validate_explains_the_cap(client_for, plan, settings):
    settings.JOB_MAX_ACTIVE_PER_PLAN = 1
    client = client_for("editor")
    _active(plan, None, JobStatus.RUNNING)

    response = client.post(f"/plans/{plan.pk}/validate/")

    assert response.status_code == 429
    assert "This plan already has 1 jobs queued or running" in response.content.decode()
    assert not Job.objects.filter(kind=JobKind.VALIDATE).exists()


def test_validation_has_its_own_queue_and_a_plain_worker_consumes_every_queue():
    assert jobs.queue_for(JobKind.VALIDATE) == django_settings.JOB_VALIDATION_QUEUE
    assert jobs.queue_for(JobKind.EXPORT_XLSX) == django_settings.CELERY_TASK_DEFAULT_QUEUE
    assert jobs.queue_for(JobKind.VALIDATE) != jobs.queue_for(JobKind.EXPORT_XLSX)
    # A worker started without -Q (the test fixture, a one-worker set-up) consumes these.
    declared = set(celery_app.conf.task_queues)
    assert {jobs.queue_for(kind) for kind in JobKind.values} <= declared


def test_docker_compose_runs_a_worker_for_each_queue():
    compose = (REPO / "docker-compose.yml").read_text()
    queues = set(re.findall(r'"celery", "-A", "syncplan", "worker", "-Q", "([^"]+)"', compose))
    assert queues == {
        django_settings.CELERY_TASK_DEFAULT_QUEUE,
        django_settings.JOB_VALIDATION_QUEUE,
    }


@pytest.mark.worker
def test_a_validation_is_not_stuck_behind_exports(transactional_db, plan):
    """A worker on the validation queue runs a validation while exports wait in theirs."""
    from celery.contrib.testing.worker import start_worker

    if not (celery_app.conf.broker_url or "").startswith("redis://"):
        pytest.fail("this test needs a Redis broker (CELERY_BROKER_URL)")
    celery_app.control.purge()
    celery_app.conf.task_always_eager = False
    owner = UserFactory()
    MembershipFactory(plan=plan, user=owner, role="owner")
    try:
        exports = [
            jobs.start_job(kind=JobKind.EXPORT_XLSX, plan=plan, user=UserFactory())
            for _ in range(3)
        ]
        validation = jobs.start_job(kind=JobKind.VALIDATE, plan=plan, user=owner)
        with start_worker(
            celery_app,
            pool="solo",
            perform_ping_check=False,
            loglevel="WARNING",
            shutdown_timeout=10,
            queues=[django_settings.JOB_VALIDATION_QUEUE],
        ):
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                validation.refresh_from_db()
                if validation.is_finished:
                    break
                time.sleep(0.2)
        assert validation.status == JobStatus.SUCCEEDED, validation.message
        for export in exports:
            export.refresh_from_db()
            assert export.status == JobStatus.QUEUED
    finally:
        celery_app.control.purge()
        # start_worker(queues=...) narrows the app's queue selection for good: widen it again,
        # or the workers of later tests would consume the validation queue alone.
        celery_app.amqp.queues.select(list(celery_app.amqp.queues))
