"""The enum default per direction (ENM-002, the enum pair editor's bold pair).

When several values of side A pair with one value of side B (a group), values flowing from B
into A are written as the A value of the group's LAST pair in the list: the default. Pairs are
anything with ``left`` and ``right`` (value labels or ids), in list order.
"""

from __future__ import annotations

SIDES = ("left", "right")


def other(side: str) -> str:
    return "right" if side == "left" else "left"


def groups(pairs, shared: str) -> dict:
    """{value of the ``shared`` side: [its pairs in list order]} for values two or more pairs
    share."""
    members: dict = {}
    for pair in pairs:
        members.setdefault(getattr(pair, shared), []).append(pair)
    return {value: group for value, group in members.items() if len(group) > 1}


def default_pair(group):
    """The pair of a group whose value is written: the last one in the list."""
    return group[-1]


def written_values(pairs, receiver: str) -> dict:
    """{value of the sending side: (value written into ``receiver``, the receiver's other values
    in the group)} for each group whose pairs name two or more receiver values."""
    result = {}
    shared = other(receiver)
    if len({getattr(p, shared) for p in pairs}) == len(pairs):
        return result  # every value of the other side pairs once: nothing to choose
    for value, group in groups(pairs, shared).items():
        written = getattr(default_pair(group), receiver)
        rest = [v for v in dict.fromkeys(getattr(p, receiver) for p in group) if v != written]
        if rest:
            result[value] = (written, rest)
    return result


def live(values) -> list[str]:
    """Labels of the values that can be sent (active, still in the product), in list order."""
    return [v.label for v in values if v.active and not v.removed]


def unpaired(values, paired_labels) -> list[str]:
    """Live values no pair names (ENM-001, the enum coverage bar). A pair naming a vanished
    value still counts as a pair: ENM-003 reports it."""
    return [label for label in live(values) if label not in paired_labels]
