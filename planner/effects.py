"""What a change to plan content does to a plan besides the revision bump and the audit event.

The write boundary (core/changes.py) runs these on commit for the plans a change
affected; PlannerConfig.ready() registers them, so the boundary knows no review or validation.
"""

from __future__ import annotations

import functools

from django.db import transaction

from planner.models import Approval, Plan, PlanStatus


def void_review(plan_ids: list[int]) -> None:
    """A change after submission voids the review: back to draft, and the approvals given so far
    no longer speak for the content."""
    Plan.objects.filter(
        pk__in=plan_ids, status__in=[PlanStatus.IN_REVIEW, PlanStatus.SIGNED_OFF]
    ).update(status=PlanStatus.DRAFT)
    Approval.objects.filter(sign_off_role__plan_id__in=plan_ids, stale=False).update(stale=True)


def validate_live(plan_ids: list[int]) -> None:
    """Findings live while editing: validate the new revision in the background once the change
    is committed (debounced, one per plan; planner/validation/live.py)."""
    from planner.validation import live

    live.changed(plan_ids)
    transaction.on_commit(functools.partial(live.schedule, plan_ids))
