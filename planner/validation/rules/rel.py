"""REL: relationships and data model ("Are there relationships...", "Data model
normalization")."""

from __future__ import annotations

from facts import compat, coverage
from facts.datatypes import Compat, DataType

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
    does not say how the parent and the constrained fields are set. A constrained field fed
    only by an optional field of the other side is not set either: items whose source is empty
    cannot be created (the guidelines' Jira sprint dates into ALM Octane)."""
    for tmv in ctx.type_mappings:
        problems = []
        mappings = [(fm.left_field, fm.right_field) for fm in tmv.tm.field_mappings]
        views = ctx.views_of(tmv)
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
            ruled = {r.field for r in tmv.tm.relationship_rules if r.side == side}
            # On creation every field mapping fills the new item, whatever its direction.
            created = coverage.set_on_creation(mappings)
            feeds: dict[str, list] = {}
            for mv in views:
                key = mv.side(side).field_key
                if key and (side, key) in created:
                    feeds.setdefault(key, []).append(mv)
            other = "left" if side == "right" else "right"
            unset, optional = [], []
            for key in needed:
                if key in ruled:
                    continue
                sources = feeds.get(key, [])
                if not sources:
                    unset.append(key)
                elif not any(_always_gives_a_value(mv, other) for mv in sources):
                    optional.append((key, sources[0].side(other)))
            if not unset and not optional:
                continue

            def label(k, item_type=item_type):
                f = item_type.field(k)
                return f.label if f else k

            parts = []
            if unset:
                parts.append(f"nothing sets {names([label(k) for k in unset])}")
            if optional:
                targets = names([label(k) for k, _ in optional])
                sources = names([s.field.label if s.field else s.field_key for _, s in optional])
                parts.append(
                    f"{targets} {'is' if len(optional) == 1 else 'are'} fed only from the "
                    f"optional {sources} of {tmv.where(other)}, so "
                    f"{'it' if len(optional) == 1 else 'they'} may be empty"
                )
            parent = f" must belong to a {item_type.parent_type}" if item_type.parent_type else ""
            problems.append(
                f"items created in {tmv.where(side)}{parent}"
                f"{' and' if parent and item_type.date_window_fields else ''}"
                f"{' must keep their dates inside the parent' if item_type.date_window_fields else ''}"
                f", but {'; and '.join(parts)}"
            )
        if problems:
            yield FindingResult(
                "REL-002",
                ERROR,
                tmv.subject,
                "Data-model constraint not planned: " + "; ".join(problems) + ".",
                "Add a relationship rule for each constrained field (e.g. the release whose "
                "dates contain the sprint, and how the dates are set when the other side has "
                "none), or map a field that always has a value into it.",
            )


def _always_gives_a_value(mv, source_side: str) -> bool:
    """A calculated value always gives one; a mapped field only when its product requires it."""
    if mv.fm.is_calculated:
        return True
    source = mv.side(source_side).field
    return source is not None and source.required


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
