"""A finding's link lands on its row, highlighted; an acknowledgement refused in place keeps the
typed reason without moving the page, and the counters follow an acknowledgement."""

import re

import pytest
from playwright.sync_api import expect

from connections.models import FieldMapping
from planner.models import Acknowledgement
from planner.validation.services import run_validation
from tests.e2e.conftest import screenshot
from tests.factories import MembershipFactory, UserFactory
from tests.planner.validation.plans import stored_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _plan(role="owner"):
    user = UserFactory()
    membership = MembershipFactory(user=user, role=role, plan__name="ALM to Jira defects")
    plan = stored_plan(membership.plan)
    run_validation(plan)
    return user, plan


def test_a_findings_link_lands_on_the_highlighted_workspace_row(page, login):
    user, plan = _plan()
    mapping = FieldMapping.objects.get(type_mapping__connection__plan=plan, left_field__key="id")

    login(user)
    page.goto(f"/plans/{plan.pk}/findings/")
    finding = page.locator("li.finding").filter(has_text="FLD-006")
    finding.locator("a.subject").click()

    page.wait_for_url(re.compile(rf"/types/{mapping.type_mapping_id}/#fm-{mapping.pk}$"))
    row = page.locator(f"#fm-{mapping.pk}")
    expect(row).to_be_in_viewport()
    expect(row).to_have_css("outline-style", "solid")  # :target
    expect(
        page.locator(".fm-row").filter(has_not=page.locator(f"#fm-{mapping.pk}")).first
    ).to_have_css("outline-style", "none")
    screenshot(page, "finding-link-workspace-row")


def test_a_refused_acknowledgement_stays_in_place_and_counters_follow_a_good_one(page, login):
    user, plan = _plan("editor")
    login(user)
    page.set_viewport_size({"width": 1400, "height": 700})
    page.goto(f"/plans/{plan.pk}/findings/")
    summary = page.locator("#findings-summary")
    warnings_before = int(re.search(r"(\d+) warnings", summary.inner_text()).group(1))

    finding = page.locator("li.finding", has_text="endpoints/alm").filter(has_text="OPS-004")
    finding.locator("summary").click()
    finding.locator("textarea[name=reason]").fill("later")
    finding.scroll_into_view_if_needed()
    top_before = finding.bounding_box()["y"]
    finding.get_by_role("button", name="Acknowledge").click()

    expect(finding.locator(".ack-error")).to_contain_text("Write the reason in a sentence")
    expect(finding.locator("textarea[name=reason]")).to_have_value("later")
    assert abs(finding.bounding_box()["y"] - top_before) < 40  # no jump
    assert not Acknowledgement.objects.exists()

    finding.locator("textarea[name=reason]").fill("The network team records the proxy in May.")
    finding.get_by_role("button", name="Acknowledge").click()
    expect(finding).to_have_count(0)
    expect(summary).to_contain_text(f"{warnings_before - 1} warnings")
    assert Acknowledgement.objects.get(plan=plan).code == "OPS-004"


def test_two_findings_of_one_code_are_acknowledged_at_once(page, login):
    user, plan = _plan("editor")
    login(user)
    page.goto(f"/plans/{plan.pk}/findings/")
    summary = page.locator("#findings-summary")
    warnings_before = int(re.search(r"(\d+) warnings", summary.inner_text()).group(1))
    ops_004 = page.locator("li.finding").filter(has_text="OPS-004")
    expect(ops_004).to_have_count(2)
    for i in range(2):
        ops_004.nth(i).locator("input[type=checkbox]").check()
    bulk = page.locator("#bulk-ack")
    bulk.locator("textarea[name=reason]").fill("The network team records both paths in May.")
    bulk.get_by_role("button", name="Acknowledge the selected findings").click()

    expect(page.locator("li.finding").filter(has_text="OPS-004")).to_have_count(0)
    expect(summary).to_contain_text(f"{warnings_before - 2} warnings")
    assert Acknowledgement.objects.filter(plan=plan, code="OPS-004").count() == 2


def test_findings_behind_the_plan_refresh_in_place_when_a_validation_lands(page, login):
    from core.changes import content_change, record_change

    user, plan = _plan()
    with content_change(plan, user):
        record_change(plan, user, "plan.rename", "plan", None, {"name": "x"})
    plan.refresh_from_db()
    login(user)
    page.goto(f"/plans/{plan.pk}/findings/")
    notice = page.locator(".findings-revision")
    expect(notice).to_contain_text(f"the plan is at revision {plan.revision} now")

    run_validation(plan)  # as the background validation would, while the page stays open
    expect(notice).to_have_text(f"Findings from revision {plan.revision}.", timeout=15_000)
    expect(page.locator("#findings-summary")).not_to_contain_text("changed since")
    assert page.url.endswith(f"/plans/{plan.pk}/findings/")
