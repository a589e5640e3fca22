import json

import pytest

from planner.document.dump import plan_document
from planner.models import Plan
from tests.e2e.conftest import screenshot
from tests.factories import MembershipFactory, UserFactory
from tests.planner.document.plans import full_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_member_exports_the_worksheet_and_downloads_it(page, login):
    plan = full_plan(name="ALM to Jira defects")
    user = UserFactory()
    MembershipFactory(plan=plan, user=user, role="viewer")
    login(user)

    page.goto(f"/plans/{plan.pk}/")
    page.get_by_label("Leave out user emails and full names").check()
    page.get_by_role("button", name="Worksheet (XLSX)").click()

    download = page.get_by_role("link", name="Download")
    download.wait_for()
    screenshot(page, "export-job-done")
    response = page.request.get(download.get_attribute("href"))
    assert response.ok
    assert response.body()[:2] == b"PK"
    assert ".xlsx" in response.headers["content-disposition"]


def test_a_reviewer_reads_the_printable_review_page(page, login):
    plan = full_plan(name="ALM to Jira defects")
    user = UserFactory()
    MembershipFactory(plan=plan, user=user, role="reviewer")
    login(user)

    page.goto(f"/plans/{plan.pk}/")
    page.get_by_role("link", name="Printable review page").click()

    assert page.get_by_role("heading", name="Enum values").is_visible()
    assert page.get_by_role("cell", name="2-High").first.is_visible()
    page.emulate_media(media="print")
    assert not page.get_by_text("Back to the plan").is_visible()
    screenshot(page, "plan-print")


def test_an_import_with_problems_lists_them_and_a_good_one_opens_the_new_plan(
    page, login, tmp_path
):
    plan = full_plan(name="Source plan")
    user = UserFactory()
    login(user)
    doc = plan_document(plan)
    bad = dict(doc, connections=[dict(doc["connections"][0], left="nowhere")])
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    (tmp_path / "good.json").write_text(json.dumps(doc))

    page.goto("/plans/import/")
    page.set_input_files("input[name=document]", str(tmp_path / "bad.json"))
    page.get_by_role("button", name="Import").click()
    assert page.get_by_text('/connections[alm-jira]/left: no endpoint "nowhere"').is_visible()
    screenshot(page, "plan-import-refused")

    page.set_input_files("input[name=document]", str(tmp_path / "good.json"))
    page.fill("input[name=name]", "Imported plan")
    page.get_by_role("button", name="Import").click()
    page.get_by_role("heading", name="Imported plan").wait_for()
    assert Plan.objects.filter(name="Imported plan", memberships__user=user).exists()


@pytest.mark.worker
def test_a_copy_runs_as_a_job_the_page_follows_until_the_copy_opens(page, login, celery_worker):
    plan = full_plan(name="ALM to Jira defects")
    user = UserFactory()
    MembershipFactory(plan=plan, user=user, role="editor")
    login(user)

    page.goto(f"/plans/{plan.pk}/")
    page.fill(".clone-form input[name=name]", "Defects, the copy")
    page.get_by_role("button", name="Clone").click()

    # The request only queued the job: its page polls until the worker has made the copy.
    assert "/jobs/" in page.url
    page.get_by_role("link", name="Open the copy").click()
    page.get_by_role("heading", name="Defects, the copy").wait_for()
    screenshot(page, "plan-copied")
    assert Plan.objects.filter(name="Defects, the copy", memberships__user=user).exists()
