"""The rehearsal page in a browser (issue 17): an editor uploads a real Jira search response of
../shared/samples/items, runs a rehearsal, finds its findings and opens one item side by side."""

import datetime

import pytest

from planner.demo import load_demo_plan
from tests.e2e.conftest import screenshot
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BUGS = "/work/shared/samples/items/jira_rest_api_2_search__jrjc_many-issues.json"


def test_an_editor_uploads_items_rehearses_and_opens_one_item_side_by_side(
    page, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    plan = load_demo_plan(today=datetime.date(2026, 3, 2)).plan
    user = UserFactory()
    MembershipFactory(plan=plan, user=user, role="editor")
    login(user)

    page.goto(f"/plans/{plan.pk}/")
    page.get_by_role("link", name="Rehearsal on exported items").click()
    page.get_by_label("Endpoint").select_option(
        label=f"{plan.endpoints.get(key='jira').name} (jira)"
    )
    page.set_input_files("input[name=document]", BUGS)
    page.get_by_role("button", name="Upload").click()
    assert page.get_by_role(
        "cell", name="jira_rest_api_2_search__jrjc_many-issues.json"
    ).is_visible()

    page.get_by_role("button", name="Rehearse").click()
    page.get_by_role("link", name="See the rehearsal").click()
    assert page.get_by_text("7 refused").first.is_visible()
    screenshot(page, "rehearsal-summary")
    # The user map of the stored result, downloaded from the summary.
    with page.expect_download() as download:
        page.get_by_role("link", name="User map (CSV)").click()
    assert download.value.suggested_filename.endswith(f"-r{plan.revision}-user-map.csv")
    assert "Administrator" in download.value.path().read_text(encoding="utf-8-sig")
    # Its findings are on the findings page like any other's, linked from the summary.
    page.get_by_role("link", name="its findings").click()
    assert page.get_by_text("RHR-001").first.is_visible()
    page.go_back()

    page.get_by_role("link", name="7 refused").first.click()
    page.get_by_role("link", name="TST-9").click()
    page.get_by_role("heading", name="TST-9: refused").wait_for()
    assert page.get_by_text("Refused: Severity is required and nothing sets it").is_visible()
    # Source value, what ALM/QC would get, and why, on the row of one field.
    priority = page.locator("table.side-by-side tr.kind-lossy").filter(has_text="Priority")
    assert priority.locator("td").all_inner_texts() == [
        "Priority",
        "Major",
        "nothing",
        "lossy: 'Major' has no pair: not written",
    ]
    screenshot(page, "rehearsal-item")
