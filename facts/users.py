"""User resolution: how each active user of one side finds its counterpart on the other.

An explicit user-map entry wins, whatever the strategy (an explicit pair is never unmatched);
otherwise the strategy compares one identity of the two directories: the normalized full name
(by name), the email or the username (case-folded: the products compare them so). With no map
and the same representation on both sides, the representation itself is compared ("same").

Users are anything with ``username``, ``full_name``, ``email``, ``account_id``, ``active``;
entries are (left name, right name) pairs as the user map stores them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from .names import normalize_name

EXPLICIT, BY_NAME, BY_EMAIL, BY_USERNAME = "explicit", "by_name", "by_email", "by_username"

MATCHED = "matched"
ENTRY = "entry"
DEFAULT = "default"
UNMATCHED = "unmatched"
AMBIGUOUS = "ambiguous"

RESOLVED = (MATCHED, ENTRY)  # a counterpart was found

_REPRESENTATION_STRATEGY = {
    "full_name": BY_NAME,
    "email": BY_EMAIL,
    "username": BY_USERNAME,
    "account_id": "by_account_id",
}


def identity(user, strategy: str) -> str:
    """The text the strategy compares ("" when the user has none)."""
    if strategy == BY_NAME:
        return normalize_name(user.full_name)
    if strategy == BY_EMAIL:
        return (user.email or "").strip().casefold()
    if strategy == BY_USERNAME:
        return (user.username or "").strip().casefold()
    if strategy == "by_account_id":
        return (user.account_id or "").strip()
    return ""


def names_of(user) -> set[str]:
    """Every text an entry may use to name ``user``, normalized."""
    return {
        n
        for n in (
            normalize_name(user.username),
            normalize_name(user.email),
            normalize_name(user.full_name),
            normalize_name(user.account_id),
        )
        if n
    }


def effective_strategy(strategy: str | None, has_entries: bool, same_representation: str) -> str:
    """The strategy that really applies. ``same_representation`` is the representation both
    sides share ("" when they differ): an empty explicit map (or none) then compares it."""
    if same_representation and (strategy is None or (strategy == EXPLICIT and not has_entries)):
        return _REPRESENTATION_STRATEGY.get(same_representation, BY_USERNAME)
    return strategy or EXPLICIT


@dataclass(frozen=True)
class Resolution:
    user: Any
    outcome: str
    counterparts: tuple = ()  # entry names (str) or the other side's users

    @property
    def resolved(self) -> bool:
        return self.outcome in RESOLVED


def resolver(others, strategy: str, entries, default_user: str = ""):
    """A function resolving one user of a side to ``others`` (see ``resolve_side``), with the
    other side's directory indexed once: the rehearsal resolves users one by one as it meets
    them in the items."""
    by_name = defaultdict(set)
    for mine, theirs in entries:
        by_name[normalize_name(mine)].add(theirs)
    by_identity = defaultdict(list)
    for other in others:
        if getattr(other, "active", True) and (key := identity(other, strategy)):
            by_identity[key].append(other)

    def resolve_one(user) -> Resolution:
        named = sorted({t for n in names_of(user) for t in by_name.get(n, ())}) if by_name else ()
        if named:
            return Resolution(user, ENTRY if len(named) == 1 else AMBIGUOUS, tuple(named))
        key = identity(user, strategy)
        found = by_identity.get(key, []) if key else []
        if len(found) == 1:
            return Resolution(user, MATCHED, tuple(found))
        if found:
            return Resolution(user, AMBIGUOUS, tuple(found))
        if default_user:
            return Resolution(user, DEFAULT, (default_user,))
        return Resolution(user, UNMATCHED)

    return resolve_one


def resolve_side(users, others, strategy: str, entries, default_user: str = "") -> list[Resolution]:
    """How each active user of ``users`` resolves to ``others``. ``entries``: (name on this
    side, name on the other side) pairs; ``default_user``: where unresolved users land."""
    resolve_one = resolver(others, strategy, entries, default_user)
    return [resolve_one(user) for user in users if getattr(user, "active", True)]


def resolve(
    strategy: str,
    left_users,
    right_users,
    entries,
    left_default: str = "",
    right_default: str = "",
) -> tuple[list[Resolution], list[Resolution]]:
    """(left users resolved to the right, right users resolved to the left). The default user
    of a side is where the OTHER side's unresolved users land."""
    entries = list(entries)
    return (
        resolve_side(left_users, right_users, strategy, entries, right_default),
        resolve_side(
            right_users,
            left_users,
            strategy,
            [(theirs, mine) for mine, theirs in entries],
            left_default,
        ),
    )


# --------------------------------------------------------------------------------------------
# Bridging two representations: USR-001's question, and the worksheet's "user map needed".


def carries(endpoint, attribute: str) -> bool:
    """Does the endpoint give this representation (it represents users so, or its directory
    carries it for its active users)?"""
    if endpoint.user_representation == attribute:
        return True
    active = [u for u in endpoint.users if u.active]
    return bool(active) and all(getattr(u, attribute) for u in active)


_STRATEGY_BRIDGE = {
    BY_NAME: ("full_name", "matching by name"),
    BY_EMAIL: ("email", "matching by email"),
    BY_USERNAME: ("username", "matching by username"),
}


def bridges(connection, left, right) -> tuple[bool, str]:
    """Does the connection bridge the two endpoints' user representations? (and how): the same
    representation, an explicit map with entries, or a matching strategy whose identity both
    directories carry."""
    user_map = connection.user_map
    if left.user_representation == right.user_representation:
        return True, "the same representation"
    if user_map is None:
        return False, ""
    if user_map.strategy == EXPLICIT:
        return bool(user_map.entries), "the explicit user map"
    if user_map.strategy in _STRATEGY_BRIDGE:
        attribute, how = _STRATEGY_BRIDGE[user_map.strategy]
        return carries(left, attribute) and carries(right, attribute), how
    return False, ""
