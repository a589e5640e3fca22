"""Review notifications by email, sent from a Celery task so a slow mail server never slows a
request."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction


def deliver(recipients: list[str], subject: str, body: str) -> int:
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return 0
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def notify(recipients: list[str], subject: str, body: str) -> None:
    """Queue an email once the surrounding transaction commits."""
    from planner.tasks import send_notification

    recipients = sorted({r for r in recipients if r})
    if recipients:
        # robust: a broker outage must not turn a saved decision into an error page.
        transaction.on_commit(
            lambda: send_notification.delay(recipients, subject, body), robust=True
        )
