"""The findings page's data: the latest findings with their acknowledgement state, filtered,
grouped by severity and area (rule family), each with a link to what it is about."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from connections.models import Connection, Endpoint
from planner.facts import status
from planner.models import Acknowledgement, Finding, Severity

from .service import validated_revision

FAMILIES = {
    "USE": "Use case",
    "TYP": "Types and direction",
    "FLD": "Fields",
    "ENM": "Enum fields",
    "USR": "User fields",
    "WFL": "Workflows",
    "REL": "Relationships and data model",
    "OPS": "Operations",
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


def subject_link(plan_id: int, subject: str, endpoint_ids: dict, connection_ids: dict) -> str:
    """The page of the thing a subject path is about (its endpoint or connection, else the
    plan)."""
    parts = subject.split("/")
    if parts[0] == "endpoints" and len(parts) > 1 and parts[1] in endpoint_ids:
        return reverse(
            "connections:endpoint_detail",
            kwargs={"plan_id": plan_id, "endpoint_id": endpoint_ids[parts[1]]},
        )
    if parts[0] == "connections" and len(parts) > 1 and parts[1] in connection_ids:
        return reverse(
            "connections:connection_detail",
            kwargs={"plan_id": plan_id, "connection_id": connection_ids[parts[1]]},
        )
    return reverse("planner:plan_detail", kwargs={"plan_id": plan_id})


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
    endpoint_ids = dict(Endpoint.objects.filter(plan=plan).values_list("key", "id"))
    connection_ids = dict(Connection.objects.filter(plan=plan).values_list("key", "id"))
    grouped: dict[str, dict[str, list]] = {}
    for finding in rows:
        ack = acks.get((finding.code, finding.subject))
        finding.acknowledgement = ack
        acknowledged = ack.fingerprint if ack is not None else None
        finding.is_stale = status.is_stale(finding.fingerprint, acknowledged)
        finding.is_open = status.is_open(finding.fingerprint, acknowledged)
        if not finding.is_open and not filters.include_acknowledged:
            page.hidden_acknowledged += 1
            continue
        finding.link = subject_link(plan.pk, finding.subject, endpoint_ids, connection_ids)
        grouped.setdefault(finding.severity, {}).setdefault(finding.family, []).append(finding)
        page.shown += 1
    for severity, label in Severity.choices:
        if severity in grouped:
            families = [
                (family, FAMILIES.get(family, family), grouped[severity][family])
                for family in FAMILIES
                if family in grouped[severity]
            ]
            page.groups.append((severity, label, families))
    return page
