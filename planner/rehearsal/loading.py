"""Loading the rehearsal status (``planner/rehearsal/status.py``) and the last rehearsal of the
current revision, for the pages, the worksheet and the validator's RHR rules.

A rehearsal belongs to the plan revision it rehearsed (the job records it before reading the
snapshot). Its findings (RHR, ``planner/validation/rules/rhr.py``) are raised by a validation
of that same revision only; after an edit the plan is "rehearsed at revision M; changed since"
and a validation raises none until the plan is rehearsed again. An acknowledgement changes no
rehearsal result: ``carry_forward`` moves the rehearsal to the revision the acknowledgement
makes, as ``acknowledge_many`` moves the validated findings.
"""

from __future__ import annotations

from core.models import Job, JobKind, JobStatus
from planner.rehearsal.status import (
    RehearsalRecord,
    RehearsalStatus,
    items_by_endpoint,
    rehearsal_status,
)


def last_job(plan) -> Job | None:
    """The plan's last finished rehearsal: the one the status names and ``last_rehearsal``
    reads back. One query."""
    job = (
        Job.objects.filter(plan=plan, kind=JobKind.REHEARSE, status=JobStatus.SUCCEEDED)
        .order_by("-finished_at", "-pk")
        .first()
    )
    if job is None or "revision" not in job.result:
        return None
    return job


def record_of(job: Job | None, names: dict[str, str]) -> RehearsalRecord | None:
    if job is None:
        return None
    counts = job.result.get("counts", {})
    return RehearsalRecord(
        revision=job.result["revision"],
        items_by_endpoint=items_by_endpoint(job.result.get("sample_sets", ()), names),
        items=counts.get("items", 0),
        clean=counts.get("clean", 0),
        with_losses=counts.get("with_losses", 0),
        refused=counts.get("refused", 0),
    )


def rehearsal_status_of(plan) -> RehearsalStatus:
    """The plan's rehearsal status: two queries (its last rehearsal, its endpoints' names)."""
    job = last_job(plan)
    names = dict(plan.endpoints.values_list("key", "name")) if job is not None else {}
    return rehearsal_status(plan.revision, record_of(job, names))


def current_rehearsal(plan, revision: int | None = None):
    """The stored result of the plan's last rehearsal (``planner.rehearsal.services.Rehearsed``)
    when it rehearsed ``revision`` (default: the plan's current one), else None. The stored
    file is read only then."""
    from planner.rehearsal.services import last_rehearsal

    revision = plan.revision if revision is None else revision
    job = last_job(plan)
    if job is None or job.result["revision"] != revision:
        return None
    return last_rehearsal(plan, job)


def carry_forward(plan, old_revision: int, new_revision: int) -> None:
    """An acknowledgement made ``new_revision`` from ``old_revision``: a rehearsal of the old
    revision is the rehearsal of the new one (acknowledgements change no rehearsal result).
    Only across the one revision the acknowledgement made: when another change came in between
    (``old_revision``, read before it, is then stale), the rehearsal stays behind."""
    if new_revision != old_revision + 1:
        return
    job = last_job(plan)
    if job is None or job.result["revision"] != old_revision:
        return
    job.result = {**job.result, "revision": new_revision}
    Job.objects.filter(pk=job.pk).update(result=job.result)
