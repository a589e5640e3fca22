from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core import jobs
from core.models import Job, JobKind, JobStatus
from planner.exports.retention import purge_expired_exports

pytestmark = pytest.mark.django_db


def _finished_export(plan, hours_left):
    job = Job.objects.create(plan=plan, kind=JobKind.EXPORT_JSON)
    jobs.succeed(job.pk, jobs.JobOutcome(file_name="plan.json", file_content=b"{}"))
    job.refresh_from_db()
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() + timedelta(hours=hours_left))
    job.refresh_from_db()
    return job


def test_expired_export_files_are_deleted_and_fresh_ones_kept(plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    expired = _finished_export(plan, hours_left=-1)
    fresh = _finished_export(plan, hours_left=5)
    expired_path = expired.result_file.path

    assert purge_expired_exports() == 1

    expired.refresh_from_db()
    fresh.refresh_from_db()
    assert not expired.result_file and expired.status == JobStatus.SUCCEEDED
    assert not (tmp_path / expired_path).exists()
    assert fresh.result_file.storage.exists(fresh.result_file.name)


def test_an_expired_file_is_not_served_even_before_the_purge(
    member_client, plan, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    expired = _finished_export(plan, hours_left=-1)
    fresh = _finished_export(plan, hours_left=5)

    gone = member_client.get(reverse("planner:job_download", args=[plan.pk, expired.pk]))
    served = member_client.get(reverse("planner:job_download", args=[plan.pk, fresh.pk]))

    assert gone.status_code == 404
    assert served.status_code == 200
