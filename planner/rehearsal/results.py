"""The whole rehearsal as plain data: what ``rehearse_plan`` prints as JSON and what the
rehearsal job stores. One home, so the command and the page always give the same counts."""

from __future__ import annotations

from planner.rehearsal.engine import as_dict, as_text, rehearse
from planner.rehearsal.identity import identities
from planner.rehearsal.pairing import pair
from planner.rehearsal.roundtrip import round_trip


def side_by_side(item) -> list[dict]:
    """One item's fields as the plan would write them: source value, what the target gets, the
    kind of the conversion and why."""
    return [
        {
            "target": f.target,
            "kind": f.kind,
            "source": None if f.source_value is None else as_text(f.source_value),
            "written": None if f.written is None else as_text(f.written),
            "reason": f.reason,
        }
        for f in item.fields
    ]


def rehearsal_result(snapshot, sets: dict, *, details=None):
    """``sets``: endpoint key -> the sample sets read from its exports. ``details(run_index,
    row, fields)``, if given, receives each item's side-by-side fields as they are made (the
    job writes them to their own file: kept in the result, 10,000 items would make the page
    read tens of MB). Returns (result, pairings, identity reports): the last two feed the CSV
    exports."""
    rehearsal = rehearse(snapshot, sets)
    result = as_dict(rehearsal)
    if details is not None:
        for index, (run, data) in enumerate(zip(rehearsal.runs, result["runs"], strict=True)):
            for item, row in zip(run.items, data["item_outcomes"], strict=True):
                details(index, row, side_by_side(item))
    pairings = pair(snapshot, sets)
    result["pairing"] = [
        {
            "connection": p.connection,
            "type_mapping": p.type_mapping,
            "rule": list(p.rule),
            **p.counts(),
            "one_to_many_items": p.one_to_many,
            "many_to_one_items": p.many_to_one,
            "unmatched_left_items": p.unmatched_left,
            "unmatched_right_items": p.unmatched_right,
        }
        for p in pairings
    ]
    result["round_trip"] = [
        {
            "connection": r.connection,
            "type_mapping": r.type_mapping,
            "source": r.source,
            "checked": r.checked,
            "flips": r.flips,
        }
        for r in round_trip(snapshot, sets)
    ]
    reports = identities(snapshot, sets)
    result["identity"] = [
        {
            "connection": r.connection,
            "source": r.source,
            "target": r.target,
            "items": r.items,
            "covered_items": r.covered_items,
            "unresolved": [{"user": u.shown, "items": n} for u, n in r.unresolved],
            "collisions": r.collisions,
        }
        for r in reports
    ]
    return result, pairings, reports
