"""Each authoring page runs the same number of SQL queries on a plan of size N and of 5N."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.connections.test_authoring_access import PAGES

HTMX_PARTIALS = [
    (
        "connections:enum_value_move",
        lambda b: {"value_id": b.left.values[-1].pk, "direction": "up"},
    ),
    ("connections:user_map_settings", lambda b: {"connection_id": b.connection.pk}),
]


def queries(client, method, url, data=None, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {}, **extra)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(("name", "kwargs"), PAGES, ids=[p[0] for p in PAGES])
def test_a_page_runs_as_many_queries_on_a_plan_five_times_larger(
    client_on, built_plans, name, kwargs
):
    counts = []
    for size in (2, 10):
        built = built_plans[size]
        client = client_on(built.plan, "editor")
        url = reverse(name, kwargs={"plan_id": built.plan.pk, **kwargs(built)})
        if name == "connections:user_map":
            url += "?suggest=1"
        counts.append(queries(client, "get", url))
    assert counts[0] == counts[1], counts


def test_reordering_values_and_refreshing_the_user_preview_are_bounded(client_on, built_plans):
    counts = {}
    for size in (2, 10):
        built = built_plans[size]
        client = client_on(built.plan, "editor")
        move, settings = (
            reverse(name, kwargs={"plan_id": built.plan.pk, **kwargs(built)})
            for name, kwargs in HTMX_PARTIALS
        )
        counts[size] = (
            queries(client, "post", move, HTTP_HX_REQUEST="true"),
            queries(
                client,
                "post",
                settings,
                {"strategy": "by_name", "lock_version": built.user_map.lock_version},
                HTTP_HX_REQUEST="true",
            ),
        )
    assert counts[2] == counts[10], counts
