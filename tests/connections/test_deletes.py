"""Every Delete button says what it deletes; a destructive delete asks first and names what goes
with it (issue 16, point 1)."""

import html as htmllib

import pytest
from django.urls import reverse

from connections.datatypes import DataType
from connections.deletion import confirmation, goes_with
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


def test_goes_with_counts_what_the_cascade_deletes(tm):
    assert goes_with(tm) == "2 field mappings and 3 enum pairs"
    assert confirmation("Delete type mapping Defect ↔ Bug", tm) == (
        "Delete type mapping Defect ↔ Bug? This also deletes 2 field mappings and 3 enum pairs."
    )
    lone = FieldMappingFactory(type_mapping=tm)
    assert confirmation("Delete it", lone) == "Delete it?"


def test_the_setup_page_labels_deletes_and_asks_with_the_counts(tm, member_client):
    page = htmllib.unescape(
        member_client.get(
            reverse(
                "connections:connection_setup",
                kwargs={"plan_id": tm.connection.plan_id, "connection_id": tm.connection_id},
            )
        ).content.decode()
    )
    assert ">Delete type mapping Defect ↔ Bug</button>" in page
    assert (
        'hx-confirm="Delete type mapping Defect ↔ Bug? This also deletes 2 field mappings '
        'and 3 enum pairs."' in page
    )
    assert ">Delete connection ALM to Jira</button>" in page
    assert "This also deletes 1 type mapping, 2 field mappings" in page
    assert ">Delete</button>" not in page


def test_the_workspace_labels_each_field_mapping_delete(tm, member_client):
    page = member_client.get(
        reverse(
            "connections:workspace",
            kwargs={
                "plan_id": tm.connection.plan_id,
                "connection_id": tm.connection_id,
                "type_mapping_id": tm.pk,
            },
        )
    ).content.decode()
    assert "Delete field mapping Summary → Title</button>" in page
    assert "Delete field mapping Status → Phase</button>" in page
