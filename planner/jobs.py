"""The Job service: start a background job, record its progress, finish or fail it.

The UI polls Job rows, never the broker. Each job kind has one runner function (a dotted path in
RUNNERS) that does the work; the Celery task ``planner.tasks.run_job`` is a thin wrapper that
calls ``execute(job_id)``, and tests or commands may call the same function synchronously.

A runner has the signature ``runner(job, progress) -> JobOutcome`` where ``progress(percent,
message="")`` records progress (and a heartbeat) on the row.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from planner.models import Job, JobKind, JobStatus

log = logging.getLogger(__name__)

RUNNERS: dict[str, str] = {
    JobKind.VALIDATE: "planner.validation.job.run_validation_job",
    JobKind.EXPORT_XLSX: "planner.exports.job.run_export_job",
    JobKind.EXPORT_CSV: "planner.exports.job.run_export_job",
    JobKind.EXPORT_JSON: "planner.exports.job.run_export_job",
}


class JobQueueUnavailable(Exception):
    """The broker could not be reached; the job was recorded as failed."""


@dataclass
class JobOutcome:
    message: str = ""
    result: dict = field(default_factory=dict)
    file_name: str = ""
    file_content: bytes | None = None


def start_job(*, kind: str, plan=None, user=None, options: dict | None = None) -> Job:
    """Record a job and queue it. Raises JobQueueUnavailable (job marked failed) when the broker
    cannot be reached; in the embedded default (no broker) the job runs in-process at once."""
    job = Job.objects.create(
        kind=kind, plan=plan, created_by=user if user and user.is_authenticated else None,
        options=options or {},
    )  # fmt: skip
    from planner.tasks import run_job

    try:
        result = run_job.apply_async(args=[job.pk], retry=False)
    except Exception as exc:  # noqa: BLE001 - kombu raises transport-specific errors
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        fail(job.pk, "The job queue is unavailable; try again in a moment.")
        log.warning("job %s could not be queued: %s", job.pk, exc)
        raise JobQueueUnavailable(str(exc)) from exc
    if result.id:
        Job.objects.filter(pk=job.pk, celery_task_id="").update(celery_task_id=result.id)
    job.refresh_from_db()
    return job


def execute(job_id: int) -> None:
    """Run a job's runner, recording progress and the outcome on its row. Idempotent: a job that
    already finished (e.g. redelivered after a worker loss) is left alone."""
    now = timezone.now()
    claimed = (
        Job.objects.filter(pk=job_id)
        .exclude(status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED])
        .update(status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, progress=0)
    )
    if not claimed:
        return
    job = Job.objects.select_related("plan", "created_by").get(pk=job_id)

    def progress(percent: int, message: str = "") -> None:
        Job.objects.filter(pk=job_id).update(
            progress=max(0, min(100, int(percent))), message=message, heartbeat_at=timezone.now()
        )

    runner = import_string(RUNNERS[job.kind])
    try:
        outcome = runner(job, progress)
    except Exception as exc:
        fail(job_id, f"{exc.__class__.__name__}: {exc}")
        raise
    succeed(job_id, outcome)


def succeed(job_id: int, outcome: JobOutcome) -> None:
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if outcome.file_content is not None:
            # Through the storage API: web and workers may run on different hosts.
            job.result_file.save(outcome.file_name, ContentFile(outcome.file_content), save=False)
            job.expires_at = timezone.now() + timedelta(hours=settings.EXPORT_RETENTION_HOURS)
        job.status = JobStatus.SUCCEEDED
        job.progress = 100
        job.message = outcome.message
        job.result = outcome.result
        job.finished_at = timezone.now()
        job.save()


def fail(job_id: int, message: str) -> None:
    Job.objects.filter(pk=job_id).exclude(status=JobStatus.SUCCEEDED).update(
        status=JobStatus.FAILED, message=message[:2000], finished_at=timezone.now()
    )


def reap_stale_jobs(max_silence: timedelta = timedelta(minutes=15)) -> int:
    """Mark failed the running jobs whose worker has gone silent (no heartbeat), so none stays
    "running" for ever."""
    cutoff = timezone.now() - max_silence
    return Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff).update(
        status=JobStatus.FAILED,
        message="The worker running this job stopped responding; start it again.",
        finished_at=timezone.now(),
    )
