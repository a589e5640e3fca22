"""The effective direction of a field mapping: which way values can really flow.

A mapping declares a direction (blank inherits the type mapping's). The products narrow it: a
read-only or system-generated field cannot be written, so a mapping declared "both" whose right
field is read-only only flows right → left (FLD-009), and one that flows only into an
unwritable field flows nowhere (FLD-005/FLD-006). A calculated value flows into its one field.

Pure: works on model instances and snapshot objects alike (duck-typed on ``read_only``,
``system_generated``, ``label``/``key``; the type mapping on ``direction``).
"""

from __future__ import annotations

from connections.models import Direction, flows

ARROWS = {Direction.L2R: "L→R", Direction.R2L: "R→L", Direction.BOTH: "both ways"}
NOWHERE = ""  # the effective direction of a mapping that cannot write anything


def arrow(direction: str) -> str:
    return ARROWS.get(direction, "nowhere")


def writable(field) -> bool:
    """Can the sync tool write this field?"""
    return not (getattr(field, "read_only", False) or getattr(field, "system_generated", False))


def _name(field) -> str:
    return getattr(field, "label", "") or getattr(field, "key", "") or "the field"


def _why_unwritable(field) -> str:
    if getattr(field, "system_generated", False):
        return f"{_name(field)} is system-generated"
    return f"{_name(field)} is read-only"


def _direction_of(to_left: bool, to_right: bool) -> str:
    if to_left and to_right:
        return Direction.BOTH
    if to_right:
        return Direction.L2R
    if to_left:
        return Direction.R2L
    return NOWHERE


def declared_direction(type_mapping, left_field, right_field, declared: str) -> tuple[str, str]:
    """(declared direction, "declared" | "inherited" | "calculated"): a calculated value flows
    into its one field; a blank direction inherits the type mapping's."""
    if left_field is None and right_field is not None:
        return Direction.L2R, "calculated"
    if right_field is None and left_field is not None:
        return Direction.R2L, "calculated"
    if declared:
        return declared, "declared"
    return type_mapping.direction, "inherited"


def effective_direction(type_mapping, left_field, right_field, declared: str) -> tuple[str, str]:
    """(effective direction, reason). The direction is a Direction value, or ``NOWHERE`` ("")
    when nothing can be written."""
    direction, source = declared_direction(type_mapping, left_field, right_field, declared)
    to_right, to_left = flows(direction)
    blocked = []
    if to_right and not writable(right_field):
        to_right = False
        blocked.append(_why_unwritable(right_field))
    if to_left and not writable(left_field):
        to_left = False
        blocked.append(_why_unwritable(left_field))
    effective = _direction_of(to_left, to_right)
    if source == "declared":
        head = f"declared {arrow(direction)}"
    elif source == "inherited":
        head = f"inherits {arrow(direction)} from the type mapping"
    else:
        target = right_field if direction == Direction.L2R else left_field
        head = f"a calculated value is written into {_name(target)}"
    if not blocked:
        return effective, head
    because = " and ".join(blocked)
    if effective == NOWHERE:
        return NOWHERE, f"{head}, but nothing can be written because {because}"
    return effective, f"{head}, effective {arrow(effective)} because {because}"
