"""The workspace runs the same number of queries for a 30-field and a 300-field type."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connections.models import Connection, Endpoint
from planner.models import Plan
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
