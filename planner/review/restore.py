"""Restoring a plan's content to an earlier version: a new change, recorded like any other."""

from __future__ import annotations

from connections.models import Connection, Endpoint
from core.changes import record_change, write_boundary
from planner.document.load import import_document
from planner.models import Acknowledgement, Plan
from planner.review.content import current_hash


@write_boundary
def restore_version(plan: Plan, version, *, by) -> Plan:
    """Replace ``plan``'s content with ``version``'s document. The document is loaded by the
    one document loader into a scratch plan whose content rows then move over, so restore and
    import cannot drift apart. Membership, review data and the shared sync server stay."""
    before = current_hash(plan)
    scratch = import_document(version.document, user=by, name=f"restore of plan {plan.pk}")
    Connection.objects.filter(plan=plan).delete()  # before endpoints: they are protected
    Endpoint.objects.filter(plan=plan).delete()
    Acknowledgement.objects.filter(plan=plan).delete()
    Endpoint.objects.filter(plan=scratch).update(plan=plan)
    Connection.objects.filter(plan=scratch).update(plan=plan)
    Acknowledgement.objects.filter(plan=scratch).update(plan=plan)
    scratch.delete()
    document_plan = version.document.get("plan", {})
    Plan.objects.filter(pk=plan.pk).update(
        name=document_plan.get("name", plan.name), description=document_plan.get("description", "")
    )
    plan.refresh_from_db()
    record_change(
        plan, by, "plan.restore", "plan",
        before={"sha256": before}, after={"version": version.number, "sha256": version.sha256},
    )  # fmt: skip
    return plan
