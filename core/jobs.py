"""The Job service: start a background job, record its progress, finish or fail it.

The UI polls Job rows, never the broker. Each job kind has one runner function (a dotted path in
RUNNERS, registered by its app with ``register_runner``) that does the work; the Celery task ``run_job`` (core/tasks.py) is a thin wrapper that
calls ``execute(job_id)``, and tests or commands may call the same function synchronously.

A runner has the signature ``runner(job, progress) -> JobOutcome`` where ``progress(percent,
message="")`` records progress (and a heartbeat) on the row. Its file, if any, is stored only
once it has returned: a runner that fails or dies leaves no file to download.

Faults (see the JOB_* settings): while a runner works, a heartbeat thread refreshes the row, so a
job whose process died is recognisable by its silence. ``execute`` claims a job only when it is
queued or its heartbeat has gone stale, so a duplicate delivery never runs a job twice at once
and a delivery after a worker loss takes it over. ``reap_stale_jobs`` (periodic) queues again a job
whose whole worker was lost (its message would wait for the broker's visibility timeout), up to
the retry limit, and fails what no worker will finish.

Fairness: validation goes to its own queue, and each user and each plan may have only so many
jobs queued or running (JOB_MAX_ACTIVE_PER_USER, JOB_MAX_ACTIVE_PER_PLAN).
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import close_old_connections, connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from core.locks import lock_for_transaction
from core.models import Job, JobKind, JobStatus

log = logging.getLogger(__name__)
job_log = logging.getLogger("syncplan.job")

# Each job kind's runner, by dotted path: the apps register their own in AppConfig.ready().
RUNNERS: dict[str, str] = {}


def register_runner(kind: str, runner: str) -> None:
    """Name the function (dotted path) that runs the jobs of ``kind``."""
    RUNNERS[kind] = runner


QUEUE_UNAVAILABLE = "The job queue is unavailable; try again in a moment."
WORKER_LOST = (
    "The worker running this job was lost several times (it may be running out of memory); "
    "the job was stopped. Start it again, or ask your administrator to check the worker."
)
WORKER_LOST_RETRYING = "Worker lost, retrying (attempt {attempt} of {attempts})."
NEVER_PICKED_UP = (
    "No worker picked this job up; ask your administrator to check that a worker is running, "
    "then start it again."
)


def time_limit_message() -> str:
    minutes = max(1, round(settings.CELERY_TASK_SOFT_TIME_LIMIT / 60))
    return f"The job took longer than {minutes} minutes and was stopped."


class JobNotStarted(Exception):
    """The job could not be started. ``str(exc)`` is the message to show the user."""


class JobQueueUnavailable(JobNotStarted):
    """The broker could not be reached; the job was recorded as failed."""


class JobLimitReached(JobNotStarted):
    """The user or the plan already has as many jobs queued or running as allowed; nothing was
    recorded."""


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
# Quick jobs people wait for on the page; each has its own queue, away from long exports.
QUEUE_BY_KIND = {JobKind.VALIDATE: "JOB_VALIDATION_QUEUE"}


def queue_for(kind: str) -> str:
    setting = QUEUE_BY_KIND.get(kind)
    return getattr(settings, setting) if setting else settings.CELERY_TASK_DEFAULT_QUEUE


def _check_limits(plan, user) -> None:
    """Refuse a job over the per-user or per-plan cap. Call inside the transaction that records
    the job: the locks make two simultaneous starts count one another."""
    if user is not None:
        lock_for_transaction(f"jobs-of-user-{user.pk}")
        limit = settings.JOB_MAX_ACTIVE_PER_USER
        if Job.objects.filter(created_by=user, status__in=ACTIVE).count() >= limit:
            raise JobLimitReached(
                f"You already have {limit} jobs queued or running; wait until one has finished, "
                "then start this one again."
            )
    if plan is not None:
        lock_for_transaction(f"jobs-of-plan-{plan.pk}")
        limit = settings.JOB_MAX_ACTIVE_PER_PLAN
        # Automatic validations (one per plan, coalesced) are not anyone's to wait for.
        # (has_key first: on a row without the key, "auto = true" alone is NULL, never false.)
        active = Job.objects.filter(plan=plan, status__in=ACTIVE).exclude(
            options__has_key="auto", options__auto=True
        )
        if active.count() >= limit:
            raise JobLimitReached(
                f"This plan already has {limit} jobs queued or running; wait until one has "
                "finished, then start this one again."
            )


class JobFailed(Exception):
    """Raised by a runner to fail its job as a refusal, not a crash: ``str(exc)`` is the
    message for the user, ``result`` the details (e.g. each problem of a document)."""

    def __init__(self, message: str, result: dict | None = None):
        super().__init__(message)
        self.result = result or {}


class JobTakenOver(Exception):
    """This run went silent, so the reaper queued the job again for another run."""


class Claim(enum.Enum):
    RAN = "ran"
    FINISHED = "finished"  # already succeeded or failed: nothing to do
    BUSY = "busy"  # another live worker holds it (fresh heartbeat)
    MISSING = "missing"
    TAKEN_OVER = "taken over"  # the reaper queued it again while this run was silent


@dataclass
class JobOutcome:
    message: str = ""
    result: dict = field(default_factory=dict)
    file_name: str = ""
    file_content: bytes | None = None
    # The runner handed the work to other tasks (a rehearsal split over several workers): the
    # job stays running, and the task that finishes it calls ``succeed`` or ``fail``.
    deferred: bool = False


def start_job(*, kind: str, plan=None, user=None, options: dict | None = None) -> Job:
    """Record a job and queue it. Raises JobLimitReached (nothing recorded) when the user or the
    plan has too many jobs queued or running, and JobQueueUnavailable (job marked failed) when
    the broker cannot be reached, within about a second (bounded connection retries, no publish
    retry); in the embedded default (no broker) the job runs in-process at once."""
    user = user if user and user.is_authenticated else None
    with transaction.atomic():
        _check_limits(plan, user)
        job = Job.objects.create(kind=kind, plan=plan, created_by=user, options=options or {})
    try:
        _publish(job)
    except Exception as exc:  # noqa: BLE001 - kombu raises transport-specific errors
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        fail(job.pk, QUEUE_UNAVAILABLE)
        log.warning("job %s could not be queued: %s", job.pk, exc)
        raise JobQueueUnavailable(QUEUE_UNAVAILABLE) from exc
    job.refresh_from_db()
    return job


def _publish(job: Job) -> None:
    from core.tasks import run_job

    result = run_job.apply_async(args=[job.pk], queue=queue_for(job.kind), retry=False)
    if result.id:
        Job.objects.filter(pk=job.pk).update(celery_task_id=result.id)


def _claim(job_id: int) -> Claim:
    """Take the job for this process: queued, or running with a stale heartbeat (the process
    that ran it died and this is the redelivery). One UPDATE, so two workers never both win."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.JOB_STALE_SECONDS)
    claimable = Q(status=JobStatus.QUEUED) | Q(status=JobStatus.RUNNING) & (
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True)
    )
    claimed = (
        Job.objects.filter(claimable, pk=job_id)
        .update(status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, progress=0)
    )  # fmt: skip
    if claimed:
        return Claim.RAN
    status = Job.objects.filter(pk=job_id).values_list("status", flat=True).first()
    if status is None:
        return Claim.MISSING
    return Claim.BUSY if status == JobStatus.RUNNING else Claim.FINISHED


class _Heartbeat:
    """Refreshes the job's heartbeat from a side thread while the runner works, so a long step
    that reports no progress is not mistaken for a dead worker."""

    def __init__(self, job_id: int, interval: float):
        self.job_id = job_id
        self.interval = interval
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat")
        self.thread.daemon = True

    def _beat(self):
        try:
            while not self.stop.wait(self.interval):
                try:
                    Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception:  # noqa: BLE001 - a missed beat must not kill the job
                    log.warning("heartbeat of job %s failed", self.job_id, exc_info=True)
                    close_old_connections()
        finally:
            connection.close()  # this thread's own connection

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stop.set()
        self.thread.join(timeout=self.interval + 5)


def heartbeat(job_id: int) -> _Heartbeat:
    """``with heartbeat(job_id):`` keeps a job's heartbeat fresh while a task works on it outside
    ``execute`` (a part of a split rehearsal)."""
    return _Heartbeat(job_id, settings.JOB_HEARTBEAT_SECONDS)


def execute(job_id: int) -> Claim:
    """Run a job's runner, recording progress and the outcome on its row. Idempotent: a job that
    already finished (e.g. redelivered after a worker loss) is left alone, and one a live worker
    is running is reported BUSY (the task retries later) rather than run twice."""
    claim = _claim(job_id)
    if claim is not Claim.RAN:
        log.info("job %s not run: %s", job_id, claim.value)
        return claim
    job = Job.objects.select_related("plan", "created_by").get(pk=job_id)
    started = time.monotonic()

    def progress(percent: int, message: str = "") -> None:
        # Only while this run still holds the job: one the reaper queued again (this process
        # looked dead) belongs to the next run, and this one stops.
        if not Job.objects.filter(pk=job_id, attempts=job.attempts).update(
            progress=max(0, min(100, int(percent))), message=message, heartbeat_at=timezone.now()
        ):
            raise JobTakenOver(job_id)

    runner = import_string(RUNNERS[job.kind])
    try:
        with _Heartbeat(job_id, settings.JOB_HEARTBEAT_SECONDS):
            outcome = runner(job, progress)
    except JobTakenOver:
        log.warning("job %s was queued again while this run was silent; run stopped", job_id)
        return Claim.TAKEN_OVER
    except JobFailed as refused:
        fail(job_id, str(refused), result=refused.result)
        _log_finished(job, JobStatus.FAILED, started)
        return Claim.RAN
    except SoftTimeLimitExceeded:
        fail(job_id, time_limit_message())
        _log_finished(job, JobStatus.FAILED, started)
        return Claim.RAN
    except Exception as exc:
        fail(job_id, f"{exc.__class__.__name__}: {exc}")
        _log_finished(job, JobStatus.FAILED, started)
        raise
    if outcome.deferred:
        log.info("job %s handed on to other tasks", job_id)
        return Claim.RAN
    try:
        if not succeed(job_id, outcome, attempt=job.attempts):
            log.warning("job %s was queued again while this run was silent; result dropped", job_id)
            return Claim.TAKEN_OVER
    except Exception as exc:
        # e.g. the storage is full: the job fails rather than pointing at a broken file.
        fail(job_id, f"The result could not be saved ({exc.__class__.__name__}: {exc}).")
        _log_finished(job, JobStatus.FAILED, started)
        raise
    _log_finished(job, JobStatus.SUCCEEDED, started)
    return Claim.RAN


def _log_finished(job: Job, status: str, started: float) -> None:
    duration_ms = round((time.monotonic() - started) * 1000, 1)
    fields = {
        "job": job.pk,
        "kind": job.kind,
        "plan": job.plan_id,
        "user": job.created_by.get_username() if job.created_by else None,
        "status": status,
        "duration_ms": duration_ms,
    }
    level = logging.INFO if status == JobStatus.SUCCEEDED else logging.WARNING
    job_log.log(
        level,
        "job %s %s %s %.1fms",
        job.pk,
        job.kind,
        status,
        duration_ms,
        extra={"fields": fields},
    )


def succeed(job_id: int, outcome: JobOutcome, attempt: int | None = None) -> bool:
    """Record the outcome; False (nothing recorded) when the job was queued again since run
    ``attempt`` took it."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if attempt is not None and job.attempts != attempt:
            return False
        if outcome.file_content is not None:
            # Through the storage API: web and workers may run on different hosts. The row points
            # at the file only when this transaction commits, so a failure here serves nothing.
            job.result_file.save(outcome.file_name, ContentFile(outcome.file_content), save=False)
            job.expires_at = timezone.now() + timedelta(hours=settings.EXPORT_RETENTION_HOURS)
        job.status = JobStatus.SUCCEEDED
        job.progress = 100
        job.message = outcome.message
        job.result = outcome.result
        job.finished_at = timezone.now()
        job.save()
    return True


def fail(job_id: int, message: str, result: dict | None = None) -> None:
    details = {"result": result} if result is not None else {}
    Job.objects.filter(pk=job_id).exclude(status=JobStatus.SUCCEEDED).update(
        status=JobStatus.FAILED, message=message[:2000], finished_at=timezone.now(), **details
    )


# Features whose jobs wait on parts of their own (a split rehearsal's parts, queued for other
# workers): each names, as a queryset, the parts still queued for a job's current run. While
# some wait, no process beats the job's heart, yet it is waiting, not lost.
WAITING_PARTS: list = []


def register_waiting_parts(parts) -> None:
    """``parts(job, attempt, since)``: a queryset of a job's parts still queued (``job`` and
    ``attempt`` may be OuterRefs; ``since``: only parts queued after then)."""
    WAITING_PARTS.append(parts)


def reap_stale_jobs(max_silence: timedelta | None = None) -> int:
    """Deal with the jobs whose worker is gone. A running job whose heartbeat has been silent too
    long lost its whole worker (a lost pool process is retried by Celery itself): its message
    stays unacknowledged until the broker's visibility timeout, so it is queued again at once,
    at most JOB_WORKER_LOST_RETRIES times, then failed. Queued jobs no worker picked up are
    failed. Returns how many jobs were queued again or failed."""
    now = timezone.now()
    if max_silence is None:
        max_silence = timedelta(seconds=settings.JOB_REAP_AFTER_SECONDS)
    cutoff = now - max_silence
    queued_cutoff = now - timedelta(seconds=settings.JOB_QUEUED_MAX_SECONDS)
    silent = Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff)
    for parts in WAITING_PARTS:
        silent = silent.exclude(Exists(parts(OuterRef("pk"), OuterRef("attempts"), queued_cutoff)))
    retries = settings.JOB_WORKER_LOST_RETRIES
    reaped = silent.filter(attempts__gte=retries).update(
        status=JobStatus.FAILED, message=WORKER_LOST, finished_at=now
    )
    for job in silent.filter(attempts__lt=retries):
        message = WORKER_LOST_RETRYING.format(attempt=job.attempts + 2, attempts=retries + 1)
        # Conditional, so a job that came back to life (or another reaper) is left alone.
        if not silent.filter(pk=job.pk, attempts=job.attempts).update(
            status=JobStatus.QUEUED, attempts=F("attempts") + 1, progress=0, message=message
        ):
            continue
        reaped += 1
        try:
            _publish(job)
        except Exception:  # noqa: BLE001 - the broker is down: the queued-too-long rule applies
            log.warning("job %s could not be queued again", job.pk, exc_info=True)
        else:
            log.warning("job %s lost its worker; queued again", job.pk)
    # A job queued again keeps its last heartbeat, so it gets the full wait from then on.
    forgotten = Job.objects.filter(
        Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=queued_cutoff),
        status=JobStatus.QUEUED,
        created_at__lt=queued_cutoff,
    )
    reaped += forgotten.update(status=JobStatus.FAILED, message=NEVER_PICKED_UP, finished_at=now)
    if reaped:
        log.warning("reaped %s job(s) whose worker is gone", reaped)
    return reaped
