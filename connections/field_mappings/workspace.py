"""What the field mapping workspace of one type mapping shows, loaded with a fixed number of
queries whatever the number of fields or mappings.

Views render it; the edit views re-load it after a change so every piece they send back (a row,
the field lists with their required-field highlights) is computed the same way as the page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from connections.field_mappings.coverage import EnumCoverage, enum_coverage
from connections.field_mappings.services import type_mapping_subject
from connections.models import (
    CalculatedValue,
    CalculatedValueKind,
    ConflictPolicy,
    Direction,
    EnumPair,
    EnumValue,
    Field,
    FieldMapping,
    RelationshipRule,
)
from core.findings import SEVERITY_RANK
from core.findings import provider as findings_provider
from facts import compat as facts_compat
from facts.coverage import MISSING, creating_sides, required_fields, unmapped
from facts.datatypes import ENUM_TYPES, MULTI_VALUED_TYPES, RELATIONSHIP_TYPES, Compat, DataType
from facts.direction import LABELS as DIRECTION_LABELS
from facts.direction import NOWHERE, effective_direction
from facts.records import EnumValueSnap

DATA_TYPE_LABELS = dict(DataType.choices)


def open_findings(
    plan, prefix: str, revision: int | None = None, *, with_id: bool = False
) -> list[tuple[str, str, str, str]]:
    """(severity, code, subject, message) of the open findings of ``revision`` (default: the
    plan's current one) under the subject ``prefix``, leaving out those acknowledged for the
    same fingerprint; ``with_id`` adds each finding's id last: the plan domain's answer
    (core/findings.py). One query."""
    return findings_provider().open_findings(plan, prefix, revision, with_id=with_id)


def worst(severities) -> str:
    return max(severities, key=lambda s: SEVERITY_RANK.get(s, 0), default="")


def field_flags(f) -> str:
    flags = []
    if f.required:
        flags.append("required")
    if f.read_only:
        flags.append("read-only")
    if f.system_generated:
        flags.append("system")
    if f.create_only:
        flags.append("create-only")
    if f.has_default:
        flags.append(f"default {f.default_value}" if f.default_value else "default")
    if f.multi_valued:
        flags.append("multi")
    if f.relationship_targets:
        flags.append("→ " + ", ".join(f.relationship_targets))
    if f.addon_type:
        flags.append(f"add-on {f.addon_type}")
    if f.not_supported:
        flags.append("not supported")
    if f.removed:
        flags.append("removed")
    return " · ".join(flags)


@dataclass
class PairCheck:
    """What the workspace says about a pair as soon as it is picked."""

    level: str  # a Compat value, or "calculated"
    text: str  # "compatible", "fragile: <reason>", "incompatible: <reason>"
    effective: str  # a Direction value, or NOWHERE
    reason: str

    @property
    def narrowed(self) -> bool:
        return self.effective == NOWHERE or "effective" in self.reason


def check_pair(type_mapping, left, right, declared: str) -> PairCheck:
    effective, reason = effective_direction(type_mapping, left, right, declared)
    if left is None or right is None:
        level, text = "calculated", "calculated value"
    else:
        # Judge the directions values really flow in; a mapping that flows nowhere is judged as
        # declared, so its type problem is not hidden behind the read-only one.
        judged = effective if effective != NOWHERE else (declared or type_mapping.direction)
        compat = facts_compat.of_pair(left.data_type, right.data_type, judged)
        level = compat.level.value
        text = {
            Compat.OK: "compatible",
            Compat.FRAGILE: f"fragile: {compat.reason}",
            Compat.INCOMPATIBLE: f"incompatible: {compat.reason}",
            Compat.AS_TEXT: f"as text: {compat.reason}",
        }[compat.level]
    return PairCheck(level, text, effective, reason)


def calculated_kinds(f) -> list[tuple[str, str]]:
    """The kinds of calculated value a field takes (FLD-011)."""
    if f is not None and f.data_type in RELATIONSHIP_TYPES:
        return [(CalculatedValueKind.LOOKUP.value, CalculatedValueKind.LOOKUP.label)]
    kinds = [(k.value, k.label) for k in CalculatedValueKind if k != CalculatedValueKind.LOOKUP]
    return kinds if f is not None else list(CalculatedValueKind.choices)


class FieldInfo:
    """A field as the workspace shows it: the columns it reads, without a model instance per
    field (a 300-field type loads twice as fast)."""

    __slots__ = (
        "pk", "item_type_id", "key", "label", "data_type", "required", "read_only",
        "create_only", "system_generated", "has_default", "default_value",
        "relationship_targets", "addon_type", "not_supported", "set_by_sync_tool", "removed",
        "dt_label",
    )  # fmt: skip

    COLUMNS = __slots__[:-1]  # what is read from the database (dt_label is derived)

    def __init__(self, *values):
        for name, value in zip(self.COLUMNS, values, strict=True):
            setattr(self, name, value)
        self.dt_label = DATA_TYPE_LABELS.get(self.data_type, self.data_type)

    @property
    def id(self):
        return self.pk

    @property
    def multi_valued(self) -> bool:
        return self.data_type in MULTI_VALUED_TYPES

    @property
    def named(self) -> str:
        """How people see the field: "Release (customfield_10050)"."""
        return f"{self.label} ({self.key})" if self.label and self.label != self.key else self.key


@dataclass
class FieldRow:
    field: FieldInfo
    side: str
    flags: str
    mapped: int = 0
    required: str | None = None  # None: not judged; else how it is covered (MISSING: not)
    value_count: int | None = None  # active values of an enum field
    # Of a required field nothing covers: its open findings (FLD-007, FLD-008), as RowFinding.
    findings: list = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return self.required == MISSING

    @property
    def worst(self) -> str:
        return worst(f.severity for f in self.findings)

    @property
    def subject_key(self) -> str:
        """Its key among field mapping subjects: "key->" on the left, "->key" on the right."""
        return f"{self.field.key}->" if self.side == "left" else f"->{self.field.key}"


@dataclass
class RowFinding:
    """An open finding on a field mapping (or on one of its enum pairs). Where it is listed and
    fixed (``href``, ``action_label``, ``action_href``) is set by the view."""

    severity: str
    code: str
    subject: str
    message: str
    id: int
    href: str = ""
    action_label: str = ""
    action_href: str = ""


ARROWS = {"l2r": "→", "r2l": "←", "both": "↔", NOWHERE: "✕"}


@dataclass
class MappingRow:
    mapping: FieldMapping
    left: FieldInfo | None
    right: FieldInfo | None
    check: PairCheck
    calculated: CalculatedValue | None = None
    enum: EnumCoverage | None = None
    findings: list[RowFinding] = field(default_factory=list)
    # (side, FieldRow) of each required field of a creating side this row fills on creation.
    covers: list = field(default_factory=list)
    # Editing state: shown as a form row, what the inputs show, and why the row came back.
    editing: bool = False
    values: dict = field(default_factory=dict)
    error: str = ""
    conflict: dict | None = None  # the row as it is now in the database (both values shown)
    conflict_on: str = "save"  # what the editor tried: "save" or "delete"
    urls: dict = field(default_factory=dict)  # set by the view

    @property
    def worst(self) -> str:
        return worst(f.severity for f in self.findings)

    @property
    def arrow(self) -> str:
        """The effective direction (facts.direction, as the rules judge it)."""
        return ARROWS.get(self.check.effective, "✕")

    @property
    def direction_label(self) -> str:
        return DIRECTION_LABELS.get(self.check.effective, self.check.effective)

    @property
    def label(self) -> str:
        """ "Severity (severity) → Priority (priority)", for buttons and messages."""
        names = [f.named if f is not None else "calculated value" for f in (self.left, self.right)]
        return f"{names[0]} {self.arrow} {names[1]}"

    @property
    def target(self):
        return self.right if self.left is None else self.left

    @property
    def kinds(self):
        return calculated_kinds(self.target)


def row_values(mapping: FieldMapping, calculated) -> dict:
    values = {
        "direction": mapping.direction,
        "conflict_policy": mapping.conflict_policy,
        "on_creation_only": mapping.on_creation_only,
        "notes": mapping.notes,
        "lock_version": mapping.lock_version,
    }
    if calculated is not None:
        values.update(kind=calculated.kind, value=calculated.value, condition=calculated.condition)
    return values


@dataclass
class SideCoverage:
    """The required fields of one side the type mapping creates items on, and how each is
    covered (facts.coverage, as FLD-007 judges them)."""

    side: str  # "left" | "right"
    type_label: str
    rows: list[FieldRow]  # the judged required fields of the side

    @property
    def missing(self) -> list[FieldRow]:
        return [r for r in self.rows if r.missing]

    @property
    def covered(self) -> int:
        return len(self.rows) - len(self.missing)


@dataclass
class Workspace:
    type_mapping: object
    left_fields: list[FieldRow]
    right_fields: list[FieldRow]
    rows: list[MappingRow]
    findings: list  # (severity, code, subject, message) of the type mapping itself
    subject: str
    # Which validation the findings come from (planner.validation.status.FindingStatus).
    finding_status: object = None
    # Required-field coverage of each creating side; the fields of each side no mapping names.
    coverage: list[SideCoverage] = field(default_factory=list)
    unmapped_left: list[FieldRow] = field(default_factory=list)
    unmapped_right: list[FieldRow] = field(default_factory=list)

    @property
    def missing_required(self) -> list[FieldRow]:
        return [r for r in self.left_fields + self.right_fields if r.missing]

    def row(self, mapping_id) -> MappingRow | None:
        return next((r for r in self.rows if r.mapping.pk == mapping_id), None)

    @property
    def left_options(self) -> list[FieldInfo]:
        return [r.field for r in self.left_fields if not r.field.removed]

    @property
    def right_options(self) -> list[FieldInfo]:
        return [r.field for r in self.right_fields if not r.field.removed]


DIRECTION_CHOICES = [(d.value, d.label) for d in Direction]
CONFLICT_POLICY_CHOICES = [(p.value, p.label) for p in ConflictPolicy]

# The table's filters (GET parameters): what to show, and the effective direction.
SHOW_CHOICES = [
    ("", "all field mappings"),
    ("findings", "field mappings with findings"),
    ("required", "required fields not covered"),
]
DIRECTION_FILTER_CHOICES = [("", "any")] + [
    (d, DIRECTION_LABELS[d]) for d in ("l2r", "r2l", "both", NOWHERE)
]


@dataclass(frozen=True)
class RowFilter:
    """Which rows the table shows. ``show="required"`` lists the required fields nothing covers
    yet (each with its fixes) instead of mappings; ``direction`` keeps the mappings whose
    effective direction it is."""

    show: str = ""
    direction: str = ""

    @classmethod
    def from_query(cls, data) -> RowFilter:
        show, direction = data.get("show", ""), data.get("direction", "")
        return cls(
            show=show if show in dict(SHOW_CHOICES) else "",
            direction=direction if direction in dict(DIRECTION_FILTER_CHOICES) else "",
        )

    @property
    def active(self) -> bool:
        return bool(self.show or self.direction)

    def rows(self, workspace: Workspace) -> list[MappingRow]:
        if self.show == "required":
            return []
        rows = workspace.rows
        if self.show == "findings":
            rows = [r for r in rows if r.findings]
        if self.direction:
            rows = [r for r in rows if r.check.effective == self.direction]
        return rows

    def gaps(self, workspace: Workspace) -> list[FieldRow]:
        return workspace.missing_required if self.show == "required" else []


def load_workspace(plan, type_mapping) -> Workspace:
    """The workspace of ``type_mapping`` (its connection, types and endpoints select_related).
    At most seven queries, whatever the size of the types."""
    left_type_id, right_type_id = type_mapping.left_type_id, type_mapping.right_type_id
    fields = [
        FieldInfo(*row)
        for row in Field.objects.filter(item_type_id__in=(left_type_id, right_type_id))
        .order_by("position", "key")
        .values_list(*FieldInfo.COLUMNS)
    ]
    by_id = {f.pk: f for f in fields}
    mappings = list(
        FieldMapping.objects.filter(type_mapping=type_mapping)
        .select_related("calculated_value", "left_catch_all", "right_catch_all")
        .order_by("position", "id")
    )
    for m in mappings:
        m.type_mapping = type_mapping
        m.left_info = by_id.get(m.left_field_id)
        m.right_info = by_id.get(m.right_field_id)

    enum_ids = {
        m.pk
        for m in mappings
        if m.left_info is not None
        and m.right_info is not None
        and m.left_info.data_type in ENUM_TYPES
        and m.right_info.data_type in ENUM_TYPES
    }
    enum_field_ids = {
        fid for m in mappings if m.pk in enum_ids for fid in (m.left_field_id, m.right_field_id)
    }
    values_by_field = defaultdict(list)
    label_of = {}
    if enum_field_ids:
        for value_id, field_id, label, active, removed in (
            EnumValue.objects.filter(field_id__in=enum_field_ids)
            .order_by("position", "label")
            .values_list("id", "field_id", "label", "active", "removed")
        ):
            values_by_field[field_id].append(EnumValueSnap(label, 0, active, removed))
            label_of[value_id] = label
    pairs = defaultdict(list)
    if enum_ids:
        for mapping_id, left_id, right_id in EnumPair.objects.filter(
            field_mapping_id__in=enum_ids
        ).values_list("field_mapping_id", "left_value_id", "right_value_id"):
            pairs[mapping_id].append((label_of.get(left_id), label_of.get(right_id)))

    subject = type_mapping_subject(type_mapping)
    findings_by_mapping = defaultdict(list)
    type_findings = []
    # The last validation's findings, labelled with its revision (the plan may have changed
    # since); none when the plan was never validated.
    finding_status = findings_provider().status_of(plan)
    validated = finding_status.validated_revision
    found = open_findings(plan, subject, validated, with_id=True) if validated is not None else []
    for severity, code, finding_subject, message, finding_id in found:
        rest = finding_subject[len(subject) :]
        if rest.startswith("/fields/"):
            key = rest[len("/fields/") :].split("/", 1)[0]
            findings_by_mapping[key].append(
                RowFinding(severity, code, finding_subject, message, finding_id)
            )
        elif rest == "":
            type_findings.append((severity, code, finding_subject, message))

    rows = []
    for m in mappings:
        calculated = _calculated(m)
        left, right = m.left_info, m.right_info
        key = f"{left.key if left else ''}->{right.key if right else ''}"
        row = MappingRow(
            mapping=m,
            left=left,
            right=right,
            check=check_pair(type_mapping, left, right, m.direction),
            calculated=calculated,
            findings=findings_by_mapping.get(key, []),
            values=row_values(m, calculated),
        )
        if m.pk in enum_ids:
            row.enum = enum_coverage(
                values_by_field[m.left_field_id],
                values_by_field[m.right_field_id],
                pairs[m.pk],
                m.left_catch_all.label if m.left_catch_all else "",
                m.right_catch_all.label if m.right_catch_all else "",
            )
        rows.append(row)

    mapped_count = defaultdict(int)
    for m in mappings:
        for fid in (m.left_field_id, m.right_field_id):
            if fid is not None:
                mapped_count[fid] += 1
    left_fields = [f for f in fields if f.item_type_id == left_type_id]
    right_fields = [f for f in fields if f.item_type_id == right_type_id]
    required = {
        (r.side, r.field.pk): r.covered_by
        for r in required_fields(
            type_mapping.direction,
            type_mapping.left_type,
            type_mapping.right_type,
            left_fields,
            right_fields,
            [(_key(m.left_info), _key(m.right_info)) for m in mappings],
            relationship_rule_fields(type_mapping, by_id),
        )
    }

    counts = dict(
        EnumValue.objects.filter(
            field__item_type_id__in=(left_type_id, right_type_id),
            field__data_type__in=ENUM_TYPES,
            active=True,
            removed=False,
        )
        .values("field_id")
        .annotate(n=Count("id"))
        .values_list("field_id", "n")
    )

    def field_rows(side, side_fields):
        return [
            FieldRow(
                f,
                side,
                field_flags(f),
                mapped_count[f.pk],
                required.get((side, f.pk)),
                counts.get(f.pk, 0) if f.data_type in ENUM_TYPES else None,
            )
            for f in side_fields
        ]

    left_rows, right_rows = field_rows("left", left_fields), field_rows("right", right_fields)
    row_of = {(r.side, r.field.pk): r for r in left_rows + right_rows}
    for r in left_rows + right_rows:
        if r.missing:
            r.findings = findings_by_mapping.get(r.subject_key, [])
    for row in rows:
        for side, f in (("left", row.left), ("right", row.right)):
            if f is not None and (side, f.pk) in required:
                row.covers.append(row_of[(side, f.pk)])
    type_labels = {"left": type_mapping.left_type.label, "right": type_mapping.right_type.label}
    coverage = [
        SideCoverage(
            side,
            type_labels[side],
            [r for r in (left_rows if side == "left" else right_rows) if r.required is not None],
        )
        for side in creating_sides(type_mapping.direction)
    ]
    keys = [(_key(m.left_info), _key(m.right_info)) for m in mappings]
    unmapped_ids = {
        side: {f.pk for f in unmapped(side, side_fields, keys)}
        for side, side_fields in (("left", left_fields), ("right", right_fields))
    }
    return Workspace(
        type_mapping=type_mapping,
        left_fields=left_rows,
        right_fields=right_rows,
        rows=rows,
        findings=type_findings,
        subject=subject,
        finding_status=finding_status,
        coverage=coverage,
        unmapped_left=[r for r in left_rows if r.field.pk in unmapped_ids["left"]],
        unmapped_right=[r for r in right_rows if r.field.pk in unmapped_ids["right"]],
    )


def _key(field):
    return field.key if field is not None else None


def relationship_rule_fields(type_mapping, fields_by_id) -> list[tuple[str, str]]:
    """(side, field key) of each field a relationship rule of ``type_mapping`` sets (one
    query): they count as covered on creation, as for FLD-007."""
    result = []
    for field_id in RelationshipRule.objects.filter(type_mapping=type_mapping).values_list(
        "field_id", flat=True
    ):
        f = fields_by_id.get(field_id)
        if f is not None:
            side = "left" if f.item_type_id == type_mapping.left_type_id else "right"
            result.append((side, f.key))
    return result


def _calculated(mapping):
    try:
        return mapping.calculated_value
    except CalculatedValue.DoesNotExist:
        return None
