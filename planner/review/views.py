"""Team, review and sign-off pages. Thin: parse, call a service in planner.review, render."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.access import Action, allows, plan_for
from core.models import AuditEvent
from planner.models import (
    CommentThread,
    Invitation,
    Membership,
    PlanStatus,
    PlanVersion,
    SignOffRole,
)
from planner.rehearsal.loading import rehearsal_status_of
from planner.review import comments, guard, signoff, team
from planner.review.forms import (
    DecisionForm,
    HolderForm,
    InviteForm,
    ReplyForm,
    RoleForm,
    SignOffRoleForm,
    ThreadForm,
)
from planner.validation.status import finding_status_of


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


def _back(plan, name="planner:review"):
    return redirect(name, plan_id=plan.pk)


# Team ------------------------------------------------------------------------------------------


@require_safe
def team_page(request, plan_id):
    plan, role = plan_for(request, plan_id, Action.VIEW)
    members = Membership.objects.filter(plan=plan).select_related("user").order_by("user__username")
    invitations = Invitation.objects.filter(plan=plan).select_related("invited_by")
    return render(
        request,
        "planner/review/team.html",
        {
            "plan": plan,
            "role": role,
            "members": members,
            "invitations": invitations,
            "can_manage": allows(role, Action.MANAGE),
            "invite_form": InviteForm(),
            "role_choices": RoleForm.base_fields["role"].choices,
        },
    )


@require_POST
def team_invite(request, plan_id):
    plan, _ = plan_for(request, plan_id, Action.MANAGE)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a username or an email address and a role.")
        return _back(plan, "planner:team")
    try:
        invitation = team.invite(
            plan, by=request.user, base_url=_base_url(request), **form.cleaned_data
        )
    except team.TeamError as exc:
        messages.error(request, exc.message)
    else:
        # Named as the owner typed it: an email address never reveals the account's username.
        messages.success(
            request,
            f"Invitation sent to {invitation.invited_as}; they join as {invitation.role} "
            "once they accept it.",
        )
    return _back(plan, "planner:team")


@require_POST
def team_withdraw(request, plan_id, invitation_id):
    plan, _ = plan_for(request, plan_id, Action.MANAGE)
    invitation = get_object_or_404(Invitation, plan=plan, pk=invitation_id)
    team.withdraw(plan, invitation, by=request.user)
    messages.success(request, f"The invitation to {invitation.invited_as} is withdrawn.")
    return _back(plan, "planner:team")


# Invitations are answered by the invited person, who is not a member yet: no plan role applies,
# only that the invitation is theirs (anyone else's answers "no longer open").


@require_POST
def invitation_accept(request, invitation_id):
    try:
        membership = team.accept(invitation_id, user=request.user)
    except team.TeamError as exc:
        messages.error(request, exc.message)
        return redirect("planner:dashboard")
    messages.success(request, f"You joined {membership.plan.name} as {membership.role}.")
    return redirect("planner:plan_detail", plan_id=membership.plan_id)


@require_POST
def invitation_decline(request, invitation_id):
    try:
        plan = team.decline(invitation_id, user=request.user)
    except team.TeamError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"You declined the invitation to {plan.name}.")
    return redirect("planner:dashboard")


@require_POST
def team_role(request, plan_id, membership_id):
    plan, _ = plan_for(request, plan_id, Action.MANAGE)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), plan=plan, pk=membership_id
    )
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            team.change_role(plan, membership, by=request.user, role=form.cleaned_data["role"])
        except team.TeamError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "Choose a role.")
    return _back(plan, "planner:team")


@require_POST
def team_remove(request, plan_id, membership_id):
    plan, role = plan_for(request, plan_id, Action.VIEW)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), plan=plan, pk=membership_id
    )
    leaving = membership.user_id == request.user.pk
    if not leaving and not allows(role, Action.MANAGE):
        plan_for(request, plan_id, Action.MANAGE)  # raises 403 with the role table's message
    try:
        team.remove(plan, membership, by=request.user)
    except team.TeamError as exc:
        messages.error(request, exc.message)
        return _back(plan, "planner:team")
    if leaving:
        messages.success(request, f"You left {plan.name}.")
        return redirect("planner:dashboard")
    return _back(plan, "planner:team")


# Review ----------------------------------------------------------------------------------------


def _is_ready(plan) -> bool:
    return finding_status_of(plan).ready_for_sign_off


@require_safe
def review_page(request, plan_id):
    plan, role = plan_for(request, plan_id, Action.VIEW)
    roles = list(SignOffRole.objects.filter(plan=plan).select_related("holder"))
    candidates = signoff.sign_off_candidates(plan)
    version = signoff.latest_version(plan)
    decisions = signoff.current_decisions(version) if version else {}
    changes = []
    current_hash = None
    if version is not None:
        from planner.document.diff import diff_documents
        from planner.document.hashing import content_sha256
        from planner.review.content import current_document

        document = current_document(plan)
        current_hash = content_sha256(document)
        if current_hash != version.sha256:
            changes = diff_documents(version.document, document)
    threads = (
        CommentThread.objects.filter(plan=plan)
        .select_related("created_by")
        .prefetch_related("comments__author")
        .order_by("resolved", "-created_at")
    )
    rows = [
        {
            "role": r,
            "decision": decisions.get(r.pk),
            "stale": r.pk in decisions
            and (decisions[r.pk].stale or decisions[r.pk].content_sha256 != current_hash),
            "mine": r.holder_id == request.user.pk,
        }
        for r in roles
    ]
    return render(
        request,
        "planner/review/review.html",
        {
            "plan": plan,
            "role": role,
            "rows": rows,
            "version": version,
            "current_hash": current_hash,
            "changes": changes,
            "threads": threads,
            "finding_status": finding_status_of(plan),
            "rehearsal_status": rehearsal_status_of(plan),
            "can_edit": allows(role, Action.EDIT),
            "can_manage": allows(role, Action.MANAGE),
            "can_comment": allows(role, Action.COMMENT),
            "can_decide": allows(role, Action.DECIDE) and plan.status == PlanStatus.IN_REVIEW,
            "decision_form": DecisionForm(),
            "thread_form": ThreadForm(initial={"subject": request.GET.get("subject", "plan")}),
            "reply_form": ReplyForm(),
            "sign_off_form": SignOffRoleForm(),
            "candidates": candidates,
            "shortfall": signoff.team_shortfall(
                roles,
                list(Membership.objects.filter(plan=plan).values_list("user_id", "role")),
                submitter=request.user.pk,
            ),
        },
    )


@require_POST
def review_submit(request, plan_id):
    plan, _ = plan_for(request, plan_id, Action.EDIT)
    try:
        version = signoff.submit(
            plan, by=request.user, ready=_is_ready(plan), base_url=_base_url(request)
        )
    except signoff.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Version {version.number} is in review.")
    return _back(plan)


@require_POST
def review_decide(request, plan_id, role_id):
    plan, _ = plan_for(request, plan_id, Action.DECIDE)
    sign_off = get_object_or_404(SignOffRole, plan=plan, pk=role_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or request changes.")
        return _back(plan)
    try:
        signoff.decide(
            plan, sign_off, by=request.user, base_url=_base_url(request), **form.cleaned_data
        )
    except signoff.ReviewError as exc:
        messages.error(request, str(exc))
    return _back(plan)


@require_POST
def signoff_roles(request, plan_id):
    """Add the default sign-offs, add one by title, or remove one."""
    plan, _ = plan_for(request, plan_id, Action.MANAGE)
    try:
        if "defaults" in request.POST:
            signoff.ensure_default_sign_off_roles(plan, by=request.user)
        elif "remove" in request.POST:
            sign_off = SignOffRole.objects.filter(plan=plan, pk=_int(request.POST["remove"]))
            if sign_off.exists():
                signoff.remove_sign_off(plan, sign_off.get(), by=request.user)
        else:
            form = SignOffRoleForm(request.POST)
            if not form.is_valid():
                raise signoff.ReviewError("Give the sign-off a title.")
            signoff.add_sign_off(plan, form.cleaned_data["title"], by=request.user)
    except signoff.ReviewError as exc:
        messages.error(request, str(exc))
    return _back(plan)


def _int(raw) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return 0


@require_POST
def signoff_holder(request, plan_id, role_id):
    """Hand a sign-off to a member picked from the list (or to nobody)."""
    plan, _ = plan_for(request, plan_id, Action.MANAGE)
    sign_off = get_object_or_404(SignOffRole, plan=plan, pk=role_id)
    form = HolderForm(request.POST, candidates=signoff.sign_off_candidates(plan))
    if not form.is_valid():
        messages.error(request, "Pick a reviewer, editor or owner of this plan.")
        return _back(plan)
    try:
        signoff.assign_holder(plan, sign_off, form.cleaned_data["holder"], by=request.user)
    except signoff.ReviewError as exc:
        messages.error(request, str(exc))
    return _back(plan)


@require_http_methods(["GET", "POST"])
def edit_anyway(request, plan_id):
    """The question before the first edit withdraws a submission (GET), and the answer (POST)."""
    plan, _ = plan_for(request, plan_id, Action.EDIT)
    back = guard.safe_next(request, request.POST.get("next") or request.GET.get("next"), plan)
    if request.method == "POST":
        guard.confirm(request.session, plan)
        messages.info(request, "Your next save sends the plan back to draft.")
        return redirect(back)
    return render(
        request,
        "planner/review/edit_anyway.html",
        {"plan": plan, "next": back, "asking": True},
    )


# Comments --------------------------------------------------------------------------------------


@require_POST
def thread_start(request, plan_id):
    plan, _ = plan_for(request, plan_id, Action.COMMENT)
    form = ThreadForm(request.POST)
    if form.is_valid():
        try:
            comments.start_thread(plan, by=request.user, **form.cleaned_data)
        except comments.CommentError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "Write a comment.")
    return _back(plan)


@require_POST
def thread_reply(request, plan_id, thread_id):
    plan, _ = plan_for(request, plan_id, Action.COMMENT)
    thread = get_object_or_404(CommentThread, plan=plan, pk=thread_id)
    try:
        comments.reply(thread, by=request.user, body=request.POST.get("body", ""))
    except comments.CommentError as exc:
        messages.error(request, str(exc))
    return _back(plan)


@require_POST
def thread_resolve(request, plan_id, thread_id):
    plan, role = plan_for(request, plan_id, Action.COMMENT)
    thread = get_object_or_404(CommentThread, plan=plan, pk=thread_id)
    try:
        comments.set_resolved(
            thread, by=request.user, role=role, resolved=request.POST.get("resolved") != "false"
        )
    except comments.CommentError as exc:
        messages.error(request, str(exc))
    return _back(plan)


# Versions and activity -------------------------------------------------------------------------


@require_safe
def versions_page(request, plan_id):
    plan, role = plan_for(request, plan_id, Action.VIEW)
    versions = PlanVersion.objects.filter(plan=plan).select_related("created_by").defer("document")
    return render(
        request,
        "planner/review/versions.html",
        {
            "plan": plan,
            "role": role,
            "versions": versions,
            "can_manage": allows(role, Action.MANAGE),
        },
    )


@require_safe
def version_diff(request, plan_id):
    """The readable diff between two versions (``?a=1&b=2``; ``b`` may be ``current``)."""
    from planner.document.diff import diff_documents
    from planner.review.content import current_document

    plan, role = plan_for(request, plan_id, Action.VIEW)
    versions = {v.number: v for v in PlanVersion.objects.filter(plan=plan)}

    def pick(raw):
        if raw == "current":
            return "current", current_document(plan)
        try:
            version = versions[int(raw)]
        except (KeyError, TypeError, ValueError):
            return None, None
        return f"v{version.number}", version.document

    a_name, a_doc = pick(request.GET.get("a"))
    b_name, b_doc = pick(request.GET.get("b", "current"))
    changes = diff_documents(a_doc, b_doc) if a_doc is not None and b_doc is not None else None
    return render(
        request,
        "planner/review/diff.html",
        {
            "plan": plan,
            "role": role,
            "a": a_name,
            "b": b_name,
            "changes": changes,
            "versions": versions.values(),
        },
    )


@require_POST
def version_restore(request, plan_id, number):
    plan, _ = plan_for(request, plan_id, Action.MANAGE)
    version = get_object_or_404(PlanVersion, plan=plan, number=number)
    from planner.document.load import DocumentRejected
    from planner.review.restore import restore_version

    try:
        restore_version(plan, version, by=request.user)
    except DocumentRejected as exc:
        messages.error(request, f"Version {version.number} cannot be restored: {exc}")
        return redirect("planner:versions", plan_id=plan.pk)
    messages.success(request, f"The plan's content is back to version {version.number}.")
    return redirect("planner:plan_detail", plan_id=plan.pk)


@require_safe
def activity(request, plan_id):
    plan, role = plan_for(request, plan_id, Action.VIEW)
    events = (
        AuditEvent.objects.filter(plan=plan)
        .select_related("origin_plan")
        .order_by("-created_at", "-id")[:200]
    )
    return render(
        request, "planner/review/activity.html", {"plan": plan, "role": role, "events": events}
    )
