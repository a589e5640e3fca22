"""The whole rehearsal as plain data: what ``rehearse_plan`` prints as JSON and what the
rehearsal job stores. One home, so the command and the page always give the same counts: the
result is the merge (planner.rehearsal.chunks) of the rehearsal's parts, here a single part."""

from __future__ import annotations

from planner.rehearsal.engine import as_text


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


def rehearsal_result(snapshot, sets: dict):
    """``sets``: endpoint key -> the sample sets read from its exports. Returns (result,
    pairings, identity reports): the last two feed the CSV exports. The job, which also keeps
    each item's side-by-side fields, calls planner.rehearsal.chunks itself."""
    from planner.rehearsal.chunks import merge, rehearse_part  # chunks uses side_by_side

    return merge(snapshot, [rehearse_part(snapshot, sets)])
