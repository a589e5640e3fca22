import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from connections.catalog.loader import (
    CATALOG_DIR,
    FIELD_SCHEMA,
    PROFILE_SCHEMA,
    TYPE_SCHEMA,
    CatalogError,
    load_catalog,
    read_catalog,
)
from connections.endpoints.services import (
    ENDPOINT_BEHAVIOURS,
    FIELD_ATTRIBUTES,
    TYPE_ATTRIBUTES,
    create_endpoint_from_product,
)
from connections.models import Field, ItemType, Product
from facts.datatypes import USER_TYPES
from tests.factories import PlanFactory

PRODUCTS = {"jira-cloud", "jira-data-center", "alm-octane", "alm-qc", "azure-devops", "servicenow"}


@pytest.fixture(scope="module")
def catalog():
    return {entry.key: entry for entry in read_catalog()}


def _type(catalog, product, type_key):
    return next(t for t in catalog[product].profile["types"] if t["key"] == type_key)


def _field(catalog, product, type_key, field_key):
    return next(f for f in _type(catalog, product, type_key)["fields"] if f["key"] == field_key)


def _labels(field):
    return [v["label"] for v in field.get("values", [])]


@pytest.fixture
def catalog_copy(tmp_path):
    """A writable copy of the built-in catalog."""
    for path in CATALOG_DIR.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _rewrite(path, change):
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document, indent=2))


# --- Loading -----------------------------------------------------------------------------------


def test_every_catalog_file_is_read_and_checked(catalog):
    assert set(catalog) == PRODUCTS
    for entry in catalog.values():
        assert entry.file == f"{entry.key}.json"
        assert entry.name and entry.vendor and entry.description
        assert len(entry.sha256) == 64


def test_loading_the_catalog_creates_one_product_per_file(db):
    result = load_catalog()

    assert sorted(result.created) == sorted(PRODUCTS)
    assert set(Product.objects.values_list("key", flat=True)) == PRODUCTS
    octane = Product.objects.get(key="alm-octane")
    assert octane.name == "ALM Octane"
    assert octane.profile["user_representation"] == "full_name"
    assert len(octane.catalog_sha256) == 64


def test_loading_twice_changes_and_duplicates_nothing(db):
    load_catalog()
    before = list(Product.objects.order_by("key").values())

    result = load_catalog()

    assert result.created == [] and result.updated == []
    assert sorted(result.unchanged) == sorted(PRODUCTS)
    assert not result.changed
    assert list(Product.objects.order_by("key").values()) == before


def test_a_changed_file_updates_its_product_only(db, catalog_copy):
    load_catalog(catalog_copy)
    old_sha = Product.objects.get(key="alm-qc").catalog_sha256

    def add_type(document):
        document["profile"]["types"].append(
            {
                "key": "Run",
                "label": "Run",
                "fields": [{"key": "id", "label": "Run ID", "data_type": "integer"}],
            }
        )

    _rewrite(catalog_copy / "alm-qc.json", add_type)
    result = load_catalog(catalog_copy)

    assert result.updated == ["alm-qc"]
    assert "alm-qc" not in result.unchanged and len(result.unchanged) == len(PRODUCTS) - 1
    product = Product.objects.get(key="alm-qc")
    assert product.catalog_sha256 != old_sha
    assert product.profile["types"][-1]["key"] == "Run"
    assert Product.objects.count() == len(PRODUCTS)


def test_reformatting_a_file_without_changing_it_is_not_an_update(db, catalog_copy):
    load_catalog(catalog_copy)
    _rewrite(catalog_copy / "servicenow.json", lambda document: None)  # indent 2, new layout

    assert load_catalog(catalog_copy).updated == []


def test_the_management_command_reports_what_it_did(db):
    out = StringIO()
    call_command("load_catalog", stdout=out)
    assert "6 products (6 created, 0 updated, 0 unchanged)" in out.getvalue()

    out = StringIO()
    call_command("load_catalog", stdout=out)
    assert "6 products (0 created, 0 updated, 6 unchanged)" in out.getvalue()


def test_the_file_schema_names_every_attribute_the_endpoint_service_copies():
    assert set(FIELD_SCHEMA["properties"]) == {"key", "label", "values", *FIELD_ATTRIBUTES}
    assert set(TYPE_SCHEMA["properties"]) == {"key", "label", "fields", *TYPE_ATTRIBUTES}
    assert set(PROFILE_SCHEMA["properties"]) == {"types", *ENDPOINT_BEHAVIOURS}


@pytest.mark.parametrize("product_key", sorted(PRODUCTS))
def test_every_product_makes_an_endpoint_with_all_its_types_and_fields(db, catalog, product_key):
    load_catalog()
    product = Product.objects.get(key=product_key)
    profile = catalog[product_key].profile

    endpoint = create_endpoint_from_product(plan=PlanFactory(), product=product, key="ep")

    assert list(endpoint.item_types.values_list("key", flat=True)) == [
        t["key"] for t in profile["types"]
    ]
    assert Field.objects.filter(item_type__endpoint=endpoint).count() == sum(
        len(t["fields"]) for t in profile["types"]
    )
    assert endpoint.user_representation == profile["user_representation"]


# --- Malformed files -------------------------------------------------------------------------


def _sprint_release_field(document):
    sprint = next(t for t in document["profile"]["types"] if t["key"] == "sprint")
    return next(f for f in sprint["fields"] if f["key"] == "release")


MALFORMED = [
    (
        "a misspelt data type",
        "alm-octane.json",
        lambda d: _sprint_release_field(d).update(data_type="relatinship"),
        "alm-octane.json: profile.types[6] (sprint).fields[2] (release).data_type: "
        "'relatinship' is not one of",
    ),
    (
        "a misspelt attribute",
        "alm-octane.json",
        lambda d: _sprint_release_field(d).update(requried=True),
        "alm-octane.json: profile.types[6] (sprint).fields[2] (release): Additional properties "
        "are not allowed ('requried' was unexpected)",
    ),
    (
        "a relationship to a type the product does not have",
        "alm-octane.json",
        lambda d: _sprint_release_field(d).update(relationship_targets=["releases"]),
        "alm-octane.json: profile.types[6] (sprint).fields[2] (release).relationship_targets[0]: "
        "no type 'releases' in this product",
    ),
    (
        "a parent field that does not point at the parent type",
        "alm-octane.json",
        lambda d: _sprint_release_field(d).update(relationship_targets=["team"]),
        "alm-octane.json: profile.types[6] (sprint).parent_field: 'release' does not point at "
        "'release'",
    ),
    (
        "a workflow state the state field does not have",
        "alm-qc.json",
        lambda d: d["profile"]["types"][0]["states"].append("Deferred"),
        "alm-qc.json: profile.types[0] (Defect).states[6]: state 'Deferred' is not a value of "
        "'status'",
    ),
    (
        "an enum default that is not a value",
        "alm-qc.json",
        lambda d: d["profile"]["types"][0]["fields"][5].update(default_value="Open "),
        "alm-qc.json: profile.types[0] (Defect).fields[5] (status).default_value: the default "
        "'Open ' is not one of the values",
    ),
    (
        "a field defined twice",
        "jira-cloud.json",
        lambda d: d["profile"]["types"][0]["fields"].append(
            {"key": "summary", "label": "Again", "data_type": "string"}
        ),
        "jira-cloud.json: profile.types[0] (Bug).fields[23] (summary).key: field 'summary' is "
        "defined twice in this type",
    ),
    (
        "a key that differs from the file name",
        "servicenow.json",
        lambda d: d.update(key="service-now"),
        "servicenow.json: key: the key 'service-now' must equal the file name 'servicenow'",
    ),
    (
        "a missing name",
        "azure-devops.json",
        lambda d: d.pop("name"),
        "azure-devops.json: 'name' is a required property",
    ),
]


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
def test_a_malformed_file_is_refused_with_its_name_and_place(
    db, catalog_copy, file, change, message
):
    _rewrite(catalog_copy / file, change)

    with pytest.raises(CatalogError) as error:
        load_catalog(catalog_copy)

    assert str(error.value).startswith(message)
    assert error.value.file == file
    assert Product.objects.count() == 0  # every file is checked before anything is written


def test_a_file_that_is_not_json_is_refused_with_its_line(db, catalog_copy):
    path = catalog_copy / "jira-cloud.json"
    path.write_text(path.read_text().replace('"vendor": "Atlassian",', '"vendor": "Atlassian"'))

    with pytest.raises(
        CatalogError,
        match=r"^jira-cloud\.json: line 5 column 3: not valid JSON: Expecting .,. delimiter",
    ):
        load_catalog(catalog_copy)


def test_the_command_fails_clearly_on_a_malformed_catalog(db, catalog_copy):
    _rewrite(catalog_copy / "alm-qc.json", lambda d: d["profile"].update(types=[]))

    with pytest.raises(CommandError, match=r"catalog not loaded: alm-qc\.json: profile\.types"):
        call_command("load_catalog", directory=catalog_copy, stdout=StringIO())


def test_an_empty_folder_is_not_a_catalog(db, tmp_path):
    with pytest.raises(CatalogError, match="no catalog files"):
        load_catalog(tmp_path)


# --- Product facts (guidelines and products.md) -----------------------------------------------


def test_octane_sprints_need_a_release_dates_inside_it_and_cannot_move(catalog):
    sprint = _type(catalog, "alm-octane", "sprint")
    assert sprint["parent_type"] == "release"
    assert sprint["parent_field"] == "release"
    assert sprint["date_window_fields"] == ["start_date", "end_date"]
    assert sprint["parent_immutable"] is True
    release = _field(catalog, "alm-octane", "sprint", "release")
    assert release["data_type"] == "relationship"
    assert release["relationship_targets"] == ["release"]
    assert release["required"] is True
    for key in ("start_date", "end_date"):
        assert _field(catalog, "alm-octane", "sprint", key)["required"] is True


def test_octane_releases_require_start_and_end_dates(catalog):
    for key in ("start_date", "end_date"):
        date = _field(catalog, "alm-octane", "release", key)
        assert date["required"] is True
        assert date["data_type"] in ("date", "datetime")


def test_octane_phase_is_required_with_a_default_on_every_backlog_type(catalog):
    for type_key in ("defect", "story", "quality_story", "feature", "epic"):
        phase = _field(catalog, "alm-octane", type_key, "phase")
        assert phase["data_type"] == "enum"
        assert phase["required"] is True
        assert phase["has_default"] is True
        assert phase["default_value"] == "New" == _labels(phase)[0]
        assert _type(catalog, "alm-octane", type_key)["workflow_state_field"] == "phase"


def test_alm_defect_severity_is_required_with_no_default(catalog):
    severity = _field(catalog, "alm-qc", "Defect", "severity")
    assert severity["data_type"] == "enum"
    assert severity["required"] is True
    assert not severity.get("has_default") and not severity.get("default_value")
    assert _labels(severity) == ["1-Low", "2-Medium", "3-High", "4-Very High"]


def test_alm_defects_carry_the_fields_products_md_names(catalog):
    defect = _type(catalog, "alm-qc", "Defect")
    assert defect["workflow_state_field"] == "status"
    assert defect["states"] == ["New", "Open", "Fixed", "Closed", "Rejected", "Reopen"]
    assert _field(catalog, "alm-qc", "Defect", "name")["required"] is True
    detected_by = _field(catalog, "alm-qc", "Defect", "detected-by")
    assert detected_by["data_type"] == "user" and detected_by["required"] is True
    defect_id = _field(catalog, "alm-qc", "Defect", "id")
    assert defect_id["read_only"] and defect_id["system_generated"]
    assert _labels(_field(catalog, "alm-qc", "Defect", "priority"))[-1] == "5-Urgent"


@pytest.mark.parametrize("product", ["jira-cloud", "jira-data-center"])
def test_jira_sprints_have_no_required_dates_and_no_release_link(catalog, product):
    sprint = _type(catalog, product, "sprint")
    assert not sprint.get("parent_type")
    assert not sprint.get("date_window_fields")
    assert not sprint.get("parent_immutable")
    for key in ("startDate", "endDate"):
        date = _field(catalog, product, "sprint", key)
        assert date["data_type"] == "datetime"
        assert not date.get("required")
    assert not any(
        f["data_type"] in ("relationship", "multi_relationship") for f in sprint["fields"]
    )


def test_the_jira_sprint_field_on_issues_is_a_relationship_to_sprint(catalog):
    for product, key in (("jira-cloud", "customfield_10020"), ("jira-data-center", "customfield_10100")):  # fmt: skip
        for type_key in ("Story", "Bug", "Task"):
            sprint = _field(catalog, product, type_key, key)
            assert sprint["label"] == "Sprint"
            assert sprint["data_type"] == "relationship"
            assert sprint["relationship_targets"] == ["sprint"]


def test_jira_needs_a_summary_and_priority_runs_highest_to_lowest(catalog):
    for product in ("jira-cloud", "jira-data-center"):
        assert _field(catalog, product, "Bug", "summary")["required"] is True
        priority = _field(catalog, product, "Bug", "priority")
        assert _labels(priority) == ["Highest", "High", "Medium", "Low", "Lowest"]
        key = _field(catalog, product, "Bug", "issuekey")
        assert key["read_only"] and key["system_generated"]


def test_each_product_represents_users_as_the_guidelines_say(catalog):
    representation = {k: e.profile["user_representation"] for k, e in catalog.items()}
    assert representation["jira-cloud"] == "full_name"
    assert representation["jira-data-center"] == "full_name"
    assert representation["alm-qc"] == "username"
    assert representation["alm-octane"] == "full_name"


def test_workflow_enforcement_and_overrides_follow_the_products(catalog):
    profile = {k: e.profile for k, e in catalog.items()}
    assert profile["alm-qc"]["api_enforces_workflow"] is False
    for key in PRODUCTS - {"alm-qc"}:
        assert profile[key]["api_enforces_workflow"] is True
    assert profile["azure-devops"]["integration_can_override_workflow"] is True
    assert profile["azure-devops"]["allows_impersonation"] is True
    for key in PRODUCTS - {"azure-devops"}:
        assert profile[key]["integration_can_override_workflow"] is False
        assert profile[key]["allows_impersonation"] is False


def test_creator_and_modifier_user_fields_cannot_be_set_by_people(catalog):
    system_user_fields = [
        (product, t["key"], f["key"])
        for product, entry in catalog.items()
        for t in entry.profile["types"]
        for f in t["fields"]
        if f["data_type"] in USER_TYPES and f.get("system_generated")
    ]
    assert ("jira-cloud", "Bug", "creator") in system_user_fields
    assert ("azure-devops", "Bug", "System.ChangedBy") in system_user_fields
    assert ("servicenow", "incident", "sys_updated_by") in system_user_fields
    assert ("alm-octane", "story", "author") in system_user_fields
    for product, type_key, field_key in system_user_fields:
        assert _field(catalog, product, type_key, field_key)["user_settable"] is False
    assert _field(catalog, "jira-cloud", "Bug", "assignee").get("user_settable", True) is True


def test_products_keep_to_a_realistic_size(catalog):
    for entry in catalog.values():
        assert 5 <= len(entry.profile["types"]) <= 9, entry.key
        assert max(len(t["fields"]) for t in entry.profile["types"]) <= 24, (
            entry.key
        )  # 22 + the two set by the sync tool


def test_a_catalog_endpoint_is_editable_after_creation(db):
    load_catalog()
    endpoint = create_endpoint_from_product(
        plan=PlanFactory(), product=Product.objects.get(key="alm-octane"), key="octane"
    )
    endpoint.user_representation = "email"
    endpoint.save()
    ItemType.objects.filter(endpoint=endpoint, key="sprint").update(parent_immutable=False)

    endpoint.refresh_from_db()
    assert endpoint.user_representation == "email"
    assert not endpoint.item_types.get(key="sprint").parent_immutable
    assert Product.objects.get(key="alm-octane").profile["user_representation"] == "full_name"
