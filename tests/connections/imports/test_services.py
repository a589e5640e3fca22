"""Re-importing a changed schema: the diff shown before applying, and what applying keeps."""

import json
from dataclasses import replace

import pytest
from django.db import IntegrityError

from connections.importers import ImportDocument, parse_documents
from connections.imports.services import apply_import, preview_import
from connections.models import EnumPair, EnumValue, Field, FieldMapping, ItemType
from core.models import AuditEvent
from tests.connections.importers.helpers import SAMPLES, field_of, labels
from tests.factories import (
    ConnectionFactory,
    EndpointFactory,
    EnumPairFactory,
    EnumValueFactory,
    FieldFactory,
    FieldMappingFactory,
    ItemTypeFactory,
    TypeMappingFactory,
)

pytestmark = pytest.mark.django_db

FIELD_LIST = "ado_wit_fields__msdocs_GET__wit_fields.json"
BUG_FIELDS = "ado_wit_workitemtypes_Bug_fields_expandAll__msdocs.json"


def bug_documents(change=None):
    wrapper = json.loads((SAMPLES / BUG_FIELDS).read_text())
    fields = {f["referenceName"]: f for f in wrapper["body"]["value"]}
    if change:
        change(fields)
    wrapper["body"]["value"] = list(fields.values())
    return [
        ImportDocument(FIELD_LIST, (SAMPLES / FIELD_LIST).read_bytes()),
        ImportDocument(BUG_FIELDS, json.dumps(wrapper).encode()),
    ]


def changed(fields):
    state = fields["System.State"]
    state["allowedValues"] = [v for v in state["allowedValues"] if v not in ("Resolved", "Closed")]
    state["allowedValues"].append("Verified")
    del fields["Microsoft.VSTS.Common.Activity"]  # nothing refers to it
    del fields["Microsoft.VSTS.Common.Priority"]  # mapped
    fields["System.Title"]["alwaysRequired"] = False
    fields["Microsoft.VSTS.Common.Severity"]["defaultValue"] = "2 - High"
    fields["Custom.Risk"] = {
        "referenceName": "Custom.Risk",
        "name": "Risk",
        "alwaysRequired": False,
        "allowedValues": ["Low", "High"],
        "defaultValue": None,
    }


@pytest.fixture
def mapped():
    """The Bug type imported on the left of a connection, with its State and Priority fields
    mapped and State=Resolved paired."""
    connection = ConnectionFactory(key="ado-octane")
    left = connection.left
    apply_import(left, parse_documents(bug_documents()))
    right_type = ItemTypeFactory(endpoint=connection.right, key="defect")
    type_mapping = TypeMappingFactory(
        connection=connection,
        left_type=ItemType.objects.get(endpoint=left, key="Bug"),
        right_type=right_type,
    )
    state_mapping = FieldMappingFactory(
        type_mapping=type_mapping,
        left_field=field_of(left, "Bug", "System.State"),
        right_field=FieldFactory(item_type=right_type, key="phase", data_type="enum"),
    )
    resolved = EnumValue.objects.get(field=state_mapping.left_field, label="Resolved")
    pair = EnumPairFactory(
        field_mapping=state_mapping,
        left_value=resolved,
        right_value=EnumValueFactory(field=state_mapping.right_field, label="Fixed"),
    )
    priority_mapping = FieldMappingFactory(
        type_mapping=type_mapping,
        left_field=field_of(left, "Bug", "Microsoft.VSTS.Common.Priority"),
        right_field=FieldFactory(item_type=right_type, key="priority", data_type="enum"),
    )
    return left, state_mapping, priority_mapping, pair


def test_preview_of_a_changed_schema_lists_every_change_and_the_stale_mappings(mapped):
    endpoint, *_ = mapped
    before = Field.objects.filter(item_type__endpoint=endpoint).count()
    diff = preview_import(endpoint, parse_documents(bug_documents(changed)))

    assert diff.fields_added == ["Bug / Custom.Risk (enum, 2 values)"]
    # Removals are held back, apart from the rest, until the removal confirmation.
    assert not diff.fields_removed and not diff.values_removed
    held = diff.held
    removed = {r.subject: r for r in held.fields_removed}
    assert set(removed) == {
        "Bug / Microsoft.VSTS.Common.Activity",
        "Bug / Microsoft.VSTS.Common.Priority",
    }
    assert not removed["Bug / Microsoft.VSTS.Common.Activity"].kept
    assert removed["Bug / Microsoft.VSTS.Common.Priority"].kept
    changes = {(c.subject, c.attribute): (c.before, c.after) for c in diff.fields_changed}
    assert changes[("Bug / System.Title", "required")] == (True, False)
    assert changes[("Bug / Microsoft.VSTS.Common.Severity", "default_value")] == (
        "3 - Medium",
        "2 - High",
    )
    assert "Bug / System.State = Verified" in diff.values_added
    values_removed = {r.subject: r.kept for r in held.values_removed}
    assert values_removed["Bug / System.State = Resolved"] is True  # an enum pair uses it
    assert values_removed["Bug / System.State = Closed"] is False
    assert (
        len(held.stale_field_mappings) == 1
        and "Microsoft.VSTS.Common.Priority" in held.stale_field_mappings[0]
    )
    assert len(held.stale_enum_pairs) == 1 and "Resolved ↔ Fixed" in held.stale_enum_pairs[0]
    assert held.consequences() == [
        "2 fields would be marked removed; 1 field of them still used by the plan",
        # State's Resolved and Closed, and the values of the two removed fields.
        "12 enum values would be marked removed; 1 enum value of them still used by the plan",
        "1 field mapping uses them",
        "1 enum pair uses them",
    ]
    # A preview changes nothing.
    assert Field.objects.filter(item_type__endpoint=endpoint).count() == before
    assert not Field.objects.filter(item_type__endpoint=endpoint, removed=True).exists()


def test_applying_keeps_mappings_and_marks_what_they_refer_to_as_removed(mapped):
    endpoint, state_mapping, priority_mapping, pair = mapped
    title = field_of(endpoint, "Bug", "System.Title")
    events = AuditEvent.objects.filter(plan=endpoint.plan).count()
    revision = endpoint.plan.revision

    apply_import(endpoint, parse_documents(bug_documents(changed)), confirm_removals=True)

    priority = Field.objects.get(pk=priority_mapping.left_field_id)
    assert priority.removed  # kept for the mapping (FLD-012)
    assert FieldMapping.objects.filter(pk=priority_mapping.pk).exists()
    assert not Field.objects.filter(
        item_type__endpoint=endpoint, key="Microsoft.VSTS.Common.Activity"
    ).exists()
    state = Field.objects.get(pk=state_mapping.left_field_id)
    assert not state.removed
    assert EnumValue.objects.get(field=state, label="Resolved").removed  # ENM-003
    assert EnumPair.objects.filter(pk=pair.pk).exists()
    assert not EnumValue.objects.filter(field=state, label="Closed").exists()
    assert labels(state, removed=False) == ["Active", "New", "Verified"]
    title.refresh_from_db()
    assert not title.required and title.lock_version == 1
    assert labels(field_of(endpoint, "Bug", "Custom.Risk")) == ["Low", "High"]
    # One audit event for the whole import, one revision bump.
    assert AuditEvent.objects.filter(plan=endpoint.plan).count() == events + 1
    event = AuditEvent.objects.filter(plan=endpoint.plan).latest("created_at")
    assert event.action == "endpoint.schema_import" and event.after["changes"]["fields_added"] == 1
    endpoint.plan.refresh_from_db()
    assert endpoint.plan.revision == revision + 1


def test_reimporting_the_original_restores_what_was_marked_removed(mapped):
    endpoint, _, priority_mapping, _ = mapped
    apply_import(endpoint, parse_documents(bug_documents(changed)), confirm_removals=True)
    diff = preview_import(endpoint, parse_documents(bug_documents()))
    assert ("Bug / Microsoft.VSTS.Common.Priority", "removed") in {
        (c.subject, c.attribute) for c in diff.fields_changed
    }
    assert "Bug / Custom.Risk" in {r.subject for r in diff.held.fields_removed}
    apply_import(endpoint, parse_documents(bug_documents()), confirm_removals=True)
    assert not Field.objects.get(pk=priority_mapping.left_field_id).removed
    assert not EnumValue.objects.filter(field__item_type__endpoint=endpoint, removed=True).exists()


def test_a_removed_field_nothing_refers_to_any_more_is_deleted_on_the_next_import(mapped):
    endpoint, _, priority_mapping, _ = mapped
    apply_import(endpoint, parse_documents(bug_documents(changed)), confirm_removals=True)
    FieldMapping.objects.filter(pk=priority_mapping.pk).delete()
    diff = apply_import(endpoint, parse_documents(bug_documents(changed)), confirm_removals=True)
    assert [r.subject for r in diff.fields_removed] == ["Bug / Microsoft.VSTS.Common.Priority"]
    assert not Field.objects.filter(pk=priority_mapping.left_field_id).exists()


def test_a_type_that_disappeared_is_kept_while_a_type_mapping_uses_it(mapped):
    endpoint, *_ = mapped
    other = parse_documents(
        [
            ImportDocument(
                "ado.json",
                (SAMPLES / "ado_work_processes_workItemTypes_fields__msdocs.json").read_bytes(),
            )
        ]
    )
    # One type's fields say nothing of the other types: Bug stays as it is.
    assert preview_import(endpoint, other).held is None
    apply_import(endpoint, other, confirm_removals=True)
    assert not ItemType.objects.get(endpoint=endpoint, key="Bug").removed
    # Documents listing every type of the project (as wit/workitemtypes does) remove it, with
    # the confirmation only; the type mapping keeps it, marked removed.
    every_type = replace(other, types_complete=True)
    diff = preview_import(endpoint, every_type)
    assert not diff.types_removed
    assert [r.subject for r in diff.held.types_removed] == ["Bug"]
    assert diff.held.types_removed[0].kept
    apply_import(endpoint, every_type)
    assert not ItemType.objects.get(endpoint=endpoint, key="Bug").removed
    apply_import(endpoint, every_type, confirm_removals=True)
    assert ItemType.objects.get(endpoint=endpoint, key="Bug").removed
    assert ItemType.objects.filter(endpoint=endpoint, key="ChangeRequest", removed=False).exists()


def test_the_same_import_twice_changes_nothing_the_second_time(mapped):
    endpoint, *_ = mapped
    assert preview_import(endpoint, parse_documents(bug_documents())).is_empty


def test_a_failure_while_applying_changes_nothing(monkeypatch):
    endpoint = EndpointFactory()
    ItemTypeFactory(endpoint=endpoint, key="Old")
    events = AuditEvent.objects.count()

    from connections.imports import services as schema_import

    real_insert = schema_import.insert_rows

    def fail_on_values(model, rows):
        if model is EnumValue:
            raise IntegrityError("simulated failure after types and fields were written")
        return real_insert(model, rows)

    monkeypatch.setattr(schema_import, "insert_rows", fail_on_values)
    with pytest.raises(IntegrityError):
        apply_import(endpoint, parse_documents(bug_documents()))
    assert list(ItemType.objects.filter(endpoint=endpoint).values_list("key", flat=True)) == ["Old"]
    assert not Field.objects.filter(item_type__endpoint=endpoint).exists()
    assert AuditEvent.objects.count() == events


def generated(count, suffix=""):
    from connections.importers.schema import (
        ImportedField,
        ImportedSchema,
        ImportedType,
        ImportedValue,
    )
    from facts.datatypes import DataType

    fields = tuple(
        ImportedField(
            f"f{i}",
            f"Field {i}{suffix}",
            DataType.ENUM,
            values=(ImportedValue("a"), ImportedValue("b" + suffix)),
        )
        for i in range(count)
    )
    return ImportedSchema(product="test", types=(ImportedType("t", "T", fields),))


@pytest.mark.parametrize("count", [5, 400])
def test_import_runs_a_bounded_number_of_queries_whatever_the_schema_size(
    count, django_assert_max_num_queries
):
    endpoint = EndpointFactory()
    with django_assert_max_num_queries(30):
        apply_import(endpoint, generated(count))
    with django_assert_max_num_queries(30):
        apply_import(endpoint, generated(count, suffix=" v2"), confirm_removals=True)
    assert EnumValue.objects.filter(field__item_type__endpoint=endpoint).count() == 2 * count


def test_documents_of_another_product_than_the_endpoints_are_flagged():
    from tests.factories import ProductFactory

    jira = EndpointFactory(product=ProductFactory(key="jira-cloud", name="Jira Cloud"))
    diff = preview_import(jira, parse_documents(bug_documents()))
    assert diff.warnings[0].startswith("these documents come from another product")
    octane = EndpointFactory(product=ProductFactory(key="alm-octane", name="ALM Octane"))
    octane_doc = ImportDocument(
        "f.json",
        (SAMPLES / "octane_metadata_fields__javasdk_getFieldsMetadataString.json").read_bytes(),
    )
    assert not preview_import(octane, parse_documents([octane_doc])).warnings


def test_the_summary_counts_the_values_of_added_fields():
    endpoint = EndpointFactory()
    diff = apply_import(endpoint, parse_documents(bug_documents()))
    assert (
        diff.summary()["values_added"]
        == EnumValue.objects.filter(field__item_type__endpoint=endpoint).count()
        == 64
    )


def test_an_unchanged_reimport_leaves_every_row_and_its_lock_version_alone():
    endpoint = EndpointFactory()
    apply_import(endpoint, parse_documents(bug_documents()))
    apply_import(endpoint, parse_documents(bug_documents()))
    assert set(
        ItemType.objects.filter(endpoint=endpoint).values_list("lock_version", flat=True)
    ) == {0}
    assert set(
        Field.objects.filter(item_type__endpoint=endpoint).values_list("lock_version", flat=True)
    ) == {0}
    assert set(
        EnumValue.objects.filter(field__item_type__endpoint=endpoint).values_list(
            "lock_version", flat=True
        )
    ) == {0}


def test_a_document_that_does_not_state_a_value_list_leaves_its_removed_marks_alone(mapped):
    endpoint, state_mapping, _, _ = mapped
    apply_import(endpoint, parse_documents(bug_documents(changed)), confirm_removals=True)
    resolved = EnumValue.objects.get(field=state_mapping.left_field, label="Resolved")
    assert resolved.removed  # kept for its enum pair

    def no_state_values(fields):
        changed(fields)
        fields["System.State"]["allowedValues"] = []  # an empty list states no value list

    diff = apply_import(endpoint, parse_documents(bug_documents(no_state_values)))
    # wit/fields types State "string": without its values that would unmake the enum.
    assert [(c.subject, c.attribute, c.after) for c in diff.held.fields_changed] == [
        ("Bug / System.State", "data_type", "string")
    ]
    assert Field.objects.get(pk=state_mapping.left_field_id).data_type == "enum"
    resolved.refresh_from_db()
    assert resolved.removed and resolved.lock_version == 1
    assert labels(state_mapping.left_field, removed=False) == ["Active", "New", "Verified"]
