from connections.field_mappings.coverage import enum_coverage, users_resolved
from planner.document.snapshot import EnumValueSnap, UserSnap


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
