import pytest

from bench.generate import generate_enterprise_plan
from planner.document.dump import plan_document
from planner.document.hashing import canonical_json
from planner.document.load import import_document, validate_document
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_generated_large_plan_survives_export_import_export_unchanged(
    django_assert_max_num_queries,
):
    owner = UserFactory()
    plan = generate_enterprise_plan(
        owner, types=6, fields_per_type=60, type_mappings=5, field_mappings=250,
        enum_pairs=2000, users=500, user_map_entries=500,
    )  # fmt: skip
    doc = plan_document(plan)
    assert validate_document(doc) == []
    pairs = sum(
        len(fm["enum_pairs"])
        for c in doc["connections"]
        for tm in c["type_mappings"]
        for fm in tm["field_mappings"]
    )
    assert pairs >= 2000

    # Bulk inserts: the query count does not grow with the plan's size.
    with django_assert_max_num_queries(60):
        imported = import_document(doc, user=owner, name=plan.name)

    assert canonical_json(plan_document(imported)) == canonical_json(doc)
