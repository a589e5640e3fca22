"""Bigger test data built with bulk inserts (a 300-field type takes well under a second).

Used by the query-count tests and by bench/workspace.py.
"""

from __future__ import annotations

from connections.models import EnumPair, EnumValue, Field, FieldMapping, ItemType
from facts.datatypes import DataType
from tests.factories import (
    CalculatedValueFactory,
    ConnectionFactory,
    MembershipFactory,
    PlanFactory,
    TypeMappingFactory,
    UserFactory,
)

# A mix like a real defect type: mostly strings and enums, some dates, users, relationships.
_TYPES = [
    DataType.STRING,
    DataType.ENUM,
    DataType.TEXT,
    DataType.DATE,
    DataType.USER,
    DataType.ENUM,
    DataType.RELATIONSHIP,
    DataType.INTEGER,
    DataType.DATETIME,
    DataType.MULTI_ENUM,
]
VALUES_PER_ENUM = 8


def _fields(item_type: ItemType, count: int, prefix: str) -> list[Field]:
    fields = Field.objects.bulk_create(
        Field(
            item_type=item_type,
            key=f"{prefix}_field_{i}",
            label=f"Information {i}",
            position=i,
            data_type=_TYPES[i % len(_TYPES)],
            required=i % 7 == 0,
            read_only=i % 11 == 0,
            system_generated=i % 29 == 0,
            has_default=i % 13 == 0,
        )
        for i in range(count)
    )
    EnumValue.objects.bulk_create(
        EnumValue(field=f, label=f"{prefix.title()} value {v}", position=v)
        for f in fields
        if f.data_type in (DataType.ENUM, DataType.MULTI_ENUM)
        for v in range(VALUES_PER_ENUM)
    )
    return fields


def build_type_mapping(fields: int = 30, mapped_share: float = 1 / 3, role: str = "owner"):
    """A plan with one connection and one type mapping of two ``fields``-field types, a third
    of the fields mapped (enum mappings with pairs), one calculated value. Returns
    (type mapping, user with ``role`` on the plan)."""
    plan = PlanFactory()
    user = UserFactory()
    MembershipFactory(plan=plan, user=user, role=role)
    connection = ConnectionFactory(plan=plan)
    tm = TypeMappingFactory(connection=connection, direction="both")
    left = _fields(tm.left_type, fields, "left")
    right = _fields(tm.right_type, fields, "right")
    mapped = int(fields * mapped_share)
    mappings = FieldMapping.objects.bulk_create(
        FieldMapping(type_mapping=tm, left_field=left[i], right_field=right[i], position=i)
        for i in range(1, mapped)
    )
    values = {}
    for value in EnumValue.objects.filter(field__item_type__in=(tm.left_type, tm.right_type)):
        values.setdefault(value.field_id, []).append(value)
    EnumPair.objects.bulk_create(
        EnumPair(field_mapping=m, left_value=lv, right_value=rv, position=n)
        for m in mappings
        if m.left_field_id in values
        for n, (lv, rv) in enumerate(
            zip(values[m.left_field_id][:-2], values[m.right_field_id][:-2], strict=True)
        )
    )
    CalculatedValueFactory(
        field_mapping__type_mapping=tm, field_mapping__left_field=None,
        field_mapping__right_field=right[-1], kind="constant", value="fixed",
    )  # fmt: skip
    return tm, user
