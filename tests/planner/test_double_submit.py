"""Double-clicking "add" (issue 12, point 6): identical POSTs sent at the same moment, each on its
own database connection, give one entry and no 500; every request gets an ordinary answer."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from planner.models import Invitation, OperationsItem
from tests.factories import MembershipFactory, PlanFactory, SyncServerFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

CLICKS = 6


def _at_once(clients, url, data):
    """POST ``data`` to ``url`` from every client at the same moment; the responses."""
    barrier = threading.Barrier(len(clients))
    responses = [None] * len(clients)

    def click(number, client):
        try:
            barrier.wait()
            responses[number] = client.post(url, data)
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=click, args=pair) for pair in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def _clients(user, count=CLICKS):
    clients = []
    for _ in range(count):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    return clients


@pytest.fixture
def owner_plan():
    plan = PlanFactory(sync_server=SyncServerFactory(name="Connect prod"))
    owner = UserFactory()
    MembershipFactory(plan=plan, user=owner, role="owner")
    return owner, plan


def test_a_double_clicked_skill_is_added_once(owner_plan):
    owner, plan = owner_plan
    url = reverse("planner:operations_add_item", kwargs={"plan_id": plan.pk, "kind": "skill"})
    data = {
        "new-skill-skill_area": "server_os",
        "new-skill-name": "Windows administration",
        "new-skill-owner": "Ann",
    }

    responses = _at_once(_clients(owner), url, data)

    assert [r.status_code for r in responses] == [302] * CLICKS
    skills = OperationsItem.objects.filter(sync_server=plan.sync_server, kind="skill")
    assert list(skills.values_list("key", "name")) == [
        ("windows-administration", "Windows administration")
    ]
    assert AuditEvent.objects.filter(plan=plan, action="operations_item.create").count() == 1


def test_two_different_skills_with_one_name_are_both_kept(owner_plan):
    """Idempotent only for identical entries: another owner's skill of the same name is new."""
    owner, plan = owner_plan
    client = _clients(owner, 1)[0]
    url = reverse("planner:operations_add_item", kwargs={"plan_id": plan.pk, "kind": "skill"})
    for person in ("Ann", "Bob", "Ann"):
        data = {
            "new-skill-skill_area": "networking",
            "new-skill-name": "Firewall rules",
            "new-skill-owner": person,
        }
        assert client.post(url, data).status_code == 302

    skills = OperationsItem.objects.filter(sync_server=plan.sync_server, kind="skill")
    assert sorted(skills.values_list("key", "owner")) == [
        ("firewall-rules", "Ann"),
        ("firewall-rules-2", "Bob"),
    ]


@pytest.mark.parametrize("who", ["newcomer@example.com", "existing"])
def test_a_double_clicked_invite_makes_one_invitation(owner_plan, who):
    owner, plan = owner_plan
    if who == "existing":
        UserFactory(username="existing")
    url = reverse("planner:team_invite", kwargs={"plan_id": plan.pk})

    responses = _at_once(_clients(owner), url, {"who": who, "role": "reviewer"})

    assert [r.status_code for r in responses] == [302] * CLICKS
    users = get_user_model().objects
    invited = users.filter(email__iexact=who) if "@" in who else users.filter(username=who)
    assert invited.count() == 1
    assert Invitation.objects.filter(plan=plan, user=invited.get(), role="reviewer").count() == 1
    assert AuditEvent.objects.filter(plan=plan, action="member.invite").count() == 1
    assert not AuditEvent.objects.filter(plan=plan, action="member.reinvite").exists()
