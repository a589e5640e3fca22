import time
from datetime import timedelta

import pytest
from django.utils import timezone

from planner import jobs
from planner.models import Job, JobKind, JobStatus
from planner.tasks import reap_stale_jobs


def _silent_running_job(plan, minutes):
    return Job.objects.create(
        plan=plan,
        kind=JobKind.VALIDATE,
        status=JobStatus.RUNNING,
        heartbeat_at=timezone.now() - timedelta(minutes=minutes),
    )


def test_the_reaper_fails_running_jobs_whose_worker_went_silent(plan):
    silent = _silent_running_job(plan, minutes=30)
    alive = _silent_running_job(plan, minutes=1)

    assert jobs.reap_stale_jobs() == 1

    silent.refresh_from_db()
    alive.refresh_from_db()
    assert silent.status == JobStatus.FAILED
    assert "stopped responding" in silent.message
    assert alive.status == JobStatus.RUNNING


def test_a_finished_job_is_not_run_again(plan):
    job = Job.objects.create(plan=plan, kind=JobKind.VALIDATE, status=JobStatus.SUCCEEDED)

    jobs.execute(job.pk)  # a redelivered message after a worker loss

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED


@pytest.mark.worker
def test_the_reaper_runs_on_a_real_worker(celery_worker, plan):
    silent = _silent_running_job(plan, minutes=30)

    reap_stale_jobs.delay()

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        silent.refresh_from_db()
        if silent.status == JobStatus.FAILED:
            break
        time.sleep(0.2)
    assert silent.status == JobStatus.FAILED
