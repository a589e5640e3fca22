"""The order of an enum field mapping's pairs: moving a pair, making it its group's default.

Which pair is a group's default is a plan fact (facts/enums.py, shared with ENM-002);
making another pair the default moves it to the end of its group.

Pure functions over pairs in list order; a pair is anything with ``left`` and ``right`` (value
keys) and an identity ``id``.
"""

from __future__ import annotations

from collections import defaultdict

from facts.enums import SIDES, default_pair, groups


def defaults(pairs) -> dict:
    """{pair id: {shared side: True if it is that group's default, False if another is}} for
    every pair that belongs to a group of two or more (a group is named by the side whose ONE
    value its pairs share)."""
    result: dict = defaultdict(dict)
    for shared in SIDES:
        for group in groups(pairs, shared).values():
            default = default_pair(group)
            for pair in group:
                result[pair.id][shared] = pair is default
    return dict(result)


def make_default(pairs, pair_id, shared: str) -> list:
    """The pair ids in their new order once ``pair_id`` becomes the default of its group of
    ``shared`` side: moved right after the group's current last pair."""
    order = [p.id for p in pairs]
    by_id = {p.id: p for p in pairs}
    value = getattr(by_id[pair_id], shared)
    last = max(i for i, p in enumerate(pairs) if getattr(p, shared) == value)
    if order[last] == pair_id:
        return order
    order.remove(pair_id)
    order.insert(last, pair_id)  # ``last`` shifted down by one when the pair was removed
    return order


def move(pairs, pair_id, offset: int) -> list:
    """The pair ids in their new order once ``pair_id`` moves ``offset`` places (−1 up, +1
    down), kept inside the list."""
    order = [p.id for p in pairs]
    index = order.index(pair_id)
    target = max(0, min(len(order) - 1, index + offset))
    order.insert(target, order.pop(index))
    return order
