"""Creating and changing plans as a whole."""

from core.access import Role
from core.changes import record_change, write_boundary
from planner.models import Membership, Plan


@write_boundary
def create_plan(*, user, name: str, description: str = "", sync_server=None) -> Plan:
    """A new draft plan whose creator is its owner."""
    plan = Plan.objects.create(
        name=name, description=description, created_by=user, sync_server=sync_server
    )
    Membership.objects.create(plan=plan, user=user, role=Role.OWNER)
    record_change(plan, user, "plan.create", "plan", after={"name": name})
    return plan


@write_boundary
def archive_plan(*, plan: Plan, user) -> Plan:
    """Archive the plan: it leaves the active list of the dashboard and its content stays as is.
    Archiving twice changes nothing."""
    from planner.models import PlanStatus

    if plan.status == PlanStatus.ARCHIVED:
        return plan
    before = plan.status
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.ARCHIVED)
    record_change(plan, user, "plan.archive", "plan", before=before, after=PlanStatus.ARCHIVED)
    return plan
