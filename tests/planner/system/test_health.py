"""/healthz: database and broker reachability; 503 only when the database is down."""

import socket
import subprocess
import sys

from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper

from planner.system.health import check_database
from syncplan.celery import app as celery_app

# The command docker-compose healthchecks run inside the web container (no curl in the image).
HEALTHCHECK = (
    "import sys, urllib.request; "
    "sys.exit(0 if urllib.request.urlopen('{url}', timeout=5).status == 200 else 1)"
)


def test_healthz_reports_both_services_reachable(client, db):
    celery_app.conf.task_always_eager = False  # report the real broker

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "status": "ok"}


def test_healthz_answers_503_when_the_database_is_down(client, db, monkeypatch):
    monkeypatch.setattr(
        "planner.system.views.check_database", lambda: "unreachable: OperationalError"
    )

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable: OperationalError"
    assert response.json()["status"] == "down"


def test_the_database_check_reports_a_server_that_does_not_answer(db):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    down = DatabaseWrapper({**connection.settings_dict, "PORT": closed_port}, alias="down")
    try:
        assert check_database(down) == "unreachable: OperationalError"
    finally:
        down.close()


def test_healthz_needs_no_login_no_https_and_no_allowed_host(client, db, settings):
    settings.ALLOWED_HOSTS = ["plans.example.com"]
    settings.SECURE_SSL_REDIRECT = True

    health = client.get("/healthz", HTTP_HOST="127.0.0.1:8000")
    page = client.get("/login/", HTTP_HOST="127.0.0.1:8000")
    redirected = client.get("/login/", HTTP_HOST="plans.example.com")

    assert health.status_code == 200
    assert page.status_code == 400  # host validation still guards every other page
    assert redirected.status_code == 301
    assert redirected["Location"].startswith("https://")


def test_the_compose_healthcheck_command_passes_against_a_running_server(live_server):
    command = HEALTHCHECK.format(url=f"{live_server.url}/healthz")

    result = subprocess.run([sys.executable, "-c", command], capture_output=True, timeout=20)

    assert result.returncode == 0, result.stderr.decode()


def test_the_compose_healthcheck_command_fails_when_the_database_is_down(live_server, monkeypatch):
    monkeypatch.setattr(
        "planner.system.views.check_database", lambda: "unreachable: OperationalError"
    )
    command = HEALTHCHECK.format(url=f"{live_server.url}/healthz")

    result = subprocess.run([sys.executable, "-c", command], capture_output=True, timeout=20)

    assert result.returncode != 0
