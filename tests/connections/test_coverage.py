from types import SimpleNamespace

from connections.coverage import (
    CALCULATED,
    DEFAULT,
    MAPPED,
    MISSING,
    Mapped,
    enum_coverage,
    required_fields,
    users_resolved,
)
from connections.models import Direction
from planner.document.snapshot import EnumValueSnap, FieldSnap, UserSnap


def fld(key, **flags):
    return FieldSnap(key=key, label=key.title(), data_type="string", **flags)


def covered(result):
    return {(r.side, r.field.key): r.covered_by for r in result}


def test_required_fields_of_the_creating_side_only_are_judged():
    tm = SimpleNamespace(direction=Direction.L2R)
    left = [fld("title", required=True)]
    right = [fld("summary", required=True), fld("notes")]
    assert covered(required_fields(tm, left, right, [])) == {("right", "summary"): MISSING}


def test_a_required_field_is_covered_by_a_mapping_a_calculated_value_or_a_default():
    tm = SimpleNamespace(direction=Direction.BOTH)
    summary, severity, phase = (
        fld("summary", required=True),
        fld("severity", required=True),
        fld("phase", required=True, has_default=True),
    )
    title, created = (
        fld("title", required=True),
        fld("created", required=True, system_generated=True),
    )
    result = required_fields(
        tm,
        [title, created],
        [summary, severity, phase],
        [Mapped(title, summary), Mapped(None, severity)],
    )
    assert covered(result) == {
        ("left", "title"): MAPPED,
        ("right", "summary"): MAPPED,
        ("right", "severity"): CALCULATED,
        ("right", "phase"): DEFAULT,
    }


def test_a_mapping_that_cannot_write_into_a_field_does_not_cover_it():
    tm = SimpleNamespace(direction=Direction.BOTH)
    left = fld("title", required=True, read_only=True)
    right = fld("summary", required=True)
    result = covered(required_fields(tm, [left], [right], [Mapped(left, right, Direction.R2L)]))
    assert result == {("right", "summary"): MISSING}  # left is read-only: never required input


def test_enum_coverage_counts_active_values_with_a_pair():
    left = [EnumValueSnap("New"), EnumValueSnap("Open"), EnumValueSnap("Old", active=False)]
    right = [EnumValueSnap("new"), EnumValueSnap("open"), EnumValueSnap("closed")]
    result = enum_coverage(left, right, [("New", "new")])
    assert result.left_unpaired == ("Open",)
    assert result.right_unpaired == ("open", "closed")
    assert (result.left.done, result.left.total, result.right.done, result.right.total) == (
        1,
        2,
        1,
        3,
    )
    assert result.total.percent == 40


def test_users_resolve_through_entries_or_a_unique_match_of_the_strategys_key():
    left = [UserSnap("ann", "Ann Lee", "ann@x.org"), UserSnap("bob", "Bob Ray", "bob@x.org")]
    right = [
        UserSnap("alee", "Ann Lée", "ann@x.org"),
        UserSnap("b1", "Bob Ray", ""),
        UserSnap("b2", "Bob  Ray", ""),
    ]
    assert users_resolved("explicit", left, right, [("ann", "alee")]) == users_resolved(
        "by_email", left, right, []
    )
    by_email = users_resolved("by_email", left, right, [])
    assert (by_email.done, by_email.total) == (2, 5)
    by_name = users_resolved("by_name", left, right, [])
    # Ann matches once (accents removed); Bob is ambiguous on the right, so only the two
    # right-hand Bobs resolve to the single left Bob.
    assert (by_name.done, by_name.total) == (4, 5)
