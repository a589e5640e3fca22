"""A rehearsal split into parts and merged gives exactly the whole rehearsal's result (issue 17,
point 7), on the fitted demo plan with the real samples and an ALM/QC export in the documented
REST shape (no published ALM/QC sample exists): pairing, identity and the items no type mapping
takes need every item, so the parts carry what they are computed from."""

import datetime
import json
from pathlib import Path

import pytest

from connections.models import Field, TypeMapping
from planner.demo import load_demo_plan
from planner.document.snapshot import build_snapshot
from planner.rehearsal.chunks import merge, ranges, rehearse_part, split
from planner.rehearsal.pairing import pair
from planner.rehearsal.readers import read, resolve_fields
from planner.rehearsal.results import rehearsal_result
from tests.factories import ExistingItemMatchingFactory
from tests.planner.rehearsal.test_rehearse_plan_command import fit_demo

ITEMS = Path("/work/shared/samples/items/")
BUGS = ITEMS / "jira_rest_api_2_search__jrjc_many-issues.json"
TASKS = ITEMS / "jira_rest_api_2_search__jiraruby_issue.json"
SPRINTS = ITEMS / "jira_rest_agile_1.0_board_id_sprint__gojira_sprints.json"


def alm_defects(names) -> bytes:
    entities = [
        {
            "Type": "defect",
            "Fields": [
                {"Name": "id", "values": [{"value": str(n)}]},
                {"Name": "name", "values": [{"value": name}]},
            ],
        }
        for n, name in enumerate(names, start=101)
    ]
    return json.dumps({"entities": entities, "TotalResults": len(entities)}).encode()


# Two ALM/QC defects carry one Jira summary (many to one), one has no counterpart; the
# duplicates sit in different parts once the sets are cut small.
ALM = alm_defects(["Issue with votes", "Not assigned", "Only in ALM/QC", "Not assigned"])


def sample_sets() -> dict:
    sprints = read(SPRINTS.read_bytes(), SPRINTS.name)
    sprints.type_hint = "sprint"
    return {
        "alm": [read(ALM, "defects.json")],
        "jira": [
            read(BUGS.read_bytes(), BUGS.name),
            read(TASKS.read_bytes(), TASKS.name),
            sprints,
        ],
    }


@pytest.fixture
def snapshot(db):
    plan = load_demo_plan(today=datetime.date(2026, 3, 2)).plan
    fit_demo(plan)
    defects = TypeMapping.objects.get(connection__plan=plan, connection__key="alm-jira")
    ExistingItemMatchingFactory(
        type_mapping=defects,
        left_field=Field.objects.get(item_type=defects.left_type, key="name"),
        right_field=Field.objects.get(item_type=defects.right_type, key="summary"),
    )
    return build_snapshot(plan)


def split_and_merge(snapshot, sets, size):
    total = sum(len(s.items) for group in sets.values() for s in group)
    parts = [rehearse_part(snapshot, split(sets, a, b)) for a, b in ranges(total, size)]
    # Parts travel as JSON (the workers store them through the storage API).
    parts = [json.loads(json.dumps(p)) for p in parts]
    return merge(snapshot, parts), len(parts)


@pytest.mark.parametrize("size", [1, 2, 3, 7, 10, 1000])
def test_the_merged_parts_equal_the_whole_rehearsal(snapshot, size):
    whole, whole_pairings, whole_reports = rehearsal_result(snapshot, sample_sets())
    (merged, pairings, reports), count = split_and_merge(snapshot, sample_sets(), size)

    total = 4 + 7 + 12 + 6
    assert count == -(-total // size)
    assert merged == whole
    assert [p.pairs for p in pairings] == [p.pairs for p in whole_pairings]
    assert [(r.weights, r.outcomes) for r in reports] == [
        (r.weights, r.outcomes) for r in whole_reports
    ]


def test_what_the_merge_must_see_whole_is_really_there(snapshot):
    whole, _, _ = rehearsal_result(snapshot, sample_sets())
    (pairing,) = whole["pairing"]
    assert (pairing["pairs"], pairing["many_to_one"], pairing["unmatched_left"]) == (1, 1, 1)
    assert pairing["many_to_one_items"] == {"TST-10": ["102", "104"]}
    (bugs,) = [
        r for r in whole["runs"] if (r["type_mapping"], r["source"]) == ("Defect->Bug", "jira")
    ]
    assert bugs["items"] == 7 and bugs["with_losses"] == 7
    assert {"endpoint": "jira", "type": "Task", "items": 12} in whole["unmatched_items"]
    (alm_jira,) = [r for r in whole["identity"] if r["connection"] == "alm-jira"]
    assert alm_jira["items"] == 7

    # Pairing each part on its own would miss the duplicates that sit in different parts.
    sets = sample_sets()
    one_by_one = [pair(snapshot, split(sets, a, b)) for a, b in ranges(29, 2)]
    many_to_one = sum(len(p.many_to_one) for part in one_by_one for p in part)
    assert many_to_one == 0


def test_a_part_resolves_fields_as_the_whole_set_does(snapshot):
    bugs = sample_sets()["jira"][0]
    jira_bug = snapshot.endpoint("jira").type("Bug")
    whole = resolve_fields(bugs, jira_bug)
    assert whole.by_field and whole.unresolved
    for start in range(len(bugs.items)):
        (part,) = split({"jira": [bugs]}, start, start + 1)["jira"]
        assert len(part.items) == 1
        assert resolve_fields(part, jira_bug) == whole


def test_ranges_cover_every_item_once():
    assert ranges(10, 4) == [(0, 4), (4, 8), (8, None)]
    assert ranges(0, 4) == [(0, None)]
    assert ranges(3, 10) == [(0, None)]
