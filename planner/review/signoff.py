"""Submitting a plan for review and signing it off.

A submission freezes an immutable PlanVersion (the plan document and its SHA-256). Each
sign-off holder approves or requests changes on that version; every approval records the
content hash it approved. When every required sign-off approves the same version, the plan is
signed off. Any content change afterwards sends the plan back to draft
(``core.changes.record_change``) and the approvals no longer match the content.
"""

from __future__ import annotations

import functools

from django.db import transaction
from django.db.models import Max

from core.access import Role
from core.changes import content_change, record_change, record_event
from core.models import AuditEvent
from planner.models import Approval, Decision, Membership, PlanStatus, PlanVersion, SignOffRole
from planner.review.content import current_document
from planner.review.notifications import notify


def review_data_change(function):
    """A sign-off list edit: through the write boundary (audit, back to draft, stale approvals),
    but not plan content, so the validated revision stays current."""

    @functools.wraps(function)
    def wrapper(plan, *args, by, **kwargs):
        with content_change(plan, by, content=False):
            return function(plan, *args, by=by, **kwargs)

    return wrapper


class ReviewError(Exception):
    """A review step that is not allowed now, with a message for the person."""


SYNC_ADMINISTRATOR = "Sync administrator"


def ensure_default_sign_off_roles(plan, *, by=None) -> list[SignOffRole]:
    """The sign-offs a plan needs by default: a product owner for each endpoint and the sync
    administrator. Existing ones are kept; added ones are a change like any other."""
    titles = [f"Product owner: {e.name}" for e in plan.endpoints.order_by("key")]
    titles.append(SYNC_ADMINISTRATOR)
    existing = set(plan.sign_off_roles.values_list("title", flat=True))
    start = len(existing)
    added = [title for title in titles if title not in existing]
    if added:
        with content_change(plan, by, content=False):
            SignOffRole.objects.bulk_create(
                SignOffRole(plan=plan, title=title, position=start + n)
                for n, title in enumerate(added)
            )
            record_change(plan, by, "sign_off_role.create", "signoffs", after={"titles": added})
    return list(plan.sign_off_roles.select_related("holder"))


def never_had_sign_offs(plan) -> bool:
    """No sign-off listed now, and the team never edited the list (the audit trail says so): only
    then are the defaults seeded, so a list the team shaped stays as they left it."""
    if plan.sign_off_roles.exists():
        return False
    return not AuditEvent.objects.filter(plan=plan, action__startswith="sign_off_role.").exists()


@review_data_change
def add_sign_off(plan, title: str, *, by) -> SignOffRole:
    title = title.strip()
    if not title:
        raise ReviewError("Give the sign-off a title.")
    if plan.sign_off_roles.filter(title=title).exists():
        raise ReviewError(f"The plan already has the sign-off {title!r}.")
    position = (plan.sign_off_roles.aggregate(p=Max("position"))["p"] or 0) + 1
    role = SignOffRole.objects.create(plan=plan, title=title, position=position)
    record_change(plan, by, "sign_off_role.create", f"signoffs/{title}", after={"title": title})
    return role


@review_data_change
def remove_sign_off(plan, role: SignOffRole, *, by) -> None:
    """Remove one sign-off; on a signed-off plan this sends it back to draft."""
    if plan.status == PlanStatus.IN_REVIEW:
        raise ReviewError("The sign-offs of a plan in review stay as submitted.")
    before = {"title": role.title, "holder": role.holder.get_username() if role.holder else None}
    role.delete()
    record_change(plan, by, "sign_off_role.delete", f"signoffs/{role.title}", before=before)


def sign_off_candidates(plan) -> list:
    """The members who may hold a sign-off (anyone but a viewer), by username."""
    return [
        m.user
        for m in Membership.objects.filter(plan=plan)
        .exclude(role=Role.VIEWER)
        .select_related("user")
        .order_by("user__username")
    ]


def team_shortfall(roles, members, submitter=None) -> list[str]:
    """Why this team cannot take these sign-offs to signed off, in plain words; empty when it can.

    Pure: ``roles`` are the sign-offs (title, holder_id), ``members`` the (user id, role) of the
    team. Every sign-off needs its own holder, and whoever submits decides on none of them (nobody
    approves a version they submitted), so a team needs one editor or owner more than there are
    sign-offs. The review page (before submitting) and ``submit`` both ask this one function.
    """
    problems = []
    deciders = [uid for uid, role in members if role != Role.VIEWER]
    editors = {uid for uid, role in members if role in (Role.EDITOR, Role.OWNER)}
    if not roles:
        problems.append("List at least one sign-off: a plan is signed off when every one approves.")
        return problems
    if len(roles) > len(deciders) - 1:
        problems.append(
            f"The team is too small for {len(roles)} sign-offs: each needs its own holder and "
            f"whoever submits cannot approve, so they need {len(roles) + 1} members who are "
            f"reviewers, editors or owners (the team has {len(deciders)}). Remove or merge "
            "sign-offs, or invite someone."
        )
    holders = {r.holder_id for r in roles if r.holder_id is not None}
    if not editors - holders:
        problems.append(
            "Every editor and owner holds a sign-off, so whoever submits cannot approve their "
            "own: leave one editor or owner without a sign-off to submit."
        )
    elif submitter is not None and submitter in holders:
        held = next(r.title for r in roles if r.holder_id == submitter)
        problems.append(
            f"You hold {held!r} and nobody approves a version they submitted: let another "
            "editor or owner submit, or hand the sign-off to another member."
        )
    return problems


@review_data_change
def assign_holder(plan, role: SignOffRole, user, *, by) -> SignOffRole:
    if user is not None:
        if not Membership.objects.filter(plan=plan, user=user).exclude(role=Role.VIEWER).exists():
            raise ReviewError(
                f"{user.get_username()} must be a reviewer, editor or owner to sign off."
            )
        if plan.sign_off_roles.filter(holder=user).exclude(pk=role.pk).exists():
            raise ReviewError(f"{user.get_username()} already holds another sign-off of this plan.")
    before = role.holder.get_username() if role.holder_id else None
    role.holder = user
    role.save(update_fields=["holder"])
    record_change(
        plan, by, "sign_off_role.assign", f"signoffs/{role.title}",
        before={"holder": before}, after={"holder": user.get_username() if user else None},
    )  # fmt: skip
    return role


def latest_version(plan) -> PlanVersion | None:
    return plan.versions.order_by("-number").first()


def freeze_version(plan, *, by, note: str = "") -> PlanVersion:
    from planner.document.hashing import content_sha256

    document = current_document(plan)
    number = (plan.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return PlanVersion.objects.create(
        plan=plan, number=number, document=document, sha256=content_sha256(document),
        created_by=by, note=note,
    )  # fmt: skip


def _member_emails(plan, roles=None):
    members = Membership.objects.filter(plan=plan).select_related("user")
    if roles:
        members = members.filter(role__in=roles)
    return [m.user.email for m in members]


def submit(plan, *, by, ready: bool, base_url: str = "") -> PlanVersion:
    """Freeze a version and open the review. ``ready``: the validator finds no open errors or
    warnings for the current content (acknowledged ones are fine)."""
    # Seeded on its own, so the defaults stay for the team to set holders even when the
    # submission itself is refused.
    with transaction.atomic():
        if never_had_sign_offs(plan):
            ensure_default_sign_off_roles(plan, by=by)
    return _submit(plan, by=by, ready=ready, base_url=base_url)


@transaction.atomic
def _submit(plan, *, by, ready: bool, base_url: str) -> PlanVersion:
    from planner.models import Plan

    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise ReviewError(
            f"Only a draft can be submitted; this plan is {plan.get_status_display().lower()}."
        )
    if not ready:
        raise ReviewError(
            "Validate the plan and fix or acknowledge every error and warning before submitting."
        )
    roles = list(plan.sign_off_roles.select_related("holder"))
    if not roles:
        raise ReviewError("List at least one sign-off before submitting.")
    if any(r.holder_id is None for r in roles):
        missing = ", ".join(r.title for r in roles if r.holder_id is None)
        raise ReviewError(f"Every sign-off needs a holder before review: {missing}.")
    members = list(Membership.objects.filter(plan=plan).values_list("user_id", "role"))
    problems = team_shortfall(roles, members, submitter=by.pk)
    if problems:
        raise ReviewError(" ".join(problems))
    version = freeze_version(plan, by=by, note="submitted for review")
    plan.status = PlanStatus.IN_REVIEW
    plan.save(update_fields=["status", "updated_at"])
    record_event(plan, by, "review.submit", "plan",
                 after={"version": version.number, "sha256": version.sha256})  # fmt: skip
    notify(
        [r.holder.email for r in roles],
        f"Review requested: {plan.name} v{version.number}",
        f"{by.get_username()} submitted {plan.name!r} version {version.number} for review "
        f"(content hash {version.sha256[:12]}).\n{base_url}",
    )
    return version


@transaction.atomic
def decide(plan, role: SignOffRole, *, by, decision: str, comment: str = "", base_url: str = ""):
    """Record a sign-off holder's decision on the version under review."""
    from planner.models import Plan

    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.IN_REVIEW:
        raise ReviewError("The plan is not in review.")
    if role.plan_id != plan.pk or role.holder_id != by.pk:
        raise ReviewError("Only the holder of this sign-off can decide on it.")
    if decision not in Decision.values:
        raise ReviewError("Choose approve or request changes.")
    if decision == Decision.REQUEST_CHANGES and not comment.strip():
        raise ReviewError("Say what should change.")
    version = latest_version(plan)
    if version.created_by_id == by.pk:
        raise ReviewError("Nobody approves a version they submitted.")
    approval = Approval.objects.create(
        sign_off_role=role, plan_version=version, decision=decision,
        content_sha256=version.sha256, comment=comment, decided_by=by,
    )  # fmt: skip
    record_event(
        plan, by, f"review.{decision}", f"signoffs/{role.title}",
        after={"version": version.number, "sha256": version.sha256, "comment": comment},
    )  # fmt: skip
    everyone = _member_emails(plan)
    verb = "approved" if decision == Decision.APPROVE else "requested changes to"
    notify(
        everyone,
        f"{role.title} {verb} {plan.name} v{version.number}",
        f"{by.get_username()} ({role.title}) {verb} version {version.number}.\n{comment}\n{base_url}",
    )
    if decision == Decision.REQUEST_CHANGES:
        plan.status = PlanStatus.DRAFT
        plan.save(update_fields=["status", "updated_at"])
    elif all_approved(plan, version):
        plan.status = PlanStatus.SIGNED_OFF
        plan.save(update_fields=["status", "updated_at"])
        record_event(plan, by, "review.signed_off", "plan",
                     after={"version": version.number, "sha256": version.sha256})  # fmt: skip
        notify(everyone, f"Signed off: {plan.name} v{version.number}",
               f"Every sign-off approved version {version.number} (content hash {version.sha256}).")  # fmt: skip
    return approval


def current_decisions(version) -> dict[int, Approval]:
    """The latest decision of each sign-off role on ``version``."""
    latest = {}
    for approval in version.approvals.order_by("created_at", "id"):
        latest[approval.sign_off_role_id] = approval
    return latest


def all_approved(plan, version) -> bool:
    decisions = current_decisions(version)
    roles = list(plan.sign_off_roles.all())
    return bool(roles) and all(
        r.pk in decisions and decisions[r.pk].decision == Decision.APPROVE for r in roles
    )
