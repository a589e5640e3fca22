"""Jira (Cloud and Data Center): the field list, create metadata and user search.

Documents read:
- ``GET /rest/api/{2,3}/field`` (a list of ``{id, name, custom, schema}``): no types, no flags.
  Alone it becomes one item type, ``all-fields``; next to create metadata it supplies the
  ``schema`` a createmeta field lacks.
- create metadata, classic ``/issue/createmeta?expand=projects.issuetypes.fields`` (field id =
  map key), paged per issue type (Cloud ``{fields: [...]}``, Server 9 ``{values: [...], isLast}``,
  field id = ``fieldId``) and the issue-type pages (``{issueTypes: [...]}`` / ``{values: [...]}``
  of issue types: types without their fields).
- user search (a list of users: Cloud ``accountId``, Server ``name``/``key``).

The type table: ``SCHEMA_TYPES`` for ``schema.type``, ``ARRAY_ITEMS`` for ``schema.items`` of
arrays, ``CUSTOM_TYPES`` for well-known ``schema.custom`` keys (they win), ``SYSTEM_FIELDS`` for
system fields whose ``schema.type`` says too little. Anything else is an add-on type with the
raw type kept (``custom`` key, else ``type``/``items``). docs/importers.md renders these tables.
"""

from __future__ import annotations

from dataclasses import replace

from facts.datatypes import ENUM_TYPES, DataType

from .documents import Reader
from .schema import (
    ImportedField,
    ImportedSchema,
    ImportedType,
    ImportedUser,
    ImportedValue,
    SchemaImportError,
)

FIELD_LIST_TYPE = ("all-fields", "All fields (field list)")

D = DataType
SCHEMA_TYPES: dict[str, DataType] = {
    "string": D.STRING,
    "number": D.FLOAT,
    "date": D.DATE,
    "datetime": D.DATETIME,
    "user": D.USER,
    "group": D.ENUM,
    "option": D.ENUM,
    "priority": D.ENUM,
    "resolution": D.ENUM,
    "status": D.ENUM,
    "securitylevel": D.ENUM,
    "version": D.ENUM,
    "component": D.ENUM,
    "issuetype": D.ENUM,
    "project": D.ENUM,
    "team": D.ENUM,
    "issuelink": D.RELATIONSHIP,
}
ARRAY_ITEMS: dict[str, DataType] = {
    "string": D.MULTI_ENUM,  # labels, old servers' multi-selects
    "option": D.MULTI_ENUM,
    "version": D.MULTI_ENUM,
    "component": D.MULTI_ENUM,
    "group": D.MULTI_ENUM,
    "user": D.MULTI_USER,
    "watches": D.MULTI_USER,
    "attachment": D.ATTACHMENT,
    "comment": D.COMMENTS,
    "issuelinks": D.MULTI_RELATIONSHIP,
}
_CF = "com.atlassian.jira.plugin.system.customfieldtypes:"
CUSTOM_TYPES: dict[str, DataType] = {
    _CF + "textfield": D.STRING,
    _CF + "textarea": D.TEXT,
    _CF + "url": D.STRING,
    _CF + "float": D.FLOAT,
    _CF + "datepicker": D.DATE,
    _CF + "datetime": D.DATETIME,
    _CF + "select": D.ENUM,
    _CF + "radiobuttons": D.ENUM,
    _CF + "multiselect": D.MULTI_ENUM,
    _CF + "multicheckboxes": D.MULTI_ENUM,
    _CF + "labels": D.MULTI_ENUM,
    _CF + "userpicker": D.USER,
    _CF + "multiuserpicker": D.MULTI_USER,
    _CF + "grouppicker": D.ENUM,
    _CF + "multigrouppicker": D.MULTI_ENUM,
    _CF + "version": D.ENUM,
    _CF + "multiversion": D.MULTI_ENUM,
    "com.pyxis.greenhopper.jira:gh-epic-link": D.RELATIONSHIP,
    "com.pyxis.greenhopper.jira:gh-sprint": D.MULTI_RELATIONSHIP,
}
# Relationship targets of the well-known relationship custom fields.
CUSTOM_TARGETS: dict[str, tuple[str, ...]] = {
    "com.pyxis.greenhopper.jira:gh-epic-link": ("Epic",),
    "com.pyxis.greenhopper.jira:gh-sprint": ("sprint",),
}
SYSTEM_FIELDS: dict[str, DataType] = {
    "description": D.RICH_TEXT,
    "environment": D.RICH_TEXT,
    "comment": D.COMMENTS,
    "parent": D.RELATIONSHIP,
    "subtasks": D.MULTI_RELATIONSHIP,
    "issuekey": D.STRING,
    "thumbnail": D.ATTACHMENT,
    "timespent": D.INTEGER,
    "timeestimate": D.INTEGER,
    "timeoriginalestimate": D.INTEGER,
    "aggregatetimespent": D.INTEGER,
    "aggregatetimeestimate": D.INTEGER,
    "aggregatetimeoriginalestimate": D.INTEGER,
    "workratio": D.INTEGER,
}
# System fields some (old or trimmed) responses list without a ``schema``.
WITHOUT_SCHEMA: dict[str, DataType] = {
    "summary": D.STRING,
    "assignee": D.USER,
    "reporter": D.USER,
    "creator": D.USER,
    "labels": D.MULTI_ENUM,
    "components": D.MULTI_ENUM,
    "fixVersions": D.MULTI_ENUM,
    "versions": D.MULTI_ENUM,
    "duedate": D.DATE,
    "created": D.DATETIME,
    "updated": D.DATETIME,
    "resolutiondate": D.DATETIME,
    "attachment": D.ATTACHMENT,
    "issuelinks": D.MULTI_RELATIONSHIP,
    **{name: t for name, t in SCHEMA_TYPES.items() if t == D.ENUM},
    **SYSTEM_FIELDS,
}
# Set by Jira itself, never by a person or an integration.
SYSTEM_GENERATED = frozenset(
    {
        "created",
        "updated",
        "creator",
        "resolutiondate",
        "lastViewed",
        "issuekey",
        "workratio",
        "votes",
        "watches",
        "progress",
        "aggregateprogress",
        "aggregatetimespent",
        "aggregatetimeestimate",
        "aggregatetimeoriginalestimate",
        "statuscategorychangedate",
        "thumbnail",
    }
)


# Custom field types that ship with Jira (and Jira Software). Any other ``schema.custom`` is an
# app's (an add-on's) type: whatever its ``schema.type`` says, the sync tool needs a connector
# for it, so it is classified as add-on with the raw type kept (FLD-004).
BUILT_IN_CUSTOM_PREFIXES = (
    "com.atlassian.jira.plugin.system.customfieldtypes:",
    "com.pyxis.greenhopper.jira:",
    "com.atlassian.jira.ext.charting:",
    "com.atlassian.jpo:",  # Advanced Roadmaps, bundled with Jira Software (Premium / DC)
)
# Structural fields the sync tool sets itself when it creates an issue (the project of the
# connection, the issue type of the type mapping): no field mapping has to fill them.
SET_BY_SYNC_TOOL = frozenset({"project", "issuetype"})


def is_addon_type(custom: str) -> bool:
    return bool(custom) and not custom.startswith(BUILT_IN_CUSTOM_PREFIXES)


def classify(field_id: str, schema: dict | None) -> tuple[DataType, str, tuple[str, ...]]:
    """(data type, raw type, relationship targets) for a field's ``schema`` object."""
    if not schema:
        if field_id in WITHOUT_SCHEMA:
            return WITHOUT_SCHEMA[field_id], "", ()
        return D.ADDON, "(no schema)", ()
    kind = str(schema.get("type") or "")
    items = str(schema.get("items") or "")
    custom = str(schema.get("custom") or "")
    system = str(schema.get("system") or "")
    raw = custom or (f"array<{items}>" if kind == "array" else kind)
    if custom in CUSTOM_TYPES:
        return CUSTOM_TYPES[custom], raw, CUSTOM_TARGETS.get(custom, ())
    if is_addon_type(custom):
        return D.ADDON, raw, ()
    if (system or field_id) in SYSTEM_FIELDS:
        return SYSTEM_FIELDS[system or field_id], raw, ()
    if kind == "array":
        return ARRAY_ITEMS.get(items, D.ADDON), raw, ()
    return SCHEMA_TYPES.get(kind, D.ADDON), raw, ()


def build(documents: list[tuple[str, str, object]], type_hint: str = "") -> ImportedSchema:
    """``documents``: (name, kind, parsed JSON) with kind jira-fields, jira-createmeta or
    jira-users."""
    field_list: dict[str, tuple[str, dict | None]] = {}
    types: list[ImportedType] = []
    users: list[ImportedUser] = []
    warnings: list[str] = []
    for name, kind, data in documents:
        read = Reader(name)
        if kind == "jira-fields":
            for i, entry in enumerate(read.objects(data, "$")):
                field_id = read.key(entry, "id", f"$[{i}]")
                schema = entry.get("schema")
                if schema is not None:
                    read.obj(schema, f"$[{i}].schema")
                field_list[field_id] = (read.text(entry, "name", f"$[{i}]") or field_id, schema)
        elif kind == "jira-users":
            users.extend(_users(read, data))
    types_complete = False
    editable: dict[str, dict[str, ImportedField]] = {}
    for name, kind, data in documents:
        if kind == "jira-createmeta":
            listed, complete = _createmeta(Reader(name), data, field_list, type_hint, warnings)
            types.extend(listed)
            types_complete = types_complete or complete
        elif kind == "jira-editmeta":
            type_name, fields = _editmeta(Reader(name), data, field_list, type_hint)
            editable.setdefault(type_name, {}).update(fields)
    types = _with_edit_facts(types, editable)
    if field_list and not any(t.fields_known for t in types):
        fields = [
            _field(field_id, label, schema, {}, read_only=None)
            for field_id, (label, schema) in field_list.items()
        ]
        types.insert(0, ImportedType(*FIELD_LIST_TYPE, fields=tuple(fields)))
    return ImportedSchema(
        product="jira",
        types=tuple(types),
        users=tuple(users),
        types_complete=types_complete,
        warnings=tuple(warnings),
    )


def _editmeta(read: Reader, data, field_list, type_hint: str):
    """(issue type, {field id: field}) of an edit metadata response (``/issue/{key}/editmeta``,
    or the ``editmeta`` block of an issue fetched with ``expand=editmeta``). It lists the fields
    editable after creation; one listed without operations can only be set on create."""
    data = read.obj(data, "$")
    issue = data if "editmeta" in data else {}
    meta = read.obj(data.get("editmeta", data), "$.editmeta" if issue else "$")
    path = "$.editmeta.fields" if issue else "$.fields"
    raw_fields = read.obj(meta.get("fields"), path)
    issuetype = (issue.get("fields") or {}).get("issuetype") if issue else None
    type_name = (issuetype.get("name") if isinstance(issuetype, dict) else "") or type_hint
    if not isinstance(type_name, str) or not type_name.strip():
        read.fail(
            "this edit metadata does not say which issue type it describes; give the issue type "
            "(the --type option, or the type box of the upload form)"
        )
    fields = {}
    for field_id, entry in raw_fields.items():
        entry = read.obj(entry, f"{path}.{field_id}")
        f = _meta_field(read, field_id, entry, field_list, f"{path}.{field_id}")
        # Operations here say what can be edited after creation, not what can be set at all.
        fields[field_id] = replace(
            f,
            read_only=False,
            system_generated=False,
            create_only=not entry.get("operations"),
            stated=(f.stated or frozenset()) - {"read_only", "system_generated"} | {"create_only"},
        )
    return type_name.strip(), fields


def _with_edit_facts(types: list[ImportedType], editable) -> list[ImportedType]:
    """Create metadata combined with edit metadata of the same issue type: a field settable on
    create that edit metadata does not list is editable on create only."""
    result = []
    for t in types:
        edit = editable.pop(t.key, None)
        if edit is None or not t.fields_known:
            result.append(t)
            continue
        fields = []
        for f in t.fields:
            create_only = edit[f.key].create_only if f.key in edit else not f.read_only
            fields.append(replace(f, create_only=create_only, stated=f.stated | {"create_only"}))
        known = {f.key for f in t.fields}
        fields.extend(f for key, f in edit.items() if key not in known)
        result.append(replace(t, fields=tuple(fields)))
    for type_name, fields in editable.items():
        # Edit metadata alone lists only the editable fields: it removes none of the others.
        result.append(
            ImportedType(type_name, type_name, tuple(fields.values()), fields_complete=False)
        )
    return result


def _createmeta(read: Reader, data, field_list, type_hint: str, warnings):
    """(item types, whether they are all the project's issue types)."""
    data = read.obj(data, "$")
    if "projects" in data:
        types = []
        for p, project in enumerate(read.objects(data["projects"], "$.projects")):
            path = f"$.projects[{p}]"
            issue_types = read.objects(project.get("issuetypes", []), f"{path}.issuetypes")
            standard = [
                str(i.get("name")) for i in issue_types if not i.get("subtask") and i.get("name")
            ]
            for t, issue_type in enumerate(issue_types):
                tpath = f"{path}.issuetypes[{t}]"
                type_name = read.key(issue_type, "name", tpath)
                raw_fields = read.obj(issue_type.get("fields", {}), f"{tpath}.fields")
                fields = [
                    _meta_field(
                        read,
                        field_id,
                        read.obj(meta, f"{tpath}.fields.{field_id}"),
                        field_list,
                        f"{tpath}.fields.{field_id}",
                    )
                    for field_id, meta in raw_fields.items()
                ]
                targets = _parent_targets(type_name, issue_type.get("subtask") is True, standard)
                fields = [_with_targets(f, targets, warnings, type_name) for f in fields]
                types.append(
                    ImportedType(
                        type_name, type_name, tuple(fields), fields_known="fields" in issue_type
                    )
                )
        return types, True
    if "issueTypes" in data:  # Cloud: the issue types of a project, without their fields
        entries = read.objects(data["issueTypes"], "$.issueTypes")
        return [_bare_type(read, e, f"$.issueTypes[{i}]") for i, e in enumerate(entries)], True
    list_key = "fields" if "fields" in data else "values"
    entries = read.objects(data.get(list_key), f"$.{list_key}")
    if entries and all("fieldId" not in e for e in entries):  # Server 9: issue types page
        types = [_bare_type(read, e, f"$.{list_key}[{i}]") for i, e in enumerate(entries)]
        return types, True
    fields = [
        _meta_field(
            read, read.key(e, "fieldId", f"$.{list_key}[{i}]"), e, field_list, f"$.{list_key}[{i}]"
        )
        for i, e in enumerate(entries)
    ]
    type_name = _type_named_by_issuetype_field(fields) or type_hint
    if type_name:
        # One issue type's page: a parent it requires makes it a sub-task (whose parent types
        # the page does not list); an optional parent is the Epic above it.
        parent = next((f for f in fields if f.key == "parent"), None)
        targets = () if parent is None or parent.required else ("Epic",)
        fields = [_with_targets(f, targets, warnings, type_name) for f in fields]
    if not type_name:
        raise SchemaImportError(
            "this page of create metadata does not say which issue type it describes; "
            "give the issue type (the --type option, or the type box of the upload form)",
            document=read.document,
        )
    total, start = data.get("total"), data.get("startAt")
    start = start if isinstance(start, int) else 0
    partial = start > 0 or data.get("isLast") is False
    partial = partial or (isinstance(total, int) and total > len(entries) + start)
    if partial:
        warnings.append(
            f"{read.document}: only one page of {type_name}'s fields; import every page"
        )
    # One page of several does not list all the type's fields: it removes none.
    return [ImportedType(type_name, type_name, tuple(fields), fields_complete=not partial)], False


def _parent_targets(type_name: str, subtask: bool, standard: list[str]) -> tuple[str, ...]:
    """The issue types ``parent`` links to: a sub-task's parent is a standard issue of the
    project; a standard issue's parent is an Epic (the level above it); an Epic has none here."""
    if subtask:
        return tuple(standard)
    if type_name != "Epic" and "Epic" in standard:
        return ("Epic",)
    return ()


def _with_targets(f: ImportedField, targets, warnings, type_name: str) -> ImportedField:
    if f.key != "parent" or f.relationship_targets:
        return f
    if not targets:
        warnings.append(
            f"{type_name}: the parent field's target issue types are not known from this "
            "document; set them on the field (REL-001 checks them)"
        )
        return replace(f, stated=f.stated - {"relationship_targets"})
    return replace(f, relationship_targets=tuple(targets))


def _bare_type(read: Reader, entry: dict, path: str) -> ImportedType:
    type_name = read.key(entry, "name", path)
    return ImportedType(type_name, type_name, fields_known=False)


def _type_named_by_issuetype_field(fields: list[ImportedField]) -> str:
    """A per-issue-type page lists the ``issuetype`` field whose only allowed value is the type."""
    for f in fields:
        if f.key == "issuetype" and len(f.values) == 1:
            return f.values[0].label
    return ""


def _meta_field(read: Reader, field_id: str, meta: dict, field_list, path: str) -> ImportedField:
    schema = meta.get("schema")
    if schema is None and field_id in field_list:
        schema = field_list[field_id][1]
    if schema is not None:
        read.obj(schema, f"{path}.schema")
    label = read.text(meta, "name", path) or field_list.get(field_id, (field_id,))[0]
    operations = meta.get("operations")
    read_only = None
    if operations is not None:
        read_only = len(read.items(operations, f"{path}.operations")) == 0
    return _field(field_id, label, schema, meta, read_only=read_only, read=read, path=path)


def _field(
    field_id, label, schema, meta, *, read_only, read: Reader | None = None, path=""
) -> ImportedField:
    data_type, raw, targets = classify(field_id, schema)
    addon = is_addon_type(str((schema or {}).get("custom") or ""))
    values: tuple[ImportedValue, ...] = ()
    values_unknown = False
    generated = field_id in SYSTEM_GENERATED
    # A field list states no flags; create metadata states those it carries.
    stated = {"label", "data_type", "addon_type", "relationship_targets"}
    if read_only is not None or generated:
        stated |= {"read_only", "system_generated"}
    for key, facts in (
        ("required", ("required",)),
        ("hasDefaultValue", ("has_default", "default_value")),
        ("allowedValues", ("values",)),
    ):
        if key in meta:
            stated.update(facts)
    if read is not None and "allowedValues" in meta:
        allowed = read.items(meta["allowedValues"], f"{path}.allowedValues")
        known_shape = all(
            isinstance(v, dict | str) or (isinstance(v, int) and not isinstance(v, bool))
            for v in allowed
        )
        if not known_shape:
            # E.g. a project picker listing its projects as a list of lists (Jira 5): keep the
            # field, say its values are unknown rather than refusing the whole document.
            values_unknown = True
            stated.discard("values")
        elif (
            data_type in (D.STRING, D.ADDON)
            and not addon
            and allowed
            and all(isinstance(v, dict) for v in allowed)
        ):
            # Old servers type select lists as ``string``; a value list makes them enums.
            data_type = D.ENUM
        if known_shape and (data_type in ENUM_TYPES or addon):
            values = tuple(
                v
                for i, a in enumerate(allowed)
                if (v := _allowed_value(read, a, f"{path}.allowedValues[{i}]")) is not None
            )
    if read is not None:
        stated.add("values_unknown")
    if field_id in SET_BY_SYNC_TOOL:
        stated.add("set_by_sync_tool")
    return ImportedField(
        key=field_id,
        label=label,
        data_type=data_type,
        required=bool(read.flag(meta, "required", path)) if read else False,
        read_only=generated if read_only is None else (read_only or generated),
        system_generated=generated,
        has_default=bool(read.flag(meta, "hasDefaultValue", path)) if read else False,
        default_value=_default(meta.get("defaultValue")),
        relationship_targets=targets,
        addon_type=raw,
        values=values,
        values_unknown=values_unknown,
        set_by_sync_tool=field_id in SET_BY_SYNC_TOOL,
        stated=frozenset(stated),
    )


def _allowed_value(read: Reader, value, path: str) -> ImportedValue | None:
    if isinstance(value, str | int) and not isinstance(value, bool):
        return ImportedValue(str(value))
    entry = read.obj(value, path)
    for name in ("name", "value", "label", "key"):
        if isinstance(entry.get(name), str | int) and not isinstance(entry.get(name), bool):
            return ImportedValue(str(entry[name]), active=not read.flag(entry, "disabled", path))
    return None


def _default(value) -> str:
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value).lower()
    if isinstance(value, dict):
        for name in ("name", "value", "label", "id"):
            if isinstance(value.get(name), str | int):
                return str(value[name])
        return ""
    if isinstance(value, list):
        return ", ".join(_default(v) for v in value[:20])
    return str(value)


def _users(read: Reader, data) -> list[ImportedUser]:
    users = []
    for i, entry in enumerate(read.objects(data, "$")):
        path = f"$[{i}]"
        account_id = read.text(entry, "accountId", path)
        username = read.text(entry, "name", path) or read.text(entry, "key", path) or account_id
        if not username.strip():
            read.fail("a user has neither name, key nor accountId", path)
        users.append(
            ImportedUser(
                username=username,
                full_name=read.text(entry, "displayName", path),
                email=read.text(entry, "emailAddress", path),
                account_id=account_id,
                active=read.flag(entry, "active", path, default=True),
            )
        )
    return users
