"""The workspace table in a real browser (issue 16, point 4): edited with the keyboard alone,
fields mapped in bulk from the suggestions, filtered without a reload, axe-clean, and
screenshots at 1400 px and 390 px (test-artifacts/)."""

import re

import pytest
from playwright.sync_api import expect

from connections.models import Field, FieldMapping
from core.models import AuditEvent
from planner.models import Finding
from tests.e2e.conftest import screenshot
from tests.e2e.test_accessibility import axe_page, blocking_violations  # noqa: F401 (fixture)
from tests.e2e.test_workspace import build_defect_mapping
from tests.factories import FieldMappingFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def mapped(tm, label):
    left = Field.objects.get(item_type=tm.left_type, label=label)
    right = Field.objects.get(item_type=tm.right_type, label=label)
    return FieldMappingFactory(type_mapping=tm, left_field=left, right_field=right)


def workspace_url(tm) -> str:
    return f"/plans/{tm.connection.plan_id}/connections/{tm.connection_id}/types/{tm.pk}/"


def focused(page) -> str:
    """What has the focus: its text and the id of the row it is in."""
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " const row = e.closest('tr'); return `${row ? row.id : ''}|${e.textContent.trim()}`; }"
    )


def test_a_row_is_edited_with_the_keyboard_alone(page, login):
    user, tm = build_defect_mapping()
    summary = mapped(tm, "Summary")
    login(user)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(workspace_url(tm))
    row = page.locator(f"#fm-{summary.pk}")
    expect(row.locator(".arrow")).to_have_text("→")  # inherits L→R

    # Tab from the filters reaches the row's Edit button.
    page.locator("#ws-filters button").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused(page).startswith(f"fm-{summary.pk}|Edit"):
            break
    assert focused(page).startswith(f"fm-{summary.pk}|Edit"), focused(page)

    # Enter on Edit: the row becomes its form, the focus on its first input.
    page.keyboard.press("Enter")
    expect(row.locator("form.fm-edit")).to_be_visible()
    expect(row.get_by_label("Direction")).to_be_focused()
    # Change the direction with the keyboard and save with Enter.
    page.keyboard.press("End")  # the last option: both ways
    expect(row.get_by_label("Direction")).to_have_value("both")
    page.keyboard.press("Enter")
    expect(row.locator("form.fm-edit")).to_have_count(0)
    expect(row.locator(".arrow")).to_have_text("↔")  # updated in place
    summary.refresh_from_db()
    assert summary.direction == "both"
    # The focus is back on the row: its Edit, named after the row as it is now.
    expect(
        row.get_by_role("button", name="Edit Summary (summary) ↔ Summary (summary)")
    ).to_be_focused()
    assert page.url.endswith(workspace_url(tm))  # no navigation: the row was swapped

    # Escape cancels: what was changed in the form is not saved.
    page.keyboard.press("Enter")
    expect(row.locator("form.fm-edit")).to_be_visible()
    # Let the save's background refreshes (live findings) finish first: under load one of them
    # could land while typing (the first edit above already showed where the focus goes).
    page.wait_for_load_state("networkidle")
    row.get_by_label("Notes").focus()
    expect(row.get_by_label("Notes")).to_be_focused()
    page.keyboard.type("not to be kept")
    page.keyboard.press("Escape")
    expect(row.locator("form.fm-edit")).to_have_count(0)
    expect(row).not_to_contain_text("not to be kept")
    summary.refresh_from_db()
    assert (summary.notes, summary.lock_version) == ("", 1)
    expect(row.get_by_role("button", name="Edit")).to_be_focused()


def test_fields_are_mapped_in_bulk_from_the_suggestions(page, login):
    user, tm = build_defect_mapping()
    plan = tm.connection.plan
    login(user)
    page.goto(workspace_url(tm))
    revision = type(plan).objects.get(pk=plan.pk).revision

    page.get_by_role("button", name="Suggest mappings").click()
    rows = page.locator("#suggestions tr.suggestion")
    expect(rows).to_have_count(3)
    # Confident pairs (same name, compatible) are ticked in advance.
    # Confident pairs (same name, compatible) are ticked in advance; the date pair, which has a
    # named risk, waits for the user.
    expect(page.locator("#suggestions input[name=pair]:checked")).to_have_count(2)
    risky = page.get_by_label("map Detected on date (detected_on_date) to Detected on date")
    expect(risky).not_to_be_checked()
    # Only the ticked pairs are mapped, in one change.
    page.get_by_role("button", name="Map ticked pairs").click()
    expect(page.locator("#suggestions")).to_contain_text("Mapped 2 field pairs in one change.")
    expect(page.locator("#mapping-rows tr.fm-row")).to_have_count(2)
    expect(rows).to_have_count(1)  # what is left is still suggested
    assert set(
        FieldMapping.objects.filter(type_mapping=tm).values_list("left_field__label", flat=True)
    ) == {"Summary", "Severity"}
    assert type(plan).objects.get(pk=plan.pk).revision == revision + 1
    assert AuditEvent.objects.filter(plan=plan, action="field_mapping.create_many").count() == 1
    expect(page.locator("#required-summary")).to_contain_text("1 required field not covered")


def test_the_table_filters_without_a_reload(page, login):
    user, tm = build_defect_mapping()
    summary, severity = mapped(tm, "Summary"), mapped(tm, "Severity")
    plan = tm.connection.plan
    Finding.objects.create(
        plan=plan, plan_revision=plan.revision, code="ENM-001", severity="warning",
        subject="connections/alm-jira/types/defect->bug/fields/severity->severity",
        fingerprint="x", message="5 values unpaired",
    )  # fmt: skip
    login(user)
    page.goto(workspace_url(tm))
    table = page.locator("#mapping-rows")
    expect(table.locator("tr.fm-row")).to_have_count(2)
    page.evaluate("() => { window.notReloaded = true; }")

    page.locator("#ws-filters").get_by_label("Show").select_option("findings")
    expect(table.locator("tr.fm-row")).to_have_count(1)
    expect(table.locator(f"#fm-{severity.pk}")).to_be_visible()
    assert page.evaluate("() => window.notReloaded === true")
    expect(page).to_have_url(re.compile(r"\?show=findings"))
    # The badge expands to the finding and its links.
    badge = page.locator(f"#fm-{severity.pk} details")
    badge.locator("summary").click()
    expect(badge.get_by_role("link", name="Pair the missing values")).to_be_visible()

    page.locator("#ws-filters").get_by_label("Show").select_option("required")
    expect(table.locator("tr.fm-gap")).to_have_count(1)  # Component, nothing covers it
    expect(table).to_contain_text("Component (component)")
    assert summary.pk  # both mappings are hidden under this filter
    expect(table.locator("tr.fm-row")).to_have_count(0)


def test_the_workspace_has_no_serious_violations_and_is_photographed(axe_page):  # noqa: F811
    page = axe_page
    user, tm = build_defect_mapping()
    summary = mapped(tm, "Summary")
    severity = mapped(tm, "Severity")
    plan = tm.connection.plan
    Finding.objects.create(
        plan=plan, plan_revision=plan.revision, code="ENM-001", severity="warning",
        subject="connections/alm-jira/types/defect->bug/fields/severity->severity",
        fingerprint="x", message="5 values unpaired",
    )  # fmt: skip
    page.goto("/login/")
    page.fill("main input[name=username]", user.username)
    page.fill("main input[name=password]", "correct-horse-battery")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)

    found = {}
    for width in (1400, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(workspace_url(tm))
        page.locator(f"#fm-{severity.pk} summary").click()  # the findings badge, open
        page.locator(f"#fm-{summary.pk}").get_by_role("button", name="Edit").click()
        page.locator(f"#fm-{summary.pk} form.fm-edit").wait_for()
        page.get_by_role("button", name="Suggest mappings").click()
        page.locator("#suggestions tr.suggestion").first.wait_for()
        found[width] = blocking_violations(page)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"{overflow} px too wide at {width} px"
        assert screenshot(page, f"workspace-table-{width}px").stat().st_size > 0
    assert not any(found.values()), found


def test_without_javascript_edit_save_and_filters_still_work(browser, live_server):
    user, tm = build_defect_mapping()
    summary, severity = mapped(tm, "Summary"), mapped(tm, "Severity")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/login/")
    page.fill("main input[name=username]", user.username)
    page.fill("main input[name=password]", "correct-horse-battery")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto(workspace_url(tm))

    # Edit: the page again, with that row as its form.
    row = page.locator(f"#fm-{summary.pk}")
    row.get_by_role("button", name="Edit").click()
    page.wait_for_url(re.compile(rf"\?edit={summary.pk}#fm-{summary.pk}$"))
    row.get_by_label("Direction").select_option("both")
    row.get_by_label("Notes").fill("the headline")
    row.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(rf"/types/{tm.pk}/#fm-{summary.pk}$"))
    expect(row.locator(".arrow")).to_have_text("↔")
    expect(row).to_contain_text("the headline")
    summary.refresh_from_db()
    assert (summary.direction, summary.notes) == ("both", "the headline")

    # Cancel is a link back; the filters are a plain GET form.
    row.get_by_role("button", name="Edit").click()
    row.get_by_role("link", name="Cancel").click()
    expect(row.locator("form.fm-edit")).to_have_count(0)
    page.locator("#ws-filters").get_by_label("Direction").select_option("l2r")
    page.locator("#ws-filters").get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"direction=l2r"))
    expect(page.locator("#mapping-rows tr.fm-row")).to_have_count(1)
    expect(page.locator(f"#fm-{severity.pk}")).to_be_visible()
    context.close()


def test_a_conflicting_edit_of_a_row_is_shown_not_overwritten(page, login):
    from connections.field_mappings.services import update_field_mapping

    user, tm = build_defect_mapping()
    summary = mapped(tm, "Summary")
    login(user)
    page.goto(workspace_url(tm))
    row = page.locator(f"#fm-{summary.pk}")
    row.get_by_role("button", name="Edit").click()
    expect(row.get_by_label("Direction")).to_be_focused()

    # Someone else saves the row meanwhile.
    update_field_mapping(
        plan=tm.connection.plan, user=user, mapping=FieldMapping.objects.get(pk=summary.pk),
        expected_lock_version=0, direction="r2l", conflict_policy="", on_creation_only=False,
        notes="theirs",
    )  # fmt: skip
    row.get_by_label("Notes").fill("mine")
    page.keyboard.press("Enter")
    expect(row.get_by_role("alert")).to_contain_text("Someone else saved this mapping")
    expect(row.get_by_role("alert")).to_contain_text("“theirs”")
    expect(row.get_by_label("Notes")).to_have_value("mine")  # what this editor typed, kept
    summary.refresh_from_db()
    assert (summary.direction, summary.notes) == ("r2l", "theirs")

    # "take theirs" puts the saved row back in place.
    row.get_by_role("link", name="take theirs").click()
    expect(row.locator("form.fm-edit")).to_have_count(0)
    expect(row.locator(".arrow")).to_have_text("←")
    expect(row).to_contain_text("theirs")
