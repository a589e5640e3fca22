"""The filled planning worksheet as data: sheets of titled columns and rows.

One description of the worksheet feeds every output: the XLSX workbook (worksheet.py), the CSV
zip (csvzip.py) and the printable review page. Rows are generated lazily from the plan snapshot
and the stored findings, so an enterprise-size plan streams through without being held twice.
Every cell value passes through ``cells.safe_value`` in the writers, never here.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.utils import timezone

from facts import enums, users
from facts.connect import policy_words, way_words
from facts.direction import flows, of_mapping
from facts.status import is_stale
from planner.document.snapshot import (
    ConnectionSnap,
    FieldMappingSnap,
    PlanSnapshot,
    TypeMappingSnap,
)
from planner.operations import schedules

from .words import (
    OPERATING_SYSTEMS,
    calculated_kind_words,
    data_type_words,
    product_words,
    resolution_words,
)

DIRECTION_LABELS = {"l2r": "L→R", "r2l": "R→L", "both": "both", "none": "none", "": ""}
DIRECTION_CHOICES = ("L→R", "R→L", "both")
WITHHELD = "(withheld)"
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
# A decision as a reader says it ("approved version 3"), not the stored code.
DECISION_WORDS = {"approve": "approved", "request_changes": "changes requested"}
# An email address anywhere in a text: the safety net of an export without personal data.
EMAIL = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+\.[^\s@<>()\[\],;:\"']+")


@dataclass(frozen=True)
class ExportOptions:
    personal_data: bool = True  # False: user emails and full names are left out
    per_type_sheets: bool = False  # Fields and Enum values as one sheet per type mapping

    @classmethod
    def from_dict(cls, options: dict | None) -> ExportOptions:
        options = options or {}
        return cls(
            personal_data=bool(options.get("personal_data", True)),
            per_type_sheets=bool(options.get("per_type_sheets", False)),
        )

    def as_dict(self) -> dict:
        return {"personal_data": self.personal_data, "per_type_sheets": self.per_type_sheets}


@dataclass(frozen=True)
class Column:
    title: str
    width: int = 16
    choices: tuple[str, ...] = ()  # a list validation on the column (direction columns)


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: Iterable[list]


@dataclass(frozen=True)
class FindingRow:
    code: str
    severity: str
    subject: str
    message: str
    fix: str
    acknowledged_by: str = ""
    reason: str = ""
    acknowledgement_stale: bool = False


@dataclass(frozen=True)
class ApprovalRow:
    title: str
    decided_by: str
    decision: str  # in words ("approved", "changes requested")
    version: int
    sha256: str
    decided_at: str
    stale: bool  # the hash it approved is not the current content


@dataclass
class WorksheetData:
    """Everything the worksheet shows, read with a fixed number of queries."""

    plan_name: str
    status: str
    revision: int
    snapshot: PlanSnapshot
    content_sha256: str
    latest_version: int | None = None
    # title, holder, decision, when (the latest decision on the latest version)
    sign_offs: list[tuple[str, str, str, str]] = field(default_factory=list)
    # Every decision on every version, oldest first, with the content hash it saw.
    approvals: list[ApprovalRow] = field(default_factory=list)
    # The last validation's findings and what they are (planner.validation.status).
    findings: list[FindingRow] = field(default_factory=list)
    finding_status: object = None
    # The last rehearsal (planner/rehearsal/status.py) and, when it rehearsed the current
    # revision, its stored result (the Rehearsal sheet).
    rehearsal_status: object = None
    rehearsal: dict | None = None
    # The day schedule times are converted between zones for (daylight saving moves them).
    on: datetime.date | None = None


def gather(plan) -> WorksheetData:
    from planner.document.dump import plan_document
    from planner.document.hashing import content_sha256
    from planner.document.snapshot import build_snapshot
    from planner.models import (
        Acknowledgement,
        Approval,
        Finding,
        PlanVersion,
        SignOffRole,
    )
    from planner.rehearsal.loading import current_rehearsal, rehearsal_status_of
    from planner.validation.status import finding_status_of

    snapshot = build_snapshot(plan)
    latest = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
    decisions = {}
    if latest is not None:
        for role_id, decision, decided_at in (
            Approval.objects.filter(plan_version=latest)
            .order_by("created_at")
            .values_list("sign_off_role_id", "decision", "created_at")
        ):
            # the latest decision of each holder wins
            decisions[role_id] = (decision, f"{decided_at:%Y-%m-%d %H:%M} UTC")
    sign_offs = [
        (title, holder or "", *decisions.get(role_id, ("", "")))
        for role_id, title, holder in SignOffRole.objects.filter(plan=plan)
        .order_by("position", "id")
        .values_list("id", "title", "holder__username")
    ]
    current_sha256 = content_sha256(plan_document(snapshot))
    approvals = [
        ApprovalRow(title, by or "", DECISION_WORDS.get(decision, decision), number, sha256,
                    f"{decided_at:%Y-%m-%d %H:%M} UTC", sha256 != current_sha256)
        for title, by, decision, number, sha256, decided_at in Approval.objects.filter(
            plan_version__plan=plan
        )
        .order_by("created_at", "id")
        .values_list("sign_off_role__title", "decided_by__username", "decision",
                     "plan_version__number", "content_sha256", "created_at")
    ]  # fmt: skip
    acks = {
        (code, subject): (by, reason, fingerprint)
        for code, subject, by, reason, fingerprint in Acknowledgement.objects.filter(
            plan=plan
        ).values_list("code", "subject", "acknowledged_by", "reason", "fingerprint")
    }
    finding_status = finding_status_of(plan)
    findings = []
    for code, severity, subject, message, fix, fingerprint in (
        Finding.objects.filter(plan=plan, plan_revision=finding_status.validated_revision)
        .order_by("code", "subject")
        .values_list("code", "severity", "subject", "message", "fix", "fingerprint")
    ):
        by, reason, ack_fingerprint = acks.get((code, subject), ("", "", None))
        findings.append(
            FindingRow(code, severity, subject, message, fix, by, reason,
                       is_stale(fingerprint, ack_fingerprint))
        )  # fmt: skip
    rehearsal_status = rehearsal_status_of(plan)
    rehearsed = current_rehearsal(plan) if rehearsal_status.current else None
    return WorksheetData(
        plan_name=plan.name,
        status=plan.get_status_display(),
        revision=plan.revision,
        snapshot=snapshot,
        content_sha256=current_sha256,
        latest_version=latest.number if latest else None,
        sign_offs=sign_offs,
        approvals=approvals,
        findings=sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 3), f.code)),
        finding_status=finding_status,
        rehearsal_status=rehearsal_status,
        rehearsal=rehearsed.data if rehearsed is not None else None,
        on=timezone.localdate(),
    )


# ---------------------------------------------------------------------------------------------
# Directions


def declared_direction(tm: TypeMappingSnap, fm: FieldMappingSnap) -> str:
    return tm.field_direction(fm)


def effective_direction(tm: TypeMappingSnap, fm: FieldMappingSnap, left_type, right_type) -> str:
    """The direction values really flow (plan facts), so the worksheet and the findings agree."""
    left = left_type.field(fm.left_field) if left_type is not None else None
    right = right_type.field(fm.right_field) if right_type is not None else None
    return of_mapping(tm.direction, fm, left, right)[1]


# ---------------------------------------------------------------------------------------------
# Sheets


def build_sheets(data: WorksheetData, options: ExportOptions) -> list[Sheet]:
    from .connect_setup import connect_setup_sheet  # it builds on this module's Sheet
    from .fact_sheets import fact_sheets
    from .rehearsal_sheet import rehearsal_sheet

    snapshot = data.snapshot
    # Per-type sheets get short numbered names (Excel allows 31 characters, type keys are
    # longer) and the Overview says which type mapping each one holds.
    per_type: list[Sheet] = []
    lookup: list[tuple[str, str]] = []
    if options.per_type_sheets:
        number = 0
        for conn in snapshot.connections:
            for tm in conn.type_mappings:
                number += 1
                what = f"{conn.key}: {tm.left_type} ↔ {tm.right_type}"
                only = (conn, tm)
                per_type.append(
                    Sheet(f"Fields {number}", FIELD_COLUMNS, _field_rows(snapshot, only))
                )
                lookup.append((f"Fields {number}", f"field mappings of {what}"))
                if any(fm.enum_pairs for fm in tm.field_mappings):
                    per_type.append(
                        Sheet(
                            f"Values {number}",
                            enum_columns(snapshot, only),
                            _enum_rows(snapshot, only),
                        )  # fmt: skip
                    )
                    lookup.append((f"Values {number}", f"enum value pairs of {what}"))
    else:
        per_type = [
            Sheet("Fields", FIELD_COLUMNS, _field_rows(snapshot)),
            Sheet("Enum values", enum_columns(snapshot), _enum_rows(snapshot)),
        ]
    sheets = [
        Sheet("Overview", OVERVIEW_COLUMNS, _overview_rows(data, options, lookup)),
        Sheet("Use case", USE_CASE_COLUMNS, _use_case_rows(snapshot)),
        Sheet("Types", TYPE_COLUMNS, _type_rows(snapshot)),
        *fact_sheets(snapshot),
        *per_type,
        Sheet("Users", user_columns(options), _user_rows(snapshot, options)),
        Sheet("Relationships & existing items", RELATIONSHIP_COLUMNS, _relationship_rows(snapshot)),
        Sheet("Operations", OPERATIONS_COLUMNS, _operations_rows(snapshot, data.on, options)),
        connect_setup_sheet(data, options),
        rehearsal_sheet(data),
        Sheet("Findings", FINDING_COLUMNS, _finding_rows(data, options)),
    ]  # fmt: skip
    if not options.personal_data:
        for sheet in sheets:
            sheet.rows = _without_emails(sheet.rows)
    return sheets


def _without_emails(rows: Iterable[list]) -> Iterator[list]:
    """Every email address in every text withheld: user names, accounts, owners and notes may
    all be addresses, and an export without personal data must hold none."""
    for row in rows:
        yield [EMAIL.sub(WITHHELD, v) if isinstance(v, str) and "@" in v else v for v in row]


def _person(name: str, options: ExportOptions) -> str:
    """A member's username, or withheld when personal data is left out."""
    if not name:
        return ""
    return name if options.personal_data else WITHHELD


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def named(item_type, key: str | None) -> str:
    """``Found in Release (customfield_10050)``: a field by its label and its key, so a finding
    can be matched to its row by reading."""
    if not key:
        return ""
    f = item_type.field(key) if item_type is not None else None
    return f"{f.label} ({key})" if f is not None and f.label and f.label != key else key


def type_named(item_type, key: str) -> str:
    """``User Story (story)``: a type by its label and its key (the key alone when they agree)."""
    if item_type is not None and item_type.label and item_type.label != key:
        return f"{item_type.label} ({key})"
    return key


def connection_named(c: ConnectionSnap) -> str:
    """``ALM/QC defects with Jira bugs (alm-jira)``: a connection by its name and its key."""
    return f"{c.name} ({c.key})" if c.name and c.name != c.key else c.key


def endpoint_named(s: PlanSnapshot, key: str) -> str:
    """``ALM/QC (QA department) (alm)``: an endpoint by its name and its key."""
    e = s.endpoint(key)
    return f"{e.name} ({key})" if e is not None and e.name and e.name != key else key


def _types(s: PlanSnapshot, c: ConnectionSnap, tm: TypeMappingSnap) -> tuple:
    left, right = s.endpoint(c.left), s.endpoint(c.right)
    return (left.type(tm.left_type) if left else None, right.type(tm.right_type) if right else None)


def type_mapping_named(s: PlanSnapshot, c: ConnectionSnap, tm: TypeMappingSnap) -> str:
    """``User Story (story) ↔ Story``: a type mapping by its two types' labels and keys."""
    lt, rt = _types(s, c, tm)
    return f"{type_named(lt, tm.left_type)} ↔ {type_named(rt, tm.right_type)}"


def _way(s: PlanSnapshot, c: ConnectionSnap, direction: str) -> str:
    """``Jira → ALM Octane``: a direction between the connection's endpoints, by name."""
    return way_words(direction, _side_name(s, c, "left"), _side_name(s, c, "right"))


def _flow_words(s: PlanSnapshot, c: ConnectionSnap, direction: str) -> str:
    """What really flows, between named endpoints (a computed column: nobody picks it from the
    L→R / R→L / both list)."""
    return _way(s, c, direction) if direction in ("l2r", "r2l", "both") else "nothing flows"


def _side_name(s: PlanSnapshot, c: ConnectionSnap, side: str) -> str:
    """``left``/``right`` as the endpoint's name (a reader knows products, not sides)."""
    if side not in ("left", "right"):
        return side
    e = s.endpoint(getattr(c, side))
    return e.name if e is not None else getattr(c, side)


def _policy(s: PlanSnapshot, c: ConnectionSnap, policy: str) -> str:
    return policy_words(policy, _side_name(s, c, "left"), _side_name(s, c, "right"))


OVERVIEW_COLUMNS = [
    Column("Section", 14),
    Column("Name", 28),
    Column("Value", 48),
    Column("Detail", 60),
]


def _overview_rows(
    data: WorksheetData, options: ExportOptions, lookup: list[tuple[str, str]] = ()
) -> Iterator[list]:
    s = data.snapshot
    yield ["Plan", "Name", data.plan_name, s.description]
    yield ["Plan", "Status", data.status, ""]
    yield ["Plan", "Revision", data.revision, ""]
    if data.finding_status is not None:
        yield ["Plan", "Findings", data.finding_status.counts_text, _revalidate_hint(data)]
    if data.rehearsal_status is not None:
        yield ["Plan", "Rehearsal", data.rehearsal_status.line, ""]
    yield ["Plan", "Version", data.latest_version if data.latest_version else "not submitted", ""]
    yield ["Plan", "Content SHA-256", data.content_sha256, "of the plan document (syncplan/1)"]
    if s.sync_server:
        yield ["Plan", "Sync server", s.sync_server.name, s.sync_server.host]
    for e in s.endpoints:
        detail = f"{len(e.types)} types, {len(e.users)} users"
        yield [
            "Endpoint",
            e.key,
            f"{e.name}: {product_words(e.product)}",
            f"{e.base_url} · {detail}",
        ]
    for c in s.connections:
        directions = Counter(_way(s, c, tm.direction) for tm in c.type_mappings)
        summary = ", ".join(f"{d}: {n}" for d, n in sorted(directions.items()))
        ends = f"{endpoint_named(s, c.left)} ↔ {endpoint_named(s, c.right)}"
        yield ["Connection", c.key, f"{c.name}: {ends}" if c.name else ends,
               f"type mappings {summary or 'none'}"]  # fmt: skip
    for name, holds in lookup:
        yield ["Sheet", name, holds, ""]
    for title, holder, *_ in data.sign_offs:
        # Decisions on the latest version count only while its hash is the current content.
        latest = [
            a for a in data.approvals
            if a.title == title and a.version == data.latest_version and not a.stale
        ]  # fmt: skip
        outcome = f"{latest[-1].decision} on {latest[-1].decided_at}" if latest else "pending"
        yield ["Sign-off", title, _person(holder, options) or "(no holder)", outcome]
    for a in data.approvals:
        state = "stale: this is not the current content" if a.stale else "current: the content now"
        yield [
            "Approval", a.title, f"{a.decision} version {a.version} on {a.decided_at}",
            f"content SHA-256 {a.sha256} ({state}); by {_person(a.decided_by, options)}",
        ]  # fmt: skip


USE_CASE_COLUMNS = [
    Column("Connection", 18),
    Column("Question", 34),
    Column("Answer", 70),
    Column("Details", 50),
]


def _question_text(slug: str) -> str:
    """The guidelines' question for a use-case answer (rollout answers have no catalog entry)."""
    from planner.wizard.questions import QUESTIONS_BY_KEY

    question = QUESTIONS_BY_KEY.get(slug)
    return question.title if question else slug.replace("-", " ").replace("_", " ").capitalize()


def _use_case_rows(s: PlanSnapshot) -> Iterator[list]:
    from planner.exports.answers import answer_text, data_sentence, noted
    from planner.wizard.questions import QUESTIONS

    order = {q.key: i for i, q in enumerate(QUESTIONS)}
    for c in s.connections:
        left, right = s.endpoint(c.left), s.endpoint(c.right)
        yield [
            connection_named(c),
            "Items already exist in both products",
            _yes_no(c.items_exist_in_both),
            "",
        ]
        lname, rname = (left.name if left else c.left), (right.name if right else c.right)
        yield [
            connection_named(c),
            "Conflict policy",
            policy_words(c.conflict_policy, lname, rname),
            "",
        ]
        # The guidelines' order; rollout answers (no catalog entry) after them, as stored.
        for a in sorted(c.answers, key=lambda a: order.get(a.question, len(order))):
            details = data_sentence(a.data, left.name if left else c.left,
                                    right.name if right else c.right)  # fmt: skip
            details = " ".join(part for part in (noted(a.text), details) if part)
            yield [connection_named(c), _question_text(a.question), answer_text(a.text), details]
        for tm in c.type_mappings:
            tm_name = type_mapping_named(s, c, tm)
            yield [connection_named(c), f"{tm_name}: who creates items", tm.creators, ""]
            yield [
                connection_named(c),
                f"{tm_name}: may the other side update",
                _yes_no(tm.other_side_may_update),
                f"system of record: {_side_name(s, c, tm.system_of_record) or 'not set'}",
            ]


TYPE_COLUMNS = [
    Column("Connection", 18), Column("Left endpoint", 14), Column("Left type", 20),
    Column("Right endpoint", 14), Column("Right type", 20),
    Column("Direction", 11, DIRECTION_CHOICES), Column("System of record", 12),
    Column("Scope", 40), Column("Conflict policy", 14), Column("Creators", 24),
    Column("Other side may update", 12), Column("Field mappings", 10), Column("Removed", 10),
]  # fmt: skip


def _type_rows(s: PlanSnapshot) -> Iterator[list]:
    for c in s.connections:
        left, right = s.endpoint(c.left), s.endpoint(c.right)
        for tm in c.type_mappings:
            lt, rt = left.type(tm.left_type), right.type(tm.right_type)
            removed = ", ".join(
                _side_name(s, c, side)
                for side, t in (("left", lt), ("right", rt))
                if t is not None and t.removed
            )
            yield [
                connection_named(c), endpoint_named(s, c.left), type_named(lt, tm.left_type),
                endpoint_named(s, c.right), type_named(rt, tm.right_type),
                DIRECTION_LABELS[tm.direction], _side_name(s, c, tm.system_of_record), tm.scope,
                _policy(s, c, tm.conflict_policy or c.conflict_policy), tm.creators,
                _yes_no(tm.other_side_may_update), len(tm.field_mappings), removed,
            ]  # fmt: skip


FIELD_COLUMNS = [
    Column("Connection", 16), Column("Type mapping", 22),
    Column("Left type", 20), Column("Left label (key)", 28), Column("Left data type", 14),
    Column("Right type", 20), Column("Right label (key)", 28), Column("Right data type", 14),
    Column("Declared direction", 11, DIRECTION_CHOICES),
    Column("Effective direction", 11),  # computed from the facts: nothing to choose
    Column("Left required", 9), Column("Right required", 9), Column("On creation only", 9),
    Column("Calculated value", 30), Column("Conflict policy", 13), Column("Catch-all", 18),
    Column("Removed", 10), Column("Notes", 40),
]  # fmt: skip


def _mappings(
    s: PlanSnapshot, only
) -> Iterator[tuple[ConnectionSnap, TypeMappingSnap, object, object]]:
    for c in s.connections:
        for tm in c.type_mappings:
            if only is not None and (c, tm) != only:
                continue
            left, right = s.endpoint(c.left), s.endpoint(c.right)
            yield c, tm, left.type(tm.left_type), right.type(tm.right_type)


def _field_rows(s: PlanSnapshot, only=None) -> Iterator[list]:
    for c, tm, lt, rt in _mappings(s, only):
        for fm in tm.field_mappings:
            lf, rf = lt.field(fm.left_field), rt.field(fm.right_field)
            cv = fm.calculated_value
            calculated = ""
            if cv is not None:
                calculated = f"{calculated_kind_words(cv.kind)}: {cv.value}" + (
                    f" (when {cv.condition})" if cv.condition else ""
                )
            catch_all = "; ".join(
                f"{_side_name(s, c, side)}: {label}"
                for side, label in (("left", fm.left_catch_all), ("right", fm.right_catch_all))
                if label
            )
            removed = ", ".join(
                _side_name(s, c, side)
                for side, f in (("left", lf), ("right", rf))
                if f is not None and f.removed
            )
            yield [
                connection_named(c), type_mapping_named(s, c, tm),
                type_named(lt, tm.left_type), named(lt, fm.left_field),
                data_type_words(lf.data_type) if lf else "",
                type_named(rt, tm.right_type), named(rt, fm.right_field),
                data_type_words(rf.data_type) if rf else "",
                DIRECTION_LABELS[declared_direction(tm, fm)],
                _flow_words(s, c, effective_direction(tm, fm, lt, rt)),
                _yes_no(lf.required) if lf else "", _yes_no(rf.required) if rf else "",
                _yes_no(fm.on_creation_only), calculated,
                _policy(s, c, fm.conflict_policy or tm.conflict_policy or c.conflict_policy),
                catch_all, removed,
                fm.notes,
            ]  # fmt: skip


_ENUM_HEAD = [
    Column("Connection", 16), Column("Type mapping", 22), Column("Left field", 28),
    Column("Right field", 28), Column("Position", 9), Column("Left value", 24),
    Column("Right value", 24),
]  # fmt: skip
_ENUM_TAIL = [Column("Removed", 10), Column("No pair", 28)]


def _enum_flows(s: PlanSnapshot, only=None) -> list[tuple[tuple[str, str], str]]:
    """((from endpoint, to endpoint), column title) of each direction some enum field with pairs
    really flows in, in plan order: the Default columns, "Default Jira → ALM Octane", named by
    the endpoints, and only for the directions values flow."""
    found: dict[tuple[str, str], str] = {}
    for c, tm, lt, rt in _mappings(s, only):
        for fm in tm.field_mappings:
            if not fm.enum_pairs:
                continue
            to_right, to_left = flows(effective_direction(tm, fm, lt, rt))
            if to_right:
                found.setdefault((c.left, c.right), f"Default {_way(s, c, 'l2r')}")
            if to_left:
                found.setdefault((c.right, c.left), f"Default {_way(s, c, 'r2l')}")
    return list(found.items())


def enum_columns(s: PlanSnapshot, only=None) -> list[Column]:
    return [*_ENUM_HEAD, *(Column(t, 14) for _, t in _enum_flows(s, only)), *_ENUM_TAIL]


def _defaults(pairs, receiver: str) -> set[int]:
    """Ids of the pairs whose ``receiver`` value is written for a shared value of the other
    side (facts.enums: the last pair of each group)."""
    return {id(enums.default_pair(g)) for g in enums.groups(pairs, enums.other(receiver)).values()}


def _enum_rows(s: PlanSnapshot, only=None) -> Iterator[list]:
    directions = [way for way, _ in _enum_flows(s, only)]
    for c, tm, lt, rt in _mappings(s, only):
        for fm in tm.field_mappings:
            if not fm.enum_pairs:
                continue
            lf, rf = lt.field(fm.left_field), rt.field(fm.right_field)
            lvals = {v.label: v for v in lf.values} if lf else {}
            rvals = {v.label: v for v in rf.values} if rf else {}
            # A default only for the directions the values really flow in.
            to_right, to_left = flows(effective_direction(tm, fm, lt, rt))
            l2r = _defaults(fm.enum_pairs, "right") if to_right else set()
            r2l = _defaults(fm.enum_pairs, "left") if to_left else set()
            lname, rname = named(lt, fm.left_field), named(rt, fm.right_field)
            tm_name = type_mapping_named(s, c, tm)
            for i, p in enumerate(fm.enum_pairs):
                removed = ", ".join(
                    _side_name(s, c, side)
                    for side, v in (("left", lvals.get(p.left)), ("right", rvals.get(p.right)))
                    if v is not None and v.removed
                )
                marked = {(c.left, c.right): id(p) in l2r, (c.right, c.left): id(p) in r2l}
                defaults = ["yes" if marked.get(way) else "" for way in directions]
                yield [connection_named(c), tm_name, lname, rname, i + 1, p.left, p.right, *defaults,
                       removed, ""]  # fmt: skip
            # Values no pair names (ENM-001's list): the reader sees what is left unmapped.
            for side, f, paired in (
                ("left", lf, {p.left for p in fm.enum_pairs}),
                ("right", rf, {p.right for p in fm.enum_pairs}),
            ):
                for label in enums.unpaired(f.values, paired) if f else ():
                    values = [label, ""] if side == "left" else ["", label]
                    yield [connection_named(c), tm_name, lname, rname, "", *values, *[""] * len(directions), "",
                           f"no pair for this value of {_side_name(s, c, side)}"]  # fmt: skip


def user_columns(options: ExportOptions) -> list[Column]:
    columns = [Column("Connection", 16), Column("Kind", 12), Column("Left user", 24)]
    if options.personal_data:
        columns += [Column("Left full name", 22), Column("Left email", 28)]
    columns += [Column("Right user", 24)]
    if options.personal_data:
        columns += [Column("Right full name", 22), Column("Right email", 28)]
    columns += [Column("In left directory", 10), Column("In right directory", 10)]
    return columns + [Column("Notes", 50)]


STRATEGY_WORDS = {
    "explicit": "explicit entries",
    "by_name": "match by name",
    "by_email": "match by email",
    "by_username": "match by username",
}


def _user_map_need(s: PlanSnapshot, c: ConnectionSnap) -> str:
    """Why the connection needs a user map ("" when it does not): user fields mapped between
    endpoints whose representations nothing bridges (the plan fact USR-001 asks too)."""
    left, right = s.endpoint(c.left), s.endpoint(c.right)
    if left is None or right is None:
        return ""
    user_fields = False
    for tm in c.type_mappings:
        lt, rt = left.type(tm.left_type), right.type(tm.right_type)
        for fm in tm.field_mappings:
            lf = lt.field(fm.left_field) if lt and fm.left_field else None
            rf = rt.field(fm.right_field) if rt and fm.right_field else None
            if lf is not None and rf is not None and lf.is_user and rf.is_user:
                user_fields = True
    if not user_fields or users.bridges(c, left, right)[0]:
        return ""
    return (
        f"user fields are mapped; {left.name} represents users "
        f"{REPRESENTATION_WORDS.get(left.user_representation, left.user_representation)}, "
        f"{right.name} {REPRESENTATION_WORDS.get(right.user_representation, right.user_representation)}"
    )


REPRESENTATION_WORDS = {
    "username": "by username",
    "full_name": "by full name",
    "email": "by email address",
    "account_id": "by account id",
}


def _user_rows(s: PlanSnapshot, options: ExportOptions) -> Iterator[list]:
    blanks = len(user_columns(options)) - 3
    for c in s.connections:
        # One row per connection first: its user map, or "no user map" and whether one is needed.
        if c.user_map is not None:
            how = STRATEGY_WORDS.get(c.user_map.strategy, c.user_map.strategy)
            count = len(c.user_map.entries)
            note = f"{how}, {count} {'entry' if count == 1 else 'entries'}"
            yield [connection_named(c), "user map", *[""] * blanks, note]
            yield from _connection_user_rows(s, c, options)
        else:
            need = _user_map_need(s, c)
            note = f"needed: {need}" if need else "not needed"
            yield [connection_named(c), "no user map", *[""] * blanks, note]


def _connection_user_rows(s: PlanSnapshot, c: ConnectionSnap, options: ExportOptions):
    left, right = s.endpoint(c.left), s.endpoint(c.right)
    left_users, right_users = _directory(left), _directory(right)
    show_left, show_right = _name_shower(left, options), _name_shower(right, options)

    def row(kind, left_name, right_name):
        lu, ru = left_users.get(left_name), right_users.get(right_name)
        cells = [connection_named(c), kind, show_left(left_name)]
        if options.personal_data:
            cells += [lu.full_name if lu else "", lu.email if lu else ""]
        cells.append(show_right(right_name))
        if options.personal_data:
            cells += [ru.full_name if ru else "", ru.email if ru else ""]
        cells += [
            _presence(left, left_name, lu is not None),
            _presence(right, right_name, ru is not None),
            "",
        ]
        return cells

    if c.user_map.left_default_user or c.user_map.right_default_user:
        yield row("default user", c.user_map.left_default_user, c.user_map.right_default_user)
    kind = f"entry ({STRATEGY_WORDS.get(c.user_map.strategy, c.user_map.strategy)})"
    for entry in c.user_map.entries:
        yield row(kind, entry.left, entry.right)


def _directory(endpoint) -> dict:
    """A user of the endpoint by the name it is represented by (the name a user map uses)."""
    attribute = {"full_name": "full_name", "email": "email", "account_id": "account_id"}.get(
        endpoint.user_representation, "username"
    )
    return {getattr(u, attribute) or u.username: u for u in endpoint.users}


def _name_shower(endpoint, options: ExportOptions) -> Callable[[str], str]:
    """How a user-map name is shown: an endpoint that represents people by full name or email
    has those as its user names, so they are withheld too when personal data is left out."""
    if options.personal_data or endpoint.user_representation in ("username", "account_id"):
        return lambda name: name
    by_name = _directory(endpoint)
    return lambda name: (by_name[name].username if name in by_name else WITHHELD) if name else ""


def _presence(endpoint, name: str, found: bool) -> str:
    if not name:
        return ""
    if found:
        return "yes"
    return "no" if endpoint.user_directory_complete else "unknown (directory incomplete)"


RELATIONSHIP_COLUMNS = [
    Column("Connection", 16), Column("Type mapping", 22), Column("Kind", 22), Column("Side", 8),
    Column("Field", 30), Column("Target type", 16), Column("Resolution", 14),
    Column("Rule or notes", 60),
]  # fmt: skip


def _relationship_rows(s: PlanSnapshot) -> Iterator[list]:
    from facts.coverage import constrained_fields, creating_sides, set_on_creation

    for c in s.connections:
        left, right = s.endpoint(c.left), s.endpoint(c.right)
        for tm in c.type_mappings:
            types = {"left": left.type(tm.left_type) if left else None,
                     "right": right.type(tm.right_type) if right else None}  # fmt: skip
            tm_name = type_mapping_named(s, c, tm)
            for r in tm.relationship_rules:
                yield [connection_named(c), tm_name, "relationship rule", _side_name(s, c, r.side),
                       named(types.get(r.side), r.field),
                       _target_named(s, getattr(c, r.side), r.target_type),
                       resolution_words(r.resolution), r.rule]  # fmt: skip
            mapped = set_on_creation((fm.left_field, fm.right_field) for fm in tm.field_mappings)
            # Each data-model constraint of a creating side, with the rule that answers it
            # (REL-002 judges whether a mapping answers it instead).
            for side in creating_sides(tm.direction):
                item_type = types[side]
                for key in sorted(constrained_fields(item_type)):
                    rule = next(
                        (r for r in tm.relationship_rules if r.side == side and r.field == key),
                        None,
                    )
                    what = (
                        f"parent {_target_named(s, getattr(c, side), item_type.parent_type)}"
                        if key == item_type.parent_field
                        else "date window inside the parent"
                    )
                    if rule:
                        answer = "answered by the relationship rule: " + (
                            rule.rule or resolution_words(rule.resolution)
                        )
                    elif (side, key) in mapped:
                        answer = "no relationship rule; a field mapping sets it on creation"
                    else:
                        answer = "no relationship rule answers it"
                    yield [connection_named(c), tm_name, f"data-model constraint: {what}",
                           _side_name(s, c, side), named(item_type, key),
                           _target_named(s, getattr(c, side), item_type.parent_type),
                           resolution_words(rule.resolution) if rule else "",
                           answer]  # fmt: skip
            for m in tm.existing_item_matchings:
                yield [connection_named(c), tm_name, "existing-item matching", "both",
                       f"{named(types['left'], m.left_field)} = "
                       f"{named(types['right'], m.right_field)}", "", "", m.notes]  # fmt: skip
        if c.items_exist_in_both and not any(tm.existing_item_matchings for tm in c.type_mappings):
            yield [connection_named(c), "", "existing-item matching", "", "", "", "",
                   "Items exist in both products but no matching fields are recorded"]  # fmt: skip


def _target_named(s: PlanSnapshot, endpoint_key: str, type_key: str) -> str:
    """A relationship's target type, by label and key when the endpoint holds it."""
    e = s.endpoint(endpoint_key)
    return type_named(e.type(type_key) if e and type_key else None, type_key or "")


OPERATIONS_COLUMNS = [
    Column("Section", 22), Column("Name", 28), Column("Owner", 20), Column("Detail", 50),
    Column("Expires on", 12), Column("Schedule", 30), Column("cron", 40), Column("schtasks", 60),
]  # fmt: skip

_SKILL_AREAS = {
    "server_os": "Server OS administration",
    "networking": "Networking",
    "product": "Product knowledge",
}


def _operations_rows(
    s: PlanSnapshot, on: datetime.date | None = None, options: ExportOptions | None = None
) -> Iterator[list]:
    options = options or ExportOptions()
    server = s.sync_server
    operations = server.operations if server else ()
    if server is None:
        yield ["Sync server", "(none recorded)", "", "", "", "", "", ""]
    else:
        os_name = OPERATING_SYSTEMS.get(server.operating_system, server.operating_system)
        detail = f"{server.host} · {os_name} · {server.time_zone}"
        yield ["Sync server", server.name, "", detail, "", "", "", ""]
    for item in operations:
        if item.kind == "skill":
            area = _SKILL_AREAS.get(item.skill_area, item.skill_area)
            if item.product_key:
                area += f": {product_words(item.product_key)}"
            yield ["Skills and owners", item.name, _person(item.owner, options), area or item.description,
                   "", "", "", ""]  # fmt: skip
    for e in s.endpoints:
        account = ", ".join(
            part
            for part in (
                e.integration_account or "no account recorded",
                e.auth_method and f"auth {e.auth_method}",
                e.account_locale and f"locale {e.account_locale}",
                e.account_role and f"role {e.account_role}",
            )
            if part
        )
        if e.account_permissions:
            account += f". Permissions: {e.account_permissions}"
        yield ["Accounts", endpoint_named(s, e.key), "", account, "", "", "", ""]
    for e in s.endpoints:
        if e.network_path == "proxy":
            path = f"through proxy {e.proxy_host}:{e.proxy_port or ''}"
        else:
            path = e.network_path or "not recorded"
        yield ["Network paths", endpoint_named(s, e.key), "", f"{e.base_url} · {path}", "", "", "",
               ""]  # fmt: skip
    for e in s.endpoints:
        if e.uses_https or e.certificate_trust:
            yield ["Certificates and credentials", f"{endpoint_named(s, e.key)}: certificate trust", "",
                   e.certificate_trust or "not recorded", "", "", "", ""]  # fmt: skip
    for item in operations:
        if item.kind in ("certificate", "credential"):
            expires = item.expires_on.isoformat() if item.expires_on else "no expiry recorded"
            yield ["Certificates and credentials", item.name, _person(item.owner, options),
                   " · ".join(p for p in (item.kind, item.description) if p), expires, "", "", ""]  # fmt: skip
    for item in operations:
        if item.kind == "maintenance_task":
            what = " · ".join(
                p for p in ("database purge" if item.is_database_purge else "", item.command) if p
            )
            # The register's renderer, so the worksheet gives the very lines the register shows.
            lines = schedules.for_item(item, server.time_zone, on)
            described = schedules.describe_item(item)
            if lines and lines.notes:
                described = "\n".join((described, *lines.notes))
            yield ["Maintenance tasks", item.name, _person(item.owner, options), what, "", described,
                   lines.cron if lines else "", lines.schtasks if lines else ""]  # fmt: skip
    yield ["Test environment", "", "",
           (server.test_environment if server else "") or "not recorded", "", "", "", ""]  # fmt: skip
    yield ["Backups", "", "", (server.backup_procedure if server else "") or "not recorded",
           "", "", "", ""]  # fmt: skip


FINDING_COLUMNS = [
    Column("Code", 10), Column("Severity", 10), Column("Subject", 50), Column("Message", 70),
    Column("Fix", 50), Column("Acknowledged by", 16), Column("Reason", 50),
    Column("Acknowledgement", 14), Column("Subject path", 50),
]  # fmt: skip


def _revalidate_hint(data: WorksheetData) -> str:
    status = data.finding_status
    if status is None or status.current:
        return ""
    return f"validate the plan for the findings of revision {status.revision}"


def _finding_rows(data: WorksheetData, options: ExportOptions | None = None) -> Iterator[list]:
    from planner.validation.display import subject_text

    # First, which validation the rows come from: a reader must not take an empty or older
    # list for the findings of the revision this worksheet shows.
    if data.finding_status is not None:
        status = data.finding_status
        yield ["Status", "", "plan", status.counts_text, _revalidate_hint(data), "", "", "", ""]
    for f in data.findings:
        state = ""
        if f.acknowledged_by:
            state = "stale (subject changed)" if f.acknowledgement_stale else "current"
        # Named for people; the raw path (what acknowledgements key on) in the last column.
        yield [f.code, f.severity, subject_text(data.snapshot, f.subject), f.message, f.fix,
               _person(f.acknowledged_by, options or ExportOptions()), f.reason, state,
               f.subject]  # fmt: skip
