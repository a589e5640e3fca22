"""Each entity's document attributes are declared once (planner/document/attributes.py), and
nothing of a content model can fall outside them unnoticed."""

import dataclasses
import datetime
import json

import pytest
from django.apps import apps

from core.models import Editable
from planner.document.attributes import ENTITIES, PLAN, TOP, undeclared_fields
from planner.document.load import SCHEMA_PATH
from planner.document.schema import generated_schema, schema_text
from planner.models import Acknowledgement


def _content_models():
    # Every model whose rows are edited through the write boundary is plan content; so are
    # acknowledgements (they are in the content hash).
    return {m for m in apps.get_models() if issubclass(m, Editable)} | {Acknowledgement}


def test_every_content_model_is_declared_as_a_document_entity():
    declared = {apps.get_model(e.model) for e in ENTITIES.values()}

    assert _content_models() - declared == set()


@pytest.mark.parametrize("name", sorted(ENTITIES))
def test_every_model_field_is_in_the_document_or_excluded_with_a_reason(name):
    entity = ENTITIES[name]

    missing = undeclared_fields(entity, apps.get_model(entity.model))

    assert missing == [], (
        f"{entity.model} has fields in no document declaration: {missing}. Add them to "
        f"the {name!r} entity in planner/document/attributes.py, or to its `excluded` with the "
        "reason they are not content."
    )


@pytest.mark.parametrize("name", sorted(ENTITIES))
def test_exclusions_name_real_fields(name):
    entity = ENTITIES[name]
    fields = {f.name for f in apps.get_model(entity.model)._meta.concrete_fields}

    assert set(entity.excluded) - fields == set()


def test_a_field_missing_from_the_declarations_is_reported():
    field_entity = ENTITIES["field"]
    without_read_only = dataclasses.replace(
        field_entity, attrs=tuple(a for a in field_entity.attrs if a.name != "read_only")
    )

    assert undeclared_fields(without_read_only, apps.get_model(field_entity.model)) == ["read_only"]


@pytest.mark.parametrize("name", sorted(set(ENTITIES) - {"plan", "project_pair"}))
def test_the_snapshot_holds_exactly_the_declared_attributes_and_children(name):
    entity = ENTITIES[name]
    declared = {a.name for a in entity.attrs} | {c.attribute for c in entity.children}
    if entity.ordered:
        declared.add("position")

    init_fields = {f.name for f in dataclasses.fields(entity.snap) if f.init}

    assert init_fields == declared


def test_the_plan_snapshot_is_the_plan_attributes_and_the_top_level_elements():
    init_fields = {f.name for f in dataclasses.fields(PLAN.snap) if f.init}

    assert init_fields == {a.name for a in PLAN.attrs} | {c.attribute for c in TOP}


@pytest.mark.django_db
def test_the_snapshot_holds_the_value_records_the_pages_build():
    """An enum value and a directory user are facts/records.py's records in the snapshot too
    (declared by the enum_value and endpoint_user entities), so the connections pages that build
    them from rows hand the plan facts the same records the rules read."""
    from facts.records import EnumValueSnap, UserSnap
    from planner.document.snapshot import build_snapshot
    from tests.factories import EndpointUserFactory, EnumValueFactory

    value = EnumValueFactory(label="Open", position=0, active=False)
    endpoint = value.field.item_type.endpoint
    EndpointUserFactory(endpoint=endpoint, username="mli", full_name="Mei Li", email="")

    (snap,) = build_snapshot(endpoint.plan).endpoints

    assert ENTITIES["enum_value"].snap is EnumValueSnap
    assert ENTITIES["endpoint_user"].snap is UserSnap
    assert snap.types[0].fields[0].values == (EnumValueSnap("Open", 0, False, False),)
    assert snap.users == (UserSnap("mli", "Mei Li", "", "", True),)


def test_the_committed_schema_is_the_generated_one():
    committed = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))

    assert committed == generated_schema(), (
        "planner/document/schema.json is stale: DEBUG=true python -m planner.document.schema "
        "> planner/document/schema.json"
    )
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()


def _other_value(attr, current):
    """A valid value of ``attr`` (by its schema) different from ``current``, as the database
    holds it."""
    schema = attr.schema
    if attr.kind == "date":
        return datetime.date(2031, 7, 1)
    if attr.kind == "time":
        return datetime.time(3, 4, 5)
    if attr.kind == "object":
        return {"changed": True}
    if attr.kind == "pairs":
        return [["A", "B"]]
    if attr.kind == "tuple":
        return [4] if schema["items"].get("type") == "integer" else ["changed"]
    if "enum" in schema:
        return next(v for v in schema["enum"] if v != current)
    types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    if "boolean" in types:
        return not current
    if "integer" in types:
        low = schema.get("minimum", 0)
        return low + 1 if current != low + 1 else low + 2
    return f"{current or ''}x"


@pytest.mark.django_db
def test_every_declared_attribute_reaches_the_content_hash_and_survives_a_clone():
    """Each plain attribute of each entity, changed in the database, changes the plan's
    content hash, and the changed plan goes through export, import and export unchanged."""
    from planner.document.dump import plan_document
    from planner.document.hashing import canonical_json, content_sha256
    from planner.document.load import import_document
    from tests.factories import UserFactory
    from tests.planner.document.plans import full_plan

    plan = full_plan()
    hash_before = content_sha256(plan_document(plan))
    changed = []
    for entity in ENTITIES.values():
        model = apps.get_model(entity.model)
        if entity is PLAN:
            rows = model.objects.filter(pk=plan.pk)
        elif entity.name == "sync_server":
            rows = model.objects.filter(pk=plan.sync_server_id)
        else:
            lookup, plan_attr = entity.plan_filter
            rows = model.objects.filter(**{lookup: getattr(plan, plan_attr)})
        row = rows.order_by("pk").first()
        assert row is not None, f"the test plan has no {entity.name}"
        for attr in entity.attrs:
            if attr.ref:
                continue  # a reference names another element: its key's change is tested there
            value = _other_value(attr, getattr(row, attr.model_column))
            model.objects.filter(pk=row.pk).update(**{attr.model_column: value})
            plan.refresh_from_db()  # the snapshot reads the plan's own row from the instance
            hash_after = content_sha256(plan_document(plan))
            assert hash_after != hash_before, f"{entity.name}.{attr.name} is not in the content"
            hash_before = hash_after
            changed.append(f"{entity.name}.{attr.name}")

    plan.refresh_from_db()
    doc = plan_document(plan)
    clone = import_document(doc, user=UserFactory(), name=plan.name)

    assert canonical_json(plan_document(clone)) == canonical_json(doc)
    assert len(changed) > 100
