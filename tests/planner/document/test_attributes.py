"""Each entity's document attributes are declared once (planner/document/attributes.py), and
nothing of a content model can fall outside them unnoticed."""

import dataclasses
import json

import pytest
from django.apps import apps

from connections.models import Editable
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


def test_the_committed_schema_is_the_generated_one():
    committed = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))

    assert committed == generated_schema(), (
        "planner/document/schema.json is stale: DEBUG=true python -m planner.document.schema "
        "> planner/document/schema.json"
    )
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()
