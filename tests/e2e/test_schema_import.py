import pytest

from connections.models import Field
from tests.connections.importers.helpers import SAMPLES
from tests.e2e.conftest import screenshot
from tests.factories import EndpointFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_editor_uploads_product_responses_previews_and_applies(page, login):
    user = UserFactory()
    membership = MembershipFactory(user=user, role="editor")
    endpoint = EndpointFactory(plan=membership.plan, name="Fabrikam ADO")
    login(user)

    page.goto(f"/plans/{endpoint.plan_id}/endpoints/{endpoint.pk}/")
    page.get_by_role("link", name="Import schema").click()
    page.set_input_files(
        "input[name=files]",
        [
            str(SAMPLES / "ado_wit_fields__msdocs_GET__wit_fields.json"),
            str(SAMPLES / "ado_wit_workitemtypes_Bug_fields_expandAll__msdocs.json"),
        ],
    )
    page.get_by_role("button", name="Preview the changes").click()
    page.get_by_text("Bug / System.State (enum, 4 values)").wait_for()
    screenshot(page, "schema-import-preview")
    assert not Field.objects.filter(item_type__endpoint=endpoint).exists()

    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(f"**/plans/{endpoint.plan_id}/endpoints/{endpoint.pk}/")
    assert page.get_by_text("Schema imported").is_visible()
    assert page.get_by_role("heading", name="Bug").is_visible()
    assert Field.objects.filter(item_type__endpoint=endpoint).count() == 56


def test_a_broken_upload_shows_the_problem_in_place(page, login, tmp_path):
    user = UserFactory()
    membership = MembershipFactory(user=user, role="owner")
    endpoint = EndpointFactory(plan=membership.plan)
    broken = tmp_path / "broken.json"
    broken.write_text('{"value": [\n  {"referenceName": "A",}\n]}')
    login(user)

    page.goto(f"/plans/{endpoint.plan_id}/endpoints/{endpoint.pk}/import/")
    page.set_input_files("input[name=files]", str(broken))
    page.get_by_role("button", name="Preview the changes").click()
    page.get_by_text("broken.json, line 2: malformed JSON").wait_for()
    screenshot(page, "schema-import-error")


def test_removals_wait_for_their_own_button(page, login):
    from tests.factories import FieldFactory, ItemTypeFactory

    user = UserFactory()
    membership = MembershipFactory(user=user, role="editor")
    endpoint = EndpointFactory(plan=membership.plan, name="Fabrikam ADO")
    gone = FieldFactory(item_type=ItemTypeFactory(endpoint=endpoint, key="Bug"), key="Custom.Gone")
    login(user)

    def preview():
        page.goto(f"/plans/{endpoint.plan_id}/endpoints/{endpoint.pk}/import/")
        page.set_input_files(
            "input[name=files]",
            [
                str(SAMPLES / "ado_wit_fields__msdocs_GET__wit_fields.json"),
                str(SAMPLES / "ado_wit_workitemtypes_Bug_fields_expandAll__msdocs.json"),
            ],
        )
        page.get_by_role("button", name="Preview the changes").click()
        page.get_by_text(
            "1 field would be marked removed; nothing in the plan uses them"
        ).wait_for()

    preview()
    screenshot(page, "schema-import-held-back")
    page.get_by_role("button", name="Apply without the removals").click()
    page.wait_for_url(f"**/plans/{endpoint.plan_id}/endpoints/{endpoint.pk}/")
    assert Field.objects.filter(pk=gone.pk).exists()

    preview()
    page.get_by_role("button", name="Apply, including the removals and weakenings").click()
    page.wait_for_url(f"**/plans/{endpoint.plan_id}/endpoints/{endpoint.pk}/")
    assert not Field.objects.filter(pk=gone.pk).exists()
