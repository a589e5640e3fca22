"""Changing a sync server's operations register from one of its plans.

Every change is recorded on the plan it was made from (record_change); edits of an existing row
go through save_if_current, so two people editing one entry do not overwrite each other.
"""

from __future__ import annotations

from django.db import transaction
from django.forms.models import model_to_dict

from planner.concurrency import save_if_current
from planner.facts import subjects
from planner.models import OperationsItem, SyncServer
from planner.services.changes import record_change


def _subject(instance) -> str:
    if isinstance(instance, OperationsItem):
        return subjects.operations_item(instance.kind, instance.key)
    if isinstance(instance, SyncServer):
        return subjects.SERVER
    return subjects.endpoint(instance.key)


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
        instance = form.save()
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
