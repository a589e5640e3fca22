"""Changing a sync server's operations register from one of its plans, and sharing a server.

The register belongs to the server, so a change to it changes every plan that runs on it: the
write boundary bumps each one's revision, sends it back to draft and records the change in each
(saying from which plan). An endpoint's own operations fields change only its plan. Edits of an
existing row go through save_if_current, so two people editing one entry do not overwrite each
other.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict

from core.changes import action_name, record_change, record_event, write_boundary
from core.concurrency import save_if_current
from facts import subjects
from planner.models import OperationsItem, Plan, SyncServer, SyncServerShare
from planner.servers import servers_visible_to


def _subject(instance) -> str:
    if isinstance(instance, OperationsItem):
        return subjects.operations_item(instance.kind, instance.key)
    if isinstance(instance, SyncServer):
        return subjects.SERVER
    return subjects.endpoint(instance.key)


def affected_plans(plan) -> list[Plan]:
    """The plans a change to ``plan``'s register changes: every plan on its sync server, the
    plan itself first."""
    if plan.sync_server_id is None:
        return [plan]
    others = Plan.objects.filter(sync_server_id=plan.sync_server_id).exclude(pk=plan.pk)
    return [plan, *others.order_by("name", "pk")]


def _plans_for(instance, plan) -> list[Plan]:
    if isinstance(instance, OperationsItem | SyncServer):
        return affected_plans(plan)
    return [plan]


def _jsonable(values: dict) -> dict:
    return {k: (v if isinstance(v, (str, int, bool, list, type(None))) else str(v))
            for k, v in values.items()}  # fmt: skip


@write_boundary
def save_form(form, *, plan, user):
    """Save a valid LockedForm: create, or update only if the row is unchanged since the form
    was shown (StaleEdit otherwise)."""
    instance = form.instance
    fields = list(form._meta.fields)
    if instance.pk is None:
        # A double-clicked "add" sends the same entry twice, often at the same moment: the
        # repeat finds the first one (committed, or waited for on the unique key) and is a no-op.
        same = _same_entry(instance, fields)
        if same is not None:
            return same
        try:
            with transaction.atomic():
                instance = form.save()
        except IntegrityError:
            same = _same_entry(instance, fields)
            if same is not None:
                return same
            raise AddConflict(
                "Another entry with this name was added at the same moment; nothing was saved"
            ) from None
        record_change(_plans_for(instance, plan), user, action_name(instance, "create"),
                      _subject(instance), None, _jsonable(model_to_dict(instance, fields)),
                      origin=plan)  # fmt: skip
        return instance
    before = _jsonable(model_to_dict(type(instance).objects.get(pk=instance.pk), fields))
    instance = form.save(commit=False)
    expected = form.cleaned_data.get("lock_version")
    if expected is None:
        expected = instance.lock_version
    save_if_current(instance, expected, fields)
    record_change(_plans_for(instance, plan), user, action_name(instance, "update"),
                  _subject(instance), before, _jsonable(model_to_dict(instance, fields)),
                  origin=plan)  # fmt: skip
    return instance


class AddConflict(Exception):
    """A new entry collided with one added concurrently that is not the same entry."""


def _same_entry(instance, fields) -> OperationsItem | None:
    """An existing register entry equal to the unsaved ``instance`` in every field the form
    sets, or None."""
    if not isinstance(instance, OperationsItem):
        return None
    names = {f.name for f in OperationsItem._meta.concrete_fields}
    values = {name: getattr(instance, name) for name in fields if name in names}
    return (
        OperationsItem.objects.filter(
            sync_server=instance.sync_server, kind=instance.kind, **values
        )
        .order_by("pk")
        .first()
    )


@write_boundary
def delete_item(item: OperationsItem, *, plan, user) -> None:
    before = _jsonable(model_to_dict(item, ["name", "owner", "kind", "key"]))
    subject = _subject(item)
    item.delete()
    record_change(affected_plans(plan), user, "operations_item.delete", subject, before, None,
                  origin=plan)  # fmt: skip


@write_boundary
def choose_server(plan, *, user, existing: SyncServer | None, new_name: str = "") -> SyncServer:
    """Let ``plan`` run on an existing sync server (one ``user`` may see: the form offers only
    planner.servers.servers_visible_to) or on a new one."""
    if existing is not None and not servers_visible_to(user).filter(pk=existing.pk).exists():
        raise PermissionDenied("This sync server belongs to another team.")
    server = existing or SyncServer.objects.create(name=new_name)
    before = plan.sync_server.name if plan.sync_server_id else None
    plan.sync_server = server
    plan.save(update_fields=["sync_server", "updated_at"])
    record_change(plan, user, "plan.sync_server", "plan", {"sync_server": before},
                  {"sync_server": server.name})  # fmt: skip
    return server


@transaction.atomic
def share_server(plan, *, user, target_plan_id) -> bool:
    """An owner of ``plan`` lets another plan (another team's, known to them by its number) see
    and attach ``plan``'s sync server. Audited in both plans. Returns whether a share was made;
    the caller answers the same either way, so a plan number leaks nothing."""
    server = plan.sync_server
    target = Plan.objects.filter(pk=target_plan_id).exclude(sync_server=server).first()
    if server is None or target is None:
        return False
    share, created = SyncServerShare.objects.get_or_create(
        sync_server=server, plan=target, defaults={"from_plan": plan, "shared_by": user}
    )
    if created:
        record_event(plan, user, "sync_server.share", "operations/server",
                     after={"server": server.name, "shared_with_plan": target.pk})  # fmt: skip
        record_event(target, user, "sync_server.share", "operations/server",
                     after={"server": server.name, "shared_from_plan": plan.name})  # fmt: skip
    return created


@transaction.atomic
def withdraw_share(plan, *, user, share_id) -> bool:
    """Withdraw a share of ``plan``'s sync server: the other plan's members no longer see the
    server unless their plan already runs on it (attaching made them users of the server)."""
    share = (
        SyncServerShare.objects.select_related("plan")
        .filter(pk=share_id, sync_server_id=plan.sync_server_id)
        .first()
    )
    if share is None or plan.sync_server_id is None:
        return False
    share.delete()
    name = plan.sync_server.name
    record_event(plan, user, "sync_server.unshare", "operations/server",
                 before={"server": name, "shared_with_plan": share.plan_id})  # fmt: skip
    record_event(share.plan, user, "sync_server.unshare", "operations/server",
                 before={"server": name, "shared_from_plan": plan.name})  # fmt: skip
    return True
