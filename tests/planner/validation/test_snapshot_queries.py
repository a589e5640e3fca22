from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.generate import generate_enterprise_plan
from planner.document.snapshot import build_snapshot
from planner.validation.engine import validate


def _queries(plan):
    with CaptureQueriesContext(connection) as ctx:
        snapshot = build_snapshot(plan)
    return len(ctx.captured_queries), snapshot


def test_the_snapshot_uses_the_same_few_queries_whatever_the_plan_size(db):
    small = generate_enterprise_plan(
        types=2, fields_per_type=10, type_mappings=1, field_mappings=5, enum_pairs=10, users=3,
        user_map_entries=3,
    )  # fmt: skip
    larger = generate_enterprise_plan(
        types=6, fields_per_type=40, type_mappings=5, field_mappings=100, enum_pairs=400,
        users=50, user_map_entries=50,
    )  # fmt: skip
    small_count, _ = _queries(small)
    larger_count, snapshot = _queries(larger)
    assert small_count == larger_count < 25
    # Values arrive decoded (JSON columns) and complete.
    [left, right] = snapshot.endpoints
    assert len(left.types) == 6 and len(left.types[0].fields) == 40
    assert left.types[0].workflow_state_field == "status"
    assert (
        sum(
            len(m.enum_pairs)
            for tm in snapshot.connections[0].type_mappings
            for m in tm.field_mappings
        )
        == 400
    )
    assert len(snapshot.connections[0].user_map.entries) == 50
    # The generated plan is well-formed: nothing blocks it.
    assert [f.code for f in validate(snapshot) if f.severity != "info"] == []
