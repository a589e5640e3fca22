"""Invitations: nobody joins a plan unasked, inviting by email reveals no username, and every
invitation (a repeated one too) emails a fresh link."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from core.models import AuditEvent
from planner.models import Invitation, Membership
from planner.review import team
from tests.factories import MembershipFactory, UserFactory

BASE = "http://testserver/"


def _invite(client, plan, who, role="reviewer"):
    return client.post(
        reverse("planner:team_invite", kwargs={"plan_id": plan.pk}),
        {"who": who, "role": role},
        follow=True,
    )


def _links(message) -> list[str]:
    return re.findall(r"http://testserver/reset/\S+", message.body)


def test_adding_an_existing_account_waits_for_their_acceptance(
    member_client, plan, client, django_capture_on_commit_callbacks
):
    invited = UserFactory(username="kim", email="kim@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        _invite(member_client, plan, "kim")

    assert not Membership.objects.filter(plan=plan, user=invited).exists()
    assert [m.to for m in mail.outbox] == [["kim@example.com"]]
    assert "Accept or decline the invitation on your dashboard" in mail.outbox[0].body
    client.force_login(invited)
    dashboard = client.get(reverse("planner:dashboard"))
    assert dashboard.context["memberships"] == []  # the plan is not theirs yet
    assert "Invitations" in dashboard.content.decode() and plan.name in dashboard.content.decode()
    assert client.get(reverse("planner:plan_detail", args=[plan.pk])).status_code == 404

    invitation = Invitation.objects.get(plan=plan, user=invited)
    response = client.post(reverse("planner:invitation_accept", args=[invitation.pk]))

    assert response.status_code == 302
    assert Membership.objects.get(plan=plan, user=invited).role == "reviewer"
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    assert AuditEvent.objects.filter(plan=plan, action="member.add", actor="kim").exists()
    assert client.get(reverse("planner:plan_detail", args=[plan.pk])).status_code == 200


def test_a_declined_invitation_adds_nobody_and_is_recorded(member_client, plan, client):
    invited = UserFactory(email="lee@example.com")
    invitation = team.invite(
        plan, by=member_client.user, who=invited.username, role="editor", base_url=BASE
    )
    client.force_login(invited)

    client.post(reverse("planner:invitation_decline", args=[invitation.pk]))

    assert not Membership.objects.filter(plan=plan, user=invited).exists()
    assert not Invitation.objects.filter(plan=plan).exists()
    assert AuditEvent.objects.filter(plan=plan, action="member.decline").exists()


def test_only_the_invited_person_can_answer_an_invitation(member_client, plan, client):
    invited = UserFactory()
    invitation = team.invite(
        plan, by=member_client.user, who=invited.username, role="owner", base_url=BASE
    )
    intruder = UserFactory()
    client.force_login(intruder)

    client.post(reverse("planner:invitation_accept", args=[invitation.pk]))

    assert not Membership.objects.filter(plan=plan, user=intruder).exists()
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_inviting_by_email_does_not_reveal_the_accounts_username(member_client, plan):
    UserFactory(username="secret-handle", email="Pat@Example.com")

    response = _invite(member_client, plan, "pat@example.com")
    team_page = member_client.get(reverse("planner:team", kwargs={"plan_id": plan.pk}))

    for body in (response.content.decode(), team_page.content.decode()):
        assert "pat@example.com" in body
        assert "secret-handle" not in body
    again = _invite(member_client, plan, "pat@example.com").content.decode()
    assert "secret-handle" not in again


def test_re_inviting_an_account_that_never_set_a_password_sends_a_new_link(
    member_client, plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        team.invite(
            plan, by=member_client.user, who="new@example.com", role="viewer", base_url=BASE
        )
    with django_capture_on_commit_callbacks(execute=True):
        team.invite(
            plan, by=member_client.user, who="new@example.com", role="editor", base_url=BASE
        )

    assert len(mail.outbox) == 2
    assert len(_links(mail.outbox[0])) == len(_links(mail.outbox[1])) == 1
    assert Invitation.objects.get(plan=plan).role == "editor"
    assert AuditEvent.objects.filter(plan=plan, action="member.reinvite").exists()


def test_an_account_invited_elsewhere_gets_a_link_for_this_plan_too(
    member_client, plan, django_capture_on_commit_callbacks
):
    other_owner = UserFactory()
    other = MembershipFactory(user=other_owner, role="owner").plan
    with django_capture_on_commit_callbacks(execute=True):
        team.invite(other, by=other_owner, who="sam@example.com", role="viewer", base_url=BASE)
        team.invite(
            plan, by=member_client.user, who="sam@example.com", role="viewer", base_url=BASE
        )

    assert [len(_links(m)) for m in mail.outbox] == [1, 1]


def test_a_member_cannot_be_invited_again(member_client, plan):
    member = MembershipFactory(plan=plan, role="viewer").user

    with pytest.raises(team.TeamError, match="already a member"):
        team.invite(plan, by=member_client.user, who=member.username, role="editor", base_url=BASE)


def test_an_owner_can_withdraw_an_invitation(member_client, plan):
    invitation = team.invite(
        plan, by=member_client.user, who="x@example.com", role="viewer", base_url=BASE
    )

    member_client.post(
        reverse(
            "planner:team_withdraw", kwargs={"plan_id": plan.pk, "invitation_id": invitation.pk}
        )
    )

    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    assert AuditEvent.objects.filter(plan=plan, action="member.withdraw").exists()
