"""The single write path of the authoring pages: optimistic concurrency and change records."""

import pytest
from django.core.exceptions import ValidationError

from connections.editing import create_row, delete_row, subject_path, update_row
from connections.endpoints.services import (
    CsvProblem,
    import_users,
    move_enum_value,
    parse_users_csv,
)
from connections.models import EnumValue, Field, Project
from core.concurrency import StaleEdit
from core.models import AuditEvent
from tests.factories import (
    EndpointFactory,
    EndpointUserFactory,
    EnumValueFactory,
    FieldFactory,
    TypeMappingFactory,
)


def test_an_update_from_a_stale_copy_is_refused_with_the_current_row(plan):
    field = FieldFactory(item_type__endpoint__plan=plan, label="A")
    mine = Field.objects.get(pk=field.pk)
    update_row(plan, None, field, 0, {"label": "Theirs"})
    with pytest.raises(StaleEdit) as refused:
        update_row(plan, None, mine, 0, {"label": "Mine"})
    assert refused.value.current.label == "Theirs"
    assert Field.objects.get(pk=field.pk).label == "Theirs"


def test_an_update_records_before_and_after_under_the_subject_path(plan):
    field = FieldFactory(
        item_type__endpoint__plan=plan,
        item_type__endpoint__key="jira",
        item_type__key="bug",
        key="summary",
        required=False,
    )
    update_row(plan, None, field, 0, {"required": True, "label": field.label})
    event = AuditEvent.objects.get(plan=plan)
    assert event.action == "field.update"
    assert event.subject == "endpoints/jira/types/bug/fields/summary"
    assert (event.before, event.after) == ({"required": False}, {"required": True})
    plan.refresh_from_db()
    assert plan.revision == 1


def test_an_invalid_value_is_refused_before_anything_is_written(plan):
    field = FieldFactory(item_type__endpoint__plan=plan)
    with pytest.raises(ValidationError):
        update_row(plan, None, field, 0, {"data_type": "nonsense"})
    assert Field.objects.get(pk=field.pk).lock_version == 0
    assert not AuditEvent.objects.filter(plan=plan).exists()


def test_a_duplicate_key_on_create_is_a_validation_error(plan):
    endpoint = EndpointFactory(plan=plan)
    create_row(plan, None, Project(endpoint=endpoint, key="P"))
    with pytest.raises(ValidationError):
        create_row(plan, None, Project(endpoint=endpoint, key="P"))


def test_type_mapping_subjects_use_type_keys_not_ids(plan):
    mapping = TypeMappingFactory(
        connection__plan=plan, connection__key="c", left_type__key="bug", right_type__key="defect"
    )
    assert subject_path(mapping) == "connections/c/types/bug->defect"
    delete_row(plan, None, mapping)
    assert AuditEvent.objects.get(plan=plan).subject == "connections/c/types/bug->defect"


def test_moving_a_value_renumbers_the_list_densely(plan):
    field = FieldFactory(item_type__endpoint__plan=plan, data_type="enum")
    a, b, c = (EnumValueFactory(field=field, label=x, position=p * 10) for p, x in enumerate("abc"))
    move_enum_value(plan=plan, value=c, offset=-2)
    ordered = EnumValue.objects.filter(field=field).order_by("position")
    assert [(v.label, v.position) for v in ordered] == [("c", 0), ("a", 1), ("b", 2)]


def test_a_users_csv_needs_a_username_column():
    with pytest.raises(CsvProblem, match="username"):
        parse_users_csv("name,email\nAnn,ann@x.org\n")
    with pytest.raises(CsvProblem, match="twice"):
        parse_users_csv("username\nann\nann\n")


def test_importing_the_same_users_twice_changes_nothing_the_second_time(plan):
    endpoint = EndpointFactory(plan=plan)
    EndpointUserFactory(endpoint=endpoint, username="ann", full_name="Ann", email="")
    text = "username,full_name\nann,Ann\nbo,Bo\n"
    assert import_users(plan=plan, endpoint=endpoint, text=text) == (1, 0)
    assert import_users(plan=plan, endpoint=endpoint, text=text) == (0, 0)
    assert AuditEvent.objects.filter(plan=plan).count() == 1
