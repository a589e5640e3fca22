"""The findings page: the latest validation's findings, filters, acknowledgements, and the
Validate button that queues a validation job."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from planner.access import Action, allows, plan_for
from planner.jobs import JobLimitReached, JobQueueUnavailable, start_job
from planner.models import JobKind, Severity
from planner.validation.display import FAMILIES, FindingFilter, findings_page
from planner.validation.service import (
    AcknowledgementRefused,
    AcknowledgeRights,
    acknowledge,
)
from planner.validation.status import finding_status_of


def _render(request, plan, role, filters, *, error="", status=200, partial=False):
    context = {
        "plan": plan,
        "role": role,
        "filters": filters,
        "page": findings_page(plan, filters),
        "finding_status": finding_status_of(plan),
        "families": FAMILIES.items(),
        "severities": Severity.choices,
        "can_validate": allows(role, Action.EDIT),
        "can_ack_warnings": allows(role, Action.ACKNOWLEDGE_WARNING),
        "can_ack_errors": allows(role, Action.ACKNOWLEDGE_ERROR),
        "error": error,
    }
    template = "planner/findings.html#findings-list" if partial else "planner/findings.html"
    return render(request, template, context, status=status)


def _wants_partial(request) -> bool:
    return bool(request.htmx) and not request.htmx.boosted


@require_GET
def findings(request, plan_id):
    plan, role = plan_for(request, plan_id, Action.VIEW)
    filters = FindingFilter.from_query(request.GET)
    return _render(request, plan, role, filters, partial=_wants_partial(request))


@require_POST
def acknowledge_finding(request, plan_id):
    plan, role = plan_for(request, plan_id, Action.VIEW)
    rights = AcknowledgeRights(
        warnings=allows(role, Action.ACKNOWLEDGE_WARNING),
        errors=allows(role, Action.ACKNOWLEDGE_ERROR),
    )
    if not (rights.warnings or rights.errors):
        raise PermissionDenied(f"Your role ({role}) cannot acknowledge findings.")
    filters = FindingFilter.from_query(request.POST)
    try:
        acknowledge(
            plan,
            request.user,
            rights,
            request.POST.get("code", ""),
            request.POST.get("subject", ""),
            request.POST.get("reason", ""),
        )
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from None
    except AcknowledgementRefused as exc:
        return _render(
            request, plan, role, filters, error=str(exc), partial=_wants_partial(request)
        )
    if _wants_partial(request):
        return _render(request, plan, role, filters, partial=True)
    query = urlencode(
        {k: v for k, v in (("severity", filters.severity), ("family", filters.family)) if v}
    )
    url = reverse("planner:findings", kwargs={"plan_id": plan.pk})
    return redirect(f"{url}?{query}" if query else url)


@require_POST
def validate_plan(request, plan_id):
    plan, role = plan_for(request, plan_id, Action.EDIT)
    try:
        job = start_job(kind=JobKind.VALIDATE, plan=plan, user=request.user)
    except JobQueueUnavailable:
        return _render(
            request,
            plan,
            role,
            FindingFilter(),
            error="The job queue is unavailable, so validation could not start. Try again in a "
            "moment.",
            status=503,
        )
    except JobLimitReached as exc:
        error = f"Validation was not started. {exc}"
        return _render(request, plan, role, FindingFilter(), error=error, status=429)
    return redirect("planner:job_status", plan_id=plan.pk, job_id=job.pk)
