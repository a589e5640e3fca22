"""The product catalog: one JSON data file per product in this folder, loaded into Product rows.

A catalog file reads::

    {"key": "alm-octane", "name": "ALM Octane", "vendor": "...", "description": "...",
     "profile": {...}}

where ``profile`` has the shape documented at the top of connections/endpoints/services.py (the
behaviours, then the item types with their fields and enum values). Keys left out of a profile
take the model's defaults, so files state only what differs.

``read_catalog`` checks every file before anything is written: the JSON shape (a JSON Schema
built here from the data-type vocabulary) and the profile's own consistency (relationship
targets, workflow states, data-model constraints). A malformed file raises ``CatalogError``
naming the file and the place in it. ``load_catalog`` then upserts one Product per file by key;
a product whose file has not changed (same canonical SHA-256) is left alone, so loading twice
changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
from django.db import transaction

from connections.models import Product, UserRepresentation
from core.locks import lock_for_transaction
from facts.datatypes import ENUM_TYPES, RELATIONSHIP_TYPES, USER_TYPES, DataType

CATALOG_DIR = Path(__file__).resolve().parent


class CatalogError(ValueError):
    """A catalog file is malformed: ``file`` is its name, ``location`` the place inside it."""

    def __init__(self, file: str, location: str, message: str):
        self.file = file
        self.location = location
        self.message = message
        where = f"{file}: {location}" if location else file
        super().__init__(f"{where}: {message}")


# ---------------------------------------------------------------------------------------------
# The shape of a file, as a JSON Schema. Property lists mirror the attributes
# create_endpoint_from_product copies (a test keeps them in step), so a misspelt key such as
# "requried" is an error instead of silently taking the default.

_TEXT = {"type": "string"}
_KEY = {"type": "string", "minLength": 1, "pattern": r"\S"}
_FLAG = {"type": "boolean"}
_KEYS = {"type": "array", "items": _KEY}

_VALUE_SCHEMA = {
    "type": "object",
    "required": ["label"],
    "additionalProperties": False,
    "properties": {"label": {**_KEY, "maxLength": 255}, "active": _FLAG},
}

FIELD_SCHEMA = {
    "type": "object",
    "required": ["key", "label", "data_type"],
    "additionalProperties": False,
    "properties": {
        "key": {**_KEY, "maxLength": 160},
        "label": {**_KEY, "maxLength": 200},
        "data_type": {"enum": list(DataType.values)},
        "required": _FLAG,
        "read_only": _FLAG,
        "create_only": _FLAG,
        "system_generated": _FLAG,
        "has_default": _FLAG,
        "default_value": {"type": "string", "maxLength": 255},
        "relationship_targets": _KEYS,
        "max_length": {"type": ["integer", "null"], "minimum": 1},
        "precision": {"type": ["integer", "null"], "minimum": 0},
        "addon_type": {"type": "string", "maxLength": 200},
        "not_supported": _FLAG,
        "user_settable": _FLAG,
        "set_by_sync_tool": _FLAG,
        "values": {"type": "array", "items": _VALUE_SCHEMA},
    },
}

TYPE_SCHEMA = {
    "type": "object",
    "required": ["key", "label", "fields"],
    "additionalProperties": False,
    "properties": {
        "key": {**_KEY, "maxLength": 120},
        "label": {**_KEY, "maxLength": 200},
        "workflow_state_field": _TEXT,
        "states": _KEYS,
        "transitions": {
            "type": "array",
            "items": {"type": "array", "items": _KEY, "minItems": 2, "maxItems": 2},
        },
        "parent_type": _TEXT,
        "parent_field": _TEXT,
        "date_window_fields": _KEYS,
        "parent_immutable": _FLAG,
        "fields": {"type": "array", "items": FIELD_SCHEMA, "minItems": 1},
    },
}

PROFILE_SCHEMA = {
    "type": "object",
    "required": ["types"],
    "additionalProperties": False,
    "properties": {
        "user_representation": {"enum": list(UserRepresentation.values)},
        "api_enforces_workflow": _FLAG,
        "integration_can_override_workflow": _FLAG,
        "allows_impersonation": _FLAG,
        "types": {"type": "array", "items": TYPE_SCHEMA, "minItems": 1},
    },
}

FILE_SCHEMA = {
    "type": "object",
    "required": ["key", "name", "vendor", "description", "profile"],
    "additionalProperties": False,
    "properties": {
        "key": {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 60},
        "name": {**_KEY, "maxLength": 120},
        "vendor": {"type": "string", "maxLength": 120},
        "description": _TEXT,
        "profile": PROFILE_SCHEMA,
    },
}

_VALIDATOR = jsonschema.Draft202012Validator(FILE_SCHEMA)


@dataclass(frozen=True)
class CatalogEntry:
    """One product as read from its file."""

    key: str
    name: str
    vendor: str
    description: str
    profile: dict
    sha256: str
    file: str


def _location(document, path) -> str:
    """``profile.types[6] (sprint).fields[2] (release)``: list items named by their key (or
    label, for enum values) so the reader finds the place without counting."""
    parts: list[str] = []
    node = document
    for step in path:
        if isinstance(step, int):
            name = ""
            if isinstance(node, list) and step < len(node) and isinstance(node[step], dict):
                name = node[step].get("key") or node[step].get("label") or ""
            parts.append(f"[{step}]" + (f" ({name})" if isinstance(name, str) and name else ""))
        else:
            parts.append(("." if parts else "") + str(step))
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            node = None
    return "".join(parts)


def canonical_sha256(document: dict) -> str:
    """SHA-256 of the document's canonical JSON: formatting changes to a file do not count."""
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_entry(path: Path) -> CatalogEntry:
    """Read and check one catalog file."""
    name = path.name
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise CatalogError(name, "", f"not UTF-8 text ({exc.reason})") from exc
    except json.JSONDecodeError as exc:
        raise CatalogError(
            name, f"line {exc.lineno} column {exc.colno}", f"not valid JSON: {exc.msg}"
        ) from exc
    error = jsonschema.exceptions.best_match(_VALIDATOR.iter_errors(document))
    if error is not None:
        raise CatalogError(name, _location(document, error.absolute_path), error.message)
    if document["key"] != path.stem:
        raise CatalogError(
            name, "key", f"the key {document['key']!r} must equal the file name {path.stem!r}"
        )
    _check_profile(name, document)
    return CatalogEntry(
        key=document["key"],
        name=document["name"],
        vendor=document["vendor"],
        description=document["description"],
        profile=document["profile"],
        sha256=canonical_sha256(document),
        file=name,
    )


def _check_profile(file: str, document: dict) -> None:
    """What a JSON Schema cannot say: names that must point at something in the same profile."""
    types = document["profile"]["types"]
    type_keys = [t["key"] for t in types]

    def fail(path, message):
        raise CatalogError(file, _location(document, ["profile", "types", *path]), message)

    for t_index, spec in enumerate(types):
        if type_keys.index(spec["key"]) != t_index:
            fail([t_index, "key"], f"type {spec['key']!r} is defined twice")
        fields = {}
        for f_index, fspec in enumerate(spec["fields"]):
            where = [t_index, "fields", f_index]
            if fspec["key"] in fields:
                fail([*where, "key"], f"field {fspec['key']!r} is defined twice in this type")
            fields[fspec["key"]] = fspec
            _check_field(fail, where, fspec, type_keys)
        _check_workflow(fail, t_index, spec, fields)
        _check_data_model(fail, t_index, spec, fields, type_keys)


def _check_field(fail, where, fspec, type_keys) -> None:
    data_type = fspec["data_type"]
    values = fspec.get("values", [])
    if values and data_type not in ENUM_TYPES:
        fail([*where, "values"], f"only enum fields have values, this one is {data_type!r}")
    labels = [v["label"] for v in values]
    for v_index, label in enumerate(labels):
        if labels.index(label) != v_index:
            fail([*where, "values", v_index], f"value {label!r} is listed twice")
    targets = fspec.get("relationship_targets", [])
    if data_type in RELATIONSHIP_TYPES and not targets:
        fail(where, "a relationship field needs relationship_targets (the types it points at)")
    if targets and data_type not in RELATIONSHIP_TYPES:
        fail(
            [*where, "relationship_targets"],
            f"only relationship fields have targets, this one is {data_type!r}",
        )
    for r_index, target in enumerate(targets):
        if target not in type_keys:
            fail([*where, "relationship_targets", r_index], f"no type {target!r} in this product")
    if fspec.get("user_settable") is False and data_type not in USER_TYPES:
        fail([*where, "user_settable"], "user_settable applies to user fields only")
    default = fspec.get("default_value", "")
    if default and not fspec.get("has_default"):
        fail([*where, "default_value"], "a default_value needs has_default: true")
    if data_type == DataType.ENUM and labels and default and default not in labels:
        fail([*where, "default_value"], f"the default {default!r} is not one of the values")


def _check_workflow(fail, t_index, spec, fields) -> None:
    state_field = spec.get("workflow_state_field", "")
    states = spec.get("states", [])
    if not state_field:
        if states or spec.get("transitions"):
            fail([t_index], "states and transitions need a workflow_state_field")
        return
    fspec = fields.get(state_field)
    if fspec is None or fspec["data_type"] != DataType.ENUM:
        fail(
            [t_index, "workflow_state_field"],
            f"{state_field!r} is not a single-select enum field of this type",
        )
    labels = {v["label"] for v in fspec.get("values", [])}
    for s_index, state in enumerate(states):
        if labels and state not in labels:
            fail([t_index, "states", s_index], f"state {state!r} is not a value of {state_field!r}")
    for n_index, (source, target) in enumerate(spec.get("transitions", [])):
        for state in (source, target):
            if state not in states:
                fail(
                    [t_index, "transitions", n_index], f"{state!r} is not one of the type's states"
                )


def _check_data_model(fail, t_index, spec, fields, type_keys) -> None:
    parent_type = spec.get("parent_type", "")
    parent_field = spec.get("parent_field", "")
    if parent_type:
        if parent_type not in type_keys or parent_type == spec["key"]:
            fail([t_index, "parent_type"], f"no other type {parent_type!r} in this product")
        fspec = fields.get(parent_field)
        if fspec is None or fspec["data_type"] != DataType.RELATIONSHIP:
            fail(
                [t_index, "parent_field"],
                "the parent_field must name a relationship field of this type",
            )
        if parent_type not in fspec.get("relationship_targets", []):
            fail([t_index, "parent_field"], f"{parent_field!r} does not point at {parent_type!r}")
    elif parent_field or spec.get("parent_immutable") or spec.get("date_window_fields"):
        fail([t_index], "parent_field, parent_immutable and date_window_fields need a parent_type")
    for d_index, key in enumerate(spec.get("date_window_fields", [])):
        fspec = fields.get(key)
        if fspec is None or fspec["data_type"] not in (DataType.DATE, DataType.DATETIME):
            fail(
                [t_index, "date_window_fields", d_index],
                f"{key!r} is not a date field of this type",
            )


def read_catalog(directory: Path = CATALOG_DIR) -> list[CatalogEntry]:
    """Every catalog file in ``directory``, checked, in file-name order."""
    paths = sorted(Path(directory).glob("*.json"))
    if not paths:
        raise CatalogError(str(directory), "", "no catalog files (*.json) found")
    return [read_entry(path) for path in paths]


@dataclass
class LoadResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@transaction.atomic
def load_catalog(directory: Path = CATALOG_DIR) -> LoadResult:
    """Upsert one Product per catalog file. Every file is checked before any row is written.
    Products no longer in the catalog are kept: endpoints may still refer to them."""
    entries = read_catalog(directory)
    lock_for_transaction("syncplan.load_catalog")
    existing = {p.key: p for p in Product.objects.filter(key__in=[e.key for e in entries])}
    result = LoadResult()
    for entry in entries:
        values = {
            "name": entry.name,
            "vendor": entry.vendor,
            "description": entry.description,
            "profile": entry.profile,
            "catalog_sha256": entry.sha256,
        }
        product = existing.get(entry.key)
        if product is None:
            Product.objects.create(key=entry.key, **values)
            result.created.append(entry.key)
        elif product.catalog_sha256 != entry.sha256:
            for name, value in values.items():
                setattr(product, name, value)
            product.save(update_fields=list(values))
            result.updated.append(entry.key)
        else:
            result.unchanged.append(entry.key)
    return result
