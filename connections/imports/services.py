"""Importing a product's schema into an endpoint: preview the diff, then apply it.

The only writer of imported schemas. ``preview_import`` reads the endpoint's current schema and
what the plan's mappings refer to (a fixed number of queries) and returns the ``SchemaDiff``;
``apply_import`` recomputes it under a row lock and applies exactly it in one transaction with
bulk operations, recording one audit event. See connections/importers/schema_diff.py for the
rules (removed-but-referenced rows are kept and marked ``removed``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Q

from connections.importers.schema import (
    ImportedField,
    ImportedSchema,
    ImportedType,
    ImportedUser,
    ImportedValue,
)
from connections.importers.schema_diff import (
    FIELD_ATTRIBUTES,
    CurrentState,
    References,
    SchemaDiff,
    compute_diff,
)
from connections.imports.bulk import insert_rows, update_rows
from connections.models import (
    Endpoint,
    EndpointUser,
    EnumPair,
    EnumValue,
    ExistingItemMatching,
    Field,
    FieldMapping,
    ItemType,
    RelationshipRule,
    TypeMapping,
)
from core.changes import write_boundary
from facts import subjects

USER_ATTRIBUTES = ("username", "full_name", "email", "account_id", "active")


@dataclass
class _Loaded:
    """The endpoint's rows by key, with their ids, as the diff and the apply step need them."""

    state: CurrentState
    refs: References
    type_ids: dict[str, int]
    type_rows: dict[str, dict]
    field_ids: dict[tuple[str, str], int]
    field_rows: dict[tuple[str, str], dict]
    value_ids: dict[tuple[str, str, str], int]
    value_rows: dict[tuple[str, str, str], dict]
    user_ids: dict[str, int]


def _load(endpoint: Endpoint) -> _Loaded:
    type_rows = list(
        ItemType.objects.filter(endpoint=endpoint).values(
            "id",
            "key",
            "label",
            "states",
            "transitions",
            "workflow_state_field",
            "removed",
            "position",
        )
    )
    type_key = {row["id"]: row["key"] for row in type_rows}
    field_rows = list(
        Field.objects.filter(item_type__endpoint=endpoint).values(
            "id", "item_type_id", "key", "removed", "position", *FIELD_ATTRIBUTES
        )
    )
    field_key = {row["id"]: (type_key[row["item_type_id"]], row["key"]) for row in field_rows}
    value_rows = list(
        EnumValue.objects.filter(field__item_type__endpoint=endpoint).values(
            "id", "field_id", "label", "active", "removed", "position"
        )
    )
    values_by_field: dict[int, list[dict]] = defaultdict(list)
    for row in value_rows:
        values_by_field[row["field_id"]].append(row)
    fields_by_type: dict[int, list[dict]] = defaultdict(list)
    for row in field_rows:
        fields_by_type[row["item_type_id"]].append(row)
    types = []
    for row in type_rows:
        fields = []
        for f in sorted(fields_by_type[row["id"]], key=lambda r: (r["position"], r["key"])):
            values = tuple(
                ImportedValue(v["label"], v["active"])
                for v in sorted(values_by_field[f["id"]], key=lambda r: (r["position"], r["label"]))
            )
            attrs = {a: f[a] for a in FIELD_ATTRIBUTES}
            attrs["relationship_targets"] = tuple(attrs["relationship_targets"] or ())
            fields.append(ImportedField(key=f["key"], values=values, **attrs))
        types.append(
            ImportedType(
                key=row["key"],
                label=row["label"],
                fields=tuple(fields),
                states=tuple(row["states"] or ()),
                transitions=tuple(tuple(t) for t in row["transitions"] or ()),
                workflow_state_field=row["workflow_state_field"],
            )
        )
    users = list(EndpointUser.objects.filter(endpoint=endpoint).values("id", *USER_ATTRIBUTES))
    state = CurrentState(
        schema=ImportedSchema(
            product="",
            types=tuple(types),
            users=tuple(ImportedUser(**{k: u[k] for k in USER_ATTRIBUTES}) for u in users),
        ),
        removed_types=frozenset(r["key"] for r in type_rows if r["removed"]),
        removed_fields=frozenset(field_key[r["id"]] for r in field_rows if r["removed"]),
        removed_values=frozenset(
            (*field_key[r["field_id"]], r["label"]) for r in value_rows if r["removed"]
        ),
    )
    value_key = {r["id"]: (*field_key[r["field_id"]], r["label"]) for r in value_rows}
    return _Loaded(
        state=state,
        refs=_references(endpoint, type_key, field_key, value_key),
        type_ids={r["key"]: r["id"] for r in type_rows},
        type_rows={r["key"]: r for r in type_rows},
        field_ids={k: i for i, k in field_key.items()},
        field_rows={field_key[r["id"]]: r for r in field_rows},
        value_ids={k: i for i, k in value_key.items()},
        value_rows={value_key[r["id"]]: r for r in value_rows},
        user_ids={u["username"]: u["id"] for u in users},
    )


def _references(endpoint, type_key, field_key, value_key) -> References:
    """What the plan's mappings refer to in ``endpoint`` (a fixed number of queries)."""
    types: dict = defaultdict(list)
    fields: dict = defaultdict(list)
    values: dict = defaultdict(list)
    field_mappings: dict = defaultdict(list)
    enum_pairs: dict = defaultdict(list)
    for tm_id, connection, left, right in TypeMapping.objects.filter(
        Q(left_type__endpoint=endpoint) | Q(right_type__endpoint=endpoint)
    ).values_list("id", "connection__key", "left_type_id", "right_type_id"):
        for type_id in (left, right):
            if type_id in type_key:
                types[type_key[type_id]].append(f"type mapping {connection}#{tm_id}")
    for rule_field, target, connection in RelationshipRule.objects.filter(
        Q(field__item_type__endpoint=endpoint) | Q(target_type__endpoint=endpoint)
    ).values_list("field_id", "target_type_id", "type_mapping__connection__key"):
        if rule_field in field_key:
            fields[field_key[rule_field]].append(f"relationship rule in {connection}")
        if target in type_key:
            types[type_key[target]].append(f"relationship rule in {connection}")
    for left, right, connection in ExistingItemMatching.objects.filter(
        Q(left_field__item_type__endpoint=endpoint) | Q(right_field__item_type__endpoint=endpoint)
    ).values_list("left_field_id", "right_field_id", "type_mapping__connection__key"):
        for field_id in (left, right):
            if field_id in field_key:
                fields[field_key[field_id]].append(f"existing-item matching in {connection}")
    mappings = FieldMapping.objects.filter(
        Q(left_field__item_type__endpoint=endpoint) | Q(right_field__item_type__endpoint=endpoint)
    ).values_list(
        "id",
        "type_mapping__connection__key",
        "left_field__item_type__key",
        "left_field__key",
        "right_field__item_type__key",
        "right_field__key",
        "left_field_id",
        "right_field_id",
        "left_catch_all_id",
        "right_catch_all_id",
    )
    for fm_id, connection, lt, lf, rt, rf, left, right, left_catch, right_catch in mappings:
        name = f"field mapping #{fm_id} in {connection}: {lt or ''}.{lf or '(calculated)'} ↔ {rt or ''}.{rf or '(calculated)'}"
        for field_id in (left, right):
            if field_id in field_key:
                fields[field_key[field_id]].append(name)
                field_mappings[field_key[field_id]].append(name)
        for value_id in (left_catch, right_catch):
            if value_id in value_key:
                values[value_key[value_id]].append(f"catch-all of {name}")
    pairs = EnumPair.objects.filter(
        Q(left_value__field__item_type__endpoint=endpoint)
        | Q(right_value__field__item_type__endpoint=endpoint)
    ).values_list(
        "id",
        "left_value_id",
        "right_value_id",
        "left_value__label",
        "right_value__label",
        "field_mapping__type_mapping__connection__key",
    )
    for pair_id, left, right, left_label, right_label, connection in pairs:
        name = f"enum pair #{pair_id} in {connection}: {left_label} ↔ {right_label}"
        for value_id in (left, right):
            if value_id in value_key:
                values[value_key[value_id]].append(name)
                enum_pairs[value_key[value_id]].append(name)
    freeze = lambda d: {k: tuple(dict.fromkeys(v)) for k, v in d.items()}  # noqa: E731
    return References(
        types=freeze(types),
        fields=freeze(fields),
        values=freeze(values),
        field_mappings=freeze(field_mappings),
        enum_pairs=freeze(enum_pairs),
    )


# Words in a catalog product's key or name that tell its family (Octane before ALM: "ALM Octane").
_FAMILIES = (
    ("octane", ("octane",)),
    ("jira", ("jira",)),
    ("ado", ("azure", "devops", "ado", "tfs")),
    ("servicenow", ("servicenow", "service-now", "snow")),
    ("alm", ("alm", "quality center", "quality-center", "qc")),
)


def product_mismatch(endpoint: Endpoint, schema: ImportedSchema) -> str:
    """A warning when the documents come from another product than the endpoint's, or ""."""
    product = endpoint.product
    if product is None or schema.product in ("", "tabular"):
        return ""
    words = f"{product.key} {product.name}".lower()
    family = next((f for f, hints in _FAMILIES if any(h in words for h in hints)), "")
    if family and family != schema.product:
        return f"these documents come from another product than the endpoint's ({product.name})"
    return ""


def _diff(
    endpoint: Endpoint, schema: ImportedSchema, loaded: _Loaded, confirm_removals: bool = False
) -> SchemaDiff:
    diff = compute_diff(loaded.state, schema, loaded.refs, confirm_removals=confirm_removals)
    if warning := product_mismatch(endpoint, schema):
        diff.warnings.insert(0, warning)
    return diff


def preview_import(endpoint: Endpoint, schema: ImportedSchema) -> SchemaDiff:
    """What importing ``schema`` into ``endpoint`` would change; changes nothing. Removals and
    weakenings are in ``diff.held``: applied only with the removal confirmation."""
    return _diff(endpoint, schema, _load(endpoint))


@write_boundary
def apply_import(
    endpoint: Endpoint,
    schema: ImportedSchema,
    *,
    user=None,
    source: str = "",
    confirm_removals: bool = False,
) -> SchemaDiff:
    """Apply ``schema`` to ``endpoint`` (all or nothing) and return the diff that was applied.
    Removals and weakenings (see schema_diff) are applied only with ``confirm_removals``."""
    from core.changes import record_change

    # One import at a time per endpoint: the diff is computed against what is really there.
    Endpoint.objects.select_for_update().filter(pk=endpoint.pk).first()
    loaded = _load(endpoint)
    diff = _diff(endpoint, schema, loaded, confirm_removals)
    if schema.types:
        _apply_types(endpoint, schema, diff, loaded)
    if schema.users:
        _apply_users(endpoint, schema, diff, loaded)
    changes = diff.summary()
    if diff.held is not None:
        changes["held_back"] = sum(diff.held.summary().values())
    record_change(
        endpoint.plan,
        user,
        "endpoint.schema_import",
        subjects.endpoint(endpoint.key),
        after={"product": schema.product, "source": source[:500], "changes": changes},
    )
    return diff


def _positions(keys: list[str], current: dict[str, int], complete: bool) -> dict[str, int]:
    """Positions of the listed ``keys``: their order when the listing is complete; otherwise
    the rows already there keep theirs and new ones follow the last."""
    if complete:
        return {key: position for position, key in enumerate(keys)}
    positions = {key: current[key] for key in keys if key in current}
    after = max(current.values(), default=-1) + 1
    for key in keys:
        if key not in positions:
            positions[key] = after
            after += 1
    return positions


def _apply_types(endpoint: Endpoint, schema: ImportedSchema, diff: SchemaDiff, loaded: _Loaded):
    # Deletions first (cascades take fields and values), then markings, then upserts.
    delete_types = [loaded.type_ids[r.key[0]] for r in diff.types_removed if not r.kept]
    mark_types = [loaded.type_ids[r.key[0]] for r in diff.types_removed if r.kept]
    delete_fields = [loaded.field_ids[r.key] for r in diff.fields_removed if not r.kept]
    mark_fields = [loaded.field_ids[r.key] for r in diff.fields_removed if r.kept]
    delete_values = [loaded.value_ids[r.key] for r in diff.values_removed if not r.kept]
    mark_values = [loaded.value_ids[r.key] for r in diff.values_removed if r.kept]
    EnumValue.objects.filter(id__in=delete_values).delete()
    Field.objects.filter(id__in=delete_fields).delete()
    ItemType.objects.filter(id__in=delete_types).delete()
    # Changed rows get a new lock_version: an editor's stale copy of them must be refused.
    bump = {"removed": True, "lock_version": F("lock_version") + 1}
    EnumValue.objects.filter(id__in=mark_values).update(**bump)
    Field.objects.filter(id__in=mark_fields).update(**bump)
    ItemType.objects.filter(id__in=mark_types).update(**bump)

    state_types = {t.key: t for t in loaded.state.schema.types}
    types = list(diff.effective.values())
    type_positions = _positions(
        [t.key for t in types],
        {key: row["position"] for key, row in loaded.type_rows.items()},
        schema.types_complete,
    )
    new_types, changed_types = [], []
    for t in types:
        old = state_types.get(t.key)
        row = {
            "label": t.label,
            "position": type_positions[t.key],
            "removed": False,
            "states": list(t.states or (old.states if old else ())),
            "transitions": [list(p) for p in (t.transitions or (old.transitions if old else ()))],
            "workflow_state_field": t.workflow_state_field
            or (old.workflow_state_field if old else ""),
        }
        if old is None:
            new_types.append({"endpoint_id": endpoint.pk, "key": t.key, **row})
        else:
            current = loaded.type_rows[t.key]
            if any(current[name] != value for name, value in row.items()):
                changed_types.append({"id": current["id"], **row})
    for row, type_id in zip(new_types, insert_rows(ItemType, new_types), strict=True):
        loaded.type_ids[row["key"]] = type_id
    update_rows(
        ItemType,
        ["label", "position", "removed", "states", "transitions", "workflow_state_field"],
        changed_types,
    )

    new_fields, new_field_keys, changed_fields = [], [], []
    positions_by_type: dict[str, dict[str, int]] = defaultdict(dict)
    for (type_key, field_key), row in loaded.field_rows.items():
        positions_by_type[type_key][field_key] = row["position"]
    for t in types:
        if not t.fields_known:
            continue
        field_positions = _positions(
            [f.key for f in t.fields],
            positions_by_type[t.key],
            t.fields_complete,
        )
        for f in t.fields:
            position = field_positions[f.key]
            attrs = {name: getattr(f, name) for name in FIELD_ATTRIBUTES}
            attrs["data_type"] = str(f.data_type)
            attrs["relationship_targets"] = list(f.relationship_targets)
            field_id = loaded.field_ids.get((t.key, f.key))
            if field_id is None:
                new_fields.append(
                    {
                        "item_type_id": loaded.type_ids[t.key],
                        "key": f.key,
                        "position": position,
                        **attrs,
                    }
                )
                new_field_keys.append((t.key, f.key))
                continue
            row = loaded.field_rows[(t.key, f.key)]
            current = {name: row[name] for name in FIELD_ATTRIBUTES}
            current["relationship_targets"] = list(current["relationship_targets"] or [])
            if current != attrs or row["removed"] or row["position"] != position:
                changed_fields.append(
                    {"id": field_id, "position": position, "removed": False, **attrs}
                )
    for key, field_id in zip(new_field_keys, insert_rows(Field, new_fields), strict=True):
        loaded.field_ids[key] = field_id
    update_rows(Field, ["position", "removed", *FIELD_ATTRIBUTES], changed_fields)

    # Only the value lists the documents state are written; within one, only the values they
    # list (the others, held back or already marked removed, stay exactly as they are).
    listed = {
        (t.key, f.key): {v.label for v in f.values}
        for t in schema.types
        if t.fields_known
        for f in t.fields
        if f.says("values")
    }
    new_values, changed_values = [], []
    for t in types:
        if not t.fields_known:
            continue
        for f in t.fields:
            labels = listed.get((t.key, f.key))
            if labels is None:
                continue
            field_id = loaded.field_ids[(t.key, f.key)]
            for position, v in enumerate(f.values):
                if v.label not in labels:
                    continue
                row = loaded.value_rows.get((t.key, f.key, v.label))
                if row is None:
                    new_values.append(
                        {
                            "field_id": field_id,
                            "label": v.label,
                            "position": position,
                            "active": v.active,
                        }
                    )
                elif row["active"] != v.active or row["removed"] or row["position"] != position:
                    changed_values.append(
                        {
                            "id": row["id"],
                            "position": position,
                            "active": v.active,
                            "removed": False,
                        }
                    )
    insert_rows(EnumValue, new_values)
    update_rows(EnumValue, ["position", "active", "removed"], changed_values)


def _apply_users(endpoint: Endpoint, schema: ImportedSchema, diff: SchemaDiff, loaded: _Loaded):
    # Only confirmed removals are in diff.users_removed (held back otherwise).
    EndpointUser.objects.filter(endpoint=endpoint, username__in=diff.users_removed).delete()
    current = {u.username: u for u in loaded.state.schema.users}
    new_users, changed_users = [], []
    for u in schema.users:
        attrs = {
            "full_name": u.full_name,
            "email": u.email,
            "account_id": u.account_id,
            "active": u.active,
        }
        if u.username not in current:
            new_users.append({"endpoint_id": endpoint.pk, "username": u.username, **attrs})
        elif current[u.username] != u:
            changed_users.append({"id": loaded.user_ids[u.username], **attrs})
    insert_rows(EndpointUser, new_users)
    update_rows(EndpointUser, ["full_name", "email", "account_id", "active"], changed_users)
