"""Notification emails go through the database outbox: with the broker down the email waits
in its row and a later send (the beat task) delivers it; a failing mail server is retried."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from planner import tasks
from planner.models import OutboxEmail
from planner.review import notifications
from tests.core.test_broker_outage import broker_down  # noqa: F401  (fixture)


def test_with_the_broker_down_an_invitation_email_is_kept_and_sent_later(
    broker_down,  # noqa: F811
    member_client,
    plan,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reverse("planner:team_invite", kwargs={"plan_id": plan.pk}),
            {"who": "new.person@example.com", "role": "reviewer"},
        )

    assert response.status_code == 302  # the invitation itself succeeded
    assert mail.outbox == []
    waiting = OutboxEmail.objects.get()
    assert waiting.sent_at is None and waiting.recipients == ["new.person@example.com"]

    assert tasks.send_pending_emails() == 1  # what beat runs once the workers are back

    assert [m.to for m in mail.outbox] == [["new.person@example.com"]]
    assert "/reset/" in mail.outbox[0].body
    waiting.refresh_from_db()
    assert waiting.sent_at is not None
    assert tasks.send_pending_emails() == 0  # sent once


def test_the_email_is_written_in_the_same_transaction_as_the_change(db):
    from django.db import transaction

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        notifications.notify(["a@example.com"], "Subject", "Body")
        raise Rollback

    assert not OutboxEmail.objects.exists()


def test_without_a_broker_the_email_is_sent_at_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = notifications.notify(["b@example.com", "", "b@example.com"], "Hello", "Body")

    assert [m.to for m in mail.outbox] == [["b@example.com"]]
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 1
    assert email.body == ""  # a delivered body (it may hold a one-time link) is not kept


def test_a_mail_server_failure_is_recorded_and_retried_after_a_pause(db, monkeypatch):
    email = notifications.notify(["c@example.com"], "Hello", "Body")  # not committed: unsent

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(notifications, "send_mail", refuse)
    assert notifications.send_pending() == 0
    email.refresh_from_db()
    assert email.attempts == 1 and "mail server down" in email.last_error

    monkeypatch.undo()
    assert notifications.send_pending() == 0  # too soon after the failure
    later = timezone.now() + datetime.timedelta(minutes=5)
    assert notifications.send_pending(now=later) == 1
    assert [m.to for m in mail.outbox] == [["c@example.com"]]


def test_beat_sends_pending_emails_every_minute(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["send-pending-emails"]
    assert schedule["task"] == "planner.tasks.send_pending_emails"
    assert schedule["schedule"] <= 60
