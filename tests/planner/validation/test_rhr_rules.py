"""RHR: the rehearsal's results as findings. Each code on a small plan rehearsed on sample items
(the rehearsal really runs: ``rehearsal_result``), and a close variant that does not raise it.
The ALM Octane side is built in the REST reference's shape (no published sample exists). Pure:
no database."""

import json
from dataclasses import replace

from facts import subjects
from planner.document.snapshot import (
    ConnectionSnap,
    EndpointSnap,
    EnumPairSnap,
    EnumValueSnap,
    ExistingItemMatchingSnap,
    FieldMappingSnap,
    FieldSnap,
    ItemTypeSnap,
    PlanSnapshot,
    TypeMappingSnap,
    UserMapEntrySnap,
    UserMapSnap,
    UserSnap,
)
from planner.rehearsal.readers import read
from planner.rehearsal.results import rehearsal_result
from planner.validation.engine import validate


def enum(key, label, *values, required=False):
    return FieldSnap(
        key, label, "enum", required=required,
        values=tuple(EnumValueSnap(v, i) for i, v in enumerate(values)),
    )  # fmt: skip


JIRA_FIELDS = (
    FieldSnap("summary", "Summary", "string"),
    FieldSnap("due", "Due", "datetime"),
    enum("priority", "Priority", "Blocker", "Critical", "Major"),
    FieldSnap("assignee", "Assignee", "user"),
    FieldSnap("ref", "Reference", "string"),
)
OCTANE_FIELDS = (
    FieldSnap("name", "Name", "string", required=True),
    FieldSnap("due", "Due date", "date"),
    enum("prio", "Prio", "P1", "P2"),
    FieldSnap("owner", "Owner", "user"),
    FieldSnap("jira_key", "Jira key", "string"),
)
PAIRS = (EnumPairSnap("Critical", "P1"), EnumPairSnap("Major", "P2"))
USER_MAP = UserMapSnap(strategy="by_name")


def plan(
    *, pairs=PAIRS, catch_all="", user_map=USER_MAP, direction="l2r", prio_direction="",
    octane_fields=OCTANE_FIELDS, extra=(),
):  # fmt: skip
    mappings = (
        FieldMappingSnap("summary", "name"),
        FieldMappingSnap("due", "due"),
        FieldMappingSnap(
            "priority", "prio", enum_pairs=pairs, right_catch_all=catch_all,
            direction=prio_direction,
        ),
        FieldMappingSnap("assignee", "owner"),
        FieldMappingSnap("ref", "jira_key"),
        *extra,
    )  # fmt: skip
    jira = EndpointSnap(
        "jira", "Jira", user_representation="full_name",
        types=(ItemTypeSnap("Bug", "Bug", fields=JIRA_FIELDS),),
    )  # fmt: skip
    octane = EndpointSnap(
        "octane", "Octane", user_representation="username",
        types=(ItemTypeSnap("defect", "Defect", fields=octane_fields),),
        users=(UserSnap("mli", "Mei Li"), UserSnap("jdoe", "Jane Doe")),
    )  # fmt: skip
    tm = TypeMappingSnap(
        "Bug", "defect", direction=direction, field_mappings=mappings,
        existing_item_matchings=(ExistingItemMatchingSnap("ref", "jira_key"),),
    )  # fmt: skip
    connection = ConnectionSnap(
        "jira-octane", "jira", "octane", type_mappings=(tm,), user_map=user_map
    )
    return PlanSnapshot("p", endpoints=(jira, octane), connections=(connection,))


def bug(key, **fields):
    base = {
        "summary": "A bug",
        "due": "2026-01-05T00:00:00.000+0000",
        "priority": {"name": "Major"},
        "assignee": {"displayName": "Mei Li"},
        "ref": key,
    }
    return {"key": key, "fields": {"issuetype": {"name": "Bug"}, **base, **fields}}


def defect(ident, jira_key):
    return {"type": "defect", "id": ident, "jira_key": jira_key, "name": "A defect"}


def findings(snapshot, bugs, defects=None):
    """Rehearse ``snapshot`` on the items and validate it with that rehearsal."""
    sets = {"jira": [read(json.dumps({"issues": bugs}).encode(), "search.json")]}
    if defects is not None:
        body = {"total_count": len(defects), "data": defects}
        sets["octane"] = [read(json.dumps(body).encode(), "defects.json")]
    result, _pairings, _reports = rehearsal_result(snapshot, sets)
    return validate(snapshot, rehearsal=result)


def of(code, found):
    return [f for f in found if f.code == code]


TM = subjects.type_mapping("jira-octane", "Bug", "defect")
MATCHING = subjects.matching("jira-octane", "Bug", "defect", "ref", "jira_key")


def fm(left, right):
    return subjects.field_mapping("jira-octane", "Bug", "defect", left, right)


def test_no_rehearsal_no_rhr_finding():
    assert not [f for f in validate(plan()) if f.family == "RHR"]


def test_rhr_001_items_the_target_would_refuse():
    (found,) = of("RHR-001", findings(plan(), [bug("B-1", summary=""), bug("B-2")]))
    assert (found.severity, found.subject) == ("error", TM)
    assert '1 of 2 items of Jira "Bug" would be refused by Octane "Defect" on creation' in (
        found.message
    )
    assert "Name is required and this item leaves it empty (1 item)" in found.message


def test_rhr_001_not_raised_when_every_item_is_written():
    assert not of("RHR-001", findings(plan(), [bug("B-1"), bug("B-2")]))


def test_rhr_002_a_field_loses_data_on_the_items():
    found = findings(plan(), [bug("B-1", due="2026-01-05T14:30:00.000+0100"), bug("B-2")])
    (loss,) = of("RHR-002", found)
    assert (loss.severity, loss.subject) == ("warning", fm("due", "due"))
    assert '1 of 2 items of Jira "Bug" lose data in' in loss.message
    assert "the time part is dropped (1 item)" in loss.message


def test_rhr_002_not_raised_when_nothing_is_lost_nor_for_unpaired_values():
    # Midnight keeps its date; 'Blocker' without pair is RHR-003's, not a conversion loss.
    found = findings(plan(), [bug("B-1", priority={"name": "Blocker"}), bug("B-2")])
    assert not of("RHR-002", found)
    assert of("RHR-003", found)


def test_rhr_003_values_seen_without_pair():
    found = findings(plan(), [bug(f"B-{n}", priority={"name": "Blocker"}) for n in range(3)])
    (unpaired,) = of("RHR-003", found)
    assert (unpaired.severity, unpaired.subject) == ("warning", fm("priority", "prio"))
    assert "'Blocker' (3 items)" in unpaired.message


def test_rhr_003_not_raised_with_a_catch_all():
    bugs = [bug(f"B-{n}", priority={"name": "Blocker"}) for n in range(3)]
    found = findings(plan(catch_all="P2"), bugs)
    assert not of("RHR-003", found)
    assert not of("RHR-002", found)  # the catch-all is the plan's answer for them


def test_rhr_004_users_seen_who_do_not_resolve():
    found = findings(plan(), [bug("B-1", assignee={"displayName": "Gone Away"}), bug("B-2")])
    (users,) = of("RHR-004", found)
    assert (users.severity, users.subject) == ("warning", subjects.users("jira-octane"))
    assert "1 user named by Jira items does not resolve in Octane: 'Gone Away' (1 item)" in (
        users.message
    )
    assert "(1 of 2 items resolve all their users)" in users.message


def test_rhr_004_not_raised_when_every_user_resolves():
    assert not of("RHR-004", findings(plan(), [bug("B-1"), bug("B-2")]))


def test_rhr_005_several_users_land_on_one():
    entries = UserMapSnap(
        strategy="explicit",
        entries=(UserMapEntrySnap("Jane Doe", "jdoe"), UserMapEntrySnap("J. Doe", "jdoe")),
    )
    bugs = [bug("B-1", assignee={"displayName": "Jane Doe"}),
            bug("B-2", assignee={"displayName": "J. Doe"})]  # fmt: skip
    (collision,) = of("RHR-005", findings(plan(user_map=entries), bugs))
    assert collision.subject == subjects.users("jira-octane")
    assert "'J. Doe', 'Jane Doe' → 'jdoe'" in collision.message


def test_rhr_005_not_raised_when_each_user_has_their_own():
    entries = UserMapSnap(
        strategy="explicit",
        entries=(UserMapEntrySnap("Jane Doe", "jdoe"), UserMapEntrySnap("Mei Li", "mli")),
    )
    bugs = [bug("B-1", assignee={"displayName": "Jane Doe"}), bug("B-2")]
    assert not of("RHR-005", findings(plan(user_map=entries), bugs))


def test_rhr_006_ambiguous_matches():
    found = findings(plan(), [bug("B-1"), bug("B-2")],
                     [defect("1", "B-1"), defect("2", "B-1"), defect("3", "B-2")])  # fmt: skip
    (ambiguous,) = of("RHR-006", found)
    assert (ambiguous.severity, ambiguous.subject) == ("error", MATCHING)
    assert '1 item of Jira "Bug" match several Octane "Defect" items (B-1 → 1, 2)' in (
        ambiguous.message
    )


def test_rhr_006_not_raised_when_each_item_has_one_counterpart():
    found = findings(plan(), [bug("B-1"), bug("B-2")], [defect("1", "B-1"), defect("2", "B-2")])
    assert not of("RHR-006", found)
    assert not of("RHR-007", found)


def test_rhr_007_items_without_counterpart_would_be_created():
    found = findings(plan(), [bug("B-1"), bug("B-2")], [defect("1", "B-1"), defect("9", "X-9")])
    (duplicates,) = of("RHR-007", found)
    assert (duplicates.severity, duplicates.subject) == ("warning", MATCHING)
    assert '1 item of Jira "Bug" (B-2) without counterpart would be created in Octane' in (
        duplicates.message
    )
    # Octane's item 9 is not created in Jira: the type mapping creates only in Octane.
    assert "X-9" not in duplicates.message and "(9)" not in duplicates.message


def test_rhr_007_not_raised_when_the_side_without_counterpart_is_never_created_from():
    # Only Octane items lack a counterpart, and nothing creates Jira items.
    found = findings(plan(), [bug("B-1")], [defect("1", "B-1"), defect("9", "X-9")])
    assert not of("RHR-007", found)


def test_rhr_008_round_trip_flips():
    # Blocker and Critical both become P1; P1 comes back as Critical (the last pair's default).
    pairs = (EnumPairSnap("Blocker", "P1"), EnumPairSnap("Critical", "P1"),
             EnumPairSnap("Major", "P2"))  # fmt: skip
    bugs = [bug("B-1", priority={"name": "Blocker"}), bug("B-2")]
    (flip,) = of("RHR-008", findings(plan(pairs=pairs, direction="both"), bugs))
    assert (flip.severity, flip.subject) == ("warning", fm("priority", "prio"))
    assert '1 of 2 items of Jira "Bug" do not come back the same' in flip.message
    assert "Blocker → P1 → Critical (1 item)" in flip.message


def test_rhr_008_not_raised_with_one_to_one_pairs():
    bugs = [bug("B-1", priority={"name": "Critical"}), bug("B-2")]
    assert not of("RHR-008", findings(plan(direction="both"), bugs))


def test_a_rehearsal_of_a_type_mapping_no_longer_in_the_plan_raises_nothing():
    bugs = [bug("B-1", summary="", due="2026-01-05T14:30:00.000+0100")]
    sets = {"jira": [read(json.dumps({"issues": bugs}).encode(), "search.json")]}
    result, _, _ = rehearsal_result(plan(), sets)
    without = replace(plan(), connections=())
    assert not [f for f in validate(without, rehearsal=result) if f.family == "RHR"]


def test_every_rhr_rule_is_documented_with_its_severity_and_subject():
    from pathlib import Path

    from planner.validation.rules import rhr

    docs = (Path(__file__).resolve().parents[3] / "docs" / "validator.md").read_text()
    codes = [rule.__doc__.split(":")[0] for rule in rhr.RULES]
    assert codes == [f"RHR-00{n}" for n in range(1, 9)]
    severities = {"RHR-001": "error", "RHR-006": "error"}
    for code in codes:
        [line] = [x for x in docs.splitlines() if x.startswith(f"| {code} |")]
        assert line.split(" | ")[1] == severities.get(code, "warning"), code


def test_each_rhr_subject_is_placed_on_the_row_that_fixes_it():
    ids = subjects.Ids(
        connections={"jira-octane": 1},
        type_mappings={("jira-octane", "Bug->defect"): 2},
        field_mappings={("jira-octane", "Bug->defect", "priority->prio"): 3},
    )
    refused = subjects.place(TM, ids, "RHR-001")
    assert (refused.name, dict(refused.kwargs)) == (
        "connections:workspace", {"connection_id": 1, "type_mapping_id": 2},
    )  # fmt: skip
    unpaired = subjects.place(fm("priority", "prio"), ids, "RHR-003")
    assert (unpaired.anchor, unpaired.action[0]) == ("fm-3", "Pair the missing values")
    users = subjects.place(subjects.users("jira-octane"), ids, "RHR-004")
    assert (users.name, users.anchor) == ("connections:user_map", "entries")
    matching = subjects.place(MATCHING, ids, "RHR-006")
    assert (matching.name, matching.anchor) == ("connections:type_mapping_rules", "matchings")


def test_rhr_002_finds_the_field_of_a_label_holding_a_colon():
    fields = tuple(
        replace(f, label="Due: date") if f.key == "due" else f for f in OCTANE_FIELDS
    ) + (FieldSnap("due2", "Due", "date"),)
    # "Due" is mapped too, so "Due: date: …" must not be read as a loss of "Due".
    both = plan(octane_fields=fields, extra=(FieldMappingSnap("due", "due2"),))
    found = findings(both, [bug("B-1", due="2026-01-05T14:30:00+0100")])
    losses = {f.subject: f.message for f in of("RHR-002", found)}
    assert 'field "Due: date": the time part is dropped (1 item)' in losses[fm("due", "due")]
    assert 'field "Due": the time part is dropped (1 item)' in losses[fm("due", "due2")]
