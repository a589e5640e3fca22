import pytest

from core.access import Role
from planner.document.dump import FORMAT, plan_document
from planner.document.hashing import canonical_json, content_sha256
from planner.document.load import import_document, validate_document
from planner.models import Membership
from planner.plans.clone import clone_plan
from tests.factories import MembershipFactory, UserFactory
from tests.planner.document.plans import full_plan

pytestmark = pytest.mark.django_db


def test_an_exported_document_validates_against_the_schema():
    doc = plan_document(full_plan())

    assert doc["format"] == FORMAT
    assert validate_document(doc) == []


def test_export_import_export_gives_the_same_document():
    doc = plan_document(full_plan())

    imported = import_document(doc, user=UserFactory())

    again = plan_document(imported)
    assert canonical_json(again) == canonical_json(doc)
    assert content_sha256(again) == content_sha256(doc)


def test_the_document_names_things_by_key_and_keeps_removed_marks():
    doc = plan_document(full_plan())

    connection = doc["connections"][0]
    assert (connection["left"], connection["right"]) == ("alm", "jira")
    mapping = connection["type_mappings"][0]
    assert (mapping["left_type"], mapping["right_type"]) == ("defect", "bug")
    severity = next(fm for fm in mapping["field_mappings"] if fm["left_field"] == "severity")
    assert severity["enum_pairs"] == [
        {"left": "1-Low", "right": "Minor"},
        {"left": "2-High", "right": "Major"},
        {"left": "2-High", "right": "Minor"},
    ]
    assert severity["right_catch_all"] == "Minor"
    alm = doc["endpoints"][0]
    defect = next(t for t in alm["types"] if t["key"] == "defect")
    values = next(f for f in defect["fields"] if f["key"] == "severity")["values"]
    assert values[-1] == {"label": "3-Gone", "active": False, "removed": True}
    assert next(t for t in alm["types"] if t["key"] == "old-type")["removed"] is True
    assert doc["acknowledgements"][0]["acknowledged_by"] == "alice"
    purge = next(o for o in doc["sync_server"]["operations"] if o["key"] == "purge")
    assert purge["at_time"] == "02:30:00"
    assert not [k for k in _keys(doc) if k == "id" or (k.endswith("_id") and k != "account_id")]


def _keys(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def test_the_importing_user_owns_the_new_plan():
    user = UserFactory()

    imported = import_document(plan_document(full_plan()), user=user, name="Copy")

    assert imported.name == "Copy"
    assert Membership.objects.get(plan=imported).user == user
    assert Membership.objects.get(plan=imported).role == Role.OWNER


def test_a_clone_has_the_same_content_hash_under_a_new_name():
    original = full_plan()
    user = UserFactory()

    clone = clone_plan(original, name="Clone", user=user)

    assert clone.pk != original.pk and clone.name == "Clone"
    original_doc, clone_doc = plan_document(original), plan_document(clone)
    original_doc["plan"]["name"] = clone_doc["plan"]["name"]
    assert content_sha256(original_doc) == content_sha256(clone_doc)


def test_an_import_elsewhere_recreates_the_sync_server_and_its_register():
    plan = full_plan()
    doc = plan_document(plan)
    server = plan.sync_server
    plan.connections.all().delete()  # connections protect their endpoints
    plan.delete()
    server.delete()  # another installation: no such server yet

    imported = import_document(doc, user=UserFactory())

    assert imported.sync_server.name == doc["sync_server"]["name"]
    assert imported.sync_server.operations_items.count() == 4
    assert canonical_json(plan_document(imported)) == canonical_json(doc)


def test_an_import_links_to_an_existing_sync_server_without_touching_its_register():
    plan = full_plan()
    doc = plan_document(plan)
    doc["sync_server"]["operations"] = []
    importer = MembershipFactory(plan=plan, role="editor").user  # may attach the server

    imported = import_document(doc, user=importer)

    assert imported.sync_server == plan.sync_server
    assert plan.sync_server.operations_items.count() == 4
