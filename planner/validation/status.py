"""Finding status, once: for a plan, its current revision, the revision last validated, the open
errors, warnings and info of that validation, and whether the plan changed since.

Every page that shows finding counts (dashboard, plan page, findings page, field workspace,
worksheet and print view, review page) reads a ``FindingStatus`` from here, so they cannot
disagree. ``finding_status`` is pure; ``finding_statuses`` loads what it needs for any number of
plans in two queries. Counts are never given for a revision that was not validated: a plan
validated at revision 3 and edited since says "validated at revision 3; changed since" beside
revision 3's counts, and a plan never validated says so instead of "0 errors".
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.validation.findings import ERROR, INFO, WARNING


@dataclass(frozen=True)
class ValidationRecord:
    """What the last validation of a plan left: the revision it checked and its open findings
    (unacknowledged, or acknowledged for a state of the subject that has since changed)."""

    revision: int
    errors: int = 0
    warnings: int = 0
    infos: int = 0


@dataclass(frozen=True)
class FindingStatus:
    revision: int
    validated_revision: int | None
    # Open findings of the last validation; None when the plan was never validated.
    errors: int | None
    warnings: int | None
    infos: int | None

    @property
    def validated(self) -> bool:
        return self.validated_revision is not None

    @property
    def current(self) -> bool:
        """Validated at the plan's current revision."""
        return self.validated and self.validated_revision == self.revision

    @property
    def changed_since(self) -> bool:
        return self.validated and self.validated_revision != self.revision

    @property
    def ready_for_sign_off(self) -> bool:
        """Validated at the current revision, with no open error or warning."""
        return self.current and self.errors == 0 and self.warnings == 0

    @property
    def label(self) -> str:
        if not self.validated:
            return f"not validated at revision {self.revision}"
        if self.changed_since:
            return f"validated at revision {self.validated_revision}; changed since"
        return f"validated at revision {self.validated_revision}"

    @property
    def counts_text(self) -> str:
        """The open counts in words, or the label when there are none to give."""
        if not self.validated:
            return self.label
        return f"{self.errors} errors, {self.warnings} warnings, {self.infos} info ({self.label})"


def finding_status(revision: int, last_validation: ValidationRecord | None) -> FindingStatus:
    """The status of a plan at ``revision`` whose last validation is ``last_validation``."""
    if last_validation is None:
        return FindingStatus(revision, None, None, None, None)
    return FindingStatus(
        revision,
        last_validation.revision,
        last_validation.errors,
        last_validation.warnings,
        last_validation.infos,
    )


# ---------------------------------------------------------------------------------------------
# Loading: the one place that reads validation results for the status.


def validated_revisions(plan_ids) -> dict[int, int | None]:
    """The revision of each plan's latest validation, in one query: the revision of its stored
    findings (only the latest validation's are kept) or, when that validation found nothing,
    the revision its job recorded (a validate job's ``revision``, or the ``validated_revision``
    of a rehearsal job, which validates the plan with its result)."""
    from django.db.models import CharField, IntegerField, OuterRef, Q, Subquery
    from django.db.models.fields.json import KeyTextTransform
    from django.db.models.functions import Coalesce

    from core.models import Job, JobKind, JobStatus
    from planner.models import Finding, Plan

    latest_job = (
        Job.objects.filter(plan=OuterRef("pk"), status=JobStatus.SUCCEEDED)
        .filter(
            Q(kind=JobKind.VALIDATE)
            | Q(kind=JobKind.REHEARSE, result__has_key="validated_revision")
        )
        .order_by("-finished_at", "-pk")
        .values(
            revision=Coalesce(
                KeyTextTransform("validated_revision", "result"),
                KeyTextTransform("revision", "result"),
            )
        )[:1]
    )
    latest_findings = (
        Finding.objects.filter(plan=OuterRef("pk"))
        .order_by("-plan_revision")
        .values("plan_revision")[:1]
    )
    rows = (
        Plan.objects.filter(pk__in=list(plan_ids))
        .annotate(
            # As text: PostgreSQL's ->> gives text, SQLite's JSON_EXTRACT a number.
            job_revision=Subquery(latest_job, output_field=CharField()),
            findings_revision=Subquery(latest_findings, output_field=IntegerField()),
        )
        .values_list("pk", "job_revision", "findings_revision")
    )
    revisions = {}
    for pk, job_revision, findings_revision in rows:
        candidates = [int(r) for r in (job_revision, findings_revision) if r is not None]
        revisions[pk] = max(candidates) if candidates else None
    return revisions


def finding_statuses(plans) -> dict[int, FindingStatus]:
    """``FindingStatus`` of each plan (by id), in two queries however many plans."""
    from django.db.models import Count, Exists

    from planner.models import Finding
    from planner.validation.services import current_acknowledgement

    plans = list(plans)
    if not plans:
        return {}
    revisions = validated_revisions(p.pk for p in plans)
    open_counts: dict[tuple[int, int], dict[str, int]] = {}
    rows = (
        Finding.objects.filter(plan__in=[p.pk for p in plans])
        .exclude(Exists(current_acknowledgement()))  # acknowledged is not open
        .values_list("plan_id", "plan_revision", "severity")
        .annotate(n=Count("id"))
        .order_by()
    )
    for plan_id, revision, severity, n in rows:
        open_counts.setdefault((plan_id, revision), {})[severity] = n
    statuses = {}
    for plan in plans:
        validated = revisions.get(plan.pk)
        record = None
        if validated is not None:
            counts = open_counts.get((plan.pk, validated), {})
            record = ValidationRecord(
                validated, counts.get(ERROR, 0), counts.get(WARNING, 0), counts.get(INFO, 0)
            )
        statuses[plan.pk] = finding_status(plan.revision, record)
    return statuses


def finding_status_of(plan) -> FindingStatus:
    return finding_statuses([plan])[plan.pk]
