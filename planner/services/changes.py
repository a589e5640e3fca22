"""Recording a change to a plan's content: bump the plan's revision and write one audit event.

Every service that changes plan content calls ``record_change`` inside its transaction, so the
revision ("has anything changed?"), the audit trail and the review state stay in step.
"""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from planner.models import AuditEvent, Plan, PlanStatus


def record_change(plan: Plan, user, action: str, subject: str = "", before=None, after=None):
    """Note that ``plan``'s content changed: ``action`` (e.g. "field_mapping.update") on
    ``subject`` (a subject path), with JSON-able before/after values."""
    Plan.objects.filter(pk=plan.pk).update(revision=F("revision") + 1, updated_at=timezone.now())
    # A change after submission voids the review: back to draft; the approvals keep the hash
    # they approved, which no longer matches the content.
    Plan.objects.filter(
        pk=plan.pk, status__in=[PlanStatus.IN_REVIEW, PlanStatus.SIGNED_OFF]
    ).update(status=PlanStatus.DRAFT)
    plan.refresh_from_db(fields=["revision", "updated_at", "status"])
    actor = user.get_username() if user is not None and user.is_authenticated else ""
    return AuditEvent.objects.create(
        plan=plan, actor=actor, action=action, subject=subject, before=before, after=after
    )
