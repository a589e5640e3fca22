"""Who may do what on a plan: the one place that applies the role table.

Every plan view starts with ``plan_for(request, plan_id, Action.X)``. Outsiders get 404 so plan
ids leak nothing; members whose role does not allow the action get 403.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from planner.models import Membership, Plan, Role


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


def _membership(request, plan_id) -> Membership | None:
    """The signed-in user's membership of the plan, looked up once per request."""
    cache = request.__dict__.setdefault("_plan_memberships", {})
    key = str(plan_id)
    if key not in cache:
        cache[key] = (
            Membership.objects.select_related("plan", "plan__sync_server")
            .filter(plan_id=plan_id, user_id=request.user.pk)
            .first()
            if request.user.is_authenticated
            else None
        )
    return cache[key]


def plan_for(request, plan_id, action: Action = Action.VIEW) -> tuple[Plan, str]:
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


# Sync servers ----------------------------------------------------------------------------------
# A sync server's register (credentials, certificates, the expiry calendar) belongs to the teams
# whose plans run on it. This is the one visibility rule: forms, register views and the document
# import all ask it.


def servers_visible_to(user):
    """The sync servers ``user`` may see and attach a plan to: those a plan of theirs runs on,
    and those an owner of a plan on the server shared with a plan of theirs (while the server
    still has plans). Staff see every server, and are the only ones to see a server no plan
    runs on any more."""
    from planner.models import SyncServer, SyncServerShare

    if user is None or not user.is_authenticated:
        return SyncServer.objects.none()
    if user.is_staff:
        return SyncServer.objects.all()
    own = Plan.objects.filter(memberships__user=user, sync_server__isnull=False)
    shared = SyncServerShare.objects.filter(plan__memberships__user=user)
    in_use = Plan.objects.filter(sync_server__isnull=False)
    return SyncServer.objects.filter(
        Q(pk__in=own.values("sync_server"))
        | (Q(pk__in=shared.values("sync_server")) & Q(pk__in=in_use.values("sync_server")))
    )


def server_for(request, plan: Plan):
    """The plan's sync server if the signed-in user may see it, else 404 (no server yet, or a
    server outside the user's reach: its register leaks nothing)."""
    if plan.sync_server_id is None:
        raise Http404("This plan has no sync server yet.")
    if not servers_visible_to(request.user).filter(pk=plan.sync_server_id).exists():
        raise Http404("No such sync server.")
    return plan.sync_server
