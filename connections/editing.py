"""Saving one row of a plan's content: the single write path the authoring views share.

Every edit saves on its own row with optimistic concurrency (the row's ``lock_version``), and
every create, update and delete is recorded against the plan (revision bump + audit event) in the
same transaction, so the audit trail never misses a change.
"""

from __future__ import annotations

from django.conf import settings
from django.forms.models import model_to_dict

from connections.models import (
    Connection,
    Endpoint,
    EndpointUser,
    EnumValue,
    ExistingItemMatching,
    Field,
    ItemType,
    Project,
    ProjectPair,
    RelationshipRule,
    TypeMapping,
    UserMap,
    UserMapEntry,
)
from core.changes import action_name, record_change, write_boundary
from core.concurrency import StaleEdit, save_if_current
from facts import subjects


def _tm_keys(tm: TypeMapping) -> tuple[str, str, str]:
    return tm.connection.key, tm.left_type.key, tm.right_type.key


def subject_path(row) -> str:
    """The row's subject path of stable keys (facts/subjects.py)."""
    if row._meta.label == settings.PLAN_MODEL:  # the plan itself, named by setting
        return subjects.PLAN
    match row:
        case Endpoint():
            return subjects.endpoint(row.key)
        case Project():
            return subjects.project(row.endpoint.key, row.key)
        case ItemType():
            return subjects.item_type(row.endpoint.key, row.key)
        case Field():
            return subjects.field(row.item_type.endpoint.key, row.item_type.key, row.key)
        case EnumValue():
            f = row.field
            return subjects.enum_value(f.item_type.endpoint.key, f.item_type.key, f.key, row.label)
        case EndpointUser():
            return subjects.endpoint_user(row.endpoint.key, row.username)
        case Connection():
            return subjects.connection(row.key)
        case ProjectPair():
            return subjects.project_pair(
                row.connection.key, row.left_project.key, row.right_project.key
            )
        case TypeMapping():
            return subjects.type_mapping(*_tm_keys(row))
        case UserMap():
            return subjects.users(row.connection.key)
        case UserMapEntry():
            return subjects.user_map_entry(
                row.user_map.connection.key, row.left_username, row.right_username
            )
        case RelationshipRule():
            return subjects.relationship_rule(*_tm_keys(row.type_mapping), row.field.key)
        case ExistingItemMatching():
            return subjects.matching(
                *_tm_keys(row.type_mapping), row.left_field.key, row.right_field.key
            )
    raise TypeError(f"no subject path for {type(row).__name__}")


def _action(row, verb: str) -> str:
    return action_name(row, verb)


def _jsonable(values: dict) -> dict:
    return {
        k: v if isinstance(v, str | int | float | bool | list | dict | None) else str(v)
        for k, v in values.items()
    }


@write_boundary
def create_row(plan, user, row):
    """Insert ``row`` (already tied to its parent) and record it."""
    row.full_clean()
    row.save()
    record_change(
        plan, user, _action(row, "create"), subject_path(row), after=_jsonable(model_to_dict(row))
    )
    return row


@write_boundary
def update_row(plan, user, row, expected_lock_version: int, values: dict):
    """Apply ``values`` to ``row`` if nobody saved it since ``expected_lock_version``; raises
    core.concurrency.StaleEdit otherwise. Unchanged values are not written, so a save that
    changes nothing records nothing."""
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    if not changed:
        # Nothing to write, but still refuse a stale copy: the person must see what changed
        # under them. No version bump, so an idle save never makes others' copies stale.
        current = type(row).objects.filter(pk=row.pk).first()
        if current is None or current.lock_version != expected_lock_version:
            raise StaleEdit(row, current)
        return row
    before = {k: getattr(row, k) for k in changed}
    subject_before = subject_path(row)
    for name, value in changed.items():
        setattr(row, name, value)
    row.full_clean()
    save_if_current(row, expected_lock_version, list(changed))
    record_change(
        plan,
        user,
        _action(row, "update"),
        subject_before,
        before=_jsonable(before),
        after=_jsonable(changed),
    )
    return row


@write_boundary
def delete_row(plan, user, row):
    subject = subject_path(row)
    before = _jsonable(model_to_dict(row))
    row.delete()
    record_change(plan, user, _action(row, "delete"), subject, before=before)
