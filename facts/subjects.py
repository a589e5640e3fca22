"""Subject paths of stable keys (rule catalog, "Subjects and identity"): the one builder.

Findings, acknowledgements, the change log and the pages' links all name a part of the plan by
these paths, so they must be spelled the same everywhere. Every function takes keys (strings).
"""

from __future__ import annotations

from dataclasses import dataclass

PLAN = "plan"
SERVER = "operations/server"


def endpoint(key: str) -> str:
    return f"endpoints/{key}"


def endpoint_users(endpoint_key: str) -> str:
    return f"{endpoint(endpoint_key)}/users"


def endpoint_user(endpoint_key: str, username: str) -> str:
    return f"{endpoint_users(endpoint_key)}/{username}"


def project(endpoint_key: str, key: str) -> str:
    return f"{endpoint(endpoint_key)}/projects/{key}"


def item_type(endpoint_key: str, key: str) -> str:
    return f"{endpoint(endpoint_key)}/types/{key}"


def field(endpoint_key: str, type_key: str, key: str) -> str:
    return f"{item_type(endpoint_key, type_key)}/fields/{key}"


def enum_value(endpoint_key: str, type_key: str, field_key: str, label: str) -> str:
    return f"{field(endpoint_key, type_key, field_key)}/values/{label}"


def connection(key: str) -> str:
    return f"connections/{key}"


def project_pair(connection_key: str, left: str, right: str) -> str:
    return f"{connection(connection_key)}/projects/{left}->{right}"


def use_case(connection_key: str, question: str) -> str:
    return f"{connection(connection_key)}/use-case/{question}"


def type_mappings(connection_key: str) -> str:
    """The prefix of every type mapping's subject of a connection."""
    return f"{connection(connection_key)}/types"


def type_mapping(connection_key: str, left_type: str, right_type: str) -> str:
    return f"{type_mappings(connection_key)}/{left_type}->{right_type}"


def field_mapping(
    connection_key: str, left_type: str, right_type: str, left: str | None, right: str | None
) -> str:
    """``left`` / ``right`` field keys; None (or "") on the empty side of a calculated value."""
    return (
        f"{type_mapping(connection_key, left_type, right_type)}/fields/{left or ''}->{right or ''}"
    )


def enum_pair(field_mapping_subject: str, left_label: str, right_label: str) -> str:
    return f"{field_mapping_subject}/values/{left_label}->{right_label}"


def relationship_rule(connection_key: str, left_type: str, right_type: str, field_key: str):
    return f"{type_mapping(connection_key, left_type, right_type)}/relationships/{field_key}"


def matching(connection_key: str, left_type: str, right_type: str, left: str, right: str):
    return f"{type_mapping(connection_key, left_type, right_type)}/matching/{left}->{right}"


def users(connection_key: str) -> str:
    return f"{connection(connection_key)}/users"


def user_map_entry(connection_key: str, left: str, right: str) -> str:
    return f"{users(connection_key)}/{left}->{right}"


def operations_item(kind: str, key: str) -> str:
    return f"operations/{kind}/{key}"


# ---------------------------------------------------------------------------------------------
# Reading a path back, and where it lives in the pages.


@dataclass(frozen=True)
class Parsed:
    """A subject path read back into its keys. ``kind`` names the builder above that makes it
    ("field_mapping", "enum_pair", ...; "" for a path no builder makes)."""

    kind: str
    endpoint: str = ""
    connection: str = ""
    type: str = ""  # an endpoint's type key, or a type mapping's key "left->right"
    field: str = ""  # a field key, or a field mapping's key "left->right"
    left: str = ""  # the left / right parts of the last "left->right" of the path
    right: str = ""
    rest: str = ""  # a use-case question, an operations item's kind, a username, a label...
    key: str = ""


def _pair(text: str) -> tuple[str, str]:
    left, _, right = text.partition("->")
    return left, right


def _parse_type_mapping(connection_key: str, below: str) -> Parsed:
    tm_key, _, rest = below.partition("/")
    left, right = _pair(tm_key)
    if not rest:
        return Parsed(
            "type_mapping", connection=connection_key, type=tm_key, left=left, right=right
        )
    part, _, rest = rest.partition("/")
    if part == "fields":
        # Labels may hold "/" and "->": split at the first "/values/" and the first "->".
        fm_key, sep, pair = rest.partition("/values/")
        if sep:
            left, right = _pair(pair)
            return Parsed(
                "enum_pair", connection=connection_key, type=tm_key, field=fm_key, left=left,
                right=right,
            )  # fmt: skip
        left, right = _pair(fm_key)
        return Parsed(
            "field_mapping", connection=connection_key, type=tm_key, field=fm_key, left=left,
            right=right,
        )  # fmt: skip
    if part == "relationships":
        return Parsed("relationship_rule", connection=connection_key, type=tm_key, field=rest)
    if part == "matching":
        left, right = _pair(rest)
        return Parsed("matching", connection=connection_key, type=tm_key, left=left, right=right)
    return Parsed("")


def _parse_connection(key: str, rest: str) -> Parsed:
    if not rest:
        return Parsed("connection", connection=key)
    part, _, below = rest.partition("/")
    if part == "types" and below:
        return _parse_type_mapping(key, below)
    if part == "users":
        if not below:
            return Parsed("users", connection=key)
        left, right = _pair(below)
        return Parsed("user_map_entry", connection=key, left=left, right=right)
    if part == "use-case" and below:
        return Parsed("use_case", connection=key, rest=below)
    if part == "projects" and below:
        left, right = _pair(below)
        return Parsed("project_pair", connection=key, left=left, right=right)
    return Parsed("")


def _parse_endpoint(key: str, rest: str) -> Parsed:
    if not rest:
        return Parsed("endpoint", endpoint=key)
    part, _, below = rest.partition("/")
    if part == "users":
        if not below:
            return Parsed("endpoint_users", endpoint=key)
        return Parsed("endpoint_user", endpoint=key, rest=below)
    if part == "projects" and below:
        return Parsed("project", endpoint=key, key=below)
    if part != "types" or not below:
        return Parsed("")
    type_key, _, below = below.partition("/fields/")
    if not below:
        return Parsed("item_type", endpoint=key, type=type_key)
    field_key, sep, label = below.partition("/values/")
    if sep:
        return Parsed("enum_value", endpoint=key, type=type_key, field=field_key, rest=label)
    return Parsed("field", endpoint=key, type=type_key, field=field_key)


def parse(subject: str) -> Parsed:
    """The keys of ``subject``, the inverse of the builders above."""
    if subject == PLAN:
        return Parsed("plan")
    if subject == SERVER:
        return Parsed("server")
    head, _, rest = subject.partition("/")
    key, _, rest = rest.partition("/")
    if not key:
        return Parsed("")
    if head == "connections":
        return _parse_connection(key, rest)
    if head == "endpoints":
        return _parse_endpoint(key, rest)
    if head == "operations" and rest:
        return Parsed("operations_item", rest=key, key=rest)
    return Parsed("")


@dataclass(frozen=True)
class Ids:
    """Row ids of a plan by their keys, so a subject can name the row it is about. Keys:
    ``endpoints`` key; ``types`` (endpoint, type); ``fields`` (endpoint, type, field);
    ``endpoint_users`` (endpoint, username); ``connections`` key; ``type_mappings`` (connection,
    "left->right"); ``field_mappings`` (connection, type mapping key, field mapping key);
    ``enum_pairs`` (connection, type mapping key, field mapping key, left label, right label);
    ``user_map_entries`` (connection, left, right); ``operations`` (kind, key)."""

    endpoints: dict = None
    types: dict = None
    fields: dict = None
    endpoint_users: dict = None
    connections: dict = None
    type_mappings: dict = None
    field_mappings: dict = None
    enum_pairs: dict = None
    user_map_entries: dict = None
    operations: dict = None
    # The type mapping's endpoints, to find a field no mapping sets yet: key -> (left, right)
    connection_endpoints: dict = None

    def get(self, table: str, key):
        return (getattr(self, table) or {}).get(key)


@dataclass(frozen=True)
class Place:
    """A page (URL name and its keyword arguments, the plan's id left out) and the id of the row
    in it; ``action`` is the fix one click away there, as (label, Place) or None."""

    name: str
    kwargs: tuple = ()
    anchor: str = ""
    query: tuple = ()
    action: tuple | None = None


# Codes whose fix is an action on the page the finding links to.
CALCULATED_VALUE_CODES = frozenset({"FLD-007", "FLD-008"})
PAIRING_CODES = frozenset({"ENM-001", "ENM-002", "ENM-005", "RHR-003"})
# Type mapping findings fixed among its field mappings.
WORKSPACE_CODES = frozenset({"TYP-003", "USE-003", "RHR-001"})
# User map findings: the part of the user map page that fixes them.
USER_MAP_ANCHORS = {
    "USR-002": "entries",
    "USR-005": "user-map-settings",
    "USR-006": "user-map-settings",
    "RHR-004": "entries",
    "RHR-005": "entries",
}
CONFLICT_POLICY_CODES = frozenset({"FLD-013"})
# Operations findings reported on the plan or an endpoint are recorded in the operations
# register: the section, or the endpoint's integration account and network path.
OPERATIONS_SECTIONS = {
    "OPS-003": "maintenance_task",
    "OPS-005": "skill",
    "OPS-006": "server",
    "OPS-009": "server",
}
# Reported on the connection, answered in its wizard (the first unanswered question).
WIZARD_CODES = frozenset({"USE-001"})


def _field_mapping_place(parsed: Parsed, ids: Ids, code: str) -> Place | None:
    c, tm = parsed.connection, parsed.type
    connection_id = ids.get("connections", c)
    tm_id = ids.get("type_mappings", (c, tm))
    if connection_id is None or tm_id is None:
        return None
    base = (("connection_id", connection_id), ("type_mapping_id", tm_id))
    fm_id = ids.get("field_mappings", (c, tm, parsed.field))
    if parsed.kind == "enum_pair" and fm_id is not None:
        pair_id = ids.get("enum_pairs", (c, tm, parsed.field, parsed.left, parsed.right))
        editor = base + (("mapping_id", fm_id),)
        return Place("connections:enum_pairs", editor, f"pair-{pair_id}" if pair_id else "")
    if fm_id is not None:
        action = None
        if code in PAIRING_CODES:
            editor = Place("connections:enum_pairs", base + (("mapping_id", fm_id),))
            action = ("Pair the missing values", editor)
        return Place("connections:workspace", base, f"fm-{fm_id}", action=action)
    # A field no mapping sets yet (FLD-007, FLD-008): its side's field list (which marks the
    # unmapped required ones), and a calculated value for it.
    anchor = "fields-left" if parsed.left else "fields-right"
    ends = (ids.connection_endpoints or {}).get(c)
    if code in CALCULATED_VALUE_CODES and ends and (parsed.left or parsed.right):
        left_type, right_type = _pair(tm)
        side = (
            (ends[0], left_type, parsed.left)
            if parsed.left
            else (ends[1], right_type, parsed.right)
        )
        field_id = ids.get("fields", side)
        if field_id is not None:
            calc = Place(
                "connections:calculated_value_form", base, "calc-editor", (("field", field_id),)
            )
            return Place(
                "connections:workspace", base, anchor, action=("Add a calculated value", calc)
            )
    return Place("connections:workspace", base, anchor)


def place(subject: str, ids: Ids, code: str = "") -> Place:
    """Where ``subject`` is edited: the page and the row's anchor, and for ``code`` the fix
    there when one is cheap. Pages, the findings list and the worksheet all link through this.
    A subject whose row is gone falls back to its nearest page, then to the plan."""
    parsed = parse(subject)
    kind = parsed.kind
    c = parsed.connection
    connection_id = ids.get("connections", c) if c else None
    found = None
    if kind in ("field_mapping", "enum_pair"):
        found = _field_mapping_place(parsed, ids, code)
    elif kind == "type_mapping" and connection_id is not None:
        tm_id = ids.get("type_mappings", (c, parsed.type))
        setup = (("connection_id", connection_id),)
        anchor = f"type-mapping-{tm_id}" if tm_id else ""
        action = None
        if code in CONFLICT_POLICY_CODES and tm_id:
            action = (
                "Set the conflict policy",
                Place("connections:connection_setup", setup, anchor),
            )
        found = Place("connections:connection_setup", setup, anchor, action=action)
        if code in WORKSPACE_CODES and tm_id:
            found = Place("connections:workspace", (*setup, ("type_mapping_id", tm_id)))
    elif kind in ("relationship_rule", "matching") and connection_id is not None:
        tm_id = ids.get("type_mappings", (c, parsed.type))
        if tm_id:
            anchor = "matchings" if kind == "matching" else ""
            found = Place("connections:type_mapping_rules", (("mapping_id", tm_id),), anchor)
    elif kind in ("users", "user_map_entry") and connection_id is not None:
        entry = ids.get("user_map_entries", (c, parsed.left, parsed.right))
        anchor = f"entry-{entry}" if entry else USER_MAP_ANCHORS.get(code, "")
        found = Place("connections:user_map", (("connection_id", connection_id),), anchor)
    elif kind == "use_case" and connection_id is not None:
        # The rollout step keeps one answer per topic (rollout-*), all on its one page.
        step = "rollout" if parsed.rest.startswith("rollout") else parsed.rest
        kwargs = (("connection_id", connection_id), ("step_key", step))
        found = Place("planner:wizard_step", kwargs, "wizard")
    elif kind == "connection" and code in WIZARD_CODES and connection_id is not None:
        found = Place("planner:wizard_start", (("connection_id", connection_id),), "wizard")
    elif kind == "project_pair" and connection_id is not None:
        found = Place("connections:connection_setup", (("connection_id", connection_id),))
    elif kind == "operations_item":
        item = ids.get("operations", (parsed.rest, parsed.key))
        found = Place("planner:operations", (), f"item-{item}" if item else parsed.rest)
    elif kind == "plan" and code in OPERATIONS_SECTIONS:
        found = Place("planner:operations", (), OPERATIONS_SECTIONS[code])
    elif (
        kind == "endpoint" and code.startswith("OPS-") and parsed.endpoint in (ids.endpoints or {})
    ):
        found = Place("planner:operations", (), f"endpoint-{ids.endpoints[parsed.endpoint]}")
    elif kind == "server":
        found = Place("planner:operations", (), "server")
    elif parsed.endpoint and ids.get("endpoints", parsed.endpoint) is not None:
        found = _endpoint_place(parsed, ids)
    if found is None and connection_id is not None:
        found = Place("connections:connection_detail", (("connection_id", connection_id),))
    return found or Place("planner:plan_detail")


def _endpoint_place(parsed: Parsed, ids: Ids) -> Place:
    e = parsed.endpoint
    endpoint_id = ids.get("endpoints", e)
    on_endpoint = (("endpoint_id", endpoint_id),)
    if parsed.kind in ("field", "enum_value"):
        type_id = ids.get("types", (e, parsed.type))
        field_id = ids.get("fields", (e, parsed.type, parsed.field))
        if type_id is not None:
            anchor = f"field-line-{field_id}" if field_id else ""
            return Place("connections:item_type_detail", (("type_id", type_id),), anchor)
    if parsed.kind == "item_type":
        type_id = ids.get("types", (e, parsed.type))
        return Place(
            "connections:endpoint_detail", on_endpoint, f"type-{type_id}" if type_id else ""
        )
    if parsed.kind in ("endpoint_users", "endpoint_user"):
        user = ids.get("endpoint_users", (e, parsed.rest))
        return Place("connections:endpoint_users", on_endpoint, f"user-line-{user}" if user else "")
    return Place("connections:endpoint_detail", on_endpoint)
