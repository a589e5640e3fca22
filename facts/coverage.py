"""Required-field coverage of the sides a type mapping creates items on (FLD-007 / FLD-008).

On creation the sync tool fills the new item from EVERY field mapping of the type mapping,
whatever the mapping's direction (Connect's create-connection help says so): a required field
of side X is covered by any mapping naming it on X's side, even one declared towards the other
side. A calculated value, a relationship rule, a data-model constraint (judged by REL-002), or a
product default covers it too.

Inputs are plain: field records (``key``, ``label``, ``required``, ``read_only``,
``system_generated``, ``removed``, ``has_default``), the mappings as (left key, right key)
pairs (None on the empty side of a calculated value) and the relationship rules as (side, field
key) pairs, so the validator (snapshot records) and the pages (model rows) pass the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from .direction import flows


class FieldRecord(Protocol):
    """What coverage reads of a field: a snapshot FieldSnap, a model Field or the workspace's
    FieldInfo. ``removed`` and ``set_by_sync_tool`` are read when present."""

    key: str
    required: bool
    read_only: bool
    system_generated: bool
    has_default: bool


class TypeRecord(Protocol):
    """The data-model constraint of an item type (ItemTypeSnap or a model ItemType)."""

    parent_type: str
    parent_field: str
    date_window_fields: Iterable[str]


# How a required field is covered, in the order they are looked for.
SET_BY_TOOL = "set by the sync tool"
MAPPED = "mapped"
CALCULATED = "calculated"
RELATIONSHIP_RULE = "relationship rule"
CONSTRAINT = "data-model constraint"  # REL-002 says how the constrained field is set
DEFAULT = "default"
MISSING = ""


@dataclass(frozen=True)
class RequiredField:
    side: str  # "left" | "right"
    field: Any
    covered_by: str  # one of the constants above; MISSING when nothing covers it

    @property
    def covered(self) -> bool:
        return self.covered_by != MISSING


def creating_sides(type_direction: str) -> tuple[str, ...]:
    """The sides a type mapping creates items on: the sides its direction flows into."""
    to_right, to_left = flows(type_direction)
    return tuple(side for side, yes in (("left", to_left), ("right", to_right)) if yes)


def is_judged(field) -> bool:
    """A required field the sync tool must provide on creation. Read-only and system-generated
    fields are the product's to fill, never input."""
    return (
        field.required
        and not field.read_only
        and not field.system_generated
        and not getattr(field, "removed", False)
    )


def constrained_fields(item_type) -> frozenset[str]:
    """Fields a data-model constraint names (Octane sprint's release and dates): REL-002's."""
    if item_type is None or not (item_type.parent_type or item_type.date_window_fields):
        return frozenset()
    return frozenset(k for k in (item_type.parent_field, *item_type.date_window_fields) if k)


def covered_by(field, side: str, mapped: dict, rule_fields: set, constrained) -> str:
    """How ``field`` of ``side`` is covered on creation; MISSING when it is not. The one place a
    new covering reason is added."""
    # Project, issue type, ADO work item type...: the sync tool sets these itself.
    if getattr(field, "set_by_sync_tool", False):
        return SET_BY_TOOL
    how = mapped.get((side, field.key))
    if how:
        return how
    if field.key in rule_fields:
        return RELATIONSHIP_RULE
    if field.key in constrained:
        return CONSTRAINT
    if field.has_default:
        return DEFAULT
    return MISSING


def set_on_creation(mappings) -> dict[tuple[str, str], str]:
    """{(side, field key): MAPPED | CALCULATED} for every field a mapping names: on creation
    all of them fill the new item, whatever their direction. ``mappings``: (left key, right
    key) pairs, None on the empty side of a calculated value."""
    mapped: dict[tuple[str, str], str] = {}
    for left_key, right_key in mappings:
        how = CALCULATED if left_key is None or right_key is None else MAPPED
        if left_key is not None:
            mapped.setdefault(("left", left_key), how)
        if right_key is not None:
            mapped.setdefault(("right", right_key), how)
    return mapped


def required_fields(
    type_direction: str,
    left_type: TypeRecord | None,
    right_type: TypeRecord | None,
    left_fields: Iterable[FieldRecord],
    right_fields: Iterable[FieldRecord],
    mappings: Iterable[tuple[str | None, str | None]],
    relationship_rules: Iterable[tuple[str, str]] = (),
) -> list[RequiredField]:
    """Every judged required field of each side the type mapping creates items on, with what
    covers it. ``left_type`` / ``right_type`` carry the data-model constraint (``parent_type``,
    ``parent_field``, ``date_window_fields``) or are None."""
    mapped = set_on_creation(mappings)
    result = []
    sides = {"left": (left_type, left_fields), "right": (right_type, right_fields)}
    for side in creating_sides(type_direction):
        item_type, fields = sides[side]
        rule_fields = {key for s, key in relationship_rules if s == side}
        constrained = constrained_fields(item_type)
        for f in fields:
            if is_judged(f):
                result.append(
                    RequiredField(side, f, covered_by(f, side, mapped, rule_fields, constrained))
                )
    return result


def unmapped(side: str, fields: Iterable[FieldRecord], mappings) -> list:
    """The fields of ``side`` ("left" | "right") that no mapping names, calculated values
    included, in the order given; removed fields are left out (they cannot be mapped any more).
    ``mappings``: (left key, right key) pairs as for ``required_fields``."""
    named = {key for s, key in set_on_creation(mappings) if s == side}
    return [f for f in fields if f.key not in named and not getattr(f, "removed", False)]
