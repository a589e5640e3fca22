"""How complete a type mapping is, as the pages' bars show it: enum values paired, users
resolved. Required-field coverage and user resolution themselves are plan facts
(facts/coverage.py, facts/users.py), shared with the validator.
"""

from __future__ import annotations

from dataclasses import dataclass

from facts import enums
from facts.users import resolve


@dataclass(frozen=True)
class Tally:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.done + other.done, self.total + other.total)


@dataclass(frozen=True)
class EnumCoverage:
    """Which values of each side of an enum field mapping have a pair (or fall on a catch-all)."""

    left_unpaired: tuple[str, ...]
    right_unpaired: tuple[str, ...]
    left: Tally
    right: Tally
    left_catch_all: str = ""  # receives right values without a pair
    right_catch_all: str = ""

    @property
    def total(self) -> Tally:
        return self.left + self.right


def enum_coverage(
    left_values, right_values, pairs, left_catch_all: str = "", right_catch_all: str = ""
) -> EnumCoverage:
    """``*_values``: value objects (``label``, ``active``, ``removed``) in list order; ``pairs``:
    (left label, right label). Only active, present values count: inactive ones cannot be sent."""

    lefts, rights = enums.live(left_values), enums.live(right_values)
    left_unpaired = tuple(enums.unpaired(left_values, {left for left, _ in pairs}))
    right_unpaired = tuple(enums.unpaired(right_values, {right for _, right in pairs}))
    return EnumCoverage(
        left_unpaired=left_unpaired,
        right_unpaired=right_unpaired,
        left=Tally(len(lefts) - len(left_unpaired), len(lefts)),
        right=Tally(len(rights) - len(right_unpaired), len(rights)),
        left_catch_all=left_catch_all,
        right_catch_all=right_catch_all,
    )


def users_resolved(strategy: str, left_users, right_users, entries) -> Tally:
    """How many active directory users of both sides find a counterpart (facts.users:
    an entry first, then the strategy). ``entries``: (left name, right name)."""
    left, right = resolve(strategy, left_users, right_users, entries)
    return Tally(sum(r.resolved for r in left + right), len(left) + len(right))
