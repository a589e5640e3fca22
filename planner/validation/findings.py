"""Findings and their stable identity.

A finding is identified by its code and subject path (see "Subjects and identity" in the rule
catalog); its fingerprint is the SHA-256 of the subject's fragment of the plan, so an
acknowledgement given for one state of the subject goes stale when that subject changes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace

from facts import subjects

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class FindingResult:
    code: str
    severity: str
    subject: str
    message: str
    fix: str
    fingerprint: str = field(default="", compare=False)

    @property
    def family(self) -> str:
        return self.code.split("-")[0]

    def sort_key(self):
        return (SEVERITY_ORDER[self.severity], self.code, self.subject)


# The arrow of a flow, for people: a one-way flow shows its way, not ↔.
ARROWS = {"l2r": "→", "r2l": "←", "both": "↔"}


def arrow(direction: str) -> str:
    return ARROWS.get(direction, "↔")


# --------------------------------------------------------------------------------------------
# Subject paths.


# Built by facts/subjects.py; these take the snapshot's records.

endpoint_subject = subjects.endpoint
connection_subject = subjects.connection


def type_mapping_subject(connection_key: str, tm) -> str:
    return subjects.type_mapping(connection_key, tm.left_type, tm.right_type)


def field_mapping_subject(connection_key: str, tm, fm_key: str) -> str:
    """``fm_key`` is ``left->right`` (one side empty for a calculated value)."""
    left, right = fm_key.split("->", 1)
    return subjects.field_mapping(connection_key, tm.left_type, tm.right_type, left, right)


def enum_pair_subject(connection_key: str, tm, fm, pair) -> str:
    base = field_mapping_subject(connection_key, tm, fm.key)
    return subjects.enum_pair(base, pair.left, pair.right)


def users_subject(connection_key: str, entry=None) -> str:
    if entry is None:
        return subjects.users(connection_key)
    return subjects.user_map_entry(connection_key, entry.left, entry.right)


def operations_subject(item) -> str:
    return subjects.operations_item(item.kind, item.key)


# --------------------------------------------------------------------------------------------
# Fragments and fingerprints.


def asdict(obj):
    """``dataclasses.asdict`` without its deep copies: snapshot values are immutable, so the
    plain data (and its canonical JSON) is the same, built several times faster."""
    if hasattr(obj, "__dataclass_fields__"):
        return {name: asdict(getattr(obj, name)) for name in obj.__dataclass_fields__
                if not name.startswith("_")}  # fmt: skip
    if isinstance(obj, (tuple, list)):
        return [asdict(v) for v in obj]
    if isinstance(obj, dict):
        return {k: asdict(v) for k, v in obj.items()}
    return obj


def _strip(data: dict, *names) -> dict:
    return {k: v for k, v in data.items() if k not in names}


def _under(subject: str, prefix: str) -> str | None:
    """The rest of ``subject`` after ``prefix`` ("" for an exact match), or None."""
    if subject == prefix:
        return ""
    if subject.startswith(prefix + "/"):
        return subject[len(prefix) + 1 :]
    return None


def _endpoint_fragment(snapshot, endpoint, rest: str) -> dict | None:
    if rest == "":
        # The endpoint's own settings; its types and users are subjects of their own.
        return _strip(asdict(replace(endpoint, types=(), users=())), "types", "users")
    for item_type in endpoint.types:
        below = _under(rest, f"types/{item_type.key}")
        if below is None:
            continue
        if below == "":
            return asdict(item_type)
        for f in item_type.fields:
            if below == f"fields/{f.key}":
                return asdict(f)
    return None


def _field_dict(endpoint, type_key, field_key):
    item_type = endpoint.type(type_key) if endpoint else None
    f = item_type.field(field_key) if item_type else None
    return asdict(f) if f else None


def _connection_fragment(snapshot, connection, rest: str) -> dict | None:
    if rest == "":
        # The connection's own settings and its type mappings' (USE-001 reads them), not the
        # field mappings or the user map (subjects of their own). ``replace`` first so asdict
        # does not copy the whole connection only to drop most of it.
        own = replace(
            connection,
            type_mappings=tuple(
                replace(tm, field_mappings=(), relationship_rules=())
                for tm in connection.type_mappings
            ),
            user_map=None,
        )
        data = _strip(asdict(own), "user_map")
        for tm in data["type_mappings"]:
            del tm["field_mappings"], tm["relationship_rules"]
        return data
    users = _under(rest, "users")
    if users is not None:
        user_map = connection.user_map
        if users == "":
            return asdict(user_map) if user_map else {"user_map": None}
        for entry in user_map.entries if user_map else ():
            if users == f"{entry.left}->{entry.right}":
                return asdict(entry)
        return None
    left = snapshot.endpoint(connection.left)
    right = snapshot.endpoint(connection.right)
    for tm in connection.type_mappings:
        below = _under(rest, f"types/{tm.key}")
        if below is None:
            continue
        if below == "":
            return asdict(tm)
        for fm in tm.field_mappings:
            in_fm = _under(below, f"fields/{fm.key}")
            if in_fm is None:
                continue
            if in_fm == "":
                # The mapping and the two fields it joins: changing either field's definition
                # (read-only, data type, values) changes what the finding is about.
                return {
                    "mapping": asdict(fm),
                    "left": _field_dict(left, tm.left_type, fm.left_field),
                    "right": _field_dict(right, tm.right_type, fm.right_field),
                }
            for pair in fm.enum_pairs:
                if in_fm == f"values/{pair.left}->{pair.right}":
                    return asdict(pair)
        # A path for a mapping that does not exist yet (e.g. FLD-007's missing required field):
        # the type mapping is what must change.
        return asdict(tm)
    return None


def subject_fragment(snapshot, subject: str) -> dict:
    """The part of the plan a subject path names, as plain data (``{}`` when it names nothing)."""
    fragment = None
    if subject == "plan":
        fragment = {
            "name": snapshot.name,
            "sync_server": asdict(snapshot.sync_server) if snapshot.sync_server else None,
            "endpoints": [(e.key, e.product) for e in snapshot.endpoints],
        }
    elif subject.startswith("endpoints/"):
        for endpoint in snapshot.endpoints:
            rest = _under(subject, f"endpoints/{endpoint.key}")
            if rest is not None:
                fragment = _endpoint_fragment(snapshot, endpoint, rest)
                if fragment is not None:
                    break
    elif subject.startswith("connections/"):
        for connection in snapshot.connections:
            rest = _under(subject, f"connections/{connection.key}")
            if rest is not None:
                fragment = _connection_fragment(snapshot, connection, rest)
                if fragment is not None:
                    break
    elif subject.startswith("operations/") and snapshot.sync_server:
        for item in snapshot.sync_server.operations:
            if subject == operations_subject(item):
                fragment = asdict(item)
                break
    return fragment if fragment is not None else {}


def canonical_json(data) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)


def fingerprint(snapshot, subject: str) -> str:
    """SHA-256 (hex) of the canonical JSON of the subject's fragment of the plan."""
    return hashlib.sha256(canonical_json(subject_fragment(snapshot, subject)).encode()).hexdigest()
