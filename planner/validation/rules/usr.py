"""USR: user fields ("User fields", "User Representation", "User Maps")."""

from __future__ import annotations

from facts import users as users_facts
from facts.direction import NOWHERE, flows
from facts.names import normalize_name

from ..context import names
from ..findings import ERROR, INFO, WARNING, FindingResult, users_subject

_REPRESENTATION_LABELS = {
    "username": "usernames",
    "full_name": "full names",
    "email": "email addresses",
    "account_id": "account ids",
}


def _user_mappings(ctx, connection):
    """Live field mappings of ``connection`` joining a user field to a user field, with a flow."""
    for mv in ctx.mappings:
        if mv.connection is not connection or mv.stale or mv.fm.is_calculated:
            continue
        if mv.left.field.is_user and mv.right.field.is_user and mv.effective != NOWHERE:
            yield mv


def _flows(ctx, connection):
    """(values flow left→right, right→left) over the connection's user field mappings."""
    l2r = r2l = False
    for mv in _user_mappings(ctx, connection):
        a, b = flows(mv.effective)
        l2r, r2l = l2r or a, r2l or b
    return l2r, r2l


def representations(snapshot, ctx):
    """USR-001: user fields mapped between different representations with nothing bridging."""
    for connection in snapshot.connections:
        if not any(True for _ in _user_mappings(ctx, connection)):
            continue
        left, right = snapshot.endpoint(connection.left), snapshot.endpoint(connection.right)
        ok, _ = users_facts.bridges(connection, left, right)
        if ok:
            continue
        yield FindingResult(
            "USR-001",
            ERROR,
            users_subject(connection.key),
            f"User fields are mapped between {left.name}, which represents users by "
            f"{_REPRESENTATION_LABELS[left.user_representation]}, and {right.name}, which uses "
            f"{_REPRESENTATION_LABELS[right.user_representation]}, but the connection has no "
            "user map or matching strategy that bridges them.",
            "Add a user map with an entry per user, or choose a matching strategy (by name, by "
            "email) whose data both directories carry.",
        )


def _identities(user) -> set[str]:
    return {i for i in (user.username, user.full_name, user.email, user.account_id) if i}


def counterparts(snapshot, ctx):
    """USR-002: active users of a sending side with no counterpart on the receiving side (plan
    facts: an explicit entry first, then the strategy). Only complete directories are
    judged."""
    for connection in snapshot.connections:
        l2r, r2l = _flows(ctx, connection)
        if not (l2r or r2l):
            continue
        left, right = snapshot.endpoint(connection.left), snapshot.endpoint(connection.right)
        if not (left.user_directory_complete and right.user_directory_complete):
            continue
        ok, _ = users_facts.bridges(connection, left, right)
        if not ok:
            continue  # USR-001 reports it
        user_map = connection.user_map
        entries = [(e.left, e.right) for e in user_map.entries] if user_map else []
        strategy = users_facts.effective_strategy(
            user_map.strategy if user_map else None,
            bool(entries),
            left.user_representation
            if left.user_representation == right.user_representation
            else "",
        )
        problems = []
        for flowing, sender, receiver, sent in (
            (l2r, left, right, entries),
            (r2l, right, left, [(b, a) for a, b in entries]),
        ):
            if not flowing:
                continue
            resolutions = users_facts.resolve_side(sender.users, receiver.users, strategy, sent)
            lost = [r.user for r in resolutions if r.outcome == users_facts.UNMATCHED]
            if lost:
                problems.append(
                    f"{len(lost)} active user{'s' if len(lost) > 1 else ''} of {sender.name} "
                    f"({names([u.full_name or u.username for u in lost])}) "
                    f"{'have' if len(lost) > 1 else 'has'} no counterpart "
                    f"in {receiver.name}"
                )
        if problems:
            yield FindingResult(
                "USR-002",
                WARNING,
                users_subject(connection.key),
                "; ".join(problems) + ".",
                "Add user-map entries for them, create their accounts, or set a default user for "
                "values that find no counterpart.",
            )


def impersonation(snapshot, ctx):
    """USR-003: a creator/modifier field written into a product that cannot impersonate."""
    for mv in ctx.mappings:
        if mv.stale:
            continue
        for side in mv.receiving_sides(effective=False):
            f = mv.side(side).field
            if f is None or not f.is_user or f.user_settable:
                continue
            endpoint = mv.side(side).endpoint
            if endpoint.allows_impersonation:
                continue  # the product sets creator/modifier users: nothing to report
            yield FindingResult(
                "USR-003",
                WARNING,
                mv.subject,
                f"The mapping writes {mv.describe(side)}, which only the system sets, into "
                f"{endpoint.name}, which does not allow impersonation: {endpoint.name} will "
                f"show the integration account ({endpoint.integration_account or 'unnamed'}) "
                "instead.",
                "Map the value into a custom user or text field, or accept that the integration "
                "account appears as creator/modifier.",
            )


def _directory(ctx, endpoint) -> tuple[set[str], dict[str, str]]:
    """(the endpoint's users as it represents them, {another identity: that representation}),
    built once per endpoint: user maps and directories run to thousands."""
    key = ("user-directory", endpoint.key)
    found = ctx.memo.get(key)
    if found is None:
        rep = endpoint.user_representation
        known = {getattr(u, rep) for u in endpoint.users if getattr(u, rep)}
        others = {}
        for u in endpoint.users:
            if getattr(u, rep):
                for identity in _identities(u):
                    others.setdefault(identity, getattr(u, rep))
        found = ctx.memo[key] = (known, others)
    return found


def _entry_problem(ctx, endpoint, name: str) -> str:
    """Why ``name`` does not name a user of ``endpoint`` in the product's own representation
    ("" when it does, or when the directory is incomplete: only complete directories are
    judged). A user known by another identity (ALM/QC's "gbear" written as its full name "Gary
    Bear") is wrong too: the sync tool looks the value up as the product represents users."""
    if not endpoint.user_directory_complete:
        return ""
    known, others = _directory(ctx, endpoint)
    if name in known:
        return ""
    if name in others:
        return (
            f'"{name}" in {endpoint.name}, which identifies users by '
            f"{_REPRESENTATION_LABELS[endpoint.user_representation]}: this user is "
            f'"{others[name]}" there'
        )
    return f'"{name}" in {endpoint.name}, who does not exist there'


def unknown_entries(snapshot, ctx):
    """USR-004: a user-map entry names a user who does not exist in that product as the
    product represents users."""
    for connection in snapshot.connections:
        user_map = connection.user_map
        if user_map is None or not user_map.entries:
            continue
        left, right = snapshot.endpoint(connection.left), snapshot.endpoint(connection.right)
        for entry in user_map.entries:
            missing = [
                problem
                for endpoint, name in ((left, entry.left), (right, entry.right))
                if (problem := _entry_problem(ctx, endpoint, name))
            ]
            if missing:
                yield FindingResult(
                    "USR-004",
                    ERROR,
                    users_subject(connection.key, entry),
                    f"The user-map entry {entry.left} → {entry.right} names "
                    f"{' and '.join(missing)}.",
                    "Users must exist in the product to set the field: write each side's user as "
                    "that product represents users, correct the entry or create the account.",
                )


def ambiguous_names(snapshot, ctx):
    """USR-005: matching by name, and two users of one side share a (normalized) full name."""
    for connection in snapshot.connections:
        if connection.user_map is None or connection.user_map.strategy != "by_name":
            continue
        clashes = []
        for endpoint in (snapshot.endpoint(connection.left), snapshot.endpoint(connection.right)):
            seen: dict[str, list[str]] = {}
            for u in endpoint.users:
                if u.active and u.full_name:
                    seen.setdefault(normalize_name(u.full_name), []).append(u.username)
            for users in seen.values():
                if len(users) > 1:
                    clashes.append(f"{endpoint.name}: {names(users)}")
        if clashes:
            yield FindingResult(
                "USR-005",
                WARNING,
                users_subject(connection.key),
                "Matching by name is ambiguous: users share a full name ("
                + "; ".join(clashes[:5])
                + (f" and {len(clashes) - 5} more" if len(clashes) > 5 else "")
                + ").",
                "Add explicit user-map entries for these users, or match by email.",
            )


def default_users(snapshot, ctx):
    """USR-006: user values with no counterpart have no default user to land on."""
    for connection in snapshot.connections:
        l2r, r2l = _flows(ctx, connection)
        user_map = connection.user_map
        missing = []
        left, right = snapshot.endpoint(connection.left), snapshot.endpoint(connection.right)
        if l2r and not (user_map and user_map.right_default_user):
            missing.append(right.name)
        if r2l and not (user_map and user_map.left_default_user):
            missing.append(left.name)
        if missing:
            yield FindingResult(
                "USR-006",
                INFO,
                users_subject(connection.key),
                f"User fields are mapped and no default user is set in {' and '.join(missing)} "
                "for users who find no counterpart.",
                "Set a default user per receiving side; without one such updates fail or leave "
                "the field empty.",
            )


RULES = (representations, counterparts, impersonation, unknown_entries, ambiguous_names,
         default_users)  # fmt: skip
