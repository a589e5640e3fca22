"""The live findings partial (plan page, field workspace): the last validation's status and,
in the workspace, its findings on the type mapping; polled by htmx only while a validation of a
newer revision is on its way (planner/validation/live.py), so it stops by itself once current."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.access import Action, plan_for
from planner.validation import live
from planner.validation.status import FindingStatus, finding_status_of

TEMPLATE = "planner/validation/_live_findings.html#live-findings"


@dataclass
class LiveFindings:
    status: FindingStatus
    pending: bool
    url: str
    # The type mapping's own findings (workspace only), as (severity, code, subject, message).
    findings: list | None = None

    @property
    def polling(self) -> bool:
        return self.pending and not self.status.current


def live_findings(plan, type_mapping=None, *, status=None, findings=None) -> LiveFindings:
    """What the partial shows. ``status``/``findings``: already loaded by the page."""
    status = status or finding_status_of(plan)
    url = reverse("planner:live_findings", kwargs={"plan_id": plan.pk})
    if type_mapping is not None:
        url += f"?type_mapping={type_mapping.pk}"
        if findings is None:
            findings = _type_mapping_findings(plan, type_mapping, status.validated_revision)
    return LiveFindings(status=status, pending=live.pending(plan), url=url, findings=findings)


def _type_mapping_findings(plan, type_mapping, revision):
    # The same selection as the workspace's (findings on the type mapping itself).
    from connections.services.mappings_fields import type_mapping_subject
    from planner.validation.pages import open_findings

    if revision is None:
        return []
    subject = type_mapping_subject(type_mapping)
    return [f for f in open_findings(plan, subject, revision) if f[2] == subject]


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
    return render(request, TEMPLATE, context)
