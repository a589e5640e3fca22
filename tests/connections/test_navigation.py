"""Type mappings lead to their field mappings; every connections page carries breadcrumbs
(issue 16, point 1)."""

import pytest
from django.urls import reverse

from facts.datatypes import DataType
from tests.factories import (
    ConnectionFactory,
    FieldFactory,
    FieldMappingFactory,
    TypeMappingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def status_mapping(plan):
    connection = ConnectionFactory(plan=plan, key="alm-jira")
    tm = TypeMappingFactory(
        connection=connection, left_type__label="Defect", right_type__label="Bug"
    )
    status = FieldFactory(item_type=tm.left_type, label="Status", data_type=DataType.ENUM)
    phase = FieldFactory(item_type=tm.right_type, label="Phase", data_type=DataType.ENUM)
    title = FieldFactory(item_type=tm.left_type, label="Title", data_type=DataType.STRING)
    summary = FieldFactory(item_type=tm.right_type, label="Summary", data_type=DataType.STRING)
    FieldMappingFactory(type_mapping=tm, left_field=title, right_field=summary)
    return FieldMappingFactory(type_mapping=tm, left_field=status, right_field=phase)


def _urls(fm):
    tm = fm.type_mapping
    ids = {"plan_id": tm.connection.plan_id, "connection_id": tm.connection_id}
    return {
        "workspace": reverse("connections:workspace", kwargs={**ids, "type_mapping_id": tm.pk}),
        "enum": reverse(
            "connections:enum_pairs",
            kwargs={**ids, "type_mapping_id": tm.pk, "mapping_id": fm.pk},
        ),
        "user_map": reverse("connections:user_map", kwargs=ids),
        "setup": reverse("connections:connection_setup", kwargs=ids),
        "connection": reverse("connections:connection_detail", kwargs=ids),
        "plan": reverse("planner:plan_detail", kwargs={"plan_id": ids["plan_id"]}),
    }


@pytest.mark.parametrize("page", ["setup", "plan"])
def test_each_type_mapping_row_links_to_its_workspace_enum_editor_and_user_map(
    page, status_mapping, member_client
):
    urls = _urls(status_mapping)
    html = member_client.get(urls[page]).content.decode()
    assert f'href="{urls["workspace"]}">Field mappings</a>' in html
    assert f'href="{urls["enum"]}">Values: Status → Phase</a>' in html
    assert f'href="{urls["user_map"]}">User map</a>' in html
    assert "Values: Title" not in html  # only enum pairs have an editor


@pytest.mark.parametrize(
    "page, trail",
    [
        ("workspace", ["connection", "workspace", "Field mappings"]),
        ("enum", ["connection", "workspace", "Values: Status → Phase"]),
        ("setup", ["connection", "Set up"]),
        ("user_map", ["connection", "User map"]),
    ],
)
def test_pages_carry_breadcrumbs_from_the_plan_down(page, trail, status_mapping, member_client):
    urls = _urls(status_mapping)
    html = member_client.get(urls[page]).content.decode()
    nav = html[html.index('<nav class="breadcrumbs"') :]
    nav = nav[: nav.index("</nav>")]
    positions = [nav.index(f'href="{urls["plan"]}"')]
    for step in trail:
        positions.append(nav.index(f'href="{urls[step]}"' if step in urls else step))
    assert positions == sorted(positions)
    assert nav.count('aria-current="page"') == 1
