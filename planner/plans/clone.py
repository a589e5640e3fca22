"""Cloning a plan: its document imported as a new plan (so a clone is exactly what an export and
an import elsewhere would give)."""

from __future__ import annotations

from planner.document.dump import plan_document
from planner.document.gcpause import cyclic_gc_paused
from planner.document.load import import_document


def clone_plan(plan, *, name: str, user):
    """A new draft plan with ``plan``'s content, named ``name``, owned by ``user``."""
    with cyclic_gc_paused():
        doc = plan_document(plan)
    return import_document(doc, user=user, name=name, own_export=True)


def run_clone_job(job, progress):
    """The clone as a job (an enterprise-size plan takes seconds): ``job.plan`` is copied for
    ``job.created_by`` under ``job.options["name"]``; the result names the copy."""
    from core.jobs import JobFailed, JobOutcome
    from planner.document.load import DocumentRejected

    if job.created_by is None:
        raise JobFailed("The account that asked for the copy no longer exists.")
    name = job.options.get("name") or job.plan.name
    progress(5, "Reading the plan")
    with cyclic_gc_paused():
        doc = plan_document(job.plan)
    progress(40, "Writing the copy")
    try:
        clone = import_document(doc, user=job.created_by, name=name, own_export=True)
    except DocumentRejected as refused:
        # Only a catalog product missing from this installation can refuse its own export.
        raise JobFailed(
            "The plan could not be copied: " + "; ".join(refused.messages[:5]),
            result={"problems": refused.messages},
        ) from refused
    return JobOutcome(message=f"Copied to “{clone.name}”; you own the copy.",
                      result={"plan_id": clone.pk})  # fmt: skip
