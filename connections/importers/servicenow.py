"""ServiceNow: ``sys_dictionary`` and ``sys_choice`` records from the Table API
(``GET /api/now/table/sys_dictionary?...`` → ``{result: [...]}``; also ``{records: [...]}``).

Each table (``name``) becomes an item type; its columns (``element``) its fields. A record with an
empty ``element`` describes the table itself (its label). Every value is a string ("true",
"32"); reference columns come as ``{link, value}``. Inherited columns are listed under the parent
table (e.g. ``task``), so import the parent's records too.

``INTERNAL_TYPES`` maps ``internal_type``; a ``reference`` (or ``glide_list``) to ``sys_user``
is a user field, to another table a relationship targeting it; a column with a choice list
(``choice`` not 0) is an enum whose values come from ``sys_choice``.
"""

from __future__ import annotations

from facts.datatypes import DataType

from .documents import Reader
from .schema import ImportedField, ImportedSchema, ImportedType, ImportedValue

D = DataType
INTERNAL_TYPES: dict[str, DataType] = {
    "string": D.STRING,
    "translated_text": D.STRING,
    "translated_field": D.STRING,
    "guid": D.STRING,
    "email": D.STRING,
    "url": D.STRING,
    "phone_number_e164": D.STRING,
    "table_name": D.STRING,
    "multi_two_lines": D.TEXT,
    "integer": D.INTEGER,
    "longint": D.INTEGER,
    "decimal": D.FLOAT,
    "float": D.FLOAT,
    "boolean": D.BOOLEAN,
    "glide_date": D.DATE,
    "glide_date_time": D.DATETIME,
    "due_date": D.DATETIME,
    "html": D.RICH_TEXT,
    "translated_html": D.RICH_TEXT,
    "journal": D.COMMENTS,
    "journal_input": D.COMMENTS,
    "journal_list": D.COMMENTS,
    "choice": D.ENUM,
    "sys_class_name": D.ENUM,
    "reference": D.RELATIONSHIP,
    "glide_list": D.MULTI_RELATIONSHIP,
    "document_id": D.RELATIONSHIP,
    "user_image": D.ATTACHMENT,
    "image": D.ATTACHMENT,
}
USER_TABLES = frozenset({"sys_user"})


def records(read: Reader, data) -> list[dict]:
    body = read.obj(data, "$")
    key = "result" if "result" in body else "records"
    return read.objects(body.get(key), f"$.{key}")


def _value(read: Reader, record: dict, name: str, path: str) -> str:
    """A column value: text, or the ``value`` of a ``{link, value}`` reference object."""
    value = record.get(name)
    if isinstance(value, dict):
        return read.text(value, "value", f"{path}.{name}")
    return read.text(record, name, path)


def build(documents: list[tuple[str, str, object]], type_hint: str = "") -> ImportedSchema:
    labels: dict[str, str] = {}
    columns: dict[str, list[tuple[Reader, dict, str]]] = {}
    choices: dict[tuple[str, str], list[tuple[float, str, bool]]] = {}
    for name, kind, data in documents:
        read = Reader(name)
        for i, record in enumerate(records(read, data)):
            path = f"$.result[{i}]"
            table = _value(read, record, "name", path)
            element = _value(read, record, "element", path)
            if not table.strip():
                read.fail("a record without a table name", f"{path}.name")
            if kind == "servicenow-choices":
                sequence = read.number(record, "sequence", path) or 0
                label = _value(read, record, "label", path) or _value(read, record, "value", path)
                inactive = read.flag(record, "inactive", path)
                choices.setdefault((table, element), []).append((sequence, label, not inactive))
            elif not element.strip():
                labels[table] = _value(read, record, "column_label", path)
            else:
                columns.setdefault(table, []).append((read, record, path))
    types = []
    for table in dict.fromkeys([*labels, *columns]):
        fields = tuple(
            _field(
                read, record, path, choices.get((table, _value(read, record, "element", path)), [])
            )
            for read, record, path in columns.get(table, [])
        )
        types.append(
            ImportedType(table, labels.get(table) or table, fields, fields_known=table in columns)
        )
    return ImportedSchema(product="servicenow", types=tuple(types))


def _field(read: Reader, record: dict, path: str, choice_rows) -> ImportedField:
    element = _value(read, record, "element", path)
    raw = _value(read, record, "internal_type", path)
    data_type = INTERNAL_TYPES.get(raw.lower(), D.ADDON)
    reference = _value(read, record, "reference", path)
    targets: tuple[str, ...] = ()
    if data_type in (D.RELATIONSHIP, D.MULTI_RELATIONSHIP):
        if reference in USER_TABLES:
            data_type = D.USER if data_type == D.RELATIONSHIP else D.MULTI_USER
        elif reference:
            targets = (reference,)
    has_choices = _value(read, record, "choice", path) not in ("", "0") or bool(choice_rows)
    if has_choices and data_type in (D.STRING, D.INTEGER, D.ADDON):
        data_type = D.ENUM
    values = ()
    if data_type == D.ENUM:
        values = tuple(
            ImportedValue(label, active)
            for _, label, active in sorted(choice_rows, key=lambda c: c[0])
        )
    default = _value(read, record, "default_value", path)
    generated = element.startswith("sys_")
    return ImportedField(
        key=element,
        label=_value(read, record, "column_label", path) or element,
        data_type=data_type,
        required=read.flag(record, "mandatory", path),
        read_only=read.flag(record, "read_only", path) or generated,
        system_generated=generated,
        has_default=bool(default),
        default_value=default,
        relationship_targets=targets,
        max_length=read.number(record, "max_length", path),
        addon_type=raw,
        values=values,
    )
