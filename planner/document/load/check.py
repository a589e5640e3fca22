"""Stage 1 of reading a plan document: parse it and find every problem in one pass.

``parse_document`` reads the JSON text and remembers members given twice in one object (the
standard reader silently keeps the last one). ``validate_document`` reports, together: those
duplicate members, a wrong format version (saying what it found), the JSON Schema's errors, and
references to names that exist nowhere in the document (a type mapping naming a type its
endpoint does not have, with the closest key when there is one), plus duplicates the database
would refuse. Only references that become database links are checked: text that merely names
something (a workflow-state field, a user-map entry naming a person missing from the directory)
is the validator's business, not the loader's.

Every message starts with the path of the offending place, each element named by its key where
it has one (``/connections[alm-jira]/type_mappings[defect->bug]/field_mappings[severity->
priority]/right_field``), by its array index where it has none or shares it with a sibling.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from pathlib import Path

from planner.document.attributes import ENTITIES, PLAN, TOP, Entity
from planner.document.schema import FORMAT

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema.json"


class DocumentRejected(Exception):
    """A plan document that cannot be imported; ``messages`` names each problem (path first)."""

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


# ---------------------------------------------------------------------------------------------
# Parsing


class ParsedDocument(dict):
    """A plan document read from text; ``read_problems`` are what reading it found (members
    given twice), reported by ``validate_document`` with everything else."""

    read_problems: tuple[str, ...] = ()


def parse_document(content: str | bytes, document: str = "") -> dict:
    """The document in ``content``, read within the upload limits (core.uploads: size,
    characters, digits, depth). Raises ValueError (uploads.UploadRefused) when it is not JSON or
    breaks a limit; a member given twice in one object is kept for ``validate_document`` to
    refuse."""
    from core import uploads

    repeated: dict[int, list[str]] = {}  # id of an object -> its members given twice

    def strict_object(pairs):
        obj = {}
        for name, value in pairs:
            if name in obj:
                repeated.setdefault(id(obj), []).append(name)
            obj[name] = value
        return obj

    raw = content.encode("utf-8") if isinstance(content, str) else content
    doc = uploads.load_json(raw, document, object_pairs_hook=strict_object)
    if not isinstance(doc, dict):
        return doc
    problems = [
        f"{keyed_path(doc, parts)}: member {_show(name)} is given twice; a member appears "
        "once in an object"
        for parts, obj in _objects(doc, ())
        for name in repeated.get(id(obj), ())
    ]
    parsed = ParsedDocument(doc)
    parsed.read_problems = tuple(problems)
    return parsed


def _objects(node, parts):
    """(path, object) for every JSON object in ``node``."""
    if isinstance(node, dict):
        yield parts, node
        for name, value in node.items():
            if isinstance(value, dict | list):
                yield from _objects(value, (*parts, name))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if isinstance(value, dict | list):
                yield from _objects(value, (*parts, i))


# ---------------------------------------------------------------------------------------------
# Paths


def pointer(*parts) -> str:
    """A JSON pointer (RFC 6901) to ``parts``."""
    if not parts:
        return "/"
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


_FREE = "free"  # inside a member no declaration describes (an answer's data): plain pointers


def _members_of(entity) -> dict:
    if entity is _FREE:
        return {}
    children = TOP if entity is None else entity.children
    members = {c.member: c for c in children}
    if entity is None:
        members["plan"] = None
    return members


def keyed_path(doc, parts) -> str:
    """The path to ``parts`` (members and array indexes) naming array elements by their key
    where it is unique among their siblings."""
    text, node, entity, items_entity = "", doc, None, None
    for part in parts:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            element = node[part]
            key = _key_of(items_entity, element)
            if key and sum(1 for e in node if _key_of(items_entity, e) == key) == 1:
                text += f"[{key}]"
            else:
                text += f"/{part}"
            node, entity, items_entity = element, items_entity, None
            continue
        text += pointer(part)
        child = _members_of(entity).get(part) if isinstance(part, str) else None
        node = node.get(part) if isinstance(node, dict) else None
        target = ENTITIES[child.entity] if child else (PLAN if part == "plan" else _FREE)
        if child is not None and child.many:
            items_entity = target
        else:
            entity, items_entity = target, None
    return text or "/"


def _key_of(entity, element) -> str:
    if not isinstance(entity, Entity) or not entity.key or not isinstance(element, dict):
        return ""
    if any(not isinstance(element.get(name), str | type(None)) for name in entity.key):
        return ""
    if all(element.get(name) is None for name in entity.key):
        return ""
    return entity.key_text(element)


def _show(value) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(_show(v) for v in value) + ")"
    return json.dumps(value, ensure_ascii=False)


def _closest(name, known) -> str:
    """`` (did you mean "x"?)`` for the known key closest to a misspelt ``name``."""
    if not isinstance(name, str):
        return ""
    close = difflib.get_close_matches(name, [k for k in known if isinstance(k, str)], n=1)
    return f" (did you mean {_show(close[0])}?)" if close else ""


# ---------------------------------------------------------------------------------------------
# Validation


def validate_document(doc, *, schema: bool = True) -> list[str]:
    """Every problem of ``doc`` as "<path>: <what is wrong>"; empty when it is valid.

    ``schema=False`` skips the JSON Schema pass (the slow part: seconds for an enterprise-size
    plan) for a document ``plan_document`` has just written, which conforms by construction;
    names and duplicates are still checked."""
    if not isinstance(doc, dict):
        return ["/: a plan document is a JSON object"]
    found: list[tuple[tuple, str]] = []
    if doc.get("format") != FORMAT:
        given = doc.get("format")
        what = "no format member" if given is None else f"format {_show(given)}"
        found.append(
            (
                ("format",),
                f"{what}: this installation reads plan documents of format {_show(FORMAT)}",
            )
        )
    if schema:
        from planner.document.schema_check import schema_errors

        found.extend(
            (parts, message)
            for parts, message in schema_errors(doc)
            if parts != ("format",)  # said above, in words
        )
    found.extend(_Names(doc).problems)
    read = list(getattr(doc, "read_problems", ()))
    return read + [f"{keyed_path(doc, parts)}: {text}" for parts, text in found]


def _dicts(container, member):
    """(index, element) of the objects in ``container[member]`` (anything else is the
    schema's to report)."""
    items = container.get(member) if isinstance(container, dict) else None
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def _text_map(items, name) -> dict:
    return {item[name]: item for _, item in items if isinstance(item.get(name), str)}


class _Names:
    """The references and duplicates of one document."""

    def __init__(self, doc: dict):
        self.doc = doc
        self.problems: list[tuple[tuple, str]] = []
        self._duplicates(TOP, doc, ())
        self.endpoints = _text_map(_dicts(doc, "endpoints"), "key")
        for ci, conn in _dicts(doc, "connections"):
            self._connection(("connections", ci), conn)

    def add(self, parts, text):
        self.problems.append((tuple(parts), text))

    def _duplicates(self, children, container, at):
        """Elements sharing a key the database keeps unique, at every level."""
        for child in children:
            entity = ENTITIES[child.entity]
            if not child.many:
                element = container.get(child.member) if isinstance(container, dict) else None
                if isinstance(element, dict):
                    self._duplicates(entity.children, element, (*at, child.member))
                continue
            seen = set()
            for i, element in _dicts(container, child.member):
                here = (*at, child.member, i)
                key = tuple(element.get(name) for name in entity.key)
                if entity.key and entity.unique and all(isinstance(k, str) for k in key):
                    if key in seen:
                        value = key[0] if len(key) == 1 else key
                        self.add(
                            here,
                            f"duplicate {entity.label} {' and '.join(entity.key)} {_show(value)}",
                        )
                    seen.add(key)
                self._duplicates(entity.children, element, here)

    def _connection(self, at, conn):
        sides = {}
        for side in ("left", "right"):
            name = conn.get(side)
            sides[side] = self.endpoints.get(name)
            if isinstance(name, str) and sides[side] is None:
                self.add((*at, side), f"no endpoint {_show(name)}{_closest(name, self.endpoints)}")
        if conn.get("left") is not None and conn.get("left") == conn.get("right"):
            self.add((*at, "right"), "a connection pairs two different endpoints")
        for pi, pair in _dicts(conn, "project_pairs"):
            for side in ("left", "right"):
                endpoint = sides[side]
                if endpoint is None or not isinstance(pair.get(side), str):
                    continue
                projects = _text_map(_dicts(endpoint, "projects"), "key")
                if pair[side] not in projects:
                    self.add(
                        (*at, "project_pairs", pi, side),
                        f"no project {_show(pair[side])} in endpoint {_show(conn[side])}"
                        + _closest(pair[side], projects),
                    )
        for mi, mapping in _dicts(conn, "type_mappings"):
            _TypeMappingNames(self, (*at, "type_mappings", mi), conn, mapping, sides).check()


class _TypeMappingNames:
    """The names a type mapping uses that its two endpoints do not have."""

    def __init__(self, names: _Names, at, conn, mapping, sides):
        self.names, self.at, self.conn, self.mapping = names, at, conn, mapping
        self.side_types = {
            side: _text_map(_dicts(endpoint, "types"), "key") if endpoint else None
            for side, endpoint in sides.items()
        }
        self.types = {}
        for side in ("left", "right"):
            self.types[side] = self._type(side)
        self.fields = {
            side: _text_map(_dicts(t, "fields"), "key") if t else None
            for side, t in self.types.items()
        }

    def _type(self, side):
        known = self.side_types[side]
        name = self.mapping.get(f"{side}_type")
        if known is None or not isinstance(name, str):
            return None  # the endpoint itself is already reported (or the schema reports it)
        found = known.get(name)
        if found is None:
            self.names.add(
                (*self.at, f"{side}_type"),
                f"no type {_show(name)} in endpoint {_show(self.conn[side])}{_closest(name, known)}",
            )
        return found

    def field(self, side, key, where):
        """The field ``key`` of the ``side`` type, reporting it when missing."""
        known = self.fields.get(side)
        if known is None or not isinstance(key, str):
            return None  # the type itself is already reported
        found = known.get(key)
        if found is None:
            type_name = self.mapping[f"{side}_type"]
            self.names.add(
                where, f"no field {_show(key)} in type {_show(type_name)}{_closest(key, known)}"
            )
        return found

    def value(self, fld, label, where):
        if fld is None or not isinstance(label, str):
            return
        labels = _text_map(_dicts(fld, "values"), "label")
        if label not in labels:
            self.names.add(
                where,
                f"no value {_show(label)} in field {_show(fld['key'])}{_closest(label, labels)}",
            )

    def check(self):
        for fi, fm in _dicts(self.mapping, "field_mappings"):
            self._field_mapping((*self.at, "field_mappings", fi), fm)
        self._rules()
        for xi, matching in _dicts(self.mapping, "existing_item_matchings"):
            for side in ("left", "right"):
                where = (*self.at, "existing_item_matchings", xi, f"{side}_field")
                self.field(side, matching.get(f"{side}_field"), where)

    def _field_mapping(self, fat, fm):
        add = self.names.add
        if fm.get("left_field") is None and fm.get("right_field") is None:
            add(fat, "a field mapping names a left or a right field")
        side_fields = {}
        for side in ("left", "right"):
            key = fm.get(f"{side}_field")
            side_fields[side] = self.field(side, key, (*fat, f"{side}_field")) if key else None
            catch_all = fm.get(f"{side}_catch_all", "")
            if catch_all:
                if key is None:
                    add((*fat, f"{side}_catch_all"), f"a catch-all value needs a {side} field")
                self.value(side_fields[side], catch_all, (*fat, f"{side}_catch_all"))
        for pi, pair in _dicts(fm, "enum_pairs"):
            for side in ("left", "right"):
                where = (*fat, "enum_pairs", pi, side)
                if fm.get(f"{side}_field") is None:
                    add(where, f"an enum pair needs a {side} field")
                else:
                    self.value(side_fields[side], pair.get(side), where)

    def _rules(self):
        known = all(t is not None for t in self.side_types.values())
        all_types = {k for types in self.side_types.values() if types for k in types}
        for ri, rule in _dicts(self.mapping, "relationship_rules"):
            rat = (*self.at, "relationship_rules", ri)
            if rule.get("side") in ("left", "right"):
                self.field(rule["side"], rule.get("field"), (*rat, "field"))
            target = rule.get("target_type")
            if target and isinstance(target, str) and known and target not in all_types:
                self.names.add(
                    (*rat, "target_type"),
                    f"no type {_show(target)} in endpoint {_show(self.conn['left'])} or "
                    f"{_show(self.conn['right'])}{_closest(target, all_types)}",
                )
