"""Effective direction of a field mapping.

The declared direction says which side may update the field on the other; the effective
direction is what will really happen once read-only and system-generated fields are taken into
account: a side whose field cannot be written receives nothing. FLD-005 / FLD-006 / FLD-009 and
the mapping pages show both.
"""

from __future__ import annotations

from connections.models import Direction, flows

NONE = "none"  # nothing can flow: both sides unwritable

DIRECTION_LABELS = {
    Direction.L2R: "left → right",
    Direction.R2L: "right → left",
    Direction.BOTH: "both ways",
    NONE: "nothing flows",
}


def to_direction(l2r: bool, r2l: bool) -> str:
    if l2r and r2l:
        return Direction.BOTH
    if l2r:
        return Direction.L2R
    if r2l:
        return Direction.R2L
    return NONE


def declared_direction(type_mapping, field_mapping) -> str:
    """The field mapping's own direction, else its type mapping's; a calculated value flows only
    into the side whose field it sets."""
    return type_mapping.field_direction(field_mapping)


def _writable(item_type, field_key) -> bool:
    if field_key is None:
        return False
    f = item_type.field(field_key) if item_type is not None else None
    # An unknown field (FLD-012) is judged by that rule, not narrowed here.
    return f is None or f.writable


def effective_direction(type_mapping, field_mapping, left_type, right_type) -> str:
    """``l2r``, ``r2l``, ``both`` or ``none``: the declared direction minus the flows into a side
    whose field is read-only or system-generated."""
    l2r, r2l = flows(declared_direction(type_mapping, field_mapping))
    return to_direction(
        l2r and _writable(right_type, field_mapping.right_field),
        r2l and _writable(left_type, field_mapping.left_field),
    )


def effective_from_fields(declared: str, field_mapping, left_field, right_field) -> str:
    """``effective_direction`` when the two fields (FieldSnap or None) are already resolved."""
    l2r, r2l = flows(declared)
    return to_direction(
        l2r
        and field_mapping.right_field is not None
        and (right_field is None or right_field.writable),
        r2l
        and field_mapping.left_field is not None
        and (left_field is None or left_field.writable),
    )
