"""The findings page's data: the latest findings with their acknowledgement state, filtered,
grouped by severity and area (rule family), each with a link to the row it is about (and its
fix there, planner.subject_links); and
``subject_text``, the one place that names a finding's subject for people."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from facts import status
from planner.models import Acknowledgement, Finding, Severity
from planner.subject_links import link, load_ids

from .findings import arrow
from .services import validated_revision

# Findings decided by the data-type compatibility matrix: their fix links its page.
DATA_TYPE_CODES = frozenset({"FLD-001", "FLD-002", "REL-004"})

FAMILIES = {
    "USE": "Use case",
    "TYP": "Types and direction",
    "FLD": "Fields",
    "ENM": "Enum fields",
    "USR": "User fields",
    "WFL": "Workflows",
    "REL": "Relationships and data model",
    "OPS": "Operations",
    "CNX": "Connect set-up",
    "RHR": "Rehearsal",
}


@dataclass
class FindingFilter:
    severity: str = ""
    family: str = ""
    include_acknowledged: bool = False

    @classmethod
    def from_query(cls, data) -> FindingFilter:
        severity = data.get("severity", "")
        family = data.get("family", "")
        return cls(
            severity=severity if severity in Severity.values else "",
            family=family if family in FAMILIES else "",
            include_acknowledged=data.get("acknowledged") in ("1", "on", "true"),
        )


@dataclass
class FindingsPage:
    revision: int | None
    groups: list = field(default_factory=list)  # [(severity, label, [(family, label, [f])])]
    shown: int = 0
    hidden_acknowledged: int = 0


# --------------------------------------------------------------------------------------------
# A subject for people. The raw path stays the identity (acknowledgements, fingerprints); this
# is the one place that turns it into words, for the findings page, the worksheet and the print
# view alike.

OPERATIONS_KINDS = {
    "skill": "Skill",
    "certificate": "Certificate",
    "credential": "Credential",
    "maintenance_task": "Maintenance task",
}


def _named(label: str, key: str) -> str:
    return f"{label} ({key})" if label and label != key else key


def _field_text(item_type, key: str) -> str:
    f = item_type.field(key) if item_type else None
    return _named(f.label if f else "", key)


def _type_label(endpoint, key: str) -> str:
    item_type = endpoint.type(key) if endpoint else None
    return item_type.label if item_type else key


def _mapping_text(snapshot, connection, tm, rest: str) -> str:
    left_ep, right_ep = snapshot.endpoint(connection.left), snapshot.endpoint(connection.right)
    left_type = left_ep.type(tm.left_type) if left_ep else None
    right_type = right_ep.type(tm.right_type) if right_ep else None
    fm_key, _, pair = rest.partition("/values/")
    left_key, sep, right_key = fm_key.partition("->")
    if not sep:
        return ""
    mapping = next((m for m in tm.field_mappings if m.key == fm_key), None)
    if mapping is None:  # a field no mapping sets yet (FLD-007, FLD-008)
        return _field_text(left_type, left_key) if left_key else _field_text(right_type, right_key)
    way = arrow(tm.field_direction(mapping))
    left = _field_text(left_type, left_key) if left_key else "calculated value"
    right = _field_text(right_type, right_key) if right_key else "calculated value"
    text = f"{left} {way} {right}"
    if pair:
        left_value, _, right_value = pair.partition("->")
        text += f" › value {left_value} {way} {right_value}"
    return text


def _connection_text(snapshot, connection, rest: str) -> str:
    name = connection.name or connection.key
    if rest == "":
        return name
    if rest == "users":
        return f"{name} › user map"
    if rest.startswith("users/"):
        left, _, right = rest[len("users/") :].partition("->")
        return f"{name} › user map entry {left} ↔ {right}"
    if not rest.startswith("types/"):
        return ""
    tm_key, _, below = rest[len("types/") :].partition("/")
    tm = next((t for t in connection.type_mappings if t.key == tm_key), None)
    if tm is None:
        return ""
    left_ep, right_ep = snapshot.endpoint(connection.left), snapshot.endpoint(connection.right)
    text = (
        f"{name} › {_type_label(left_ep, tm.left_type)} {arrow(tm.direction)} "
        f"{_type_label(right_ep, tm.right_type)}"
    )
    if below.startswith("fields/"):
        mapping = _mapping_text(snapshot, connection, tm, below[len("fields/") :])
        return f"{text} › {mapping}" if mapping else ""
    if below.startswith("matching/"):
        left, _, right = below[len("matching/") :].partition("->")
        left_type = left_ep.type(tm.left_type) if left_ep else None
        right_type = right_ep.type(tm.right_type) if right_ep else None
        return (
            f"{text} › existing-item matching {_field_text(left_type, left)} = "
            f"{_field_text(right_type, right)}"
        )
    return text


def _endpoint_text(endpoint, rest: str) -> str:
    if rest == "":
        return endpoint.name
    parts = rest.split("/", 3)
    item_type = endpoint.type(parts[1]) if len(parts) > 1 and parts[0] == "types" else None
    if item_type is None:
        return ""
    text = f"{endpoint.name} › {item_type.label}"
    if len(parts) == 4 and parts[2] == "fields":
        text += " › " + _field_text(item_type, parts[3])
    return text


def subject_text(snapshot, subject: str) -> str:
    """``subject`` as a planner reads it: things named by label with the key in brackets, a
    type or field mapping with its arrow (→, ← one way, ↔ both), e.g. ``ALM/QC defects with
    Jira bugs › Defect ↔ Bug › Detected in Release (detected-in-rel) ← Found in Release
    (customfield_10050)``. A path naming nothing in ``snapshot`` is returned as it is."""
    text = ""
    head, _, rest = subject.partition("/")
    key, _, rest = rest.partition("/")
    if subject == "plan":
        text = "the plan"
    elif head == "connections":
        connection = next((c for c in snapshot.connections if c.key == key), None)
        text = _connection_text(snapshot, connection, rest) if connection else ""
    elif head == "endpoints":
        endpoint = snapshot.endpoint(key)
        text = _endpoint_text(endpoint, rest) if endpoint else ""
    elif head == "operations" and snapshot.sync_server:
        item = next(
            (i for i in snapshot.sync_server.operations if (i.kind, i.key) == (key, rest)), None
        )
        if item is not None:
            text = f"{OPERATIONS_KINDS.get(item.kind, item.kind)} {_named(item.name, item.key)}"
    return text or subject


def findings_page(plan, filters: FindingFilter) -> FindingsPage:
    revision = validated_revision(plan)
    page = FindingsPage(revision=revision)
    if revision is None:
        return page
    rows = Finding.objects.filter(plan=plan, plan_revision=revision).order_by("code", "subject")
    if filters.severity:
        rows = rows.filter(severity=filters.severity)
    if filters.family:
        rows = rows.filter(code__startswith=f"{filters.family}-")
    acks = {(a.code, a.subject): a for a in Acknowledgement.objects.filter(plan=plan)}
    data_types_page = reverse("connections:data_types")
    shown = []
    for finding in rows:
        ack = acks.get((finding.code, finding.subject))
        finding.acknowledgement = ack
        acknowledged = ack.fingerprint if ack is not None else None
        finding.is_stale = status.is_stale(finding.fingerprint, acknowledged)
        finding.is_open = status.is_open(finding.fingerprint, acknowledged)
        if not finding.is_open and not filters.include_acknowledged:
            page.hidden_acknowledged += 1
            continue
        shown.append(finding)
    # The rows the shown subjects name, in a few queries whatever their number.
    ids = load_ids(plan, {f.subject for f in shown}) if shown else None
    grouped: dict[str, dict[str, list]] = {}
    for finding in shown:
        where = link(plan.pk, finding.subject, ids, finding.code)
        finding.link, finding.action_label = where.href, where.action_label
        finding.action_href = where.action_href
        finding.help_link = data_types_page if finding.code in DATA_TYPE_CODES else ""
        grouped.setdefault(finding.severity, {}).setdefault(finding.family, []).append(finding)
    page.shown = len(shown)
    for severity, label in Severity.choices:
        if severity in grouped:
            families = [
                (family, FAMILIES.get(family, family), grouped[severity][family])
                for family in FAMILIES
                if family in grouped[severity]
            ]
            page.groups.append((severity, label, families))
    return page
