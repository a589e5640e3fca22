"""What the pages of other apps show of a plan's findings: the plan domain's answers, registered
as the findings provider of core/findings.py (PlannerConfig.ready())."""

from __future__ import annotations

from django.db.models import Exists

from planner.models import Finding
from planner.subject_links import link, type_mapping_ids
from planner.validation.services import current_acknowledgement
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


def live_findings(plan, type_mapping=None, *, status=None, findings=None):
    """What the live-findings partial shows (planner/validation/views.py)."""
    from planner.validation.views import live_findings as live

    return live(plan, type_mapping, status=status, findings=findings)
