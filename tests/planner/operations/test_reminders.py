import datetime
import time

import pytest
from django.core import mail

from planner.models import ExpiryNotification
from planner.operations.reminders import send_expiry_reminders
from planner.tasks import send_expiry_reminders as send_expiry_reminders_task
from tests.factories import (
    MembershipFactory,
    OperationsItemFactory,
    PlanFactory,
    SyncServerFactory,
    UserFactory,
)

TODAY = datetime.date(2026, 11, 25)


@pytest.fixture
def server(db):
    server = SyncServerFactory(expiry_warning_days=30)
    plan = PlanFactory(sync_server=server)
    MembershipFactory(plan=plan, user=UserFactory(email="owner@example.com"), role="owner")
    MembershipFactory(plan=plan, user=UserFactory(email="viewer@example.com"), role="viewer")
    return server


def expiring(server, days, kind="certificate", **kwargs):
    return OperationsItemFactory(
        sync_server=server, kind=kind, expires_on=TODAY + datetime.timedelta(days=days), **kwargs
    )


def test_items_within_the_window_or_expired_are_reminded_once_to_plan_owners(server):
    soon = expiring(server, 10, name="Jira TLS")
    gone = expiring(server, -3, kind="credential", name="Octane API key")
    expiring(server, 31, name="Later")
    OperationsItemFactory(sync_server=server, kind="certificate", expires_on=None)

    assert send_expiry_reminders(TODAY) == 2

    reminded = set(ExpiryNotification.objects.values_list("operations_item", flat=True))
    assert reminded == {soon.pk, gone.pk}
    assert len(mail.outbox) == 2
    assert all(m.to == ["owner@example.com"] for m in mail.outbox)
    subjects = " ".join(m.subject for m in mail.outbox)
    assert "expires in 10 days" in subjects and "expired on" in subjects
    assert send_expiry_reminders(TODAY) == 0  # once per item and expiry date
    assert len(mail.outbox) == 2


def test_a_renewed_item_is_reminded_again_for_its_new_date(server):
    item = expiring(server, 5)
    send_expiry_reminders(TODAY)
    item.expires_on = TODAY + datetime.timedelta(days=370)
    item.save()

    assert send_expiry_reminders(TODAY + datetime.timedelta(days=350)) == 1


def test_the_servers_warning_window_decides(server):
    server.expiry_warning_days = 7
    server.save()
    expiring(server, 10)

    assert send_expiry_reminders(TODAY) == 0


def test_the_plan_page_shows_a_badge_with_the_count(server, client):
    expiring(server, 3)
    expiring(server, -1, kind="credential")
    owner = server.plans.get().memberships.get(role="owner").user
    client.force_login(owner)

    html = client.get(f"/plans/{server.plans.get().pk}/").content.decode()

    assert "2 expiring" in html


@pytest.mark.worker
def test_the_beat_task_runs_on_a_real_worker(celery_worker, server):
    item = expiring(server, -1, kind="credential")

    send_expiry_reminders_task.delay()

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if ExpiryNotification.objects.filter(operations_item=item).exists():
            break
        time.sleep(0.2)
    notification = ExpiryNotification.objects.get(operations_item=item)
    assert notification.emailed_to == ["owner@example.com"]
