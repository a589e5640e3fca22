"""The identity rehearsal: users seen in the items, weighted by items, through the user map and
strategy: coverage, users who do not resolve, collisions, and the user map CSV."""

import csv
import io
import json

from planner.document.snapshot import (
    ConnectionSnap,
    EndpointSnap,
    FieldMappingSnap,
    FieldSnap,
    ItemTypeSnap,
    PlanSnapshot,
    TypeMappingSnap,
    UserMapEntrySnap,
    UserMapSnap,
    UserSnap,
)
from planner.rehearsal.identity import identities
from planner.rehearsal.lists import user_map_csv
from planner.rehearsal.readers import read
from planner.rehearsal.results import rehearsal_result


def snapshot():
    jira = EndpointSnap(
        "jira",
        "Jira",
        types=(
            ItemTypeSnap(
                "Bug",
                "Bug",
                fields=(
                    FieldSnap("assignee", "Assignee", "user"),
                    FieldSnap("reporter", "Reporter", "user"),
                ),
            ),
        ),
    )
    alm = EndpointSnap(
        "alm",
        "ALM",
        types=(ItemTypeSnap("defect", "Defect", fields=(FieldSnap("owner", "Owner", "user"),)),),
        users=(UserSnap("mli", "Mei Li"), UserSnap("jdoe", "Jane Doe")),
    )
    tm = TypeMappingSnap("Bug", "defect", field_mappings=(FieldMappingSnap("assignee", "owner"),))
    user_map = UserMapSnap("by_name", entries=(UserMapEntrySnap("Jane Doe-Smith", "jdoe"),))
    connection = ConnectionSnap("jira-alm", "jira", "alm", type_mappings=(tm,), user_map=user_map)
    return PlanSnapshot("p", endpoints=(jira, alm), connections=(connection,))


def person(name, display):
    return {"name": name, "displayName": display}


def test_users_weighted_by_items_with_coverage_unresolved_and_collisions():
    issues = [
        ("B-1", person("mli", "Mei Li"), person("gone", "Gone Person")),
        ("B-2", person("mli", "Mei Li"), None),
        ("B-3", person("jds", "Jane Doe-Smith"), person("mli", "Mei Li")),
        ("B-4", person("gone", "Gone Person"), None),
        ("B-5", person("mli2", "Mei  LI"), None),  # another account, the same name
        ("B-6", None, None),
    ]
    sample = read(
        json.dumps(
            {
                "issues": [
                    {
                        "key": k,
                        "fields": {"issuetype": {"name": "Bug"}, "assignee": a, "reporter": r},
                    }
                    for k, a, r in issues
                ]
            }
        ).encode()
    )
    (report,) = identities(snapshot(), {"jira": [sample]})
    assert (report.items, report.covered_items) == (5, 3)  # B-1 and B-4 name Gone Person
    assert [(u.shown, n) for u, n in report.unresolved] == [("Gone Person", 2)]
    assert report.collisions == {"mli": ["Mei  LI", "Mei Li"]}
    # The user map, from the rehearsal's result: heaviest first, how each resolves, collisions.
    result, _pairings, _reports = rehearsal_result(snapshot(), {"jira": [sample]})
    text = user_map_csv(result).removeprefix("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [
        (r["side"], r["user"], r["items"], r["outcome"], r["counterpart"], r["collides_with"])
        for r in rows
    ] == [
        ("jira", "Mei Li", "3", "matched", "mli", "Mei  LI"),
        ("jira", "Gone Person", "2", "unmatched", "", ""),
        ("jira", "Jane Doe-Smith", "1", "entry", "jdoe", ""),
        ("jira", "Mei  LI", "1", "matched", "mli", "Mei Li"),
    ]
