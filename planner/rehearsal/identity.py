"""The identity rehearsal: the users the items name, checked against the user map, the strategy
and the other side's directory (facts.users), weighted by how many items they touch.

Per connection and per side whose items were exported: coverage (items whose users all
resolve), the users who do not resolve (people who left, hidden emails), collisions (several
users landing on one counterpart); the user map as CSV is written from the result
(planner.rehearsal.lists). Pure Python.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from facts import users as user_facts
from facts.enums import other

from .engine import DirectionRun, RunContext, type_matches
from .readers import SampleSet, UserValue, resolve_fields, user_from_text


@dataclass
class IdentityReport:
    connection: str
    source: str  # the endpoint whose items name the users
    target: str
    items: int = 0  # items naming at least one user
    covered_items: int = 0  # of those, items whose users all resolve
    weights: Counter = field(default_factory=Counter)  # user -> items touched
    outcomes: dict = field(default_factory=dict)  # user -> (outcome, counterpart)
    collisions: dict = field(default_factory=dict)  # counterpart -> [users]

    @property
    def unresolved(self) -> list[tuple[UserValue, int]]:
        return [
            (u, n)
            for u, n in self.weights.most_common()
            if self.outcomes[u][0] not in user_facts.RESOLVED
        ]


def _users(value):
    values = value if type(value) is tuple else (value,)
    for v in values:
        if isinstance(v, UserValue):
            yield v
        elif v not in (None, ""):
            yield user_from_text(v.label if hasattr(v, "label") else str(v))


def _context(snapshot, connection, source_side) -> RunContext:
    target_side = other(source_side)
    source = getattr(connection, source_side)
    target = getattr(connection, target_side)
    return RunContext(
        DirectionRun(connection.key, "", source, target, "update"),
        connection,
        source_side,
        target_side,
        snapshot,
        connection.type_mappings[0],
    )


def named_users(snapshot, samples: dict[str, list[SampleSet]]) -> list[dict]:
    """What the identity rehearsal reads of the items, per connection and side whose items were
    exported: ``seen``, (type mapping index, item key, the users it names, sorted) for each item
    of each type mapping's source type, in order. ``reports`` counts an item key once (its first
    type mapping), over every part of a split rehearsal (planner.rehearsal.chunks)."""
    emitted = []
    for connection in snapshot.connections:
        for source_side in ("left", "right"):
            sets = samples.get(getattr(connection, source_side))
            if not sets or not connection.type_mappings:
                continue
            source_ep = snapshot.endpoint(getattr(connection, source_side))
            target_ep = snapshot.endpoint(getattr(connection, other(source_side)))
            seen = []
            for index, tm in enumerate(connection.type_mappings):
                source_type = source_ep.type(getattr(tm, f"{source_side}_type"))
                if source_type is None:
                    continue
                user_fields = [f.key for f in source_type.fields if f.is_user]
                for sample in sets:
                    if sample.type_hint and not type_matches(sample.type_hint, source_type):
                        continue
                    by_field = resolve_fields(sample, source_type).by_field
                    raw_keys = [by_field[k] for k in user_fields if k in by_field]
                    for item in sample.items:
                        if not sample.type_hint and not type_matches(item.type, source_type):
                            continue
                        named = set()
                        for raw_key in raw_keys:
                            raw = item.fields.get(raw_key)
                            if raw is not None:
                                named.update(_users(sample.value(raw)))
                        seen.append((index, item.key, sorted(named)))
            emitted.append(
                {
                    "connection": connection.key,
                    "side": source_side,
                    "source": source_ep.key,
                    "target": target_ep.key,
                    "seen": seen,
                }
            )
    return emitted


def reports(snapshot, emitted: list[dict]) -> list[IdentityReport]:
    """The identity reports of ``named_users``' output (of one rehearsal, or the concatenated
    ``seen`` of its parts, in order)."""
    out = []
    connections = {c.key: c for c in snapshot.connections}
    for shell in emitted:
        connection = connections[shell["connection"]]
        ctx = _context(snapshot, connection, shell["side"])
        report = IdentityReport(shell["connection"], shell["source"], shell["target"])
        seen_items = set()
        # Type mapping first, then the items in order: a stable sort keeps the parts' order.
        for _index, key, users in sorted(shell["seen"], key=lambda row: row[0]):
            if key in seen_items:
                continue
            seen_items.add(key)
            if not users:
                continue
            named = [u if isinstance(u, UserValue) else UserValue(*u) for u in users]
            report.items += 1
            report.weights.update(named)
            resolved = True
            for user in named:
                if user not in report.outcomes:
                    report.outcomes[user] = ctx.resolve_user(user)
                resolved &= report.outcomes[user][0] in user_facts.RESOLVED
            report.covered_items += resolved
        landing = defaultdict(list)
        for user, (outcome, counterpart) in report.outcomes.items():
            if outcome in user_facts.RESOLVED and counterpart:
                landing[counterpart].append(user.shown)
        report.collisions = {c: sorted(us) for c, us in landing.items() if len(us) > 1}
        if report.items:
            out.append(report)
    return out


def identities(snapshot, samples: dict[str, list[SampleSet]]) -> list[IdentityReport]:
    return reports(snapshot, named_users(snapshot, samples))
