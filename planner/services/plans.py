"""Creating and changing plans as a whole."""

from django.db import transaction

from planner.models import Membership, Plan, Role


@transaction.atomic
def create_plan(*, user, name: str, description: str = "", sync_server=None) -> Plan:
    """A new draft plan whose creator is its owner."""
    plan = Plan.objects.create(
        name=name, description=description, created_by=user, sync_server=sync_server
    )
    Membership.objects.create(plan=plan, user=user, role=Role.OWNER)
    return plan
