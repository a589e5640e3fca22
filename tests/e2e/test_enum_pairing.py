"""Enum values paired by clicking, and the number of actions it takes (issue 16, point 5:
pairing 8 values took 24 actions: pick left, pick right, press Pair)."""

import pytest
from playwright.sync_api import expect

from connections.models import EnumPair
from facts.datatypes import DataType
from tests.e2e.conftest import screenshot
from tests.factories import (
    ConnectionFactory,
    EnumValueFactory,
    FieldFactory,
    FieldMappingFactory,
    MembershipFactory,
    TypeMappingFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ACTIONS_BEFORE = 24  # 8 pairs × (left select, right select, Pair)


def enum_mapping(left_labels, right_labels, label="Status"):
    user = UserFactory()
    membership = MembershipFactory(user=user, plan__name="Jira to Octane")
    tm = TypeMappingFactory(
        connection=ConnectionFactory(plan=membership.plan), direction="both",
        left_type__label="Bug", right_type__label="Defect",
    )  # fmt: skip
    fields = [
        FieldFactory(item_type=item_type, key=label.lower(), label=label, data_type=DataType.ENUM)
        for item_type in (tm.left_type, tm.right_type)
    ]
    for field, labels in zip(fields, (left_labels, right_labels), strict=True):
        for i, value in enumerate(labels):
            EnumValueFactory(field=field, label=value, position=i)
    mapping = FieldMappingFactory(type_mapping=tm, left_field=fields[0], right_field=fields[1])
    path = (
        f"/plans/{tm.connection.plan_id}/connections/{tm.connection_id}/types/{tm.pk}"
        f"/fields/{mapping.pk}/values/"
    )
    return user, mapping, path


class Counter:
    """Every click the person makes goes through here, so the test counts them."""

    def __init__(self):
        self.clicks = 0

    def click(self, locator):
        self.clicks += 1
        locator.click()


def test_eight_values_are_paired_by_clicking_one_value_per_side(page, login):
    lefts = ["To Do", "In Progress", "In Review", "Blocked", "Done", "Won't Do", "Dup", "Later"]
    rights = ["New", "Opened", "In Testing", "Deferred", "Closed", "Rejected", "Duplicate", "Idea"]
    user, mapping, path = enum_mapping(lefts, rights)
    login(user)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(path)
    left_list = page.locator("section[aria-label='Left values']")
    right_list = page.locator("section[aria-label='Right values']")
    actions = Counter()
    for n, (left, right) in enumerate(zip(lefts, rights, strict=True), start=1):
        actions.click(left_list.get_by_label(left, exact=True))
        actions.click(right_list.get_by_label(right, exact=True))
        page.get_by_text(f"Left: {n} of 8 values paired").wait_for()
    assert actions.clicks == 16 < ACTIONS_BEFORE
    pairs = EnumPair.objects.filter(field_mapping=mapping).order_by("position")
    assert [(p.left_value.label, p.right_value.label) for p in pairs] == list(
        zip(lefts, rights, strict=True)
    )
    expect(page.locator(".enum-direction").first).to_contain_text(
        "Left → right: 8 of 8 left values paired"
    )
    expect(page.get_by_role("button", name="unpair To Do ↔ New")).to_have_text("Unpair")
    screenshot(page, "enum-editor-1400")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "enum-editor-390")


def test_keyboard_picks_wait_for_the_pair_button(page, login):
    user, mapping, path = enum_mapping(["To Do", "Done"], ["New", "Closed"])
    login(user)
    page.goto(path)
    page.locator("section[aria-label='Left values']").get_by_label("To Do").focus()
    page.keyboard.press("Space")
    page.locator("section[aria-label='Right values']").get_by_label("New").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # moving through the group picks Closed, nothing is sent
    page.wait_for_timeout(300)
    assert not EnumPair.objects.filter(field_mapping=mapping).exists()
    page.get_by_role("button", name="Pair", exact=True).focus()
    page.keyboard.press("Enter")
    page.get_by_text("Left: 1 of 2 values paired").wait_for()
    pair = EnumPair.objects.get(field_mapping=mapping)
    assert (pair.left_value.label, pair.right_value.label) == ("To Do", "Closed")


def test_identical_labels_take_one_action_and_synonyms_two(page, login):
    identical = ["New", "Open", "In Progress", "Fixed", "Closed", "Rejected", "Deferred", "Done"]
    user, mapping, path = enum_mapping(identical, [v.upper() for v in identical])
    login(user)
    page.goto(path)
    actions = Counter()
    actions.click(page.get_by_role("button", name="Pair all identical (8)"))
    page.get_by_text("Left: 8 of 8 values paired").wait_for()
    assert actions.clicks == 1
    assert EnumPair.objects.filter(field_mapping=mapping).count() == 8

    # Jira priority against ALM/QC priority (the catalogs' lists): nothing identical, yet
    # "Suggest" and "Accept all" pair four of five, by rank and by synonym.
    user, mapping, path = enum_mapping(
        ["Highest", "High", "Medium", "Low", "Lowest"],
        ["1-Low", "2-Medium", "3-High", "4-Very High", "5-Urgent"],
        label="Priority",
    )
    login(user)
    page.goto(path)
    expect(page.get_by_role("button", name="Pair all identical")).to_have_count(0)
    actions = Counter()
    actions.click(page.get_by_role("button", name="Suggest pairs"))
    actions.click(page.get_by_role("button", name="Accept all 4"))
    page.get_by_text("Left: 4 of 5 values paired").wait_for()
    assert actions.clicks == 2
    labels = set(
        EnumPair.objects.filter(field_mapping=mapping).values_list(
            "left_value__label", "right_value__label"
        )
    )
    assert labels == {
        ("Highest", "4-Very High"), ("High", "3-High"), ("Medium", "2-Medium"), ("Low", "1-Low"),
    }  # fmt: skip
