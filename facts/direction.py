"""Declared and effective direction of a field mapping, with the reason in words.

The declared direction is the mapping's own, else its type mapping's; a calculated value flows
only into the one field it sets. The effective direction is what really happens: a side whose
field is read-only or system-generated receives nothing (FLD-005 / FLD-006 / FLD-009).

Fields are anything with ``read_only`` / ``system_generated`` (and ``label`` / ``key`` for the
reason): snapshot records or model instances. ``None`` means "no field on that side" (the empty
side of a calculated value).
"""

from __future__ import annotations

L2R, R2L, BOTH = "l2r", "r2l", "both"  # the values of connections.models.Direction
NOWHERE = "none"  # nothing can be written

ARROWS = {L2R: "L→R", R2L: "R→L", BOTH: "both ways"}
LABELS = {L2R: "left → right", R2L: "right → left", BOTH: "both ways", NOWHERE: "nothing flows"}


def flows(direction: str) -> tuple[bool, bool]:
    """(flows left→right, flows right→left)."""
    return direction in (L2R, BOTH), direction in (R2L, BOTH)


def to_direction(l2r: bool, r2l: bool) -> str:
    if l2r and r2l:
        return BOTH
    if l2r:
        return L2R
    if r2l:
        return R2L
    return NOWHERE


def arrow(direction: str) -> str:
    return ARROWS.get(direction, "nowhere")


def writable(field) -> bool:
    """Can the sync tool write this field (on update)? ``None`` (no field) cannot be written."""
    if field is None:
        return False
    return not (getattr(field, "read_only", False) or getattr(field, "system_generated", False))


class _Unknown:
    """A field a mapping names but its type lacks (stale, FLD-012): not narrowed here, that
    rule judges it."""

    read_only = system_generated = False
    label = key = ""


UNKNOWN_FIELD = _Unknown()


def declared(type_direction: str, own: str, has_left: bool, has_right: bool) -> tuple[str, str]:
    """(declared direction, "declared" | "inherited" | "calculated")."""
    if not has_left and has_right:
        return L2R, "calculated"
    if not has_right and has_left:
        return R2L, "calculated"
    if own:
        return own, "declared"
    return type_direction, "inherited"


def effective(direction: str, left, right) -> str:
    """``direction`` minus the flows into a side whose field cannot be written."""
    l2r, r2l = flows(direction)
    return to_direction(l2r and writable(right), r2l and writable(left))


def _name(field) -> str:
    return getattr(field, "label", "") or getattr(field, "key", "") or "the field"


def _why_unwritable(field) -> str:
    if getattr(field, "system_generated", False):
        return f"{_name(field)} is system-generated"
    return f"{_name(field)} is read-only"


def effective_direction(type_mapping, left, right, own: str) -> tuple[str, str]:
    """(effective direction, reason in words) of a mapping from ``left`` to ``right`` (fields
    or None) whose own direction is ``own`` ("" inherits ``type_mapping.direction``)."""
    direction, source = declared(type_mapping.direction, own, left is not None, right is not None)
    result = effective(direction, left, right)
    l2r, r2l = flows(direction)
    blocked = [
        _why_unwritable(f)
        for f, flowing in ((right, l2r), (left, r2l))
        if flowing and f is not None and not writable(f)
    ]
    if source == "declared":
        head = f"declared {arrow(direction)}"
    elif source == "inherited":
        head = f"inherits {arrow(direction)} from the type mapping"
    else:
        head = f"a calculated value is written into {_name(right if direction == L2R else left)}"
    if not blocked:
        return result, head
    because = " and ".join(blocked)
    if result == NOWHERE:
        return NOWHERE, f"{head}, but nothing can be written because {because}"
    return result, f"{head}, effective {arrow(result)} because {because}"


def of_mapping(type_direction: str, mapping, left, right) -> tuple[str, str]:
    """(declared, effective) of a mapping record naming fields by key (``left_field`` /
    ``right_field``, None on the empty side of a calculated value); ``left`` / ``right`` are the
    fields found for those keys, None when its type lacks one (stale: judged by FLD-012)."""
    has_left, has_right = mapping.left_field is not None, mapping.right_field is not None
    direction, _ = declared(type_direction, mapping.direction, has_left, has_right)
    return direction, effective(
        direction,
        (left or UNKNOWN_FIELD) if has_left else None,
        (right or UNKNOWN_FIELD) if has_right else None,
    )
