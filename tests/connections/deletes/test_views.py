"""Every Delete button says what it deletes; a destructive delete asks first, on a page that
works without JavaScript, and names what goes with it (issue 16, point 1)."""

import re

import pytest
from django.urls import reverse

from connections.deletes.cascade import goes_with
from connections.models import FieldMapping, TypeMapping
from facts.datatypes import DataType
from tests.factories import (
    ConnectionFactory,
    EnumPairFactory,
    FieldFactory,
    FieldMappingFactory,
    TypeMappingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tm(plan):
    connection = ConnectionFactory(plan=plan, key="alm-jira", name="ALM to Jira")
    tm = TypeMappingFactory(
        connection=connection, left_type__label="Defect", right_type__label="Bug"
    )
    status = FieldFactory(item_type=tm.left_type, label="Status", data_type=DataType.ENUM)
    phase = FieldFactory(item_type=tm.right_type, label="Phase", data_type=DataType.ENUM)
    enum_mapping = FieldMappingFactory(type_mapping=tm, left_field=status, right_field=phase)
    for _ in range(3):
        EnumPairFactory(field_mapping=enum_mapping)
    FieldMappingFactory(
        type_mapping=tm,
        left_field=FieldFactory(item_type=tm.left_type, label="Summary"),
        right_field=FieldFactory(item_type=tm.right_type, label="Title"),
    )
    return tm


def _url(name, tm, **kw):
    return reverse(f"connections:{name}", kwargs={"plan_id": tm.connection.plan_id, **kw})


def test_goes_with_counts_what_the_cascade_deletes(tm):
    assert goes_with(tm) == "2 field mappings and 3 enum pairs"
    assert goes_with(FieldMappingFactory(type_mapping=tm)) == ""


def test_the_setup_page_labels_deletes_and_sends_destructive_ones_to_a_question(tm, member_client):
    page = member_client.get(_url("connection_setup", tm, connection_id=tm.connection_id))
    html = page.content.decode()
    confirm = _url("type_mapping_delete_confirm", tm, mapping_id=tm.pk)
    assert f'href="{confirm}">Delete type mapping Defect ↔ Bug</a>' in html
    assert ">Delete connection ALM to Jira</a>" in html
    assert ">Delete</button>" not in html


def test_the_question_names_what_goes_and_its_button_deletes(tm, member_client):
    html = member_client.get(
        _url("type_mapping_delete_confirm", tm, mapping_id=tm.pk)
    ).content.decode()
    assert "Delete type mapping Defect ↔ Bug?" in html
    assert "This also deletes 2 field mappings and 3 enum pairs." in html
    delete = _url("type_mapping_delete", tm, mapping_id=tm.pk)
    assert f'action="{delete}"' in html
    assert TypeMapping.objects.filter(pk=tm.pk).exists()  # asking deletes nothing

    response = member_client.post(delete)
    assert response.status_code == 302
    assert not TypeMapping.objects.filter(pk=tm.pk).exists()
    assert not FieldMapping.objects.exists()


def test_the_connection_question_counts_its_type_mappings(tm, member_client):
    html = member_client.get(
        _url("connection_delete_confirm", tm, connection_id=tm.connection_id)
    ).content.decode()
    assert "Delete connection ALM to Jira?" in html
    assert "1 type mapping" in html and "2 field mappings" in html


def test_a_viewer_is_not_asked(tm, client_for):
    client = client_for("viewer")
    assert client.get(_url("type_mapping_delete_confirm", tm, mapping_id=tm.pk)).status_code == 403


def test_the_workspace_labels_each_field_mapping_delete(tm, member_client):
    # Delete is in the row's form (Edit; without JavaScript the page with ?edit=<id>).
    workspace = _url("workspace", tm, connection_id=tm.connection_id, type_mapping_id=tm.pk)
    labels = []
    for mapping in FieldMapping.objects.filter(type_mapping=tm).select_related(
        "left_field", "right_field"
    ):
        page = member_client.get(workspace, {"edit": mapping.pk}).content.decode()
        left, right = mapping.left_field, mapping.right_field
        found = re.search(
            rf"Delete field mapping {left.label} \({left.key}\) [→←↔] "
            rf"{right.label} \({right.key}\)</button>",
            page,
        )
        labels.append(found is not None)
    assert labels == [True, True]
