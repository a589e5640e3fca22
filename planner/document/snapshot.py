"""The plan as plain, immutable Python objects.

A ``PlanSnapshot`` is what the validator, the serializer (plan document) and the exporters read.
``build_snapshot(plan)`` loads it from the database with a fixed number of queries whatever the
plan's size (one per table, values only, no model instances); the document loader builds the
same objects from a JSON plan document. Everything is keyed by stable names, never database ids.
"""

from __future__ import annotations

import gc
import json
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, time
from operator import itemgetter

from django.db import connections, transaction

from connections.models import Direction, flows
from facts.datatypes import ENUM_TYPES, MULTI_VALUED_TYPES, RELATIONSHIP_TYPES, USER_TYPES
from facts.direction import declared as declared_direction
from facts.records import EnumValueSnap, UserSnap  # the leaves the pages build too


@dataclass(frozen=True)
class FieldSnap:
    key: str
    label: str
    data_type: str
    required: bool = False
    read_only: bool = False
    create_only: bool = False
    system_generated: bool = False
    has_default: bool = False
    default_value: str = ""
    relationship_targets: tuple[str, ...] = ()
    max_length: int | None = None
    precision: int | None = None
    addon_type: str = ""
    not_supported: bool = False
    user_settable: bool = True
    set_by_sync_tool: bool = False
    values_unknown: bool = False
    removed: bool = False
    position: int = 0
    values: tuple[EnumValueSnap, ...] = ()

    @property
    def is_enum(self) -> bool:
        return self.data_type in ENUM_TYPES

    @property
    def is_user(self) -> bool:
        return self.data_type in USER_TYPES

    @property
    def is_relationship(self) -> bool:
        return self.data_type in RELATIONSHIP_TYPES

    @property
    def multi_valued(self) -> bool:
        return self.data_type in MULTI_VALUED_TYPES

    @property
    def writable(self) -> bool:
        """Can the sync tool write this field (on update)?"""
        return not (self.read_only or self.system_generated)

    def value(self, label: str) -> EnumValueSnap | None:
        for value in self.values:
            if value.label == label:
                return value
        return None


@dataclass(frozen=True)
class ItemTypeSnap:
    key: str
    label: str
    workflow_state_field: str = ""
    states: tuple[str, ...] = ()
    transitions: tuple[tuple[str, str], ...] = ()
    parent_type: str = ""
    parent_field: str = ""
    date_window_fields: tuple[str, ...] = ()
    parent_immutable: bool = False
    removed: bool = False
    position: int = 0
    fields: tuple[FieldSnap, ...] = ()
    _by_key: dict = field(default=None, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self):
        object.__setattr__(self, "_by_key", {f.key: f for f in self.fields})

    def field(self, key: str | None) -> FieldSnap | None:
        return self._by_key.get(key) if key else None


@dataclass(frozen=True)
class ProjectSnap:
    key: str
    name: str = ""


@dataclass(frozen=True)
class EndpointSnap:
    key: str
    name: str
    product: str = ""  # catalog product key, "" for a custom product
    base_url: str = ""
    user_representation: str = "username"
    user_directory_complete: bool = False
    api_enforces_workflow: bool = True
    integration_can_override_workflow: bool = False
    allows_impersonation: bool = False
    integration_account: str = ""
    auth_method: str = ""
    account_locale: str = ""
    account_role: str = ""
    account_permissions: str = ""
    network_path: str = ""
    proxy_host: str = ""
    proxy_port: int | None = None
    certificate_trust: str = ""
    notes: str = ""
    projects: tuple[ProjectSnap, ...] = ()
    types: tuple[ItemTypeSnap, ...] = ()
    users: tuple[UserSnap, ...] = ()
    _by_key: dict = field(default=None, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self):
        object.__setattr__(self, "_by_key", {t.key: t for t in self.types})

    def type(self, key: str | None) -> ItemTypeSnap | None:
        return self._by_key.get(key) if key else None

    @property
    def uses_https(self) -> bool:
        return self.base_url.lower().startswith("https://")


@dataclass(frozen=True)
class CalculatedValueSnap:
    kind: str  # constant | expression | lookup
    value: str
    condition: str = ""


@dataclass(frozen=True)
class EnumPairSnap:
    left: str  # value labels
    right: str
    position: int = 0


@dataclass(frozen=True)
class FieldMappingSnap:
    left_field: str | None  # None: a calculated value on the right side
    right_field: str | None  # None: a calculated value on the left side
    direction: str = ""  # "" inherits the type mapping's direction
    conflict_policy: str = ""
    on_creation_only: bool = False
    left_catch_all: str = ""
    right_catch_all: str = ""
    notes: str = ""
    position: int = 0
    calculated_value: CalculatedValueSnap | None = None
    enum_pairs: tuple[EnumPairSnap, ...] = ()

    @property
    def key(self) -> str:
        """The mapping's subject fragment: ``left->right`` (a side empty for a calculated value)."""
        return f"{self.left_field or ''}->{self.right_field or ''}"

    @property
    def is_calculated(self) -> bool:
        return self.left_field is None or self.right_field is None


@dataclass(frozen=True)
class RelationshipRuleSnap:
    side: str  # left | right: the side whose field the rule sets
    field: str
    resolution: str
    rule: str
    target_type: str = ""


@dataclass(frozen=True)
class ExistingItemMatchingSnap:
    left_field: str
    right_field: str
    notes: str = ""


@dataclass(frozen=True)
class TypeMappingSnap:
    left_type: str
    right_type: str
    direction: str = Direction.L2R
    system_of_record: str = ""
    scope: str = ""
    conflict_policy: str = ""
    creators: str = ""
    other_side_may_update: bool | None = None
    position: int = 0
    field_mappings: tuple[FieldMappingSnap, ...] = ()
    relationship_rules: tuple[RelationshipRuleSnap, ...] = ()
    existing_item_matchings: tuple[ExistingItemMatchingSnap, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.left_type}->{self.right_type}"

    def field_direction(self, mapping: FieldMappingSnap) -> str:
        """The declared direction of a field mapping (its own, else the type mapping's)."""
        return declared_direction(
            self.direction,
            mapping.direction,
            mapping.left_field is not None,
            mapping.right_field is not None,
        )[0]

    @property
    def creates_left(self) -> bool:
        return flows(self.direction)[1]

    @property
    def creates_right(self) -> bool:
        return flows(self.direction)[0]


@dataclass(frozen=True)
class UserMapEntrySnap:
    left: str
    right: str


@dataclass(frozen=True)
class UserMapSnap:
    strategy: str = "explicit"
    left_default_user: str = ""
    right_default_user: str = ""
    entries: tuple[UserMapEntrySnap, ...] = ()


@dataclass(frozen=True)
class AnswerSnap:
    question: str
    text: str = ""
    data: dict = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class ConnectionSnap:
    key: str
    left: str  # endpoint keys
    right: str
    name: str = ""
    conflict_policy: str = ""
    items_exist_in_both: bool | None = None
    project_pairs: tuple[tuple[str, str], ...] = ()
    type_mappings: tuple[TypeMappingSnap, ...] = ()
    user_map: UserMapSnap | None = None
    answers: tuple[AnswerSnap, ...] = ()

    def answer(self, question: str) -> AnswerSnap | None:
        for answer in self.answers:
            if answer.question == question:
                return answer
        return None


@dataclass(frozen=True)
class OperationsItemSnap:
    kind: str
    key: str
    name: str
    owner: str = ""
    description: str = ""
    skill_area: str = ""
    product_key: str = ""
    expires_on: date | None = None
    is_database_purge: bool = False
    command: str = ""
    frequency: str = ""
    weekdays: tuple[int, ...] = ()
    day_of_month: int | None = None
    at_time: time | None = None
    time_zone: str = ""

    @property
    def has_schedule(self) -> bool:
        if not self.frequency or self.at_time is None:
            return False
        if self.frequency == "weekly":
            return bool(self.weekdays)
        if self.frequency == "monthly":
            return self.day_of_month is not None
        return True


@dataclass(frozen=True)
class SyncServerSnap:
    name: str
    description: str = ""
    host: str = ""
    operating_system: str = "linux"
    time_zone: str = "UTC"
    expiry_warning_days: int = 30
    test_environment: str = ""
    backup_procedure: str = ""
    operations: tuple[OperationsItemSnap, ...] = ()


@dataclass(frozen=True)
class AcknowledgementSnap:
    code: str
    subject: str
    fingerprint: str
    reason: str
    acknowledged_by: str


@dataclass(frozen=True)
class PlanSnapshot:
    name: str
    description: str = ""
    sync_server: SyncServerSnap | None = None
    endpoints: tuple[EndpointSnap, ...] = ()
    connections: tuple[ConnectionSnap, ...] = ()
    acknowledgements: tuple[AcknowledgementSnap, ...] = ()
    _by_key: dict = field(default=None, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self):
        object.__setattr__(self, "_by_key", {e.key: e for e in self.endpoints})

    def endpoint(self, key: str) -> EndpointSnap | None:
        return self._by_key.get(key)


# ---------------------------------------------------------------------------------------------
# Building a snapshot from the database: one query per table, whatever the plan's size.


def _rows(queryset, *names):
    """The rows of ``queryset.values_list(*names)`` as plain tuples.

    The SQL is Django's; it runs on a raw cursor with one ``fetchall()`` (no chunked iterator, no
    per-value converters), which keeps building a large snapshot close to the cost of the SQL
    itself. JSON columns are decoded here (the backend hands them over as text)."""
    from django.db import connections
    from django.db.models import JSONField

    query = queryset.values_list(*names).query
    by_attname = {f.attname: f for f in queryset.model._meta.concrete_fields}
    json_columns = [
        i for i, name in enumerate(names) if isinstance(by_attname.get(name), JSONField)
    ]
    sql, params = query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not json_columns:
        return rows
    empty = {"[]": [], "{}": {}, None: None}
    decoded = []
    for row in rows:
        row = list(row)
        for i in json_columns:
            value = row[i]
            if isinstance(value, str):
                row[i] = empty[value] if value in empty else json.loads(value)
        decoded.append(row)
    return decoded


def build_snapshot(plan) -> PlanSnapshot:
    """Load ``plan`` as a PlanSnapshot with one query per table, whatever its size, all read
    from one consistent view of the database (see consistent_read)."""
    # Building allocates ~10^5 small objects and frees none of them: the cyclic garbage
    # collector would run over the growing heap again and again for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        with consistent_read():
            return _build_snapshot(plan)
    finally:
        if enabled:
            gc.enable()


# Each entity's rows are read with the columns its declaration (attributes.py) names; children
# are built before their parents (they become the parents' tuples) and the elements a reference
# names (endpoints, projects, types, fields, values) before the references.
_REFERENCED = {
    "endpoint": ("endpoint", "key"),
    "project": ("project", "key"),
    "item_type": ("type", "key"),
    "field": ("field", "key"),
    "enum_value": ("value", "label"),
}


# JSON columns as snapshot values (the same conversions as Attr.from_db, without its dispatch:
# this runs once per row of the largest tables).
_FROM_DB = {
    "tuple": lambda value: tuple(value) if value else (),
    "pairs": lambda value: tuple(map(tuple, value)) if value else (),
    "object": lambda value: value or {},
}


def _build_order(children) -> list:
    from planner.document.attributes import ENTITIES

    order = []
    for child in children:
        entity = ENTITIES[child.entity]
        order.extend(_build_order(entity.children))
        order.append(entity)
    return order


class _Reader:
    """Reads one plan's rows entity by entity and keeps the id -> key maps references need."""

    def __init__(self, plan):
        self.plan = plan
        self.keys = defaultdict(dict)  # reference kind -> row id -> key
        self.field_type = {}  # field id -> its type's id (which side a rule's field is on)
        self.built = {}  # entity name -> parent id -> [snapshots]

    def resolver(self, attr):
        """The function turning a reference column's value into the key it names."""
        if attr.ref == "product":
            return lambda value: value or ""  # read through the join: already the key
        if attr.ref == "side":
            field_type = self.field_type
            return lambda ids: "left" if field_type[ids[0]] == ids[1] else "right"
        keys = self.keys[attr.ref]
        # Plain dict methods where they do (no Python call per row on the large tables): a
        # required reference is always there; an absent optional one (NULL) reads as its default.
        if attr.required:
            return keys.get if attr.schema.get("type") == ["string", "null"] else keys.__getitem__
        if attr.default is None:
            return keys.get
        missing = attr.default
        return lambda value: keys.get(value, missing)

    def read(self, entity):
        from django.apps import apps

        lookup, plan_attr = entity.plan_filter
        scope = getattr(self.plan, plan_attr)
        if scope is None:
            self.built[entity.name] = {}
            return
        model = apps.get_model(entity.model)
        columns = ["id", entity.parent + "_id"]
        getters, converters = [], []  # per attribute: the row index; the converters by slot
        for slot, attr in enumerate(entity.attrs):
            column = attr.model_column
            if isinstance(column, tuple):
                first = len(columns)
                columns.extend(column)
                getters.append(first)
                indexes = range(first, first + len(column))
                resolve = self.resolver(attr)
                converters.append(
                    (slot, lambda row, ix=indexes, f=resolve: f([row[i] for i in ix]), True)
                )
                continue
            getters.append(len(columns))
            columns.append(column)
            if attr.ref:
                converters.append((slot, self.resolver(attr), False))
            elif attr.kind in _FROM_DB:
                converters.append((slot, _FROM_DB[attr.kind], False))
        if entity.ordered:
            getters.append(len(columns))
            columns.append("position")
        rows = _rows(model.objects.filter(**{lookup: scope}).order_by(*entity.order_by), *columns)
        self.built[entity.name] = self._snapshots(entity, rows, getters, converters)

    def _remember_keys(self, entity, rows, getters, names):
        """The id -> key map the references to these rows resolve through."""
        from planner.document.attributes import ENTITIES

        referenced = _REFERENCED.get(entity.name)
        if referenced is None:
            return
        key_column = getters[names.index(referenced[1])]
        ids = list(map(itemgetter(0), rows))
        self.keys[referenced[0]].update(zip(ids, map(itemgetter(key_column), rows), strict=True))
        if entity is ENTITIES["field"]:
            self.field_type.update(zip(ids, map(itemgetter(1), rows), strict=True))

    def _snapshots(self, entity, rows, getters, converters):
        names = tuple(a.name for a in entity.attrs) + (("position",) if entity.ordered else ())
        children = [(c.many, self.built[c.entity]) for c in entity.children]
        names += tuple(c.attribute for c in entity.children)
        self._remember_keys(entity, rows, getters, names)
        get = itemgetter(*getters) if len(getters) > 1 else (lambda row: (row[getters[0]],))
        cls = entity.snap
        post_init = getattr(cls, "__post_init__", None)
        shared = {} if entity.shared else None
        new = object.__new__
        by_parent = defaultdict(list)
        by_value = [(slot, convert) for slot, convert, whole_row in converters if not whole_row]
        by_row = [(slot, convert) for slot, convert, whole_row in converters if whole_row]
        one_list = children[0][1] if len(children) == 1 and children[0][0] else None
        for row in rows:
            values = get(row)
            if converters or children:
                values = list(values)
                for slot, convert in by_value:
                    values[slot] = convert(values[slot])
                for slot, convert in by_row:
                    values[slot] = convert(row)
                if one_list is not None:  # the common case: one list of children (fields)
                    values.append(tuple(one_list.get(row[0], ())))
                else:
                    for many, built in children:
                        found = built.get(row[0], ())
                        values.append(tuple(found) if many else (found[0] if found else None))
            if cls is None:
                snap = tuple(values)
            elif shared is not None:
                values = tuple(values)
                snap = shared.get(values)
                if snap is None:
                    snap = shared[values] = _make(cls, names, values)
            else:
                # Made without the generated __init__: a frozen dataclass sets each attribute
                # through object.__setattr__, most of the cost of loading a large plan.
                snap = new(cls)
                snap.__dict__.update(zip(names, values, strict=True))
                if post_init is not None:
                    post_init(snap)
            by_parent[row[1]].append(snap)
        return by_parent


def _make(cls, names, values):
    obj = object.__new__(cls)
    obj.__dict__.update(zip(names, values, strict=True))
    return obj


@contextmanager
def consistent_read(using: str = "default"):
    """One transaction around several queries, so a row another user commits in between (an
    enum pair whose value the earlier query did not see) cannot make the reads disagree.

    On PostgreSQL the transaction is REPEATABLE READ READ ONLY. The level is set on the psycopg
    connection, which says it in its own BEGIN: no extra query for the query-count budget.
    Inside a caller's transaction the caller's view is kept (its level can no longer change).
    On SQLite one transaction is already a consistent snapshot."""
    conn = connections[using]
    if conn.in_atomic_block or conn.vendor != "postgresql":
        # No savepoint: it would cost two queries and protect nothing (reads only).
        with transaction.atomic(using=using, savepoint=False):
            yield
        return
    from psycopg import IsolationLevel

    conn.ensure_connection()
    raw = conn.connection
    previous = raw.isolation_level, raw.read_only
    raw.isolation_level = IsolationLevel.REPEATABLE_READ
    raw.read_only = True
    try:
        with transaction.atomic(using=using):
            yield
    finally:
        if not raw.closed and conn.connection is raw:
            raw.isolation_level, raw.read_only = previous


def _build_snapshot(plan) -> PlanSnapshot:
    from planner.document.attributes import ENTITIES, TOP

    reader = _Reader(plan)
    server_entity = ENTITIES["sync_server"]
    for entity in _build_order(TOP):
        if entity is not server_entity:
            reader.read(entity)
    built = reader.built

    sync_server = None
    if plan.sync_server_id is not None:
        server = plan.sync_server  # one query unless select_related by the caller
        sync_server = SyncServerSnap(
            **{a.name: a.from_db(getattr(server, a.model_column)) for a in server_entity.attrs},
            **{
                c.attribute: tuple(built[c.entity].get(server.pk, ()))
                for c in server_entity.children
            },
        )
    return PlanSnapshot(
        name=plan.name,
        description=plan.description,
        sync_server=sync_server,
        **{
            c.attribute: tuple(built[c.entity].get(plan.pk, ()))
            for c in TOP
            if c.entity != "sync_server"
        },
    )
