"""factory-boy factories for the whole domain (tests build plans from these, not from fixtures)."""

import factory
from django.contrib.auth import get_user_model

from connections.models import (
    CalculatedValue,
    Connection,
    Direction,
    Endpoint,
    EndpointUser,
    EnumPair,
    EnumValue,
    ExistingItemMatching,
    Field,
    FieldMapping,
    ItemType,
    Product,
    Project,
    ProjectPair,
    RelationshipRule,
    TypeMapping,
    UserMap,
    UserMapEntry,
)
from core.access import Role
from facts.datatypes import DataType
from planner.models import Membership, OperationsItem, Plan, SyncServer, UseCaseAnswer


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct-horse-battery")


class SyncServerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SyncServer

    name = factory.Sequence(lambda n: f"sync-server-{n}")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    name = factory.Sequence(lambda n: f"Plan {n}")
    created_by = factory.SubFactory(UserFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    plan = factory.SubFactory(PlanFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.OWNER


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"product-{n}")
    name = factory.LazyAttribute(lambda p: p.key.title())


class EndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Endpoint

    plan = factory.SubFactory(PlanFactory)
    key = factory.Sequence(lambda n: f"endpoint-{n}")
    name = factory.LazyAttribute(lambda e: e.key.title())
    base_url = factory.LazyAttribute(lambda e: f"https://{e.key}.example.com")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    endpoint = factory.SubFactory(EndpointFactory)
    key = factory.Sequence(lambda n: f"PRJ{n}")


class ItemTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemType

    endpoint = factory.SubFactory(EndpointFactory)
    key = factory.Sequence(lambda n: f"type{n}")
    label = factory.LazyAttribute(lambda t: t.key.title())


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field

    item_type = factory.SubFactory(ItemTypeFactory)
    key = factory.Sequence(lambda n: f"field{n}")
    label = factory.LazyAttribute(lambda f: f.key.title())
    data_type = DataType.STRING


class EnumValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnumValue

    field = factory.SubFactory(FieldFactory, data_type=DataType.ENUM)
    label = factory.Sequence(lambda n: f"Value {n}")
    position = factory.Sequence(lambda n: n)


class EndpointUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EndpointUser

    endpoint = factory.SubFactory(EndpointFactory)
    username = factory.Sequence(lambda n: f"person{n}")
    full_name = factory.Sequence(lambda n: f"Person Number{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")


class ConnectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Connection

    plan = factory.SubFactory(PlanFactory)
    key = factory.Sequence(lambda n: f"connection-{n}")
    left = factory.SubFactory(EndpointFactory, plan=factory.SelfAttribute("..plan"))
    right = factory.SubFactory(EndpointFactory, plan=factory.SelfAttribute("..plan"))


class ProjectPairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectPair

    connection = factory.SubFactory(ConnectionFactory)
    left_project = factory.SubFactory(
        ProjectFactory, endpoint=factory.SelfAttribute("..connection.left")
    )
    right_project = factory.SubFactory(
        ProjectFactory, endpoint=factory.SelfAttribute("..connection.right")
    )


class TypeMappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TypeMapping

    connection = factory.SubFactory(ConnectionFactory)
    left_type = factory.SubFactory(
        ItemTypeFactory, endpoint=factory.SelfAttribute("..connection.left")
    )
    right_type = factory.SubFactory(
        ItemTypeFactory, endpoint=factory.SelfAttribute("..connection.right")
    )
    direction = Direction.L2R


class FieldMappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldMapping

    type_mapping = factory.SubFactory(TypeMappingFactory)
    left_field = factory.SubFactory(
        FieldFactory, item_type=factory.SelfAttribute("..type_mapping.left_type")
    )
    right_field = factory.SubFactory(
        FieldFactory, item_type=factory.SelfAttribute("..type_mapping.right_type")
    )


class CalculatedValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalculatedValue

    field_mapping = factory.SubFactory(FieldMappingFactory, left_field=None)
    kind = "constant"
    value = "a constant"


class EnumPairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnumPair

    field_mapping = factory.SubFactory(FieldMappingFactory)
    left_value = factory.SubFactory(
        EnumValueFactory, field=factory.SelfAttribute("..field_mapping.left_field")
    )
    right_value = factory.SubFactory(
        EnumValueFactory, field=factory.SelfAttribute("..field_mapping.right_field")
    )
    position = factory.Sequence(lambda n: n)


class UserMapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserMap

    connection = factory.SubFactory(ConnectionFactory)


class UserMapEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserMapEntry

    user_map = factory.SubFactory(UserMapFactory)
    left_username = factory.Sequence(lambda n: f"left{n}")
    right_username = factory.Sequence(lambda n: f"Right Person {n}")


class RelationshipRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelationshipRule

    type_mapping = factory.SubFactory(TypeMappingFactory)
    field = factory.SubFactory(
        FieldFactory,
        item_type=factory.SelfAttribute("..type_mapping.right_type"),
        data_type=DataType.RELATIONSHIP,
    )
    resolution = "lookup"
    rule = "look up the related item by name"


class ExistingItemMatchingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExistingItemMatching

    type_mapping = factory.SubFactory(TypeMappingFactory)
    left_field = factory.SubFactory(
        FieldFactory, item_type=factory.SelfAttribute("..type_mapping.left_type")
    )
    right_field = factory.SubFactory(
        FieldFactory, item_type=factory.SelfAttribute("..type_mapping.right_type")
    )


class UseCaseAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UseCaseAnswer

    connection = factory.SubFactory(ConnectionFactory)
    question = "information-to-share"
    text = "Defects found in testing, so developers can fix them."


class OperationsItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OperationsItem

    sync_server = factory.SubFactory(SyncServerFactory)
    kind = "skill"
    key = factory.Sequence(lambda n: f"item-{n}")
    name = factory.Sequence(lambda n: f"Item {n}")
