"""REL: relationships and data model ("Are there relationships...", "Data model
normalization")."""

from __future__ import annotations

from connections.datatypes import Compat, DataType
from planner.facts import compat, coverage

from ..context import names
from ..findings import ERROR, WARNING, FindingResult


def relationship_targets(snapshot, ctx):
    """REL-001: a relationship field is written but its target type is neither mapped in the
    connection nor resolved by a relationship rule."""
    for mv in ctx.mappings:
        if mv.stale:
            continue
        mapped = ctx.mapped_types(mv.connection)
        for side in mv.receiving_sides():
            f = mv.side(side).field
            if not f.is_relationship:
                continue
            if any(r.side == side and r.field == f.key for r in mv.tm.relationship_rules):
                continue
            if (
                mv.fm.is_calculated
                and mv.fm.calculated_value
                and mv.fm.calculated_value.kind == "lookup"
            ):
                continue  # the lookup says how the related item is found
            missing = [t for t in f.relationship_targets if t not in mapped[side]]
            if missing:
                yield FindingResult(
                    "REL-001",
                    ERROR,
                    mv.subject,
                    f"{mv.describe(side)} links to {names(missing)}, which "
                    f"{'is' if len(missing) == 1 else 'are'} not mapped in connection "
                    f"{mv.connection.name or mv.connection.key} and no relationship rule says "
                    "how the related item is found.",
                    f"Map the {names(missing)} type (you need to indicate the target item type to "
                    "set the field), or add a relationship rule for the field.",
                )


def data_model_constraints(snapshot, ctx):
    """REL-002: items are created in a type with a required parent or date window, and the plan
    does not say how the parent and the constrained fields are set."""
    for tmv in ctx.type_mappings:
        problems = []
        mappings = [(fm.left_field, fm.right_field) for fm in tmv.tm.field_mappings]
        for side in ("left", "right"):
            item_type = tmv.item_type(side)
            if item_type is None or item_type.removed or not tmv.creates(side):
                continue
            needed = []
            if item_type.parent_type:
                needed.append(item_type.parent_field or item_type.parent_type)
            needed.extend(item_type.date_window_fields)
            if not needed:
                continue
            # On creation every field mapping fills the new item, whatever its direction.
            set_here = {key for s, key in coverage.set_on_creation(mappings) if s == side}
            set_here.update(r.field for r in tmv.tm.relationship_rules if r.side == side)
            unset = [k for k in needed if k not in set_here]
            if unset:
                labels = [item_type.field(k).label if item_type.field(k) else k for k in unset]
                parent = (
                    f" must belong to a {item_type.parent_type}" if item_type.parent_type else ""
                )
                problems.append(
                    f"items created in {tmv.where(side)}{parent}"
                    f"{' and' if parent and item_type.date_window_fields else ''}"
                    f"{' must keep their dates inside the parent' if item_type.date_window_fields else ''}"
                    f", but nothing sets {names(labels)}"
                )
        if problems:
            yield FindingResult(
                "REL-002",
                ERROR,
                tmv.subject,
                "Data-model constraint not planned: " + "; ".join(problems) + ".",
                "Add a relationship rule (e.g. the release whose dates contain the sprint) or a "
                "mapping for each constrained field.",
            )


def immutable_parents(snapshot, ctx):
    """REL-003: a parent that cannot change after creation is mapped for updates."""
    for mv in ctx.mappings:
        if mv.stale or mv.fm.on_creation_only:
            continue
        for side in mv.receiving_sides():
            item_type = mv.side(side).item_type
            if (
                item_type is not None
                and item_type.parent_immutable
                and item_type.parent_field
                and mv.side(side).field_key == item_type.parent_field
            ):
                yield FindingResult(
                    "REL-003",
                    WARNING,
                    mv.subject,
                    f"{mv.describe(side)} cannot change after creation, but the mapping updates "
                    "it from the other side: moving the item fails.",
                    "Mark the mapping “on creation only”.",
                )


def relationship_as_text(snapshot, ctx):
    """REL-004: a relationship carried into a text field (incompatible pairs are FLD-001)."""
    for mv in ctx.mappings:
        if mv.stale or mv.fm.is_calculated:
            continue
        left, right = mv.left.field, mv.right.field
        worst = compat.of_pair(left.data_type, right.data_type, mv.effective)
        if worst.level is Compat.AS_TEXT:
            yield FindingResult(
                "REL-004",
                WARNING,
                mv.subject,
                f"The relationship {mv.describe('left')} ({DataType(left.data_type).label}) is "
                f"mapped to {mv.describe('right')} ({DataType(right.data_type).label}): "
                f"{worst.reason}."
                if left.is_relationship
                else f"The relationship {mv.describe('right')} is mapped to "
                f"{mv.describe('left')} ({DataType(left.data_type).label}): {worst.reason}.",
                "Map the relationship to a relationship field of the other side (with its target "
                "type mapped), or accept that only the display text is carried.",
            )


RULES = (relationship_targets, data_model_constraints, immutable_parents, relationship_as_text)
