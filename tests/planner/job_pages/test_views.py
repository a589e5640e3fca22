"""The job page works without JavaScript: while the job runs, a link reloads it."""

import pytest
from django.urls import reverse

from core.models import Job

pytestmark = pytest.mark.django_db


def _page(member_client, plan, job):
    url = reverse("planner:job_status", kwargs={"plan_id": plan.pk, "job_id": job.pk})
    return url, member_client.get(url).content.decode()


def test_a_running_job_offers_a_reload_link_for_browsers_without_javascript(member_client, plan):
    job = Job.objects.create(plan=plan, kind="validate", status="running", progress=40)
    url, html = _page(member_client, plan, job)
    assert f'<noscript><a class="job-reload" href="{url}">' in html


def test_a_finished_job_needs_no_reload(member_client, plan):
    job = Job.objects.create(plan=plan, kind="validate", status="succeeded", progress=100)
    _, html = _page(member_client, plan, job)
    assert "job-reload" not in html
