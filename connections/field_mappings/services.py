"""Writing field mappings and calculated values of a type mapping.

Every function changes one thing, inside one transaction, and records the change
(``record_change``: the plan's revision and an audit event). Edits of an existing row go through
``save_if_current`` with the lock_version the editor loaded, so a stale save raises StaleEdit
instead of overwriting someone else's change. Invalid input raises ValidationError with a
message meant for the person who typed it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Max

from connections.models import (
    CalculatedValue,
    CalculatedValueKind,
    ConflictPolicy,
    Direction,
    FieldMapping,
    Side,
)
from core.changes import record_change, write_boundary
from core.concurrency import StaleEdit, save_if_current
from facts import subjects
from facts.datatypes import RELATIONSHIP_TYPES

MAPPING_ATTRIBUTES = ("direction", "conflict_policy", "on_creation_only", "notes")
CALCULATED_ATTRIBUTES = ("kind", "value", "condition")


def type_mapping_subject(type_mapping) -> str:
    return subjects.type_mapping(
        type_mapping.connection.key, type_mapping.left_type.key, type_mapping.right_type.key
    )


def field_mapping_subject(type_mapping, left_field, right_field) -> str:
    return subjects.field_mapping(
        type_mapping.connection.key,
        type_mapping.left_type.key,
        type_mapping.right_type.key,
        left_field.key if left_field is not None else None,
        right_field.key if right_field is not None else None,
    )


def mapping_state(mapping: FieldMapping) -> dict:
    """The editable part of a field mapping as JSON (audit before/after, conflict display)."""
    state = {name: getattr(mapping, name) for name in MAPPING_ATTRIBUTES}
    calculated = _calculated(mapping)
    if calculated is not None:
        state.update({name: getattr(calculated, name) for name in CALCULATED_ATTRIBUTES})
    return state


def _calculated(mapping):
    try:
        return mapping.calculated_value
    except CalculatedValue.DoesNotExist:
        return None


def _check_choices(direction: str, conflict_policy: str) -> None:
    errors = {}
    if direction not in ("", *Direction.values):
        errors["direction"] = f"Unknown direction {direction!r}."
    if conflict_policy not in ("", *ConflictPolicy.values):
        errors["conflict_policy"] = f"Unknown conflict policy {conflict_policy!r}."
    if errors:
        raise ValidationError(errors)


def _check_field(type_mapping, side: str, field) -> None:
    item_type_id = type_mapping.left_type_id if side == Side.LEFT else type_mapping.right_type_id
    if field.item_type_id != item_type_id:
        raise ValidationError(
            {f"{side}_field": f"{field.label} is not a field of the {side} type of this mapping."}
        )
    if field.removed:
        raise ValidationError(
            {
                f"{side}_field": f"{field.label} is gone from the product's schema: it cannot be mapped."
            }
        )


def _next_position(type_mapping) -> int:
    top = FieldMapping.objects.filter(type_mapping=type_mapping).aggregate(top=Max("position"))
    return 0 if top["top"] is None else top["top"] + 1


@write_boundary
def create_field_mapping(
    *,
    plan,
    user,
    type_mapping,
    left_field,
    right_field,
    direction: str = "",
    conflict_policy: str = "",
    on_creation_only: bool = False,
    notes: str = "",
) -> FieldMapping:
    """Map ``left_field`` to ``right_field`` (a blank direction inherits the type mapping's)."""
    if left_field is None or right_field is None:
        raise ValidationError("Pick a field on each side (a calculated value has its own editor).")
    _check_field(type_mapping, Side.LEFT, left_field)
    _check_field(type_mapping, Side.RIGHT, right_field)
    _check_choices(direction, conflict_policy)
    if FieldMapping.objects.filter(
        type_mapping=type_mapping, left_field=left_field, right_field=right_field
    ).exists():
        raise ValidationError(f"{left_field.label} is already mapped to {right_field.label}.")
    mapping = FieldMapping.objects.create(
        type_mapping=type_mapping,
        left_field=left_field,
        right_field=right_field,
        direction=direction,
        conflict_policy=conflict_policy,
        on_creation_only=on_creation_only,
        notes=notes,
        position=_next_position(type_mapping),
    )
    record_change(
        plan,
        user,
        "field_mapping.create",
        field_mapping_subject(type_mapping, left_field, right_field),
        None,
        mapping_state(mapping),
    )
    return mapping


def _named(field) -> str:
    return f"{field.label} ({field.key})" if field.label and field.label != field.key else field.key


@write_boundary
def create_field_mappings(*, plan, user, type_mapping, field_pairs) -> list[FieldMapping]:
    """Map several (left field, right field) pairs at once (accepted suggestions), as one
    change: one revision, one audit event. All or nothing: when a pair cannot be mapped (already
    mapped, picked twice, a field gone or of another type) nothing is, and the ValidationError
    names every such pair."""
    pairs = list(field_pairs)
    existing = set(
        FieldMapping.objects.filter(type_mapping=type_mapping).values_list(
            "left_field_id", "right_field_id"
        )
    )
    problems, seen = [], set()
    for left, right in pairs:
        pair = f"{_named(left)} → {_named(right)}"
        try:
            _check_field(type_mapping, Side.LEFT, left)
            _check_field(type_mapping, Side.RIGHT, right)
        except ValidationError as invalid:
            problems.append(f"{pair}: {' '.join(invalid.messages)}")
            continue
        if (left.pk, right.pk) in existing:
            problems.append(f"{pair}: already mapped.")
        elif (left.pk, right.pk) in seen:
            problems.append(f"{pair}: picked twice.")
        seen.add((left.pk, right.pk))
    if problems:
        raise ValidationError(problems)
    if not pairs:
        return []
    position = _next_position(type_mapping)
    created = FieldMapping.objects.bulk_create(
        FieldMapping(
            type_mapping=type_mapping, left_field=left, right_field=right, position=position + n
        )
        for n, (left, right) in enumerate(pairs)
    )
    record_change(
        plan,
        user,
        "field_mapping.create_many",
        type_mapping_subject(type_mapping),
        None,
        [f"{m.left_field.key}->{m.right_field.key}" for m in created],
    )
    return created


@write_boundary
def update_field_mapping(
    *,
    plan,
    user,
    mapping: FieldMapping,
    expected_lock_version: int,
    direction: str,
    conflict_policy: str,
    on_creation_only: bool,
    notes: str,
) -> FieldMapping:
    """Change a mapping's direction, conflict policy, on-creation-only flag and notes."""
    _check_choices(direction, conflict_policy)
    before = mapping_state(mapping)
    mapping.direction = direction
    mapping.conflict_policy = conflict_policy
    mapping.on_creation_only = on_creation_only
    mapping.notes = notes
    save_if_current(mapping, expected_lock_version, list(MAPPING_ATTRIBUTES))
    record_change(
        plan,
        user,
        "field_mapping.update",
        field_mapping_subject(mapping.type_mapping, mapping.left_field, mapping.right_field),
        before,
        mapping_state(mapping),
    )
    return mapping


@write_boundary
def delete_field_mapping(*, plan, user, mapping: FieldMapping, expected_lock_version: int) -> None:
    """Delete a mapping (and its calculated value, enum pairs) unless someone changed it since
    the editor loaded it."""
    before = mapping_state(mapping)
    subject = field_mapping_subject(mapping.type_mapping, mapping.left_field, mapping.right_field)
    deleted, _ = FieldMapping.objects.filter(
        pk=mapping.pk, lock_version=expected_lock_version
    ).delete()
    if not deleted:
        raise StaleEdit(mapping, FieldMapping.objects.filter(pk=mapping.pk).first())
    record_change(plan, user, "field_mapping.delete", subject, before, None)


def check_calculated_kind(field, kind: str) -> None:
    """A relationship field takes a relationship lookup; any other field a constant or an
    expression (FLD-011: the two require different approaches)."""
    if kind not in CalculatedValueKind.values:
        raise ValidationError({"kind": f"Unknown kind of calculated value {kind!r}."})
    relationship = field.data_type in RELATIONSHIP_TYPES
    if relationship and kind != CalculatedValueKind.LOOKUP:
        raise ValidationError(
            {
                "kind": f"{field.label} is a relationship field: give it a relationship lookup, "
                "not a constant or an expression. The two require different approaches."
            }
        )
    if not relationship and kind == CalculatedValueKind.LOOKUP:
        raise ValidationError(
            {
                "kind": f"{field.label} is not a relationship field: give it a constant or an "
                "expression, not a relationship lookup. The two require different approaches."
            }
        )


def _check_value(value: str) -> None:
    if not value.strip():
        raise ValidationError(
            {"value": "Say what the value is (the constant, expression or lookup)."}
        )


@write_boundary
def create_calculated_value(
    *, plan, user, type_mapping, side: str, field, kind: str, value: str, condition: str = ""
) -> FieldMapping:
    """Give ``field`` of ``side`` a calculated value: a field mapping with the other side empty."""
    if side not in Side.values:
        raise ValidationError({"side": "Pick the left or the right side."})
    _check_field(type_mapping, side, field)
    check_calculated_kind(field, kind)
    _check_value(value)
    left, right = (field, None) if side == Side.LEFT else (None, field)
    if FieldMapping.objects.filter(
        type_mapping=type_mapping, left_field=left, right_field=right
    ).exists():
        raise ValidationError(
            f"{field.label} already has a calculated value: edit that one instead."
        )
    mapping = FieldMapping.objects.create(
        type_mapping=type_mapping,
        left_field=left,
        right_field=right,
        position=_next_position(type_mapping),
    )
    mapping.calculated_value = CalculatedValue.objects.create(
        field_mapping=mapping, kind=kind, value=value, condition=condition
    )
    record_change(
        plan,
        user,
        "calculated_value.create",
        field_mapping_subject(type_mapping, left, right),
        None,
        mapping_state(mapping),
    )
    return mapping


@write_boundary
def update_calculated_value(
    *,
    plan,
    user,
    mapping: FieldMapping,
    expected_lock_version: int,
    kind: str,
    value: str,
    condition: str,
    notes: str,
    on_creation_only: bool,
) -> FieldMapping:
    """Change a calculated value (its kind, value, condition) and its mapping's notes and
    on-creation-only flag. The calculated value's row and the mapping row share the mapping's
    lock_version as the editor's starting point."""
    calculated = _calculated(mapping)
    if calculated is None:
        raise ValidationError("This mapping has no calculated value.")
    field = mapping.left_field or mapping.right_field
    check_calculated_kind(field, kind)
    _check_value(value)
    before = mapping_state(mapping)
    mapping.notes = notes
    mapping.on_creation_only = on_creation_only
    save_if_current(mapping, expected_lock_version, ["notes", "on_creation_only"])
    calculated.kind, calculated.value, calculated.condition = kind, value, condition
    calculated.save(update_fields=[*CALCULATED_ATTRIBUTES, "updated_at"])
    record_change(
        plan,
        user,
        "calculated_value.update",
        field_mapping_subject(mapping.type_mapping, mapping.left_field, mapping.right_field),
        before,
        mapping_state(mapping),
    )
    return mapping
