"""Every authoring view checks the role on that plan: viewers read, editors and owners write,
outsiders see nothing (404); a viewer POSTing gets 403 and nothing changes."""

import pytest
from django.urls import reverse

from planner.models import Plan

PAGES = [
    ("planner:plan_detail", lambda b: {}),
    ("connections:endpoint_add", lambda b: {}),
    ("connections:endpoint_detail", lambda b: {"endpoint_id": b.left.endpoint.pk}),
    ("connections:item_type_detail", lambda b: {"type_id": b.left.types[0].pk}),
    ("connections:field_detail", lambda b: {"field_id": b.left.fields[0].pk}),
    ("connections:endpoint_users", lambda b: {"endpoint_id": b.left.endpoint.pk}),
    ("connections:endpoint_user_save", lambda b: {"user_id": b.left.users[0].pk}),
    ("connections:connection_add", lambda b: {}),
    ("connections:connection_setup", lambda b: {"connection_id": b.connection.pk}),
    ("connections:type_mapping_rules", lambda b: {"mapping_id": b.mappings[0].pk}),
    ("connections:user_map", lambda b: {"connection_id": b.connection.pk}),
]

WRITES = [
    ("planner:plan_rename", lambda b: {}),
    ("planner:plan_archive", lambda b: {}),
    ("connections:endpoint_add", lambda b: {}),
    ("connections:endpoint_behaviours", lambda b: {"endpoint_id": b.left.endpoint.pk}),
    ("connections:endpoint_delete", lambda b: {"endpoint_id": b.left.endpoint.pk}),
    ("connections:connection_delete", lambda b: {"connection_id": b.connection.pk}),
    ("connections:project_add", lambda b: {"endpoint_id": b.left.endpoint.pk}),
    ("connections:project_save", lambda b: {"project_id": b.left.projects[0].pk}),
    ("connections:project_delete", lambda b: {"project_id": b.left.projects[0].pk}),
    ("connections:item_type_add", lambda b: {"endpoint_id": b.left.endpoint.pk}),
    ("connections:item_type_detail", lambda b: {"type_id": b.left.types[0].pk}),
    ("connections:item_type_delete", lambda b: {"type_id": b.left.types[0].pk}),
    ("connections:field_add", lambda b: {"type_id": b.left.types[0].pk}),
    ("connections:field_detail", lambda b: {"field_id": b.left.fields[0].pk}),
    ("connections:field_delete", lambda b: {"field_id": b.left.fields[0].pk}),
    ("connections:enum_value_add", lambda b: {"field_id": b.left.fields[0].pk}),
    ("connections:enum_value_save", lambda b: {"value_id": b.left.values[0].pk}),
    (
        "connections:enum_value_move",
        lambda b: {"value_id": b.left.values[0].pk, "direction": "down"},
    ),
    ("connections:endpoint_users", lambda b: {"endpoint_id": b.left.endpoint.pk}),
    ("connections:endpoint_user_add", lambda b: {"endpoint_id": b.left.endpoint.pk}),
    ("connections:endpoint_user_save", lambda b: {"user_id": b.left.users[0].pk}),
    ("connections:connection_add", lambda b: {}),
    ("connections:connection_settings", lambda b: {"connection_id": b.connection.pk}),
    ("connections:project_pair_add", lambda b: {"connection_id": b.connection.pk}),
    ("connections:project_pair_save", lambda b: {"pair_id": b.pairs[0].pk}),
    ("connections:project_pair_delete", lambda b: {"pair_id": b.pairs[0].pk}),
    ("connections:type_mapping_add", lambda b: {"connection_id": b.connection.pk}),
    ("connections:type_mapping_save", lambda b: {"mapping_id": b.mappings[0].pk}),
    ("connections:type_mapping_delete", lambda b: {"mapping_id": b.mappings[0].pk}),
    ("connections:relationship_rule_add", lambda b: {"mapping_id": b.mappings[0].pk}),
    ("connections:relationship_rule_save", lambda b: {"rule_id": b.rules[0].pk}),
    ("connections:relationship_rule_delete", lambda b: {"rule_id": b.rules[0].pk}),
    ("connections:matching_add", lambda b: {"mapping_id": b.mappings[0].pk}),
    ("connections:matching_save", lambda b: {"matching_id": b.matchings[0].pk}),
    ("connections:matching_delete", lambda b: {"matching_id": b.matchings[0].pk}),
    ("connections:user_map_settings", lambda b: {"connection_id": b.connection.pk}),
    ("connections:user_map_entry_add", lambda b: {"connection_id": b.connection.pk}),
    ("connections:user_map_entry_save", lambda b: {"entry_id": b.entries[0].pk}),
    ("connections:user_map_entry_delete", lambda b: {"entry_id": b.entries[0].pk}),
    ("connections:user_map_accept", lambda b: {"connection_id": b.connection.pk}),
    ("connections:user_map_import", lambda b: {"connection_id": b.connection.pk}),
]


def _url(name, kwargs, built):
    return reverse(name, kwargs={"plan_id": built.plan.pk, **kwargs(built)})


@pytest.mark.parametrize(("name", "kwargs"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_every_member_can_read_every_page(client_on, built, role, name, kwargs):
    response = client_on(built.plan, role).get(_url(name, kwargs, built))
    assert response.status_code == 200


@pytest.mark.parametrize(("name", "kwargs"), PAGES, ids=[p[0] for p in PAGES])
def test_a_page_of_someone_elses_plan_is_not_found(client_on, built, name, kwargs):
    assert client_on(built.plan, None).get(_url(name, kwargs, built)).status_code == 404


def test_a_viewer_sees_rows_read_only(client_on, built):
    html = client_on(built.plan, "viewer").get(_url(*PAGES[2], built)).content.decode()
    assert "<fieldset disabled>" in html
    assert ">Save</button>" not in html
    assert ">Add</button>" not in html


@pytest.mark.parametrize(("name", "kwargs"), WRITES, ids=[w[0] for w in WRITES])
def test_a_viewer_posting_is_refused_and_nothing_changes(client_on, built, name, kwargs):
    revision = Plan.objects.get(pk=built.plan.pk).revision
    client = client_on(built.plan, "viewer")
    response = client.post(_url(name, kwargs, built), {"name": "x", "key": "x"})
    assert response.status_code == 403
    assert Plan.objects.get(pk=built.plan.pk).revision == revision


@pytest.mark.parametrize(("name", "kwargs"), WRITES, ids=[w[0] for w in WRITES])
def test_an_outsider_posting_is_told_the_plan_does_not_exist(client_on, built, name, kwargs):
    client = client_on(built.plan, None)
    assert client.post(_url(name, kwargs, built), {"name": "x"}).status_code == 404


def test_an_editor_may_not_archive_the_plan_but_its_owner_may(client_for, plan):
    url = reverse("planner:plan_archive", kwargs={"plan_id": plan.pk})
    assert client_for("editor").post(url).status_code == 403
    assert client_for("owner").post(url).status_code == 302
    assert Plan.objects.get(pk=plan.pk).status == "archived"


def test_rows_of_another_plan_are_not_found_through_my_plan(client_on, built_plans):
    mine, other = built_plans[1], built_plans[2]
    client = client_on(mine.plan, "owner")
    url = reverse(
        "connections:project_save",
        kwargs={"plan_id": mine.plan.pk, "project_id": other.left.projects[0].pk},
    )
    assert client.post(url, {"key": "stolen", "lock_version": 0}).status_code == 404
