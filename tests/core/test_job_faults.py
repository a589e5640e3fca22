"""Jobs survive faults: worker loss, duplicate deliveries, time limits, failed results."""

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from billiard.exceptions import WorkerLostError
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from celery.signals import task_failure
from django.conf import settings
from django.db import connection
from django.utils import timezone

from core import jobs
from core.jobs import JobOutcome
from core.models import Job, JobKind, JobStatus
from core.tasks import run_job
from syncplan.celery import app as celery_app

REPO = Path(__file__).resolve().parents[2]


def _wait_for(predicate, timeout, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


def _database_url() -> str:
    """The test database, as a DATABASE_URL another process can use."""
    conf = connection.settings_dict
    auth = conf["USER"] + (f":{conf['PASSWORD']}" if conf["PASSWORD"] else "")
    return f"postgres://{auth}@{conf['HOST']}:{conf['PORT']}/{conf['NAME']}"


FAST_JOB_ENV = {
    "JOB_HEARTBEAT_SECONDS": "1",
    "JOB_STALE_SECONDS": "3",
    "JOB_REAP_AFTER_SECONDS": "4",
    "JOB_REAP_INTERVAL_SECONDS": "1",
}


def _start_worker(tmp_path, name, *extra_args, env=None):
    """A real `celery -A syncplan worker --pool prefork -c 1` process on the test database, in a
    process group of its own (so it can be killed as a whole)."""
    log_path = tmp_path / f"{name}.log"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "LOG_FORMAT": "json",
        **(env or {}),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "syncplan", "worker", "--pool", "prefork", "-c", "1",
        "-n", f"{name}-{uuid.uuid4().hex[:8]}@%h", "--without-gossip", "--without-mingle",
        "--loglevel", "INFO", *extra_args,
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=log, stderr=log, start_new_session=True
        )
    process.log_path = log_path
    if not _wait_for(lambda: "ready" in log_path.read_text(errors="replace"), timeout=30):
        _stop(process)
        pytest.fail(f"the worker did not start:\n{log_path.read_text(errors='replace')}")
    return process


def _stop(process):
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


@pytest.fixture
def broker(transactional_db, tmp_path, settings):
    broker = celery_app.conf.broker_url or ""
    if not broker.startswith("redis://"):
        pytest.fail(f"fault tests need a Redis broker (CELERY_BROKER_URL), got {broker!r}")
    settings.MEDIA_ROOT = tmp_path / "media"
    celery_app.control.purge()  # messages left by an earlier, interrupted run
    celery_app.conf.task_always_eager = False


@pytest.fixture
def worker_process(broker, tmp_path):
    """One worker with a short heartbeat, so a lost job is taken over within seconds."""
    process = _start_worker(
        tmp_path, "faults", env={**FAST_JOB_ENV, "JOB_REAP_AFTER_SECONDS": "120"}
    )
    try:
        yield process
    finally:
        _stop(process)


def _pool_children(pid: int) -> set[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return {int(child) for child in children}


@pytest.mark.worker
def test_a_job_whose_worker_process_is_killed_mid_way_is_retried_and_completed(
    worker_process, plan
):
    job = jobs.start_job(
        kind=JobKind.SELFCHECK, plan=plan, options={"steps": 16, "step_seconds": 0.5}
    )

    def running_a_while():
        job.refresh_from_db()
        return job.status == JobStatus.RUNNING and job.progress >= 20

    assert _wait_for(running_a_while, timeout=20), f"job never ran: {job.status} {job.message}"
    pool_child = int(re.search(r"process (\d+)", job.message).group(1))
    assert pool_child in _pool_children(worker_process.pid)

    os.kill(pool_child, signal.SIGKILL)
    killed_at = timezone.now()

    def finished():
        job.refresh_from_db()
        return job.is_finished

    assert _wait_for(finished, timeout=40), (
        f"job still {job.status} at {job.progress}%: {job.message}\n"
        + worker_process.log_path.read_text(errors="replace")[-3000:]
    )
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.started_at > killed_at  # run again from the start after the loss ...
    assert job.result["pid"] != pool_child  # ... by the replacement pool process
    assert job.result["database"] == "ok"
    with job.result_file.open("rb") as handle:
        assert b'"steps": 16' in handle.read()
    assert "WorkerLostError" in worker_process.log_path.read_text(errors="replace")


@pytest.mark.worker
def test_a_job_whose_whole_worker_is_killed_finishes_on_a_new_worker(
    broker, plan, tmp_path, settings, member_client
):
    """kill -9 of the worker's main process and its pool child: the message stays unacknowledged
    in Redis until the visibility timeout (far beyond this test), so only the reaper, run by
    beat, can bring the job back; a new worker then finishes it."""
    settings.JOB_STALE_SECONDS = int(FAST_JOB_ENV["JOB_STALE_SECONDS"])
    started = time.monotonic()
    first = _start_worker(tmp_path, "doomed", env=FAST_JOB_ENV)
    try:
        job = jobs.start_job(
            kind=JobKind.SELFCHECK, plan=plan, options={"steps": 12, "step_seconds": 0.4}
        )

        def running_a_while():
            job.refresh_from_db()
            return job.status == JobStatus.RUNNING and job.progress >= 20

        assert _wait_for(running_a_while, timeout=20), f"never ran: {job.status} {job.message}"
        lost_pids = {first.pid, *_pool_children(first.pid)}
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        killed_at = timezone.now()
    finally:
        _stop(first)

    # Meanwhile the page tells the truth rather than a frozen percentage.
    def says_lost():
        page = member_client.get(f"/plans/{plan.pk}/jobs/{job.pk}/").content.decode()
        return "Worker lost, retrying" in page

    assert _wait_for(says_lost, timeout=10)

    schedule = tmp_path / "beat-schedule"
    second = _start_worker(tmp_path, "rescuer", "--beat", "--schedule", str(schedule),
                           env=FAST_JOB_ENV)  # fmt: skip
    try:

        def finished():
            job.refresh_from_db()
            return job.is_finished

        assert _wait_for(finished, timeout=40), (
            f"job still {job.status} at {job.progress}%: {job.message}\n"
            + second.log_path.read_text(errors="replace")[-3000:]
        )
    finally:
        _stop(second)
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.attempts == 1  # queued again once by the reaper
    assert job.started_at > killed_at
    assert job.result["pid"] not in lost_pids
    recovered = (job.finished_at - killed_at).total_seconds()
    print(f"whole worker killed: job finished {recovered:.1f} s later on a new worker")
    assert time.monotonic() - started < 60


def _job(plan, **fields):
    return Job.objects.create(plan=plan, kind=JobKind.SELFCHECK, **fields)


def _use_runner(monkeypatch, runner):
    monkeypatch.setitem(jobs.RUNNERS, JobKind.SELFCHECK, f"{__name__}.{runner.__name__}")


def failing_half_way(job, progress):
    progress(50, "half way")
    raise RuntimeError("the source system stopped answering")


def runs_out_of_time(job, progress):
    progress(10, "working")
    raise SoftTimeLimitExceeded()


def produces_a_file(job, progress):
    return JobOutcome(message="done", file_name="export.xlsx", file_content=b"x" * 4096)


def test_a_runner_that_fails_half_way_leaves_a_failed_job_and_no_file(
    plan, monkeypatch, member_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _use_runner(monkeypatch, failing_half_way)
    job = _job(plan)

    with pytest.raises(RuntimeError):
        jobs.execute(job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "stopped answering" in job.message
    assert not job.result_file
    assert list(tmp_path.rglob("*.*")) == []
    response = member_client.get(f"/plans/{plan.pk}/jobs/{job.pk}/download/")
    assert response.status_code == 404


def test_a_result_file_that_cannot_be_stored_fails_the_job_instead_of_serving_it(
    plan, monkeypatch, member_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _use_runner(monkeypatch, produces_a_file)
    job = _job(plan)

    def disk_full(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.read()[:100])  # a partial file is left behind
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("django.core.files.storage.FileSystemStorage._save", disk_full)

    with pytest.raises(OSError):
        jobs.execute(job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "could not be saved" in job.message
    assert not job.result_file  # the row never points at the partial file
    response = member_client.get(f"/plans/{plan.pk}/jobs/{job.pk}/download/")
    assert response.status_code == 404


def test_a_job_that_hits_the_soft_time_limit_fails_with_a_readable_message(plan, monkeypatch):
    _use_runner(monkeypatch, runs_out_of_time)
    job = _job(plan)

    jobs.execute(job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message.startswith("The job took longer than 9 minutes")


def test_a_job_killed_by_the_hard_time_limit_is_marked_failed(plan):
    job = _job(plan, status=JobStatus.RUNNING, heartbeat_at=timezone.now())

    # What the worker's main process sends after killing the pool child at the hard limit.
    task_failure.send(sender=run_job, task_id="t", exception=TimeLimitExceeded(600), args=[job.pk])

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "took longer than" in job.message


def test_a_job_lost_more_often_than_the_retries_allow_fails_with_a_message(plan):
    job = _job(plan, status=JobStatus.RUNNING, heartbeat_at=timezone.now())

    task_failure.send(sender=run_job, task_id="t", exception=WorkerLostError(), args=[job.pk])

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "lost several times" in job.message


def test_a_duplicate_delivery_does_not_run_a_job_whose_worker_is_alive(plan):
    job = _job(plan, status=JobStatus.RUNNING, heartbeat_at=timezone.now(), progress=40)

    assert jobs.execute(job.pk) is jobs.Claim.BUSY

    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    assert job.progress == 40


def test_a_delivery_takes_over_a_job_whose_worker_went_silent(plan):
    silent_since = timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS + 5)
    job = _job(plan, status=JobStatus.RUNNING, heartbeat_at=silent_since, progress=40)

    assert jobs.execute(job.pk) is jobs.Claim.RAN

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.started_at > silent_since


def requeued_then_reports(job, progress):
    # What the reaper does while this run looks dead (its heartbeat fell silent).
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, attempts=1, progress=0)
    progress(60, "still going")
    raise AssertionError("the run should have been stopped")


def requeued_then_finishes(job, progress):
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, attempts=1, progress=0)
    return JobOutcome(message="done twice?")


@pytest.mark.parametrize("runner", [requeued_then_reports, requeued_then_finishes])
def test_a_run_whose_job_was_queued_again_stops_and_leaves_it_to_the_next_run(
    plan, monkeypatch, runner
):
    _use_runner(monkeypatch, runner)
    job = _job(plan)

    assert jobs.execute(job.pk) is jobs.Claim.TAKEN_OVER

    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress) == (JobStatus.QUEUED, 1, 0)
    assert job.message == ""


def test_a_delivery_for_a_deleted_job_does_nothing(db):
    assert jobs.execute(987654) is jobs.Claim.MISSING


HEARTBEATS = []


def works_quietly(job, progress):
    """A long step that reports no progress; records the heartbeat before and after it."""
    before = Job.objects.get(pk=job.pk).heartbeat_at
    time.sleep(1.0)
    HEARTBEATS.append((before, Job.objects.get(pk=job.pk).heartbeat_at))
    return JobOutcome(message="done")


@pytest.mark.django_db(transaction=True)  # the heartbeat thread has its own connection
def test_the_heartbeat_keeps_a_quiet_runner_alive(plan, monkeypatch, settings):
    settings.JOB_HEARTBEAT_SECONDS = 0.2
    HEARTBEATS.clear()
    _use_runner(monkeypatch, works_quietly)
    job = _job(plan)

    jobs.execute(job.pk)

    ((before, after),) = HEARTBEATS
    assert after > before
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED


def test_the_reaper_fails_queued_jobs_no_worker_picked_up(plan, settings):
    forgotten = _job(plan)
    Job.objects.filter(pk=forgotten.pk).update(
        created_at=timezone.now() - timedelta(seconds=settings.JOB_QUEUED_MAX_SECONDS + 60)
    )
    recent = _job(plan)

    assert jobs.reap_stale_jobs() == 1

    forgotten.refresh_from_db()
    recent.refresh_from_db()
    assert forgotten.status == JobStatus.FAILED
    assert "No worker picked this job up" in forgotten.message
    assert recent.status == JobStatus.QUEUED


def test_job_tasks_are_acknowledged_late_retried_on_worker_loss_and_time_limited():
    assert run_job.acks_late
    assert run_job.reject_on_worker_lost
    assert run_job.retry_on_worker_lost
    assert run_job.max_retries == settings.JOB_WORKER_LOST_RETRIES
    assert run_job.default_retry_delay > settings.JOB_STALE_SECONDS
    conf = celery_app.conf
    assert 0 < conf.task_soft_time_limit < conf.task_time_limit
    assert conf.worker_prefetch_multiplier == 1
    # A message is redelivered only after the visibility timeout: longer than any run and a
    # retry's countdown, but not an hour (a job whose whole worker died waited that long).
    visibility = conf.broker_transport_options["visibility_timeout"]
    assert conf.task_time_limit + run_job.default_retry_delay < visibility < 3600
    # A job whose whole worker died is queued again within about a minute.
    assert settings.JOB_REAP_AFTER_SECONDS + settings.JOB_REAP_INTERVAL_SECONDS <= 60
    assert conf.beat_schedule["reap-stale-jobs"]["schedule"] == settings.JOB_REAP_INTERVAL_SECONDS
