"""The plan's team: invite people with a role (they accept or decline), change roles, remove
members.

Membership changes are audited (an AuditEvent) but are not content: they do not bump the
plan's revision or void a sign-off.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.access import Role
from core.changes import content_change, record_change, record_event
from planner.models import Invitation, Membership, Plan
from planner.review.notifications import notify

# The same invitation sent again within this time is a double click, not a re-invite.
DOUBLE_CLICK = timedelta(seconds=10)


class TeamError(ValidationError):
    """A team change that is not allowed, with a message for the owner."""


def _audit(plan, by, action, subject, before=None, after=None):
    record_event(plan, by, action, subject, before=before, after=after)


def _new_username(email: str) -> str:
    user_model = get_user_model()
    base = re.sub(r"[^\w.@+-]", "", email.split("@", 1)[0]) or "user"
    candidate, n = base, 1
    while user_model.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


def set_password_link(user, base_url: str) -> str:
    """A one-time link (Django's password-reset machinery) for a new account to set a password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return base_url.rstrip("/") + path


@transaction.atomic
def invite(plan, *, by, who: str, role: str, base_url: str) -> Invitation:
    """Invite a person, by username or email, to take ``role`` on the plan. They join only when
    they accept on their dashboard. An email address without an account gets a new account.

    Every invitation, a repeated one too, emails a fresh link: to set a password while the
    account has none, else to the dashboard. Nothing returned or raised names the account
    found for an email address (the inviter learns no username)."""
    who = who.strip()
    if role not in Role.values:
        raise TeamError(f"Unknown role {role!r}.")
    # Invites to one plan take turns, so a double-clicked invite finds what the first one did.
    Plan.objects.select_for_update().filter(pk=plan.pk).exists()
    user = _invitee(who)
    if Membership.objects.filter(plan=plan, user=user).exists():
        raise TeamError(f"{who} is already a member of this plan.")
    invitation, created = Invitation.objects.get_or_create(
        plan=plan,
        user=user,
        defaults={"role": role, "invited_as": who, "invited_by": by},
    )
    repeated = not created and (invitation.role, invitation.invited_as) == (role, who)
    if repeated and timezone.now() - invitation.created_at < DOUBLE_CLICK:
        return invitation  # the same invite again at once (a double click): sent already
    if not created:
        before = {"role": invitation.role}
        invitation.role, invitation.invited_as, invitation.invited_by = role, who, by
        invitation.save(update_fields=["role", "invited_as", "invited_by"])
    _audit(
        plan, by, "member.invite" if created else "member.reinvite", f"invitations/{who}",
        before=None if created else before, after={"role": role},
    )  # fmt: skip
    _send_invitation(invitation, by=by, base_url=base_url)
    return invitation


def _send_invitation(invitation: Invitation, *, by, base_url: str) -> None:
    user, plan = invitation.user, invitation.plan
    dashboard = base_url.rstrip("/") + reverse("planner:dashboard")
    lines = [
        f"{by.get_username()} invited you to the Syncplan plan {plan.name!r} as {invitation.role}."
    ]
    if not user.has_usable_password():
        lines += [
            "",
            f"Set your password here (the link works once):\n{set_password_link(user, base_url)}",
            f"Your username is {user.get_username()}.",
        ]
    lines += ["", f"Accept or decline the invitation on your dashboard:\n{dashboard}"]
    notify([user.email], f"You are invited to the Syncplan plan {plan.name}", "\n".join(lines))


def _open_invitation(invitation_id: int, user) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("plan", "invited_by")
        .filter(pk=invitation_id, user=user)
        .first()
    )
    if invitation is None:
        raise TeamError("This invitation is no longer open.")
    return invitation


@transaction.atomic
def accept(invitation_id: int, *, user) -> Membership:
    """``user`` accepts their invitation: they become a member with the offered role."""
    invitation = _open_invitation(invitation_id, user)
    plan = invitation.plan
    membership, _ = Membership.objects.get_or_create(
        plan=plan, user=user, defaults={"role": invitation.role}
    )
    invitation.delete()
    _audit(
        plan, user, "member.add", f"members/{user.get_username()}",
        after={"role": membership.role, "invited_by": _name(invitation.invited_by)},
    )  # fmt: skip
    return membership


@transaction.atomic
def decline(invitation_id: int, *, user) -> Plan:
    """``user`` declines their invitation; the plan's owners see it in the activity."""
    invitation = _open_invitation(invitation_id, user)
    invitation.delete()
    _audit(
        invitation.plan, user, "member.decline", f"invitations/{invitation.invited_as}",
        before={"role": invitation.role},
    )  # fmt: skip
    return invitation.plan


@transaction.atomic
def withdraw(plan, invitation: Invitation, *, by) -> None:
    """An owner takes back a pending invitation."""
    invitation.delete()
    _audit(
        plan, by, "member.withdraw", f"invitations/{invitation.invited_as}",
        before={"role": invitation.role},
    )  # fmt: skip


def _name(user) -> str:
    return user.get_username() if user is not None else ""


def _invitee(who: str):
    """The account ``who`` names (username or email), or a new one for a new email address."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=who).first()
    if user is None and "@" in who:
        user = user_model.objects.filter(email__iexact=who).order_by("pk").first()
    if user is not None:
        return user
    try:
        validate_email(who)
    except ValidationError:
        raise TeamError(
            f"No account is called {who!r}; give an email address to invite someone new."
        ) from None
    user = user_model(username=_new_username(who), email=who)
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # Invited to another plan at the same moment: use the account that invite made.
        user = user_model.objects.filter(email__iexact=who).order_by("pk").first()
        if user is None:
            raise TeamError(f"The account for {who} could not be created: try again.") from None
        return user
    return user


def _owners(plan):
    return Membership.objects.filter(plan=plan, role=Role.OWNER)


@transaction.atomic
def change_role(plan, membership: Membership, *, by, role: str) -> Membership:
    if role not in Role.values:
        raise TeamError(f"Unknown role {role!r}.")
    # Lock the owners so two owners demoting each other cannot leave the plan ownerless.
    owners = list(_owners(plan).select_for_update())
    if membership.role == Role.OWNER and role != Role.OWNER and len(owners) <= 1:
        raise TeamError("The last owner cannot give up ownership; make someone else owner first.")
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    _audit(
        plan, by, "member.role", f"members/{membership.user.get_username()}",
        before={"role": before}, after={"role": role},
    )  # fmt: skip
    return membership


@transaction.atomic
def remove(plan, membership: Membership, *, by) -> None:
    owners = list(_owners(plan).select_for_update())
    if membership.role == Role.OWNER and len(owners) <= 1:
        raise TeamError("The last owner cannot leave the plan; make someone else owner first.")
    username = membership.user.get_username()
    # Sign-offs the person held are free again: a sign-off change, through the write boundary.
    held = list(plan.sign_off_roles.filter(holder=membership.user).values_list("title", flat=True))
    if held:
        with content_change(plan, by, content=False):  # review data, not plan content
            plan.sign_off_roles.filter(holder=membership.user).update(holder=None)
            for title in held:
                record_change(plan, by, "sign_off_role.assign", f"signoffs/{title}",
                              before={"holder": username}, after={"holder": None})  # fmt: skip
    membership.delete()
    _audit(plan, by, "member.remove", f"members/{username}", before={"role": membership.role})
