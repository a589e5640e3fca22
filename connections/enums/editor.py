"""What the enum pair editor of one enum field mapping shows (a fixed number of queries)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from connections.enums import pairs as enum_pairs
from connections.field_mappings.coverage import EnumCoverage, Tally, enum_coverage
from connections.field_mappings.services import field_mapping_subject
from connections.field_mappings.suggest import identical_enum_pairs, suggest_enum_pairs
from connections.field_mappings.workspace import open_findings
from connections.models import EnumPair, EnumValue, FieldMapping, flows
from facts import enums as facts_enums
from facts.direction import effective_direction


@dataclass
class ValueRow:
    value: EnumValue
    side: str
    partners: list = field(default_factory=list)  # labels of the other side's paired values
    catch_all: bool = False  # the catch-all of its side

    @property
    def live(self) -> bool:
        return self.value.active and not self.value.removed

    @property
    def unpaired(self) -> bool:
        return self.live and not self.partners


@dataclass
class PairRow:
    pair: EnumPair
    left: EnumValue
    right: EnumValue
    groups: dict  # {shared side: is the default of that group}
    first: bool = False
    last: bool = False

    @property
    def is_default(self) -> bool:
        return any(self.groups.values())

    @property
    def default_notes(self) -> list[tuple[str, str]]:
        """(side written into, note) for each group this pair is the default of."""
        notes = []
        for shared, default in self.groups.items():
            if not default:
                continue
            if shared == "right":
                notes.append(
                    ("left", f"{self.right.label} is written into the left as {self.left.label}")
                )
            else:
                notes.append(
                    ("right", f"{self.left.label} is written into the right as {self.right.label}")
                )
        return notes

    @property
    def can_become_default(self) -> list[tuple[str, str]]:
        """(shared side, shared value label) of the groups it is not yet the default of."""
        return [
            (shared, (self.right if shared == "right" else self.left).label)
            for shared, default in self.groups.items()
            if not default
        ]


@dataclass
class SuggestionRow:
    left: EnumValue
    right: EnumValue
    score: int
    identical: bool
    reason: str = ""

    @property
    def token(self) -> str:
        return f"{self.left.pk}:{self.right.pk}"


@dataclass
class DirectionView:
    """One direction values flow in: how many values of the sending side have a pair, where the
    others go, and which value each group writes (facts.enums: the bold default)."""

    sender: str
    receiver: str
    paired: Tally
    unpaired: tuple[str, ...]
    catch_all: str  # the receiver's catch-all: where unpaired values are written
    defaults: list[tuple[str, str, list[str]]]  # (sent value, value written, the others)

    @property
    def title(self) -> str:
        return f"{self.sender.capitalize()} → {self.receiver}"


def direction_views(coverage: EnumCoverage, label_pairs, flows_l2r, flows_r2l):
    """The directions the mapping flows in, left → right first."""
    pairs = [SimpleNamespace(left=left, right=right) for left, right in label_pairs]
    views = []
    for sender, receiver, flowing in (("left", "right", flows_l2r), ("right", "left", flows_r2l)):
        if not flowing:
            continue
        written = facts_enums.written_values(pairs, receiver)
        views.append(
            DirectionView(
                sender,
                receiver,
                getattr(coverage, sender),
                getattr(coverage, f"{sender}_unpaired"),
                getattr(coverage, f"{receiver}_catch_all"),
                [(sent, into, rest) for sent, (into, rest) in written.items()],
            )
        )
    return views


@dataclass
class EnumEditor:
    mapping: FieldMapping
    left_values: list[ValueRow]
    right_values: list[ValueRow]
    pairs: list[PairRow]
    coverage: EnumCoverage
    flows_l2r: bool
    flows_r2l: bool
    findings: list
    suggestions: list[SuggestionRow] | None = None
    directions: list[DirectionView] = field(default_factory=list)
    identical_count: int = 0  # pairs "Pair all identical" would make

    @property
    def left_options(self):
        return [r.value for r in self.left_values if not r.value.removed]

    @property
    def right_options(self):
        return [r.value for r in self.right_values if not r.value.removed]

    def pair(self, pair_id) -> PairRow | None:
        return next((p for p in self.pairs if p.pair.pk == pair_id), None)


class _Item:
    __slots__ = ("id", "left", "right")

    def __init__(self, pair):
        self.id, self.left, self.right = pair.pk, pair.left_value_id, pair.right_value_id


def load_enum_editor(plan, mapping: FieldMapping, *, suggest=False, rejected=()) -> EnumEditor:
    """``mapping`` with its type mapping (and connection, types), fields and catch-alls loaded."""
    values = list(
        EnumValue.objects.filter(
            field_id__in=(mapping.left_field_id, mapping.right_field_id)
        ).order_by("position", "label")
    )
    by_id = {v.pk: v for v in values}
    pairs = list(EnumPair.objects.filter(field_mapping=mapping).order_by("position", "id"))
    partners = defaultdict(list)
    for p in pairs:
        p.left_value, p.right_value = by_id[p.left_value_id], by_id[p.right_value_id]
        partners[p.left_value_id].append(p.right_value.label)
        partners[p.right_value_id].append(p.left_value.label)

    def value_rows(side, field_id, catch_all_id):
        return [
            ValueRow(v, side, partners.get(v.pk, []), v.pk == catch_all_id)
            for v in values
            if v.field_id == field_id
        ]

    left_values = value_rows("left", mapping.left_field_id, mapping.left_catch_all_id)
    right_values = value_rows("right", mapping.right_field_id, mapping.right_catch_all_id)
    groups = enum_pairs.defaults([_Item(p) for p in pairs])
    pair_rows = [
        PairRow(p, p.left_value, p.right_value, groups.get(p.pk, {}), i == 0, i == len(pairs) - 1)
        for i, p in enumerate(pairs)
    ]
    coverage = enum_coverage(
        [r.value for r in left_values],
        [r.value for r in right_values],
        [(p.left_value.label, p.right_value.label) for p in pairs],
        mapping.left_catch_all.label if mapping.left_catch_all_id else "",
        mapping.right_catch_all.label if mapping.right_catch_all_id else "",
    )
    effective, _ = effective_direction(
        mapping.type_mapping, mapping.left_field, mapping.right_field, mapping.direction
    )
    flows_l2r, flows_r2l = flows(effective)
    subject = field_mapping_subject(mapping.type_mapping, mapping.left_field, mapping.right_field)
    findings = [
        (severity, code, message) for severity, code, _, message in open_findings(plan, subject)
    ]
    label_pairs = [(p.left_value.label, p.right_value.label) for p in pairs]
    editor = EnumEditor(
        mapping, left_values, right_values, pair_rows, coverage, flows_l2r, flows_r2l, findings
    )
    editor.directions = direction_views(coverage, label_pairs, flows_l2r, flows_r2l)
    editor.identical_count = len(
        identical_enum_pairs(
            [r.value.label for r in left_values if r.live],
            [r.value.label for r in right_values if r.live],
            label_pairs,
        )
    )
    if suggest:
        live_left = [r.value for r in left_values if r.live]
        live_right = [r.value for r in right_values if r.live]
        left_by_label = {v.label: v for v in live_left}
        right_by_label = {v.label: v for v in live_right}
        rejected = set(rejected)
        editor.suggestions = [
            SuggestionRow(
                left_by_label[s.left], right_by_label[s.right], s.score, s.identical, s.reason
            )
            for s in suggest_enum_pairs(
                [v.label for v in live_left],
                [v.label for v in live_right],
                label_pairs,
            )
            if (left_by_label[s.left].pk, right_by_label[s.right].pk) not in rejected
        ]
    return editor
