"""A two-person team shapes its sign-off list, picks the holder from the members, submits and
approves (issue 16: a two-person team could never submit)."""

import pytest

from tests.e2e.conftest import screenshot
from tests.factories import MembershipFactory, UserFactory
from tests.planner.review.test_signoff_list import _ready_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_two_person_team_submits_and_approves(page, login):
    olga, bob = UserFactory(username="olga"), UserFactory(username="bob")
    plan = _ready_plan(olga)
    MembershipFactory(plan=plan, user=bob, role="editor")
    review_url = f"/plans/{plan.pk}/review/"

    login(olga)
    page.goto(review_url)
    page.click("button[name=defaults]")
    page.wait_for_selector("#signoffs >> text=Sync administrator")
    # Two sign-offs for two people: the page says so before anyone submits.
    assert "too small for 2 sign-offs" in page.inner_text("#team-shortfall")
    page.click("#signoffs button:has-text('Remove Sync administrator')")
    page.wait_for_load_state("networkidle")
    assert "Sync administrator" not in page.inner_text("#signoffs")
    page.select_option("select[aria-label='Holder of Product owner: ALM/QC']", label="bob")
    page.click("#signoffs button:has-text('Set')")
    page.wait_for_load_state("networkidle")
    assert page.locator("#team-shortfall").count() == 0
    page.click("#submit-for-review")
    page.wait_for_selector("#plan-status:has-text('In review')")
    assert "Sync administrator" not in page.inner_text("#signoffs")

    login(bob)
    page.goto(review_url)
    page.click("#signoffs button[value=approve]")
    page.wait_for_selector("#plan-status:has-text('Signed off')")
    screenshot(page, "two-person-signed-off")
