"""A plan with one (or ``size``) of every row the authoring pages edit, for view tests."""

from types import SimpleNamespace

from facts.datatypes import DataType
from tests.factories import (
    ConnectionFactory,
    EndpointFactory,
    EndpointUserFactory,
    EnumValueFactory,
    ExistingItemMatchingFactory,
    FieldFactory,
    ItemTypeFactory,
    ProjectFactory,
    ProjectPairFactory,
    RelationshipRuleFactory,
    TypeMappingFactory,
    UserMapEntryFactory,
    UserMapFactory,
)


def build_plan(plan, size=1):
    """Two endpoints with ``size`` projects, types, fields per type, values per enum field and
    users each; a connection with ``size`` project pairs, type mappings, rules, matchings and
    user map entries."""
    left = EndpointFactory(plan=plan, key="left", name="Left")
    right = EndpointFactory(plan=plan, key="right", name="Right")
    sides = {}
    for endpoint in (left, right):
        projects = [ProjectFactory(endpoint=endpoint) for _ in range(size)]
        types = [ItemTypeFactory(endpoint=endpoint) for _ in range(size)]
        fields = [
            FieldFactory(item_type=types[0], data_type=DataType.ENUM) for _ in range(size)
        ] + [FieldFactory(item_type=types[0], data_type=DataType.RELATIONSHIP) for _ in range(size)]
        values = [EnumValueFactory(field=fields[0]) for _ in range(size)]
        users = [EndpointUserFactory(endpoint=endpoint) for _ in range(size)]
        sides[endpoint.key] = SimpleNamespace(
            endpoint=endpoint,
            projects=projects,
            types=types,
            fields=fields,
            values=values,
            users=users,
        )
    connection = ConnectionFactory(plan=plan, key="left-right", left=left, right=right)
    lside, r = sides["left"], sides["right"]
    pairs = [
        ProjectPairFactory(connection=connection, left_project=a, right_project=b)
        for a, b in zip(lside.projects, r.projects, strict=True)
    ]
    mappings = [
        TypeMappingFactory(connection=connection, left_type=a, right_type=b)
        for a, b in zip(lside.types, r.types, strict=True)
    ]
    rules = [RelationshipRuleFactory(type_mapping=mappings[0], field=f) for f in r.fields[size:]]
    matchings = [
        ExistingItemMatchingFactory(type_mapping=mappings[0], left_field=a, right_field=b)
        for a, b in zip(lside.fields[:size], r.fields[:size], strict=True)
    ]
    user_map = UserMapFactory(connection=connection)
    entries = [UserMapEntryFactory(user_map=user_map) for _ in range(size)]
    return SimpleNamespace(
        plan=plan,
        left=lside,
        right=r,
        connection=connection,
        pairs=pairs,
        mappings=mappings,
        rules=rules,
        matchings=matchings,
        user_map=user_map,
        entries=entries,
    )
