from django import template

from core.access import Action, _membership, allows
from planner.review import guard

register = template.Library()


@register.inclusion_tag("planner/plans/_plan_status_bar.html", takes_context=True)
def plan_status_bar(context, plan):
    """The plan's status on every plan page, with the question of ``planner.review.guard``
    for those who may edit."""
    request = context["request"]
    membership = _membership(request, plan.pk)
    may_edit = membership is not None and allows(membership.role, Action.EDIT)
    withdrawable = plan.status in guard.WITHDRAWN_BY_EDITS
    ask = may_edit and guard.needs_confirmation(request.session, plan)
    # The question page asks in its own words; the bar does not ask twice.
    asking = bool(context.get("asking"))
    return {
        "plan": plan,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "ask": ask and not asking,
        "confirmed": may_edit and withdrawable and not ask,
    }


@register.filter
def type_mapping_links(type_mapping):
    """Where a type mapping leads (connections.navigation), for the plan page's list."""
    from connections.navigation import type_mapping_links as links

    return links(type_mapping)
