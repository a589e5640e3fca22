"""Writing the enum pairs and catch-all values of an enum field mapping.

Each function is one small edit in one transaction with ``record_change``. An edit of an
existing pair checks the pair's lock_version (StaleEdit when someone changed or removed it
meanwhile); reordering locks the mapping's pairs so two moves cannot interleave.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Max

from connections.enums import pairs as enum_pairs
from connections.field_mappings.services import field_mapping_subject
from connections.field_mappings.suggest import identical_enum_pairs
from connections.models import EnumPair, EnumValue, FieldMapping, Side
from core.changes import record_change, write_boundary
from core.concurrency import StaleEdit, save_if_current
from facts import subjects
from facts.datatypes import ENUM_TYPES


def pair_subject(mapping: FieldMapping, left_label: str, right_label: str) -> str:
    base = field_mapping_subject(mapping.type_mapping, mapping.left_field, mapping.right_field)
    return subjects.enum_pair(base, left_label, right_label)


def check_enum_mapping(mapping: FieldMapping) -> None:
    if (
        mapping.left_field is None
        or mapping.right_field is None
        or mapping.left_field.data_type not in ENUM_TYPES
        or mapping.right_field.data_type not in ENUM_TYPES
    ):
        raise ValidationError("Only a mapping of two enum fields has value pairs.")


def _check_values(mapping: FieldMapping, left: EnumValue, right: EnumValue) -> None:
    if left.field_id != mapping.left_field_id:
        raise ValidationError({"left_value": f"{left.label} is not a value of the left field."})
    if right.field_id != mapping.right_field_id:
        raise ValidationError({"right_value": f"{right.label} is not a value of the right field."})
    for value in (left, right):
        if value.removed:
            raise ValidationError(f"{value.label} is gone from the product's value list.")


def _position_after_last(mapping) -> int:
    top = EnumPair.objects.filter(field_mapping=mapping).aggregate(top=Max("position"))
    return 0 if top["top"] is None else top["top"] + 1


@write_boundary
def add_pair(*, plan, user, mapping: FieldMapping, left: EnumValue, right: EnumValue) -> EnumPair:
    """Pair two values; the new pair goes to the end of the list (so it is the default of any
    group it joins)."""
    check_enum_mapping(mapping)
    _check_values(mapping, left, right)
    if EnumPair.objects.filter(field_mapping=mapping, left_value=left, right_value=right).exists():
        raise ValidationError(f"{left.label} is already paired with {right.label}.")
    pair = EnumPair.objects.create(
        field_mapping=mapping,
        left_value=left,
        right_value=right,
        position=_position_after_last(mapping),
    )
    record_change(
        plan, user, "enum_pair.create", pair_subject(mapping, left.label, right.label), None, {}
    )
    return pair


@write_boundary
def add_pairs(*, plan, user, mapping: FieldMapping, value_pairs) -> list[EnumPair]:
    """Pair several (left value, right value) at once (accepted suggestions); existing pairs
    are skipped. One change is recorded for the batch."""
    check_enum_mapping(mapping)
    value_pairs = list(value_pairs)
    for left, right in value_pairs:
        _check_values(mapping, left, right)
    existing = set(
        EnumPair.objects.filter(field_mapping=mapping).values_list(
            "left_value_id", "right_value_id"
        )
    )
    position = _position_after_last(mapping)
    new = []
    for left, right in value_pairs:
        if (left.pk, right.pk) in existing:
            continue
        existing.add((left.pk, right.pk))
        new.append(
            EnumPair(
                field_mapping=mapping,
                left_value=left,
                right_value=right,
                position=position + len(new),
            )
        )
    if not new:
        return []
    created = EnumPair.objects.bulk_create(new)
    record_change(
        plan,
        user,
        "enum_pair.create_many",
        field_mapping_subject(mapping.type_mapping, mapping.left_field, mapping.right_field),
        None,
        [f"{p.left_value.label}->{p.right_value.label}" for p in created],
    )
    return created


@write_boundary
def pair_identical(*, plan, user, mapping: FieldMapping) -> list[EnumPair]:
    """Pair all identical: pair every live value with the other side's value of the same
    normalised label (connections.field_mappings.suggest), as one change with one audit event."""
    check_enum_mapping(mapping)
    values = [
        v
        for v in EnumValue.objects.filter(
            field_id__in=(mapping.left_field_id, mapping.right_field_id)
        ).order_by("position", "label")
        if v.active and not v.removed
    ]
    lefts = {v.label: v for v in values if v.field_id == mapping.left_field_id}
    rights = {v.label: v for v in values if v.field_id == mapping.right_field_id}
    existing = EnumPair.objects.filter(field_mapping=mapping).values_list(
        "left_value__label", "right_value__label"
    )
    found = identical_enum_pairs(list(lefts), list(rights), list(existing))
    return add_pairs(
        plan=plan,
        user=user,
        mapping=mapping,
        value_pairs=[(lefts[s.left], rights[s.right]) for s in found],
    )


def _pair_labels(pair: EnumPair) -> tuple[str, str]:
    return pair.left_value.label, pair.right_value.label


@write_boundary
def delete_pair(*, plan, user, pair: EnumPair, expected_lock_version: int) -> None:
    labels = _pair_labels(pair)
    deleted, _ = EnumPair.objects.filter(pk=pair.pk, lock_version=expected_lock_version).delete()
    if not deleted:
        raise StaleEdit(pair, EnumPair.objects.filter(pk=pair.pk).first())
    record_change(
        plan, user, "enum_pair.delete", pair_subject(pair.field_mapping, *labels), {}, None
    )


class _Item:
    """A pair as the pure ordering functions see it."""

    __slots__ = ("id", "left", "right")

    def __init__(self, pair):
        self.id, self.left, self.right = pair.pk, pair.left_value_id, pair.right_value_id


def _reorder(*, plan, user, pair: EnumPair, expected_lock_version: int, new_order, action: str):
    """Lock the mapping's pairs, check the moved pair is as the editor saw it, then renumber."""
    pairs = list(
        EnumPair.objects.select_for_update().filter(field_mapping_id=pair.field_mapping_id)
    )
    current = next((p for p in pairs if p.pk == pair.pk), None)
    if current is None or current.lock_version != expected_lock_version:
        raise StaleEdit(pair, current)
    before = [p.pk for p in pairs]
    order = new_order([_Item(p) for p in pairs])
    if order == before:
        return
    by_id = {p.pk: p for p in pairs}
    changed = []
    for position, pair_id in enumerate(order):
        item = by_id[pair_id]
        if item.position != position and item.pk != pair.pk:
            item.position = position
            changed.append(item)
    EnumPair.objects.bulk_update(changed, ["position"])
    # Only the moved pair's version changes: people editing other pairs do not conflict.
    pair.position = order.index(pair.pk)
    save_if_current(pair, expected_lock_version, ["position"])
    record_change(
        plan,
        user,
        action,
        pair_subject(pair.field_mapping, *_pair_labels(pair)),
        {"position": before.index(pair.pk)},
        {"position": pair.position},
    )


@write_boundary
def place_pair(*, plan, user, pair: EnumPair, expected_lock_version: int, index: int) -> None:
    """Put a pair at ``index`` of the list (Undo puts a deleted pair back where it was)."""

    def new_order(items):
        ids = [i.id for i in items if i.id != pair.pk]
        ids.insert(max(0, min(index, len(ids))), pair.pk)
        return ids

    _reorder(
        plan=plan,
        user=user,
        pair=pair,
        expected_lock_version=expected_lock_version,
        new_order=new_order,
        action="enum_pair.move",
    )


@write_boundary
def move_pair(*, plan, user, pair: EnumPair, expected_lock_version: int, offset: int) -> None:
    """Move a pair up (offset −1) or down (+1) the list."""
    _reorder(
        plan=plan,
        user=user,
        pair=pair,
        expected_lock_version=expected_lock_version,
        new_order=lambda items: enum_pairs.move(items, pair.pk, offset),
        action="enum_pair.move",
    )


@write_boundary
def make_default(*, plan, user, pair: EnumPair, expected_lock_version: int, shared: str) -> None:
    """Make ``pair`` the default of its group of ``shared`` side (the pairs sharing its
    left or right value): it moves to the end of that group."""
    if shared not in Side.values:
        raise ValidationError("Say which side's value the pairs share.")
    _reorder(
        plan=plan,
        user=user,
        pair=pair,
        expected_lock_version=expected_lock_version,
        new_order=lambda items: enum_pairs.make_default(items, pair.pk, shared),
        action="enum_pair.make_default",
    )


@write_boundary
def set_catch_all(
    *, plan, user, mapping: FieldMapping, expected_lock_version: int, side: str, value
) -> None:
    """Values of the other side with no pair land on ``value`` of ``side`` (None: no catch-all)."""
    check_enum_mapping(mapping)
    if side not in Side.values:
        raise ValidationError("Pick the left or the right side.")
    field_id = mapping.left_field_id if side == Side.LEFT else mapping.right_field_id
    if value is not None and value.field_id != field_id:
        raise ValidationError(f"{value.label} is not a value of the {side} field.")
    attribute = f"{side}_catch_all"
    before = getattr(mapping, attribute)
    setattr(mapping, attribute, value)
    save_if_current(mapping, expected_lock_version, [attribute])
    record_change(
        plan,
        user,
        "field_mapping.catch_all",
        field_mapping_subject(mapping.type_mapping, mapping.left_field, mapping.right_field),
        {attribute: before.label if before else ""},
        {attribute: value.label if value else ""},
    )
