"""Putting back a deleted field mapping (Undo), through the same services that created it: one
change (one revision, one audit event) however many rows it writes."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from connections.enums import services as mappings_enums
from connections.field_mappings import services as mappings_fields
from connections.models import EnumValue, Field, Side
from core.changes import write_boundary


@write_boundary
def restore_enum_pair(*, plan, user, mapping, data: dict):
    """Pair the two values again and put the pair back at its place in the list (the order
    decides the defaults)."""
    values = EnumValue.objects.in_bulk([data["left"], data["right"]])
    left, right = values.get(data["left"]), values.get(data["right"])
    if left is None or right is None:
        raise ValidationError("A value of this pair is gone, so it cannot be put back.")
    pair = mappings_enums.add_pair(plan=plan, user=user, mapping=mapping, left=left, right=right)
    mappings_enums.place_pair(
        plan=plan, user=user, pair=pair, expected_lock_version=pair.lock_version,
        index=data["index"],
    )  # fmt: skip
    return pair


@write_boundary
def restore_field_mapping(*, plan, user, type_mapping, data: dict):
    """Re-create the mapping kept by ``connections.undo.snapshot``: the pair and its settings,
    then its enum pairs in their order, then its catch-alls."""
    fields = Field.objects.in_bulk([data["left_field"], data["right_field"]])
    left, right = fields.get(data["left_field"]), fields.get(data["right_field"])
    if left is None or right is None:
        raise ValidationError("A field of this mapping is gone, so it cannot be put back.")
    mapping = mappings_fields.create_field_mapping(
        plan=plan,
        user=user,
        type_mapping=type_mapping,
        left_field=left,
        right_field=right,
        direction=data["direction"],
        conflict_policy=data["conflict_policy"],
        on_creation_only=data["on_creation_only"],
        notes=data["notes"],
    )
    value_ids = {v for pair in data["pairs"] for v in pair}
    value_ids |= {data["left_catch_all"], data["right_catch_all"]} - {None}
    values = EnumValue.objects.in_bulk(value_ids)
    pairs = [(values[a], values[b]) for a, b in data["pairs"] if a in values and b in values]
    if pairs:
        mappings_enums.add_pairs(plan=plan, user=user, mapping=mapping, value_pairs=pairs)
    for side in Side.values:
        value = values.get(data[f"{side}_catch_all"])
        if value is not None:
            mapping.refresh_from_db()
            mappings_enums.set_catch_all(
                plan=plan,
                user=user,
                mapping=mapping,
                expected_lock_version=mapping.lock_version,
                side=side,
                value=value,
            )
    return mapping
