"""What every rule needs to know besides the snapshot: today's date, the expiry window, and the
plan's mappings resolved once (endpoints, types, fields, declared and effective direction)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from facts import direction as directions
from facts.direction import flows

from .findings import arrow, connection_subject, field_mapping_subject, type_mapping_subject


@dataclass(slots=True)  # thousands per plan: cheap to make; treated as read-only
class Side:
    """One side of a mapping: ``left`` or ``right`` with its endpoint, type and field."""

    name: str
    endpoint: object
    item_type: object
    field: object  # FieldSnap or None
    field_key: str | None


@dataclass(slots=True)  # thousands per plan: cheap to make; treated as read-only
class TypeMappingView:
    connection: object
    left_endpoint: object
    right_endpoint: object
    tm: object
    left_type: object  # ItemTypeSnap or None (stale)
    right_type: object
    subject: str

    def endpoint(self, side: str):
        return self.left_endpoint if side == "left" else self.right_endpoint

    def item_type(self, side: str):
        return self.left_type if side == "left" else self.right_type

    def type_key(self, side: str) -> str:
        return self.tm.left_type if side == "left" else self.tm.right_type

    def creates(self, side: str) -> bool:
        return self.tm.creates_left if side == "left" else self.tm.creates_right

    @property
    def name(self) -> str:
        """``Defect → Bug``: the type mapping named by its types' labels and its arrow."""
        left, right = self.item_type("left"), self.item_type("right")
        return (
            f"{left.label if left else self.tm.left_type} {arrow(self.tm.direction)} "
            f"{right.label if right else self.tm.right_type}"
        )

    def pair(self) -> str:
        """``Jira "Bug" → Octane "Defect"``: both types with the way items are created."""
        return f"{self.where('left')} {arrow(self.tm.direction)} {self.where('right')}"

    def where(self, side: str) -> str:
        """``Jira "Bug"`` — the endpoint and type of one side, for messages."""
        item_type = self.item_type(side)
        label = item_type.label if item_type else self.type_key(side)
        return f'{self.endpoint(side).name} "{label}"'


@dataclass(slots=True)  # thousands per plan: cheap to make; treated as read-only
class MappingView:
    """A field mapping with everything resolved."""

    tmv: TypeMappingView
    fm: object
    left: Side
    right: Side
    declared: str
    effective: str
    subject: str
    stale: bool  # a named field is missing from its type or removed (FLD-012)
    l2r: bool  # effective flows
    r2l: bool

    @property
    def connection(self):
        return self.tmv.connection

    @property
    def tm(self):
        return self.tmv.tm

    def side(self, name: str) -> Side:
        return self.left if name == "left" else self.right

    def other(self, name: str) -> Side:
        return self.right if name == "left" else self.left

    def flows_into(self, side: str, effective: bool = True) -> bool:
        if effective:
            return self.l2r if side == "right" else self.r2l
        l2r, r2l = flows(self.declared)
        return l2r if side == "right" else r2l

    def receiving_sides(self, effective: bool = True) -> list[str]:
        return [s for s in ("left", "right") if self.flows_into(s, effective)]

    def describe(self, side: str) -> str:
        """``Jira "Bug" field "Priority"``."""
        s = self.side(side)
        label = s.field.label if s.field else s.field_key
        return f'{self.tmv.where(side)} field "{label}"'


class Context:
    def __init__(
        self,
        snapshot,
        today: date | None = None,
        warning_days: int | None = None,
        rehearsal: dict | None = None,
    ):
        self.snapshot = snapshot
        self.today = today or date.today()
        # The plan's last rehearsal of the validated revision, as stored (None: not rehearsed
        # at that revision): what the RHR rules turn into findings.
        self.rehearsal = rehearsal
        server = snapshot.sync_server
        if warning_days is None:
            warning_days = server.expiry_warning_days if server else 30
        self.warning_days = warning_days
        self._labels: dict[int, frozenset] = {}
        self.memo: dict = {}  # what several rules compute from one item, computed once
        self._mapped_types: dict[str, dict] = {}
        self.type_mappings: list[TypeMappingView] = []
        self.mappings: list[MappingView] = []
        self.mappings_by_tm: dict[int, list[MappingView]] = {}
        for connection in snapshot.connections:
            left_ep = snapshot.endpoint(connection.left)
            right_ep = snapshot.endpoint(connection.right)
            for tm in connection.type_mappings:
                # A type gone from the product's schema has no fields any more (FLD-012).
                left_type = left_ep.type(tm.left_type) if left_ep else None
                right_type = right_ep.type(tm.right_type) if right_ep else None
                left_live = left_type if left_type and not left_type.removed else None
                right_live = right_type if right_type and not right_type.removed else None
                tmv = TypeMappingView(
                    connection, left_ep, right_ep, tm, left_type, right_type,
                    type_mapping_subject(connection.key, tm),
                )  # fmt: skip
                self.type_mappings.append(tmv)
                views = []
                for fm in tm.field_mappings:
                    lf = left_live.field(fm.left_field) if left_live else None
                    rf = right_live.field(fm.right_field) if right_live else None
                    stale = (fm.left_field is not None and (lf is None or lf.removed)) or (
                        fm.right_field is not None and (rf is None or rf.removed)
                    )
                    declared, effective = directions.of_mapping(tm.direction, fm, lf, rf)
                    views.append(
                        MappingView(
                            tmv,
                            fm,
                            Side("left", left_ep, left_type, lf, fm.left_field),
                            Side("right", right_ep, right_type, rf, fm.right_field),
                            declared,
                            effective,
                            field_mapping_subject(connection.key, tm, fm.key),
                            stale,
                            *flows(effective),
                        )
                    )
                self.mappings.extend(views)
                self.mappings_by_tm[id(tm)] = views
        self.live_mappings = [mv for mv in self.mappings if not mv.stale]
        # Live pairs of two enum fields: what the ENM rules judge.
        self.enum_mappings = [
            mv
            for mv in self.live_mappings
            if not mv.fm.is_calculated and mv.left.field.is_enum and mv.right.field.is_enum
        ]

    def labels_of(self, f) -> frozenset[str]:
        """The labels of an enum field's values that still exist."""
        found = self._labels.get(id(f))
        if found is None:
            found = self._labels[id(f)] = frozenset(v.label for v in f.values if not v.removed)
        return found

    def mapped_types(self, connection) -> dict[str, set[str]]:
        """{"left": type keys, "right": type keys} mapped by the connection's type mappings."""
        found = self._mapped_types.get(connection.key)
        if found is None:
            found = self._mapped_types[connection.key] = {
                "left": {tm.left_type for tm in connection.type_mappings},
                "right": {tm.right_type for tm in connection.type_mappings},
            }
        return found

    def connection_subject(self, connection) -> str:
        return connection_subject(connection.key)

    def views_of(self, tmv: TypeMappingView) -> list[MappingView]:
        return self.mappings_by_tm[id(tmv.tm)]

    def type_mappings_of(self, connection) -> list[TypeMappingView]:
        return [tmv for tmv in self.type_mappings if tmv.connection is connection]


def names(items, limit: int = 5) -> str:
    """``"A", "B", "C" and 4 more`` for messages."""
    items = list(items)
    shown = ", ".join(f'"{i}"' for i in items[:limit])
    more = len(items) - limit
    return f"{shown} and {more} more" if more > 0 else shown
