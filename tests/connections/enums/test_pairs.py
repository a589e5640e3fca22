from types import SimpleNamespace

from connections.enums.pairs import defaults, make_default, move
from facts.enums import groups, written_values


def p(pair_id, left, right):
    return SimpleNamespace(id=pair_id, left=left, right=right)


PAIRS = [
    p(1, "Critical", "High"),
    p(2, "Major", "High"),
    p(3, "Minor", "Low"),
    p(4, "Blocker", "High"),
]


def test_groups_are_the_values_shared_by_several_pairs():
    assert {v: [p.id for p in g] for v, g in groups(PAIRS, "right").items()} == {"High": [1, 2, 4]}
    assert groups(PAIRS, "left") == {}


def test_values_flowing_into_a_side_are_written_as_the_groups_last_pair():
    assert written_values(PAIRS, "left") == {"High": ("Blocker", ["Critical", "Major"])}
    assert written_values(PAIRS, "right") == {}  # each left value pairs once


def test_the_last_pair_of_a_group_is_its_default():
    assert defaults(PAIRS) == {1: {"right": False}, 2: {"right": False}, 4: {"right": True}}


def test_making_a_pair_the_default_moves_it_to_the_end_of_its_group():
    assert make_default(PAIRS, 1, "right") == [2, 3, 4, 1]
    assert make_default(PAIRS, 4, "right") == [1, 2, 3, 4]


def test_making_a_default_leaves_pairs_after_the_group_in_place():
    pairs = [p(1, "A", "X"), p(2, "B", "X"), p(3, "C", "Y")]
    assert make_default(pairs, 1, "right") == [2, 1, 3]


def test_pairs_move_up_and_down_within_the_list():
    assert move(PAIRS, 3, -1) == [1, 3, 2, 4]
    assert move(PAIRS, 3, +1) == [1, 2, 4, 3]
    assert move(PAIRS, 1, -1) == [1, 2, 3, 4]
    assert move(PAIRS, 4, +1) == [1, 2, 3, 4]
