"""Thin Celery tasks: each calls the same function a command or a test calls."""

from celery import shared_task

from planner import jobs


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_job(job_id: int) -> None:
    jobs.execute(job_id)


@shared_task
def reap_stale_jobs() -> int:
    return jobs.reap_stale_jobs()


@shared_task
def send_expiry_reminders() -> int:
    from planner.operations import reminders

    return reminders.send_expiry_reminders()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification(recipients: list[str], subject: str, body: str) -> int:
    from planner.review.notifications import deliver

    return deliver(recipients, subject, body)
