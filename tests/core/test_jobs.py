import time
from datetime import timedelta

import pytest
from django.utils import timezone

from core import jobs
from core.models import Job, JobKind, JobStatus
from core.tasks import reap_stale_jobs


def _silent_running_job(plan, minutes):
    return Job.objects.create(
        plan=plan,
        kind=JobKind.VALIDATE,
        status=JobStatus.RUNNING,
        heartbeat_at=timezone.now() - timedelta(minutes=minutes),
    )


def test_the_reaper_queues_again_a_job_whose_worker_went_silent(plan, monkeypatch, settings):
    settings.JOB_WORKER_LOST_RETRIES = 2
    published = []
    monkeypatch.setattr(jobs, "_publish", lambda job: published.append(job.pk))
    silent = _silent_running_job(plan, minutes=30)
    alive = _silent_running_job(plan, minutes=0)

    assert jobs.reap_stale_jobs() == 1

    silent.refresh_from_db()
    alive.refresh_from_db()
    assert published == [silent.pk]
    assert silent.status == JobStatus.QUEUED
    assert silent.attempts == 1
    assert silent.message == "Worker lost, retrying (attempt 2 of 3)."
    assert alive.status == JobStatus.RUNNING
    # Queued again with its old heartbeat: not "never picked up" on the next round.
    assert jobs.reap_stale_jobs() == 0
    silent.refresh_from_db()
    assert silent.status == JobStatus.QUEUED


def test_the_reaper_fails_a_job_lost_more_often_than_the_retries_allow(plan, settings):
    settings.JOB_WORKER_LOST_RETRIES = 2
    silent = _silent_running_job(plan, minutes=30)
    Job.objects.filter(pk=silent.pk).update(attempts=2)

    assert jobs.reap_stale_jobs() == 1

    silent.refresh_from_db()
    assert silent.status == JobStatus.FAILED
    assert "lost several times" in silent.message


def test_the_job_page_says_the_worker_was_lost_while_the_heartbeat_is_silent(
    plan, member_client, settings
):
    job = _silent_running_job(plan, minutes=0)
    Job.objects.filter(pk=job.pk).update(progress=53, message="Step 8 of 16")
    url = f"/plans/{plan.pk}/jobs/{job.pk}/"
    assert "Worker lost, retrying" not in member_client.get(url).content.decode()

    Job.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS + 1)
    )
    page = member_client.get(url).content.decode()
    assert "Worker lost, retrying" in page
    assert "Step 8 of 16" not in page


def test_a_finished_job_is_not_run_again(plan):
    job = Job.objects.create(plan=plan, kind=JobKind.VALIDATE, status=JobStatus.SUCCEEDED)

    jobs.execute(job.pk)  # a redelivered message after a worker loss

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED


@pytest.mark.worker
def test_the_reaper_runs_on_a_real_worker(celery_worker, plan):
    silent = _silent_running_job(plan, minutes=30)

    reap_stale_jobs.delay()

    # Queued again by the reaper, then run to the end by the same worker.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        silent.refresh_from_db()
        if silent.is_finished:
            break
        time.sleep(0.2)
    assert silent.status == JobStatus.SUCCEEDED, silent.message
    assert silent.attempts == 1


def test_every_job_kind_has_a_registered_runner():
    """The kernel's job service knows no feature: each app registers its runners (ready())."""
    from django.utils.module_loading import import_string

    from core import jobs
    from core.models import JobKind

    assert set(jobs.RUNNERS) == set(JobKind.values)
    for runner in jobs.RUNNERS.values():
        assert callable(import_string(runner))
