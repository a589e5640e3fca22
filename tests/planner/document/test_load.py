import copy

import pytest

from planner.document.dump import plan_document
from planner.document.load import (
    DocumentRejected,
    import_document,
    snapshot_from_document,
    validate_document,
)
from planner.models import Plan
from tests.factories import UserFactory
from tests.planner.document.plans import full_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def doc():
    return plan_document(full_plan())


def _refused(doc):
    before = Plan.objects.count()
    with pytest.raises(DocumentRejected) as refused:
        import_document(doc, user=UserFactory())
    assert Plan.objects.count() == before, "a refused document must create nothing"
    return refused.value.messages


def test_a_document_failing_the_schema_is_refused_with_pointers_and_nothing_is_created(doc):
    doc["connections"][0]["type_mappings"][0]["direction"] = "sideways"
    del doc["endpoints"][1]["name"]

    messages = _refused(doc)

    assert any(
        m.startswith("/connections[alm-jira]/type_mappings[defect->bug]/direction: ")
        for m in messages
    )
    assert any(m.startswith("/endpoints[jira]: ") and "'name'" in m for m in messages)


def test_a_document_naming_things_that_exist_nowhere_is_refused_with_each_pointer(doc):
    mapping = doc["connections"][0]["type_mappings"][0]
    mapping["field_mappings"][1]["enum_pairs"][0]["right"] = "Blocker"
    mapping["field_mappings"][0]["left_field"] = "title"
    mapping["relationship_rules"][0]["target_type"] = "initiative"
    doc["connections"][0]["project_pairs"][0]["right"] = "NOPE"

    messages = _refused(doc)

    assert messages == [
        '/connections[alm-jira]/project_pairs[DEFAULT/QA↔NOPE]/right: no project "NOPE" in endpoint "jira"',
        '/connections[alm-jira]/type_mappings[defect->bug]/field_mappings[title->summary]/left_field: no field "title" in type "defect"',
        '/connections[alm-jira]/type_mappings[defect->bug]/field_mappings[severity->priority]/enum_pairs[1-Low↔Blocker]/right: no value "Blocker" in field "priority"',
        '/connections[alm-jira]/type_mappings[defect->bug]/relationship_rules[right parent]/target_type: no type "initiative" in endpoint "alm" or "jira"',
    ]


def test_a_connection_to_an_unknown_endpoint_is_refused(doc):
    doc["connections"][0]["right"] = "servicenow"

    assert validate_document(doc) == ['/connections[alm-jira]/right: no endpoint "servicenow"']


def test_duplicates_the_database_would_refuse_are_reported(doc):
    endpoint = doc["endpoints"][0]
    endpoint["types"].append(copy.deepcopy(endpoint["types"][0]))
    pairs = doc["connections"][0]["type_mappings"][0]["field_mappings"][1]["enum_pairs"]
    pairs.append(dict(pairs[0]))

    messages = validate_document(doc)

    assert f"/endpoints[alm]/types/{len(endpoint['types']) - 1}: duplicate type key " in messages[0]
    assert any("/enum_pairs/3: duplicate enum pair" in m for m in messages)


def test_a_duplicate_is_named_by_its_index_as_its_key_does_not_tell_it_apart(doc):
    doc["connections"][0]["project_pairs"][0]["left"] = "A/B"
    doc["endpoints"][0]["projects"].append({"key": "A/B", "name": ""})
    doc["endpoints"][0]["projects"].append({"key": "A/B", "name": ""})

    assert validate_document(doc) == ['/endpoints[alm]/projects/2: duplicate project key "A/B"']


def test_something_that_is_not_an_object_is_refused():
    assert validate_document([1, 2]) == ["/: a plan document is a JSON object"]
    assert validate_document({"format": "other/9", "plan": {"name": "x"}})[0].startswith("/format:")


def test_an_unknown_product_is_refused(doc):
    doc["endpoints"][1]["product"] = "no-such-product"

    assert _refused(doc) == [
        '/endpoints[jira]/product: no product "no-such-product" in this installation\'s catalog'
    ]


def test_a_snapshot_from_the_document_equals_the_database_snapshot_in_content(doc):
    snapshot = snapshot_from_document(doc)

    assert plan_document(snapshot) == doc
    connection = snapshot.connections[0]
    assert (
        connection.type_mappings[0].field_direction(connection.type_mappings[0].field_mappings[0])
        == "both"
    )


def test_a_minimal_hand_written_document_imports():
    doc = {
        "format": "syncplan/1",
        "plan": {"name": "Small"},
        "endpoints": [
            {"key": "a", "name": "A", "types": [{"key": "t", "fields": [{"key": "f", "data_type": "string"}]}]},
            {"key": "b", "name": "B", "types": [{"key": "u", "fields": [{"key": "g", "data_type": "text"}]}]},
        ],
        "connections": [
            {"key": "a-b", "left": "a", "right": "b", "type_mappings": [
                {"left_type": "t", "right_type": "u",
                 "field_mappings": [{"left_field": "f", "right_field": "g"}]}]}
        ],
    }  # fmt: skip

    plan = import_document(doc, user=UserFactory())

    exported = plan_document(plan)
    assert exported["connections"][0]["type_mappings"][0]["field_mappings"][0]["right_field"] == "g"
    assert validate_document(exported) == []


def test_a_document_the_database_refuses_is_rolled_back_and_refused(doc, monkeypatch):
    from django.db import IntegrityError

    from planner.document import load

    def fail_midway(*args, **kwargs):
        from planner.models import Plan as PlanModel

        PlanModel.objects.create(name="half-imported")
        raise IntegrityError("duplicate key")

    monkeypatch.setattr(load, "_write_plan", fail_midway)

    messages = _refused(doc)

    assert messages == ["/: the database refused the document: duplicate key"]
    assert not Plan.objects.filter(name="half-imported").exists()
