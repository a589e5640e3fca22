import pytest
from django.db import IntegrityError, transaction

from connections.models import Connection, FieldMapping, TypeMapping
from tests.factories import (
    ConnectionFactory,
    EndpointFactory,
    EnumValueFactory,
    FieldFactory,
    TypeMappingFactory,
)

pytestmark = pytest.mark.django_db


def _refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_an_endpoint_key_is_unique_in_its_plan():
    endpoint = EndpointFactory(key="jira")
    _refused(lambda: EndpointFactory(plan=endpoint.plan, key="jira"))
    EndpointFactory(key="jira")  # another plan may use it


def test_a_connection_pairs_two_different_endpoints():
    endpoint = EndpointFactory()
    _refused(
        lambda: Connection.objects.create(
            plan=endpoint.plan, key="self", left=endpoint, right=endpoint
        )
    )


def test_a_type_mapping_direction_must_be_known():
    mapping = TypeMappingFactory()
    _refused(lambda: TypeMapping.objects.filter(pk=mapping.pk).update(direction="up"))


def test_a_field_mapping_needs_at_least_one_field():
    mapping = TypeMappingFactory()
    _refused(lambda: FieldMapping.objects.create(type_mapping=mapping))


def test_a_field_data_type_comes_from_the_vocabulary():
    field = FieldFactory()
    _refused(lambda: type(field).objects.filter(pk=field.pk).update(data_type="colour"))


def test_enum_values_are_unique_per_field():
    value = EnumValueFactory(label="High")
    _refused(lambda: EnumValueFactory(field=value.field, label="High"))


def test_a_connection_key_is_unique_in_its_plan():
    connection = ConnectionFactory(key="alm-jira")
    _refused(lambda: ConnectionFactory(plan=connection.plan, key="alm-jira"))
