"""Azure DevOps: work item types, their fields and states, picklists and team members.

Documents read (each either the raw response body or the ``{_request, body}`` wrapper the REST
specification's examples use; the request URL then names the work item type):
- ``wit/fields`` (the organisation's field list: ``referenceName, name, type, readOnly,
  isIdentity, isPicklist``). It gives the type and read-only flag the per-type fields lack; alone
  it becomes one item type, ``all-fields``.
- ``wit/workitemtypes/{t}/fields?$expand=all`` (``alwaysRequired, defaultValue, allowedValues``)
  and the process API's ``work/processes/{p}/workItemTypes/{t}/fields`` (``type`` with
  capitalised names, ``required``): one work item type's fields.
- ``wit/workitemtypes/{t}`` (name, fields, transitions) and ``.../states`` (both APIs).
- ``work/processes/lists/{id}`` (a picklist, joined to fields naming it) and team members.

Fields are joined across documents on ``referenceName``. ``FIELD_TYPES`` maps the ``type`` names;
an identity field is a user field, a picklist or a field with allowed values an enum (Priority
is an integer field with the values "1".."4"). ``<None>`` is a placeholder, not a value.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from facts.datatypes import DataType

from .documents import Reader
from .jira import FIELD_LIST_TYPE
from .schema import (
    ImportedField,
    ImportedSchema,
    ImportedType,
    ImportedUser,
    ImportedValue,
    SchemaImportError,
)

D = DataType
FIELD_TYPES: dict[str, DataType] = {
    "string": D.STRING,
    "integer": D.INTEGER,
    "double": D.FLOAT,
    "datetime": D.DATETIME,
    "boolean": D.BOOLEAN,
    "html": D.RICH_TEXT,
    "plaintext": D.TEXT,
    "treepath": D.TREE_PATH,
    "history": D.COMMENTS,
    "identity": D.USER,
    "guid": D.STRING,
    "pickliststring": D.ENUM,
    "picklistinteger": D.ENUM,
    "picklistdouble": D.ENUM,
}
# Fields whose ``type`` says too little.
SPECIAL_FIELDS: dict[str, DataType] = {"System.Tags": D.MULTI_ENUM}
# Marked readOnly by the API, yet people set them (tree paths chosen from the area/iteration tree).
SET_BY_PEOPLE = frozenset({"System.AreaPath", "System.IterationPath"})
PLACEHOLDER_VALUES = frozenset({"<None>"})
# Structural fields the sync tool sets itself when it creates an item: the project it creates
# in and the work item type of the type mapping. (Area and iteration paths are set by the
# connection only when it is configured to: mark them on the endpoint where it is.)
SET_BY_SYNC_TOOL = frozenset({"System.TeamProject", "System.WorkItemType"})

_TYPE_IN_URL = re.compile(r"/workitemtypes/([^/?]+)/(fields|states)", re.IGNORECASE)
_TYPE_ONLY_URL = re.compile(r"/workitemtypes/([^/?]+)/?(\?|$)", re.IGNORECASE)


def unwrap(data) -> tuple[object, str]:
    """(response body, request URL) of a document that may be wrapped as ``{_request, body}``."""
    if isinstance(data, dict) and "body" in data and ("_request" in data or "_source" in data):
        request = data.get("_request")
        return data["body"], request if isinstance(request, str) else ""
    return data, ""


def type_key_from_url(url: str) -> str:
    match = _TYPE_IN_URL.search(url) or _TYPE_ONLY_URL.search(url)
    if not match:
        return ""
    # The process API names types by reference name ("MyProcess.ChangeRequest").
    return unquote(match.group(1)).rsplit(".", 1)[-1]


def kind_of(body) -> str:
    """Which Azure DevOps response ``body`` is (see the module docstring), or ""."""
    if isinstance(body, dict) and isinstance(body.get("items"), list) and "type" in body:
        return "list"
    if (
        isinstance(body, dict)
        and "referenceName" in body
        and ("fields" in body or "fieldInstances" in body or "transitions" in body)
    ):
        return "type"
    if isinstance(body, dict) and "referenceName" in body and "type" in body:
        return "field"  # one field definition, _apis/wit/fields/{name}
    entries = body.get("value") if isinstance(body, dict) else None
    if not isinstance(entries, list) or not entries or not isinstance(entries[0], dict):
        return ""
    first = entries[0]
    if "identity" in first:
        return "members"
    if "referenceName" in first:
        if "fieldInstances" in first or "transitions" in first:
            return "types"
        if any(isinstance(e, dict) and "alwaysRequired" in e for e in entries):
            return "type-fields"
        if any(isinstance(e, dict) and ("customization" in e or "required" in e) for e in entries):
            return "process-fields"
        return "fields"
    if "name" in first and ("category" in first or "stateCategory" in first):
        return "states"
    return ""


class _Builder:
    def __init__(self, type_hint: str):
        self.type_hint = type_hint
        self.catalog: dict[str, dict] = {}  # wit/fields by referenceName
        self.types: list[ImportedType] = []
        self.pending: list[tuple[str, str, list[dict], str]] = []  # (type, doc, entries, kind)
        self.states: list[ImportedType] = []
        self.lists: dict[str, list[str]] = {}
        self.users: list[ImportedUser] = []
        self.warnings: list[str] = []
        self.definitions: list[ImportedType] = []
        self.field_list = False  # a whole wit/fields list, not single field definitions
        self.types_complete = False

    def type_name(self, read: Reader, url: str) -> str:
        name = type_key_from_url(url) or self.type_hint
        if not name:
            raise SchemaImportError(
                "this response does not say which work item type it describes; give the type "
                "(the --type option, or the type box of the upload form)",
                document=read.document,
            )
        return name


def build(documents: list[tuple[str, str, object]], type_hint: str = "") -> ImportedSchema:
    b = _Builder(type_hint)
    for name, _kind, raw in documents:
        read = Reader(name)
        body, url = unwrap(raw)
        kind = kind_of(body)
        if kind == "fields":
            b.field_list = True
            for i, entry in enumerate(read.objects(read.obj(body, "$")["value"], "$.value")):
                b.catalog[read.key(entry, "referenceName", f"$.value[{i}]")] = entry
        elif kind == "field":
            b.catalog[read.key(body, "referenceName", "$")] = body
        elif kind in ("type-fields", "process-fields"):
            entries = read.objects(body["value"], "$.value")
            b.pending.append((b.type_name(read, url), name, entries, kind))
        elif kind == "type":
            b.pending.append(("", name, [read.obj(body, "$")], "definition"))
        elif kind == "types":
            b.types_complete = True  # wit/workitemtypes lists every type of the project
            b.pending.append(("", name, read.objects(body["value"], "$.value"), "definitions"))
        elif kind == "states":
            states = tuple(
                read.key(s, "name", f"$.value[{i}]")
                for i, s in enumerate(read.objects(body["value"], "$.value"))
            )
            type_name = b.type_name(read, url)
            b.states.append(
                ImportedType(
                    type_name,
                    type_name,
                    fields_known=False,
                    states=states,
                    workflow_state_field="System.State",
                )
            )
        elif kind == "list":
            list_id = read.key(body, "id", "$")
            items = read.items(body["items"], "$.items")
            b.lists[list_id] = [
                str(v)
                for v in items
                if isinstance(v, str | int | float) and not isinstance(v, bool)
            ]
        elif kind == "members":
            for i, entry in enumerate(read.objects(body["value"], "$.value")):
                identity = read.obj(entry.get("identity"), f"$.value[{i}].identity")
                unique = read.key(identity, "uniqueName", f"$.value[{i}].identity")
                b.users.append(
                    ImportedUser(
                        username=unique,
                        full_name=read.text(identity, "displayName", f"$.value[{i}].identity"),
                        email=unique if "@" in unique else "",
                        account_id=read.text(identity, "id", f"$.value[{i}].identity"),
                    )
                )
        else:
            read.fail(
                "not an Azure DevOps response this importer reads (fields, work item types, states, picklists, team members)"
            )
    used_lists: set[str] = set()
    for type_name, doc, entries, kind in b.pending:
        read = Reader(doc)
        if kind in ("definition", "definitions"):
            for i, entry in enumerate(entries):
                _type_definition(b, read, entry, "$" if kind == "definition" else f"$.value[{i}]")
            continue
        fields = tuple(
            _field(b, read, e, f"$.value[{i}]", used_lists) for i, e in enumerate(entries)
        )
        b.types.append(
            ImportedType(type_name, type_name, fields, workflow_state_field="System.State")
        )
    for list_id in b.lists.keys() - used_lists:
        b.warnings.append(f"picklist {list_id} is not referenced by any imported field; ignored")
    # Per-type field documents first: they carry allowed values and defaults, which win over a
    # type definition's bare field list; a states document's order wins over transitions.
    types = [*b.types, *b.states, *b.definitions]
    if b.catalog and not any(t.fields_known for t in types):
        read = Reader("wit/fields")
        fields = tuple(
            _field(b, read, e, ref, used_lists, catalog_only=True) for ref, e in b.catalog.items()
        )
        # Single field definitions (wit/fields/{name}) say nothing of the fields not given.
        types.insert(0, ImportedType(*FIELD_LIST_TYPE, fields=fields, fields_complete=b.field_list))
    return ImportedSchema(
        product="ado",
        types=tuple(types),
        users=tuple(b.users),
        types_complete=b.types_complete,
        warnings=tuple(b.warnings),
    )


def _type_definition(b: _Builder, read: Reader, body: dict, path: str = "$"):
    """A ``wit/workitemtypes/{t}`` body: its fields (flags only) and its transitions."""
    name = read.key(body, "name", path)
    entries = read.objects(body.get("fieldInstances") or body.get("fields") or [], f"{path}.fields")
    transitions = []
    raw = body.get("transitions") or {}
    for source, targets in read.obj(raw, f"{path}.transitions").items():
        for j, target in enumerate(read.objects(targets, f"{path}.transitions.{source}")):
            to = read.key(target, "to", f"{path}.transitions.{source}[{j}]")
            if source and source != to:
                transitions.append((source, to))
    # The transition from "" is how an item is created: its target is the initial state, which
    # the workflow rules take as the first state.
    initial = [
        read.key(t, "to", f"{path}.transitions.") for t in read.objects(raw.get("", []), path)
    ]
    states = tuple(dict.fromkeys(initial + [s for s in raw if s] + [t for _, t in transitions]))
    read_fields = tuple(
        _field(b, read, e, f"{path}.fields[{i}]", set()) for i, e in enumerate(entries)
    )
    b.definitions.append(
        ImportedType(
            name,
            name,
            read_fields,
            states=states,
            transitions=tuple(transitions),
            workflow_state_field="System.State",
        )
    )


def _field(
    b: _Builder, read: Reader, entry: dict, path: str, used_lists: set[str], catalog_only=False
):
    ref = read.key(entry, "referenceName", path)
    known = b.catalog.get(ref, {})
    raw_type = read.text(entry, "type", path) or read.text(known, "type", f"wit/fields.{ref}")
    data_type = FIELD_TYPES.get(raw_type.lower(), D.ADDON) if raw_type else D.ADDON
    if not raw_type and not catalog_only:
        raw_type = "(type unknown: import wit/fields with this file)"
    if read.flag(known, "isIdentity", ref) or read.flag(entry, "isIdentity", path):
        data_type = D.USER
    elif read.flag(known, "isPicklist", ref) or read.flag(entry, "isPicklist", path):
        data_type = D.ENUM
    data_type = SPECIAL_FIELDS.get(ref, data_type)
    values = []
    allowed = read.items(entry.get("allowedValues") or [], f"{path}.allowedValues")
    texts = [
        str(v)
        for v in allowed
        if isinstance(v, str | int | float)
        and not isinstance(v, bool)
        and str(v) not in PLACEHOLDER_VALUES
    ]
    if any(isinstance(v, dict) for v in allowed):
        data_type = D.USER  # identities
    elif texts and data_type in (D.STRING, D.INTEGER, D.FLOAT, D.ADDON, D.ENUM):
        data_type = D.ENUM
        values = texts
    list_ref = entry.get("pickList") or entry.get("picklistId")
    list_id = list_ref.get("id") if isinstance(list_ref, dict) else list_ref
    if isinstance(list_id, str) and list_id in b.lists:
        used_lists.add(list_id)
        data_type = D.ENUM
        values = values or b.lists[list_id]
    read_only = read.flag(known, "readOnly", ref) or read.flag(entry, "readOnly", path)
    if ref in SET_BY_PEOPLE:
        read_only = False
    default = entry.get("defaultValue")
    default_text = "" if default is None or isinstance(default, dict | list) else str(default)
    # What these documents state: a per-type fields response without wit/fields says nothing
    # of the data type or read-only flag, and an empty allowedValues is no value list.
    stated = {"label"}
    if data_type != D.ADDON or raw_type and not raw_type.startswith("(type unknown"):
        stated |= {"data_type", "addon_type"}
    if values:
        stated.add("values")
    if "readOnly" in known or "readOnly" in entry or ref in SET_BY_PEOPLE:
        stated |= {"read_only", "system_generated"}
    if "alwaysRequired" in entry or "required" in entry:
        stated.add("required")
    if "defaultValue" in entry:
        stated |= {"has_default", "default_value"}
    if ref in SET_BY_SYNC_TOOL:
        stated.add("set_by_sync_tool")
    return ImportedField(
        key=ref,
        label=read.text(entry, "name", path) or read.text(known, "name", ref) or ref,
        data_type=data_type,
        required=read.flag(entry, "alwaysRequired", path) or read.flag(entry, "required", path),
        read_only=read_only,
        system_generated=read_only and ref.startswith("System."),
        set_by_sync_tool=ref in SET_BY_SYNC_TOOL,
        has_default=default_text != "",
        default_value=default_text,
        addon_type=raw_type,
        values=tuple(ImportedValue(v) for v in values),
        stated=frozenset(stated),
    )
