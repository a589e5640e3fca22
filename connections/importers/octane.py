"""ALM Octane: ``metadata/entities``, ``metadata/fields``, list nodes, phases and workspace users.

Every Octane response is ``{total_count, data: [...]}``; each item's ``type`` says what it is
(``entity_metadata``, ``field_metadata``, ``list_node``, ``phase``, ``workspace_user``), so one
import may mix them. Fields belong to the entity named by ``entity_name``.

``FIELD_TYPES`` maps ``field_type``; a ``reference`` is classified by its targets
(``REFERENCE_TARGETS``): to ``list_node`` an enum (its values: the list nodes under the target's
``logical_name``), to users a user field, to anything else a relationship with those targets;
``field_type_data.multiple`` makes it multi-valued.
"""

from __future__ import annotations

from facts.datatypes import DataType

from .documents import Reader
from .schema import ImportedField, ImportedSchema, ImportedType, ImportedUser, ImportedValue

D = DataType
FIELD_TYPES: dict[str, DataType] = {
    "string": D.STRING,
    "memo": D.RICH_TEXT,
    "integer": D.INTEGER,
    "float": D.FLOAT,
    "boolean": D.BOOLEAN,
    "date": D.DATE,
    "date_time": D.DATETIME,
}
# (single, multiple) data type of a reference by its target entity.
REFERENCE_TARGETS: dict[str, tuple[DataType, DataType]] = {
    "list_node": (D.ENUM, D.MULTI_ENUM),
    "phase": (D.ENUM, D.MULTI_ENUM),
    "workspace_user": (D.USER, D.MULTI_USER),
    "team": (D.ENUM, D.MULTI_ENUM),
}


def build(documents: list[tuple[str, str, object]], type_hint: str = "") -> ImportedSchema:
    entities: dict[str, str] = {}
    field_rows: list[tuple[Reader, dict, str]] = []
    nodes: list[tuple[str, str]] = []  # (list logical name, value)
    phases: dict[str, list[str]] = {}
    users: list[ImportedUser] = []
    for name, _kind, data in documents:
        read = Reader(name)
        body = read.obj(data, "$")
        for i, item in enumerate(read.objects(body.get("data"), "$.data")):
            path = f"$.data[{i}]"
            kind = read.text(item, "type", path)
            if kind == "entity_metadata":
                key = read.key(item, "name", path)
                entities[key] = read.text(item, "label", path) or key
            elif kind == "field_metadata":
                field_rows.append((read, item, path))
            elif kind == "list_node":
                label = read.key(item, "name", path)
                root = item.get("list_root")
                root_name = ""
                if isinstance(root, dict):
                    root_name = read.text(root, "logical_name", f"{path}.list_root")
                logical = read.text(item, "logical_name", path)
                if not root_name and "." in logical.removeprefix("list_node."):
                    root_name = logical.rsplit(".", 1)[0]
                if root_name and logical != root_name:
                    nodes.append((root_name, label))
            elif kind == "phase":
                entity = item.get("entity")
                entity = (
                    read.text(entity, "type", f"{path}.entity")
                    if isinstance(entity, dict)
                    else str(entity or "")
                )
                if entity:
                    phases.setdefault(entity, []).append(read.key(item, "name", path))
            elif kind == "workspace_user":
                users.append(
                    ImportedUser(
                        username=read.key(item, "name", path),
                        full_name=read.text(item, "full_name", path),
                        email=read.text(item, "email", path),
                        account_id=read.text(item, "id", path),
                        active=read.text(item, "activity_level", path, "0") in ("0", ""),
                    )
                )
            else:
                read.fail(
                    f"an Octane item of type {kind!r}, which this importer does not read",
                    f"{path}.type",
                )
    values_by_list: dict[str, list[str]] = {}
    for root_name, label in nodes:
        values_by_list.setdefault(root_name, []).append(label)
    fields_by_entity: dict[str, list[ImportedField]] = {}
    for read, item, path in field_rows:
        entity = read.key(item, "entity_name", path)
        fields_by_entity.setdefault(entity, []).append(
            _field(read, item, path, values_by_list, phases.get(entity, []))
        )
    types = []
    for key in dict.fromkeys([*entities, *fields_by_entity, *phases]):
        types.append(
            ImportedType(
                key=key,
                label=entities.get(key) or key.replace("_", " ").capitalize(),
                fields=tuple(fields_by_entity.get(key, [])),
                fields_known=key in fields_by_entity,
                states=tuple(phases.get(key, [])),
                workflow_state_field="phase" if key in phases else "",
            )
        )
    # metadata/entities lists every entity of the workspace: the others may be marked removed.
    return ImportedSchema(
        product="octane", types=tuple(types), users=tuple(users), types_complete=bool(entities)
    )


def _field(read: Reader, item: dict, path: str, values_by_list, phases) -> ImportedField:
    raw = read.text(item, "field_type", path)
    data_type = FIELD_TYPES.get(raw, D.ADDON)
    targets: list[str] = []
    values: list[str] = []
    type_data = item.get("field_type_data")
    if raw == "reference":
        type_data = read.obj(type_data or {}, f"{path}.field_type_data")
        multiple = read.flag(type_data, "multiple", f"{path}.field_type_data")
        target_rows = read.objects(
            type_data.get("targets") or [], f"{path}.field_type_data.targets"
        )
        target_types = [
            read.text(t, "type", f"{path}.field_type_data.targets") for t in target_rows
        ]
        known = [REFERENCE_TARGETS[t] for t in target_types if t in REFERENCE_TARGETS]
        if known and len(known) == len(target_types):
            data_type = known[0][1 if multiple else 0]
            for t in target_rows:
                logical = read.text(t, "logical_name", f"{path}.field_type_data.targets")
                values.extend(values_by_list.get(logical, []))
            if "phase" in target_types:
                values.extend(phases)
        else:
            data_type = D.MULTI_RELATIONSHIP if multiple else D.RELATIONSHIP
            targets = [t for t in target_types if t]
    editable = read.flag(item, "editable", path, default=True)
    user_defined = read.flag(item, "is_user_defined", path)
    max_length = read.number(item, "max_length", path)
    return ImportedField(
        key=read.key(item, "name", path),
        label=read.text(item, "label", path),
        data_type=data_type,
        required=read.flag(item, "required", path),
        read_only=not editable,
        system_generated=not editable and not user_defined,
        relationship_targets=tuple(targets),
        max_length=max_length if max_length and max_length > 0 else None,
        addon_type=raw,
        values=tuple(ImportedValue(v) for v in values),
    )
