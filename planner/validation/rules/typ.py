"""TYP: types and direction ("What is the direction for the synchronization?")."""

from __future__ import annotations

from connections.models import Direction

from ..context import names
from ..findings import INFO, WARNING, FindingResult, connection_subject


def both_ways(snapshot, ctx):
    """TYP-001: a type mapping creates items in both directions."""
    for tmv in ctx.type_mappings:
        if tmv.tm.direction == Direction.BOTH:
            yield FindingResult(
                "TYP-001",
                INFO,
                tmv.subject,
                f"{tmv.where('left')} ↔ {tmv.where('right')} creates items in both directions.",
                "Bi-directional creation is rarely needed; consider creating one way and "
                "updating selected fields both ways.",
            )


def many_both_ways(snapshot, ctx):
    """TYP-002: several type mappings of one connection create both ways."""
    for connection in snapshot.connections:
        both = [
            tmv.name
            for tmv in ctx.type_mappings_of(connection)
            if tmv.tm.direction == Direction.BOTH
        ]
        if len(both) >= 2:
            yield FindingResult(
                "TYP-002",
                WARNING,
                connection_subject(connection.key),
                f"{len(both)} type mappings of connection {connection.name or connection.key} "
                f"create items in both directions ({names(both)}): often an indication of a "
                "process or governance problem.",
                "Decide per type which product creates the items; keep both-ways creation for "
                "the rare type that needs it.",
            )


def no_fields(snapshot, ctx):
    """TYP-003: a type mapping has no field mappings."""
    for tmv in ctx.type_mappings:
        if not tmv.tm.field_mappings:
            yield FindingResult(
                "TYP-003",
                WARNING,
                tmv.subject,
                f"{tmv.pair()} has no field mappings: nothing but creation would flow.",
                "Map the fields the other team needs.",
            )


def same_target(snapshot, ctx):
    """TYP-004: two type mappings create into the same type without distinct scopes."""
    by_connection = {}
    for tmv in ctx.type_mappings:
        by_connection.setdefault(tmv.connection.key, []).append(tmv)
    for tmvs in by_connection.values():
        seen = {}
        for tmv in tmvs:
            for side in ("left", "right"):
                if not tmv.creates(side):
                    continue
                key = (side, tmv.type_key(side))
                for earlier in seen.get(key, ()):
                    a, b = earlier.tm.scope.strip(), tmv.tm.scope.strip()
                    if a and b and a != b:
                        continue
                    yield FindingResult(
                        "TYP-004",
                        WARNING,
                        tmv.subject,
                        f"Both {earlier.name} and {tmv.name} create items in "
                        f"{tmv.where(side)} and their scopes do not tell them apart: duplicates "
                        "are likely.",
                        "Give each type mapping a distinct scope, or let only one of them create "
                        "items there.",
                    )
                    break
                seen.setdefault(key, []).append(tmv)


RULES = (both_ways, many_both_ways, no_fields, same_target)
