"""Findings live while editing, in the browser: an edit on the plan page marks the shown findings
"from revision N", and the worker's automatic validation replaces them in place."""

import re

import pytest
from playwright.sync_api import expect

from planner.validation.services import run_validation
from tests.factories import MembershipFactory, PlanFactory, UserFactory
from tests.planner.validation.plans import stored_plan

from .conftest import screenshot


@pytest.mark.worker
def test_an_edit_shows_refreshed_findings_in_place(page, login, celery_worker, settings):
    settings.LIVE_VALIDATION = True
    settings.LIVE_VALIDATION_DEBOUNCE_MS = 1500  # long enough to see the stale state
    plan = PlanFactory(name="Defects")
    stored_plan(plan)
    run_validation(plan)
    plan.refresh_from_db()
    validated = plan.revision
    user = UserFactory()
    MembershipFactory(plan=plan, user=user, role="owner")
    login(user)
    page.goto(f"/plans/{plan.pk}/")
    findings = page.locator("#live-findings")
    expect(findings).to_contain_text(f"validated at revision {validated}")

    rename = page.locator("#plan-name")
    rename.locator("input[name=name]").fill("Defects, renamed")
    rename.get_by_role("button", name="Save").click()

    # No reload: the line says whose findings these are until the new ones land.
    expect(findings).to_contain_text(f"findings from revision {validated}")
    expect(findings).to_contain_text(f"validating revision {validated + 1}")
    screenshot(page, "live-findings-stale")
    expect(findings).to_contain_text(f"validated at revision {validated + 1}", timeout=20_000)
    expect(findings).not_to_contain_text(re.compile("from revision|validating"))
    assert page.url.endswith(f"/plans/{plan.pk}/")
