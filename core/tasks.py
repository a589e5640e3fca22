"""The kernel's Celery tasks (thin): each calls the same function a command or a test calls.

``run_job`` is acknowledged only after it ran (acks_late), so a message whose worker process
is lost goes back to the queue; it is retried (after the job's heartbeat has gone stale) at most
JOB_WORKER_LOST_RETRIES times, then the job fails with a message. When the whole worker is lost,
the reaper (``reap_stale_jobs``) queues the job again instead (see core/jobs.py).
"""

from billiard.exceptions import WorkerLostError
from celery import shared_task
from celery.exceptions import MaxRetriesExceededError, TimeLimitExceeded
from celery.signals import task_failure
from django.conf import settings

from core import jobs


@shared_task(
    name="planner.tasks.run_job",  # its name before it moved: queued messages still run
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


@shared_task(name="planner.tasks.reap_stale_jobs")  # the name beat's schedule uses
def reap_stale_jobs() -> int:
    return jobs.reap_stale_jobs()
