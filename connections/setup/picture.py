"""The picture of a connection: its two endpoints, the type mappings between them (arrows for the
creation direction, coloured by the worst open finding) and small coverage bars per type
mapping (required fields covered, enum values paired, users resolved).

``connection_pictures`` loads what it needs with a fixed number of queries; ``layout`` turns it
into SVG geometry (pure), which templates/connections/setup/connection_picture.html draws.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.urls import reverse

from connections.field_mappings.coverage import Tally, enum_coverage, users_resolved
from connections.field_mappings.workspace import FieldInfo, open_findings, worst
from connections.models import (
    EndpointUser,
    EnumPair,
    EnumValue,
    Field,
    FieldMapping,
    RelationshipRule,
    TypeMapping,
    UserMap,
    UserMapEntry,
)
from facts import subjects
from facts.coverage import creating_sides, required_fields
from facts.datatypes import ENUM_TYPES, USER_TYPES
from facts.direction import NOWHERE, effective_direction
from facts.records import EnumValueSnap, UserSnap
from facts.users import effective_strategy

# Geometry (SVG user units).
WIDTH = 760
TYPE_BOX = 180
ROW = 96
TOP = 70
BAR = 150
BAR_X = (WIDTH - BAR) // 2 - 40


@dataclass
class Bar:
    name: str
    tally: Tally | None  # None: nothing to measure (e.g. no user field mapped)
    y: int = 0

    @property
    def width(self) -> int:
        return round(BAR * self.tally.percent / 100) if self.tally else 0

    @property
    def text(self) -> str:
        if self.tally is None:
            return f"{self.name}: –"
        return f"{self.name} {self.tally.done}/{self.tally.total}"

    @property
    def full(self) -> bool:
        return self.tally is None or self.tally.done == self.tally.total


@dataclass
class PictureRow:
    type_mapping: TypeMapping
    url: str
    worst: str  # worst open finding's severity, "" when none
    finding_count: int
    updates: dict  # effective field-update direction -> number of field mappings
    bars: list[Bar] = field(default_factory=list)
    y: int = 0

    @property
    def creates_right(self) -> bool:
        return "right" in creating_sides(self.type_mapping.direction)

    @property
    def creates_left(self) -> bool:
        return "left" in creating_sides(self.type_mapping.direction)

    @property
    def line_y(self) -> int:
        return self.y + 20

    @property
    def update_text(self) -> str:
        parts = [
            f"{self.updates[d]} {label}"
            for d, label in (
                ("l2r", "L→R"),
                ("r2l", "R→L"),
                ("both", "both ways"),
                (NOWHERE, "nowhere"),
            )
            if self.updates.get(d)
        ]
        return ", ".join(parts) if parts else "no field mappings"

    @property
    def title(self) -> str:
        tm = self.type_mapping
        creation = {"l2r": "creates left → right", "r2l": "creates right → left"}.get(
            tm.direction, "creates both ways"
        )
        finding = (
            f"worst open finding: {self.worst} ({self.finding_count} open)"
            if self.worst
            else "no open findings"
        )
        return (
            f"{tm.left_type.label} ↔ {tm.right_type.label}: {creation}; field updates: "
            f"{self.update_text}; {finding}"
        )


@dataclass
class Picture:
    connection: object
    rows: list[PictureRow]
    width: int = WIDTH
    height: int = 0
    right_x: int = WIDTH - TYPE_BOX - 10
    type_box: int = TYPE_BOX
    bar_x: int = BAR_X
    bar_width: int = BAR

    @property
    def line_start(self) -> int:
        return 10 + TYPE_BOX

    @property
    def line_end(self) -> int:
        return self.right_x

    @property
    def text_right_x(self) -> int:
        return self.right_x + TYPE_BOX // 2

    @property
    def text_left_x(self) -> int:
        return 10 + TYPE_BOX // 2

    @property
    def bar_text_x(self) -> int:
        return BAR_X + BAR + 8


def layout(picture: Picture) -> Picture:
    """Place the rows one under the other, the bars under each arrow."""
    for i, row in enumerate(picture.rows):
        row.y = TOP + i * ROW
        for j, bar in enumerate(row.bars):
            bar.y = row.y + 34 + j * 14
    picture.height = TOP + max(len(picture.rows), 1) * ROW
    return picture


def connection_picture(plan, connection) -> Picture:
    """The picture of ``connection`` (with left/right endpoints loaded)."""
    return connection_pictures(plan, [connection])[0]


def connection_pictures(plan, connections) -> list[Picture]:
    """The pictures of ``connections`` (of ``plan``, with left/right endpoints loaded), in
    their order. Nine queries, whatever the number of connections, type mappings, fields and
    users: the print view draws every connection of the plan."""
    connections = list(connections)
    if not connections:
        return []
    connection_ids = [c.pk for c in connections]
    type_mappings = defaultdict(list)
    for tm in (
        TypeMapping.objects.filter(connection_id__in=connection_ids)
        .select_related("left_type", "right_type")
        .order_by("position", "id")
    ):
        type_mappings[tm.connection_id].append(tm)
    type_ids = {
        t
        for tms in type_mappings.values()
        for tm in tms
        for t in (tm.left_type_id, tm.right_type_id)
    }
    fields_by_type = defaultdict(list)
    field_by_id = {}
    for row in (
        Field.objects.filter(item_type_id__in=type_ids)
        .order_by("position", "key")
        .values_list(*FieldInfo.COLUMNS)
    ):
        info = FieldInfo(*row)
        fields_by_type[info.item_type_id].append(info)
        field_by_id[info.pk] = info
    mappings = defaultdict(list)
    for fm_id, tm_id, left_id, right_id, direction in FieldMapping.objects.filter(
        type_mapping__connection_id__in=connection_ids
    ).values_list("id", "type_mapping_id", "left_field_id", "right_field_id", "direction"):
        mappings[tm_id].append(
            (fm_id, field_by_id.get(left_id), field_by_id.get(right_id), direction)
        )
    rule_fields = defaultdict(list)  # fields a relationship rule sets: covered on creation
    for tm_id, field_id in RelationshipRule.objects.filter(
        type_mapping__connection_id__in=connection_ids
    ).values_list("type_mapping_id", "field_id"):
        if field_id in field_by_id:
            rule_fields[tm_id].append(field_by_id[field_id])
    enum_mapping_fields = {
        fid
        for rows in mappings.values()
        for _, left, right, _ in rows
        if left and right and left.data_type in ENUM_TYPES and right.data_type in ENUM_TYPES
        for fid in (left.pk, right.pk)
    }
    values_by_field = defaultdict(list)
    label_of = {}
    for value_id, field_id, label, active, removed in EnumValue.objects.filter(
        field_id__in=enum_mapping_fields
    ).values_list("id", "field_id", "label", "active", "removed"):
        values_by_field[field_id].append(EnumValueSnap(label, 0, active, removed))
        label_of[value_id] = label
    pairs = defaultdict(list)
    for fm_id, left_id, right_id in EnumPair.objects.filter(
        field_mapping__type_mapping__connection_id__in=connection_ids
    ).values_list("field_mapping_id", "left_value_id", "right_value_id"):
        pairs[fm_id].append((label_of.get(left_id), label_of.get(right_id)))

    # One connection reads only its type mappings' findings; several read all connections'
    # (one query) and each picture keeps its own.
    prefix = (
        subjects.type_mappings(connections[0].key) + "/"
        if len(connections) == 1
        else subjects.connection("")
    )
    findings = [(severity, subject) for severity, _, subject, _ in open_findings(plan, prefix)]
    users = defaultdict(list)
    for endpoint_id, *user in EndpointUser.objects.filter(
        endpoint_id__in={e for c in connections for e in (c.left_id, c.right_id)}
    ).values_list("endpoint_id", "username", "full_name", "email", "account_id", "active"):
        users[endpoint_id].append(UserSnap(*user))
    user_maps = dict(
        UserMap.objects.filter(connection_id__in=connection_ids).values_list(
            "connection_id", "strategy"
        )
    )
    entries = defaultdict(list)
    for connection_id, left, right in UserMapEntry.objects.filter(
        user_map__connection_id__in=connection_ids
    ).values_list("user_map__connection_id", "left_username", "right_username"):
        entries[connection_id].append((left, right))

    return [
        _picture(
            plan,
            connection,
            type_mappings[connection.pk],
            fields_by_type,
            mappings,
            rule_fields,
            enum_mapping_fields,
            values_by_field,
            pairs,
            findings,
            users,
            user_maps.get(connection.pk),
            entries[connection.pk],
        )
        for connection in connections
    ]


def _picture(
    plan,
    connection,
    type_mappings,
    fields_by_type,
    mappings,
    rule_fields,
    enum_mapping_fields,
    values_by_field,
    pairs,
    findings,
    users,
    user_map_strategy,
    entries,
) -> Picture:
    """One connection's picture from what ``connection_pictures`` loaded (no queries)."""
    same = connection.left.user_representation
    strategy = effective_strategy(
        user_map_strategy,
        bool(entries),
        same if same == connection.right.user_representation else "",
    )
    resolved = users_resolved(
        strategy,
        users[connection.left_id],
        users[connection.right_id],
        entries,
    )
    prefix = subjects.type_mappings(connection.key) + "/"
    findings = [(severity, s) for severity, s in findings if s.startswith(prefix)]

    rows = []
    for tm in type_mappings:
        tm_rows = mappings.get(tm.pk, [])
        subject = subjects.type_mapping(connection.key, tm.left_type.key, tm.right_type.key)
        severities = [
            severity for severity, s in findings if s == subject or s.startswith(subject + "/")
        ]
        updates = defaultdict(int)
        for _, left, right, direction in tm_rows:
            updates[effective_direction(tm, left, right, direction)[0]] += 1
        required = required_fields(
            tm.direction,
            tm.left_type,
            tm.right_type,
            fields_by_type[tm.left_type_id],
            fields_by_type[tm.right_type_id],
            [(_key(left), _key(right)) for _, left, right, _ in tm_rows],
            [
                ("left" if f.item_type_id == tm.left_type_id else "right", f.key)
                for f in rule_fields[tm.pk]
            ],
        )
        enum_tally = None
        for fm_id, left, right, _ in tm_rows:
            if (
                left
                and right
                and left.pk in enum_mapping_fields
                and right.pk in enum_mapping_fields
            ):
                total = enum_coverage(
                    values_by_field[left.pk], values_by_field[right.pk], pairs[fm_id]
                ).total
                enum_tally = total if enum_tally is None else enum_tally + total
        maps_users = any(
            f is not None and f.data_type in USER_TYPES
            for _, left, right, _ in tm_rows
            for f in (left, right)
        )
        rows.append(
            PictureRow(
                type_mapping=tm,
                url=reverse(
                    "connections:workspace",
                    kwargs={
                        "plan_id": plan.pk,
                        "connection_id": connection.pk,
                        "type_mapping_id": tm.pk,
                    },
                ),
                worst=worst(severities),
                finding_count=len(severities),
                updates=dict(updates),
                bars=[
                    Bar("required", Tally(sum(r.covered for r in required), len(required))),
                    Bar("enum values", enum_tally),
                    Bar("users", resolved if maps_users else None),
                ],
            )
        )
    return layout(Picture(connection, rows))


def _key(field):
    return field.key if field is not None else None
