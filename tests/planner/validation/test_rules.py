"""Each rule raised by one plan and not by a close variant, including the situations where the
guidelines say a warning can safely be ignored, and "one finding per cause"."""

from dataclasses import replace
from datetime import date

from facts.datatypes import DataType
from planner.document.snapshot import (
    CalculatedValueSnap,
    ConnectionSnap,
    TypeMappingSnap,
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
    change_type,
    change_type_mapping,
    clean_plan,
    endpoint,
    fm,
    pairs,
    task_type,
    values,
)

C1 = "alm-jira"
DEF = "connections/alm-jira/types/defect->defect"


def codes(snapshot, **kw):
    return {(x.code, x.subject) for x in validate(snapshot, today=TODAY, **kw)}


def by_code(snapshot, code, **kw):
    return [x for x in validate(snapshot, today=TODAY, **kw) if x.code == code]


# USE ---------------------------------------------------------------------------------------


def test_a_placeholder_answer_leaves_the_use_case_undefined_but_a_sentence_defines_it():
    def answered(text):
        return change_connection(
            clean_plan(),
            C1,
            lambda c: replace(
                c,
                answers=tuple(
                    replace(a, text=text) if a.question == "data-subsets" else a for a in c.answers
                ),
            ),
        )

    [finding] = by_code(answered("TBD."), "USE-001")
    assert "Which subsets of data are synchronized?" in finding.message
    assert by_code(answered("Only defects of the mobile team's projects."), "USE-001") == []


def test_a_connection_without_type_mappings_has_no_product_roles():
    plan = change_connection(clean_plan(), C1, lambda c: replace(c, type_mappings=()))
    [finding] = by_code(plan, "USE-001")
    assert "system of record" in finding.message


def test_unknown_existing_items_and_permissions_are_unanswered_questions():
    plan = change_connection(clean_plan(), C1, lambda c: replace(c, items_exist_in_both=None))
    [finding] = by_code(plan, "USE-001")
    assert "already synchronized" in finding.message
    plan = change_type_mapping(
        clean_plan(), C1, "defect->defect", lambda tm: replace(tm, other_side_may_update=None)
    )
    assert "update the information" in by_code(plan, "USE-001")[0].message


def _every_type_mapped(types_per_side):
    left = endpoint(
        "a", "A", "alm-qc", [replace(task_type(), key=f"t{i}") for i in range(types_per_side)]
    )
    right = endpoint(
        "b", "B", "jira-cloud", [replace(task_type(), key=f"t{i}") for i in range(types_per_side)]
    )
    connection = ConnectionSnap(
        key="a-b",
        left="a",
        right="b",
        type_mappings=tuple(
            TypeMappingSnap(f"t{i}", f"t{i}", field_mappings=(fm("name", "name"),))
            for i in range(types_per_side)
        ),
    )
    snap = clean_plan()
    return replace(snap, endpoints=(left, right), connections=(connection,))


def test_mapping_every_type_of_both_endpoints_is_sync_everything_only_above_two_types():
    assert ("USE-003", "connections/a-b") in codes(_every_type_mapped(3))
    assert ("USE-003", "connections/a-b") not in codes(_every_type_mapped(2))


def test_existing_items_without_a_matching_rule_is_an_error_per_type_mapping():
    plan = change_connection(clean_plan(), C1, lambda c: replace(c, items_exist_in_both=True))
    assert [(x.severity, x.subject) for x in by_code(plan, "USE-004")] == [
        ("error", DEF),
        ("error", "connections/alm-jira/types/release->release"),
    ]
    assert by_code(plan, "USE-005") == []


def test_a_mapping_into_the_system_of_record_is_fine_when_the_other_side_may_update():
    plan = change_field_mapping(
        clean_plan(), C1, "release->release", "name->name", direction="both"
    )
    assert by_code(plan, "USE-007")
    allowed = change_type_mapping(
        plan, C1, "release->release", lambda tm: replace(tm, other_side_may_update=True)
    )
    assert by_code(allowed, "USE-007") == []


def test_a_type_mapping_without_scope_is_fine_when_the_connection_pairs_projects():
    plan = change_type_mapping(clean_plan(), C1, "defect->defect", lambda tm: replace(tm, scope=""))
    assert by_code(plan, "USE-006") == []  # alm-jira pairs its projects
    unpaired = change_connection(plan, C1, lambda c: replace(c, project_pairs=()))
    assert [x.subject for x in by_code(unpaired, "USE-006")] == [DEF]


# TYP ---------------------------------------------------------------------------------------


def test_two_type_mappings_creating_both_ways_are_a_governance_warning_one_is_info():
    one = change_type_mapping(
        clean_plan(), "jira-octane", "release->release", lambda tm: replace(tm, direction="both")
    )
    assert by_code(one, "TYP-002") == [] and by_code(one, "TYP-001")
    two = change_type_mapping(
        one, "jira-octane", "sprint->sprint", lambda tm: replace(tm, direction="both")
    )
    assert [x.subject for x in by_code(two, "TYP-002")] == ["connections/jira-octane"]


def test_two_type_mappings_into_one_type_are_fine_with_distinct_scopes():
    extra = TypeMappingSnap(
        "release", "defect", "l2r", system_of_record="left", other_side_may_update=True,
        scope="Release defects", field_mappings=(fm("name", "name"),),
    )  # fmt: skip
    plan = change_connection(
        clean_plan(), C1, lambda c: replace(c, type_mappings=(*c.type_mappings, extra))
    )
    assert by_code(plan, "TYP-004") == []
    same = change_connection(
        plan,
        C1,
        lambda c: replace(
            c,
            type_mappings=(
                *c.type_mappings[:2],
                replace(extra, scope="Defects of the current release"),
            ),
        ),
    )
    assert by_code(same, "TYP-004")


# FLD ---------------------------------------------------------------------------------------


def test_fld_001_reports_incompatible_types_not_rel_004_or_fld_002():
    plan = change_field(clean_plan(), "alm", "defect", "f_rel", data_type=DataType.STRING)
    plan = change_field_mapping(plan, C1, "defect->defect", "f_rel->f_rel", direction="both")
    found = {c for c, s in codes(plan) if s == f"{DEF}/fields/f_rel->f_rel"}
    assert "FLD-001" in found and not found & {"REL-004", "FLD-002"}


def test_an_incompatible_pair_is_fine_in_the_direction_it_does_not_flow():
    # String → relationship is refused; relationship → string is carried as text (REL-004).
    plan = change_field(clean_plan(), "jira", "defect", "f_rel", data_type=DataType.STRING)
    found = {c for c, s in codes(plan) if s == f"{DEF}/fields/f_rel->f_rel"}
    assert found == {"REL-004"}


def test_fragile_pairs_name_the_concrete_risk():
    plan = change_field(clean_plan(), "jira", "defect", "f_float", data_type=DataType.INTEGER)
    [finding] = by_code(plan, "FLD-002")
    assert "precision" in finding.message
    plan = change_field(clean_plan(), "alm", "defect", "f_string", max_length=4000)
    plan = change_field(plan, "jira", "defect", "f_string", max_length=255)
    [finding] = by_code(plan, "FLD-002")
    assert "255" in finding.message and "truncated" in finding.message


def test_writing_a_read_only_field_is_narrowed_to_a_warning_when_the_other_way_is_writable():
    plan = change_field(clean_plan(), "jira", "defect", "f_bool", read_only=True)
    [finding] = by_code(plan, "FLD-009")
    assert "the effective direction is right → left" in finding.message
    assert by_code(plan, "FLD-005") == []


def test_id_to_id_is_fld_006_with_the_custom_field_fix_and_never_fld_005():
    plan = add_field_mapping(clean_plan(), C1, "defect->defect", fm("id", "id", "both"))
    found = {c for c, s in codes(plan) if s == f"{DEF}/fields/id->id"}
    assert found == {"FLD-006"}
    [finding] = by_code(plan, "FLD-006")
    assert "custom text field on each side" in finding.fix


def test_a_calculated_value_into_a_read_only_field_is_fld_005():
    plan = change_field(clean_plan(), "jira", "defect", "origin", read_only=True)
    assert [x.subject for x in by_code(plan, "FLD-005")] == [f"{DEF}/fields/->origin"]


def test_required_fields_of_a_side_that_never_receives_created_items_are_ignored():
    # Defects are created ALM → Jira only: a required ALM field needs nothing.
    plan = change_field(clean_plan(), "alm", "defect", "extra05", required=True)
    assert by_code(plan, "FLD-007") == []
    both = change_type_mapping(plan, C1, "defect->defect", lambda tm: replace(tm, direction="both"))
    assert [x.subject for x in by_code(both, "FLD-007")] == [f"{DEF}/fields/extra05->"]


def test_a_required_field_given_a_calculated_value_is_set():
    plan = change_field(clean_plan(), "jira", "defect", "origin", required=True)
    assert by_code(plan, "FLD-007") == []


def test_fields_of_a_data_model_constraint_are_rel_002_not_fld_007():
    plan = change_type_mapping(
        clean_plan(), "jira-octane", "sprint->sprint",
        lambda tm: replace(tm, relationship_rules=(), field_mappings=tm.field_mappings[:1]),
    )  # fmt: skip
    found = {c for c, _ in codes(plan)}
    assert "REL-002" in found and "FLD-007" not in found
    [finding] = by_code(plan, "REL-002")
    assert "Release" in finding.message and "Start" in finding.message


def test_two_mappings_into_one_field_are_fine_in_different_directions():
    plan = add_field_mapping(clean_plan(), C1, "defect->defect", fm("f_string", "f_text", "r2l"))
    assert by_code(plan, "FLD-010") == []


def test_a_lookup_is_right_for_a_relationship_field_and_wrong_for_a_regular_one():
    lookup = CalculatedValueSnap("lookup", "the release named like the ALM target release")
    plan = add_field_mapping(
        clean_plan(), C1, "defect->defect", fm(None, "f_multi_rel", calculated_value=lookup)
    )
    assert by_code(plan, "FLD-011") == []
    constant = add_field_mapping(
        clean_plan(), C1, "defect->defect",
        fm(None, "f_multi_rel", calculated_value=CalculatedValueSnap("constant", "R1")),
    )  # fmt: skip
    assert [x.subject for x in by_code(constant, "FLD-011")] == [f"{DEF}/fields/->f_multi_rel"]


def test_a_stale_field_is_fld_012_only():
    plan = change_field(clean_plan(), "jira", "defect", "f_enum", removed=True)
    found = {c for c, s in codes(plan) if s == f"{DEF}/fields/f_enum->f_enum"}
    assert found == {"FLD-012"}


def test_every_mapping_of_a_type_gone_from_the_schema_is_stale():
    plan = change_type(clean_plan(), "octane", "sprint", lambda t: replace(t, removed=True))
    found = codes(plan)
    assert not {c for c, _ in found} & {"FLD-007", "REL-002"}  # nothing left to require
    stale = {s for c, s in found if c == "FLD-012"}
    assert stale == {
        f"connections/jira-octane/types/sprint->sprint/fields/{k}->{k}"
        for k in ("name", "start", "end")
    }


def test_a_field_flowing_both_ways_inherits_its_type_mappings_conflict_policy():
    plan = change_field_mapping(
        clean_plan(), "jira-octane", "sprint->sprint", "name->name", direction="both"
    )
    assert by_code(plan, "FLD-013")
    covered = change_type_mapping(
        plan, "jira-octane", "sprint->sprint", lambda tm: replace(tm, conflict_policy="left_wins")
    )
    assert by_code(covered, "FLD-013") == []


# ENM ---------------------------------------------------------------------------------------


def test_unpaired_values_are_listed_and_a_catch_all_carries_them():
    plan = change_field(
        clean_plan(), "alm", "defect", "f_enum", values=values("Low", "Medium", "High", "Critical")
    )
    [finding] = by_code(plan, "ENM-001")
    assert '"Critical"' in finding.message
    caught = change_field_mapping(
        plan, C1, "defect->defect", "f_enum->f_enum", right_catch_all="High"
    )
    assert by_code(caught, "ENM-001") == []


def test_an_unpaired_value_of_a_side_that_never_sends_is_fine():
    # f_multi_enum flows ALM → Jira only: an extra Jira value never needs carrying.
    plan = change_field(
        clean_plan(), "jira", "defect", "f_multi_enum", values=values("UI", "API", "DB", "Perf")
    )
    assert by_code(plan, "ENM-001") == []


def test_the_default_of_several_values_is_the_last_pair_and_only_when_values_flow_into_that_side():
    many_to_one = pairs(("Low", "Low"), ("Medium", "Low"), ("High", "High"))
    plan = change_field(clean_plan(), "jira", "defect", "f_enum", values=values("Low", "High"))
    plan = change_field_mapping(
        plan, C1, "defect->defect", "f_enum->f_enum", enum_pairs=many_to_one
    )
    [finding] = by_code(plan, "ENM-002")
    assert '"Low" is written into ALM "Defect" field "F Enum" as "Medium"' in finding.message
    one_way = change_field_mapping(plan, C1, "defect->defect", "f_enum->f_enum", direction="l2r")
    assert by_code(one_way, "ENM-002") == []


def test_a_pair_naming_a_vanished_value_is_enm_003_not_enm_001():
    plan = change_field(clean_plan(), "jira", "defect", "f_enum", values=values("Low", "Medium"))
    found = {c for c, _ in codes(plan)}
    assert "ENM-003" in found and "ENM-001" not in found


def test_single_to_multi_select_is_fine_one_way():
    plan = change_field(clean_plan(), "alm", "defect", "f_multi_enum", data_type=DataType.ENUM)
    assert by_code(plan, "ENM-004") == []


def test_near_same_labels_are_suggested_as_pairs():
    plan = change_field(
        clean_plan(),
        "alm",
        "defect",
        "f_multi_enum",
        values=values("UI", "API", "DB", "Perfomance"),
    )
    plan = change_field(
        plan, "jira", "defect", "f_multi_enum", values=values("UI", "API", "DB", "Performance")
    )
    plan = change_field_mapping(
        plan, C1, "defect->defect", "f_multi_enum->f_multi_enum", right_catch_all="UI"
    )
    [finding] = by_code(plan, "ENM-005")
    assert '"Perfomance" → "Performance"' in finding.message


# USR ---------------------------------------------------------------------------------------


def test_different_representations_need_a_bridge():
    plan = change_connection(clean_plan(), C1, lambda c: replace(c, user_map=None))
    [finding] = by_code(plan, "USR-001")
    assert "usernames" in finding.message and "full names" in finding.message
    same = change_endpoint(plan, "jira", lambda e: replace(e, user_representation="username"))
    assert by_code(same, "USR-001") == []


def test_missing_counterparts_are_counted_only_for_complete_directories():
    plan = change_endpoint(
        clean_plan(),
        "alm",
        lambda e: replace(e, users=(*e.users, UserSnap("carol", "Carol Jones"))),
    )
    [finding] = by_code(plan, "USR-002")
    assert "1 active user of ALM" in finding.message and "Carol Jones" in finding.message
    incomplete = change_endpoint(plan, "jira", lambda e: replace(e, user_directory_complete=False))
    assert by_code(incomplete, "USR-002") == []
    inactive = change_endpoint(
        clean_plan(),
        "alm",
        lambda e: replace(e, users=(*e.users, UserSnap("carol", "Carol Jones", active=False))),
    )
    assert by_code(inactive, "USR-002") == []


def test_creator_fields_into_a_product_that_allows_impersonation_raise_nothing():
    plan = add_field_mapping(
        clean_plan(), C1, "defect->defect", fm("created_by", "created_by", "l2r")
    )
    assert by_code(plan, "USR-003")
    allowed = change_endpoint(plan, "jira", lambda e: replace(e, allows_impersonation=True))
    found = {c for c, s in codes(allowed) if s == f"{DEF}/fields/created_by->created_by"}
    assert found == set()


def test_user_map_entries_are_checked_only_against_complete_directories():
    plan = change_connection(
        clean_plan(), C1,
        lambda c: replace(c, user_map=replace(c.user_map, entries=(*c.user_map.entries, replace(c.user_map.entries[0], right="Ghost")))),
    )  # fmt: skip
    assert [x.subject for x in by_code(plan, "USR-004")] == [
        "connections/alm-jira/users/alice->Ghost"
    ]
    incomplete = change_endpoint(plan, "jira", lambda e: replace(e, user_directory_complete=False))
    assert by_code(incomplete, "USR-004") == []


def test_name_matching_normalizes_accents_case_and_spaces():
    plan = change_endpoint(
        clean_plan(),
        "jira",
        lambda e: replace(e, users=(*e.users, UserSnap("alice.b", "ÁLICE   smith"))),
    )
    [finding] = by_code(plan, "USR-005")
    assert "alice.b" in finding.message
    by_email = change_connection(
        plan, C1, lambda c: replace(c, user_map=replace(c.user_map, strategy="by_email"))
    )
    assert by_code(by_email, "USR-005") == []


def test_no_default_user_is_info_only_when_user_fields_are_mapped():
    plan = change_connection(clean_plan(), "jira-octane", lambda c: c)
    assert [x for x in by_code(plan, "USR-006") if "jira-octane" in x.subject] == []


# WFL ---------------------------------------------------------------------------------------


def test_an_enforced_workflow_lists_the_values_flowing_in_and_those_no_transition_reaches():
    plan = change_endpoint(
        clean_plan(), "jira", lambda e: replace(e, integration_can_override_workflow=False)
    )
    [finding] = by_code(plan, "WFL-001")
    assert '"To Do", "In Progress", "Resolved", "Done"' in finding.message
    assert "No transition reaches" not in finding.message  # "To Do" is reached by creation
    plan = change_type(
        plan, "jira", "defect",
        lambda t: replace(t, transitions=(("To Do", "In Progress"), ("In Progress", "Resolved"))),
    )  # fmt: skip
    [finding] = by_code(plan, "WFL-001")
    assert finding.message.endswith('No transition reaches "Done".')


def test_a_status_mapped_both_ways_between_identical_workflows_is_fine():
    plan = change_field_mapping(
        clean_plan(), C1, "defect->defect", "status->status", direction="both"
    )
    assert by_code(plan, "WFL-002")
    jira_states = ("New", "Open", "Fixed", "Closed")
    same = change_field(plan, "jira", "defect", "status", values=values(*jira_states))
    same = change_endpoint(
        same, "jira",
        lambda e: replace(e, types=tuple(
            replace(t, states=jira_states, transitions=tuple(zip(jira_states, jira_states[1:], strict=False)))
            if t.key == "defect" else t for t in e.types)),
    )  # fmt: skip
    same = change_field_mapping(
        same, C1, "defect->defect", "status->status",
        enum_pairs=pairs(*((s, s) for s in jira_states)),
    )  # fmt: skip
    assert by_code(same, "WFL-002") == []


# REL ---------------------------------------------------------------------------------------


def test_a_relationship_rule_resolves_an_unmapped_target_type():
    plan = change_field(clean_plan(), "jira", "defect", "f_rel", relationship_targets=("sprint",))
    assert by_code(plan, "REL-001")
    from planner.document.snapshot import RelationshipRuleSnap

    ruled = change_type_mapping(
        plan, C1, "defect->defect",
        lambda tm: replace(tm, relationship_rules=(RelationshipRuleSnap("right", "f_rel", "lookup", "Sprint by name", "sprint"),)),
    )  # fmt: skip
    assert by_code(ruled, "REL-001") == []


def test_sprints_created_in_the_unconstrained_product_need_no_parent():
    # Octane → Jira sprints: Jira sprints have no release constraint.
    plan = change_type_mapping(
        clean_plan(), "jira-octane", "sprint->sprint",
        lambda tm: replace(tm, direction="r2l", relationship_rules=()),
    )  # fmt: skip
    assert by_code(plan, "REL-002") == []


def test_an_immutable_parent_mapped_on_creation_only_is_fine():
    plan = add_field_mapping(
        clean_plan(),
        "jira-octane",
        "sprint->sprint",
        fm("release", "release", on_creation_only=True),
    )
    assert by_code(plan, "REL-003") == []


# OPS ---------------------------------------------------------------------------------------


def test_the_expiry_window_is_configurable():
    plan = change_operation(clean_plan(), "tls", expires_on=date(2026, 7, 20))  # in 49 days
    assert by_code(plan, "OPS-002") == []
    assert by_code(plan, "OPS-002", warning_days=60)
    assert validate(plan, today=date(2026, 7, 21))[0].code == "OPS-001"


def test_a_purge_task_without_a_schedule_does_not_count():
    plan = change_operation(clean_plan(), "purge", weekdays=())
    assert [x.subject for x in by_code(plan, "OPS-003")] == ["plan"]


def test_a_proxy_needs_a_host_and_port():
    plan = change_endpoint(
        clean_plan(), "alm", lambda e: replace(e, network_path="proxy", proxy_host="proxy.local")
    )
    assert by_code(plan, "OPS-004")
    ok = change_endpoint(plan, "alm", lambda e: replace(e, proxy_port=3128))
    assert by_code(ok, "OPS-004") == []


def test_an_http_endpoint_needs_no_certificate_trust():
    plan = change_endpoint(
        clean_plan(), "alm", lambda e: replace(e, base_url="http://alm.local", certificate_trust="")
    )
    assert by_code(plan, "OPS-004") == []


def test_product_knowledge_is_needed_for_every_endpoints_product():
    plan = change_endpoint(clean_plan(), "octane", lambda e: replace(e, product="servicenow"))
    [finding] = by_code(plan, "OPS-005")
    assert "knowledge of Octane" in finding.message


def test_english_locales_in_any_spelling_are_fine():
    for locale in ("en", "en-GB", "EN_us", ""):
        plan = change_endpoint(
            clean_plan(), "octane", lambda e, loc=locale: replace(e, account_locale=loc)
        )
        assert by_code(plan, "OPS-011") == []


def test_a_plan_without_a_sync_server_lacks_purge_backup_and_test_environment():
    found = {c for c, s in codes(replace(clean_plan(), sync_server=None)) if s == "plan"}
    assert {"OPS-003", "OPS-005", "OPS-006", "OPS-009"} <= found


def test_findings_are_sorted_by_severity_and_identified_by_code_and_subject():
    plan = change_endpoint(
        clean_plan(),
        "octane",
        lambda e: replace(e, auth_method="sso", account_locale="fr_FR", network_path=""),
    )
    findings = validate(plan, today=TODAY)
    ranks = [{"error": 0, "warning": 1, "info": 2}[x.severity] for x in findings]
    assert ranks == sorted(ranks)
    assert len({(x.code, x.subject) for x in findings}) == len(findings)
