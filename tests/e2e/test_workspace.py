"""Mapping fields, pairing enum values and accepting suggestions in a real browser."""

import pytest
from playwright.sync_api import expect

from connections.models import CalculatedValue, EnumPair, FieldMapping
from facts.datatypes import DataType
from tests.e2e.conftest import screenshot
from tests.factories import (
    ConnectionFactory,
    EnumValueFactory,
    FieldFactory,
    MembershipFactory,
    TypeMappingFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def build_defect_mapping():
    user = UserFactory()
    membership = MembershipFactory(user=user, plan__name="ALM to Jira defects")
    connection = ConnectionFactory(
        plan=membership.plan, key="alm-jira", name="ALM ↔ Jira",
        left__name="ALM QC", left__key="alm", right__name="Jira Cloud", right__key="jira",
    )  # fmt: skip
    tm = TypeMappingFactory(
        connection=connection, direction="l2r",
        left_type__key="defect", left_type__label="Defect",
        right_type__key="bug", right_type__label="Bug",
    )  # fmt: skip

    def fields(item_type, specs):
        return {
            label: FieldFactory(item_type=item_type, key=label.lower().replace(" ", "_"),
                                label=label, position=i, data_type=dt, **flags)
            for i, (label, dt, flags) in enumerate(specs)
        }  # fmt: skip

    left = fields(tm.left_type, [
        ("Summary", DataType.STRING, {"required": True}),
        ("Severity", DataType.ENUM, {"required": True}),
        ("Is blocker", DataType.BOOLEAN, {}),
        ("Detected on date", DataType.DATE, {}),
        ("Defect ID", DataType.INTEGER, {"system_generated": True}),
    ])  # fmt: skip
    right = fields(tm.right_type, [
        ("Summary", DataType.STRING, {"required": True}),
        ("Severity", DataType.ENUM, {"required": True}),
        ("Assignee", DataType.USER, {}),
        ("Detected on date", DataType.DATETIME, {}),
        ("Component", DataType.ENUM, {"required": True}),
        ("Key", DataType.STRING, {"read_only": True}),
        ("Sprint", DataType.RELATIONSHIP, {}),
    ])  # fmt: skip
    for i, label in enumerate(["1-Low", "2-Medium", "3-High", "4-Very High", "5-Urgent"]):
        EnumValueFactory(field=left["Severity"], label=label, position=i)
    for i, label in enumerate(["Low", "Medium", "High", "Highest", "Blocker"]):
        EnumValueFactory(field=right["Severity"], label=label, position=i)
    return user, tm


def test_map_fields_pair_enum_values_and_accept_suggestions(page, login):
    user, tm = build_defect_mapping()
    login(user)
    base = f"/plans/{tm.connection.plan_id}/connections/{tm.connection_id}/types/{tm.pk}/"
    page.goto(base)
    assert page.get_by_text("3 required fields not covered").is_visible()

    # An incompatible pair is flagged as soon as it is picked.
    picker = page.locator("#pair-picker")
    picker.get_by_label("Left field").select_option(label="Is blocker (is_blocker) · Boolean")
    picker.get_by_label("Right field").select_option(label="Assignee (assignee) · User")
    page.locator("#pair-check").get_by_text("incompatible:").wait_for()
    picker.get_by_role("button", name="Check").click()  # the same, on demand
    page.locator("#pair-check").get_by_text("incompatible:").wait_for()
    assert page.locator(".fm-row").count() == 0
    assert "refuses Boolean values in a User field" in page.locator("#pair-check").inner_text()

    # A compatible pair, mapped.
    picker.get_by_label("Left field").select_option(label="Summary (summary) · String")
    picker.get_by_label("Right field").select_option(label="Summary (summary) · String")
    page.locator("#pair-check").get_by_text("compatible").wait_for()
    picker.get_by_role("button", name="Map").click()
    page.locator(".fm-row").first.wait_for()
    assert page.get_by_text("2 required fields not covered").is_visible()

    # Suggestions: Severity ↔ Severity, and the fragile date pair ranked below it.
    page.get_by_role("button", name="Suggest mappings").click()
    suggestions = page.locator("#suggestions tr.suggestion")
    suggestions.first.wait_for()
    assert suggestions.count() == 2
    assert "time part is dropped" not in page.locator("#suggestions").inner_text()  # L→R only
    page.get_by_role("button", name="Accept all 2").click()
    page.get_by_text("No more suggestions").wait_for()
    assert FieldMapping.objects.filter(type_mapping=tm).count() == 3
    assert page.get_by_text("1 required field not covered").is_visible()
    screenshot(page, "field-mapping-workspace")

    # The uncovered required field gets a calculated value; the editor offers the right kinds.
    calc = page.locator("#calc-editor")
    kinds = calc.get_by_label("Kind").locator("option")
    calc.get_by_label("Field").select_option(label="Sprint (sprint) · Relationship")
    expect(kinds).to_have_text(["Relationship lookup"])
    calc.get_by_label("Field").select_option(label="Component (component) · Single-select enum")
    expect(kinds).to_have_text(["Constant", "Expression"])
    calc.get_by_label("Value").fill("Integration")
    calc.get_by_role("button", name="Add calculated value").click()
    page.get_by_text("Every required field of the receiving side is covered").wait_for()
    assert CalculatedValue.objects.get(field_mapping__type_mapping=tm).value == "Integration"

    # Enum pairs: suggestions accepted one by one, the rest paired by clicking a value per side.
    page.get_by_role("link", name="Enum pairs").click()
    page.get_by_text("Left: 0 of 5 values paired").wait_for()
    page.get_by_role("button", name="Suggest pairs").click()
    rows = page.locator("#enum-suggestions tr.suggestion")
    rows.first.wait_for()
    # 1-Low, 2-Medium, 3-High by their rank; 4-Very High ↔ Highest, 5-Urgent ↔ Blocker synonyms
    assert rows.count() == 5
    rows.first.get_by_role("button", name="Accept").click()
    page.get_by_text("Left: 1 of 5 values paired").wait_for()
    rows.filter(has_text="Blocker").get_by_role("button", name="Reject").click()
    expect(rows.filter(has_text="Blocker")).to_have_count(0)
    page.get_by_role("button", name="Accept ticked").click()
    page.get_by_text("Left: 4 of 5 values paired").wait_for()

    page.locator("section[aria-label='Left values']").get_by_label("5-Urgent").click()
    page.locator("section[aria-label='Right values']").get_by_label("Highest").click()
    page.get_by_text("Left: 5 of 5 values paired").wait_for()
    assert page.get_by_text("Right: 4 of 5 values paired").is_visible()  # Blocker stands out

    # Two left values share "Highest": the last pair is the default; make the other one it.
    assert page.locator("li.is-default strong").inner_text() == "5-Urgent ↔ Highest"
    page.get_by_role("button", name="make default for Highest").click()
    page.locator("li.is-default strong", has_text="4-Very High ↔ Highest").wait_for()
    order = list(
        EnumPair.objects.filter(field_mapping__type_mapping=tm).values_list(
            "left_value__label", flat=True
        )
    )
    assert order[-2:] == ["5-Urgent", "4-Very High"]
    screenshot(page, "enum-pair-editor")

    # The connection's picture links back to the workspace.
    page.goto(f"/plans/{tm.connection.plan_id}/connections/{tm.connection_id}/")
    assert page.locator("svg.picture a.type-mapping").count() == 1
    screenshot(page, "connection-picture")
