"""Expiry reminders for the certificates and credentials of the operations register.

The daily beat task calls ``send_expiry_reminders``: every certificate or credential that expires
within its sync server's warning window (or has expired) gets one ExpiryNotification per expiry
date, and the owners of the plans that run on that server get an email. A renewed item (a new
expiry date) is reminded of again when its new date comes near.
"""

from __future__ import annotations

import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.access import Role
from planner.models import ExpiryNotification, Membership, OperationsItem, OperationsKind
from planner.review.notifications import notify, send_pending

log = logging.getLogger(__name__)

EXPIRING_KINDS = (OperationsKind.CERTIFICATE, OperationsKind.CREDENTIAL)


def is_due(item: OperationsItem, warning_days: int, today: datetime.date) -> bool:
    return item.expires_on is not None and item.expires_on <= today + datetime.timedelta(
        days=warning_days
    )


def expiring_items(today: datetime.date, sync_server=None) -> list[OperationsItem]:
    """Certificates and credentials expiring within their server's warning window, or expired."""
    items = OperationsItem.objects.filter(
        kind__in=EXPIRING_KINDS, expires_on__isnull=False
    ).select_related("sync_server")
    if sync_server is not None:
        items = items.filter(sync_server=sync_server)
    return [
        item
        for item in items.order_by("expires_on", "key")
        if is_due(item, item.sync_server.expiry_warning_days, today)
    ]


def owner_emails(sync_server) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(plan__sync_server=sync_server, role=Role.OWNER)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def message_for(item: OperationsItem, today: datetime.date) -> tuple[str, str]:
    days = (item.expires_on - today).days
    when = (
        f"expired on {item.expires_on:%Y-%m-%d}"
        if days < 0
        else "expires today"
        if days == 0
        else f"expires in {days} days, on {item.expires_on:%Y-%m-%d}"
    )
    subject = f"[Syncplan] {item.get_kind_display()} “{item.name}” {when}"
    body = (
        f"The {item.get_kind_display().lower()} “{item.name}” of the sync server "
        f"{item.sync_server.name} {when}.\n"
        f"Owner: {item.owner or 'nobody named'}\n\n"
        "Renew it and record the new expiry date in the operations register, or the "
        "connections that run on this server will stop synchronizing."
    )
    return subject, body


def send_expiry_reminders(today: datetime.date | None = None) -> int:
    """Record and email a reminder for each due item not yet reminded of for its expiry date.
    Returns the number of new reminders."""
    today = today or timezone.localdate()
    sent = 0
    for item in expiring_items(today):
        recipients = owner_emails(item.sync_server)
        try:
            # The notification and its queued email stand or fall together.
            with transaction.atomic():
                notification = ExpiryNotification.objects.create(
                    operations_item=item, expires_on=item.expires_on, emailed_to=recipients
                )
                if recipients:
                    subject, body = message_for(item, today)
                    notify(recipients, subject, body)
        except IntegrityError:
            continue  # already reminded of this expiry date
        log.info("expiry reminder %s queued for %s", notification, recipients)
        sent += 1
    # This runs in a worker already: send what was queued now rather than at the next beat.
    send_pending()
    return sent
