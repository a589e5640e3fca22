"""The plans' pages: the dashboard of my plans, the plan page, create, rename, archive, copy."""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from connections.models import Connection, Endpoint, TypeMapping
from connections.navigation import enum_mappings_prefetch
from connections.rows import Row, save_row
from core.access import Action, allows, plan_for
from core.jobs import JobNotStarted, start_job
from core.models import JobKind, JobStatus
from planner.models import Invitation, Membership, PlanStatus
from planner.plans.forms import CloneForm, PlanForm, PlanRenameForm
from planner.plans.services import archive_plan, create_plan
from planner.validation.pages import live_findings
from planner.validation.status import finding_status_of, finding_statuses


@require_safe
def dashboard(request):
    """My plans, active ones first: status, last change and each plan's finding status (a
    fixed number of queries however many plans)."""
    memberships = list(
        Membership.objects.filter(user=request.user)
        .select_related("plan", "plan__sync_server")
        .order_by("-plan__updated_at")
    )
    statuses = finding_statuses([m.plan for m in memberships])
    for membership in memberships:
        membership.finding_status = statuses[membership.plan_id]
    invitations = Invitation.objects.filter(user=request.user).select_related("plan", "invited_by")
    return render(
        request,
        "planner/plans/dashboard.html",
        {
            "invitations": invitations,
            "memberships": [m for m in memberships if m.plan.status != PlanStatus.ARCHIVED],
            "archived": [m for m in memberships if m.plan.status == PlanStatus.ARCHIVED],
            "form": PlanForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_create(request):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = create_plan(user=request.user, **form.cleaned_data)
        return redirect("planner:plan_detail", plan_id=plan.pk)
    return render(request, "planner/plans/plan_form.html", {"form": form})


@require_safe
def plan_detail(request, plan_id):
    plan, role = plan_for(request, plan_id, Action.VIEW)
    endpoints = (
        Endpoint.objects.filter(plan=plan)
        .select_related("product")
        .annotate(type_count=Count("item_types", distinct=True))
    )
    connections = (
        Connection.objects.filter(plan=plan)
        .select_related("left", "right")
        .annotate(type_mapping_count=Count("type_mappings", distinct=True))
        .prefetch_related(
            Prefetch(
                "type_mappings",
                queryset=TypeMapping.objects.select_related(
                    "connection", "left_type", "right_type"
                ).prefetch_related(enum_mappings_prefetch()),
            )
        )
    )
    status = finding_status_of(plan)
    return render(
        request,
        "planner/plans/plan_detail.html",
        {
            "plan": plan,
            "role": role,
            "can_edit": allows(role, Action.EDIT),
            "endpoints": endpoints,
            "connections": connections,
            "finding_status": status,
            "live": live_findings(plan, status=status),
            "rename_row": _rename_row(plan),
            "can_manage": allows(role, Action.MANAGE),
        },
    )


def _rename_row(plan, form=None):
    url = reverse("planner:plan_rename", kwargs={"plan_id": plan.pk})
    return Row(form=form or PlanRenameForm(instance=plan), url=url, dom_id="plan-name")


@require_POST
def plan_rename(request, plan_id):
    plan, _ = plan_for(request, plan_id, Action.EDIT)
    page_url = reverse("planner:plan_detail", kwargs={"plan_id": plan.pk})
    return save_row(request, plan, plan, PlanRenameForm, _rename_row, page_url)


@require_POST
def plan_archive(request, plan_id):
    plan, _ = plan_for(request, plan_id, Action.MANAGE)
    archive_plan(plan=plan, user=request.user)
    messages.success(request, f"“{plan.name}” is archived.")
    return redirect("planner:dashboard")


@require_POST
def plan_clone(request, plan_id):
    """Copy the plan; a job, as an enterprise-size plan takes seconds to copy."""
    plan, _ = plan_for(request, plan_id, Action.EDIT)
    form = CloneForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the copy a name (at most 200 characters).")
        return redirect("planner:plan_detail", plan_id=plan.pk)
    options = {"name": form.cleaned_data["name"]}
    try:
        job = start_job(kind=JobKind.CLONE, plan=plan, user=request.user, options=options)
    except JobNotStarted as exc:
        messages.error(request, f"The plan could not be copied. {exc}")
        return redirect("planner:plan_detail", plan_id=plan.pk)
    if job.status == JobStatus.SUCCEEDED:  # run in-process (no worker configured)
        messages.success(request, job.message)
        return redirect("planner:plan_detail", plan_id=job.result["plan_id"])
    if job.status == JobStatus.FAILED:
        messages.error(request, job.message)
        return redirect("planner:plan_detail", plan_id=plan.pk)
    return redirect("planner:job_status", plan_id=plan.pk, job_id=job.pk)
