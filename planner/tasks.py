"""Thin Celery tasks of the plan domain: each calls the same function a command or a test calls.

The kernel's own tasks (``run_job``, ``reap_stale_jobs``) are in core/tasks.py, under their
registered names ``planner.tasks.run_job`` and ``planner.tasks.reap_stale_jobs``.
"""

from celery import shared_task

from core import jobs


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
    them and finishes the job (planner.rehearsal.services)."""
    from planner.rehearsal.services import run_chunk

    run_chunk(chunk_id, worker=self.request.hostname or "")


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
    from core.pending_uploads import purge_expired
    from planner.exports.retention import purge_expired_exports as purge

    # Previewed uploads expire like export files: the same periodic clean-up.
    return purge() + purge_expired()
