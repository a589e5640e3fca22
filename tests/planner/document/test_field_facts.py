"""The fields' "set by the sync tool" and "values unknown" facts in the plan document: written
only when true (a plan without them keeps its document and hash), read back, diffed."""

import pytest

from connections.models import Field
from planner.document.diff import diff_documents
from planner.document.dump import plan_document
from planner.document.hashing import canonical_json, content_sha256
from planner.document.load import import_document, validate_document
from tests.factories import UserFactory
from tests.planner.document.plans import full_plan

pytestmark = pytest.mark.django_db


def fields_of(doc):
    for endpoint in doc["endpoints"]:
        for item_type in endpoint["types"]:
            for field in item_type["fields"]:
                yield endpoint["key"], item_type["key"], field


def test_a_plan_without_the_facts_has_no_key_for_them():
    doc = plan_document(full_plan())
    for *_, field in fields_of(doc):
        assert "set_by_sync_tool" not in field and "values_unknown" not in field


def test_the_facts_are_written_when_true_and_survive_export_import_export():
    plan = full_plan()
    before = plan_document(plan)
    field = Field.objects.filter(item_type__endpoint__plan=plan).order_by("pk").first()
    Field.objects.filter(pk=field.pk).update(set_by_sync_tool=True, values_unknown=True)

    doc = plan_document(plan)
    assert validate_document(doc) == []
    [written] = [f for *_, f in fields_of(doc) if f.get("set_by_sync_tool")]
    assert written["key"] == field.key and written["values_unknown"] is True
    assert content_sha256(doc) != content_sha256(before)
    changes = diff_documents(before, doc)
    assert [(c.kind, sorted(c.details)) for c in changes] == [
        ("changed", ["set_by_sync_tool", "values_unknown"])
    ]

    imported = import_document(doc, user=UserFactory())
    assert canonical_json(plan_document(imported)) == canonical_json(doc)
    copy = Field.objects.get(
        item_type__endpoint__plan=imported, key=field.key, item_type__key=field.item_type.key
    )
    assert copy.set_by_sync_tool and copy.values_unknown
