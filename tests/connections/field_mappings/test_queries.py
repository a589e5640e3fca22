"""The workspace runs the same number of queries for a 30-field and a 300-field type."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connections.models import Connection, Endpoint
from planner.models import Finding, Plan
from tests.builders import build_type_mapping


@pytest.fixture(scope="module")
def workspaces(django_db_setup, django_db_blocker):
    """A small and a ten times larger type mapping, built once for the module."""
    with django_db_blocker.unblock():
        built = {size: build_type_mapping(fields=size) for size in (30, 300)}
    yield built
    with django_db_blocker.unblock():
        for tm, _ in built.values():
            plan_id = tm.connection.plan_id
            Connection.objects.filter(plan_id=plan_id).delete()
            Endpoint.objects.filter(plan_id=plan_id).delete()
            Plan.objects.filter(pk=plan_id).delete()


def _queries(client, tm, user, name="workspace", **extra):
    client.force_login(user)
    target = reverse(
        f"connections:{name}",
        kwargs={"plan_id": tm.connection.plan_id, "connection_id": tm.connection_id,
                "type_mapping_id": tm.pk, **extra},
    )  # fmt: skip
    with CaptureQueriesContext(connection) as captured:
        response = client.get(target)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_workspace_page_runs_as_many_queries_for_300_fields_as_for_30(
    client, workspaces, django_assert_max_num_queries
):
    small = _queries(client, *workspaces[30])
    large = _queries(client, *workspaces[300])
    assert small == large
    tm, user = workspaces[300]
    client.force_login(user)
    # 13: one is whether a validation is on its way (the live findings line polls meanwhile).
    with django_assert_max_num_queries(13):
        client.get(
            reverse("connections:workspace", kwargs={"plan_id": tm.connection.plan_id,
                    "connection_id": tm.connection_id, "type_mapping_id": tm.pk})
        )  # fmt: skip


@pytest.mark.django_db
def test_the_suggestions_partial_is_bounded_too(client, workspaces):
    assert _queries(client, *workspaces[30], name="field_suggestions") == _queries(
        client, *workspaces[300], name="field_suggestions"
    )


@pytest.mark.django_db
def test_the_enum_editor_is_bounded(client, workspaces):
    def enum_queries(tm, user):
        mapping = next(
            m
            for m in tm.field_mappings.select_related("left_field")
            if m.left_field and m.left_field.data_type == "enum"
        )
        return _queries(client, tm, user, name="enum_pairs", mapping_id=mapping.pk)

    assert enum_queries(*workspaces[30]) == enum_queries(*workspaces[300])


# 13 as above, plus the open findings of the validated revision (a validated plan): their
# badges and links cost no further query, whatever the number of rows.
WORKSPACE_QUERIES = 14


@pytest.mark.django_db
@pytest.mark.parametrize("size", [30, 300])
@pytest.mark.parametrize(
    "query", [{}, {"show": "findings"}, {"direction": "both"}, {"show": "required"}, {"edit": ""}]
)
def test_the_table_stays_within_one_bound_for_a_small_and_a_large_type(
    client, workspaces, django_assert_max_num_queries, size, query
):
    """The same bound for 30 and 300 fields a side, with findings on every third row (their
    badges and links), filtered, and with a row open for editing."""
    tm, user = workspaces[size]
    plan = tm.connection.plan
    mappings = list(tm.field_mappings.select_related("left_field", "right_field"))
    flagged = [m for m in mappings[::3] if m.left_field and m.right_field]
    Finding.objects.bulk_create(
        Finding(
            plan=plan,
            plan_revision=plan.revision,
            code="FLD-001",
            severity="warning",
            subject=f"connections/{tm.connection.key}/types/{tm.left_type.key}->"
            f"{tm.right_type.key}/fields/{m.left_field.key}->{m.right_field.key}",
            fingerprint=str(m.pk),
            message="fragile",
        )  # fmt: skip
        for m in flagged
    )
    if "edit" in query:
        query = {"edit": mappings[0].pk}
    client.force_login(user)
    target = reverse(
        "connections:workspace",
        kwargs={"plan_id": plan.pk, "connection_id": tm.connection_id, "type_mapping_id": tm.pk},
    )
    with django_assert_max_num_queries(WORKSPACE_QUERIES):
        response = client.get(target, query)
    html = response.content.decode()
    assert response.status_code == 200
    if not query:
        assert html.count('<tr id="fm-') == len(mappings)
        assert html.count('<span class="badge sev-warning">1</span>') == len(flagged)
