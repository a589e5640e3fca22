"""Cloning a plan and importing a plan document run as jobs, out of the web request
(issue 12, point 11): the request queues the work and answers with the job's page, which
polls until the worker has finished."""

import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import Job, JobKind, JobStatus
from planner.document.dump import plan_document
from planner.models import Membership, Plan
from tests.factories import MembershipFactory, UserFactory
from tests.planner.document.plans import full_plan


def _finished(job, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.2)
    return job


def _upload(client, content: bytes):
    return client.post(
        reverse("planner:plan_import"),
        {"document": SimpleUploadedFile("plan.json", content, content_type="application/json")},
    )


@pytest.fixture
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_clone_is_a_job_the_page_follows_to_the_copy(celery_worker, client):
    plan = full_plan()
    user = UserFactory()
    MembershipFactory(plan=plan, user=user, role="editor")
    client.force_login(user)

    response = client.post(reverse("planner:plan_clone", args=[plan.pk]), {"name": "The copy"})

    job = Job.objects.get(kind=JobKind.CLONE, plan=plan, created_by=user)
    assert response.url == reverse("planner:job_status", args=[plan.pk, job.pk])
    assert _finished(job).status == JobStatus.SUCCEEDED, job.message
    clone = Plan.objects.get(pk=job.result["plan_id"])
    assert clone.name == "The copy"
    assert Membership.objects.get(plan=clone).user == user
    assert plan_document(clone)["connections"] == plan_document(plan)["connections"]
    page = client.get(response.url).content.decode()
    assert "Copied to “The copy”" in page
    assert reverse("planner:plan_detail", args=[clone.pk]) in page


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_import_is_a_job_and_its_stored_upload_is_removed(celery_worker, client, uploads):
    doc = plan_document(full_plan())
    user = UserFactory()
    client.force_login(user)

    response = _upload(client, json.dumps(doc).encode())

    job = Job.objects.get(kind=JobKind.IMPORT_DOCUMENT, created_by=user)
    assert response.url == reverse("planner:plan_import_status", args=[job.pk])
    assert _finished(job).status == JobStatus.SUCCEEDED, job.message
    imported = Plan.objects.get(pk=job.result["plan_id"])
    assert Membership.objects.get(plan=imported).user == user
    assert plan_document(imported)["connections"] == doc["connections"]
    page = client.get(response.url).content.decode()
    assert reverse("planner:plan_detail", args=[imported.pk]) in page
    assert not list((uploads / "job-inputs").iterdir())


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_refused_import_job_lists_each_problem_and_creates_nothing(
    celery_worker, client, uploads
):
    doc = plan_document(full_plan())
    doc["connections"][0]["type_mappings"][0]["direction"] = "sideways"
    user = UserFactory()
    client.force_login(user)
    before = Plan.objects.count()

    response = _upload(client, json.dumps(doc).encode())

    job = _finished(Job.objects.get(kind=JobKind.IMPORT_DOCUMENT, created_by=user))
    assert job.status == JobStatus.FAILED
    assert Plan.objects.count() == before
    page = client.get(response.url).content.decode()
    assert "The document was refused (1 problem)" in page
    assert "/connections[alm-jira]/type_mappings[defect-&gt;bug]/direction: " in page


def test_an_import_job_page_is_its_uploaders_only(client, db):
    job = Job.objects.create(kind=JobKind.IMPORT_DOCUMENT, created_by=UserFactory())
    url = reverse("planner:plan_import_status", args=[job.pk])

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(job.created_by)
    page = client.get(url)
    assert page.status_code == 200
    # While the job is unfinished the status partial polls itself.
    assert f'hx-get="{url}"' in page.content.decode()


def test_an_import_the_user_may_not_start_now_says_why_and_keeps_no_upload(
    client, db, uploads, settings
):
    settings.JOB_MAX_ACTIVE_PER_USER = 1
    user = UserFactory()
    Job.objects.create(kind=JobKind.EXPORT_JSON, created_by=user, status=JobStatus.RUNNING)
    client.force_login(user)

    response = _upload(client, b"{}")

    assert response.status_code == 200
    assert "The import was not started. You already have 1 jobs" in response.content.decode()
    assert not (uploads / "job-inputs").exists() or not list((uploads / "job-inputs").iterdir())
