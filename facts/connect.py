"""What OpenText (Micro Focus) Connect can express of a plan: one master per connection, conflicts
resolved as "master wins", projects either common to a connection or per syncset, one data
source per ALM/QC domain or ALM Octane shared space, one global user map.

The CNX rules (planner/validation/rules/cnx.py) and the "Connect set-up" sheet
(planner/exports/connect_setup.py) both ask these functions, so a finding and the note next to
the sheet's row always agree. Pure over the snapshot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from facts.datatypes import Labelled

# The OpenText products: when one of them is in a pair, Connect makes it the master.
OPENTEXT_PRODUCTS = frozenset({"alm-qc", "alm-octane"})
SIDES = ("left", "right")


def opentext_side(snapshot, connection) -> str:
    """The side whose endpoint is an OpenText product, "" when neither or both are."""
    found = [
        side
        for side in SIDES
        if (e := snapshot.endpoint(getattr(connection, side))) and e.product in OPENTEXT_PRODUCTS
    ]
    return found[0] if len(found) == 1 else ""


def named_masters(connection) -> list[str]:
    """The systems of record the type mappings name, each once, in order."""
    return list(
        dict.fromkeys(tm.system_of_record for tm in connection.type_mappings if tm.system_of_record)
    )


def master(snapshot, connection) -> str:
    """The side Connect takes as the connection's master: the OpenText product of the pair
    (Connect insists), else the one system of record every type mapping names; "" when the
    plan names none or several."""
    forced = opentext_side(snapshot, connection)
    if forced:
        return forced
    named = named_masters(connection)
    return named[0] if len(named) == 1 else ""


def master_wins(side: str) -> str:
    """The plan's conflict policy that means "master wins" for a master on ``side``."""
    return f"{side}_wins" if side else ""


@dataclass(frozen=True)
class PolicyChoice:
    """A conflict policy set on one level (connection, type mapping or field mapping)."""

    policy: str
    type_mapping: object = None
    field_mapping: object = None


def policies_not_master_wins(snapshot, connection) -> list[PolicyChoice]:
    """Every conflict policy the plan sets that Connect cannot apply. With no master known only
    the policies that are never "master wins" (latest change, stop) are certain."""
    wins = master_wins(master(snapshot, connection))

    def refused(policy: str) -> bool:
        if not policy:
            return False
        return policy != wins if wins else policy not in ("left_wins", "right_wins")

    found = []
    if refused(connection.conflict_policy):
        found.append(PolicyChoice(connection.conflict_policy))
    for tm in connection.type_mappings:
        if refused(tm.conflict_policy):
            found.append(PolicyChoice(tm.conflict_policy, tm))
        for fm in tm.field_mappings:
            if refused(fm.conflict_policy):
                found.append(PolicyChoice(fm.conflict_policy, tm, fm))
    return found


def masters_off_opentext(snapshot, connection) -> list:
    """Type mappings whose system of record is the other product of a pair with one OpenText
    product: Connect makes the OpenText product the master whatever the plan says."""
    forced = opentext_side(snapshot, connection)
    if not forced:
        return []
    return [
        tm
        for tm in connection.type_mappings
        if tm.system_of_record and tm.system_of_record != forced
    ]


def _named_projects(text: str, keys) -> set[str]:
    """Project keys written in ``text`` as words of their own (``SHOP`` is not in ``WEBSHOP`` nor ``SHOP-2``)."""
    return {
        key for key in keys if key and re.search(rf"(?<![\w/-]){re.escape(key)}(?![\w/-])", text)
    }


def type_based_projects(snapshot, connection) -> dict:
    """{type mapping key: {side: project keys}} for the type mappings whose scope restricts them to
    projects other than the connection's paired ones (projects per syncset in Connect)."""
    result = {}
    for tm in connection.type_mappings:
        restricted = {}
        for index, side in enumerate(SIDES):
            endpoint = snapshot.endpoint(getattr(connection, side))
            if endpoint is None:
                continue
            named = _named_projects(tm.scope, [p.key for p in endpoint.projects])
            paired = {pair[index] for pair in connection.project_pairs}
            if named and named != paired:
                restricted[side] = sorted(named)
        if restricted:
            result[tm.key] = restricted
    return result


def mixed_projects(snapshot, connection) -> dict:
    """Type-based projects in a connection that also has common (connection-wide) project
    pairs: Connect takes one or the other per connection."""
    if not connection.project_pairs:
        return {}
    return type_based_projects(snapshot, connection)


# What one Connect data source holds besides the server: an ALM/QC domain, an ALM Octane shared
# space (Connect help, "Create a data source": "Two ALM Octane shared spaces with the same URL
# are considered different endpoints. Two ALM/QC domains with the same URL are considered
# different endpoints."). The plan names such a project "<domain>/<project>" or
# "<shared space>/<workspace>". Other products' data sources hold the whole server, and one
# connection may pair several of its projects through that one data source.
DATA_SOURCE_CONTAINER = {"alm-qc": "domain", "alm-octane": "shared space"}


def data_source_container(product: str, project_key: str) -> str:
    """The domain or shared space a project lies in ("" where one data source holds every
    project of the server, or where the key does not say)."""
    if product not in DATA_SOURCE_CONTAINER or "/" not in project_key:
        return ""
    return project_key.split("/", 1)[0]


def projects_needing_data_sources(snapshot, connection) -> dict[str, dict[str, list[str]]]:
    """{side: {domain or shared space: project keys}} where the connection pairs projects of one
    ALM/QC or ALM Octane endpoint that lie in two or more domains (shared spaces): Connect
    needs a data source for each ("A single connection synchronizing data across two projects
    on the same server endpoint must use different data sources"), while two connections may
    share one."""
    result = {}
    for index, side in enumerate(SIDES):
        endpoint = snapshot.endpoint(getattr(connection, side))
        if endpoint is None:
            continue
        containers: dict[str, list[str]] = {}
        for pair in connection.project_pairs:
            container = data_source_container(endpoint.product, pair[index])
            if container:
                keys = containers.setdefault(container, [])
                if pair[index] not in keys:
                    keys.append(pair[index])
        if len(containers) > 1:
            result[side] = containers
    return result


# --------------------------------------------------------------------------------------------
# The global user map.


@dataclass
class MergedUserRow:
    """One pairing of two users of two endpoints, with the connections that plan it."""

    left_endpoint: str
    left: str
    right_endpoint: str
    right: str
    kind: str  # "entry" or "default user"
    connections: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # why Connect cannot take it as is


def merged_user_map(snapshot) -> list[MergedUserRow]:
    """The plan's user maps as the one global map Connect keeps, in plan order. A user mapped
    to two different counterparts of one endpoint, or an endpoint given two default users, is
    a conflict, named on every row it touches."""
    rows: dict[tuple, MergedUserRow] = {}
    for c in snapshot.connections:
        um = c.user_map
        if um is None:
            continue
        pairs = [(e.left, e.right, "entry") for e in um.entries]
        if um.left_default_user or um.right_default_user:
            pairs.insert(0, (um.left_default_user, um.right_default_user, "default user"))
        for left, right, kind in pairs:
            key = (c.left, left, c.right, right, kind)
            row = rows.get(key) or rows.setdefault(
                key, MergedUserRow(c.left, left, c.right, right, kind)
            )
            row.connections.append(c.key)
    merged = list(rows.values())
    counterparts: dict[tuple, set[str]] = {}
    for row in merged:
        if row.kind == "entry":
            for ep, user, other_ep, other in (
                (row.left_endpoint, row.left, row.right_endpoint, row.right),
                (row.right_endpoint, row.right, row.left_endpoint, row.left),
            ):
                counterparts.setdefault((ep, user, other_ep), set()).add(other)
        else:
            for ep, user in ((row.left_endpoint, row.left), (row.right_endpoint, row.right)):
                if user:
                    counterparts.setdefault((ep, "", "default user"), set()).add(user)
    for row in merged:
        if row.kind == "entry":
            for ep, user, other_ep in (
                (row.left_endpoint, row.left, row.right_endpoint),
                (row.right_endpoint, row.right, row.left_endpoint),
            ):
                others = counterparts[(ep, user, other_ep)]
                if len(others) > 1:
                    row.conflicts.append(
                        f"{user} ({ep}) is mapped to {len(others)} users of {other_ep}: "
                        + ", ".join(sorted(others))
                    )
        else:
            for ep, user in ((row.left_endpoint, row.left), (row.right_endpoint, row.right)):
                defaults = counterparts.get((ep, "", "default user"), set())
                if user and len(defaults) > 1:
                    row.conflicts.append(
                        f"{ep} has {len(defaults)} default users: " + ", ".join(sorted(defaults))
                    )
    return merged


# --------------------------------------------------------------------------------------------
# Words for people.


class ConflictPolicy(Labelled):
    """Which side wins when both changed a field (a field mapping's ``conflict_policy``)."""

    LEFT_WINS = "left_wins", "Left wins"
    RIGHT_WINS = "right_wins", "Right wins"
    LATEST_WINS = "latest_wins", "Latest change wins"
    STOP = "stop", "Stop with an error"


def policy_words(policy: str, left_name: str, right_name: str) -> str:
    """``ALM/QC wins``, ``latest change wins``: a conflict policy in words, a winning side by its
    product's name (never "left" or "right")."""
    if policy not in ConflictPolicy.values:
        return policy
    if policy in ("left_wins", "right_wins"):
        return f"{left_name if policy == 'left_wins' else right_name} wins"
    return ConflictPolicy(policy).label.lower()


def way_words(direction: str, left_name: str, right_name: str) -> str:
    """``Jira → Octane``: a direction between two named products."""
    return {
        "l2r": f"{left_name} → {right_name}",
        "r2l": f"{right_name} → {left_name}",
        "both": f"{left_name} ↔ {right_name}",
    }.get(direction, "none")
