"""The findings pages: the latest validation's findings, filters, acknowledgements (one, or
several of one code at once), the Validate button that queues a validation job, and the live
findings partial (plan page, field workspace): the last validation's status and, in the
workspace, its findings on the type mapping; polled by htmx only while a validation of a newer
revision is on its way (planner/validation/live.py), so it stops by itself once current."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.access import Action, allows, plan_for
from core.jobs import JobLimitReached, JobQueueUnavailable, start_job
from core.models import JobKind
from planner.models import Finding, Severity
from planner.validation.display import FAMILIES, FindingFilter, findings_page
from planner.validation.pages import live_findings
from planner.validation.services import (
    AcknowledgementRefused,
    AcknowledgeRights,
    acknowledge,
    acknowledge_many,
    validated_revision,
)
from planner.validation.status import finding_status_of

PAGE = "planner/validation/findings.html"
LIVE_TEMPLATE = "planner/validation/_live_findings.html#live-findings"


# While the shown findings are behind the plan, the list asks this often whether a newer
# validation has landed, and swaps itself in place when one has.
POLL_SECONDS = 10


def _poll_url(plan, filters, status, page) -> str:
    if status.current:
        return ""
    query = {k: v for k, v in (("severity", filters.severity), ("family", filters.family)) if v}
    if filters.include_acknowledged:
        query["acknowledged"] = "1"
    query["shown"] = "" if page.revision is None else str(page.revision)
    url = reverse("planner:findings", kwargs={"plan_id": plan.pk})
    return f"{url}?{urlencode(query)}"


def _context(plan, role, filters, page=None, **extra):
    page = page if page is not None else findings_page(plan, filters)
    status = finding_status_of(plan)
    return {
        "plan": plan,
        "role": role,
        "filters": filters,
        "page": page,
        "finding_status": status,
        "poll_url": _poll_url(plan, filters, status, page),
        "poll_seconds": POLL_SECONDS,
        "families": FAMILIES.items(),
        "severities": Severity.choices,
        "can_validate": allows(role, Action.EDIT),
        "can_ack_warnings": allows(role, Action.ACKNOWLEDGE_WARNING),
        "can_ack_errors": allows(role, Action.ACKNOWLEDGE_ERROR),
        "error": "",
        "bulk_selected": (),
        **extra,
    }


def _render(request, plan, role, filters, *, error="", status=200, partial=False):
    template = f"{PAGE}#findings-list" if partial else PAGE
    return render(request, template, _context(plan, role, filters, error=error), status=status)


def _wants_partial(request) -> bool:
    return bool(request.htmx) and not request.htmx.boosted


def _with_counters(request, context, body: str) -> HttpResponse:
    """``body`` and, out of band, the counters at the top of the page (htmx)."""
    counters = render_to_string(f"{PAGE}#findings-summary", {**context, "oob": True}, request)
    return HttpResponse(body + counters)


def _shown(page, code: str, subject: str):
    for _, _, families in page.groups:
        for _, _, items in families:
            for finding in items:
                if (finding.code, finding.subject) == (code, subject):
                    return finding
    return None


def _rights(role) -> AcknowledgeRights:
    rights = AcknowledgeRights(
        warnings=allows(role, Action.ACKNOWLEDGE_WARNING),
        errors=allows(role, Action.ACKNOWLEDGE_ERROR),
    )
    if not (rights.warnings or rights.errors):
        raise PermissionDenied(f"Your role ({role}) cannot acknowledge findings.")
    return rights


def _back_to_list(plan, filters):
    query = urlencode(
        {k: v for k, v in (("severity", filters.severity), ("family", filters.family)) if v}
        | ({"acknowledged": "1"} if filters.include_acknowledged else {})
    )
    url = reverse("planner:findings", kwargs={"plan_id": plan.pk})
    return redirect(f"{url}?{query}" if query else url)


@require_GET
def findings(request, plan_id):
    plan, role = plan_for(request, plan_id, Action.VIEW)
    filters = FindingFilter.from_query(request.GET)
    if not _wants_partial(request):
        return _render(request, plan, role, filters)
    shown = request.GET.get("shown")
    if shown is not None:  # the list polling: nothing newer, nothing to swap
        latest = validated_revision(plan)
        if shown == ("" if latest is None else str(latest)):
            return HttpResponse(status=204)
    context = _context(plan, role, filters)
    body = render_to_string(f"{PAGE}#findings-list", context, request)
    return _with_counters(request, context, body)


@require_POST
def acknowledge_finding(request, plan_id):
    """One finding. With htmx only its row comes back (a refusal keeps the typed reason and
    says why in the row; no jump), with the counters out of band; without JS, the page."""
    plan, role = plan_for(request, plan_id, Action.VIEW)
    rights = _rights(role)
    filters = FindingFilter.from_query(request.POST)
    code, subject = request.POST.get("code", ""), request.POST.get("subject", "")
    reason = request.POST.get("reason", "")
    try:
        acknowledge(plan, request.user, rights, code, subject, reason)
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from None
    except AcknowledgementRefused as exc:
        page = findings_page(plan, filters)
        finding = _shown(page, code, subject)
        if finding is None:  # not on the page (any more): say so above the list
            context = _context(plan, role, filters, page, error=str(exc))
            template = f"{PAGE}#findings-list" if _wants_partial(request) else PAGE
            return render(request, template, context)
        finding.ack_error, finding.typed_reason = str(exc), reason
        context = _context(plan, role, filters, page, finding=finding)
        if _wants_partial(request):
            return render(request, f"{PAGE}#finding-row", context)
        return render(request, PAGE, context)
    if not _wants_partial(request):
        return _back_to_list(plan, filters)
    context = _context(plan, role, filters)
    finding = _shown(context["page"], code, subject)  # still listed when acknowledged ones are
    row = (
        render_to_string(f"{PAGE}#finding-row", {**context, "finding": finding}, request)
        if finding is not None
        else ""
    )
    return _with_counters(request, context, row)


@require_POST
def acknowledge_findings(request, plan_id):
    """Several findings of one code with one reason, in one change (through the same service
    and role rules as one)."""
    plan, role = plan_for(request, plan_id, Action.VIEW)
    rights = _rights(role)
    filters = FindingFilter.from_query(request.POST)
    reason = request.POST.get("reason", "")
    ids = [int(v) for v in request.POST.getlist("finding") if v.isdigit()]
    selected = list(
        Finding.objects.filter(plan=plan, pk__in=ids, plan_revision=validated_revision(plan))
        .order_by("code", "subject")
        .values_list("code", "subject")
    )
    codes = sorted({code for code, _ in selected})
    try:
        if len(selected) < len(set(ids)):
            raise AcknowledgementRefused(
                "A selected finding is no longer reported; validate again."
            )
        if len(codes) > 1:
            raise AcknowledgementRefused(
                f"Select findings of one code: one reason is given for one kind of finding "
                f"(selected: {', '.join(codes)})."
            )
        acknowledge_many(
            plan, request.user, rights, codes[0] if codes else "", [s for _, s in selected], reason
        )
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from None
    except AcknowledgementRefused as exc:
        context = _context(
            plan, role, filters, bulk_error=str(exc), bulk_reason=reason, bulk_selected=set(ids)
        )
        return render(
            request, f"{PAGE}#findings-list" if _wants_partial(request) else PAGE, context
        )
    if not _wants_partial(request):
        return _back_to_list(plan, filters)
    context = _context(plan, role, filters)
    body = render_to_string(f"{PAGE}#findings-list", context, request)
    return _with_counters(request, context, body)


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


# The live findings partial (plan page, field workspace); what it shows: pages.live_findings.


@require_GET
def live_findings_partial(request, plan_id):
    plan, _ = plan_for(request, plan_id, Action.VIEW)
    type_mapping = None
    raw = request.GET.get("type_mapping")
    if raw is not None:
        from connections.models import TypeMapping

        if not raw.isdigit():
            raise Http404("No such type mapping.")
        type_mapping = (
            TypeMapping.objects.select_related("connection", "left_type", "right_type")
            .filter(pk=int(raw), connection__plan=plan)
            .first()
        )
        if type_mapping is None:
            raise Http404("No such type mapping.")
    context = {"plan": plan, "live": live_findings(plan, type_mapping)}
    return render(request, LIVE_TEMPLATE, context)
