"""Changing a sync server's operations register from one of its plans.

Every change is recorded on the plan it was made from (record_change); edits of an existing row
go through save_if_current, so two people editing one entry do not overwrite each other.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict

from planner.concurrency import save_if_current
from planner.models import OperationsItem, SyncServer
from planner.services.changes import record_change


def _subject(instance) -> str:
    if isinstance(instance, OperationsItem):
        return f"operations/{instance.kind}/{instance.key}"
    if isinstance(instance, SyncServer):
        return "operations/server"
    return f"endpoints/{instance.key}"


def _jsonable(values: dict) -> dict:
    return {k: (v if isinstance(v, (str, int, bool, list, type(None))) else str(v))
            for k, v in values.items()}  # fmt: skip


@transaction.atomic
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
        record_change(plan, user, f"{instance._meta.model_name}.create", _subject(instance),
                      None, _jsonable(model_to_dict(instance, fields)))  # fmt: skip
        return instance
    before = _jsonable(model_to_dict(type(instance).objects.get(pk=instance.pk), fields))
    instance = form.save(commit=False)
    expected = form.cleaned_data.get("lock_version")
    if expected is None:
        expected = instance.lock_version
    save_if_current(instance, expected, fields)
    record_change(plan, user, f"{instance._meta.model_name}.update", _subject(instance), before,
                  _jsonable(model_to_dict(instance, fields)))  # fmt: skip
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


@transaction.atomic
def delete_item(item: OperationsItem, *, plan, user) -> None:
    before = _jsonable(model_to_dict(item, ["name", "owner", "kind", "key"]))
    subject = _subject(item)
    item.delete()
    record_change(plan, user, "operationsitem.delete", subject, before, None)


@transaction.atomic
def choose_server(plan, *, user, existing: SyncServer | None, new_name: str = "") -> SyncServer:
    """Let ``plan`` run on an existing sync server or on a new one."""
    server = existing or SyncServer.objects.create(name=new_name)
    before = plan.sync_server.name if plan.sync_server_id else None
    plan.sync_server = server
    plan.save(update_fields=["sync_server", "updated_at"])
    record_change(plan, user, "plan.sync_server", "plan", {"sync_server": before},
                  {"sync_server": server.name})  # fmt: skip
    return server
