"""Which sync servers a user may see: the one visibility rule of a server's register.

A sync server's register (credentials, certificates, the expiry calendar) belongs to the teams
whose plans run on it. Forms, register views and the document import all ask this module.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from planner.models import Plan, SyncServer, SyncServerShare


def servers_visible_to(user):
    """The sync servers ``user`` may see and attach a plan to: those a plan of theirs runs on,
    and those an owner of a plan on the server shared with a plan of theirs (while the server
    still has plans). Staff see every server, and are the only ones to see a server no plan
    runs on any more."""
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
