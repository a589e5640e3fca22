"""Running the validator on a stored plan, and reading its results.

``run_validation`` builds the snapshot, runs the engine and replaces the plan's Finding rows
with the new ones (labelled with the plan revision they were computed for). Acknowledgements
are plan content, matched to findings by (code, subject); one is *stale* when the finding's
fingerprint differs from the one it was given for, and the finding is then open again. Nothing
is stored for staleness: it is always computed by comparing fingerprints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from core.changes import content_change, record_change
from core.models import Job
from facts import status
from planner.document.snapshot import build_snapshot
from planner.models import Acknowledgement, Finding, Plan, Severity
from planner.rehearsal.loading import carry_forward, current_rehearsal
from planner.wizard.questions import is_placeholder

from .engine import validate


def _noop(percent, message=""):
    pass


def run_validation(
    plan: Plan, job: Job | None = None, progress=None, today: date | None = None
) -> list[Finding]:
    """Validate ``plan`` now and store its findings; returns the stored Finding rows, each with
    ``acknowledgement`` (or None) and ``is_stale`` set. ``today`` (default: the server's date)
    is the date the expiry rules judge against."""
    return validate_and_store(plan, job, progress, today=today)[1]


# ``validate_and_store``'s default: the plan's stored rehearsal of the validated revision.
STORED_REHEARSAL = object()


def validate_and_store(
    plan: Plan, job: Job | None = None, progress=None, today=None, rehearsal=STORED_REHEARSAL
):
    """``run_validation`` that also returns the plan revision it validated. ``rehearsal``: the
    result of a rehearsal just made (the rehearsal job passes its own), else the stored one;
    either counts only when it rehearsed the validated revision (the RHR rules)."""
    progress = progress or _noop
    revision = Plan.objects.filter(pk=plan.pk).values_list("revision", flat=True).get()
    if rehearsal is STORED_REHEARSAL:
        stored = current_rehearsal(plan, revision)
        rehearsal = stored.data if stored is not None else None
    elif rehearsal is not None and rehearsal.get("revision") != revision:
        rehearsal = None  # it rehearsed another revision: its findings are not this one's
    progress(5, "Loading the plan")
    snapshot = build_snapshot(plan)
    progress(45, "Running the rules")
    results = validate(snapshot, today=today or timezone.localdate(), rehearsal=rehearsal)
    from .display import subject_text  # display reads this module's stored findings

    progress(85, f"Storing {len(results)} findings")
    with transaction.atomic():
        # Two validations of one plan at once must not interleave their replacements.
        Plan.objects.select_for_update().filter(pk=plan.pk).values_list("pk", flat=True).get()
        # Only the latest validation is kept: older findings describe content that changed.
        Finding.objects.filter(plan=plan).delete()
        rows = Finding.objects.bulk_create(
            [
                Finding(
                    plan=plan,
                    job=job,
                    plan_revision=revision,
                    code=r.code,
                    severity=r.severity,
                    subject=r.subject,
                    subject_text=subject_text(snapshot, r.subject),
                    fingerprint=r.fingerprint,
                    message=r.message,
                    fix=r.fix,
                )
                for r in results
            ],
            batch_size=1000,
        )
    acknowledgements = {(a.code, a.subject): a for a in snapshot.acknowledgements}
    for row in rows:
        ack = acknowledgements.get((row.code, row.subject))
        row.acknowledgement = ack
        row.is_stale = status.is_stale(row.fingerprint, ack.fingerprint if ack else None)
    progress(100, "Done")
    return revision, rows


def summarize(findings) -> dict:
    """{"error": n, "warning": n, "info": n} of open findings (unacknowledged or stale)."""
    counts = dict.fromkeys(Severity.values, 0)
    for f in findings:
        if f.acknowledgement is None or f.is_stale:
            counts[f.severity] += 1
    return counts


def validated_revision(plan: Plan) -> int | None:
    """The plan revision of the latest validation (see planner.validation.status)."""
    from .status import validated_revisions

    return validated_revisions([plan.pk])[plan.pk]


def current_acknowledgement():
    return Acknowledgement.objects.filter(
        plan_id=OuterRef("plan_id"),
        code=OuterRef("code"),
        subject=OuterRef("subject"),
        fingerprint=OuterRef("fingerprint"),
    )


def open_findings(plan: Plan, revision: int):
    """Findings of ``revision`` with no current (non-stale) acknowledgement."""
    return Finding.objects.filter(plan=plan, plan_revision=revision).exclude(
        Exists(current_acknowledgement())
    )


def ready_for_sign_off(plan: Plan) -> bool:
    """Validated at the current revision, with no open error or warning."""
    from .status import finding_status_of

    return finding_status_of(plan).ready_for_sign_off


class AcknowledgementRefused(Exception):
    """The finding cannot be acknowledged (unknown, info, role too low, no reason)."""


@dataclass(frozen=True)
class AcknowledgeRights:
    warnings: bool
    errors: bool


def acknowledge(plan: Plan, user, rights: AcknowledgeRights, code: str, subject: str, reason: str):
    """Record ``user``'s acknowledgement of the current finding (code, subject) with a written
    reason. Warnings need ``rights.warnings``, errors ``rights.errors``; info never blocks."""
    return acknowledge_many(plan, user, rights, code, [subject], reason)[0]


def acknowledge_many(plan: Plan, user, rights: AcknowledgeRights, code: str, subjects, reason):
    """Acknowledge the current findings of one ``code`` on ``subjects`` with one reason: one
    change (one revision, one event), or nothing when any of them is refused."""
    reason = (reason or "").strip()
    subjects = list(dict.fromkeys(subjects))
    if not subjects:
        raise AcknowledgementRefused("Select the findings to acknowledge.")
    if is_placeholder(reason):
        raise AcknowledgementRefused("Write the reason in a sentence (why this is acceptable).")
    revision = validated_revision(plan)
    findings = {
        f.subject: f
        for f in Finding.objects.filter(
            plan=plan, plan_revision=revision, code=code, subject__in=subjects
        )
    }
    if len(findings) < len(subjects):
        raise AcknowledgementRefused("This finding is no longer reported; validate again.")
    severity = next(iter(findings.values())).severity  # one code, one severity
    if severity == Severity.INFO:
        raise AcknowledgementRefused("Info findings never block sign-off.")
    allowed = rights.errors if severity == Severity.ERROR else rights.warnings
    if not allowed:
        raise PermissionError(f"Your role cannot acknowledge {severity}s.")
    was_current = revision == plan.revision
    before = plan.revision
    summary = ("acknowledgement.save", code) if len(subjects) > 1 else None
    acks = []
    with transaction.atomic():
        with content_change(plan, user, summary=summary):
            for subject in subjects:
                acks.append(_save_acknowledgement(plan, user, findings[subject], reason))
        if was_current:
            # An acknowledgement changes no rule's result: the findings stay current.
            Finding.objects.filter(plan=plan, plan_revision=revision).update(
                plan_revision=plan.revision
            )
        # Nor any rehearsal result: a rehearsal of the revision before stays current.
        carry_forward(plan, before, plan.revision)
    return acks


def _save_acknowledgement(plan: Plan, user, finding: Finding, reason: str) -> Acknowledgement:
    code, subject = finding.code, finding.subject
    previous = Acknowledgement.objects.filter(plan=plan, code=code, subject=subject).first()
    before = (
        {"fingerprint": previous.fingerprint, "reason": previous.reason,
         "acknowledged_by": previous.acknowledged_by}
        if previous else None
    )  # fmt: skip
    ack, _ = Acknowledgement.objects.update_or_create(
        plan=plan,
        code=code,
        subject=subject,
        defaults={
            "fingerprint": finding.fingerprint,
            "reason": reason,
            "acknowledged_by": user.get_username(),
        },
    )
    record_change(
        plan, user, "acknowledgement.save", subject, before,
        {"code": code, "fingerprint": ack.fingerprint, "reason": reason,
         "acknowledged_by": ack.acknowledged_by},
    )  # fmt: skip
    return ack
