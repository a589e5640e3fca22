import pytest
from django.core.exceptions import ValidationError

from connections.enums import services as enums
from connections.field_mappings import services as fields
from connections.models import CalculatedValue, EnumPair, FieldMapping
from core.concurrency import StaleEdit
from core.models import AuditEvent
from facts.datatypes import DataType
from tests.factories import (
    EnumPairFactory,
    EnumValueFactory,
    FieldFactory,
    FieldMappingFactory,
    TypeMappingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tm():
    return TypeMappingFactory(
        connection__key="alm-jira", left_type__key="defect", right_type__key="bug"
    )


def left(tm, **kw):
    return FieldFactory(item_type=tm.left_type, **kw)


def right(tm, **kw):
    return FieldFactory(item_type=tm.right_type, **kw)


def test_mapping_two_fields_records_the_change_on_the_plan(tm):
    plan, user = tm.connection.plan, UserFactory()
    a, b = left(tm, key="summary"), right(tm, key="title")
    mapping = fields.create_field_mapping(
        plan=plan, user=user, type_mapping=tm, left_field=a, right_field=b, notes="why"
    )
    assert mapping.direction == "" and mapping.notes == "why"
    plan.refresh_from_db()
    assert plan.revision == 1
    event = AuditEvent.objects.get(plan=plan)
    assert event.action == "field_mapping.create"
    assert event.subject == "connections/alm-jira/types/defect->bug/fields/summary->title"


def test_a_field_of_another_type_or_a_removed_field_is_refused(tm):
    plan, user = tm.connection.plan, UserFactory()
    stranger = FieldFactory()
    with pytest.raises(ValidationError, match="not a field of the left type"):
        fields.create_field_mapping(
            plan=plan, user=user, type_mapping=tm, left_field=stranger, right_field=right(tm)
        )
    with pytest.raises(ValidationError, match="gone from the product"):
        fields.create_field_mapping(
            plan=plan,
            user=user,
            type_mapping=tm,
            left_field=left(tm, removed=True),
            right_field=right(tm),
        )


def test_the_same_pair_cannot_be_mapped_twice(tm):
    plan, user = tm.connection.plan, UserFactory()
    a, b = left(tm), right(tm)
    fields.create_field_mapping(plan=plan, user=user, type_mapping=tm, left_field=a, right_field=b)
    with pytest.raises(ValidationError, match="already mapped"):
        fields.create_field_mapping(
            plan=plan, user=user, type_mapping=tm, left_field=a, right_field=b
        )


def test_two_people_saving_one_mapping_from_the_same_start_conflict(tm):
    plan = tm.connection.plan
    mapping = FieldMappingFactory(type_mapping=tm)
    first, second = FieldMapping.objects.get(pk=mapping.pk), FieldMapping.objects.get(pk=mapping.pk)
    common = {"conflict_policy": "", "on_creation_only": False}
    fields.update_field_mapping(
        plan=plan, user=UserFactory(), mapping=first, expected_lock_version=0,
        direction="both", notes="mine", **common,
    )  # fmt: skip
    with pytest.raises(StaleEdit) as conflict:
        fields.update_field_mapping(
            plan=plan, user=UserFactory(), mapping=second, expected_lock_version=0,
            direction="r2l", notes="theirs", **common,
        )  # fmt: skip
    assert conflict.value.current.notes == "mine"
    assert FieldMapping.objects.get(pk=mapping.pk).direction == "both"


def test_people_editing_different_mappings_never_conflict(tm):
    plan = tm.connection.plan
    one, two = FieldMappingFactory(type_mapping=tm), FieldMappingFactory(type_mapping=tm)
    for mapping in (one, two):
        fields.update_field_mapping(
            plan=plan, user=None, mapping=mapping, expected_lock_version=0,
            direction="l2r", conflict_policy="left_wins", on_creation_only=True, notes="",
        )  # fmt: skip
    assert set(FieldMapping.objects.values_list("lock_version", flat=True)) == {1}


def test_a_stale_delete_is_refused(tm):
    mapping = FieldMappingFactory(type_mapping=tm, lock_version=3)
    with pytest.raises(StaleEdit):
        fields.delete_field_mapping(
            plan=tm.connection.plan, user=None, mapping=mapping, expected_lock_version=2
        )
    fields.delete_field_mapping(
        plan=tm.connection.plan, user=None, mapping=mapping, expected_lock_version=3
    )
    assert not FieldMapping.objects.exists()


def test_a_calculated_value_of_the_right_kind_is_created_with_one_side_empty(tm):
    target = right(tm, key="severity", data_type=DataType.ENUM)
    mapping = fields.create_calculated_value(
        plan=tm.connection.plan, user=None, type_mapping=tm, side="right", field=target,
        kind="constant", value="3-Medium",
    )  # fmt: skip
    assert mapping.left_field is None and mapping.right_field == target
    assert CalculatedValue.objects.get(field_mapping=mapping).value == "3-Medium"


@pytest.mark.parametrize(
    ("data_type", "kind"),
    [
        (DataType.RELATIONSHIP, "constant"),
        (DataType.RELATIONSHIP, "expression"),
        (DataType.STRING, "lookup"),
    ],
)
def test_a_calculated_value_of_the_wrong_kind_is_refused(tm, data_type, kind):
    target = right(tm, data_type=data_type)
    with pytest.raises(ValidationError, match="require different approaches"):
        fields.create_calculated_value(
            plan=tm.connection.plan, user=None, type_mapping=tm, side="right", field=target,
            kind=kind, value="x",
        )  # fmt: skip


def test_editing_a_calculated_value_checks_the_kind_and_the_lock_version(tm):
    target = left(tm, data_type=DataType.MULTI_RELATIONSHIP)
    mapping = fields.create_calculated_value(
        plan=tm.connection.plan, user=None, type_mapping=tm, side="left", field=target,
        kind="lookup", value="release whose dates contain the sprint",
    )  # fmt: skip
    args = {"plan": tm.connection.plan, "user": None, "mapping": mapping, "condition": "",
            "notes": "", "on_creation_only": True}  # fmt: skip
    with pytest.raises(ValidationError):
        fields.update_calculated_value(expected_lock_version=0, kind="constant", value="R1", **args)
    fields.update_calculated_value(expected_lock_version=0, kind="lookup", value="by name", **args)
    with pytest.raises(StaleEdit):
        fields.update_calculated_value(expected_lock_version=0, kind="lookup", value="x", **args)
    assert CalculatedValue.objects.get().value == "by name"


@pytest.fixture
def enum_mapping(tm):
    return FieldMappingFactory(
        type_mapping=tm,
        left_field=left(tm, key="severity", data_type=DataType.ENUM),
        right_field=right(tm, key="priority", data_type=DataType.ENUM),
    )


def values(field, *labels):
    return [
        EnumValueFactory(field=field, label=label, position=i) for i, label in enumerate(labels)
    ]


def test_pairing_values_appends_to_the_pair_list(enum_mapping):
    (crit, high), (p1,) = (
        values(enum_mapping.left_field, "Critical", "High"),
        values(enum_mapping.right_field, "P1"),
    )
    plan = enum_mapping.type_mapping.connection.plan
    enums.add_pair(plan=plan, user=None, mapping=enum_mapping, left=crit, right=p1)
    enums.add_pair(plan=plan, user=None, mapping=enum_mapping, left=high, right=p1)
    assert list(EnumPair.objects.values_list("left_value__label", "position")) == [
        ("Critical", 0),
        ("High", 1),
    ]
    assert AuditEvent.objects.filter(
        subject="connections/alm-jira/types/defect->bug/fields/severity->priority/values/High->P1"
    ).exists()
    with pytest.raises(ValidationError, match="already paired"):
        enums.add_pair(plan=plan, user=None, mapping=enum_mapping, left=high, right=p1)
    with pytest.raises(ValidationError, match="not a value of the left field"):
        enums.add_pair(plan=plan, user=None, mapping=enum_mapping, left=p1, right=p1)


def test_making_a_pair_the_default_moves_it_to_the_end_of_its_group(enum_mapping):
    crit, high, low = values(enum_mapping.left_field, "Critical", "High", "Low")
    p1, p3 = values(enum_mapping.right_field, "P1", "P3")
    a = EnumPairFactory(field_mapping=enum_mapping, left_value=crit, right_value=p1, position=0)
    EnumPairFactory(field_mapping=enum_mapping, left_value=high, right_value=p1, position=1)
    EnumPairFactory(field_mapping=enum_mapping, left_value=low, right_value=p3, position=2)
    enums.make_default(
        plan=enum_mapping.type_mapping.connection.plan, user=None, pair=a,
        expected_lock_version=0, shared="right",
    )  # fmt: skip
    assert list(EnumPair.objects.values_list("left_value__label", flat=True)) == [
        "High",
        "Critical",
        "Low",
    ]
    with pytest.raises(StaleEdit):
        enums.move_pair(
            plan=enum_mapping.type_mapping.connection.plan, user=None, pair=a,
            expected_lock_version=0, offset=-1,
        )  # fmt: skip


def test_a_catch_all_must_be_a_value_of_its_side(enum_mapping):
    (other,) = values(enum_mapping.left_field, "Other")
    plan = enum_mapping.type_mapping.connection.plan
    with pytest.raises(ValidationError):
        enums.set_catch_all(
            plan=plan,
            user=None,
            mapping=enum_mapping,
            expected_lock_version=0,
            side="right",
            value=other,
        )
    enums.set_catch_all(
        plan=plan,
        user=None,
        mapping=enum_mapping,
        expected_lock_version=0,
        side="left",
        value=other,
    )
    assert FieldMapping.objects.get(pk=enum_mapping.pk).left_catch_all == other


def test_pairs_exist_only_on_a_mapping_of_two_enum_fields(tm):
    mapping = FieldMappingFactory(type_mapping=tm)
    a = EnumValueFactory(field=mapping.left_field)
    b = EnumValueFactory(field=mapping.right_field)
    with pytest.raises(ValidationError, match="two enum fields"):
        enums.add_pair(plan=tm.connection.plan, user=None, mapping=mapping, left=a, right=b)
