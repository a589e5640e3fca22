"""Generate an enterprise-size plan into the database with bulk inserts.

Used by the benchmarks under ``bench/`` (validation, exports, pages): two endpoints with many
types and fields, type mappings with field mappings, enum pairs, user directories and a user map.
The plan is deliberately well-formed (system of record, scope, conflict policy, enum values all
paired, users mapped) so a benchmark measures the work, not a flood of findings.

    from bench.generate import generate_enterprise_plan
    plan = generate_enterprise_plan(owner=user)  # the figures of issue 4 by default
"""

from __future__ import annotations

import math

from django.db import transaction

from connections.models import (
    Connection,
    Direction,
    Endpoint,
    EndpointUser,
    EnumPair,
    EnumValue,
    Field,
    FieldMapping,
    ItemType,
    Project,
    ProjectPair,
    TypeMapping,
    UserMap,
    UserMapEntry,
)
from core.access import Role
from facts.datatypes import DataType
from planner.models import Membership, OperationsItem, Plan, SyncServer, UseCaseAnswer

BATCH = 5000

# Data types of the regular (non-enum) fields, cycled through; every one maps to itself.
_REGULAR_TYPES = (
    DataType.STRING,
    DataType.TEXT,
    DataType.INTEGER,
    DataType.FLOAT,
    DataType.BOOLEAN,
    DataType.DATE,
    DataType.DATETIME,
    DataType.RICH_TEXT,
    DataType.USER,
)

_ANSWERS = {
    "user-types-and-roles": "Testers log defects in the left tool; developers work them in the right.",
    "product-roles": "The left tool is the system of record for every synchronized type.",
    "information-to-share": "Defect summary, description, severity, status and owner.",
    "who-creates": "Testers create items on the left; the sync creates them on the right.",
    "data-subsets": "Only items of the release projects listed in each type mapping's scope.",
    "permissions": "Developers may update status and comments, synchronized back.",
    "relationships": "No relationships between the synchronized types are needed.",
    "direction": "Items are created left to right; most fields update left to right.",
    "existing-items": "No items exist in both products yet: the right tool is new.",
}


def _bulk(model, objs):
    return model.objects.bulk_create(objs, batch_size=BATCH)


def _endpoint_schema(endpoint, *, types, fields_per_type, enum_fields, values_per_enum):
    """Create ``types`` item types with ``fields_per_type`` fields each; returns
    {type index: [Field, ...]} and {field id: [EnumValue, ...]}."""
    item_types = _bulk(
        ItemType,
        [
            ItemType(
                endpoint=endpoint,
                key=f"type{t:02d}",
                label=f"Type {t:02d}",
                position=t,
                workflow_state_field="status",
            )
            for t in range(types)
        ],
    )
    fields = []
    for item_type in item_types:
        fields.append(
            Field(item_type=item_type, key="id", label="ID", position=0,
                  data_type=DataType.INTEGER, read_only=True, system_generated=True)
        )  # fmt: skip
        fields.append(
            Field(item_type=item_type, key="name", label="Name", position=1,
                  data_type=DataType.STRING, required=True)
        )  # fmt: skip
        fields.append(
            Field(item_type=item_type, key="status", label="Status", position=2,
                  data_type=DataType.ENUM, has_default=True)
        )  # fmt: skip
        for f in range(3, fields_per_type):
            index = f - 3
            if index < enum_fields - 1:
                data_type = DataType.ENUM
            else:
                data_type = _REGULAR_TYPES[index % len(_REGULAR_TYPES)]
            fields.append(
                Field(
                    item_type=item_type,
                    key=f"field{f:03d}",
                    label=f"Field {f:03d}",
                    position=f,
                    data_type=data_type,
                )
            )
    fields = _bulk(Field, fields)
    by_type = {t: fields[t * fields_per_type : (t + 1) * fields_per_type] for t in range(types)}
    values = _bulk(
        EnumValue,
        [
            EnumValue(field=f, label=f"Value {v:03d}", position=v)
            for f in fields
            if f.data_type == DataType.ENUM
            for v in range(values_per_enum)
        ],
    )
    values_by_field = {}
    for value in values:
        values_by_field.setdefault(value.field_id, []).append(value)
    return by_type, values_by_field


@transaction.atomic
def generate_enterprise_plan(
    owner=None,
    *,
    types: int = 40,
    fields_per_type: int = 300,
    type_mappings: int = 30,
    field_mappings: int = 3000,
    enum_pairs: int = 20000,
    users: int = 5000,
    user_map_entries: int = 5000,
) -> Plan:
    """A plan with two endpoints (``types`` types × ``fields_per_type`` fields each),
    ``type_mappings`` type mappings sharing ``field_mappings`` field mappings, ``enum_pairs``
    enum pairs, ``users`` users per side and ``user_map_entries`` user-map entries."""
    if type_mappings > types:
        raise ValueError("type_mappings cannot exceed types")
    per_mapping = math.ceil(field_mappings / max(type_mappings, 1))
    if per_mapping > fields_per_type - 1:
        raise ValueError("not enough fields per type for that many field mappings")
    # Enum fields per type and values per enum field, so the mapped enum fields carry the pairs.
    enum_fields = max(1, min(per_mapping - 1, 20))  # all of them among the mapped fields
    values_per_enum = max(2, math.ceil(enum_pairs / max(type_mappings * enum_fields, 1)))

    server = SyncServer.objects.create(
        name=f"bench-server-{SyncServer.objects.count() + 1}-{id(object())}",
        test_environment="A sandbox sync server with copies of both projects.",
        backup_procedure="Nightly database dump, restore tested quarterly.",
    )
    plan = Plan.objects.create(
        name="Enterprise benchmark plan", created_by=owner, sync_server=server
    )
    if owner is not None:
        Membership.objects.create(plan=plan, user=owner, role=Role.OWNER)
    _bulk(
        OperationsItem,
        [
            OperationsItem(sync_server=server, kind="skill", key="os", name="Server OS",
                           skill_area="server_os", owner="Ops team"),
            OperationsItem(sync_server=server, kind="skill", key="net", name="Networking",
                           skill_area="networking", owner="Network team"),
            OperationsItem(sync_server=server, kind="maintenance_task", key="purge",
                           name="Database purge", is_database_purge=True, frequency="daily",
                           at_time="02:00"),
        ],
    )  # fmt: skip

    endpoints = []
    for side, representation in (("left", "username"), ("right", "username")):
        endpoints.append(
            Endpoint.objects.create(
                plan=plan,
                key=f"{side}-tool",
                name=f"{side.title()} tool",
                base_url=f"https://{side}.example.com",
                user_representation=representation,
                user_directory_complete=True,
                integration_account=f"sync-{side}",
                auth_method="native",
                account_locale="en_US",
                account_role="Integration",
                account_permissions="Read and write the synchronized types.",
                network_path="direct",
                certificate_trust="Public CA",
                api_enforces_workflow=False,
                allows_impersonation=True,
            )
        )
    left, right = endpoints
    _bulk(
        OperationsItem,
        [
            OperationsItem(sync_server=server, kind="skill", key=f"product-{e.key}",
                           name=f"{e.name} administration", skill_area="product",
                           product_key=e.key, owner=f"{e.name} admins")
            for e in endpoints
        ],
    )  # fmt: skip
    projects = _bulk(
        Project, [Project(endpoint=e, key="MAIN", name="Main project") for e in endpoints]
    )
    schemas = [
        _endpoint_schema(
            e,
            types=types,
            fields_per_type=fields_per_type,
            enum_fields=enum_fields,
            values_per_enum=values_per_enum,
        )
        for e in endpoints
    ]
    for endpoint in endpoints:
        _bulk(
            EndpointUser,
            [
                EndpointUser(
                    endpoint=endpoint,
                    username=f"user{u:05d}",
                    full_name=f"User {u:05d}",
                    email=f"user{u:05d}@{endpoint.key}.example.com",
                )
                for u in range(users)
            ],
        )

    connection = Connection.objects.create(
        plan=plan,
        key="left-right",
        name="Left ↔ right",
        left=left,
        right=right,
        conflict_policy="left_wins",
        items_exist_in_both=False,
    )
    ProjectPair.objects.create(
        connection=connection, left_project=projects[0], right_project=projects[1]
    )
    _bulk(
        UseCaseAnswer,
        [UseCaseAnswer(connection=connection, question=q, text=t) for q, t in _ANSWERS.items()],
    )
    tms = _bulk(
        TypeMapping,
        [
            TypeMapping(
                connection=connection,
                left_type=schemas[0][0][t][0].item_type,
                right_type=schemas[1][0][t][0].item_type,
                direction=Direction.L2R,
                system_of_record="left",
                scope="Project MAIN, items of the current release",
                creators="Testers",
                other_side_may_update=False,
                position=t,
            )
            for t in range(type_mappings)
        ],
    )

    (left_fields, left_values), (right_fields, right_values) = schemas
    fms = []
    remaining = field_mappings
    for t, tm in enumerate(tms):
        count = min(per_mapping, remaining)
        remaining -= count
        # Field 0 is the system-generated ID: never mapped.
        for f in range(1, count + 1):
            fms.append(
                FieldMapping(
                    type_mapping=tm,
                    left_field=left_fields[t][f],
                    right_field=right_fields[t][f],
                    position=f,
                )
            )
    fms = _bulk(FieldMapping, fms)

    pairs = []
    for fm in fms:
        if len(pairs) >= enum_pairs:
            break
        if fm.left_field.data_type != DataType.ENUM:
            continue
        for lv, rv in zip(
            left_values[fm.left_field_id], right_values[fm.right_field_id], strict=True
        ):
            if len(pairs) >= enum_pairs:
                break
            pairs.append(
                EnumPair(field_mapping=fm, left_value=lv, right_value=rv, position=lv.position)
            )
    _bulk(EnumPair, pairs)
    # Enum mappings the pair budget did not cover completely get a catch-all value instead.
    paired = {}
    for pair in pairs:
        paired[pair.field_mapping_id] = paired.get(pair.field_mapping_id, 0) + 1
    partial = []
    for fm in fms:
        if fm.left_field.data_type == DataType.ENUM and paired.get(fm.pk, 0) < values_per_enum:
            fm.right_catch_all = right_values[fm.right_field_id][0]
            partial.append(fm)
    FieldMapping.objects.bulk_update(partial, ["right_catch_all"], batch_size=BATCH)

    user_map = UserMap.objects.create(
        connection=connection,
        strategy="explicit",
        left_default_user="user00000",
        right_default_user="user00000",
    )
    _bulk(
        UserMapEntry,
        [
            UserMapEntry(
                user_map=user_map, left_username=f"user{u:05d}", right_username=f"user{u:05d}"
            )
            for u in range(min(user_map_entries, users))
        ],
    )
    return plan
