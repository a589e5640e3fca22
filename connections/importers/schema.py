"""The neutral schema structure every importer produces.

An importer turns one product's REST responses into an ``ImportedSchema``; only
``connections.imports.services`` writes it to the database. Nothing here knows a product.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from facts.datatypes import MULTI_VALUED_TYPES, DataType

# Column sizes of the models the schema lands in (connections/models/endpoints.py).
TYPE_KEY_MAX = 120
TYPE_LABEL_MAX = 200
FIELD_KEY_MAX = 160
FIELD_LABEL_MAX = 200
DEFAULT_VALUE_MAX = 255
VALUE_LABEL_MAX = 255
ADDON_TYPE_MAX = 200
USERNAME_MAX = 150
FULL_NAME_MAX = 200
EMAIL_MAX = 254
ACCOUNT_ID_MAX = 128
MAX_LENGTH_MAX = 2_147_483_647  # PositiveIntegerField


class SchemaImportError(Exception):
    """A document could not be imported. ``messages`` name the problem, with the document, the
    line or the key where known; nothing was changed."""

    def __init__(self, message: str, *, document: str = "", line: int | None = None, key=""):
        where = []
        if document:
            where.append(document)
        if line is not None:
            where.append(f"line {line}")
        if key:
            where.append(f"key {key}")
        self.message = message
        self.document = document
        self.line = line
        self.key = str(key)
        self.messages = [f"{', '.join(where)}: {message}" if where else message]
        super().__init__(self.messages[0])


@dataclass(frozen=True)
class ImportedValue:
    label: str
    active: bool = True


# The facts of a field a document states unless its importer says it states fewer. The other
# facts (editable on create only, set by the sync tool, values unknown) are stated only by the
# documents that know them; a fact a document does not state keeps its value on import.
STATED_BY_DEFAULT = frozenset(
    {
        "label",
        "data_type",
        "required",
        "read_only",
        "system_generated",
        "has_default",
        "default_value",
        "relationship_targets",
        "max_length",
        "addon_type",
        "values",
    }
)


@dataclass(frozen=True)
class ImportedField:
    key: str
    label: str
    data_type: DataType
    required: bool = False
    read_only: bool = False
    create_only: bool = False
    system_generated: bool = False
    set_by_sync_tool: bool = False
    has_default: bool = False
    default_value: str = ""
    relationship_targets: tuple[str, ...] = ()
    max_length: int | None = None
    # The product's own type name, kept for add-on types (and shown for any other type).
    addon_type: str = ""
    values: tuple[ImportedValue, ...] = ()
    # The document holds a value list of a shape the importer does not read: the field is kept
    # and its values are unknown (not "none").
    values_unknown: bool = False
    # Which facts the document states (None: STATED_BY_DEFAULT).
    stated: frozenset[str] | None = None

    @property
    def multi(self) -> bool:
        return self.data_type in MULTI_VALUED_TYPES

    def says(self, fact: str) -> bool:
        """Whether the document states ``fact`` (else the import keeps the current value)."""
        return fact in (STATED_BY_DEFAULT if self.stated is None else self.stated)


@dataclass(frozen=True)
class ImportedType:
    key: str
    label: str
    fields: tuple[ImportedField, ...] = ()
    # False when the document lists the type without its fields (a Jira issue-type page, a
    # states response): the import then leaves the type's existing fields alone.
    fields_known: bool = True
    # True when the document lists ALL the type's fields: only then is a field it does not list
    # marked removed (and only with the removal confirmation).
    fields_complete: bool = True
    states: tuple[str, ...] = ()
    transitions: tuple[tuple[str, str], ...] = ()
    workflow_state_field: str = ""


@dataclass(frozen=True)
class ImportedUser:
    username: str
    full_name: str = ""
    email: str = ""
    account_id: str = ""
    active: bool = True


@dataclass(frozen=True)
class ImportedSchema:
    """What a set of documents says about one endpoint. An import replaces the parts it carries:
    the item types when ``types`` is not empty, the user directory when ``users`` is not empty."""

    product: str
    types: tuple[ImportedType, ...] = ()
    users: tuple[ImportedUser, ...] = ()
    # True when the documents list ALL the item types of the project (Jira createmeta, Azure
    # DevOps wit/workitemtypes, Octane metadata/entities): only then is a type they do not list
    # marked removed.
    types_complete: bool = False
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def field_count(self) -> int:
        return sum(len(t.fields) for t in self.types)

    @property
    def value_count(self) -> int:
        return sum(len(f.values) for t in self.types for f in t.fields)

    def contents(self) -> str:
        """What the documents carry, naming only what they have ("3 users", not "0 types,
        0 fields, 0 enum values, 3 users")."""
        counts = (
            (len(self.types), "item type"),
            (self.field_count, "field"),
            (self.value_count, "enum value"),
            (len(self.users), "user"),
        )
        parts = [f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in counts if n]
        return ", ".join(parts) or "nothing"


def text(value, limit: int) -> str:
    """Display text as the database can hold it: no NUL characters (PostgreSQL refuses them),
    surrounding blanks removed, clipped to the column size."""
    cleaned = str(value).replace("\x00", "").strip()
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def key_text(value, limit: int, *, what: str, document: str = "") -> str:
    """An identifier: never clipped (two clipped keys could collide), refused when too long."""
    cleaned = str(value).replace("\x00", "").strip()
    if not cleaned:
        raise SchemaImportError(f"{what} has an empty key", document=document)
    if len(cleaned) > limit:
        raise SchemaImportError(
            f"{what} key is {len(cleaned)} characters long (at most {limit})",
            document=document,
            key=cleaned[:60] + "…",
        )
    return cleaned


def finalize(schema: ImportedSchema) -> ImportedSchema:
    """Make ``schema`` safe to store: merge duplicate types, keep the first of duplicate fields,
    values and users (noting each in the warnings), clip display text."""
    warnings = list(schema.warnings)
    types: dict[str, ImportedType] = {}
    for item_type in schema.types:
        key = key_text(item_type.key, TYPE_KEY_MAX, what="item type")
        fields = _unique_fields(item_type, key, warnings)
        if key in types:
            # Several documents describe the same type (ADO fields + states): combine them.
            earlier = types[key]
            known = {f.key for f in earlier.fields}
            fields = earlier.fields + tuple(f for f in fields if f.key not in known)
            item_type = replace(
                earlier,
                fields=fields,
                fields_known=earlier.fields_known or item_type.fields_known,
                fields_complete=(earlier.fields_known and earlier.fields_complete)
                or (item_type.fields_known and item_type.fields_complete),
                states=earlier.states or item_type.states,
                transitions=earlier.transitions or item_type.transitions,
                workflow_state_field=earlier.workflow_state_field or item_type.workflow_state_field,
            )
        else:
            item_type = replace(
                item_type, key=key, label=text(item_type.label or key, TYPE_LABEL_MAX)
            )
            item_type = replace(item_type, fields=fields)
        types[key] = replace(
            item_type,
            states=tuple(dict.fromkeys(text(s, 120) for s in item_type.states if str(s).strip())),
            transitions=tuple(
                dict.fromkeys((text(a, 120), text(b, 120)) for a, b in item_type.transitions)
            ),
        )
    users: dict[str, ImportedUser] = {}
    for user in schema.users:
        username = key_text(user.username, USERNAME_MAX, what="user")
        if username in users:
            warnings.append(f"user {username!r} is listed twice; the first entry is kept")
            continue
        users[username] = ImportedUser(
            username=username,
            full_name=text(user.full_name, FULL_NAME_MAX),
            email=text(user.email, EMAIL_MAX) if "@" in str(user.email) else "",
            account_id=text(user.account_id, ACCOUNT_ID_MAX),
            active=bool(user.active),
        )
    return ImportedSchema(
        product=schema.product,
        types=tuple(types.values()),
        users=tuple(users.values()),
        types_complete=schema.types_complete,
        warnings=tuple(warnings),
    )


def _unique_fields(item_type: ImportedType, type_key: str, warnings: list[str]):
    fields: dict[str, ImportedField] = {}
    for imported in item_type.fields:
        key = key_text(imported.key, FIELD_KEY_MAX, what=f"a field of {type_key}")
        if key in fields:
            warnings.append(f"{type_key}: field {key!r} is listed twice; the first entry is kept")
            continue
        values: dict[str, ImportedValue] = {}
        for value in imported.values:
            label = text(value.label, VALUE_LABEL_MAX)
            if label and label not in values:
                clean = label == value.label and isinstance(value.active, bool)
                # Reuse clean values: a large schema holds tens of thousands of them.
                values[label] = value if clean else ImportedValue(label, bool(value.active))
        max_length = imported.max_length
        if max_length is not None and not 0 <= max_length <= MAX_LENGTH_MAX:
            max_length = None
        fields[key] = replace(
            imported,
            key=key,
            label=text(imported.label or key, FIELD_LABEL_MAX),
            data_type=DataType(imported.data_type),
            default_value=text(imported.default_value, DEFAULT_VALUE_MAX),
            relationship_targets=tuple(
                dict.fromkeys(text(t, TYPE_KEY_MAX) for t in imported.relationship_targets if t)
            ),
            max_length=max_length,
            # The raw type is kept where it matters: for the add-on type it is the only type.
            addon_type=text(imported.addon_type, ADDON_TYPE_MAX)
            if imported.data_type == DataType.ADDON
            else "",
            values=tuple(values.values()),
        )
    return tuple(fields.values())
