"""Notification emails through a database outbox.

``notify`` writes an OutboxEmail row in the caller's transaction, so the email exists exactly
when the change it reports does, and queues a task to send it once that transaction commits.
When the broker is down the row simply waits: the beat task ``send_pending_emails`` retries
every unsent row (with a growing pause between attempts). Without a broker (the embedded
default) the task runs in-process at commit. Every notification (review decisions, invitations,
password resets, expiry reminders) goes this way.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from planner.models import OutboxEmail

log = logging.getLogger(__name__)

# After this many failed attempts an email is left for an administrator (admin: Outbox emails).
MAX_ATTEMPTS = 30
# The pause before the next attempt doubles with each failure, up to this.
MAX_BACKOFF = timedelta(hours=1)
BATCH = 200


def notify(recipients: list[str], subject: str, body: str) -> OutboxEmail | None:
    """Queue an email to ``recipients``; it is sent after the surrounding transaction commits."""
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return None
    email = OutboxEmail.objects.create(recipients=recipients, subject=subject[:300], body=body)
    # robust: a broker outage must not turn a saved change into an error page; the row stays.
    transaction.on_commit(lambda: _queue(email.pk), robust=True)
    return email


def _queue(pk: int) -> None:
    from planner.tasks import send_outbox_email

    send_outbox_email.delay(pk)


def send_one(pk: int) -> bool:
    """Send one unsent email; True when it went out. A failure is recorded on the row."""
    with transaction.atomic():
        # The lock keeps the beat retry and the commit-time task from sending it twice.
        email = (
            OutboxEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, sent_at__isnull=True)
            .first()
        )
        if email is None:
            return False
        email.attempts += 1
        email.last_attempt_at = timezone.now()
        try:
            send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, email.recipients)
        except (OSError, ValueError) as exc:  # SMTP and header errors: keep the row, say why
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            email.save(update_fields=["attempts", "last_attempt_at", "last_error"])
            log.warning("email %s not sent (attempt %s): %s", pk, email.attempts, exc)
            return False
        email.sent_at = timezone.now()
        email.last_error = ""
        # Bodies may carry one-time set-password links; once delivered they need not be kept.
        email.body = ""
        email.save(update_fields=["attempts", "last_attempt_at", "last_error", "sent_at", "body"])
    return True


def _due(attempts: int, last_attempt_at, now) -> bool:
    if last_attempt_at is None:
        return True
    pause = min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)
    return last_attempt_at + pause <= now


def send_pending(now=None) -> int:
    """Send the unsent emails that are due (the beat task); returns how many went out."""
    now = now or timezone.now()
    candidates = (
        OutboxEmail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .order_by("created_at", "id")
        .values_list("pk", "attempts", "last_attempt_at")[:BATCH]
    )
    return sum(send_one(pk) for pk, attempts, last in candidates if _due(attempts, last, now))
