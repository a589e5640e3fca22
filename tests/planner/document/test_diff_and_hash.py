import copy

import pytest

from planner.document.diff import diff_documents
from planner.document.dump import plan_document
from planner.document.hashing import canonical_json, content_sha256
from tests.planner.document.plans import full_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def doc():
    return plan_document(full_plan())


def test_canonical_json_sorts_keys_without_whitespace():
    assert canonical_json({"b": 1, "a": ["é", None]}) == '{"a":["é",null],"b":1}'.encode()


def test_the_content_hash_ignores_export_metadata_but_not_acknowledgements(doc):
    with_meta = {**doc, "meta": {"exported_at": "2026-11-25T20:00:00Z"}}
    assert content_sha256(with_meta) == content_sha256(doc)

    changed = copy.deepcopy(doc)
    changed["acknowledgements"][0]["reason"] = "Another reason"
    assert content_sha256(changed) != content_sha256(doc)


def test_the_same_plan_always_gives_the_same_bytes(doc):
    assert canonical_json(doc) == canonical_json(copy.deepcopy(doc))


def test_identical_documents_have_no_changes(doc):
    assert diff_documents(doc, copy.deepcopy(doc)) == []


def test_the_diff_names_added_removed_and_changed_items_readably(doc):
    new = copy.deepcopy(doc)
    mapping = new["connections"][0]["type_mappings"][0]
    mapping["direction"] = "l2r"
    severity = mapping["field_mappings"][1]
    severity["enum_pairs"].pop()
    new["connections"][0]["use_case_answers"].append(
        {"question": "scope", "text": "All", "data": {}}
    )
    new["sync_server"]["operations"][0]["owner"] = "New owner"

    changes = {str(c) for c in diff_documents(doc, new)}

    assert changes == {
        'type mapping connection alm-jira / defect->bug changed (direction: "both" → "l2r")',
        "enum pair connection alm-jira / type mapping defect->bug / severity->priority / 2-High↔Minor removed",
        "answer connection alm-jira / scope added",
        f"operations item {doc['sync_server']['operations'][0]['kind']} "
        f"{doc['sync_server']['operations'][0]['key']} changed (owner: "
        f'"{doc["sync_server"]["operations"][0]["owner"]}" → "New owner")',
    }


def test_reordering_enum_pairs_is_a_change(doc):
    new = copy.deepcopy(doc)
    pairs = new["connections"][0]["type_mappings"][0]["field_mappings"][1]["enum_pairs"]
    pairs.reverse()

    changes = diff_documents(doc, new)

    assert {c.kind for c in changes} == {"changed"}
    assert all(c.area == "enum pair" and "position" in c.details for c in changes)
