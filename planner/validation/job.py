"""The "validate" job: the runner registered in core.jobs.RUNNERS."""

from __future__ import annotations

from core.jobs import JobOutcome

from .services import summarize, validate_and_store


def run_validation_job(job, progress) -> JobOutcome:
    revision, findings = validate_and_store(job.plan, job=job, progress=progress)
    counts = summarize(findings)
    return JobOutcome(
        message=(
            f"{len(findings)} findings: {counts['error']} open errors, {counts['warning']} open "
            f"warnings, {counts['info']} info."
        ),
        result={"revision": revision, "counts": counts, "findings": len(findings)},
    )
