"""Connections, project pairs, type mappings, relationship rules and existing-item matching."""

from django.urls import reverse

from connections.models import (
    Connection,
    Endpoint,
    ExistingItemMatching,
    ProjectPair,
    RelationshipRule,
    TypeMapping,
    UserMap,
)
from core.models import AuditEvent
from tests.factories import (
    ConnectionFactory,
    EndpointFactory,
    FieldFactory,
    ItemTypeFactory,
    ProjectFactory,
    TypeMappingFactory,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, plan, **ids):
    return reverse(f"connections:{name}", kwargs={"plan_id": plan.pk, **ids})


def test_a_connection_pairs_two_endpoints_and_starts_with_a_user_map(member_client, plan):
    jira, octane = EndpointFactory(plan=plan), EndpointFactory(plan=plan)
    response = member_client.post(
        url("connection_add", plan), {"key": "jira-octane", "left": jira.pk, "right": octane.pk}
    )
    connection = Connection.objects.get(plan=plan, key="jira-octane")
    assert response["Location"] == url("connection_setup", plan, connection_id=connection.pk)
    assert UserMap.objects.filter(connection=connection).exists()
    assert AuditEvent.objects.filter(plan=plan, action="connection.create").exists()


def test_a_connection_of_an_endpoint_with_itself_is_refused(member_client, plan):
    jira = EndpointFactory(plan=plan)
    response = member_client.post(
        url("connection_add", plan), {"key": "loop", "left": jira.pk, "right": jira.pk}
    )
    assert "two different endpoints" in response.content.decode()


def test_an_endpoint_of_another_plan_cannot_be_connected(member_client, plan):
    mine, foreign = EndpointFactory(plan=plan), EndpointFactory()
    response = member_client.post(
        url("connection_add", plan), {"key": "x", "left": mine.pk, "right": foreign.pk}
    )
    assert response.status_code == 200
    assert not Connection.objects.filter(key="x").exists()


def test_a_type_mapping_is_added_with_direction_system_of_record_scope_and_policy(
    member_client, plan
):
    connection = ConnectionFactory(plan=plan)
    bug = ItemTypeFactory(endpoint=connection.left)
    defect = ItemTypeFactory(endpoint=connection.right)
    response = member_client.post(
        url("type_mapping_add", plan, connection_id=connection.pk),
        {
            "left_type_id": bug.pk,
            "right_type_id": defect.pk,
            "direction": "both",
            "system_of_record": "left",
            "scope": "project = WEB",
            "conflict_policy": "latest_wins",
            "other_side_may_update": "false",
        },
        **HTMX,
    )
    mapping = TypeMapping.objects.get(connection=connection)
    assert f'id="type-mapping-{mapping.pk}"' in response.content.decode()
    assert (mapping.left_type, mapping.right_type, mapping.direction) == (bug, defect, "both")
    assert mapping.system_of_record == "left" and mapping.conflict_policy == "latest_wins"
    assert mapping.other_side_may_update is False
    event = AuditEvent.objects.get(plan=plan, action="type_mapping.create")
    assert event.subject == f"connections/{connection.key}/types/{bug.key}->{defect.key}"


def test_a_type_of_the_wrong_endpoint_is_not_offered(member_client, plan):
    connection = ConnectionFactory(plan=plan)
    wrong = ItemTypeFactory(endpoint=connection.right)
    right = ItemTypeFactory(endpoint=connection.right)
    response = member_client.post(
        url("type_mapping_add", plan, connection_id=connection.pk),
        {"left_type_id": wrong.pk, "right_type_id": right.pk, "direction": "l2r"},
        **HTMX,
    )
    assert "Select a valid choice" in response.content.decode()
    assert not TypeMapping.objects.filter(connection=connection).exists()


def test_mapping_the_same_pair_twice_is_refused_with_a_message(member_client, plan):
    mapping = TypeMappingFactory(connection__plan=plan)
    response = member_client.post(
        url("type_mapping_add", plan, connection_id=mapping.connection.pk),
        {
            "left_type_id": mapping.left_type_id,
            "right_type_id": mapping.right_type_id,
            "direction": "l2r",
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_the_connection_conflict_policy_is_set_on_its_settings(member_client, plan):
    connection = ConnectionFactory(plan=plan)
    member_client.post(
        url("connection_settings", plan, connection_id=connection.pk),
        {
            "name": "Jira to Octane",
            "conflict_policy": "left_wins",
            "items_exist_in_both": "true",
            "lock_version": 0,
        },
        **HTMX,
    )
    connection.refresh_from_db()
    assert connection.conflict_policy == "left_wins" and connection.items_exist_in_both


def test_project_pairs_are_added_and_edited(member_client, plan):
    connection = ConnectionFactory(plan=plan)
    a, b = ProjectFactory(endpoint=connection.left), ProjectFactory(endpoint=connection.right)
    c = ProjectFactory(endpoint=connection.right)
    member_client.post(
        url("project_pair_add", plan, connection_id=connection.pk),
        {"left_project_id": a.pk, "right_project_id": b.pk},
        **HTMX,
    )
    pair = ProjectPair.objects.get(connection=connection)
    member_client.post(
        url("project_pair_save", plan, pair_id=pair.pk),
        {"left_project_id": a.pk, "right_project_id": c.pk, "lock_version": 0},
        **HTMX,
    )
    pair.refresh_from_db()
    assert pair.right_project == c


def test_relationship_rules_and_existing_item_matching_per_type_mapping(member_client, plan):
    mapping = TypeMappingFactory(connection__plan=plan)
    sprint = FieldFactory(item_type=mapping.right_type, data_type="relationship", key="release")
    release = ItemTypeFactory(endpoint=mapping.connection.right, key="release")
    left_id = FieldFactory(item_type=mapping.left_type, key="key")
    right_id = FieldFactory(item_type=mapping.right_type, key="external_id")
    member_client.post(
        url("relationship_rule_add", plan, mapping_id=mapping.pk),
        {
            "field_id": sprint.pk,
            "target_type_id": release.pk,
            "resolution": "by_dates",
            "rule": "the release whose dates contain the sprint's",
        },
        **HTMX,
    )
    member_client.post(
        url("matching_add", plan, mapping_id=mapping.pk),
        {"left_field_id": left_id.pk, "right_field_id": right_id.pk},
        **HTMX,
    )
    rule = RelationshipRule.objects.get(type_mapping=mapping)
    assert (rule.field, rule.target_type, rule.resolution) == (sprint, release, "by_dates")
    matching = ExistingItemMatching.objects.get(type_mapping=mapping)
    assert (matching.left_field, matching.right_field) == (left_id, right_id)
    page = member_client.get(url("type_mapping_rules", plan, mapping_id=mapping.pk))
    assert "the release whose dates contain" in page.content.decode()


def test_a_matching_field_must_belong_to_its_side(member_client, plan):
    mapping = TypeMappingFactory(connection__plan=plan)
    left_field = FieldFactory(item_type=mapping.left_type)
    response = member_client.post(
        url("matching_add", plan, mapping_id=mapping.pk),
        {"left_field_id": left_field.pk, "right_field_id": left_field.pk},
        **HTMX,
    )
    assert "Select a valid choice" in response.content.decode()
    assert not ExistingItemMatching.objects.filter(type_mapping=mapping).exists()


def test_an_endpoint_in_use_by_a_connection_is_not_deleted_and_the_row_says_why(
    member_client, plan
):
    connection = ConnectionFactory(plan=plan, key="jira-octane")
    delete = url("endpoint_delete", plan, endpoint_id=connection.left_id)
    response = member_client.post(delete, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Still used by jira-octane" in response.content.decode()
    assert Endpoint.objects.filter(pk=connection.left_id).exists()


def test_deleting_a_connection_then_its_endpoint_returns_to_the_plan(member_client, plan):
    connection = ConnectionFactory(plan=plan)
    TypeMappingFactory(connection=connection)
    response = member_client.post(
        url("connection_delete", plan, connection_id=connection.pk), HTTP_HX_REQUEST="true"
    )
    plan_page = reverse("planner:plan_detail", kwargs={"plan_id": plan.pk})
    assert response["HX-Redirect"] == plan_page
    assert not TypeMapping.objects.filter(connection_id=connection.pk).exists()
    response = member_client.post(url("endpoint_delete", plan, endpoint_id=connection.left_id))
    assert response["Location"] == plan_page
    assert not Endpoint.objects.filter(pk=connection.left_id).exists()
    actions = AuditEvent.objects.filter(plan=plan).values_list("action", flat=True)
    assert list(actions.order_by("id")) == ["connection.delete", "endpoint.delete"]


def test_the_new_connection_form_offers_two_different_endpoints(member_client, plan):
    jira = EndpointFactory(plan=plan, key="jira", name="Jira")
    octane = EndpointFactory(plan=plan, key="octane", name="Octane")
    form = member_client.get(url("connection_add", plan)).context["form"]
    assert {form["left"].value(), form["right"].value()} == {jira.pk, octane.pk}
    assert "Jira (jira)" in dict(form.fields["left"].choices).values()
