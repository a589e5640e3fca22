"""Each entity's document attributes, declared once.

One ``Entity`` per element of a plan document (endpoint, type, field, enum value, connection,
type mapping, ...) lists its attributes: the document member (also the snapshot attribute), the
model column behind it, its JSON Schema, its default when a document leaves it out, whether it
names the element among its siblings, and whether it refers to another element by key. The
snapshot builder, the dump, the load, the JSON Schema, the diff and the load's keyed paths are
all derived from these lists, so an attribute added here travels through clone, restore,
versions and the content hash; a model field that is in no list must be listed in its entity's
``excluded`` with the reason (a test holds every content model to that).

Array order is content: an ``ordered`` entity's ``position`` is its array index in the document
and is not written as a member.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from planner.document.snapshot import (
    AcknowledgementSnap,
    AnswerSnap,
    CalculatedValueSnap,
    ConnectionSnap,
    EndpointSnap,
    EnumPairSnap,
    EnumValueSnap,
    ExistingItemMatchingSnap,
    FieldMappingSnap,
    FieldSnap,
    ItemTypeSnap,
    OperationsItemSnap,
    PlanSnapshot,
    ProjectSnap,
    RelationshipRuleSnap,
    SyncServerSnap,
    TypeMappingSnap,
    UserMapEntrySnap,
    UserMapSnap,
    UserSnap,
)

REQUIRED = object()  # the document must give the attribute (it has no default)
MAX_INT = 2147483647
KEY_PATTERN = "^[-a-zA-Z0-9_]+$"
POLICIES = ["", "left_wins", "right_wins", "latest_wins", "stop"]


@dataclass(frozen=True)
class Attr:
    name: str  # the document member and the snapshot attribute
    schema: dict
    default: object = REQUIRED
    # The model column; a tuple of columns for a value derived from several (not written back).
    column: str | tuple[str, ...] = ""
    # plain | tuple (JSON list <-> tuple) | pairs (list of 2-lists <-> tuple of 2-tuples)
    # | date | time (ISO text in the document) | object (a JSON object, never null)
    kind: str = "plain"
    # What a reference names by key: endpoint, project, type, field, value, product, side.
    ref: str = ""
    # Facts added after documents were in use are written only when not the default, so the
    # document (and its content hash) of a plan that does not use them stays byte for byte.
    omit_default: bool = False

    @property
    def model_column(self) -> str | tuple[str, ...]:
        return self.column or self.name

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    def to_doc(self, value):
        kind = self.kind
        if kind == "plain":
            return value
        if kind == "tuple":
            return list(value)
        if kind == "pairs":
            return [list(pair) for pair in value]
        if kind == "date":
            return value.isoformat() if value else None
        if kind == "time":
            return value.isoformat(timespec="seconds") if value else None
        return value or {}

    def from_doc(self, value):
        kind = self.kind
        if kind == "plain":
            return value
        if kind == "tuple":
            return tuple(value)
        if kind == "pairs":
            return tuple(tuple(pair) for pair in value)
        if kind == "date":
            return date.fromisoformat(value) if value else None
        if kind == "time":
            return time.fromisoformat(value) if value else None
        return value or {}

    def from_db(self, value):
        """The snapshot value of a database value (JSON columns arrive decoded)."""
        kind = self.kind
        if kind == "tuple":
            return tuple(value or ())
        if kind == "pairs":
            return tuple(tuple(pair) for pair in value or ())
        if kind == "object":
            return value or {}
        return value

    def to_db(self, value):
        kind = self.kind
        if kind == "tuple":
            return list(value)
        if kind == "pairs":
            return [list(pair) for pair in value]
        return value


@dataclass(frozen=True)
class Child:
    member: str  # the document member holding the child elements
    entity: str
    many: bool = True  # an array; else one object or null
    snap_name: str = ""  # the snapshot attribute when it differs from the member

    @property
    def attribute(self) -> str:
        return self.snap_name or self.member


@dataclass(frozen=True)
class Entity:
    name: str  # the JSON Schema definition's name
    model: str  # app_label.ModelName
    snap: type | None  # the snapshot class; None: a plain tuple of the attributes
    attrs: tuple[Attr, ...]
    parent: str = ""  # the model's link to its parent element
    plan_filter: tuple[str, str] = ("", "")  # (lookup, Plan attribute) that scopes the rows
    order_by: tuple[str, ...] = ("id",)
    ordered: bool = False  # the array order is the ``position`` column
    children: tuple[Child, ...] = ()
    key: tuple[str, ...] = ()  # the attributes that name the element among its siblings
    key_format: str = ""  # how the key reads ("{left}->{right}"); default: the values, spaced
    unique: bool = True  # the key is unique among siblings (the database refuses duplicates)
    area: str = ""  # what a reader calls it (the diff); default: the name, spaced
    prefix: str = ""  # the word before its key in its children's subjects ("connection")
    shared: bool = False  # equal snapshots may be one object (leaf values repeated across fields)
    order_is_content: bool = False  # the diff reports a move (enum pairs: the last is the default)
    names_children: bool = True  # its key starts its children's subjects in the diff
    excluded: dict = field(default_factory=dict)  # model field -> why it is not in the document
    description: str = ""  # the schema's description of the element

    @property
    def label(self) -> str:
        return self.area or self.name.replace("_", " ")

    def key_text(self, element: dict) -> str:
        """The element's key as a reader sees it, from its document members."""
        values = {name: element.get(name) for name in self.key}
        if self.key_format:
            return self.key_format.format(**{k: "" if v is None else v for k, v in values.items()})
        return " ".join("" if v is None else str(v) for v in values.values())

    def attr(self, name: str) -> Attr:
        return next(a for a in self.attrs if a.name == name)


def _s(max_length: int | None = None, min_length: int | None = None, **extra) -> dict:
    schema = {"type": "string"}
    if max_length is not None:
        schema["maxLength"] = max_length
    if min_length is not None:
        schema["minLength"] = min_length
    return {**schema, **extra}


def _name(max_length: int, **extra) -> dict:
    return _s(max_length, 1, **extra)


def _enum(*values) -> dict:
    return {"type": "string", "enum": list(values)}


_BOOL = {"type": "boolean"}
_NULL_BOOL = {"type": ["boolean", "null"]}
_NULL_COUNT = {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_INT}
_TEXT = {"type": "string"}
_EDITABLE = {
    "id": "a database id, never portable",
    "lock_version": "concurrency token of the row, not content",
    "updated_at": "timestamp, not content",
}


def _editable_and(**more) -> dict:
    return {**_EDITABLE, **more}


ENTITIES: dict[str, Entity] = {}


def _entity(**kwargs) -> Entity:
    kwargs.setdefault("excluded", dict(_EDITABLE))
    entity = Entity(**kwargs)
    ENTITIES[entity.name] = entity
    return entity


PLAN = _entity(
    name="plan",
    model="planner.Plan",
    snap=PlanSnapshot,
    attrs=(
        Attr("name", _name(200)),
        Attr("description", _TEXT, ""),
    ),
    excluded=_editable_and(
        status="review state (draft, in review, approved), not content",
        sync_server="written as the document's sync_server element",
        created_by="who made this copy; an import makes the importer its owner",
        created_at="timestamp, not content",
        revision="the edit counter of this copy, not content",
    ),
)

_entity(
    name="sync_server",
    model="planner.SyncServer",
    snap=SyncServerSnap,
    attrs=(
        Attr("name", _name(120)),
        Attr("description", _TEXT, ""),
        Attr("host", _s(255), ""),
        Attr("operating_system", _enum("linux", "windows"), "linux"),
        Attr("time_zone", _s(64), "UTC"),
        Attr("expiry_warning_days", {"type": "integer", "minimum": 0, "maximum": MAX_INT}, 30),
        Attr("test_environment", _TEXT, ""),
        Attr("backup_procedure", _TEXT, ""),
    ),
    children=(Child("operations", "operations_item"),),
    key=("name",),
    area="sync server",
    names_children=False,  # one server per plan: its register items are named on their own
    description=(
        "The deployment that runs the connections and its operations register (shared by the "
        "plans that run on it)."
    ),
)

_entity(
    name="operations_item",
    model="planner.OperationsItem",
    snap=OperationsItemSnap,
    parent="sync_server",
    plan_filter=("sync_server_id", "sync_server_id"),
    order_by=("kind", "key"),
    attrs=(
        Attr("kind", _enum("skill", "certificate", "credential", "maintenance_task")),
        Attr("key", _name(80, pattern=KEY_PATTERN)),
        Attr("name", _name(200)),
        Attr("owner", _s(200), ""),
        Attr("description", _TEXT, ""),
        Attr("skill_area", _enum("", "server_os", "networking", "product"), ""),
        Attr("product_key", _s(60), ""),
        Attr(
            "expires_on",
            {
                "type": ["string", "null"],
                "format": "date",
                "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            },
            None,
            kind="date",
        ),
        Attr("is_database_purge", _BOOL, False),
        Attr("command", _s(500), ""),
        Attr("frequency", _enum("", "daily", "weekly", "monthly"), ""),
        Attr(
            "weekdays",
            {
                "type": "array",
                "items": {"type": "integer", "minimum": 0, "maximum": 6},
                "uniqueItems": True,
            },
            (),
            kind="tuple",
        ),
        Attr("day_of_month", {"type": ["integer", "null"], "minimum": 1, "maximum": 31}, None),
        Attr(
            "at_time",
            {
                "type": ["string", "null"],
                "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
            },
            None,
            kind="time",
        ),
        Attr("time_zone", _s(64), ""),
    ),
    key=("kind", "key"),
    area="operations item",
)

_entity(
    name="endpoint",
    model="connections.Endpoint",
    snap=EndpointSnap,
    parent="plan",
    plan_filter=("plan_id", "pk"),
    order_by=("key",),
    attrs=(
        Attr("key", _name(60, pattern=KEY_PATTERN)),
        Attr("name", _name(120)),
        Attr("product", _s(60), "", column="product__key", ref="product"),
        Attr("base_url", _s(200), ""),
        Attr(
            "user_representation", _enum("username", "full_name", "email", "account_id"), "username"
        ),
        Attr("user_directory_complete", _BOOL, False),
        Attr("api_enforces_workflow", _BOOL, True),
        Attr("integration_can_override_workflow", _BOOL, False),
        Attr("allows_impersonation", _BOOL, False),
        Attr("integration_account", _s(120), ""),
        Attr("auth_method", _enum("", "native", "sso"), ""),
        Attr("account_locale", _s(20), ""),
        Attr("account_role", _s(120), ""),
        Attr("account_permissions", _TEXT, ""),
        Attr("network_path", _enum("", "direct", "proxy"), ""),
        Attr("proxy_host", _s(255), ""),
        Attr("proxy_port", _NULL_COUNT, None),
        Attr("certificate_trust", _TEXT, ""),
        Attr("notes", _TEXT, ""),
    ),
    children=(
        Child("projects", "project"),
        Child("types", "item_type"),
        Child("users", "endpoint_user"),
    ),
    key=("key",),
)

_entity(
    name="project",
    model="connections.Project",
    snap=ProjectSnap,
    parent="endpoint",
    plan_filter=("endpoint__plan_id", "pk"),
    order_by=("key",),
    attrs=(Attr("key", _name(120)), Attr("name", _s(200), "")),
    key=("key",),
)

_entity(
    name="item_type",
    model="connections.ItemType",
    snap=ItemTypeSnap,
    parent="endpoint",
    plan_filter=("endpoint__plan_id", "pk"),
    order_by=("position", "key"),
    ordered=True,
    attrs=(
        Attr("key", _name(120)),
        Attr("label", _s(200), ""),
        Attr("workflow_state_field", _s(120), ""),
        Attr("states", {"type": "array", "items": _TEXT}, (), kind="tuple"),
        Attr(
            "transitions",
            {
                "type": "array",
                "items": {"type": "array", "items": _TEXT, "minItems": 2, "maxItems": 2},
            },
            (),
            kind="pairs",
        ),
        Attr("parent_type", _s(120), ""),
        Attr("parent_field", _s(120), ""),
        Attr("date_window_fields", {"type": "array", "items": _TEXT}, (), kind="tuple"),
        Attr("parent_immutable", _BOOL, False),
        Attr("removed", _BOOL, False),
    ),
    children=(Child("fields", "field"),),
    key=("key",),
    area="type",
)

_entity(
    name="field",
    model="connections.Field",
    snap=FieldSnap,
    parent="item_type",
    plan_filter=("item_type__endpoint__plan_id", "pk"),
    order_by=("position", "key"),
    ordered=True,
    attrs=(
        Attr("key", _name(160)),
        Attr("label", _s(200), ""),
        Attr(
            "data_type",
            _enum(
                "string",
                "text",
                "rich_text",
                "integer",
                "float",
                "boolean",
                "date",
                "datetime",
                "enum",
                "multi_enum",
                "user",
                "multi_user",
                "relationship",
                "multi_relationship",
                "tree_path",
                "comments",
                "attachment",
                "addon",
            ),  # fmt: skip
        ),
        Attr("required", _BOOL, False),
        Attr("read_only", _BOOL, False),
        Attr("create_only", _BOOL, False),
        Attr("system_generated", _BOOL, False),
        Attr("has_default", _BOOL, False),
        Attr("default_value", _s(255), ""),
        Attr(
            "relationship_targets",
            {"type": "array", "items": _s(120)},
            (),
            kind="tuple",
        ),
        Attr("max_length", _NULL_COUNT, None),
        Attr("precision", _NULL_COUNT, None),
        Attr("addon_type", _s(200), ""),
        Attr("not_supported", _BOOL, False),
        Attr("user_settable", _BOOL, True),
        Attr("set_by_sync_tool", _BOOL, False, omit_default=True),
        Attr("values_unknown", _BOOL, False, omit_default=True),
        Attr("removed", _BOOL, False),
    ),
    children=(Child("values", "enum_value"),),
    key=("key",),
)

_entity(
    name="enum_value",
    model="connections.EnumValue",
    snap=EnumValueSnap,
    parent="field",
    plan_filter=("field__item_type__endpoint__plan_id", "pk"),
    order_by=("position", "label"),
    ordered=True,
    shared=True,
    attrs=(
        Attr("label", _name(255)),
        Attr("active", _BOOL, True),
        Attr("removed", _BOOL, False),
    ),
    key=("label",),
    area="enum value",
)

_entity(
    name="endpoint_user",
    model="connections.EndpointUser",
    snap=UserSnap,
    parent="endpoint",
    plan_filter=("endpoint__plan_id", "pk"),
    order_by=("username",),
    attrs=(
        Attr("username", _name(150)),
        Attr("full_name", _s(200), ""),
        Attr("email", _s(254), ""),
        Attr("account_id", _s(128), ""),
        Attr("active", _BOOL, True),
    ),
    key=("username",),
    area="user",
)

_entity(
    name="connection",
    model="connections.Connection",
    snap=ConnectionSnap,
    parent="plan",
    plan_filter=("plan_id", "pk"),
    order_by=("key",),
    attrs=(
        Attr("key", _name(60, pattern=KEY_PATTERN)),
        Attr("name", _s(200), ""),
        Attr("left", _name(60), column="left_id", ref="endpoint"),
        Attr("right", _name(60), column="right_id", ref="endpoint"),
        Attr("conflict_policy", _enum(*POLICIES), ""),
        Attr("items_exist_in_both", _NULL_BOOL, None),
    ),
    children=(
        Child("project_pairs", "project_pair"),
        Child("type_mappings", "type_mapping"),
        Child("user_map", "user_map", many=False),
        Child("use_case_answers", "use_case_answer", snap_name="answers"),
    ),
    key=("key",),
    prefix="connection",
)

_entity(
    name="project_pair",
    model="connections.ProjectPair",
    snap=None,
    parent="connection",
    plan_filter=("connection__plan_id", "pk"),
    attrs=(
        Attr("left", _name(120), column="left_project_id", ref="project"),
        Attr("right", _name(120), column="right_project_id", ref="project"),
    ),
    key=("left", "right"),
    key_format="{left}↔{right}",
)

_entity(
    name="type_mapping",
    model="connections.TypeMapping",
    snap=TypeMappingSnap,
    parent="connection",
    plan_filter=("connection__plan_id", "pk"),
    order_by=("position", "id"),
    ordered=True,
    attrs=(
        Attr("left_type", _name(120), column="left_type_id", ref="type"),
        Attr("right_type", _name(120), column="right_type_id", ref="type"),
        Attr("direction", _enum("l2r", "r2l", "both"), "l2r"),
        Attr("system_of_record", _enum("", "left", "right"), ""),
        Attr("scope", _TEXT, ""),
        Attr("conflict_policy", _enum(*POLICIES), ""),
        Attr("creators", _TEXT, ""),
        Attr("other_side_may_update", _NULL_BOOL, None),
    ),
    children=(
        Child("field_mappings", "field_mapping"),
        Child("relationship_rules", "relationship_rule"),
        Child("existing_item_matchings", "existing_item_matching"),
    ),
    key=("left_type", "right_type"),
    key_format="{left_type}->{right_type}",
    prefix="type mapping",
)

_entity(
    name="field_mapping",
    model="connections.FieldMapping",
    snap=FieldMappingSnap,
    parent="type_mapping",
    plan_filter=("type_mapping__connection__plan_id", "pk"),
    order_by=("position", "id"),
    ordered=True,
    attrs=(
        Attr(
            "left_field",
            {"type": ["string", "null"], "minLength": 1},
            column="left_field_id",
            ref="field",
        ),
        Attr(
            "right_field",
            {"type": ["string", "null"], "minLength": 1},
            column="right_field_id",
            ref="field",
        ),
        Attr("direction", _enum("", "l2r", "r2l", "both"), ""),
        Attr("conflict_policy", _enum(*POLICIES), ""),
        Attr("on_creation_only", _BOOL, False),
        Attr("left_catch_all", _TEXT, "", column="left_catch_all_id", ref="value"),
        Attr("right_catch_all", _TEXT, "", column="right_catch_all_id", ref="value"),
        Attr("notes", _TEXT, ""),
    ),
    children=(
        Child("calculated_value", "calculated_value", many=False),
        Child("enum_pairs", "enum_pair"),
    ),
    key=("left_field", "right_field"),
    key_format="{left_field}->{right_field}",
    unique=False,  # the same two fields may be mapped twice (e.g. on different conditions)
    description=(
        "A left field paired with a right field, or a calculated value on one side (the other "
        "side null)."
    ),
)

_entity(
    name="calculated_value",
    model="connections.CalculatedValue",
    snap=CalculatedValueSnap,
    parent="field_mapping",
    plan_filter=("field_mapping__type_mapping__connection__plan_id", "pk"),
    attrs=(
        Attr("kind", _enum("constant", "expression", "lookup")),
        Attr("condition", _TEXT, ""),
        Attr("value", _TEXT),
    ),
    area="calculated value",
)

_entity(
    name="enum_pair",
    model="connections.EnumPair",
    snap=EnumPairSnap,
    parent="field_mapping",
    plan_filter=("field_mapping__type_mapping__connection__plan_id", "pk"),
    order_by=("position", "id"),
    ordered=True,
    shared=True,
    attrs=(
        Attr("left", _name(255), column="left_value_id", ref="value"),
        Attr("right", _name(255), column="right_value_id", ref="value"),
    ),
    key=("left", "right"),
    key_format="{left}↔{right}",
    order_is_content=True,
)

_entity(
    name="relationship_rule",
    model="connections.RelationshipRule",
    snap=RelationshipRuleSnap,
    parent="type_mapping",
    plan_filter=("type_mapping__connection__plan_id", "pk"),
    attrs=(
        # Not a column: the side whose type holds the field.
        Attr(
            "side",
            _enum("left", "right"),
            column=("field_id", "type_mapping__left_type_id"),
            ref="side",
        ),
        Attr("field", _name(160), column="field_id", ref="field"),
        Attr("target_type", _s(120), "", column="target_type_id", ref="type"),
        Attr(
            "resolution",
            _enum("lookup", "fixed", "by_dates", "calculated"),
        ),
        Attr("rule", _TEXT),
    ),
    key=("side", "field"),
)

_entity(
    name="existing_item_matching",
    model="connections.ExistingItemMatching",
    snap=ExistingItemMatchingSnap,
    parent="type_mapping",
    plan_filter=("type_mapping__connection__plan_id", "pk"),
    attrs=(
        Attr("left_field", _name(160), column="left_field_id", ref="field"),
        Attr("right_field", _name(160), column="right_field_id", ref="field"),
        Attr("notes", _TEXT, ""),
    ),
    key=("left_field", "right_field"),
    key_format="{left_field}={right_field}",
    area="existing-item matching",
)

_entity(
    name="user_map",
    model="connections.UserMap",
    snap=UserMapSnap,
    parent="connection",
    plan_filter=("connection__plan_id", "pk"),
    attrs=(
        Attr("strategy", _enum("explicit", "by_name", "by_email", "by_username"), "explicit"),
        Attr("left_default_user", _s(150), ""),
        Attr("right_default_user", _s(150), ""),
    ),
    children=(Child("entries", "user_map_entry"),),
)

_entity(
    name="user_map_entry",
    model="connections.UserMapEntry",
    snap=UserMapEntrySnap,
    parent="user_map",
    plan_filter=("user_map__connection__plan_id", "pk"),
    order_by=("left_username", "right_username"),
    shared=True,
    attrs=(
        Attr("left", _name(200), column="left_username"),
        Attr("right", _name(200), column="right_username"),
    ),
    key=("left", "right"),
    key_format="{left}↔{right}",
)

_entity(
    name="use_case_answer",
    model="planner.UseCaseAnswer",
    snap=AnswerSnap,
    parent="connection",
    plan_filter=("connection__plan_id", "pk"),
    order_by=("question",),
    attrs=(
        Attr("question", _name(60, pattern=KEY_PATTERN)),
        Attr("text", _TEXT, ""),
        Attr("data", {"type": "object"}, {}, kind="object"),
    ),
    key=("question",),
    area="answer",
    excluded=_editable_and(answered_by="who answered, review data; an import records the importer"),
)

_entity(
    name="acknowledgement",
    model="planner.Acknowledgement",
    snap=AcknowledgementSnap,
    parent="plan",
    plan_filter=("plan_id", "pk"),
    order_by=("code", "subject"),
    attrs=(
        Attr("code", _name(10)),
        Attr("subject", _name(600)),
        Attr("fingerprint", _s(64), ""),
        Attr("reason", {"type": "string", "minLength": 1}),
        Attr("acknowledged_by", _s(150), ""),
    ),
    key=("code", "subject"),
    excluded={"id": "a database id, never portable", "created_at": "timestamp, not content"},
)

# The document's top-level arrays and objects, in document order.
TOP = (
    Child("sync_server", "sync_server", many=False),
    Child("endpoints", "endpoint"),
    Child("connections", "connection"),
    Child("acknowledgements", "acknowledgement"),
)


def declared_columns(entity: Entity) -> set[str]:
    """The model fields (names or column names) an entity's document reads or writes; a join
    counts as its first field: ``product__key`` is ``product``."""
    names = set()
    for attr in entity.attrs:
        column = attr.model_column
        for name in column if isinstance(column, tuple) else (column,):
            names.add(name.split("__")[0])
    if entity.parent:
        names.add(entity.parent)
    if entity.ordered:
        names.add("position")
    return names


def undeclared_fields(entity: Entity, model) -> list[str]:
    """The fields of ``model`` that are neither in ``entity``'s document nor excluded with a
    reason: content that would silently drop out of clone, restore, versions and the hash."""
    declared = declared_columns(entity)
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.name not in declared and f.attname not in declared and not entity.excluded.get(f.name)
    ]
