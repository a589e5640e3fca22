"""Subject paths read back (parse, the inverse of the builders) and where each lives in the pages
(place): the page, the row's anchor and the fix one click away."""

import pytest

from facts import subjects as S

FM = S.field_mapping("c1", "defect", "bug", "severity", "priority")


@pytest.mark.parametrize(
    "subject, kind, expected",
    [
        (S.PLAN, "plan", {}),
        (S.SERVER, "server", {}),
        (S.endpoint("alm"), "endpoint", {"endpoint": "alm"}),
        (S.item_type("alm", "defect"), "item_type", {"endpoint": "alm", "type": "defect"}),
        (S.field("alm", "defect", "severity"), "field", {"type": "defect", "field": "severity"}),
        (
            S.enum_value("alm", "defect", "severity", "1-Low / minor"),
            "enum_value",
            {"field": "severity", "rest": "1-Low / minor"},
        ),
        (S.endpoint_user("alm", "olga"), "endpoint_user", {"endpoint": "alm", "rest": "olga"}),
        (S.connection("c1"), "connection", {"connection": "c1"}),
        (S.use_case("c1", "who-creates"), "use_case", {"rest": "who-creates"}),
        (S.type_mapping("c1", "defect", "bug"), "type_mapping", {"type": "defect->bug"}),
        (FM, "field_mapping", {"field": "severity->priority", "left": "severity"}),
        (
            S.field_mapping("c1", "defect", "bug", None, "components"),
            "field_mapping",
            {"left": "", "right": "components"},
        ),
        # Labels may hold "/" and "->": still one pair of the mapping.
        (
            S.enum_pair(FM, "High / urgent", "P1->now"),
            "enum_pair",
            {"field": "severity->priority", "left": "High / urgent", "right": "P1->now"},
        ),
        (S.relationship_rule("c1", "defect", "bug", "parent"), "relationship_rule", {}),
        (S.matching("c1", "defect", "bug", "id", "key"), "matching", {"left": "id"}),
        (S.users("c1"), "users", {"connection": "c1"}),
        (S.user_map_entry("c1", "olga", "o.k"), "user_map_entry", {"right": "o.k"}),
        (S.operations_item("certificate", "proxy-ca"), "operations_item", {"key": "proxy-ca"}),
        ("somewhere/else", "", {}),
    ],
)
def test_parse_reads_back_what_the_builders_make(subject, kind, expected):
    parsed = S.parse(subject)
    assert parsed.kind == kind
    for name, value in expected.items():
        assert getattr(parsed, name) == value


IDS = S.Ids(
    endpoints={"alm": 1, "jira": 2},
    types={("alm", "defect"): 11},
    fields={("alm", "defect", "severity"): 21, ("jira", "bug", "components"): 22},
    endpoint_users={("alm", "olga"): 31},
    connections={"c1": 5},
    connection_endpoints={"c1": ("alm", "jira")},
    type_mappings={("c1", "defect->bug"): 7},
    field_mappings={("c1", "defect->bug", "severity->priority"): 9},
    enum_pairs={("c1", "defect->bug", "severity->priority", "High", "P1"): 41},
    user_map_entries={("c1", "olga", "o.k"): 51},
    operations={("certificate", "proxy-ca"): 61},
)
TM = (("connection_id", 5), ("type_mapping_id", 7))


def test_a_field_mapping_lands_on_its_workspace_row():
    where = S.place(FM, IDS, "FLD-006")
    assert (where.name, where.kwargs, where.anchor, where.action) == (
        "connections:workspace",
        TM,
        "fm-9",
        None,
    )


def test_an_unpaired_enum_mapping_offers_to_pair_the_missing_values():
    where = S.place(FM, IDS, "ENM-001")
    label, target = where.action
    assert label == "Pair the missing values"
    assert (target.name, target.kwargs) == ("connections:enum_pairs", (*TM, ("mapping_id", 9)))


def test_an_enum_pair_lands_on_its_row_in_the_enum_editor():
    where = S.place(S.enum_pair(FM, "High", "P1"), IDS, "ENM-003")
    assert (where.name, where.anchor) == ("connections:enum_pairs", "pair-41")
    assert dict(where.kwargs)["mapping_id"] == 9


def test_a_required_field_no_mapping_sets_offers_a_calculated_value_for_it():
    subject = S.field_mapping("c1", "defect", "bug", None, "components")
    where = S.place(subject, IDS, "FLD-008")
    assert (where.name, where.anchor) == ("connections:workspace", "fields-right")
    label, target = where.action
    assert label == "Add a calculated value"
    assert (target.name, target.anchor, target.query) == (
        "connections:calculated_value_form",
        "calc-editor",
        (("field", 22),),
    )


def test_a_type_mapping_without_conflict_policy_points_at_its_setup_row():
    where = S.place(S.type_mapping("c1", "defect", "bug"), IDS, "FLD-013")
    assert (where.name, where.anchor) == ("connections:connection_setup", "type-mapping-7")
    assert where.action[0] == "Set the conflict policy"
    assert S.place(S.type_mapping("c1", "defect", "bug"), IDS, "TYP-003").action is None


@pytest.mark.parametrize(
    "subject, name, anchor",
    [
        (S.user_map_entry("c1", "olga", "o.k"), "connections:user_map", "entry-51"),
        (S.users("c1"), "connections:user_map", ""),
        (S.use_case("c1", "who-creates"), "planner:wizard_step", "wizard"),
        (S.operations_item("certificate", "proxy-ca"), "planner:operations", "item-61"),
        (S.SERVER, "planner:operations", "server"),
        (S.field("alm", "defect", "severity"), "connections:item_type_detail", "field-line-21"),
        (S.item_type("alm", "defect"), "connections:endpoint_detail", "type-11"),
        (S.endpoint_user("alm", "olga"), "connections:endpoint_users", "user-line-31"),
        (S.endpoint("alm"), "connections:endpoint_detail", ""),
        (S.connection("c1"), "connections:connection_detail", ""),
        (S.PLAN, "planner:plan_detail", ""),
    ],
)
def test_each_subject_lands_on_its_row(subject, name, anchor):
    where = S.place(subject, IDS)
    assert (where.name, where.anchor) == (name, anchor)


def test_an_unanswered_use_case_lands_on_the_wizards_first_open_question():
    where = S.place(S.connection("c1"), IDS, "USE-001")
    assert (where.name, where.anchor) == ("planner:wizard_start", "wizard")


@pytest.mark.parametrize(
    "subject, code, anchor",
    [
        (S.PLAN, "OPS-003", "maintenance_task"),
        (S.PLAN, "OPS-005", "skill"),
        (S.PLAN, "OPS-009", "server"),
        (S.endpoint("alm"), "OPS-004", "endpoint-1"),
    ],
)
def test_operations_findings_land_in_the_register_where_they_are_recorded(subject, code, anchor):
    where = S.place(subject, IDS, code)
    assert (where.name, where.anchor) == ("planner:operations", anchor)


def test_a_type_mapping_without_field_mappings_lands_in_its_workspace():
    where = S.place(S.type_mapping("c1", "defect", "bug"), IDS, "TYP-003")
    assert (where.name, where.kwargs) == ("connections:workspace", TM)


def test_user_map_findings_land_where_the_user_map_fixes_them():
    assert S.place(S.users("c1"), IDS, "USR-006").anchor == "user-map-settings"
    assert S.place(S.users("c1"), IDS, "USR-002").anchor == "entries"


def test_a_rollout_topic_lands_on_the_rollout_step():
    where = S.place(S.use_case("c1", "rollout-cutover"), IDS)
    assert dict(where.kwargs)["step_key"] == "rollout"


def test_a_row_that_is_gone_falls_back_to_its_page_then_the_plan():
    gone = S.field_mapping("c1", "task", "story", "a", "b")
    assert S.place(gone, IDS).name == "connections:connection_detail"
    assert S.place(S.connection("gone"), IDS).name == "planner:plan_detail"
