"""Thin Celery tasks: each calls the same function a command or a test calls.

``run_job`` is acknowledged only after it ran (acks_late), so a message whose worker process
is lost goes back to the queue; it is retried (after the job's heartbeat has gone stale) at most
JOB_WORKER_LOST_RETRIES times, then the job fails with a message. When the whole worker is lost,
the reaper (``reap_stale_jobs``) queues the job again instead (see planner.jobs).
"""

from billiard.exceptions import WorkerLostError
from celery import shared_task
from celery.exceptions import MaxRetriesExceededError, TimeLimitExceeded
from celery.signals import task_failure
from django.conf import settings

from planner import jobs


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    retry_on_worker_lost=True,
    max_retries=settings.JOB_WORKER_LOST_RETRIES,
    # By the time the retry runs, the dead run's heartbeat is stale and the job can be taken.
    default_retry_delay=settings.JOB_STALE_SECONDS + 1,
)
def run_job(self, job_id: int) -> None:
    claim = jobs.execute(job_id)
    if claim is jobs.Claim.BUSY and not self.request.is_eager:
        # Another delivery of this job is running (its heartbeat is fresh): look again once it
        # would have gone stale, for as long as the job could still be running.
        patience = settings.CELERY_TASK_TIME_LIMIT // settings.JOB_STALE_SECONDS + 2
        try:
            raise self.retry(
                countdown=settings.JOB_STALE_SECONDS,
                max_retries=settings.JOB_WORKER_LOST_RETRIES + patience,
            )
        except MaxRetriesExceededError:
            return


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_auto_validation(job_id: int) -> None:
    """An automatic validation (planner.validation.live): sent again while edits keep coming or
    another validation of the plan runs, then run like any job."""
    from planner.validation import live

    wait = live.wait_seconds(job_id)
    if wait > 0:
        live.publish(job_id, wait)
        return
    jobs.execute(job_id)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def rehearse_chunk(self, chunk_id: int) -> None:
    """One part of a rehearsal split over several workers; the part that finishes last merges
    them and finishes the job (planner.services.rehearsals)."""
    from planner.services.rehearsals import run_chunk

    run_chunk(chunk_id, worker=self.request.hostname or "")


@task_failure.connect(sender=run_job)
def _job_task_failed(sender=None, task_id=None, exception=None, args=None, **kwargs):
    """Runs in the worker's main process when the pool child could not report: a hard time
    limit killed it, or it was lost more often than the retries allow."""
    if not args:
        return
    if isinstance(exception, TimeLimitExceeded):
        jobs.fail(args[0], jobs.time_limit_message())
    elif isinstance(exception, WorkerLostError):
        jobs.fail(args[0], jobs.WORKER_LOST)


@shared_task
def reap_stale_jobs() -> int:
    return jobs.reap_stale_jobs()


@shared_task
def send_expiry_reminders() -> int:
    from planner.operations import reminders

    return reminders.send_expiry_reminders()


@shared_task
def send_outbox_email(pk: int) -> bool:
    from planner.review.notifications import send_one

    return send_one(pk)


@shared_task
def send_pending_emails() -> int:
    from planner.review.notifications import send_pending

    return send_pending()


@shared_task
def send_notification(recipients: list[str], subject: str, body: str) -> None:
    """Messages published before the outbox existed: they join it (and are sent from there)."""
    from planner.review.notifications import notify

    notify(recipients, subject, body)


@shared_task
def purge_expired_exports() -> int:
    from planner.exports.retention import purge_expired_exports as purge
    from planner.pending_uploads import purge_expired

    # Previewed uploads expire like export files: the same periodic clean-up.
    return purge() + purge_expired()
