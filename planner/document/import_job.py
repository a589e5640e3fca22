"""Importing an uploaded plan document as a job: a 13 MB document takes seconds to check and
write, too long for a web request. The view stores the upload through the storage API (web and
workers may run on different hosts) and starts the job; the runner reads, imports and deletes
it."""

from __future__ import annotations

import uuid

from django.core.files.storage import default_storage

from core.jobs import JobFailed, JobOutcome
from planner.document.load import DocumentRejected, import_document, parse_document

INPUT_DIR = "job-inputs"


def store_upload(upload) -> str:
    """Keep the uploaded document for the job; returns its storage name."""
    return default_storage.save(f"{INPUT_DIR}/{uuid.uuid4().hex}.json", upload)


def discard_upload(name: str) -> None:
    if name and name.startswith(f"{INPUT_DIR}/"):
        default_storage.delete(name)


def run_import_job(job, progress) -> JobOutcome:
    """``job.options``: ``input`` (the stored upload) and ``name`` (empty keeps the document's).
    A refused document fails the job with each problem in ``result["problems"]``."""
    stored = job.options.get("input", "")
    if job.created_by is None:
        raise JobFailed("The account that uploaded the document no longer exists.")
    try:
        progress(5, "Reading the document")
        try:
            with default_storage.open(stored, "rb") as handle:
                doc = parse_document(handle.read())
        except FileNotFoundError:
            raise JobFailed("The uploaded document is gone; upload it again.") from None
        except ValueError as exc:  # not JSON, or beyond a limit (core.uploads)
            problem = f"The file is not a JSON document within the limits: {str(exc)[:300]}"
            raise JobFailed(problem, result={"problems": [problem]}) from None
        progress(20, "Checking the document and writing the plan")
        try:
            plan = import_document(doc, user=job.created_by, name=job.options.get("name") or None)
        except DocumentRejected as refused:
            count = len(refused.messages)
            raise JobFailed(
                f"The document was refused ({count} problem{'s' if count != 1 else ''}).",
                result={"problems": refused.messages},
            ) from refused
    finally:
        discard_upload(stored)
    return JobOutcome(message=f"Imported “{plan.name}”.", result={"plan_id": plan.pk})
