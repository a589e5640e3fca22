from django import template
from django.utils import timezone

from planner.operations.reminders import expiring_items

register = template.Library()


@register.inclusion_tag("planner/operations/expiry_badge.html")
def expiry_badge(plan):
    """The count of the plan's server's certificates and credentials that expire soon or have
    expired, linking to the operations register."""
    count = (
        len(expiring_items(timezone.localdate(), plan.sync_server)) if plan.sync_server_id else 0
    )
    return {"plan": plan, "count": count}
