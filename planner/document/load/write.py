"""Stage 3 of reading a plan document: write its snapshot as a new plan, with bulk inserts.

Each level is written by one small function, parents first, so a child row links to its
parent's saved row; every row's plain columns come from the attribute declarations
(``_columns``) and only the references (keys naming other rows) are resolved here.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as default

from planner.document.attributes import ENTITIES
from planner.document.snapshot import PlanSnapshot, SyncServerSnap

BATCH = 2000


def _columns(entity_name: str, snap) -> dict:
    """The model columns of ``snap`` that hold its own values (not references)."""
    entity = ENTITIES[entity_name]
    columns = {
        attr.model_column: attr.to_db(getattr(snap, attr.name))
        for attr in entity.attrs
        if not attr.ref
    }
    if entity.ordered:
        columns["position"] = snap.position
    return columns


def _bulk(model, rows):
    return model.objects.bulk_create(rows, batch_size=BATCH)


@dataclass
class _Rows:
    """The saved rows of a plan being written, by the keys the document names them with."""

    endpoints: dict = default(default_factory=dict)  # endpoint key -> Endpoint
    projects: dict = default(default_factory=dict)  # (endpoint, project) -> Project
    types: dict = default(default_factory=dict)  # (endpoint, type) -> ItemType
    fields: dict = default(default_factory=dict)  # (endpoint, type, field) -> Field
    values: dict = default(default_factory=dict)  # (endpoint, type, field, label) -> EnumValue
    connections: dict = default(default_factory=dict)  # connection key -> Connection

    def field_of(self, c, tm, side: str, key: str | None):
        if key is None:
            return None
        endpoint, type_key = (c.left, tm.left_type) if side == "left" else (c.right, tm.right_type)
        return self.fields[endpoint, type_key, key]

    def value_of(self, c, tm, side: str, field_key: str | None, label: str):
        if not label:
            return None
        endpoint, type_key = (c.left, tm.left_type) if side == "left" else (c.right, tm.right_type)
        return self.values[endpoint, type_key, field_key, label]

    def target_type(self, c, rule):
        """A rule's target type: on the rule's own side first, else on the other."""
        if not rule.target_type:
            return None
        own, other = (c.left, c.right) if rule.side == "left" else (c.right, c.left)
        return self.types.get((own, rule.target_type)) or self.types.get((other, rule.target_type))


def write_plan(snapshot: PlanSnapshot, products: dict, *, user, name: str | None):
    """Create the plan ``snapshot`` describes, owned by ``user``; inside the caller's
    transaction."""
    from core.access import Role
    from core.changes import record_change
    from planner.models import Membership, Plan

    plan = Plan.objects.create(
        name=name or snapshot.name,
        description=snapshot.description,
        sync_server=_sync_server_for(snapshot.sync_server, user),
        created_by=user,
    )
    Membership.objects.create(plan=plan, user=user, role=Role.OWNER)
    rows = _Rows()
    _write_endpoints(plan, snapshot, products, rows)
    _write_schema(snapshot, rows)
    _write_connections(plan, snapshot, rows)
    type_mappings = _write_type_mappings(snapshot, rows)
    field_mappings = _write_field_mappings(type_mappings, rows)
    _write_rules_and_matchings(type_mappings, rows)
    _write_field_mapping_parts(field_mappings, rows)
    _write_user_maps(snapshot, rows)
    _write_answers_and_acknowledgements(plan, snapshot, rows)
    record_change(plan, user, "plan.import", subject="plan", after={"name": plan.name})
    return plan


def _write_endpoints(plan, snapshot, products, rows: _Rows):
    from connections.models import Endpoint, EndpointUser, Project

    saved = _bulk(
        Endpoint,
        [
            Endpoint(plan=plan, product=products.get(e.product), **_columns("endpoint", e))
            for e in snapshot.endpoints
        ],
    )
    rows.endpoints = {e.key: obj for e, obj in zip(snapshot.endpoints, saved, strict=True)}
    projects = {
        (e.key, p.key): Project(endpoint=rows.endpoints[e.key], **_columns("project", p))
        for e in snapshot.endpoints
        for p in e.projects
    }
    _bulk(Project, list(projects.values()))
    rows.projects = projects
    _bulk(
        EndpointUser,
        [
            EndpointUser(endpoint=rows.endpoints[e.key], **_columns("endpoint_user", u))
            for e in snapshot.endpoints
            for u in e.users
        ],
    )


def _write_schema(snapshot, rows: _Rows):
    """Types, their fields, and the fields' values."""
    from connections.models import EnumValue, Field, ItemType

    rows.types = {
        (e.key, t.key): ItemType(endpoint=rows.endpoints[e.key], **_columns("item_type", t))
        for e in snapshot.endpoints
        for t in e.types
    }
    _bulk(ItemType, list(rows.types.values()))
    fields = [(e, t, f) for e in snapshot.endpoints for t in e.types for f in t.fields]
    rows.fields = {
        (e.key, t.key, f.key): Field(item_type=rows.types[e.key, t.key], **_columns("field", f))
        for e, t, f in fields
    }
    _bulk(Field, list(rows.fields.values()))
    rows.values = {
        (e.key, t.key, f.key, v.label): EnumValue(
            field=rows.fields[e.key, t.key, f.key], **_columns("enum_value", v)
        )
        for e, t, f in fields
        for v in f.values
    }
    _bulk(EnumValue, list(rows.values.values()))


def _write_connections(plan, snapshot, rows: _Rows):
    from connections.models import Connection, ProjectPair

    saved = _bulk(
        Connection,
        [
            Connection(
                plan=plan,
                left=rows.endpoints[c.left],
                right=rows.endpoints[c.right],
                **_columns("connection", c),
            )
            for c in snapshot.connections
        ],
    )
    rows.connections = {c.key: obj for c, obj in zip(snapshot.connections, saved, strict=True)}
    _bulk(
        ProjectPair,
        [
            ProjectPair(
                connection=rows.connections[c.key],
                left_project=rows.projects[c.left, left],
                right_project=rows.projects[c.right, right],
            )
            for c in snapshot.connections
            for left, right in c.project_pairs
        ],
    )


def _write_type_mappings(snapshot, rows: _Rows) -> list:
    """(connection, type mapping, saved row) for every type mapping."""
    from connections.models import TypeMapping

    saved = [
        (
            c,
            tm,
            TypeMapping(
                connection=rows.connections[c.key],
                left_type=rows.types[c.left, tm.left_type],
                right_type=rows.types[c.right, tm.right_type],
                **_columns("type_mapping", tm),
            ),
        )
        for c in snapshot.connections
        for tm in c.type_mappings
    ]
    _bulk(TypeMapping, [obj for *_, obj in saved])
    return saved


def _write_field_mappings(type_mappings, rows: _Rows) -> list:
    """(connection, type mapping, field mapping, saved row) for every field mapping."""
    from connections.models import FieldMapping

    saved = [
        (
            c,
            tm,
            fm,
            FieldMapping(
                type_mapping=tm_obj,
                left_field=rows.field_of(c, tm, "left", fm.left_field),
                right_field=rows.field_of(c, tm, "right", fm.right_field),
                left_catch_all=rows.value_of(c, tm, "left", fm.left_field, fm.left_catch_all),
                right_catch_all=rows.value_of(c, tm, "right", fm.right_field, fm.right_catch_all),
                **_columns("field_mapping", fm),
            ),
        )
        for c, tm, tm_obj in type_mappings
        for fm in tm.field_mappings
    ]
    _bulk(FieldMapping, [obj for *_, obj in saved])
    return saved


def _write_rules_and_matchings(type_mappings, rows: _Rows):
    from connections.models import ExistingItemMatching, RelationshipRule

    _bulk(
        RelationshipRule,
        [
            RelationshipRule(
                type_mapping=tm_obj,
                field=rows.field_of(c, tm, rule.side, rule.field),
                target_type=rows.target_type(c, rule),
                **_columns("relationship_rule", rule),
            )
            for c, tm, tm_obj in type_mappings
            for rule in tm.relationship_rules
        ],
    )
    _bulk(
        ExistingItemMatching,
        [
            ExistingItemMatching(
                type_mapping=tm_obj,
                left_field=rows.field_of(c, tm, "left", m.left_field),
                right_field=rows.field_of(c, tm, "right", m.right_field),
                **_columns("existing_item_matching", m),
            )
            for c, tm, tm_obj in type_mappings
            for m in tm.existing_item_matchings
        ],
    )


def _write_field_mapping_parts(field_mappings, rows: _Rows):
    """Calculated values and enum pairs."""
    from connections.models import CalculatedValue, EnumPair

    _bulk(
        CalculatedValue,
        [
            CalculatedValue(
                field_mapping=fm_obj, **_columns("calculated_value", fm.calculated_value)
            )
            for _, _, fm, fm_obj in field_mappings
            if fm.calculated_value is not None
        ],
    )
    _bulk(
        EnumPair,
        [
            EnumPair(
                field_mapping=fm_obj,
                left_value=rows.value_of(c, tm, "left", fm.left_field, pair.left),
                right_value=rows.value_of(c, tm, "right", fm.right_field, pair.right),
                **_columns("enum_pair", pair),
            )
            for c, tm, fm, fm_obj in field_mappings
            for pair in fm.enum_pairs
        ],
    )


def _write_user_maps(snapshot, rows: _Rows):
    from connections.models import UserMap, UserMapEntry

    user_maps = [
        (c, UserMap(connection=rows.connections[c.key], **_columns("user_map", c.user_map)))
        for c in snapshot.connections
        if c.user_map is not None
    ]
    _bulk(UserMap, [obj for _, obj in user_maps])
    _bulk(
        UserMapEntry,
        [
            UserMapEntry(user_map=obj, **_columns("user_map_entry", entry))
            for c, obj in user_maps
            for entry in c.user_map.entries
        ],
    )


def _write_answers_and_acknowledgements(plan, snapshot, rows: _Rows):
    from planner.models import Acknowledgement, UseCaseAnswer

    _bulk(
        UseCaseAnswer,
        [
            UseCaseAnswer(connection=rows.connections[c.key], **_columns("use_case_answer", a))
            for c in snapshot.connections
            for a in c.answers
        ],
    )
    _bulk(
        Acknowledgement,
        [
            Acknowledgement(plan=plan, **_columns("acknowledgement", a))
            for a in snapshot.acknowledgements
        ],
    )


def _sync_server_for(server: SyncServerSnap | None, user):
    """The sync server of that name ``user`` may attach, or a new one with the document's
    register.

    A sync server and its operations register are shared by every plan that runs on it, so an
    import links to a server of the same name the importer may already attach, and leaves its
    register alone rather than overwriting what other plans rely on. Another team's server of
    that name is never reached: the import gets a server of its own."""
    from planner.models import OperationsItem, SyncServer
    from planner.servers import servers_visible_to

    if server is None:
        return None
    existing = servers_visible_to(user).filter(name=server.name).order_by("pk").first()
    if existing is not None:
        return existing
    created = SyncServer.objects.create(**_columns("sync_server", server))
    _bulk(
        OperationsItem,
        [
            OperationsItem(sync_server=created, **_columns("operations_item", o))
            for o in server.operations
        ],
    )
    return created
