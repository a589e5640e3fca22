"""An editor submits, two reviewers comment and approve, the plan is signed off; an edit then
voids the sign-off visibly."""

import pytest

from core.changes import record_change
from planner.models import SignOffRole
from planner.validation import services as validation
from tests.e2e.conftest import screenshot
from tests.factories import EndpointFactory, MembershipFactory, PlanFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _validated_plan_with_accepted_risks(owner):
    """A plan whose every error and warning the owner accepted, validated again afterwards."""
    plan = PlanFactory(name="Defects ALM to Jira")
    MembershipFactory(plan=plan, user=owner, role="owner")
    EndpointFactory(plan=plan, key="alm", name="ALM/QC")
    validation.validate_and_store(plan)
    rights = validation.AcknowledgeRights(warnings=True, errors=True)
    for finding in validation.open_findings(plan, plan.revision).exclude(severity="info"):
        validation.acknowledge(
            plan, owner, rights, finding.code, finding.subject, "Accepted for the pilot phase."
        )
    plan.refresh_from_db()
    validation.validate_and_store(plan)
    assert validation.ready_for_sign_off(plan)
    return plan


def test_three_people_take_a_plan_from_draft_to_signed_off(page, login):
    owner, editor = UserFactory(username="olga"), UserFactory(username="ed")
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    plan = _validated_plan_with_accepted_risks(owner)
    MembershipFactory(plan=plan, user=editor, role="editor")
    MembershipFactory(plan=plan, user=alice, role="reviewer")
    MembershipFactory(plan=plan, user=bob, role="reviewer")
    SignOffRole.objects.create(plan=plan, title="Product owner: ALM/QC", holder=alice, position=0)
    SignOffRole.objects.create(plan=plan, title="Sync administrator", holder=bob, position=1)
    review_url = f"/plans/{plan.pk}/review/"

    login(editor)
    page.goto(review_url)
    page.click("#submit-for-review")
    page.wait_for_selector("#plan-status:has-text('In review')")

    for reviewer, remark in ((alice, "Severity values look right."), (bob, "Purge is scheduled.")):
        login(reviewer)
        page.goto(review_url)
        page.fill("#new-thread textarea[name=body]", remark)
        page.click("#new-thread button[type=submit]")
        page.wait_for_selector(f"text={remark}")
        page.click("#signoffs button[value=approve]")
        page.wait_for_load_state("networkidle")

    assert page.inner_text("#plan-status") == "Signed off"
    screenshot(page, "review-signed-off")

    # Someone edits the plan afterwards: the sign-off is void, visibly.
    EndpointFactory(plan=plan, key="jira", name="Jira Cloud")
    record_change(plan, editor, "endpoint.create", "endpoints/jira")
    page.goto(review_url)
    assert page.inner_text("#plan-status") == "Draft"
    assert page.locator("#signoffs").get_by_text("stale: the plan changed since").count() == 2
    assert "jira" in page.inner_text("#changes-since")

    page.goto(f"/plans/{plan.pk}/versions/diff/?a=1&b=current")
    assert "added" in page.inner_text("main")
    screenshot(page, "version-diff")
