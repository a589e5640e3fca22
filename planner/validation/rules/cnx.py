"""CNX: plan choices OpenText (Micro Focus) Connect cannot express (Connect help pages cited with
their addresses in docs/validator.md: "Create a connection", "Basics", "Add projects and rules
to a connection", "Create a data source").

The facts are facts/connect.py, which the "Connect set-up" sheet reads for its notes.
"""

from __future__ import annotations

from facts import connect

from ..findings import (
    ERROR,
    WARNING,
    FindingResult,
    connection_subject,
    field_mapping_subject,
    type_mapping_subject,
)


def _names(snapshot, connection) -> tuple[str, str]:
    left, right = snapshot.endpoint(connection.left), snapshot.endpoint(connection.right)
    return (left.name if left else connection.left), (right.name if right else connection.right)


def _title(connection) -> str:
    return connection.name or connection.key


def conflict_policy(snapshot, ctx):
    """CNX-001: a conflict policy other than "master wins"."""
    for c in snapshot.connections:
        left, right = _names(snapshot, c)
        master = connect.master(snapshot, c)
        master_name = {"left": left, "right": right}.get(master, "")
        for choice in connect.policies_not_master_wins(snapshot, c):
            if choice.field_mapping is not None:
                subject = field_mapping_subject(
                    c.key, choice.type_mapping, choice.field_mapping.key
                )
                where = f"field mapping {choice.field_mapping.key} of {choice.type_mapping.key}"
            elif choice.type_mapping is not None:
                subject = type_mapping_subject(c.key, choice.type_mapping)
                where = f"type mapping {choice.type_mapping.key}"
            else:
                subject, where = connection_subject(c.key), "the connection"
            wins = f"the master, {master_name}, wins" if master_name else "the master wins"
            yield FindingResult(
                "CNX-001",
                WARNING,
                subject,
                f"{_title(c)}: {where} resolves conflicts as "
                f'"{connect.policy_words(choice.policy, left, right)}"; Connect has no '
                f"conflict setting: where both sides changed a value, {wins}.",
                "Make the master the side that should win, or accept master wins and say so "
                "in the plan.",
            )


def no_master(snapshot, ctx):
    """CNX-002: no master (system of record) named for a connection."""
    for c in snapshot.connections:
        if not c.type_mappings or connect.master(snapshot, c):
            continue
        left, right = _names(snapshot, c)
        named = connect.named_masters(c)
        said = (
            f"its type mappings name both {left} and {right} as system of record"
            if named
            else "no type mapping names a system of record"
        )
        yield FindingResult(
            "CNX-002",
            WARNING,
            connection_subject(c.key),
            f"{_title(c)} has no master for Connect: {said}, and a Connect connection has "
            "exactly one master and one target.",
            f"Name one system of record for every type mapping of the connection ({left} or "
            f"{right}); split the connection in two if the types are owned by different "
            "products.",
        )


def master_not_opentext(snapshot, ctx):
    """CNX-003: the master is not the OpenText product of a pair with one."""
    for c in snapshot.connections:
        wrong = connect.masters_off_opentext(snapshot, c)
        if not wrong:
            continue
        left, right = _names(snapshot, c)
        names = {"left": left, "right": right}
        forced = connect.opentext_side(snapshot, c)
        for tm in wrong:
            yield FindingResult(
                "CNX-003",
                WARNING,
                type_mapping_subject(c.key, tm),
                f"{_title(c)}: {tm.key} names {names[tm.system_of_record]} as system of "
                f"record, but Connect makes {names[forced]}, the OpenText product of the pair, "
                "the master of the connection.",
                f"Make {names[forced]} the system of record, or plan how {names[forced]} "
                "winning conflicts affects these items.",
            )


def mixed_projects(snapshot, ctx):
    """CNX-004: common projects mixed with type-based projects in one connection."""
    for c in snapshot.connections:
        restricted = connect.mixed_projects(snapshot, c)
        if not restricted:
            continue
        which = ", ".join(
            f"{tm_key} ({'; '.join(', '.join(keys) for keys in sides.values())})"
            for tm_key, sides in restricted.items()
        )
        yield FindingResult(
            "CNX-004",
            WARNING,
            connection_subject(c.key),
            f"{_title(c)} pairs common projects for the whole connection, and the scope of "
            f"{which} names other projects: Connect takes either common projects or "
            "type-based projects in one connection, not both.",
            "Use the connection's project pairs for every type mapping, or give every type "
            "mapping its own projects (or split the connection).",
        )


def data_source_per_project(snapshot, ctx):
    """CNX-005: one connection across projects of two ALM/QC domains (ALM Octane shared spaces)
    of one endpoint, i.e. through one data source."""
    for c in snapshot.connections:
        found = connect.projects_needing_data_sources(snapshot, c)
        if not found:
            continue
        left, right = _names(snapshot, c)
        names = {"left": left, "right": right}
        parts = []
        for side, containers in found.items():
            what = connect.DATA_SOURCE_CONTAINER[snapshot.endpoint(getattr(c, side)).product]
            listed = ", ".join(
                f"{what} {name} ({', '.join(keys)})" for name, keys in containers.items()
            )
            parts.append(f"{names[side]}: {listed}")
        said = "; ".join(parts)
        yield FindingResult(
            "CNX-005",
            ERROR,
            connection_subject(c.key),
            f"{_title(c)} pairs projects of several containers of one endpoint ({said}); a "
            "Connect data source holds one ALM/QC domain or ALM Octane shared space, so one "
            "connection across them needs a data source for each.",
            "Add an endpoint (data source) per domain or shared space on the same server and "
            "pair each one's projects through it; two connections may share one data source.",
        )


RULES = (conflict_policy, no_master, master_not_opentext, mixed_projects, data_source_per_project)
