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
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import date, time

from connections.datatypes import ENUM_TYPES, MULTI_VALUED_TYPES, RELATIONSHIP_TYPES, USER_TYPES
from connections.models import Direction, flows
from planner.facts.direction import declared as declared_direction


@dataclass(frozen=True)
class EnumValueSnap:
    label: str
    position: int = 0
    active: bool = True
    removed: bool = False


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
class UserSnap:
    username: str
    full_name: str = ""
    email: str = ""
    account_id: str = ""
    active: bool = True


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


def _names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in dataclass_fields(cls) if f.init)


# The numerous small snapshots (fields, enum values, users, pairs, entries) are made without
# their generated __init__: a frozen dataclass sets each attribute through
# object.__setattr__, which is most of the cost of loading a large plan. Every field is given
# (none of these classes has a __post_init__), so the objects are the same as the constructor's.
_FIELD_NAMES = _names(FieldSnap)
_VALUE_NAMES = _names(EnumValueSnap)
_USER_NAMES = _names(UserSnap)
_PAIR_NAMES = _names(EnumPairSnap)
_ENTRY_NAMES = _names(UserMapEntrySnap)


def _make(cls, names, values):
    obj = object.__new__(cls)
    obj.__dict__.update(zip(names, values, strict=True))
    return obj


def build_snapshot(plan) -> PlanSnapshot:
    """Load ``plan`` as a PlanSnapshot with one query per table, whatever its size."""
    # Building allocates ~10^5 small objects and frees none of them: the cyclic garbage
    # collector would run over the growing heap again and again for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_snapshot(plan)
    finally:
        if enabled:
            gc.enable()


def _build_snapshot(plan) -> PlanSnapshot:
    from connections.models import (
        CalculatedValue,
        Connection,
        Endpoint,
        EndpointUser,
        EnumPair,
        EnumValue,
        ExistingItemMatching,
        Field,
        FieldMapping,
        ItemType,
        Project,
        ProjectPair,
        RelationshipRule,
        TypeMapping,
        UserMap,
        UserMapEntry,
    )
    from planner.models import Acknowledgement, OperationsItem, UseCaseAnswer

    endpoint_rows = _rows(
        Endpoint.objects.filter(plan=plan).order_by("key"),
        "id", "key", "name", "product__key", "base_url", "user_representation",
        "user_directory_complete", "api_enforces_workflow", "integration_can_override_workflow",
        "allows_impersonation", "integration_account", "auth_method", "account_locale",
        "account_role", "account_permissions", "network_path", "proxy_host", "proxy_port",
        "certificate_trust", "notes",
    )  # fmt: skip
    projects = defaultdict(list)
    project_key = {}
    for pid, endpoint_id, key, name in _rows(
        Project.objects.filter(endpoint__plan=plan).order_by("key"),
        "id",
        "endpoint_id",
        "key",
        "name",
    ):
        projects[endpoint_id].append(ProjectSnap(key=key, name=name))
        project_key[pid] = key

    values = defaultdict(list)
    value_label = {}
    # Snapshots are immutable, so equal enum values (and enum pairs) are one shared object:
    # value lists repeat across types and fields (priorities, statuses, severities).
    shared = {}
    for vid, field_id, label, position, active, removed in _rows(
        EnumValue.objects.filter(field__item_type__endpoint__plan=plan).order_by("position", "label"),
        "id", "field_id", "label", "position", "active", "removed",
    ):  # fmt: skip
        key = (label, position, active, removed)
        value = shared.get(key)
        if value is None:
            value = shared[key] = _make(EnumValueSnap, _VALUE_NAMES, key)
        values[field_id].append(value)
        value_label[vid] = label

    fields = defaultdict(list)
    field_info = {}  # id -> (type id, key)
    new = object.__new__
    for row in _rows(
        Field.objects.filter(item_type__endpoint__plan=plan).order_by("position", "key"),
        "id", "item_type_id", "key", "label", "data_type", "required", "read_only", "create_only",
        "system_generated", "has_default", "default_value", "relationship_targets", "max_length",
        "precision", "addon_type", "not_supported", "user_settable", "removed", "position",
    ):  # fmt: skip
        fid, type_id, key = row[0], row[1], row[2]
        snap = new(FieldSnap)
        snap.__dict__.update(
            zip(
                _FIELD_NAMES,
                (*row[2:11], tuple(row[11] or ()), *row[12:19], tuple(values.get(fid, ()))),
                strict=True,
            )
        )
        fields[type_id].append(snap)
        field_info[fid] = (type_id, key)

    types = defaultdict(list)
    type_key = {}
    for row in _rows(
        ItemType.objects.filter(endpoint__plan=plan).order_by("position", "key"),
        "id", "endpoint_id", "key", "label", "workflow_state_field", "states", "transitions",
        "parent_type", "parent_field", "date_window_fields", "parent_immutable", "removed", "position",
    ):  # fmt: skip
        tid, endpoint_id = row[0], row[1]
        types[endpoint_id].append(
            ItemTypeSnap(
                key=row[2],
                label=row[3],
                workflow_state_field=row[4],
                states=tuple(row[5] or ()),
                transitions=tuple(tuple(t) for t in (row[6] or ())),
                parent_type=row[7],
                parent_field=row[8],
                date_window_fields=tuple(row[9] or ()),
                parent_immutable=row[10],
                removed=row[11],
                position=row[12],
                fields=tuple(fields.get(tid, ())),
            )
        )
        type_key[tid] = row[2]

    users = defaultdict(list)
    for endpoint_id, *user in _rows(
        EndpointUser.objects.filter(endpoint__plan=plan).order_by("username"),
        "endpoint_id", "username", "full_name", "email", "account_id", "active",
    ):  # fmt: skip
        users[endpoint_id].append(_make(UserSnap, _USER_NAMES, user))

    endpoints = []
    endpoint_key = {}
    for row in endpoint_rows:
        eid = row[0]
        endpoint_key[eid] = row[1]
        endpoints.append(
            EndpointSnap(
                key=row[1],
                name=row[2],
                product=row[3] or "",
                base_url=row[4],
                user_representation=row[5],
                user_directory_complete=row[6],
                api_enforces_workflow=row[7],
                integration_can_override_workflow=row[8],
                allows_impersonation=row[9],
                integration_account=row[10],
                auth_method=row[11],
                account_locale=row[12],
                account_role=row[13],
                account_permissions=row[14],
                network_path=row[15],
                proxy_host=row[16],
                proxy_port=row[17],
                certificate_trust=row[18],
                notes=row[19],
                projects=tuple(projects.get(eid, ())),
                types=tuple(types.get(eid, ())),
                users=tuple(users.get(eid, ())),
            )
        )

    # Mappings.
    pairs = defaultdict(list)
    for fm_id, left_id, right_id, position in _rows(
        EnumPair.objects.filter(field_mapping__type_mapping__connection__plan=plan).order_by(
            "position", "id"
        ),
        "field_mapping_id", "left_value_id", "right_value_id", "position",
    ):  # fmt: skip
        key = (value_label[left_id], value_label[right_id], position)
        pair = shared.get(key)
        if pair is None:
            pair = shared[key] = _make(EnumPairSnap, _PAIR_NAMES, key)
        pairs[fm_id].append(pair)

    calculated = {
        fm_id: CalculatedValueSnap(kind=kind, value=value, condition=condition)
        for fm_id, kind, value, condition in _rows(
            CalculatedValue.objects.filter(field_mapping__type_mapping__connection__plan=plan),
            "field_mapping_id",
            "kind",
            "value",
            "condition",
        )  # fmt: skip
    }

    def field_key(fid):
        return field_info[fid][1] if fid is not None else None

    field_mappings = defaultdict(list)
    for row in _rows(
        FieldMapping.objects.filter(type_mapping__connection__plan=plan).order_by("position", "id"),
        "id", "type_mapping_id", "left_field_id", "right_field_id", "direction", "conflict_policy",
        "on_creation_only", "left_catch_all_id", "right_catch_all_id", "notes", "position",
    ):  # fmt: skip
        fm_id = row[0]
        field_mappings[row[1]].append(
            FieldMappingSnap(
                left_field=field_key(row[2]),
                right_field=field_key(row[3]),
                direction=row[4],
                conflict_policy=row[5],
                on_creation_only=row[6],
                left_catch_all=value_label.get(row[7], ""),
                right_catch_all=value_label.get(row[8], ""),
                notes=row[9],
                position=row[10],
                calculated_value=calculated.get(fm_id),
                enum_pairs=tuple(pairs.get(fm_id, ())),
            )
        )

    rules = defaultdict(list)
    for tm_id, left_type_id, field_id, target_id, resolution, rule in _rows(
        RelationshipRule.objects.filter(type_mapping__connection__plan=plan).order_by("id"),
        "type_mapping_id", "type_mapping__left_type_id", "field_id", "target_type_id",
        "resolution", "rule",
    ):  # fmt: skip
        side = "left" if field_info[field_id][0] == left_type_id else "right"
        rules[tm_id].append(
            RelationshipRuleSnap(
                side=side,
                field=field_key(field_id),
                resolution=resolution,
                rule=rule,
                target_type=type_key.get(target_id, ""),
            )
        )

    matchings = defaultdict(list)
    for tm_id, left_id, right_id, notes in _rows(
        ExistingItemMatching.objects.filter(type_mapping__connection__plan=plan).order_by("id"),
        "type_mapping_id", "left_field_id", "right_field_id", "notes",
    ):  # fmt: skip
        matchings[tm_id].append(
            ExistingItemMatchingSnap(field_key(left_id), field_key(right_id), notes)
        )

    type_mappings = defaultdict(list)
    for row in _rows(
        TypeMapping.objects.filter(connection__plan=plan).order_by("position", "id"),
        "id", "connection_id", "left_type_id", "right_type_id", "direction", "system_of_record",
        "scope", "conflict_policy", "creators", "other_side_may_update", "position",
    ):  # fmt: skip
        tm_id = row[0]
        type_mappings[row[1]].append(
            TypeMappingSnap(
                left_type=type_key[row[2]],
                right_type=type_key[row[3]],
                direction=row[4],
                system_of_record=row[5],
                scope=row[6],
                conflict_policy=row[7],
                creators=row[8],
                other_side_may_update=row[9],
                position=row[10],
                field_mappings=tuple(field_mappings.get(tm_id, ())),
                relationship_rules=tuple(rules.get(tm_id, ())),
                existing_item_matchings=tuple(matchings.get(tm_id, ())),
            )
        )

    project_pairs = defaultdict(list)
    for conn_id, left_id, right_id in _rows(
        ProjectPair.objects.filter(connection__plan=plan).order_by("id"),
        "connection_id", "left_project_id", "right_project_id",
    ):  # fmt: skip
        project_pairs[conn_id].append((project_key[left_id], project_key[right_id]))

    entries = defaultdict(list)
    for map_id, left, right in _rows(
        UserMapEntry.objects.filter(user_map__connection__plan=plan).order_by(
            "left_username", "right_username"
        ),
        "user_map_id", "left_username", "right_username",
    ):  # fmt: skip
        entries[map_id].append(_make(UserMapEntrySnap, _ENTRY_NAMES, (left, right)))
    user_maps = {
        conn_id: UserMapSnap(strategy, left_default, right_default, tuple(entries.get(map_id, ())))
        for map_id, conn_id, strategy, left_default, right_default in _rows(
            UserMap.objects.filter(connection__plan=plan),
            "id",
            "connection_id",
            "strategy",
            "left_default_user",
            "right_default_user",
        )  # fmt: skip
    }

    answers = defaultdict(list)
    for conn_id, question, text, data in _rows(
        UseCaseAnswer.objects.filter(connection__plan=plan).order_by("question"),
        "connection_id", "question", "text", "data",
    ):  # fmt: skip
        answers[conn_id].append(AnswerSnap(question, text, data or {}))

    connections = [
        ConnectionSnap(
            key=key,
            left=endpoint_key[left_id],
            right=endpoint_key[right_id],
            name=name,
            conflict_policy=policy,
            items_exist_in_both=exist,
            project_pairs=tuple(project_pairs.get(cid, ())),
            type_mappings=tuple(type_mappings.get(cid, ())),
            user_map=user_maps.get(cid),
            answers=tuple(answers.get(cid, ())),
        )
        for cid, key, name, left_id, right_id, policy, exist in _rows(
            Connection.objects.filter(plan=plan).order_by("key"),
            "id",
            "key",
            "name",
            "left_id",
            "right_id",
            "conflict_policy",
            "items_exist_in_both",
        )  # fmt: skip
    ]

    sync_server = None
    if plan.sync_server_id is not None:
        server = plan.sync_server  # one query unless select_related by the caller
        operations = tuple(
            OperationsItemSnap(
                kind=row[0],
                key=row[1],
                name=row[2],
                owner=row[3],
                description=row[4],
                skill_area=row[5],
                product_key=row[6],
                expires_on=row[7],
                is_database_purge=row[8],
                command=row[9],
                frequency=row[10],
                weekdays=tuple(row[11] or ()),
                day_of_month=row[12],
                at_time=row[13],
                time_zone=row[14],
            )
            for row in _rows(
                OperationsItem.objects.filter(sync_server_id=plan.sync_server_id).order_by(
                    "kind", "key"
                ),
                "kind",
                "key",
                "name",
                "owner",
                "description",
                "skill_area",
                "product_key",
                "expires_on",
                "is_database_purge",
                "command",
                "frequency",
                "weekdays",
                "day_of_month",
                "at_time",
                "time_zone",
            )  # fmt: skip
        )
        sync_server = SyncServerSnap(
            name=server.name,
            description=server.description,
            host=server.host,
            operating_system=server.operating_system,
            time_zone=server.time_zone,
            expiry_warning_days=server.expiry_warning_days,
            test_environment=server.test_environment,
            backup_procedure=server.backup_procedure,
            operations=operations,
        )

    acknowledgements = tuple(
        AcknowledgementSnap(*row)
        for row in _rows(
            Acknowledgement.objects.filter(plan=plan).order_by("code", "subject"),
            "code",
            "subject",
            "fingerprint",
            "reason",
            "acknowledged_by",
        )  # fmt: skip
    )

    return PlanSnapshot(
        name=plan.name,
        description=plan.description,
        sync_server=sync_server,
        endpoints=tuple(endpoints),
        connections=tuple(connections),
        acknowledgements=acknowledgements,
    )
