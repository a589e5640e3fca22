"""With the broker (Redis) unreachable, authoring works and starting a job fails fast and
clearly; /healthz reports the outage without taking the web container out of rotation."""

import socket
import time

import pytest

from core import jobs
from core.models import Job, JobKind, JobStatus
from syncplan.celery import app as celery_app
from tests.factories import UserFactory


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


def _reset_broker_connections():
    # Celery caches its connection and producer pools per app; drop them so the next publish
    # connects to the broker_url in force now (what a fresh web process would do).
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """Points the app's broker connections at a closed port (the Django setting wins over
    ``broker_url``, so the read and write URLs are what can be overridden at run time)."""
    conf = celery_app.conf
    previous = conf.broker_read_url, conf.broker_write_url, conf.task_always_eager
    conf.broker_read_url = conf.broker_write_url = f"redis://127.0.0.1:{_closed_port()}/0"
    conf.task_always_eager = False
    _reset_broker_connections()
    yield
    conf.broker_read_url, conf.broker_write_url, conf.task_always_eager = previous
    _reset_broker_connections()


@pytest.fixture
def staff_client(client, db):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    return client


def test_starting_a_job_fails_within_two_seconds_with_a_clear_message(broker_down, plan):
    started = time.monotonic()
    with pytest.raises(jobs.JobQueueUnavailable) as raised:
        jobs.start_job(kind=JobKind.SELFCHECK, plan=plan)
    elapsed = time.monotonic() - started

    assert elapsed < 2
    assert "the job queue is unavailable; try again" in str(raised.value).lower()
    job = Job.objects.get(plan=plan)
    assert job.status == JobStatus.FAILED
    assert "unavailable" in job.message


def test_the_start_button_answers_quickly_with_the_message_not_a_500(broker_down, staff_client):
    started = time.monotonic()
    response = staff_client.post("/system/selfcheck/")
    elapsed = time.monotonic() - started

    assert elapsed < 2
    assert response.status_code == 503
    assert "The job queue is unavailable; try again" in response.content.decode()
    assert "unreachable" in response.content.decode()  # the services table says why


def test_the_start_button_answers_htmx_with_the_message_in_the_partial(broker_down, staff_client):
    started = time.monotonic()
    response = staff_client.post("/system/selfcheck/", headers={"HX-Request": "true"})
    elapsed = time.monotonic() - started

    assert elapsed < 2
    assert response.status_code == 200  # htmx swaps it in
    body = response.content.decode()
    assert 'id="selfcheck"' in body and "<html" not in body
    assert "The job queue is unavailable; try again" in body


def test_authoring_pages_still_work(broker_down, member_client, plan):
    assert member_client.get("/").status_code == 200
    assert member_client.get(f"/plans/{plan.pk}/").status_code == 200
    response = member_client.post("/plans/new/", {"name": "Made during the outage"})
    assert response.status_code == 302


def test_healthz_reports_the_broker_unreachable_and_stays_in_rotation(broker_down, client, db):
    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"].startswith("unreachable")
    assert body["status"] == "ok"
    assert elapsed < 3
