"""Rules that check substance, not presence (issue 14 point 3): for each, one plan on the real
product profiles of the catalog that raises the finding and a close variant across the boundary
that does not."""

from dataclasses import replace

from planner.document.snapshot import (
    CalculatedValueSnap,
    ConnectionSnap,
    ExistingItemMatchingSnap,
    RelationshipRuleSnap,
    UserMapEntrySnap,
    UserMapSnap,
    UserSnap,
)
from planner.validation.engine import validate
from planner.validation.rules.fld import DATA_TYPES_PAGE

from .builders import TODAY, catalog_endpoint, catalog_plan, fm
from .builders import type_mapping as _tm


def _alm(**kw):
    return catalog_endpoint("alm-qc", "alm", "ALM/QC", **kw)


def _jira(**kw):
    return catalog_endpoint("jira-cloud", "jira", "Jira", **kw)


def _octane(**kw):
    return catalog_endpoint("alm-octane", "octane", "Octane", **kw)


def _plan(left, right, *type_mappings, **kw):
    kw.setdefault("conflict_policy", "left_wins")
    connection = ConnectionSnap(
        key=f"{left.key}-{right.key}",
        left=left.key,
        right=right.key,
        type_mappings=type_mappings,
        **kw,
    )
    return catalog_plan(left, right, connections=[connection])


def _findings(plan, code):
    return [x for x in validate(plan, today=TODAY) if x.code == code]


def _rule(field, rule="The release whose dates contain the sprint's dates."):
    return RelationshipRuleSnap("right", field, "by_dates", rule, target_type="release")


# Data-model constraints (REL-002) ----------------------------------------------------------

_SPRINT_DATES = (fm("name", "name"), fm("startDate", "start_date"), fm("endDate", "end_date"))


def test_optional_jira_sprint_dates_into_octanes_required_window_are_rel_002():
    plan = _plan(
        _jira(),
        _octane(),
        _tm("sprint", "sprint", *_SPRINT_DATES, relationship_rules=(_rule("release"),)),
    )
    [finding] = _findings(plan, "REL-002")
    assert finding.subject == "connections/jira-octane/types/sprint->sprint"
    assert (
        '"Start date", "End date" are fed only from the optional "Start date", "End date" of '
        'Jira "Sprint", so they may be empty' in finding.message
    )
    assert "nothing sets" not in finding.message  # the release has its rule


def test_required_octane_sprint_dates_into_an_alm_cycle_need_only_the_parent_rule():
    mappings = (fm("name", "name"), fm("start_date", "start-date"), fm("end_date", "end-date"))
    rule = RelationshipRuleSnap("right", "parent-id", "by_dates", "The release containing it.")
    plan = _plan(_octane(), _alm(), _tm("sprint", "Cycle", *mappings, relationship_rules=(rule,)))
    assert _findings(plan, "REL-002") == []
    # The same dates from Jira's optional ones cross the boundary.
    jira = _plan(
        _jira(),
        _alm(),
        _tm("sprint", "Cycle", *_SPRINT_DATES[:1], fm("startDate", "start-date"),
            fm("endDate", "end-date"), relationship_rules=(rule,)),
    )  # fmt: skip
    assert [x.subject for x in _findings(jira, "REL-002")] == [
        "connections/jira-alm/types/sprint->Cycle"
    ]


def test_a_rule_saying_how_empty_dates_are_set_plans_the_constraint():
    rules = (_rule("release"), *(_rule(k, "The sprint's date, else the release's.") for k in ("start_date", "end_date")))  # fmt: skip
    plan = _plan(
        _jira(), _octane(), _tm("sprint", "sprint", *_SPRINT_DATES, relationship_rules=rules)
    )
    assert _findings(plan, "REL-002") == []


# Editable on create only (FLD-005 for the update direction) --------------------------------

_BOARD = CalculatedValueSnap("constant", "12")


def test_updating_a_field_editable_on_create_only_is_fld_005():
    plan = _plan(_octane(), _jira(), _tm("sprint", "sprint", fm("name", "name"),
                                         fm(None, "originBoardId", calculated_value=_BOARD)))  # fmt: skip
    [finding] = _findings(plan, "FLD-005")
    assert finding.subject == "connections/octane-jira/types/sprint->sprint/fields/->originBoardId"
    assert "editable on create only" in finding.message
    assert "on creation only" in finding.fix


def test_setting_a_field_editable_on_create_only_on_creation_only_is_fine():
    plan = _plan(_octane(), _jira(), _tm("sprint", "sprint", fm("name", "name"),
                                         fm(None, "originBoardId", calculated_value=_BOARD,
                                            on_creation_only=True)))  # fmt: skip
    assert _findings(plan, "FLD-005") == []


def test_the_immutable_octane_sprint_release_updated_is_rel_003_alone():
    plan = _plan(
        _jira(),
        _octane(),
        _tm("sprint", "sprint", *_SPRINT_DATES, fm("name", "release"), direction="l2r",
            relationship_rules=()),
    )  # fmt: skip
    subject = "connections/jira-octane/types/sprint->sprint/fields/name->release"
    codes = {x.code for x in validate(plan, today=TODAY) if x.subject == subject}
    assert "FLD-005" not in codes


# User-map entries in each product's representation (USR-004) ---------------------------------


def _people(endpoint_maker, by):
    gary = UserSnap("gbear", full_name="Gary Bear", email="gary.bear@example.com")
    if by == "account_id":
        gary = UserSnap("5b10ac8d", full_name="Gary Bear", account_id="5b10ac8d")
    return endpoint_maker(users=(gary,))


def _user_plan(left_name, right_name):
    user_fields = _tm("Defect", "Bug", fm("name", "summary"), fm("owner", "assignee"))
    user_map = UserMapSnap(
        strategy="explicit",
        left_default_user="gbear",
        right_default_user="Gary Bear",
        entries=(UserMapEntrySnap(left_name, right_name),),
    )
    return _plan(_people(_alm, "username"), _people(_jira, "account_id"), user_fields,
                 user_map=user_map)  # fmt: skip


def test_an_alm_user_given_by_full_name_is_usr_004():
    [finding] = _findings(_user_plan("Gary Bear", "Gary Bear"), "USR-004")
    assert finding.subject == "connections/alm-jira/users/Gary Bear->Gary Bear"
    assert "identifies users by usernames" in finding.message
    assert '"gbear"' in finding.message
    assert "Jira" not in finding.message.split("names", 1)[1]  # Jira's side is right


def test_an_alm_user_given_by_username_is_fine():
    assert _findings(_user_plan("gbear", "Gary Bear"), "USR-004") == []


# Existing items are matched per type mapping (USE-004) ----------------------------------------

_MATCH = (ExistingItemMatchingSnap("name", "summary"),)


def _existing(requirement_matching=()):
    return _plan(
        _alm(),
        _jira(),
        _tm("Defect", "Bug", fm("name", "summary"), existing_item_matchings=_MATCH),
        _tm("Requirement", "Story", fm("name", "summary"),
            existing_item_matchings=requirement_matching),
        items_exist_in_both=True,
    )  # fmt: skip


def test_a_type_mapping_without_matching_is_use_004_though_another_has_one():
    assert [x.subject for x in _findings(_existing(), "USE-004")] == [
        "connections/alm-jira/types/Requirement->Story"
    ]


def test_every_type_mapping_matched_is_no_use_004():
    assert _findings(_existing(_MATCH), "USE-004") == []


# One cause, one finding -----------------------------------------------------------------------


def test_a_string_into_a_relationship_is_fld_001_alone_with_a_page_to_open():
    tm = _tm("Defect", "Bug", fm("name", "summary"), fm("detected-in-rel", "summary", "r2l"))
    plan = _plan(_alm(), _jira(), tm)
    subject = "connections/alm-jira/types/Defect->Bug/fields/detected-in-rel->summary"
    found = {x.code: x for x in validate(plan, today=TODAY) if x.subject == subject}
    assert set(found) == {"FLD-001"}
    assert DATA_TYPES_PAGE in found["FLD-001"].fix and "docs/" not in found["FLD-001"].fix


def test_a_relationship_into_a_relationship_of_an_unmapped_type_is_rel_001():
    plan = _plan(_octane(), _jira(), _tm("defect", "Bug", fm("name", "summary"),
                                         fm("parent", "parent")))  # fmt: skip
    subject = "connections/octane-jira/types/defect->Bug/fields/parent->parent"
    assert {x.code for x in validate(plan, today=TODAY) if x.subject == subject} == {"REL-001"}


def test_the_small_octane_sprint_is_not_sync_everything_when_rel_002_asks_for_more():
    plan = _plan(_jira(), _octane(), _tm("sprint", "sprint", *_SPRINT_DATES))
    assert [x.code for x in validate(plan, today=TODAY) if x.code in ("USE-003", "REL-002")] == [
        "REL-002"
    ]


def test_mapping_most_optional_fields_of_the_jira_sprint_is_sync_everything():
    mappings = (fm("name", "name"), fm("start_date", "startDate"), fm("end_date", "endDate"),
                fm("name", "goal"))  # fmt: skip
    plan = _plan(_octane(), _jira(), _tm("sprint", "sprint", *mappings))
    [finding] = _findings(plan, "USE-003")
    assert "3 of the 4 optional fields" in finding.message


# FLD-013: one finding per type mapping --------------------------------------------------------

_BOTH_WAYS = (fm("name", "summary"), fm("description", "description"), fm("owner", "assignee"))


def test_fields_flowing_both_ways_without_a_policy_are_one_fld_013_listing_them():
    plan = _plan(_octane(), _jira(), _tm("story", "Story", *_BOTH_WAYS, direction="both"),
                 conflict_policy="")  # fmt: skip
    [finding] = _findings(plan, "FLD-013")
    assert finding.subject == "connections/octane-jira/types/story->Story"
    assert "3 fields" in finding.message
    for pair in ('"Name ↔ Summary"', '"Description ↔ Description"', '"Owner ↔ Assignee"'):
        assert pair in finding.message


def test_fields_with_their_own_policies_need_no_fld_013():
    own = tuple(replace(m, conflict_policy="right_wins") for m in _BOTH_WAYS)
    plan = _plan(_octane(), _jira(), _tm("story", "Story", *own, direction="both"),
                 conflict_policy="")  # fmt: skip
    assert _findings(plan, "FLD-013") == []


# USR-003: creator/modifier fields only --------------------------------------------------------


def test_a_user_into_jiras_creator_is_usr_003():
    tm = _tm("defect", "Bug", fm("name", "summary"), fm("detected_by", "creator"))
    [finding] = _findings(_plan(_octane(), _jira(), tm), "USR-003")
    assert 'field "Creator"' in finding.message


def test_a_user_into_jiras_settable_reporter_is_not_usr_003():
    tm = _tm("defect", "Bug", fm("name", "summary"), fm("detected_by", "reporter"))
    plan = _plan(_octane(), _jira(), tm)
    subject = "connections/octane-jira/types/defect->Bug/fields/detected_by->reporter"
    assert not [x for x in validate(plan, today=TODAY) if x.subject == subject]


def test_a_constant_for_a_relationship_is_fld_011_alone_and_a_lookup_is_fine():
    def plan(kind):
        value = CalculatedValueSnap(kind, "Sprint 12")
        return _plan(_alm(), _jira(), _tm("Defect", "Bug", fm("name", "summary"),
                                          fm(None, "customfield_10020", calculated_value=value)))  # fmt: skip

    subject = "connections/alm-jira/types/Defect->Bug/fields/->customfield_10020"
    for kind, expected in (("constant", {"FLD-011"}), ("lookup", set())):
        assert {x.code for x in validate(plan(kind), today=TODAY) if x.subject == subject} == (
            expected
        )
