"""Subjects as a planner reads them (issue 14 point 6): labels with the key in brackets, the
arrow of a one-way flow, type mappings by their labels; the raw path when it names nothing."""

from dataclasses import replace

from planner.document.snapshot import (
    CalculatedValueSnap,
    ConnectionSnap,
    ExistingItemMatchingSnap,
    UserMapEntrySnap,
)
from planner.validation.display import subject_text
from planner.validation.engine import validate

from .builders import TODAY, catalog_endpoint, catalog_plan, clean_plan, fm
from .builders import type_mapping as _tm


def _plan():
    alm = catalog_endpoint("alm-qc", "alm", "ALM/QC")
    jira = catalog_endpoint("jira-cloud", "jira", "Jira")
    defects = _tm(
        "Defect",
        "Bug",
        fm("name", "summary"),
        fm("detected-in-rel", "customfield_10020", "r2l"),
        fm("priority", "priority", "both"),
        fm(None, "labels", calculated_value=CalculatedValueSnap("constant", "qa")),
        direction="both",
    )
    releases = _tm("Release", "version", fm("name", "name"))
    connection = ConnectionSnap(
        key="alm-jira", left="alm", right="jira", name="ALM/QC with Jira",
        type_mappings=(defects, releases), user_map=None,
    )  # fmt: skip
    return catalog_plan(alm, jira, connections=[connection])


TM = "connections/alm-jira/types/Defect->Bug"


def test_a_field_no_mapping_sets_is_named_by_label_and_key():
    assert (
        subject_text(_plan(), f"{TM}/fields/detected-in-rel->")
        == "ALM/QC with Jira › Defect ↔ Bug › Detected in Release (detected-in-rel)"
    )


def test_a_one_way_field_mapping_shows_its_arrow_and_a_one_way_type_mapping_its_own():
    plan = _plan()
    assert subject_text(plan, f"{TM}/fields/detected-in-rel->customfield_10020") == (
        "ALM/QC with Jira › Defect ↔ Bug › Detected in Release (detected-in-rel) ← "
        "Sprint (customfield_10020)"
    )
    assert subject_text(plan, f"{TM}/fields/name->summary").endswith(
        "Summary (name) ↔ Summary (summary)"
    )  # the field mapping inherits its type mapping's "both"
    assert (
        subject_text(plan, "connections/alm-jira/types/Release->version")
        == "ALM/QC with Jira › Release → Version"
    )


def test_calculated_values_enum_pairs_and_user_map_entries():
    plan = _plan()
    assert subject_text(plan, f"{TM}/fields/->labels").endswith(
        "› calculated value → Labels (labels)"
    )
    assert subject_text(plan, f"{TM}/fields/priority->priority/values/4-Very High->Highest") == (
        "ALM/QC with Jira › Defect ↔ Bug › Priority (priority) ↔ Priority (priority) › value "
        "4-Very High ↔ Highest"
    )
    entry = UserMapEntrySnap("gbear", "Gary Bear")
    assert subject_text(plan, f"connections/alm-jira/users/{entry.left}->{entry.right}") == (
        "ALM/QC with Jira › user map entry gbear ↔ Gary Bear"
    )


def test_endpoints_operations_and_the_plan():
    plan = _plan()
    assert (
        subject_text(plan, "endpoints/alm/types/Defect/fields/severity")
        == "ALM/QC › Defect › Severity (severity)"
    )
    assert subject_text(plan, "endpoints/jira") == "Jira"
    assert subject_text(plan, "plan") == "the plan"
    assert (
        subject_text(clean_plan(), "operations/certificate/tls")
        == "Certificate Server TLS certificate (tls)"
    )


def test_a_path_naming_nothing_stays_as_it_is():
    for path in (f"{TM}/fields/nothing", "connections/gone/types/a->b", "endpoints/x/types/y"):
        assert subject_text(_plan(), path) == path


def test_messages_name_type_and_field_mappings_by_their_labels_and_arrows():
    plan = _plan()
    connection = plan.connections[0]
    defects, releases = connection.type_mappings
    defects = replace(
        defects,
        existing_item_matchings=(ExistingItemMatchingSnap("name", "summary"),),
        field_mappings=(*defects.field_mappings, fm("description", "summary", "l2r")),
    )
    releases = replace(releases, direction="both")
    plan = replace(plan, connections=(replace(connection, type_mappings=(defects, releases)),))
    messages = {x.code: x.message for x in validate(plan, today=TODAY)}

    assert '("Defect ↔ Bug", "Release ↔ Version")' in messages["TYP-002"]
    assert 'configured for "Defect ↔ Bug"' in messages["USE-005"]
    assert '"Summary ↔ Summary" and "Description → Summary"' in messages["FLD-010"]
