"""The round trip A → B → A on sample data: a many-to-one enum pair whose default on the way
back is another value, and a lossy conversion (the time part), flip-flop; exact fields do not."""

import json

from planner.document.snapshot import (
    ConnectionSnap,
    EndpointSnap,
    EnumPairSnap,
    EnumValueSnap,
    FieldMappingSnap,
    FieldSnap,
    ItemTypeSnap,
    PlanSnapshot,
    TypeMappingSnap,
)
from planner.rehearsal.readers import read
from planner.rehearsal.roundtrip import round_trip


def snapshot(priority_direction="both"):
    def enum(key, *labels):
        return FieldSnap(key, key.title(), "enum", values=tuple(EnumValueSnap(v) for v in labels))

    jira = EndpointSnap(
        "jira",
        "Jira",
        types=(
            ItemTypeSnap(
                "Bug",
                "Bug",
                fields=(
                    FieldSnap("summary", "Summary", "string"),
                    FieldSnap("due", "Due", "datetime"),
                    enum("priority", "Blocker", "Critical", "Minor"),
                ),
            ),
        ),
    )
    alm = EndpointSnap(
        "alm",
        "ALM",
        types=(
            ItemTypeSnap(
                "defect",
                "Defect",
                fields=(
                    FieldSnap("name", "Name", "string"),
                    FieldSnap("due", "Due date", "date"),
                    enum("prio", "P1", "P3"),
                ),
            ),
        ),
    )
    tm = TypeMappingSnap(
        "Bug",
        "defect",
        direction="both",
        field_mappings=(
            FieldMappingSnap("summary", "name"),
            FieldMappingSnap("due", "due"),
            FieldMappingSnap(
                "priority",
                "prio",
                direction=priority_direction,
                enum_pairs=(
                    EnumPairSnap("Critical", "P1"),
                    EnumPairSnap("Blocker", "P1"),  # the default of P1 on the way back
                    EnumPairSnap("Minor", "P3"),
                ),
            ),
        ),
    )
    connection = ConnectionSnap("jira-alm", "jira", "alm", type_mappings=(tm,))
    return PlanSnapshot("p", endpoints=(jira, alm), connections=(connection,))


def bugs():
    rows = [
        ("A-1", "Critical", "2026-01-05T14:30:00.000+0100"),
        ("A-2", "Blocker", "2026-01-05T00:00:00.000+0000"),
        ("A-3", "Critical", None),
        ("A-4", "Minor", "2026-01-06T09:00:00.000+0000"),
    ]
    issues = [
        {
            "key": key,
            "fields": {
                "issuetype": {"name": "Bug"},
                "summary": f"Bug {key}",
                "priority": {"name": priority},
                "due": due,
            },
        }
        for key, priority, due in rows
    ]
    return read(json.dumps({"issues": issues}).encode())


def test_flip_flops_are_counted_per_field_with_their_items():
    (result,) = round_trip(snapshot(), {"jira": [bugs()]})
    assert result.source == "jira"
    assert result.checked == {"Summary": 4, "Priority": 4, "Due": 3}
    assert result.flips["Priority"] == {"Critical → P1 → Blocker": ["A-1", "A-3"]}
    # A-2 is at midnight: its date comes back the same.
    assert result.flips["Due"] == {"the time part is dropped": ["A-1", "A-4"]}
    assert "Summary" not in result.flips


def test_one_way_fields_are_not_judged():
    (result,) = round_trip(snapshot(priority_direction="l2r"), {"jira": [bugs()]})
    assert "Priority" not in result.checked
