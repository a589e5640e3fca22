"""Adding an endpoint from the catalog and editing what it prefilled, one row at a time."""

from django.urls import reverse

from connections.models import Endpoint, EndpointUser, EnumValue, Field, Project
from core.models import AuditEvent
from planner.models import Plan
from tests.factories import (
    EndpointFactory,
    EndpointUserFactory,
    EnumValueFactory,
    FieldFactory,
    ItemTypeFactory,
    ProductFactory,
)

HTMX = {"HTTP_HX_REQUEST": "true"}
PROFILE = {
    "user_representation": "email",
    "types": [
        {
            "key": "bug",
            "label": "Bug",
            "fields": [
                {
                    "key": "priority",
                    "label": "Priority",
                    "data_type": "enum",
                    "values": [{"label": "High"}, {"label": "Low"}],
                }
            ],
        }
    ],
}


def url(name, plan, **ids):
    return reverse(f"connections:{name}", kwargs={"plan_id": plan.pk, **ids})


def field_post(field, **changes):
    data = {
        "key": field.key,
        "label": field.label,
        "data_type": field.data_type,
        "lock_version": field.lock_version,
        "relationship_targets": "",
    }
    for flag in (
        "required",
        "read_only",
        "create_only",
        "system_generated",
        "has_default",
        "not_supported",
        "user_settable",
        "removed",
    ):
        if getattr(field, flag):
            data[flag] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


def test_an_endpoint_added_from_the_catalog_is_prefilled_from_the_product(member_client, plan):
    ProductFactory(key="jira-cloud", name="Jira Cloud", profile=PROFILE)
    response = member_client.post(
        url("endpoint_add", plan),
        {"product": "jira-cloud", "key": "jira", "name": "Our Jira", "base_url": ""},
    )
    endpoint = Endpoint.objects.get(plan=plan, key="jira")
    assert response.status_code == 302
    assert response["Location"] == url("endpoint_detail", plan, endpoint_id=endpoint.pk)
    assert endpoint.name == "Our Jira" and endpoint.user_representation == "email"
    field = Field.objects.get(item_type__endpoint=endpoint, key="priority")
    assert list(field.enum_values.values_list("label", flat=True)) == ["High", "Low"]


def test_an_endpoint_key_already_in_the_plan_is_refused_with_a_message(member_client, plan):
    EndpointFactory(plan=plan, key="jira")
    response = member_client.post(url("endpoint_add", plan), {"product": "", "key": "jira"})
    assert response.status_code == 200
    assert "already has an endpoint with this key" in response.content.decode()
    assert Endpoint.objects.filter(plan=plan).count() == 1


def test_a_custom_endpoint_needs_no_catalog_product(member_client, plan):
    member_client.post(url("endpoint_add", plan), {"product": "", "key": "snow"})
    assert Endpoint.objects.get(plan=plan, key="snow").product is None


def test_behaviours_save_on_their_own_and_are_recorded(member_client, plan):
    endpoint = EndpointFactory(plan=plan, key="octane", name="Octane")
    response = member_client.post(
        url("endpoint_behaviours", plan, endpoint_id=endpoint.pk),
        {
            "name": "Octane",
            "base_url": "https://octane.example.com",
            "user_representation": "full_name",
            "allows_impersonation": "on",
            "network_path": "proxy",
            "proxy_host": "proxy.local",
            "proxy_port": "3128",
            "lock_version": 0,
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert "Saved" in response.content.decode()
    endpoint.refresh_from_db()
    assert endpoint.user_representation == "full_name" and endpoint.allows_impersonation
    assert endpoint.api_enforces_workflow is False  # an unticked box is a saved "no"
    assert endpoint.proxy_port == 3128 and endpoint.lock_version == 1
    event = AuditEvent.objects.get(plan=plan, action="endpoint.update")
    assert event.subject == "endpoints/octane"
    assert event.after["user_representation"] == "full_name"


def test_a_field_row_saves_every_flag(member_client, plan):
    field = FieldFactory(item_type__endpoint__plan=plan, data_type="string")
    response = member_client.post(
        url("field_detail", plan, field_id=field.pk),
        field_post(
            field,
            data_type="relationship",
            required="on",
            read_only="on",
            has_default="on",
            default_value="none",
            relationship_targets="release\nsprint",
            addon_type="x.y",
            not_supported="on",
            max_length="40",
        ),
        **HTMX,
    )
    assert response.status_code == 200
    field.refresh_from_db()
    assert field.data_type == "relationship" and field.required and field.read_only
    assert field.relationship_targets == ["release", "sprint"]
    assert field.not_supported and field.max_length == 40 and field.default_value == "none"
    assert Plan.objects.get(pk=plan.pk).revision == 1


def test_invalid_input_re_renders_the_row_with_the_message(member_client, plan):
    field = FieldFactory(item_type__endpoint__plan=plan)
    response = member_client.post(
        url("field_detail", plan, field_id=field.pk),
        field_post(field, data_type="no-such-type", max_length="-3"),
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="field-{field.pk}"' in html and "errorlist" in html
    assert "Select a valid choice" in html
    assert Plan.objects.get(pk=plan.pk).revision == 0


def test_saving_a_row_someone_else_saved_meanwhile_shows_both_values(member_client, plan):
    field = FieldFactory(item_type__endpoint__plan=plan, label="Severity")
    stale = field_post(field, label="Mine")
    member_client.post(
        url("field_detail", plan, field_id=field.pk), field_post(field, label="Theirs"), **HTMX
    )
    response = member_client.post(url("field_detail", plan, field_id=field.pk), stale, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this row" in html
    assert '<td class="theirs">Theirs</td>' in html and '<td class="yours">Mine</td>' in html
    field.refresh_from_db()
    assert field.label == "Theirs"
    # The form is re-armed on the current version: saving again keeps mine, deliberately.
    assert 'name="lock_version" value="1"' in html
    again = dict(stale, lock_version=1)
    member_client.post(url("field_detail", plan, field_id=field.pk), again, **HTMX)
    field.refresh_from_db()
    assert field.label == "Mine"


def test_people_editing_different_rows_never_conflict(member_client, plan):
    item_type = ItemTypeFactory(endpoint__plan=plan)
    first, second = FieldFactory(item_type=item_type), FieldFactory(item_type=item_type)
    before_first, before_second = field_post(first), field_post(second)
    member_client.post(
        url("field_detail", plan, field_id=first.pk), dict(before_first, label="A"), **HTMX
    )
    response = member_client.post(
        url("field_detail", plan, field_id=second.pk), dict(before_second, label="B"), **HTMX
    )
    assert "Someone else" not in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.label, second.label) == ("A", "B")


def test_without_javascript_a_save_redirects_back_to_the_page(member_client, plan):
    project = Project.objects.create(endpoint=EndpointFactory(plan=plan), key="P1")
    response = member_client.post(
        url("project_save", plan, project_id=project.pk),
        {"key": "P2", "name": "Two", "lock_version": 0},
    )
    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).key == "P2"


def test_without_javascript_a_refused_save_shows_the_row_on_its_own_page(member_client, plan):
    project = Project.objects.create(endpoint=EndpointFactory(plan=plan), key="P1")
    response = member_client.post(
        url("project_save", plan, project_id=project.pk), {"key": "", "lock_version": 0}
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert "<html" in response.content.decode()


def test_a_project_is_added_in_place_and_a_duplicate_key_is_refused(member_client, plan):
    endpoint = EndpointFactory(plan=plan)
    add = url("project_add", plan, endpoint_id=endpoint.pk)
    response = member_client.post(add, {"key": "ALPHA", "name": "Alpha"}, **HTMX)
    html = response.content.decode()
    project = Project.objects.get(endpoint=endpoint, key="ALPHA")
    assert f'id="project-{project.pk}"' in html and 'hx-swap-oob="true"' in html
    again = member_client.post(add, {"key": "ALPHA"}, **HTMX)
    assert again.status_code == 200
    assert again["HX-Retarget"] == "#project-add"
    assert "already exists" in again.content.decode()
    assert Project.objects.filter(endpoint=endpoint).count() == 1


def test_a_type_keeps_its_workflow_and_data_model_constraints(member_client, plan):
    item_type = ItemTypeFactory(endpoint__plan=plan)
    member_client.post(
        url("item_type_detail", plan, type_id=item_type.pk),
        {
            "key": item_type.key,
            "label": "Sprint",
            "workflow_state_field": "status",
            "states": "New\nOpen\n\nDone",
            "transitions": "New -> Open\nOpen -> Done",
            "parent_type": "release",
            "parent_field": "release",
            "date_window_fields": "start\nend",
            "parent_immutable": "on",
            "lock_version": 0,
        },
        **HTMX,
    )
    item_type.refresh_from_db()
    assert item_type.states == ["New", "Open", "Done"]
    assert item_type.transitions == [["New", "Open"], ["Open", "Done"]]
    assert item_type.date_window_fields == ["start", "end"] and item_type.parent_immutable


def test_a_malformed_transition_is_explained(member_client, plan):
    item_type = ItemTypeFactory(endpoint__plan=plan)
    response = member_client.post(
        url("item_type_detail", plan, type_id=item_type.pk),
        {"key": item_type.key, "label": "X", "transitions": "New Open", "lock_version": 0},
        **HTMX,
    )
    assert "is not a transition" in response.content.decode()


def test_enum_values_are_added_at_the_end_renamed_reordered_and_deactivated(member_client, plan):
    field = FieldFactory(item_type__endpoint__plan=plan, data_type="enum")
    low = EnumValueFactory(field=field, label="Low", position=0)
    EnumValueFactory(field=field, label="High", position=1)
    member_client.post(url("enum_value_add", plan, field_id=field.pk), {"label": "Urgent"}, **HTMX)
    member_client.post(
        url("enum_value_save", plan, value_id=low.pk), {"label": "Minor", "lock_version": 0}, **HTMX
    )
    response = member_client.post(
        url("enum_value_move", plan, value_id=low.pk, direction="down"), **HTMX
    )
    assert 'id="enum-values"' in response.content.decode()
    ordered = EnumValue.objects.filter(field=field).order_by("position")
    assert [(v.label, v.active) for v in ordered] == [
        ("High", True),
        ("Minor", False),
        ("Urgent", True),
    ]
    assert list(ordered.values_list("position", flat=True)) == [0, 1, 2]


def test_moving_the_first_value_up_changes_nothing(member_client, plan):
    value = EnumValueFactory(field__item_type__endpoint__plan=plan, position=0)
    member_client.post(url("enum_value_move", plan, value_id=value.pk, direction="up"))
    assert Plan.objects.get(pk=plan.pk).revision == 0


def test_users_are_added_edited_and_deactivated(member_client, plan):
    endpoint = EndpointFactory(plan=plan)
    member_client.post(
        url("endpoint_user_add", plan, endpoint_id=endpoint.pk),
        {"username": "ann", "full_name": "Ann Lee", "email": "ann@example.com", "active": "on"},
        **HTMX,
    )
    user = EndpointUser.objects.get(endpoint=endpoint, username="ann")
    member_client.post(
        url("endpoint_user_save", plan, user_id=user.pk),
        {"username": "ann", "full_name": "Ann Lee", "lock_version": 0},
        **HTMX,
    )
    user.refresh_from_db()
    assert user.active is False and user.email == ""


def test_users_are_imported_from_csv_updating_those_already_there(member_client, plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    endpoint = EndpointFactory(plan=plan)
    EndpointUserFactory(endpoint=endpoint, username="bob", full_name="Old Name")
    EndpointUserFactory(endpoint=endpoint, username="kept")
    csv_text = "username,full_name,email,active\nbob,Bob Stone,bob@x.org,yes\ncy,Cy Twombly,,no\n"
    response = member_client.post(
        url("endpoint_users", plan, endpoint_id=endpoint.pk),
        {"file": SimpleUploadedFile("users.csv", csv_text.encode())},
    )
    assert "1 new, 1 updated" in response.content.decode()
    users = {u.username: u for u in EndpointUser.objects.filter(endpoint=endpoint)}
    assert set(users) == {"bob", "cy", "kept"}
    assert users["bob"].full_name == "Bob Stone" and users["cy"].active is False


def test_a_bad_users_csv_names_the_line(member_client, plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    endpoint = EndpointFactory(plan=plan)
    response = member_client.post(
        url("endpoint_users", plan, endpoint_id=endpoint.pk),
        {"file": SimpleUploadedFile("u.csv", b"username,email\nann,not-an-email\n")},
    )
    assert response.status_code == 200
    assert "Line 2" in response.content.decode()
    assert not EndpointUser.objects.filter(endpoint=endpoint).exists()


def test_a_field_of_a_long_list_opens_its_form_in_place(member_client, plan):
    field = FieldFactory(item_type__endpoint__plan=plan, label="Severity")
    page = member_client.get(url("item_type_detail", plan, type_id=field.item_type_id))
    assert f'hx-get="{url("field_detail", plan, field_id=field.pk)}"' in page.content.decode()
    response = member_client.get(url("field_detail", plan, field_id=field.pk), **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<form id="field-{field.pk}"')
    assert 'name="lock_version"' in html and "<html" not in html


def test_saving_unchanged_values_records_nothing_and_keeps_the_version(member_client, plan):
    field = FieldFactory(item_type__endpoint__plan=plan)
    response = member_client.post(
        url("field_detail", plan, field_id=field.pk), field_post(field), **HTMX
    )
    assert "Saved" in response.content.decode()
    field.refresh_from_db()
    assert field.lock_version == 0 and Plan.objects.get(pk=plan.pk).revision == 0


def test_saving_a_row_someone_deleted_meanwhile_says_so(member_client, plan):
    project = Project.objects.create(endpoint=EndpointFactory(plan=plan), key="P1")
    data = {"key": "P1", "name": "x", "lock_version": 0}
    Project.objects.filter(pk=project.pk).delete()
    response = member_client.post(url("project_save", plan, project_id=project.pk), data, **HTMX)
    assert response.status_code == 404  # the row is gone: nothing to save or show


def test_without_javascript_adding_a_row_redirects_back_to_the_page(member_client, plan):
    endpoint = EndpointFactory(plan=plan)
    response = member_client.post(url("project_add", plan, endpoint_id=endpoint.pk), {"key": "P"})
    assert response.status_code == 302
    assert response["Location"] == url("endpoint_detail", plan, endpoint_id=endpoint.pk)
    refused = member_client.post(url("project_add", plan, endpoint_id=endpoint.pk), {"key": ""})
    assert refused.status_code == 200
    assert "<html" in refused.content.decode() and "This field is required" in (
        refused.content.decode()
    )


def test_a_user_of_a_long_directory_opens_its_form_in_place(member_client, plan):
    person = EndpointUserFactory(endpoint__plan=plan, username="ann")
    page = member_client.get(url("endpoint_users", plan, endpoint_id=person.endpoint_id))
    person_url = url("endpoint_user_save", plan, user_id=person.pk)
    assert f'hx-get="{person_url}"' in page.content.decode()
    response = member_client.get(person_url, **HTMX)
    assert response.content.decode().lstrip().startswith(f'<form id="user-{person.pk}"')
