"""ALM/Quality Center: the customization fields resource and its used-lists, XML or JSON.

- ``GET .../customization/entities/{entity}/fields`` → ``<Fields><Field Name PhysicalName Label>
  <Type/><Required/><Editable/><List-Id/><Size/><System/><SupportsMultivalue/>...</Field></Fields>``
  (JSON: ``{"Fields": {"Field": [{"Name": ..., "Type": ...}]}}`` or ``{"Fields": [...]}``).
  The response does not name its entity: it comes from the type option, else from the file
  name (``...entities_defect_fields...``).
- ``GET .../customization/used-lists`` → ``<Lists><List><Id/><Name/><Items><Item value=.../>
  </Items></List></Lists>``: the values of the LookupList fields whose ``List-Id`` matches.

``FIELD_TYPES`` maps ``Type``; ``SupportsMultivalue`` makes a list or user field multi-valued.
Flags are text ("true"/"false").
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from facts.datatypes import DataType

from .documents import Reader
from .schema import ImportedField, ImportedSchema, ImportedType, ImportedValue, SchemaImportError

D = DataType
# (single, multi-value) data type by ALM ``Type``.
FIELD_TYPES: dict[str, tuple[DataType, DataType]] = {
    "String": (D.STRING, D.STRING),
    "Number": (D.INTEGER, D.INTEGER),
    "Date": (D.DATE, D.DATE),
    "DateTime": (D.DATETIME, D.DATETIME),
    "Memo": (D.RICH_TEXT, D.RICH_TEXT),
    "LookupList": (D.ENUM, D.MULTI_ENUM),
    "UsersList": (D.USER, D.MULTI_USER),
    "Reference": (D.RELATIONSHIP, D.MULTI_RELATIONSHIP),
}
_ENTITY_IN_NAME = re.compile(r"entities[_/]([a-z]+(?:-[a-z]+)*)[_/]", re.IGNORECASE)


def entity_from_name(name: str) -> str:
    match = _ENTITY_IN_NAME.search(name)
    return match.group(1).lower() if match else ""


def _rows_from_xml(root: Element) -> tuple[list[dict], list[dict]]:
    """(field rows, list rows) of an XML document, as the JSON variant spells them."""
    fields, lists = [], []
    field_elements = [root] if root.tag == "Field" else root.iter("Field")
    for element in field_elements:
        row: dict = dict(element.attrib)
        for child in element:
            row[child.tag] = (child.text or "").strip()
        fields.append(row)
    for element in root.iter("List"):
        row = {child.tag: (child.text or "").strip() for child in element if child.tag != "Items"}
        row["Items"] = [{"value": item.get("value", "")} for item in element.iter("Item")]
        lists.append(row)
    return fields, lists


def _rows_from_json(read: Reader, data) -> tuple[list[dict], list[dict]]:
    body = read.obj(data, "$")
    fields: list[dict] = []
    lists: list[dict] = []
    for key in ("Fields", "fields", "Field"):
        if key in body:
            value = body[key]
            if isinstance(value, dict):
                value = value.get("Field", [])
            fields = read.objects([value] if isinstance(value, dict) else value, f"$.{key}")
    for key in ("Lists", "lists", "List"):
        if key in body:
            value = body[key]
            if isinstance(value, dict):
                value = value.get("List", [])
            for i, row in enumerate(
                read.objects([value] if isinstance(value, dict) else value, f"$.{key}")
            ):
                items = row.get("Items") or []
                if isinstance(items, dict):
                    items = items.get("Item", [])
                row = {
                    **row,
                    "Items": read.objects(
                        [items] if isinstance(items, dict) else items, f"$.{key}[{i}].Items"
                    ),
                }
                lists.append(row)
    return fields, lists


def build(documents: list[tuple[str, str, object]], type_hint: str = "") -> ImportedSchema:
    lists: dict[str, list[str]] = {}
    field_docs: list[tuple[Reader, str, list[dict]]] = []
    for name, _kind, data in documents:
        read = Reader(name)
        fields, list_rows = (
            _rows_from_xml(data) if isinstance(data, Element) else _rows_from_json(read, data)
        )
        for i, row in enumerate(list_rows):
            list_id = read.key(row, "Id", f"List[{i}]")
            lists[list_id] = [
                read.text(item, "value", f"List[{i}].Items[{j}]")
                for j, item in enumerate(row["Items"])
            ]
        if fields:
            entity = type_hint or entity_from_name(name)
            if not entity:
                raise SchemaImportError(
                    "an ALM fields response does not name its entity; give the type (the --type "
                    "option, or the type box of the upload form), e.g. defect",
                    document=name,
                )
            field_docs.append((read, entity, fields))
    types: dict[str, list[ImportedField]] = {}
    warnings = []
    for read, entity, fields in field_docs:
        for i, row in enumerate(fields):
            imported = _field(read, row, f"Field[{i}]", lists)
            types.setdefault(entity, []).append(imported)
            list_id = row.get("List-Id")
            if (
                imported.data_type in (D.ENUM, D.MULTI_ENUM)
                and list_id
                and str(list_id) not in lists
            ):
                warnings.append(
                    f"{entity} / {imported.key}: list {list_id} is not among the imported used-lists; "
                    "import them with the fields for its values"
                )
    return ImportedSchema(
        product="alm",
        types=tuple(
            ImportedType(entity, entity.replace("-", " ").capitalize(), tuple(fields))
            for entity, fields in types.items()
        ),
        warnings=tuple(warnings),
    )


def _field(read: Reader, row: dict, path: str, lists) -> ImportedField:
    name = read.key(row, "Name", path)
    path = f"Field[{name}]"
    raw = read.text(row, "Type", path)
    multi = read.flag(row, "SupportsMultivalue", path)
    data_type = FIELD_TYPES[raw][1 if multi else 0] if raw in FIELD_TYPES else D.ADDON
    list_id = read.text(row, "List-Id", path)
    values = lists.get(list_id, []) if data_type in (D.ENUM, D.MULTI_ENUM) else []
    editable = read.flag(row, "Editable", path, default=True)
    system = read.flag(row, "System", path)
    size = read.number(row, "Size", path)
    return ImportedField(
        key=name,
        label=read.text(row, "Label", path) or name,
        data_type=data_type,
        required=read.flag(row, "Required", path),
        read_only=not editable,
        system_generated=system and not editable,
        max_length=size if data_type == D.STRING and size and size > 0 else None,
        addon_type=raw,
        values=tuple(ImportedValue(v) for v in values),
    )
