"""A field mapping deleted by mistake is put back with Undo, enum pairs and all (issue 16)."""

import pytest
from playwright.sync_api import expect

from connections.models import EnumPair, EnumValue, Field, FieldMapping
from tests.e2e.conftest import screenshot
from tests.e2e.test_workspace import build_defect_mapping
from tests.factories import EnumPairFactory, FieldMappingFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_deleted_field_mapping_is_undone(page, login):
    user, tm = build_defect_mapping()
    left = Field.objects.get(item_type=tm.left_type, label="Severity")
    right = Field.objects.get(item_type=tm.right_type, label="Severity")
    severity = FieldMappingFactory(type_mapping=tm, left_field=left, right_field=right)
    values = [EnumValue.objects.filter(field=f).order_by("position") for f in (left, right)]
    for a, b in zip(*values, strict=True):
        EnumPairFactory(field_mapping=severity, left_value=a, right_value=b)
    login(user)
    page.goto(f"/plans/{tm.connection.plan_id}/connections/{tm.connection_id}/types/{tm.pk}/")

    # Delete is in the row's form: Edit first.
    page.locator(f"#fm-{severity.pk}").get_by_role("button", name="Edit").click()
    page.click("button:has-text('Delete field mapping Severity (severity) → Severity (severity)')")
    stub = page.locator(".fm-deleted")
    expect(stub).to_contain_text("Deleted field mapping Severity → Severity.")
    assert not FieldMapping.objects.filter(pk=severity.pk).exists()
    screenshot(page, "workspace-delete-undo")

    stub.locator("button:has-text('Undo')").click()
    expect(page.locator(".fm-deleted")).to_have_count(0)
    restored = FieldMapping.objects.get(type_mapping=tm, left_field=left)
    expect(page.locator(f"#fm-{restored.pk}")).to_be_visible()
    assert EnumPair.objects.filter(field_mapping=restored).count() == 5
