"""A generated clean plan raises no error or warning; one changed fact raises exactly the rule
about that fact, on exactly that subject (this catches rules that key on names, not facts)."""

from dataclasses import replace
from datetime import date

import pytest

from facts.datatypes import DataType
from planner.document.snapshot import (
    AnswerSnap,
    CalculatedValueSnap,
    ExistingItemMatchingSnap,
    TypeMappingSnap,
    UserMapEntrySnap,
    UserSnap,
)
from planner.validation.engine import validate

from .builders import (
    TODAY,
    add_field_mapping,
    change_connection,
    change_endpoint,
    change_field,
    change_field_mapping,
    change_operation,
    change_server,
    change_type,
    change_type_mapping,
    clean_plan,
    fm,
    values,
)

C1, C2 = "alm-jira", "jira-octane"
S1 = "connections/alm-jira"
DEF = f"{S1}/types/defect->defect"
REL1 = f"{S1}/types/release->release"
SPRINT = "connections/jira-octane/types/sprint->sprint"
REL2 = "connections/jira-octane/types/release->release"


def _found(snapshot):
    return {(f.code, f.subject) for f in validate(snapshot, today=TODAY)}


def test_the_clean_plan_raises_no_error_or_warning():
    findings = validate(clean_plan(), today=TODAY)
    assert [(f.code, f.subject) for f in findings if f.severity != "info"] == []


def _answers_without(connection, question, text):
    return replace(
        connection,
        answers=tuple(
            AnswerSnap(a.question, text) if a.question == question else a
            for a in connection.answers
        ),
    )


def _user_map(**changes):
    return lambda c: replace(c, user_map=replace(c.user_map, **changes))


def _add_user(user):
    return lambda e: replace(e, users=(*e.users, user))


MUTATIONS = {
    "ENM-002": (lambda s: change_field_mapping(s, C1, "defect->defect", "f_enum->f_enum", enum_pairs=(*s.connections[0].type_mappings[0].field_mappings[2].enum_pairs, replace(s.connections[0].type_mappings[0].field_mappings[2].enum_pairs[1], right="High", position=9))), f"{DEF}/fields/f_enum->f_enum"),
    "TYP-003": (lambda s: change_type_mapping(s, C1, "release->release", lambda tm: replace(tm, field_mappings=())), REL1),
    "USE-001": (lambda s: change_connection(s, C1, lambda c: _answers_without(c, "relationships", "n/a")), S1),
    "USE-002": (lambda s: change_type_mapping(s, C1, "defect->defect", lambda tm: replace(tm, system_of_record="")), DEF),
    "USE-003": (lambda s: change_type(s, "jira", "release", lambda t: replace(t, fields=t.fields[:4])), REL2),
    "USE-004": (lambda s: change_connection(s, C1, lambda c: replace(c, items_exist_in_both=True, type_mappings=(replace(c.type_mappings[0], existing_item_matchings=(ExistingItemMatchingSnap("f_string", "f_string"),)), *c.type_mappings[1:]))), REL1),
    "USE-005": (lambda s: change_type_mapping(s, C1, "defect->defect", lambda tm: replace(tm, existing_item_matchings=(ExistingItemMatchingSnap("f_string", "f_string"),))), S1),
    "USE-006": (lambda s: change_type_mapping(s, C2, "sprint->sprint", lambda tm: replace(tm, scope="")), SPRINT),
    "USE-007": (lambda s: change_field_mapping(s, C1, "release->release", "name->name", direction="both"), f"{REL1}/fields/name->name"),
    "TYP-001": (lambda s: change_type_mapping(s, C2, "release->release", lambda tm: replace(tm, direction="both")), REL2),
    "TYP-002": (lambda s: change_connection(s, C2, lambda c: replace(c, type_mappings=tuple(replace(tm, direction="both") for tm in c.type_mappings))), "connections/jira-octane"),
    "TYP-004": (lambda s: change_connection(s, C1, lambda c: replace(c, type_mappings=(*c.type_mappings, TypeMappingSnap("release", "defect", "l2r", system_of_record="left", other_side_may_update=True, field_mappings=(fm("name", "name"), fm(None, "priority", calculated_value=CalculatedValueSnap("constant", "Low"))))))), f"{S1}/types/release->defect"),
    "FLD-001": (lambda s: change_field(s, "jira", "defect", "f_bool", data_type=DataType.USER), f"{DEF}/fields/f_bool->f_bool"),
    "FLD-002": (lambda s: change_field(s, "jira", "defect", "f_date", data_type=DataType.DATETIME), f"{DEF}/fields/f_date->f_date"),
    "FLD-003": (lambda s: change_field(s, "jira", "defect", "f_tree", not_supported=True), f"{DEF}/fields/f_tree->f_tree"),
    "FLD-004": (lambda s: change_field(s, "jira", "defect", "f_text", addon_type="com.acme:longtext"), f"{DEF}/fields/f_text->f_text"),
    "FLD-005": (lambda s: change_field(s, "jira", "defect", "f_int", read_only=True), f"{DEF}/fields/f_int->f_int"),
    "FLD-006": (lambda s: change_field(s, "jira", "defect", "f_int", read_only=True, system_generated=True), f"{DEF}/fields/f_int->f_int"),
    "FLD-007": (lambda s: change_field(s, "jira", "defect", "extra05", required=True), f"{DEF}/fields/->extra05"),
    "FLD-008": (lambda s: change_field(s, "jira", "defect", "extra05", required=True, has_default=True), f"{DEF}/fields/->extra05"),
    "FLD-009": (lambda s: change_field(s, "alm", "defect", "f_bool", read_only=True), f"{DEF}/fields/f_bool->f_bool"),
    "FLD-010": (lambda s: add_field_mapping(s, C1, "defect->defect", fm("f_string", "f_text", "l2r")), f"{DEF}/fields/f_string->f_text"),
    "FLD-011": (lambda s: change_field_mapping(s, C1, "defect->defect", "->origin", calculated_value=replace(s.connections[0].type_mappings[0].field_mappings[-1].calculated_value, kind="lookup")), f"{DEF}/fields/->origin"),
    "FLD-012": (lambda s: change_field(s, "jira", "defect", "f_float", removed=True), f"{DEF}/fields/f_float->f_float"),
    "FLD-013": (lambda s: change_field_mapping(s, C2, "sprint->sprint", "name->name", direction="both"), SPRINT),
    "ENM-001": (lambda s: change_field(s, "alm", "defect", "f_enum", values=values("Low", "Medium", "High", "Critical")), f"{DEF}/fields/f_enum->f_enum"),
    "ENM-003": (lambda s: change_field(s, "alm", "defect", "f_enum", values=(*values("Low", "Medium"), *values("High", removed=True))), f"{DEF}/fields/f_enum->f_enum/values/High->High"),
    "ENM-004": (lambda s: change_field(s, "jira", "defect", "f_multi_enum", data_type=DataType.ENUM), f"{DEF}/fields/f_multi_enum->f_multi_enum"),
    "ENM-005": (lambda s: change_field_mapping(s, C1, "defect->defect", "f_multi_enum->f_multi_enum", enum_pairs=s.connections[0].type_mappings[0].field_mappings[3].enum_pairs[:2], right_catch_all="UI"), f"{DEF}/fields/f_multi_enum->f_multi_enum"),
    "USR-001": (lambda s: change_endpoint(s, "alm", lambda e: replace(e, users=tuple(replace(u, full_name="") for u in e.users))), f"{S1}/users"),
    "USR-002": (lambda s: change_endpoint(s, "alm", _add_user(UserSnap("carol", full_name="Carol Jones"))), f"{S1}/users"),
    "USR-003": (lambda s: add_field_mapping(s, C1, "defect->defect", fm("created_by", "created_by", "l2r")), f"{DEF}/fields/created_by->created_by"),
    "USR-004": (lambda s: change_connection(s, C1, _user_map(entries=(UserMapEntrySnap("alice", "Zed Nobody"),))), f"{S1}/users/alice->Zed Nobody"),
    "USR-005": (lambda s: change_endpoint(s, "alm", _add_user(UserSnap("alice2", full_name="alice  SMITH"))), f"{S1}/users"),
    "USR-006": (lambda s: change_connection(s, C1, _user_map(right_default_user="")), f"{S1}/users"),
    "WFL-001": (lambda s: change_endpoint(s, "jira", lambda e: replace(e, integration_can_override_workflow=False)), f"{DEF}/fields/status->status"),
    "WFL-002": (lambda s: change_field_mapping(s, C1, "defect->defect", "status->status", direction="both"), f"{DEF}/fields/status->status"),
    "WFL-003": (lambda s: change_endpoint(s, "jira", lambda e: replace(e, api_enforces_workflow=False)), f"{DEF}/fields/status->status"),
    "REL-001": (lambda s: change_field(s, "jira", "defect", "f_rel", relationship_targets=("sprint",)), f"{DEF}/fields/f_rel->f_rel"),
    "REL-002": (lambda s: change_type_mapping(s, C2, "sprint->sprint", lambda tm: replace(tm, relationship_rules=())), SPRINT),
    "REL-003": (lambda s: add_field_mapping(s, C2, "sprint->sprint", fm("release", "release")), f"{SPRINT}/fields/release->release"),
    "REL-004": (lambda s: change_field(s, "jira", "defect", "f_rel", data_type=DataType.STRING), f"{DEF}/fields/f_rel->f_rel"),
    "OPS-001": (lambda s: change_operation(s, "tls", expires_on=date(2026, 5, 1)), "operations/certificate/tls"),
    "OPS-002": (lambda s: change_operation(s, "tls", expires_on=date(2026, 6, 15)), "operations/certificate/tls"),
    "OPS-003": (lambda s: change_operation(s, "purge", frequency=""), "plan"),
    "OPS-004": (lambda s: change_endpoint(s, "alm", lambda e: replace(e, network_path="")), "endpoints/alm"),
    "OPS-005": (lambda s: change_operation(s, "net", owner=""), "plan"),
    "OPS-006": (lambda s: change_server(s, backup_procedure=""), "plan"),
    "OPS-007": (lambda s: change_endpoint(s, "jira", lambda e: replace(e, account_permissions="")), "endpoints/jira"),
    "OPS-008": (lambda s: change_operation(s, "tls", expires_on=None), "operations/certificate/tls"),
    "OPS-009": (lambda s: change_server(s, test_environment="tbd"), "plan"),
    "OPS-010": (lambda s: change_endpoint(s, "octane", lambda e: replace(e, auth_method="sso")), "endpoints/octane"),
    "OPS-011": (lambda s: change_endpoint(s, "octane", lambda e: replace(e, account_locale="de_DE")), "endpoints/octane"),
}  # fmt: skip

# Rules that one change cannot raise alone, with the companion finding the same change
# legitimately raises.
COMPANIONS: dict[str, set] = {
    # A type mapping without field mappings also leaves the created items' required name unset.
    "TYP-003": {("FLD-007", f"{REL1}/fields/->name")},
    # Two type mappings creating both ways are each TYP-001, and the sprint's name, inheriting
    # its type mapping's direction, now flows both ways with no conflict policy.
    "TYP-002": {("TYP-001", SPRINT), ("TYP-001", REL2), ("FLD-013", SPRINT)},
    # Matching configured for defects (USE-005) leaves the releases unmatched (USE-004).
    "USE-004": {("USE-005", S1)},
}


@pytest.mark.parametrize("code", sorted(MUTATIONS))
def test_one_change_raises_exactly_its_rule_on_its_subject(code):
    mutate, subject = MUTATIONS[code]
    base = clean_plan()
    new = _found(mutate(base)) - _found(base)
    assert new == {(code, subject)} | COMPANIONS.get(code, set())
