"""How complete a type mapping is: required fields covered, enum values paired, users resolved.

Pure functions over duck-typed objects (model instances or snapshot objects); the workspace, the
enum pair editor and the connection picture all measure with these, so they agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from connections.models import flows
from connections.services.directions import effective_direction, writable
from connections.suggest import normalize_label


class Mapped(NamedTuple):
    """A field mapping as the coverage functions see it: field objects (or None for the empty
    side of a calculated value) and the declared direction ("" inherits)."""

    left: Any
    right: Any
    direction: str = ""


# How a required field of a side receiving created items is covered (FLD-007 / FLD-008).
MAPPED = "mapped"
CALCULATED = "calculated"
DEFAULT = "default"
MISSING = ""


@dataclass(frozen=True)
class RequiredField:
    side: str  # "left" | "right"
    field: Any
    covered_by: str  # MAPPED | CALCULATED | DEFAULT | MISSING

    @property
    def covered(self) -> bool:
        return self.covered_by != MISSING


def receiving_sides(direction: str) -> tuple[str, ...]:
    """The sides a type mapping creates items on."""
    to_right, to_left = flows(direction)
    return tuple(side for side, yes in (("left", to_left), ("right", to_right)) if yes)


def required_fields(type_mapping, left_fields, right_fields, mappings) -> list[RequiredField]:
    """Every required, writable, present field of each side that receives created items, with
    what covers it: a mapping writing into it (in its effective direction), a calculated value,
    or the product's default."""
    written: dict[tuple[str, str], str] = {}
    for mapped in mappings:
        effective, _ = effective_direction(
            type_mapping, mapped.left, mapped.right, mapped.direction
        )
        to_right, to_left = flows(effective)
        calculated = mapped.left is None or mapped.right is None
        how = CALCULATED if calculated else MAPPED
        if to_right and mapped.right is not None:
            written.setdefault(("right", mapped.right.key), how)
        if to_left and mapped.left is not None:
            written.setdefault(("left", mapped.left.key), how)
    result = []
    sides = {"left": left_fields, "right": right_fields}
    for side in receiving_sides(type_mapping.direction):
        for f in sides[side]:
            # Read-only and system-generated fields are the product's to fill, never input.
            if not f.required or not writable(f) or getattr(f, "removed", False):
                continue
            how = written.get((side, f.key)) or (DEFAULT if f.has_default else MISSING)
            result.append(RequiredField(side, f, how))
    return result


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

    def live(values):
        return [
            v.label
            for v in values
            if getattr(v, "active", True) and not getattr(v, "removed", False)
        ]

    lefts, rights = live(left_values), live(right_values)
    paired_left = {left for left, _ in pairs}
    paired_right = {right for _, right in pairs}
    left_unpaired = tuple(v for v in lefts if v not in paired_left)
    right_unpaired = tuple(v for v in rights if v not in paired_right)
    return EnumCoverage(
        left_unpaired=left_unpaired,
        right_unpaired=right_unpaired,
        left=Tally(len(lefts) - len(left_unpaired), len(lefts)),
        right=Tally(len(rights) - len(right_unpaired), len(rights)),
        left_catch_all=left_catch_all,
        right_catch_all=right_catch_all,
    )


def _user_keys(user, strategy: str) -> tuple[str, ...]:
    if strategy == "by_email":
        return (user.email.casefold(),) if user.email else ()
    if strategy == "by_name":
        name = normalize_label(user.full_name)
        return (name,) if name else ()
    return (user.username.casefold(),)


def users_resolved(strategy: str, left_users, right_users, entries) -> Tally:
    """How many active directory users of both sides find a counterpart: through an entry of an
    explicit map, or by the strategy's key (email, normalized name, username) matching exactly
    one user of the other side. ``entries``: (left username, right username)."""
    lefts = [u for u in left_users if getattr(u, "active", True)]
    rights = [u for u in right_users if getattr(u, "active", True)]
    if strategy == "explicit":
        mapped_left = {left for left, _ in entries}
        mapped_right = {right for _, right in entries}
        done = sum(u.username in mapped_left for u in lefts) + sum(
            u.username in mapped_right for u in rights
        )
        return Tally(done, len(lefts) + len(rights))

    def index(users):
        counts: dict[str, int] = {}
        for u in users:
            for key in _user_keys(u, strategy):
                counts[key] = counts.get(key, 0) + 1
        return counts

    left_index, right_index = index(lefts), index(rights)

    def resolved(user, other_index):
        return any(other_index.get(key) == 1 for key in _user_keys(user, strategy))

    done = sum(resolved(u, right_index) for u in lefts) + sum(
        resolved(u, left_index) for u in rights
    )
    return Tally(done, len(lefts) + len(rights))
