"""The merge policy of schema imports (docs/importers.md): a document updates what it states, a
fact it does not state keeps its value, nothing is removed unless the documents list the whole
scope, and removals and weakened facts wait for their own confirmation."""

from dataclasses import replace

import pytest

from connections.catalog.loader import load_catalog
from connections.endpoints.services import create_endpoint_from_product
from connections.importers import SchemaImportError
from connections.imports.services import apply_import, preview_import
from connections.models import Direction, EnumValue, Field, ItemType, Product
from planner.document.snapshot import build_snapshot
from planner.validation.engine import validate
from tests.connections.importers.helpers import SAMPLES, field_of, labels, parse_samples
from tests.factories import ConnectionFactory, FieldMappingFactory, PlanFactory, TypeMappingFactory

pytestmark = pytest.mark.django_db

BUG_FIELDS = "ado_wit_workitemtypes_Bug_fields_expandAll__msdocs.json"


def catalog_endpoint(product_key, plan=None, key=None):
    load_catalog()
    return create_endpoint_from_product(
        plan=plan or PlanFactory(),
        product=Product.objects.get(key=product_key),
        key=key or product_key,
    )


def facts(endpoint):
    """Everything the rules rely on, per (type, field)."""
    rows = Field.objects.filter(item_type__endpoint=endpoint).select_related("item_type")
    return {
        (f.item_type.key, f.key): {
            "removed": f.removed,
            "data_type": f.data_type,
            "read_only": f.read_only,
            "system_generated": f.system_generated,
            "set_by_sync_tool": f.set_by_sync_tool,
            "create_only": f.create_only,
            "relationship_targets": list(f.relationship_targets),
            "values": labels(f, removed=False),
        }
        for f in rows
    }


def test_the_ado_bug_fields_response_onto_the_catalog_endpoint_erases_nothing():
    endpoint = catalog_endpoint("azure-devops")
    types = set(ItemType.objects.filter(endpoint=endpoint).values_list("key", flat=True))
    severity_before = labels(field_of(endpoint, "Bug", "Microsoft.VSTS.Common.Severity"))

    diff = apply_import(endpoint, parse_samples(BUG_FIELDS))

    system_id = field_of(endpoint, "Bug", "System.Id")
    assert system_id.read_only and system_id.system_generated  # not made writable
    assert system_id.data_type == "integer"  # not turned into an add-on
    assert field_of(endpoint, "Bug", "System.Title").data_type == "string"
    assert labels(field_of(endpoint, "Bug", "System.State")) == [
        "Active",
        "Closed",
        "New",
        "Resolved",
    ]
    assert labels(field_of(endpoint, "Bug", "Microsoft.VSTS.Common.Severity")) == severity_before
    assert len(severity_before) == 4
    # The other types are untouched: the file lists one type's fields, not the project's types.
    assert (
        set(ItemType.objects.filter(endpoint=endpoint, removed=False).values_list("key", flat=True))
        == types
    )
    assert ItemType.objects.filter(endpoint=endpoint, key="User Story").get().fields.count() > 10
    # What it states is applied: new fields, the allowed values of Priority.
    assert field_of(endpoint, "Bug", "System.Reason").data_type == "enum"
    assert labels(field_of(endpoint, "Bug", "Microsoft.VSTS.Common.Priority")) == [
        "1",
        "2",
        "3",
        "4",
    ]
    # The Bug type's field System.Parent, which the complete field listing lacks, is held back.
    assert [r.subject for r in diff.held.fields_removed] == ["Bug / System.Parent"]
    assert not field_of(endpoint, "Bug", "System.Parent").removed


def test_after_the_import_system_id_mapped_to_jira_summary_is_still_fld_009():
    plan = PlanFactory()
    ado = catalog_endpoint("azure-devops", plan, "ado")
    jira = catalog_endpoint("jira-cloud", plan, "jira")
    mapping = FieldMappingFactory(
        type_mapping=TypeMappingFactory(
            connection=ConnectionFactory(plan=plan, left=ado, right=jira),
            left_type=ItemType.objects.get(endpoint=ado, key="Bug"),
            right_type=ItemType.objects.get(endpoint=jira, key="Bug"),
            direction=Direction.BOTH,
        ),
        left_field=field_of(ado, "Bug", "System.Id"),
        right_field=field_of(jira, "Bug", "summary"),
    )

    def codes():
        return {x.code for x in validate(build_snapshot(plan)) if "System.Id" in x.subject}

    assert "FLD-009" in codes()
    apply_import(ado, parse_samples(BUG_FIELDS))
    assert "FLD-009" in codes() and "FLD-004" not in codes()
    assert mapping.left_field.pk == field_of(ado, "Bug", "System.Id").pk


def test_weakened_facts_are_held_back_and_applied_only_with_the_confirmation():
    endpoint = catalog_endpoint("azure-devops")
    schema = parse_samples(BUG_FIELDS)
    bug = next(t for t in schema.types if t.key == "Bug")
    # A document that does state System.Id as writable, and empties State's value list.
    fields = tuple(
        replace(f, read_only=False, system_generated=False, stated=None)
        if f.key == "System.Id"
        else replace(f, values=(), stated=None)
        if f.key == "System.State"
        else f
        for f in bug.fields
    )
    weakening = replace(schema, types=(replace(bug, fields=fields),))

    diff = preview_import(endpoint, weakening)
    weakened = {(c.subject, c.attribute) for c in diff.held.fields_changed}
    assert {
        ("Bug / System.Id", "read_only"),
        ("Bug / System.Id", "system_generated"),
        ("Bug / System.State", "values"),
    } <= weakened
    assert not {(c.subject, c.attribute) for c in diff.fields_changed} & weakened
    assert any("would be weakened" in line for line in diff.held.consequences())
    assert "Facts weakened" in dict(diff.held.held_sections())
    assert "  Facts weakened (" in diff.as_text()

    apply_import(endpoint, weakening)
    assert field_of(endpoint, "Bug", "System.Id").read_only
    assert labels(field_of(endpoint, "Bug", "System.State"))

    apply_import(endpoint, weakening, confirm_removals=True)
    assert not field_of(endpoint, "Bug", "System.Id").read_only
    assert not EnumValue.objects.filter(field=field_of(endpoint, "Bug", "System.State")).exists()


def test_a_users_only_import_says_what_it_adds_and_leaves_the_types_alone():
    endpoint = catalog_endpoint("jira-cloud")
    before = facts(endpoint)
    schema = parse_samples("jira_user_search__jiracli_users.json")
    assert schema.contents() == f"{len(schema.users)} users"
    diff = preview_import(endpoint, schema)
    assert diff.headline() == f"{len(schema.users)} users added"
    apply_import(endpoint, schema)
    assert facts(endpoint) == before


# Every schema sample onto the catalog endpoint of its product.
PRODUCTS = {
    "jira": "jira-cloud",
    "ado": "azure-devops",
    "octane": "alm-octane",
    "servicenow": "servicenow",
    "alm": "alm-qc",
}
SCHEMA_SAMPLES = sorted(
    p.name for p in SAMPLES.iterdir() if p.is_file() and p.name.split("_")[0] in PRODUCTS
) + ["items/jira_rest_api_2_issue_KEY_expand-names-schema-all__jrjc_valid-all-expanded.json"]


# Refused whole, with their cause (tests/connections/importers), so nothing changes: a picklist
# or used-list names no field on its own, the Octane SDK routes file is not a response, and the
# Octane help's example is not valid JSON.
REFUSED = {
    "ado_work_processes_lists_id__msdocs.json",
    "alm_qc_customization_used-lists_Severity__admhelp_example_SECONDHAND.xml",
    "octane_defect_fields_DERIVED__jssdk_routes_default_excerpt.json",
    "octane_metadata_entities_story__admhelp_doc_example_VERBATIM_INVALID_JSON.txt",
}


def test_the_parametrized_list_holds_every_schema_sample():
    assert len(SCHEMA_SAMPLES) == 30 and set(SCHEMA_SAMPLES) > REFUSED


@pytest.mark.parametrize("name", SCHEMA_SAMPLES)
def test_no_sample_weakens_a_fact_or_removes_anything_without_the_confirmation(name):
    product = PRODUCTS[name.split("/")[-1].split("_")[0]]
    endpoint = catalog_endpoint(product)
    before = facts(endpoint)
    types_before = set(ItemType.objects.filter(endpoint=endpoint).values_list("key", flat=True))
    # ALM documents do not name their entity: give it as the upload form's type box would.
    hint = "defect" if product == "alm-qc" else "Bug"
    if name in REFUSED:
        with pytest.raises(SchemaImportError):
            parse_samples(name, type_hint=hint)
        return
    schema = parse_samples(name, type_hint=hint)
    diff = apply_import(endpoint, schema)
    # What the documents leave out, or lower, waits for the confirmation.
    assert not (diff.types_removed or diff.fields_removed or diff.values_removed)
    assert not diff.users_removed

    after = facts(endpoint)
    assert (
        set(ItemType.objects.filter(endpoint=endpoint, removed=False).values_list("key", flat=True))
        >= types_before
    )
    for key, was in before.items():
        now = after.get(key)
        assert now is not None and not now["removed"], key
        for fact in ("read_only", "system_generated", "set_by_sync_tool", "create_only"):
            assert now[fact] or not was[fact], (key, fact)
        assert now["data_type"] != "addon" or was["data_type"] == "addon", key
        assert set(was["values"]) <= set(now["values"]), key
        assert now["relationship_targets"] or not was["relationship_targets"], key
