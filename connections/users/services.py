"""User maps: how each user of one endpoint resolves to a user of the other.

Resolution (the preview the user map page shows) is a plan fact: facts/users.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from connections.endpoints.services import CsvProblem
from connections.models import (
    Connection,
    EndpointUser,
    UserMap,
    UserMapEntry,
)
from core import uploads
from core.changes import write_boundary
from facts import subjects
from facts import users as users_facts
from facts.names import normalize_name


class Outcome:
    MATCHED = users_facts.MATCHED
    ENTRY = users_facts.ENTRY
    DEFAULT = users_facts.DEFAULT
    UNMATCHED = users_facts.UNMATCHED
    AMBIGUOUS = users_facts.AMBIGUOUS


@dataclass(frozen=True)
class Resolution:
    user: EndpointUser
    outcome: str
    candidates: tuple[str, ...] = ()  # display names of the other side's user(s)


@dataclass
class Preview:
    strategy: str
    left: list[Resolution] = field(default_factory=list)
    right: list[Resolution] = field(default_factory=list)

    def problems(self, side: str, outcome: str) -> list[Resolution]:
        return [r for r in getattr(self, side) if r.outcome == outcome]

    @property
    def unmatched(self):
        return self.problems("left", Outcome.UNMATCHED) + self.problems("right", Outcome.UNMATCHED)

    @property
    def ambiguous(self):
        return self.problems("left", Outcome.AMBIGUOUS) + self.problems("right", Outcome.AMBIGUOUS)


def _label(user: EndpointUser) -> str:
    return f"{user.full_name} ({user.username})" if user.full_name else user.username


def shared_representation(connection: Connection) -> str:
    """The user representation both endpoints use, "" when they differ."""
    left, right = connection.left.user_representation, connection.right.user_representation
    return left if left == right else ""


def preview(
    user_map: UserMap, left_users, right_users, entries, same_representation: str = ""
) -> Preview:
    """How every active user of both sides resolves under the map's strategy (plan facts:
    facts/users.py, as USR-002 judges it). The default user of a side is where the
    *other* side's unresolved users land. ``same_representation``: the representation both
    endpoints share ("" if they differ), which an empty explicit map falls back on."""
    entries = list(entries)
    strategy = users_facts.effective_strategy(user_map.strategy, bool(entries), same_representation)
    left, right = users_facts.resolve(
        strategy,
        left_users,
        right_users,
        [(e.left_username, e.right_username) for e in entries],
        user_map.left_default_user,
        user_map.right_default_user,
    )

    def shown(resolutions):
        return [
            Resolution(
                r.user,
                r.outcome,
                tuple(c if isinstance(c, str) else _label(c) for c in r.counterparts),
            )
            for r in resolutions
        ]

    return Preview(strategy=strategy, left=shown(left), right=shown(right))


@dataclass(frozen=True)
class Suggestion:
    left_username: str
    right_username: str
    score: int
    reason: str


SUGGESTION_THRESHOLD = 85


def _similarity(a: EndpointUser, b: EndpointUser) -> tuple[float, str]:
    best = (0.0, "")
    if a.full_name and b.full_name:
        score = fuzz.token_sort_ratio(normalize_name(a.full_name), normalize_name(b.full_name))
        best = max(best, (score, "name"))
    if a.email and b.email:
        local_a, local_b = a.email.casefold(), b.email.casefold()
        score = 100.0 if local_a == local_b else fuzz.ratio(local_a, local_b)
        best = max(best, (score, "email"))
    return best


def suggestions(left_users, right_users, entries) -> list[Suggestion]:
    """Entries to propose: each left user without an entry paired with the most similar right
    user (name or email similarity at least SUGGESTION_THRESHOLD), best first."""
    mapped_left = {e.left_username for e in entries}
    mapped_right = {e.right_username for e in entries}
    candidates = [u for u in right_users if u.active and u.username not in mapped_right]
    found = []
    for user in left_users:
        if not user.active or user.username in mapped_left:
            continue
        scored = [(*_similarity(user, other), other) for other in candidates]
        if not scored:
            continue
        score, reason, other = max(scored, key=lambda s: s[0])
        if score >= SUGGESTION_THRESHOLD:
            found.append(Suggestion(user.username, other.username, round(score), reason))
    return sorted(found, key=lambda s: (-s.score, s.left_username))


def user_map_for(connection: Connection) -> UserMap:
    """The connection's user map; an unsaved explicit, empty one if it has none yet (reading a
    page must not write)."""
    return UserMap.objects.filter(connection=connection).first() or UserMap(connection=connection)


def ensure_user_map(*, plan, connection: Connection, user=None) -> UserMap:
    """The connection's saved user map (created and recorded if missing)."""
    from connections.editing import create_row

    user_map = user_map_for(connection)
    return user_map if user_map.pk else create_row(plan, user, user_map)


@write_boundary
def add_entries(*, plan, connection, pairs, user=None, action="user_map_entry.add") -> int:
    """Add ``(left, right)`` entries, skipping those already in the map; returns how many."""
    from core.changes import record_change

    user_map = ensure_user_map(plan=plan, connection=connection, user=user)
    existing = set(
        UserMapEntry.objects.filter(user_map=user_map).values_list(
            "left_username", "right_username"
        )
    )
    new = []
    for left, right in pairs:
        if (left, right) not in existing:
            existing.add((left, right))
            new.append(UserMapEntry(user_map=user_map, left_username=left, right_username=right))
    UserMapEntry.objects.bulk_create(new)
    if new:
        record_change(
            plan,
            user,
            action,
            subjects.users(user_map.connection.key),
            after=[[e.left_username, e.right_username] for e in new],
        )
    return len(new)


def parse_entries_csv(text: str) -> list[tuple[str, str]]:
    """Pairs from a CSV of two columns (left, right); a first line naming the columns
    (``left_username,right_username`` or ``left,right``) is skipped."""
    pairs = []
    try:
        records = list(uploads.csv_rows(text))
    except uploads.UploadRefused as refused:
        raise CsvProblem(str(refused)) from refused
    for line, row in records:
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if line == 1 and [c.lower() for c in cells[:2]] in (
            ["left_username", "right_username"],
            ["left", "right"],
        ):
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise CsvProblem(f"Line {line}: write two names, left then right.")
        if max(len(cells[0]), len(cells[1])) > 200:
            raise CsvProblem(f"Line {line}: a name is longer than 200 characters.")
        pairs.append((cells[0], cells[1]))
    if not pairs:
        raise CsvProblem("The file holds no entries.")
    return pairs
