"""The generic template for any other product: a CSV or XLSX file, one row per field.

Columns (header names, any order, case-insensitive; only ``type`` and ``key`` are required):

=====================  ==========================================================================
type                   item type key (e.g. ``defect``); rows of one type form that type
type_label             the type's display name (first non-empty one wins)
key                    field key as the product's API names it
label                  field display name (default: the key)
data_type              one of the data-type vocabulary (``string``, ``text``, ``rich_text``,
                       ``integer``, ``float``, ``boolean``, ``date``, ``datetime``, ``enum``,
                       ``multi_enum``, ``user``, ``multi_user``, ``relationship``,
                       ``multi_relationship``, ``tree_path``, ``comments``, ``attachment``,
                       ``addon``) or its display name; anything else is kept as a custom add-on
                       type with the text as its raw type
required, read_only,   yes/no (also true/false, 1/0, x; blank = no)
system_generated,
has_default
default_value          the product's default (a value implies has_default)
values                 allowed values separated by ``|`` (enum fields)
relationship_targets   item type keys separated by ``|`` (relationship fields)
max_length             a whole number
states                 the type's workflow states separated by ``|`` (first non-empty one wins)
=====================  ==========================================================================
"""

from __future__ import annotations

import csv
import io

from facts.datatypes import DataType

from .documents import FALSY, TRUTHY
from .schema import ImportedField, ImportedSchema, ImportedType, ImportedValue, SchemaImportError

TEMPLATE_COLUMNS = (
    "type",
    "type_label",
    "key",
    "label",
    "data_type",
    "required",
    "read_only",
    "system_generated",
    "has_default",
    "default_value",
    "values",
    "relationship_targets",
    "max_length",
    "states",
)
TEMPLATE_EXAMPLE = (
    (
        "defect",
        "Defect",
        "summary",
        "Summary",
        "string",
        "yes",
        "",
        "",
        "",
        "",
        "",
        "",
        "255",
        "New|Open|Fixed|Closed",
    ),
    (
        "defect",
        "",
        "severity",
        "Severity",
        "enum",
        "yes",
        "",
        "",
        "yes",
        "3-Medium",
        "1-Low|2-Low-Med|3-Medium|4-High",
        "",
        "",
        "",
    ),
    ("defect", "", "owner", "Owner", "user", "", "", "", "", "", "", "", "", ""),
    ("defect", "", "created", "Created", "datetime", "", "yes", "yes", "", "", "", "", "", ""),
    ("defect", "", "story", "Story", "relationship", "", "", "", "", "", "", "story", "", ""),
)
_BY_NAME = {**{t.value: t for t in DataType}, **{t.label.lower(): t for t in DataType}}


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TEMPLATE_COLUMNS)
    writer.writerows(TEMPLATE_EXAMPLE)
    return out.getvalue()


def is_template(rows: list[dict]) -> bool:
    return bool(rows) and "type" in rows[0] and "key" in rows[0]


def build(documents: list[tuple[str, str, object]], type_hint: str = "") -> ImportedSchema:
    types: dict[str, dict] = {}
    for name, _kind, rows in documents:
        if rows and not is_template(rows):
            raise SchemaImportError(
                "the header must name at least the columns 'type' and 'key' (download the template)",
                document=name,
                line=1,
            )
        for row in rows:
            line = int(row["__line__"])
            type_key = row.get("type", "") or type_hint
            key = row.get("key", "")
            if not type_key or not key:
                raise SchemaImportError("a row needs a type and a key", document=name, line=line)
            entry = types.setdefault(type_key, {"label": "", "states": (), "fields": []})
            entry["label"] = entry["label"] or row.get("type_label", "")
            entry["states"] = entry["states"] or _split(row.get("states", ""))
            entry["fields"].append(_field(name, line, key, row))
    return ImportedSchema(
        product="tabular",
        types=tuple(
            ImportedType(key, e["label"] or key, tuple(e["fields"]), states=e["states"])
            for key, e in types.items()
        ),
    )


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _flag(document: str, line: int, row: dict, column: str) -> bool:
    cell = row.get(column, "").strip().lower()
    if not cell:
        return False
    if cell not in TRUTHY | FALSY:
        raise SchemaImportError(
            f"{column} must be yes or no, got {cell!r:.40}",
            document=document,
            line=line,
            key=column,
        )
    return cell in TRUTHY


def _field(document: str, line: int, key: str, row: dict) -> ImportedField:
    raw_type = row.get("data_type", "").strip()
    data_type = _BY_NAME.get(raw_type.lower(), DataType.ADDON) if raw_type else DataType.STRING
    max_length = row.get("max_length", "").strip()
    if max_length and not (max_length.isascii() and max_length.isdecimal()):
        raise SchemaImportError(
            f"max_length must be a whole number, got {max_length!r:.40}",
            document=document,
            line=line,
            key="max_length",
        )
    default = row.get("default_value", "")
    return ImportedField(
        key=key,
        label=row.get("label", "") or key,
        data_type=data_type,
        required=_flag(document, line, row, "required"),
        read_only=_flag(document, line, row, "read_only"),
        system_generated=_flag(document, line, row, "system_generated"),
        has_default=_flag(document, line, row, "has_default") or bool(default),
        default_value=default,
        relationship_targets=_split(row.get("relationship_targets", "")),
        max_length=int(max_length) if max_length and len(max_length) < 11 else None,
        addon_type=raw_type if data_type == DataType.ADDON else "",
        values=tuple(ImportedValue(v) for v in _split(row.get("values", ""))),
    )
