"""What pages show of a plan's findings outside the findings page: open findings under a
subject, the finding status, the live-findings partial (the plan page and the field workspace).
Registered as the findings provider of core/findings.py (PlannerConfig.ready()) for the pages
of other apps."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists
from django.urls import reverse

from planner.models import Finding
from planner.subject_links import link, type_mapping_ids
from planner.validation import live
from planner.validation.services import current_acknowledgement
from planner.validation.status import FindingStatus
from planner.validation.status import finding_status_of as status_of

__all__ = ["link", "live_findings", "open_findings", "status_of", "type_mapping_ids"]


def open_findings(plan, prefix: str, revision: int | None = None, *, with_id: bool = False) -> list:
    """(severity, code, subject, message) of the findings of ``revision`` (default: the plan's
    current one) whose subject starts with ``prefix``, leaving out those acknowledged for the
    same fingerprint (an accepted risk is no longer open); ``with_id`` adds each finding's id
    last. One query."""
    columns = ("severity", "code", "subject", "message") + (("id",) if with_id else ())
    return list(
        Finding.objects.filter(
            plan=plan,
            plan_revision=plan.revision if revision is None else revision,
            subject__startswith=prefix,
        )
        .exclude(Exists(current_acknowledgement()))
        .order_by("code", "subject")
        .values_list(*columns)
    )


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
    """What the live-findings partial shows (planner/validation/views.py, the plan page, the
    field workspace). ``status``/``findings``: already loaded by the page."""
    status = status or status_of(plan)
    url = reverse("planner:live_findings", kwargs={"plan_id": plan.pk})
    if type_mapping is not None:
        url += f"?type_mapping={type_mapping.pk}"
        if findings is None:
            findings = _type_mapping_findings(plan, type_mapping, status.validated_revision)
    return LiveFindings(status=status, pending=live.pending(plan), url=url, findings=findings)


def _type_mapping_findings(plan, type_mapping, revision):
    # The same selection as the workspace's (findings on the type mapping itself).
    from connections.field_mappings.services import type_mapping_subject

    if revision is None:
        return []
    subject = type_mapping_subject(type_mapping)
    return [f for f in open_findings(plan, subject, revision) if f[2] == subject]
