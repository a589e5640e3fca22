"""Editing a plan in review asks once before it withdraws the submission, also for an htmx save
(issue 16, guard rails)."""

import pytest
from playwright.sync_api import expect

from connections.models import FieldMapping
from planner.models import PlanStatus, SignOffRole
from planner.review import signoff
from tests.e2e.conftest import screenshot
from tests.e2e.test_workspace import build_defect_mapping
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_first_edit_of_a_plan_in_review_asks_first(page, login):
    user, tm = build_defect_mapping()
    plan = tm.connection.plan
    reviewer = UserFactory()
    MembershipFactory(plan=plan, user=reviewer, role="reviewer")
    SignOffRole.objects.create(plan=plan, title="Sync administrator", holder=reviewer)
    signoff.submit(plan, by=user, ready=True)
    workspace = f"/plans/{plan.pk}/connections/{tm.connection_id}/types/{tm.pk}/"

    login(user)
    page.goto(workspace)
    expect(page.locator("#plan-status-bar")).to_contain_text("In review")

    def map_summary():
        picker = page.locator("#pair-picker")
        picker.get_by_label("Left field").select_option(label="Summary (summary) · String")
        picker.get_by_label("Right field").select_option(label="Summary (summary) · String")
        page.locator("#pair-check").get_by_text("compatible").wait_for()
        picker.get_by_role("button", name="Map").click()

    map_summary()  # an htmx post: the browser is sent to the question, nothing is saved
    page.wait_for_url("**/review/edit-anyway/**")
    assert not FieldMapping.objects.filter(type_mapping=tm).exists()
    screenshot(page, "edit-anyway-question")

    page.get_by_role("button", name="Edit anyway (withdraws the submission)").click()
    page.wait_for_url(f"**{workspace}")
    map_summary()
    page.locator("#saved-verdict").wait_for()
    assert FieldMapping.objects.filter(type_mapping=tm).count() == 1
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
