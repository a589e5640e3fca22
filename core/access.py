"""Who may do what on a plan: the one place that applies the role table.

Every plan view starts with ``plan_for(request, plan_id, Action.X)``. Outsiders get 404 so plan
ids leak nothing; members whose role does not allow the action get 403.

The kernel imports no feature: a plan's memberships are rows of the model named by the
PLAN_MEMBERSHIP_MODEL setting (``"planner.Membership"``: a ``plan`` and a ``user`` foreign key and
a ``role`` of ``Role``), looked up through the app registry, as Django names AUTH_USER_MODEL.
"""

from __future__ import annotations

from enum import StrEnum

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404


class Role(models.TextChoices):
    """A member's role on a plan: the columns of the role table."""

    OWNER = "owner", "Owner"
    EDITOR = "editor", "Editor"
    REVIEWER = "reviewer", "Reviewer"
    VIEWER = "viewer", "Viewer"


class Action(StrEnum):
    VIEW = "view"  # see the plan, findings, versions, export it
    COMMENT = "comment"  # comment, resolve own threads
    DECIDE = "decide"  # approve / request changes on a sign-off one holds
    EDIT = "edit"  # edit content, run validation, submit for review
    ACKNOWLEDGE_WARNING = "acknowledge_warning"
    ACKNOWLEDGE_ERROR = "acknowledge_error"
    MANAGE = "manage"  # members, sign-off holders, archive, delete


# The role table of docs/architecture (rows: action; columns: viewer, reviewer, editor, owner).
ROLE_TABLE: dict[Action, frozenset[Role]] = {
    Action.VIEW: frozenset({Role.VIEWER, Role.REVIEWER, Role.EDITOR, Role.OWNER}),
    Action.COMMENT: frozenset({Role.REVIEWER, Role.EDITOR, Role.OWNER}),
    Action.DECIDE: frozenset({Role.REVIEWER, Role.EDITOR, Role.OWNER}),
    Action.EDIT: frozenset({Role.EDITOR, Role.OWNER}),
    Action.ACKNOWLEDGE_WARNING: frozenset({Role.EDITOR, Role.OWNER}),
    Action.ACKNOWLEDGE_ERROR: frozenset({Role.OWNER}),
    Action.MANAGE: frozenset({Role.OWNER}),
}


def allows(role: str | None, action: Action) -> bool:
    return role is not None and Role(role) in ROLE_TABLE[action]


def membership_model():
    """The model of a plan's memberships (PLAN_MEMBERSHIP_MODEL)."""
    return apps.get_model(settings.PLAN_MEMBERSHIP_MODEL)


def _membership(request, plan_id):
    """The signed-in user's membership of the plan, looked up once per request."""
    cache = request.__dict__.setdefault("_plan_memberships", {})
    key = str(plan_id)
    if key not in cache:
        cache[key] = (
            membership_model()
            .objects.select_related("plan", "plan__sync_server")
            .filter(plan_id=plan_id, user_id=request.user.pk)
            .first()
            if request.user.is_authenticated
            else None
        )
    return cache[key]


def plan_for(request, plan_id, action: Action = Action.VIEW) -> tuple[models.Model, str]:
    """The plan and the user's role on it, or 404 (not a member) / 403 (role too low)."""
    membership = _membership(request, plan_id)
    if membership is None:
        raise Http404("No such plan.")
    if not allows(membership.role, action):
        raise PermissionDenied(f"Your role ({membership.role}) on this plan does not allow this.")
    return membership.plan, membership.role


class PlanMembershipMiddleware:
    """Outsiders get 404 for every URL of a plan, before any view code (even a method check)
    runs, so a new view cannot leak that a plan exists. Views still call ``plan_for`` for the
    role their action needs; the membership is looked up once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        plan_id = view_kwargs.get("plan_id")
        if (
            plan_id is not None
            and request.user.is_authenticated
            and _membership(request, plan_id) is None
        ):
            raise Http404("No such plan.")
        return None
