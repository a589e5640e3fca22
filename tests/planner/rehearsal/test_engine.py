"""The rehearsal engine on small snapshots: each conversion class, enum pairs (default per
direction, catch-all), users (map, strategy, default user), calculated values, relationship rules
and required fields, each traced to the item that shows it. Pure: no database."""

import json

from planner.document.snapshot import (
    CalculatedValueSnap,
    ConnectionSnap,
    EndpointSnap,
    EnumPairSnap,
    EnumValueSnap,
    FieldMappingSnap,
    FieldSnap,
    ItemTypeSnap,
    PlanSnapshot,
    RelationshipRuleSnap,
    TypeMappingSnap,
    UserMapEntrySnap,
    UserMapSnap,
    UserSnap,
)
from planner.rehearsal.engine import CLEAN, CREATE, REFUSED, UPDATE, WITH_LOSSES, rehearse
from planner.rehearsal.readers import read


def enum(key, label, *values, required=False):
    return FieldSnap(
        key,
        label,
        "enum",
        required=required,
        values=tuple(EnumValueSnap(v, i) for i, v in enumerate(values)),
    )


LEFT_FIELDS = (
    FieldSnap("summary", "Summary", "string"),
    FieldSnap("description", "Description", "rich_text"),
    FieldSnap("due", "Due", "datetime"),
    FieldSnap("estimate", "Estimate", "float"),
    enum("priority", "Priority", "Blocker", "Critical", "Major", "Minor"),
    FieldSnap("assignee", "Assignee", "user"),
    FieldSnap("labels", "Labels", "multi_enum"),
    FieldSnap("sprint", "Sprint", "relationship"),
    FieldSnap("release", "Release", "relationship"),
)
RIGHT_FIELDS = (
    FieldSnap("id", "ID", "integer", read_only=True, system_generated=True),
    FieldSnap("name", "Name", "string", required=True, max_length=10),
    FieldSnap("notes", "Notes", "text"),
    FieldSnap("due", "Due date", "date"),
    FieldSnap("points", "Points", "integer"),
    enum("prio", "Prio", "P1", "P2", "P3", required=True),
    FieldSnap("owner", "Owner", "user"),
    enum("tag", "Tag", "ui", "db"),
    FieldSnap("sprint", "Sprint", "relationship"),
    FieldSnap("release", "Release", "relationship"),
    enum("severity", "Severity", "Low", "High", required=True),
)


def plan(*, mappings=None, user_map=None, direction="l2r", rules=(), extra=()):
    default = (
        FieldMappingSnap("summary", "name"),
        FieldMappingSnap("description", "notes"),
        FieldMappingSnap("due", "due"),
        FieldMappingSnap("estimate", "points"),
        FieldMappingSnap(
            "priority",
            "prio",
            enum_pairs=(
                EnumPairSnap("Critical", "P1"),
                EnumPairSnap("Major", "P2"),
                EnumPairSnap("Minor", "P3"),
            ),
        ),
        FieldMappingSnap("assignee", "owner"),
        FieldMappingSnap("labels", "tag", enum_pairs=(EnumPairSnap("frontend", "ui"),)),
        FieldMappingSnap("sprint", "sprint"),
        FieldMappingSnap("release", "release"),
        FieldMappingSnap(None, "severity", calculated_value=CalculatedValueSnap("constant", "Low")),
    )
    left = EndpointSnap(
        "jira",
        "Jira",
        user_representation="full_name",
        types=(ItemTypeSnap("Bug", "Bug", fields=LEFT_FIELDS),),
    )
    right = EndpointSnap(
        "octane",
        "Octane",
        user_representation="username",
        types=(ItemTypeSnap("defect", "Defect", fields=RIGHT_FIELDS),),
        users=(UserSnap("mli", "Mei Li"), UserSnap("jdoe", "Jane Doe"), UserSnap("bot", "Bot")),
    )
    tm = TypeMappingSnap(
        "Bug",
        "defect",
        direction=direction,
        field_mappings=(*(default if mappings is None else mappings), *extra),
        relationship_rules=rules,
    )
    connection = ConnectionSnap(
        "jira-octane", "jira", "octane", type_mappings=(tm,), user_map=user_map
    )
    return PlanSnapshot("p", endpoints=(left, right), connections=(connection,))


def issue(key, **fields):
    return {"key": key, "fields": {"issuetype": {"name": "Bug"}, **fields}}


def run_on(snapshot, *issues, names=None):
    body = {"issues": list(issues)}
    if names:
        body["names"] = names
    sample = read(json.dumps(body).encode(), "search.json")
    (run,) = rehearse(snapshot, {"jira": [sample]}).runs
    return run, {i.item: i for i in run.items}


def field(result, label):
    (found,) = [f for f in result.fields if f.target == label]
    return found


USER_MAP = UserMapSnap(
    strategy="by_name",
    right_default_user="bot",
    entries=(UserMapEntrySnap("Jane Doe-Smith", "jdoe"),),
)


def test_conversions_are_classified_and_traced_to_items():
    run, items = run_on(
        plan(user_map=USER_MAP),
        issue(
            "A-1",
            summary="Short",
            description="<p>Hello <b>you</b></p>",
            due="2026-01-05T14:30:00.000+0100",
            estimate=2.5,
            priority={"name": "Major"},
            assignee={"name": "mei", "displayName": "Mei Li"},
            labels=[{"value": "frontend"}, {"value": "backend"}],
        ),
        issue(
            "A-2",
            summary="A title far too long",
            due="2026-01-05T00:00:00.000+0000",
            estimate=3,
            priority={"name": "Blocker"},
            assignee={"name": "jane", "displayName": "Jane Doe-Smith"},
        ),
        issue("A-3", summary="Ok", priority={"name": "Critical"}, assignee={"displayName": "Ex"}),
    )
    assert run.mode == CREATE
    a1, a2, a3 = items["A-1"], items["A-2"], items["A-3"]
    assert field(a1, "Notes").written == "Hello you"
    assert field(a1, "Notes").reason == "markup stripped"
    assert (field(a1, "Due date").kind, field(a1, "Due date").reason) == (
        "lossy",
        "the time part is dropped",
    )
    assert field(a2, "Due date").kind == "converted"  # midnight: nothing lost
    assert field(a1, "Points").reason == "decimals dropped (precision)"
    assert field(a2, "Points").kind == "exact"
    assert field(a2, "Name").written == "A title fa"
    assert field(a2, "Name").reason == "truncated to 10 characters"
    assert field(a1, "Prio").written == "P2"
    assert field(a1, "Owner").written == "mli"  # by name
    assert field(a2, "Owner").written == "jdoe"  # the explicit entry wins
    assert field(a3, "Owner").written == "bot"  # the default user of the target
    assert field(a3, "Owner").kind == "lossy"
    # Labels (multi-select) into Tag (single-select): only the first survives.
    assert field(a1, "Tag").written == "ui"
    assert field(a1, "Tag").reason == "2 values into a single-valued field: only the first is kept"
    assert field(a1, "Severity").kind == "calculated"
    # Prio is required: Blocker has no pair, so A-2 would be refused.
    assert a2.outcome == REFUSED
    assert a2.refusals == ["Prio is required and this item leaves it empty"]
    assert a1.outcome == WITH_LOSSES
    assert run.unpaired == {("Prio", "Blocker"): 1}
    summary = run.fields["due"]
    assert dict(summary.reasons) == {"the time part is dropped": ["A-1"]}
    assert "1 of 3 items: Due date: the time part is dropped" in run.sentences()


def test_unresolved_users_without_default_are_counted_per_item():
    no_default = UserMapSnap(strategy="by_name")
    run, items = run_on(
        plan(user_map=no_default),
        *(
            issue(
                f"B-{n}", summary="x", priority={"name": "Minor"}, assignee={"displayName": "Gone"}
            )
            for n in range(3)
        ),
        issue("B-9", summary="x", priority={"name": "Minor"}, assignee={"displayName": "Mei Li"}),
    )
    assert run.unresolved_users == {("Owner", "Gone"): 3}
    assert items["B-9"].outcome != REFUSED and field(items["B-9"], "Owner").written == "mli"


def test_enum_default_and_catch_all_come_from_the_pairs():
    # Two source values paired with P1 and, for the way back, P1 and P2 paired with Critical:
    # the engine writes what facts.enums says (the last pair of the group).
    mappings = (
        FieldMappingSnap("summary", "name"),
        FieldMappingSnap(
            "priority",
            "prio",
            right_catch_all="P3",
            enum_pairs=(EnumPairSnap("Critical", "P1"), EnumPairSnap("Critical", "P2")),
        ),
    )
    run, items = run_on(
        plan(mappings=mappings, extra=(FieldMappingSnap(None, "severity"),)),
        issue("C-1", summary="x", priority={"name": "Critical"}),
        issue("C-2", summary="x", priority={"name": "Minor"}),
    )
    assert field(items["C-1"], "Prio").written == "P2"
    assert field(items["C-2"], "Prio").written == "P3"
    assert (
        field(items["C-2"], "Prio").reason == "'Minor' has no pair: written as the catch-all 'P3'"
    )
    assert run.unpaired == {}


def test_required_field_nothing_sets_refuses_every_created_item():
    mappings = (
        FieldMappingSnap("summary", "name"),
        FieldMappingSnap("priority", "prio", enum_pairs=(EnumPairSnap("Minor", "P3"),)),
    )
    run, items = run_on(
        plan(mappings=mappings), issue("D-1", summary="x", priority={"name": "Minor"})
    )
    assert items["D-1"].outcome == REFUSED
    assert items["D-1"].refusals == ["Severity is required and nothing sets it"]


def test_relationship_needs_a_rule():
    rules = (RelationshipRuleSnap("right", "release", "by name", "same release name"),)
    legacy = "com.atlassian.greenhopper.service.sprint.Sprint@1[id=3,rapidViewId=1,state=ACTIVE,name=Sprint 3]"
    run, items = run_on(
        plan(rules=rules),
        issue(
            "E-1",
            summary="x",
            priority={"name": "Minor"},
            sprint=legacy,
            release={"name": "2026.1"},
        ),
    )
    e1 = items["E-1"]
    assert field(e1, "Sprint").kind == "lossy"
    assert field(e1, "Sprint").reason.startswith(
        "no relationship rule says which Sprint 'Sprint 3'"
    )
    assert field(e1, "Release").kind == "converted" and field(e1, "Release").written == "2026.1"


def test_update_only_flows_follow_the_effective_direction():
    # The type mapping creates on the left only; Jira items update Octane through the two
    # mappings declared both ways, never through the others nor into a read-only field.
    mappings = (
        FieldMappingSnap("summary", "name", direction="both"),
        FieldMappingSnap("estimate", "points"),
        FieldMappingSnap("summary", "id", direction="both"),
        FieldMappingSnap("due", "due", direction="both", on_creation_only=True),
    )
    run, items = run_on(
        plan(mappings=mappings, direction="r2l"), issue("F-1", summary="x", estimate=1)
    )
    assert run.mode == UPDATE
    assert [f.target for f in items["F-1"].fields] == ["Name"]
    assert items["F-1"].outcome == CLEAN


def test_fields_resolved_through_the_names_map():
    run, items = run_on(
        plan(),
        {
            "key": "G-1",
            "fields": {
                "issuetype": {"name": "Bug"},
                "customfield_1": "Hi",
                "priority": {"name": "Minor"},
            },
        },
        names={"customfield_1": "Summary", "customfield_2": "Nothing"},
    )
    assert field(items["G-1"], "Name").written == "Hi"
    assert "customfield_1" not in run.unresolved_fields


def test_equal_values_of_different_types_are_converted_each_on_its_own():
    # True == 1 == 1.0 in Python: remembering conversions by value alone would give 1 the
    # refusal of True (a yes/no value is not a number).
    run, items = run_on(
        plan(mappings=(FieldMappingSnap("estimate", "points"),)),
        issue("B-1", estimate=True),
        issue("B-2", estimate=1),
        issue("B-3", estimate=1.0),
        issue("B-4", estimate=1.5),
    )
    points = {key: field(item, "Points") for key, item in items.items()}
    assert (points["B-1"].kind, points["B-1"].reason) == (
        "refused",
        "a yes/no value is not a number",
    )
    assert (points["B-2"].kind, points["B-2"].written) == ("exact", 1)
    assert (points["B-3"].kind, points["B-3"].written) == ("exact", 1)
    assert points["B-4"].reason == "decimals dropped (precision)"
    refused = [i.item for i in run.items if "Points: a yes/no value is not a number" in i.refusals]
    assert refused == ["B-1"]
