"""Error pages with DEBUG off: 403, 404 and 500 say what happened and link back; a database
outage gets a short 503 page rendered without the database, not "Server Error (500)"."""

import socket

import pytest
from django.db import connection
from django.test import Client

from planner.system import errors


def test_an_unknown_plan_gets_the_not_found_page_with_a_way_back(member_client, settings):
    assert settings.DEBUG is False

    response = member_client.get("/plans/999999/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert 'href="/"' in body and "Back to my plans" in body


def test_a_role_too_low_gets_the_not_allowed_page_with_the_reason(client_for, plan, settings):
    assert settings.DEBUG is False
    viewer = client_for("viewer")

    response = viewer.post(f"/plans/{plan.pk}/rename/", {"name": "Renamed"})

    assert response.status_code == 403
    body = response.content.decode()
    assert "Not allowed" in body
    assert "viewer" in body  # the reason access.py gives
    assert "Back to my plans" in body


def test_an_unexpected_error_gets_the_server_error_page(member_client, plan, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("planner.plans.views.render", broken)
    member_client.raise_request_exception = False

    response = member_client.get(f"/plans/{plan.pk}/")

    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    assert "Back to my plans" in body
    assert "boom" not in body


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database_down(django_db_blocker):
    """Points the default connection at a port nothing listens on, as when PostgreSQL is down."""
    if connection.vendor != "postgresql":
        pytest.skip("simulates a PostgreSQL server going away")
    with django_db_blocker.unblock():
        connection.close()
        previous = connection.settings_dict["HOST"], connection.settings_dict["PORT"]
        connection.settings_dict["HOST"] = "127.0.0.1"
        connection.settings_dict["PORT"] = _closed_port()
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict["HOST"], connection.settings_dict["PORT"] = previous


def test_a_database_outage_gets_a_short_human_page(database_down, settings):
    assert settings.DEBUG is False
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a-session-that-must-be-looked-up"

    response = client.get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)
    body = response.content.decode()
    assert "Database unavailable" in body
    assert "Nothing was saved" in body
    assert "Server Error" not in body


def test_a_form_sent_without_its_csrf_token_gets_the_form_expired_page(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/login/", {"username": "a", "password": "b"})

    assert response.status_code == 403
    body = response.content.decode()
    assert "Form expired" in body and "Back to my plans" in body
