"""The schema upload page: preview, apply, errors, template download, roles."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from connections.models import Field, ItemType
from core.models import AuditEvent
from tests.connections.importers.helpers import SAMPLES
from tests.factories import EndpointFactory, FieldFactory, ItemTypeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def endpoint(plan):
    return EndpointFactory(plan=plan)


def url(endpoint, name="schema_import"):
    return reverse(
        f"connections:{name}", kwargs={"plan_id": endpoint.plan_id, "endpoint_id": endpoint.pk}
    )


def upload(*names):
    return [SimpleUploadedFile(n, (SAMPLES / n).read_bytes()) for n in names]


ADO = (
    "ado_wit_fields__msdocs_GET__wit_fields.json",
    "ado_wit_workitemtypes_Bug_fields_expandAll__msdocs.json",
)


def test_an_editor_previews_the_diff_and_nothing_changes_until_apply(client_for, endpoint):
    client = client_for("editor")
    response = client.post(url(endpoint), {"format": "auto", "files": upload(*ADO)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview" in page and "Bug / System.State (enum, 4 values)" in page
    assert not ItemType.objects.filter(endpoint=endpoint).exists()

    response = client.post(url(endpoint), {"action": "apply"})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "connections:endpoint_detail",
        kwargs={"plan_id": endpoint.plan_id, "endpoint_id": endpoint.pk},
    )
    assert Field.objects.filter(
        item_type__endpoint=endpoint, key="System.State", data_type="enum"
    ).exists()
    event = AuditEvent.objects.get(plan=endpoint.plan, action="endpoint.schema_import")
    assert event.actor == client.user.username
    # The pending import is gone: a second apply has nothing to apply.
    response = client.post(url(endpoint), {"action": "apply"})
    assert "Nothing to apply" in response.content.decode()


def test_pasted_json_with_a_type_previews_through_htmx(client_for, endpoint):
    client = client_for("owner")
    pasted = (
        SAMPLES / "alm_qc_customization_entities_run_fields_required__captured_perfalm.xml"
    ).read_text()
    response = client.post(
        url(endpoint),
        {"format": "alm", "type_hint": "run", "pasted": pasted},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="import-result">')  # the partial only
    assert "run / name (string)" in page
    response = client.post(url(endpoint), {"action": "apply"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"].endswith(
        f"/endpoints/{endpoint.pk}/"
    )
    assert Field.objects.get(item_type__endpoint=endpoint, key="name").required


def test_the_preview_warns_about_mappings_that_go_stale(client_for, endpoint):
    from tests.factories import FieldMappingFactory, TypeMappingFactory

    bug = ItemTypeFactory(endpoint=endpoint, key="Bug")
    old = FieldFactory(item_type=bug, key="Custom.Gone")
    mapping = FieldMappingFactory(
        type_mapping=TypeMappingFactory(connection__plan=endpoint.plan, left_type=bug),
        left_field=old,
    )
    client = client_for("editor")
    response = client.post(url(endpoint), {"format": "ado", "files": upload(*ADO)})
    page = response.content.decode()
    held = page[page.index("not applied without your confirmation") :]
    assert "1 field would be marked removed; 1 field of them still used by the plan" in held
    assert "Field mappings that go stale" in held and "Custom.Gone" in held
    assert 'value="apply_with_removals"' in held
    # The plain apply leaves the removal out ...
    response = client.post(url(endpoint), {"action": "apply"}, follow=True)
    assert "Not applied (no removal confirmation): 1 field would be marked removed" in (
        response.content.decode()
    )
    old.refresh_from_db()
    assert not old.removed
    # ... the second button applies it.
    client.post(url(endpoint), {"format": "ado", "files": upload(*ADO)})
    client.post(url(endpoint), {"action": "apply_with_removals"})
    old.refresh_from_db()
    assert old.removed and type(mapping).objects.filter(pk=mapping.pk).exists()


def test_bad_input_re_renders_with_a_message_and_changes_nothing(client_for, endpoint):
    client = client_for("editor")
    bad = SimpleUploadedFile("broken.json", b'{"result": [\n  {"a": 1,}\n]}')
    response = client.post(url(endpoint), {"format": "auto", "files": [bad]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "broken.json, line 2: malformed JSON" in page and "Nothing was changed" in page
    response = client.post(
        url(endpoint),
        {"format": "ado", "files": upload("jira_rest_api_2_field__jiracli_fields.json")},
    )
    assert "looks like a Jira field list, not Azure DevOps" in response.content.decode()
    response = client.post(url(endpoint), {"format": "auto"})
    assert "choose a file or paste a response" in response.content.decode()
    assert not ItemType.objects.filter(endpoint=endpoint).exists()


def test_a_file_over_the_limit_is_refused_with_a_message(client_for, endpoint, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    client = client_for("editor")
    response = client.post(url(endpoint), {"format": "auto", "files": upload(ADO[0])})
    assert (
        response.status_code == 200 and "over the limit of 1,000 bytes" in response.content.decode()
    )


def test_pasted_text_over_the_limit_is_refused_with_a_message(client_for, endpoint, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    client = client_for("editor")
    assert 'maxlength="1000"' in client.get(url(endpoint)).content.decode()
    response = client.post(url(endpoint), {"format": "auto", "pasted": "[" + "1," * 800 + "1]"})
    assert (
        response.status_code == 200 and "over the limit of 1,000 bytes" in response.content.decode()
    )


def test_cancel_forgets_the_pending_import(client_for, endpoint):
    client = client_for("editor")
    client.post(url(endpoint), {"format": "auto", "files": upload(*ADO)})
    assert client.post(url(endpoint), {"action": "cancel"}).status_code == 302
    assert "Nothing to apply" in client.post(url(endpoint), {"action": "apply"}).content.decode()
    assert not ItemType.objects.filter(endpoint=endpoint).exists()


def test_a_pending_import_belongs_to_its_endpoint(client_for, endpoint, plan):
    other = EndpointFactory(plan=plan)
    client = client_for("editor")
    client.post(url(endpoint), {"format": "auto", "files": upload(*ADO)})
    assert "Nothing to apply" in client.post(url(other), {"action": "apply"}).content.decode()
    assert not ItemType.objects.filter(endpoint=other).exists()


def test_the_csv_template_downloads(client_for, endpoint):
    response = client_for("editor").get(url(endpoint, "schema_template"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.decode().startswith("type,type_label,key,label,data_type")


@pytest.mark.parametrize(
    ("role", "status"),
    [("viewer", 403), ("reviewer", 403), (None, 404), ("editor", 200), ("owner", 200)],
)
def test_only_editors_and_owners_may_import(client_for, endpoint, role, status):
    client = client_for(role)
    assert client.get(url(endpoint)).status_code == status
    assert client.get(url(endpoint, "schema_template")).status_code == status
    if status != 200:
        assert (
            client.post(url(endpoint), {"format": "auto", "files": upload(*ADO)}).status_code
            == status
        )
        assert not ItemType.objects.filter(endpoint=endpoint).exists()


def test_an_endpoint_of_another_plan_is_not_found(client_for, endpoint):
    stranger = EndpointFactory()
    client = client_for("owner")
    foreign = reverse(
        "connections:schema_import",
        kwargs={"plan_id": endpoint.plan_id, "endpoint_id": stranger.pk},
    )
    assert client.get(foreign).status_code == 404


def test_anonymous_users_are_sent_to_login(client, endpoint):
    response = client.get(url(endpoint))
    assert response.status_code in (302, 404)


@pytest.mark.parametrize("fields", [3, 300])
def test_the_preview_runs_a_bounded_number_of_queries(
    client_for, endpoint, fields, django_assert_max_num_queries
):
    bug = ItemTypeFactory(endpoint=endpoint, key="Bug")
    FieldFactory.create_batch(fields, item_type=bug)
    client = client_for("editor")
    with django_assert_max_num_queries(25):
        client.post(url(endpoint), {"format": "auto", "files": upload(*ADO)})
    with django_assert_max_num_queries(45):
        client.post(url(endpoint), {"action": "apply"})


def test_a_users_only_preview_names_the_users_not_zero_types(client_for, endpoint):
    client = client_for("editor")
    members = "ado_core_projects_teams_members__msdocs.json"
    response = client.post(url(endpoint), {"format": "auto", "files": upload(members)})
    page = response.content.decode()
    assert f"{members}: 3 users." in page and "0 item types" not in page
    assert "not applied without your confirmation" not in page
    response = client.post(url(endpoint), {"action": "apply"}, follow=True)
    assert "Schema imported: 3 users added." in response.content.decode()
