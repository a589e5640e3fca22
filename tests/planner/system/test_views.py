"""The operators' system page and the worker self-check job."""

import json

import pytest

from core import jobs
from core.models import Job, JobKind, JobStatus
from tests.factories import UserFactory


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(is_staff=True))
    return client


def test_only_administrators_see_the_system_page(client, db):
    client.force_login(UserFactory())

    assert client.get("/system/").status_code == 403
    assert client.post("/system/selfcheck/").status_code == 403
    assert not Job.objects.exists()


def test_the_system_page_shows_the_services(staff_client):
    response = staff_client.get("/system/")

    assert response.status_code == 200
    assert "<dt>Database</dt><dd>ok</dd>" in response.content.decode()


def test_an_administrator_runs_the_self_check_and_downloads_its_report(
    staff_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path

    response = staff_client.post("/system/selfcheck/")

    assert response.status_code == 302
    job = Job.objects.get(kind=JobKind.SELFCHECK)
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.result["database"] == "ok"
    download = staff_client.get(f"/system/selfcheck/{job.pk}/download/")
    assert download.status_code == 200
    assert json.loads(b"".join(download.streaming_content))["steps"] == 5


def test_the_status_partial_stops_polling_once_the_job_is_done(staff_client):
    job = jobs.start_job(kind=JobKind.SELFCHECK, options={"steps": 1, "step_seconds": 0})

    response = staff_client.get(f"/system/selfcheck/{job.pk}/", headers={"HX-Request": "true"})

    assert response.status_code == 286  # htmx: stop polling
    assert "Succeeded" in response.content.decode()
    assert "hx-trigger" not in response.content.decode()


def test_the_self_check_paces_itself_within_bounds(db, monkeypatch):
    from planner.system import selfcheck

    sleeps = []
    monkeypatch.setattr(selfcheck.time, "sleep", sleeps.append)
    job = Job(kind=JobKind.SELFCHECK, options={"steps": 10_000, "step_seconds": "lots"})
    reported = []

    outcome = selfcheck.run_selfcheck_job(job, lambda pct, msg="": reported.append(pct))

    assert len(sleeps) == selfcheck.MAX_STEPS
    assert set(sleeps) == {0.2}
    assert reported == sorted(reported) and max(reported) < 100
    assert outcome.result["steps"] == selfcheck.MAX_STEPS
