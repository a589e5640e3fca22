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
def purge_expired_exports() -> int:
    from planner.exports.retention import purge_expired_exports as purge

    return purge()
