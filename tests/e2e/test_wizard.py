import pytest
from playwright.sync_api import expect

from connections.models import TypeMapping
from facts.datatypes import DataType
from planner.models import UseCaseAnswer
from tests.e2e.conftest import screenshot
from tests.factories import (
    ConnectionFactory,
    FieldFactory,
    ItemTypeFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_editor_answers_the_whole_wizard_in_the_browser(page, login):
    user = UserFactory()
    connection = ConnectionFactory(left__name="Jira", right__name="Octane")
    MembershipFactory(plan=connection.plan, user=user, role="editor")
    story = ItemTypeFactory(endpoint=connection.left, key="story", label="Story")
    ItemTypeFactory(endpoint=connection.right, key="sprint", label="Sprint")
    user_story = ItemTypeFactory(endpoint=connection.right, key="story", label="User story")
    FieldFactory(
        item_type=user_story,
        key="sprint",
        label="Sprint",
        data_type=DataType.RELATIONSHIP,
        relationship_targets=["sprint"],
    )
    login(user)

    page.goto(f"/plans/{connection.plan_id}/")
    page.get_by_role("link", name="Use case").click()
    page.wait_for_url("**/wizard/user-types-and-roles/")

    page.fill("#id_left", "Developers create and fix stories.")
    page.fill("#id_right", "Testers plan tests against stories.")
    page.get_by_role("button", name="Save and next →").click()

    page.wait_for_url("**/wizard/product-roles/")
    page.select_option("#id_new_left", label="Story")
    page.select_option("#id_new_right", label="User story")
    page.select_option("#id_new_sor", label="Jira")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Story ↔ User story").wait_for()
    mapping = TypeMapping.objects.get(connection=connection, left_type=story)
    page.get_by_role("button", name="Save and next →").click()

    page.wait_for_url("**/wizard/information-to-share/")
    page.fill("#id_text", "Stories and their status, so testers can plan.")
    page.get_by_role("button", name="Save and next →").click()

    page.wait_for_url("**/wizard/who-creates/")
    page.fill(f"#id_tm-{mapping.pk}", "Product owners in Jira")
    page.get_by_role("button", name="Save and next →").click()

    page.wait_for_url("**/wizard/data-subsets/")
    page.fill(f"#id_tm-{mapping.pk}", "Project ALPHA")
    page.fill("#id_text", "Stories only; tasks stay in Jira.")
    page.get_by_role("button", name="Save and next →").click()

    page.wait_for_url("**/wizard/permissions/")
    page.select_option(f"#id_tm-{mapping.pk}", "no")
    page.get_by_role("button", name="Save and next →").click()

    page.wait_for_url("**/wizard/relationships/")
    page.check(f"input[name='rel-{mapping.pk}-{user_story.fields.get().pk}-on']")
    page.fill("#id_text", "A story's sprint is set in Octane from the Jira sprint.")
    screenshot(page, "wizard-step")
    page.get_by_role("button", name="Save and next →").click()

    page.wait_for_url("**/wizard/direction/")
    # The step was swapped in by htmx: let it settle, so the autosave trigger is wired.
    expect(page.locator(".htmx-added, .htmx-settling, .htmx-swapping")).to_have_count(0)
    page.select_option(f"#id_tm-{mapping.pk}", "both")
    page.get_by_text("TYP-001").wait_for()  # live advice before saving
    page.select_option(f"#id_tm-{mapping.pk}", "l2r")
    page.get_by_role("button", name="Save and next →").click()

    page.wait_for_url("**/wizard/existing-items/")
    page.check("input[name=items_exist][value=no]")
    page.get_by_role("button", name="Save and next →").click()

    page.wait_for_url("**/wizard/rollout/")
    page.fill("#id_cadence_every", "5")
    page.fill(f"input[name='vol-{mapping.pk}-existing']", "1200")
    page.fill(f"input[name='vol-{mapping.pk}-new']", "40")
    page.select_option("#id_initial_scope", "open")
    page.select_option("#id_cutover_from", "new")
    page.fill("#id_rollback_text", "Stop the connection and restore the Octane backup.")
    page.get_by_role("button", name="Save and see the summary").click()

    page.wait_for_url("**/wizard/summary/")
    page.get_by_text("10 of 10 steps answered.").wait_for()
    screenshot(page, "wizard-summary")

    mapping.refresh_from_db()
    assert mapping.system_of_record == "left"
    assert mapping.creators == "Product owners in Jira"
    assert mapping.other_side_may_update is False
    assert mapping.relationship_rules.get().target_type.key == "sprint"
    assert UseCaseAnswer.objects.filter(connection=connection, question="rollout-rollback").exists()

    # A refresh loses nothing: the summary is read back from the plan.
    page.reload()
    page.get_by_text("Product owners in Jira").first.wait_for()
