"""Reading a plan document: validate it, turn it into a snapshot, or import it as a new plan.

``validate_document`` reports schema errors and references to names that exist nowhere in the
document (a type mapping naming a type its endpoint does not have, an enum pair naming a value
its field does not list, ...), plus duplicates the database would refuse. Every message starts
with the JSON pointer of the offending place. Only references that become database links are
checked: text that merely names something (a workflow-state field, a user-map entry naming a
person missing from the directory) is the validator's business, not the loader's.

``import_document`` creates a new plan from a valid document in one transaction with bulk
inserts; the importing user becomes its owner. A refused document creates nothing.
"""

from __future__ import annotations

import json
from datetime import date, time
from functools import cache
from pathlib import Path

from django.db import DataError, IntegrityError

from planner.document.gcpause import cyclic_gc_paused
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

SCHEMA_PATH = Path(__file__).with_name("schema.json")


class DocumentRejected(Exception):
    """A plan document that cannot be imported; ``messages`` names each problem (JSON pointer
    first)."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        count = len(self.messages)
        super().__init__(
            f"The plan document was refused ({count} problem{'s' if count != 1 else ''}): "
            + "; ".join(self.messages[:5])
            + (" ..." if count > 5 else "")
        )


@cache
def document_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator():
    from jsonschema import Draft202012Validator

    schema = document_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def pointer(*parts) -> str:
    """A JSON pointer (RFC 6901) to ``parts``."""
    if not parts:
        return "/"
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


# ---------------------------------------------------------------------------------------------
# Validation


def validate_document(doc, *, schema: bool = True) -> list[str]:
    """Every problem of ``doc`` as "<JSON pointer>: <what is wrong>"; empty when it is valid.

    ``schema=False`` skips the JSON Schema pass (the slow part: seconds for an enterprise-size
    plan) for a document ``plan_document`` has just written, which conforms by construction;
    names and duplicates are still checked."""
    if not isinstance(doc, dict):
        return ["/: a plan document is a JSON object"]
    if schema:
        errors = sorted(
            _validator().iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))
        )
        if errors:
            return [f"{pointer(*e.absolute_path)}: {e.message}" for e in errors]
    return _reference_problems(doc)


def _reference_problems(doc: dict) -> list[str]:
    problems: list[str] = []

    def unique(items, key, where, what):
        seen = set()
        for i, item in enumerate(items):
            k = key(item)
            if k in seen:
                problems.append(f"{pointer(*where, i)}: duplicate {what} {_show(k)}")
            seen.add(k)

    endpoints = {}
    unique(doc.get("endpoints", []), lambda e: e["key"], ("endpoints",), "endpoint key")
    for ei, endpoint in enumerate(doc.get("endpoints", [])):
        endpoints.setdefault(endpoint["key"], endpoint)
        at = ("endpoints", ei)
        unique(endpoint.get("projects", []), lambda p: p["key"], (*at, "projects"), "project key")
        unique(endpoint.get("users", []), lambda u: u["username"], (*at, "users"), "username")
        unique(endpoint.get("types", []), lambda t: t["key"], (*at, "types"), "type key")
        for ti, item_type in enumerate(endpoint.get("types", [])):
            fields_at = (*at, "types", ti, "fields")
            unique(item_type.get("fields", []), lambda f: f["key"], fields_at, "field key")
            for fi, fld in enumerate(item_type.get("fields", [])):
                unique(
                    fld.get("values", []),
                    lambda v: v["label"],
                    (*fields_at, fi, "values"),
                    "value label",
                )

    unique(doc.get("connections", []), lambda c: c["key"], ("connections",), "connection key")
    for ci, conn in enumerate(doc.get("connections", [])):
        at = ("connections", ci)
        sides = {}
        for side in ("left", "right"):
            if conn[side] not in endpoints:
                problems.append(f"{pointer(*at, side)}: no endpoint {_show(conn[side])}")
            sides[side] = endpoints.get(conn[side])
        if conn["left"] == conn["right"]:
            problems.append(f"{pointer(*at, 'right')}: a connection pairs two different endpoints")

        pairs = conn.get("project_pairs", [])
        unique(pairs, lambda p: (p["left"], p["right"]), (*at, "project_pairs"), "project pair")
        for pi, pair in enumerate(pairs):
            for side in ("left", "right"):
                endpoint = sides[side]
                if endpoint is not None and pair[side] not in {
                    p["key"] for p in endpoint.get("projects", [])
                }:
                    problems.append(
                        f"{pointer(*at, 'project_pairs', pi, side)}: no project "
                        f"{_show(pair[side])} in endpoint {_show(conn[side])}"
                    )

        mappings = conn.get("type_mappings", [])
        unique(
            mappings,
            lambda m: (m["left_type"], m["right_type"]),
            (*at, "type_mappings"),
            "type mapping",
        )
        for mi, mapping in enumerate(mappings):
            _check_type_mapping(problems, unique, (*at, "type_mappings", mi), conn, mapping, sides)

        if conn.get("user_map"):
            unique(
                conn["user_map"].get("entries", []),
                lambda e: (e["left"], e["right"]),
                (*at, "user_map", "entries"),
                "user map entry",
            )
        unique(
            conn.get("use_case_answers", []),
            lambda a: a["question"],
            (*at, "use_case_answers"),
            "answer to question",
        )

    server = doc.get("sync_server")
    if server:
        unique(
            server.get("operations", []),
            lambda o: (o["kind"], o["key"]),
            ("sync_server", "operations"),
            "operations item (kind, key)",
        )
    unique(
        doc.get("acknowledgements", []),
        lambda a: (a["code"], a["subject"]),
        ("acknowledgements",),
        "acknowledgement (code, subject)",
    )
    return problems


def _check_type_mapping(problems, unique, at, conn, mapping, sides):
    """Report the names a type mapping uses that its two endpoints do not have."""
    side_types = {
        side: {t["key"]: t for t in endpoint.get("types", [])} if endpoint else None
        for side, endpoint in sides.items()
    }
    types = {}
    for side in ("left", "right"):
        name = mapping[f"{side}_type"]
        if side_types[side] is None:
            types[side] = None  # the endpoint itself is already reported
            continue
        types[side] = side_types[side].get(name)
        if types[side] is None:
            problems.append(
                f"{pointer(*at, side + '_type')}: no type {_show(name)} in endpoint "
                f"{_show(conn[side])}"
            )
    fields = {
        side: ({f["key"]: f for f in t.get("fields", [])} if t else None)
        for side, t in types.items()
    }

    def field_of(side, key, where):
        """The field ``key`` of the ``side`` type, reporting it when missing."""
        if fields[side] is None:
            return None  # the type itself is already reported
        found = fields[side].get(key)
        if found is None:
            problems.append(
                f"{pointer(*where)}: no field {_show(key)} in type {_show(mapping[side + '_type'])}"
            )
        return found

    def value_of(side, fld, label, where):
        if fld is not None and label not in {v["label"] for v in fld.get("values", [])}:
            problems.append(
                f"{pointer(*where)}: no value {_show(label)} in field {_show(fld['key'])}"
            )

    for fi, fm in enumerate(mapping.get("field_mappings", [])):
        fat = (*at, "field_mappings", fi)
        if fm["left_field"] is None and fm["right_field"] is None:
            problems.append(f"{pointer(*fat)}: a field mapping names a left or a right field")
        side_fields = {}
        for side in ("left", "right"):
            key = fm[f"{side}_field"]
            side_fields[side] = field_of(side, key, (*fat, f"{side}_field")) if key else None
            catch_all = fm.get(f"{side}_catch_all", "")
            if catch_all:
                if key is None:
                    problems.append(
                        f"{pointer(*fat, side + '_catch_all')}: a catch-all value needs a {side} field"
                    )
                value_of(side, side_fields[side], catch_all, (*fat, f"{side}_catch_all"))
        pairs = fm.get("enum_pairs", [])
        unique(pairs, lambda p: (p["left"], p["right"]), (*fat, "enum_pairs"), "enum pair")
        for pi, pair in enumerate(pairs):
            for side in ("left", "right"):
                if fm[f"{side}_field"] is None:
                    problems.append(
                        f"{pointer(*fat, 'enum_pairs', pi, side)}: an enum pair needs a {side} field"
                    )
                else:
                    value_of(side, side_fields[side], pair[side], (*fat, "enum_pairs", pi, side))

    rules = mapping.get("relationship_rules", [])
    unique(rules, lambda r: (r["side"], r["field"]), (*at, "relationship_rules"), "rule for field")
    all_types = {k for known in side_types.values() if known for k in known}
    for ri, rule in enumerate(rules):
        rat = (*at, "relationship_rules", ri)
        field_of(rule["side"], rule["field"], (*rat, "field"))
        known = all(t is not None for t in side_types.values())
        if rule.get("target_type") and known and rule["target_type"] not in all_types:
            problems.append(
                f"{pointer(*rat, 'target_type')}: no type {_show(rule['target_type'])} in "
                f"endpoint {_show(conn['left'])} or {_show(conn['right'])}"
            )

    matchings = mapping.get("existing_item_matchings", [])
    unique(
        matchings,
        lambda m: (m["left_field"], m["right_field"]),
        (*at, "existing_item_matchings"),
        "existing-item matching",
    )
    for xi, matching in enumerate(matchings):
        for side in ("left", "right"):
            field_of(
                side,
                matching[f"{side}_field"],
                (*at, "existing_item_matchings", xi, f"{side}_field"),
            )


def _show(value) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(_show(v) for v in value) + ")"
    return json.dumps(value, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------
# Document -> snapshot


def snapshot_from_document(doc: dict) -> PlanSnapshot:
    """The snapshot a (valid) document describes; positions are the array indexes."""
    server = doc.get("sync_server")
    return PlanSnapshot(
        name=doc["plan"]["name"],
        description=doc["plan"].get("description", ""),
        sync_server=_server_snap(server) if server else None,
        endpoints=tuple(_endpoint_snap(e) for e in doc.get("endpoints", [])),
        connections=tuple(_connection_snap(c) for c in doc.get("connections", [])),
        acknowledgements=tuple(
            AcknowledgementSnap(
                code=a["code"],
                subject=a["subject"],
                fingerprint=a.get("fingerprint", ""),
                reason=a["reason"],
                acknowledged_by=a.get("acknowledged_by", ""),
            )
            for a in doc.get("acknowledgements", [])
        ),
    )


def _endpoint_snap(e: dict) -> EndpointSnap:
    return EndpointSnap(
        key=e["key"],
        name=e["name"],
        product=e.get("product", ""),
        base_url=e.get("base_url", ""),
        user_representation=e.get("user_representation", "username"),
        user_directory_complete=e.get("user_directory_complete", False),
        api_enforces_workflow=e.get("api_enforces_workflow", True),
        integration_can_override_workflow=e.get("integration_can_override_workflow", False),
        allows_impersonation=e.get("allows_impersonation", False),
        integration_account=e.get("integration_account", ""),
        auth_method=e.get("auth_method", ""),
        account_locale=e.get("account_locale", ""),
        account_role=e.get("account_role", ""),
        account_permissions=e.get("account_permissions", ""),
        network_path=e.get("network_path", ""),
        proxy_host=e.get("proxy_host", ""),
        proxy_port=e.get("proxy_port"),
        certificate_trust=e.get("certificate_trust", ""),
        notes=e.get("notes", ""),
        projects=tuple(ProjectSnap(p["key"], p.get("name", "")) for p in e.get("projects", [])),
        types=tuple(_type_snap(t, i) for i, t in enumerate(e.get("types", []))),
        users=tuple(
            UserSnap(
                username=u["username"],
                full_name=u.get("full_name", ""),
                email=u.get("email", ""),
                account_id=u.get("account_id", ""),
                active=u.get("active", True),
            )
            for u in e.get("users", [])
        ),
    )


def _type_snap(t: dict, position: int) -> ItemTypeSnap:
    return ItemTypeSnap(
        key=t["key"],
        label=t.get("label", ""),
        workflow_state_field=t.get("workflow_state_field", ""),
        states=tuple(t.get("states", ())),
        transitions=tuple(tuple(pair) for pair in t.get("transitions", ())),
        parent_type=t.get("parent_type", ""),
        parent_field=t.get("parent_field", ""),
        date_window_fields=tuple(t.get("date_window_fields", ())),
        parent_immutable=t.get("parent_immutable", False),
        removed=t.get("removed", False),
        position=position,
        fields=tuple(_field_snap(f, i) for i, f in enumerate(t.get("fields", []))),
    )


def _field_snap(f: dict, position: int) -> FieldSnap:
    return FieldSnap(
        key=f["key"],
        label=f.get("label", ""),
        data_type=f["data_type"],
        required=f.get("required", False),
        read_only=f.get("read_only", False),
        create_only=f.get("create_only", False),
        system_generated=f.get("system_generated", False),
        has_default=f.get("has_default", False),
        default_value=f.get("default_value", ""),
        relationship_targets=tuple(f.get("relationship_targets", ())),
        max_length=f.get("max_length"),
        precision=f.get("precision"),
        addon_type=f.get("addon_type", ""),
        not_supported=f.get("not_supported", False),
        user_settable=f.get("user_settable", True),
        removed=f.get("removed", False),
        position=position,
        values=tuple(
            EnumValueSnap(v["label"], i, v.get("active", True), v.get("removed", False))
            for i, v in enumerate(f.get("values", []))
        ),
    )


def _connection_snap(c: dict) -> ConnectionSnap:
    user_map = c.get("user_map")
    return ConnectionSnap(
        key=c["key"],
        left=c["left"],
        right=c["right"],
        name=c.get("name", ""),
        conflict_policy=c.get("conflict_policy", ""),
        items_exist_in_both=c.get("items_exist_in_both"),
        project_pairs=tuple((p["left"], p["right"]) for p in c.get("project_pairs", [])),
        type_mappings=tuple(
            _type_mapping_snap(m, i) for i, m in enumerate(c.get("type_mappings", []))
        ),
        user_map=UserMapSnap(
            strategy=user_map.get("strategy", "explicit"),
            left_default_user=user_map.get("left_default_user", ""),
            right_default_user=user_map.get("right_default_user", ""),
            entries=tuple(
                UserMapEntrySnap(e["left"], e["right"]) for e in user_map.get("entries", [])
            ),
        )
        if user_map is not None
        else None,
        answers=tuple(
            AnswerSnap(a["question"], a.get("text", ""), a.get("data") or {})
            for a in c.get("use_case_answers", [])
        ),
    )


def _type_mapping_snap(m: dict, position: int) -> TypeMappingSnap:
    return TypeMappingSnap(
        left_type=m["left_type"],
        right_type=m["right_type"],
        direction=m.get("direction", "l2r"),
        system_of_record=m.get("system_of_record", ""),
        scope=m.get("scope", ""),
        conflict_policy=m.get("conflict_policy", ""),
        creators=m.get("creators", ""),
        other_side_may_update=m.get("other_side_may_update"),
        position=position,
        field_mappings=tuple(
            _field_mapping_snap(fm, i) for i, fm in enumerate(m.get("field_mappings", []))
        ),
        relationship_rules=tuple(
            RelationshipRuleSnap(
                side=r["side"],
                field=r["field"],
                resolution=r["resolution"],
                rule=r["rule"],
                target_type=r.get("target_type", ""),
            )
            for r in m.get("relationship_rules", [])
        ),
        existing_item_matchings=tuple(
            ExistingItemMatchingSnap(x["left_field"], x["right_field"], x.get("notes", ""))
            for x in m.get("existing_item_matchings", [])
        ),
    )


def _field_mapping_snap(fm: dict, position: int) -> FieldMappingSnap:
    calculated = fm.get("calculated_value")
    return FieldMappingSnap(
        left_field=fm["left_field"],
        right_field=fm["right_field"],
        direction=fm.get("direction", ""),
        conflict_policy=fm.get("conflict_policy", ""),
        on_creation_only=fm.get("on_creation_only", False),
        left_catch_all=fm.get("left_catch_all", ""),
        right_catch_all=fm.get("right_catch_all", ""),
        notes=fm.get("notes", ""),
        position=position,
        calculated_value=CalculatedValueSnap(
            kind=calculated["kind"],
            value=calculated["value"],
            condition=calculated.get("condition", ""),
        )
        if calculated
        else None,
        enum_pairs=tuple(
            EnumPairSnap(p["left"], p["right"], i) for i, p in enumerate(fm.get("enum_pairs", []))
        ),
    )


def _server_snap(s: dict) -> SyncServerSnap:
    return SyncServerSnap(
        name=s["name"],
        description=s.get("description", ""),
        host=s.get("host", ""),
        operating_system=s.get("operating_system", "linux"),
        time_zone=s.get("time_zone", "UTC"),
        expiry_warning_days=s.get("expiry_warning_days", 30),
        test_environment=s.get("test_environment", ""),
        backup_procedure=s.get("backup_procedure", ""),
        operations=tuple(_operations_snap(o) for o in s.get("operations", [])),
    )


def _operations_snap(o: dict) -> OperationsItemSnap:
    return OperationsItemSnap(
        kind=o["kind"],
        key=o["key"],
        name=o["name"],
        owner=o.get("owner", ""),
        description=o.get("description", ""),
        skill_area=o.get("skill_area", ""),
        product_key=o.get("product_key", ""),
        expires_on=date.fromisoformat(o["expires_on"]) if o.get("expires_on") else None,
        is_database_purge=o.get("is_database_purge", False),
        command=o.get("command", ""),
        frequency=o.get("frequency", ""),
        weekdays=tuple(o.get("weekdays", ())),
        day_of_month=o.get("day_of_month"),
        at_time=time.fromisoformat(o["at_time"]) if o.get("at_time") else None,
        time_zone=o.get("time_zone", ""),
    )


# ---------------------------------------------------------------------------------------------
# Document -> database


def import_document(doc, *, user, name: str | None = None, own_export: bool = False):
    """Create a new plan from ``doc`` (all or nothing); ``user`` becomes its owner. Raises
    DocumentRejected with every problem when the document is not valid. ``own_export`` says the
    document was just written by ``plan_document`` in this process (a clone), so the schema
    pass is skipped."""
    from connections.models import Product
    from planner.services.changes import content_change

    problems = validate_document(doc, schema=not own_export)
    if problems:
        raise DocumentRejected(problems)
    snapshot = snapshot_from_document(doc)

    wanted = {e.product for e in snapshot.endpoints if e.product}
    products = {p.key: p for p in Product.objects.filter(key__in=wanted)}
    missing = [
        f"{pointer('endpoints', i, 'product')}: no product {_show(e.product)} in this "
        "installation's catalog"
        for i, e in enumerate(snapshot.endpoints)
        if e.product and e.product not in products
    ]
    if missing:
        raise DocumentRejected(missing)

    try:
        with cyclic_gc_paused(), content_change(user=user):
            return _write_plan(snapshot, products, user=user, name=name)
    except (IntegrityError, DataError) as exc:
        # The checks above mirror the database's constraints; should one slip through, the
        # transaction is rolled back and the document refused, never half imported.
        raise DocumentRejected([f"/: the database refused the document: {exc}"]) from exc


def _write_plan(snapshot: PlanSnapshot, products: dict, *, user, name: str | None):
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
    from planner.models import (
        Acknowledgement,
        Membership,
        OperationsItem,
        Plan,
        Role,
        SyncServer,
        UseCaseAnswer,
    )
    from planner.services.changes import record_change

    batch = 2000
    plan = Plan.objects.create(
        name=name or snapshot.name,
        description=snapshot.description,
        sync_server=_sync_server_for(snapshot.sync_server, SyncServer, OperationsItem, user),
        created_by=user,
    )
    Membership.objects.create(plan=plan, user=user, role=Role.OWNER)

    # Endpoints and their schema.
    endpoints = Endpoint.objects.bulk_create(
        [
            Endpoint(
                plan=plan,
                product=products.get(e.product),
                **{k: getattr(e, k) for k in _ENDPOINT_ATTRS},
            )
            for e in snapshot.endpoints
        ],
        batch_size=batch,
    )
    endpoint_of = {e.key: obj for e, obj in zip(snapshot.endpoints, endpoints, strict=True)}
    project_of, type_of, field_of, value_of = {}, {}, {}, {}

    project_rows, type_rows, user_rows = [], [], []
    for e in snapshot.endpoints:
        ep = endpoint_of[e.key]
        for p in e.projects:
            project_rows.append(((e.key, p.key), Project(endpoint=ep, key=p.key, name=p.name)))
        for t in e.types:
            type_rows.append(
                ((e.key, t.key), ItemType(endpoint=ep, **{k: getattr(t, k) for k in _TYPE_ATTRS},
                                          states=list(t.states),
                                          transitions=[list(x) for x in t.transitions],
                                          date_window_fields=list(t.date_window_fields)))
            )  # fmt: skip
        for u in e.users:
            user_rows.append(
                EndpointUser(
                    endpoint=ep,
                    username=u.username,
                    full_name=u.full_name,
                    email=u.email,
                    account_id=u.account_id,
                    active=u.active,
                )
            )
    Project.objects.bulk_create([obj for _, obj in project_rows], batch_size=batch)
    project_of = dict(project_rows)
    ItemType.objects.bulk_create([obj for _, obj in type_rows], batch_size=batch)
    type_of = dict(type_rows)
    EndpointUser.objects.bulk_create(user_rows, batch_size=batch)

    field_rows = []
    for e in snapshot.endpoints:
        for t in e.types:
            for f in t.fields:
                field_rows.append(
                    ((e.key, t.key, f.key), Field(item_type=type_of[e.key, t.key],
                                                  relationship_targets=list(f.relationship_targets),
                                                  **{k: getattr(f, k) for k in _FIELD_ATTRS}))
                )  # fmt: skip
    Field.objects.bulk_create([obj for _, obj in field_rows], batch_size=batch)
    field_of = dict(field_rows)

    value_rows = []
    for e in snapshot.endpoints:
        for t in e.types:
            for f in t.fields:
                fld = field_of[e.key, t.key, f.key]
                for v in f.values:
                    value_rows.append(
                        ((e.key, t.key, f.key, v.label), EnumValue(field=fld, label=v.label,
                                                                    position=v.position,
                                                                    active=v.active,
                                                                    removed=v.removed))
                    )  # fmt: skip
    EnumValue.objects.bulk_create([obj for _, obj in value_rows], batch_size=batch)
    value_of = dict(value_rows)

    # Connections and their mappings.
    connections = Connection.objects.bulk_create(
        [
            Connection(
                plan=plan,
                key=c.key,
                name=c.name,
                left=endpoint_of[c.left],
                right=endpoint_of[c.right],
                conflict_policy=c.conflict_policy,
                items_exist_in_both=c.items_exist_in_both,
            )
            for c in snapshot.connections
        ],
        batch_size=batch,
    )
    connection_of = dict(zip([c.key for c in snapshot.connections], connections, strict=True))

    ProjectPair.objects.bulk_create(
        [
            ProjectPair(
                connection=connection_of[c.key],
                left_project=project_of[c.left, left],
                right_project=project_of[c.right, right],
            )
            for c in snapshot.connections
            for left, right in c.project_pairs
        ],
        batch_size=batch,
    )

    tm_rows = []
    for c in snapshot.connections:
        for tm in c.type_mappings:
            tm_rows.append(
                (c, tm, TypeMapping(
                    connection=connection_of[c.key],
                    left_type=type_of[c.left, tm.left_type],
                    right_type=type_of[c.right, tm.right_type],
                    direction=tm.direction, system_of_record=tm.system_of_record, scope=tm.scope,
                    conflict_policy=tm.conflict_policy, creators=tm.creators,
                    other_side_may_update=tm.other_side_may_update, position=tm.position,
                ))
            )  # fmt: skip
    TypeMapping.objects.bulk_create([obj for *_, obj in tm_rows], batch_size=batch)

    def field_ref(c, tm, side, key):
        if key is None:
            return None
        endpoint, type_key = (c.left, tm.left_type) if side == "left" else (c.right, tm.right_type)
        return field_of[endpoint, type_key, key]

    def value_ref(c, tm, side, field_key, label):
        if not label:
            return None
        endpoint, type_key = (c.left, tm.left_type) if side == "left" else (c.right, tm.right_type)
        return value_of[endpoint, type_key, field_key, label]

    fm_rows, rule_rows, matching_rows = [], [], []
    for c, tm, tm_obj in tm_rows:
        for fm in tm.field_mappings:
            fm_rows.append(
                (c, tm, fm, FieldMapping(
                    type_mapping=tm_obj,
                    left_field=field_ref(c, tm, "left", fm.left_field),
                    right_field=field_ref(c, tm, "right", fm.right_field),
                    direction=fm.direction, conflict_policy=fm.conflict_policy,
                    on_creation_only=fm.on_creation_only,
                    left_catch_all=value_ref(c, tm, "left", fm.left_field, fm.left_catch_all),
                    right_catch_all=value_ref(c, tm, "right", fm.right_field, fm.right_catch_all),
                    notes=fm.notes, position=fm.position,
                ))
            )  # fmt: skip
        for rule in tm.relationship_rules:
            own, other = (c.left, c.right) if rule.side == "left" else (c.right, c.left)
            target = None
            if rule.target_type:
                target = type_of.get((own, rule.target_type)) or type_of.get(
                    (other, rule.target_type)
                )
            rule_rows.append(
                RelationshipRule(
                    type_mapping=tm_obj,
                    field=field_ref(c, tm, rule.side, rule.field),
                    target_type=target,
                    resolution=rule.resolution,
                    rule=rule.rule,
                )
            )
        for m in tm.existing_item_matchings:
            matching_rows.append(
                ExistingItemMatching(
                    type_mapping=tm_obj,
                    left_field=field_ref(c, tm, "left", m.left_field),
                    right_field=field_ref(c, tm, "right", m.right_field),
                    notes=m.notes,
                )
            )
    FieldMapping.objects.bulk_create([obj for *_, obj in fm_rows], batch_size=batch)
    RelationshipRule.objects.bulk_create(rule_rows, batch_size=batch)
    ExistingItemMatching.objects.bulk_create(matching_rows, batch_size=batch)

    calculated_rows, pair_rows = [], []
    for c, tm, fm, fm_obj in fm_rows:
        if fm.calculated_value is not None:
            cv = fm.calculated_value
            calculated_rows.append(
                CalculatedValue(
                    field_mapping=fm_obj, kind=cv.kind, condition=cv.condition, value=cv.value
                )
            )
        for pair in fm.enum_pairs:
            pair_rows.append(
                EnumPair(
                    field_mapping=fm_obj,
                    left_value=value_ref(c, tm, "left", fm.left_field, pair.left),
                    right_value=value_ref(c, tm, "right", fm.right_field, pair.right),
                    position=pair.position,
                )
            )
    CalculatedValue.objects.bulk_create(calculated_rows, batch_size=batch)
    EnumPair.objects.bulk_create(pair_rows, batch_size=batch)

    user_maps = [(c, UserMap(connection=connection_of[c.key], strategy=c.user_map.strategy,
                             left_default_user=c.user_map.left_default_user,
                             right_default_user=c.user_map.right_default_user))
                 for c in snapshot.connections if c.user_map is not None]  # fmt: skip
    UserMap.objects.bulk_create([obj for _, obj in user_maps], batch_size=batch)
    UserMapEntry.objects.bulk_create(
        [
            UserMapEntry(user_map=obj, left_username=e.left, right_username=e.right)
            for c, obj in user_maps
            for e in c.user_map.entries
        ],
        batch_size=batch,
    )
    UseCaseAnswer.objects.bulk_create(
        [
            UseCaseAnswer(connection=connection_of[c.key], question=a.question, text=a.text,
                          data=a.data)
            for c in snapshot.connections
            for a in c.answers
        ],
        batch_size=batch,
    )  # fmt: skip
    Acknowledgement.objects.bulk_create(
        [
            Acknowledgement(plan=plan, code=a.code, subject=a.subject, fingerprint=a.fingerprint,
                            reason=a.reason, acknowledged_by=a.acknowledged_by)
            for a in snapshot.acknowledgements
        ],
        batch_size=batch,
    )  # fmt: skip
    record_change(plan, user, "plan.import", subject="plan", after={"name": plan.name})
    return plan


_ENDPOINT_ATTRS = (
    "key", "name", "base_url", "user_representation", "user_directory_complete",
    "api_enforces_workflow", "integration_can_override_workflow", "allows_impersonation",
    "integration_account", "auth_method", "account_locale", "account_role", "account_permissions",
    "network_path", "proxy_host", "proxy_port", "certificate_trust", "notes",
)  # fmt: skip
_TYPE_ATTRS = (
    "key", "label", "workflow_state_field", "parent_type", "parent_field", "parent_immutable",
    "removed", "position",
)  # fmt: skip
_FIELD_ATTRS = (
    "key", "label", "data_type", "required", "read_only", "create_only", "system_generated",
    "has_default", "default_value", "max_length", "precision", "addon_type", "not_supported",
    "user_settable", "removed", "position",
)  # fmt: skip
_OPERATIONS_ATTRS = (
    "kind", "key", "name", "owner", "description", "skill_area", "product_key", "expires_on",
    "is_database_purge", "command", "frequency", "day_of_month", "at_time", "time_zone",
)  # fmt: skip


def _sync_server_for(server: SyncServerSnap | None, SyncServer, OperationsItem, user):  # noqa: N803
    """The sync server of that name ``user`` may attach, or a new one with the document's
    register.

    A sync server and its operations register are shared by every plan that runs on it, so an
    import links to a server of the same name the importer may already attach, and leaves its
    register alone rather than overwriting what other plans rely on. Another team's server of
    that name is never reached: the import gets a server of its own."""
    from planner.access import servers_visible_to

    if server is None:
        return None
    existing = servers_visible_to(user).filter(name=server.name).order_by("pk").first()
    if existing is not None:
        return existing
    created = SyncServer.objects.create(
        name=server.name,
        description=server.description,
        host=server.host,
        operating_system=server.operating_system,
        time_zone=server.time_zone,
        expiry_warning_days=server.expiry_warning_days,
        test_environment=server.test_environment,
        backup_procedure=server.backup_procedure,
    )
    OperationsItem.objects.bulk_create(
        [
            OperationsItem(
                sync_server=created,
                weekdays=list(o.weekdays),
                **{k: getattr(o, k) for k in _OPERATIONS_ATTRS},
            )
            for o in server.operations
        ]
    )
    return created
