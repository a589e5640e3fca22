"""The plan's team: invite people with a role, change roles, remove members.

Membership changes are audited (an AuditEvent) but are not content: they do not bump the
plan's revision or void a sign-off.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from planner.models import AuditEvent, Membership, Plan, Role
from planner.review.notifications import notify


class TeamError(ValidationError):
    """A team change that is not allowed, with a message for the owner."""


def _audit(plan, by, action, subject, before=None, after=None):
    AuditEvent.objects.create(
        plan=plan,
        actor=by.get_username(),
        action=action,
        subject=subject,
        before=before,
        after=after,
    )


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
def invite(plan, *, by, who: str, role: str, base_url: str) -> Membership:
    """Add a person by username or email. Someone without an account gets one, and an email
    with a one-time link to set a password."""
    who = who.strip()
    if role not in Role.values:
        raise TeamError(f"Unknown role {role!r}.")
    # Invites to one plan take turns, so a double-clicked invite finds what the first one did.
    Plan.objects.select_for_update().filter(pk=plan.pk).exists()
    user, created = _invitee(who)
    current = Membership.objects.filter(plan=plan, user=user).first()
    if current is not None and current.role == role:
        return current  # the same invite again (a double click): nothing to do
    if current is not None:
        raise TeamError(f"{user.get_username()} is already a member of this plan.")
    membership = Membership.objects.create(plan=plan, user=user, role=role)
    _audit(plan, by, "member.add", f"members/{user.get_username()}", after={"role": role})
    if created:
        link = set_password_link(user, base_url)
        notify(
            [user.email],
            f"You are invited to the Syncplan plan {plan.name}",
            f"{by.get_username()} added you to the plan {plan.name!r} as {role}.\n\n"
            f"Set your password here (the link works once):\n{link}\n\n"
            f"Your username is {user.get_username()}.",
        )
    return membership


def _invitee(who: str):
    """The account ``who`` names (username or email), or a new one for a new email address;
    with whether it was created."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=who).first()
    if user is None and "@" in who:
        user = user_model.objects.filter(email__iexact=who).order_by("pk").first()
    if user is not None:
        return user, False
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
        return user, False
    return user, True


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
    # Sign-offs the person held are free again.
    plan.sign_off_roles.filter(holder=membership.user).update(holder=None)
    membership.delete()
    _audit(plan, by, "member.remove", f"members/{username}", before={"role": membership.role})
