"""Export files expire: a job's file is kept EXPORT_RETENTION_HOURS after it was made (the job
service sets ``expires_at``), then deleted from storage by a periodic task. Worksheets carry
personal data and plan details, so they should not pile up on a shared volume."""

from __future__ import annotations

import logging

from django.utils import timezone

from core.models import Job

log = logging.getLogger(__name__)


def is_expired(job, now=None) -> bool:
    return job.expires_at is not None and job.expires_at <= (now or timezone.now())


def purge_expired_exports(now=None) -> int:
    """Delete the files of expired jobs (the rows stay, without a file). Returns how many."""
    now = now or timezone.now()
    purged = 0
    for job in Job.objects.filter(expires_at__lte=now).exclude(result_file=""):
        name = job.result_file.name
        try:
            job.result_file.delete(save=False)
        except OSError as exc:  # keep going: one unreadable file must not block the rest
            log.warning("could not delete expired export %s: %s", name, exc)
            continue
        Job.objects.filter(pk=job.pk).update(result_file="")
        purged += 1
    return purged
