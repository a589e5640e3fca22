"""Item responses into neutral items, the format told by the content (as the schema importers do).

A neutral item is its id, key, type and ``{field key or label: raw value}``. Raw values are
read into neutral values only when a mapped field asks (``SampleSet.value``), so reading a large
export costs little more than parsing it:

- ``None``, ``str``, ``int``, ``float``, ``bool``;
- ``Ref(label, id)``: a value-list option, status, version, sprint or reference;
- ``UserValue``: a person, with the identities the product gave;
- a tuple of those for multi-valued fields.

Formats: Jira REST v2/v3 search or issue (with its ``names`` map when expanded), Jira Agile
sprint lists, Azure DevOps work items (list, batch or single), ServiceNow Table API, ALM Octane
entity lists and ALM/QC entity collections (JSON or XML; both from the products' REST
references, no published sample exists), and CSV with a header row. Nothing here imports Django.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as xml_fromstring

from core import uploads
from facts.names import normalize_name

# The limits are core.uploads' (one home for every upload's limits); this module applies
# them on bytes so a large export is checked at the speed of memory.
MAX_BYTES = uploads.DEFAULT_MAX_BYTES
MAX_DEPTH = uploads.MAX_DEPTH
MAX_VALUE_CHARS = 1_000_000  # one field's text


class SampleError(ValueError):
    """An item response that cannot be read, with the reason in words."""


# Named tuples: hashed and compared in C, made cheaply; a large export makes millions. A
# multi-valued value is a plain ``tuple`` (``type(v) is tuple``), never one of these.
class Ref(NamedTuple):
    label: str
    id: str = ""


class UserValue(NamedTuple):
    username: str = ""
    full_name: str = ""
    email: str = ""
    account_id: str = ""
    active: bool = True  # facts.users reads it

    @property
    def shown(self) -> str:
        return self.full_name or self.username or self.email or self.account_id


@dataclass(slots=True)
class Item:
    id: str
    key: str
    type: str
    fields: dict


@dataclass
class SampleSet:
    """The items of one document, with the product format it was read as."""

    name: str
    product: str  # jira | ado | servicenow | octane | alm | csv
    items: list[Item]
    names: dict = field(default_factory=dict)  # field key -> label (Jira ``names``)
    type_hint: str = ""  # the item type of every item, for responses that do not name it
    # A part of a larger set (planner.rehearsal.chunks) keeps the whole set's (item type, field
    # key) pairs in order of first appearance, so its fields resolve as the whole set's do.
    key_order: tuple | None = None

    @property
    def normalizer(self):
        """The function reading one raw value of this format into a neutral value."""
        return _NORMALIZERS[self.product]

    def value(self, raw):
        return _NORMALIZERS[self.product](raw)


# ---------------------------------------------------------------------------------------------
# Limits and hostile input.


def check_limits(content: bytes, name: str, max_bytes: int = MAX_BYTES) -> None:
    """Refuse what no product exports: empty, over the size limit, NUL bytes; for JSON, nesting
    deeper than ``MAX_DEPTH`` and a string longer than ``MAX_VALUE_CHARS`` (CSV cells and XML
    values are checked as they are read). The limits are core.uploads'; the checks work on
    the raw bytes, where a parse-then-walk would double the cost of reading a large export."""
    if not content.strip():
        raise SampleError(f"{name}: the document is empty")
    if len(content) > max_bytes:
        raise SampleError(
            f"{name}: the document is {len(content):,} bytes, over the limit of {max_bytes:,}"
        )
    if b"\x00" in content:
        raise SampleError(f"{name}: the document contains NUL bytes")
    if content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] not in (b"{", b"["):
        return
    # Byte operations only, so a large export is checked at the speed of memory.
    if _LONG_STRING.search(content):
        raise SampleError(f"{name}: a value is longer than {MAX_VALUE_CHARS:,} characters")
    if _depth(content.translate(None, delete=_NOT_BRACKETS)) <= MAX_DEPTH:
        return
    # Brackets inside strings may have hidden the real nesting: count again without them.
    outside = content.replace(b"\\\\", b"").replace(b'\\"', b"").split(b'"')[::2]
    if _depth(b"".join(outside).translate(None, delete=_NOT_BRACKETS)) > MAX_DEPTH:
        raise SampleError(f"{name}: the document nests deeper than {MAX_DEPTH} levels")


def _depth(brackets: bytes) -> int:
    """How many rounds of removing innermost ``[]`` / ``{}`` pairs empty ``brackets``;
    MAX_DEPTH + 1 when it takes more, or when they never empty (unbalanced)."""
    for depth in range(MAX_DEPTH + 1):
        if not brackets:
            return depth
        brackets = brackets.replace(b"[]", b"").replace(b"{}", b"")
    return MAX_DEPTH + 1


_LONG_STRING = re.compile(rb'"[^"]{%d}' % (MAX_VALUE_CHARS + 1))
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


# ---------------------------------------------------------------------------------------------
# Reading a document.


def read(content: bytes, name: str = "pasted text", max_bytes: int = MAX_BYTES) -> SampleSet:
    """The items of one document, its format told by its content."""
    check_limits(content, name, max_bytes)
    head = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in (b"{", b"["):
        try:
            data = json.loads(content)  # bytes: no second copy of a large export as text
        except UnicodeDecodeError as exc:
            raise SampleError(f"{name}: not UTF-8 text (byte {exc.start})") from exc
        except json.JSONDecodeError as exc:
            raise SampleError(f"{name}: malformed JSON at line {exc.lineno}: {exc.msg}") from exc
        except RecursionError as exc:
            raise SampleError(f"{name}: the document nests deeper than {MAX_DEPTH} levels") from exc
        return _read_json(data, name)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SampleError(f"{name}: not UTF-8 text (byte {exc.start})") from exc
    if head == b"<":
        return _read_alm_xml(text, name)
    return _read_csv(text, name)


def _read_json(data, name: str) -> SampleSet:
    # A Microsoft REST-spec example keeps the response under responses["200"].body.
    if isinstance(data, dict) and isinstance(data.get("responses"), dict):
        body = (data["responses"].get("200") or {}).get("body")
        if body is not None:
            data = body
    if isinstance(data, dict):
        if isinstance(data.get("issues"), list):
            return _jira(data["issues"], name, data.get("names") or {})
        if "fields" in data and "key" in data and isinstance(data["fields"], dict):
            return _jira([data], name, data.get("names") or {})
        if isinstance(data.get("values"), list) and _all_sprints(data["values"]):
            return _jira_sprints(data["values"], name)
        if isinstance(data.get("value"), list) and all(_is_ado(i) for i in data["value"]):
            return _ado(data["value"], name)
        if _is_ado(data):
            return _ado([data], name)
        if isinstance(data.get("result"), (list, dict)):
            result = data["result"]
            return _servicenow(result if isinstance(result, list) else [result], name)
        if isinstance(data.get("data"), list) and "total_count" in data:
            return _octane(data["data"], name)
        if isinstance(data.get("entities"), list):
            return _alm_json(data["entities"], name)
        if "Fields" in data and "Type" in data:
            return _alm_json([data], name)
    raise SampleError(
        f"{name}: not an item response Syncplan reads (Jira search or issue, Azure DevOps work "
        "items, ServiceNow table, ALM Octane entities, ALM/QC entities, or CSV)"
    )


def _is_ado(item) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("fields"), dict)
        and "id" in item
        and any(k.startswith("System.") for k in item["fields"])
    )


def _all_sprints(values) -> bool:
    return bool(values) and all(
        isinstance(v, dict) and "id" in v and "name" in v and "state" in v for v in values
    )


# Jira ------------------------------------------------------------------------------------------


def _jira(issues, name: str, names: dict) -> SampleSet:
    items = []
    for issue in issues:
        fields = issue.get("fields") or {}
        issue_type = fields.get("issuetype") or {}
        key = str(issue.get("key") or issue.get("id") or "")
        fields.setdefault("issuekey", key)
        items.append(
            Item(
                str(issue.get("id") or key),
                key,
                issue_type.get("name", "") if isinstance(issue_type, dict) else "",
                fields,
            )
        )
    return SampleSet(name, "jira", items, dict(names))


def _jira_sprints(values, name: str) -> SampleSet:
    items = [Item(str(v["id"]), str(v.get("name", "")), "sprint", dict(v)) for v in values]
    return SampleSet(name, "jira", items)


_LEGACY_SPRINT = re.compile(
    r"^com\.atlassian\.greenhopper\.service\.sprint\.Sprint@[^\[]*\[(.*)\]$"
)
_SPRINT_PART = re.compile(r"(\w+)=(.*?)(?=,\w+=|$)")


def parse_sprint(value) -> Ref | None:
    """A Jira sprint value: the legacy string (``...Sprint@1a2b[id=3,rapidViewId=1,
    state=ACTIVE,name=Sprint 3,...]``) or a Cloud sprint object (``{"id": 3, "name": ...,
    "state": ..., "boardId": ...}``). None when it is neither."""
    if isinstance(value, str):
        match = _LEGACY_SPRINT.match(value)
        if not match:
            return None
        parts = dict(_SPRINT_PART.findall(match.group(1)))
        return Ref(parts.get("name", ""), parts.get("id", ""))
    if isinstance(value, dict) and "name" in value and "id" in value:
        return Ref(str(value["name"]), str(value["id"]))
    return None


def _adf_text(node) -> str:
    """The text of an Atlassian Document Format node (REST v3 rich text)."""
    if isinstance(node, dict):
        if node.get("type") == "text":
            return node.get("text", "")
        inner = "".join(_adf_text(c) for c in node.get("content") or ())
        block = node.get("type") in ("paragraph", "heading", "listItem", "codeBlock")
        return inner + ("\n" if block else "")
    return ""


def _jira_value(raw):
    kind = type(raw)
    if kind is str:
        if raw.startswith("com.atlassian.greenhopper"):
            return parse_sprint(raw) or raw
        return raw
    if kind is dict:
        if "displayName" in raw or "accountId" in raw or "emailAddress" in raw:
            return UserValue(
                raw.get("name") or raw.get("accountId") or "",
                raw.get("displayName") or "",
                raw.get("emailAddress") or "",
                raw.get("accountId") or "",
            )
        if "value" in raw:
            return Ref(str(raw["value"]), str(raw.get("id", "")))
        if "name" in raw:
            return Ref(str(raw["name"]), str(raw.get("id", "")))
        if raw.get("type") == "doc" and "content" in raw:
            return _adf_text(raw).rstrip("\n")
        if "key" in raw:
            return Ref(str(raw["key"]), str(raw.get("id", "")))
        return raw
    if kind is list:
        return tuple(_jira_value(v) for v in raw if type(v) is not list)  # one level
    return raw


# Azure DevOps ----------------------------------------------------------------------------------


def _ado(work_items, name: str) -> SampleSet:
    items = []
    for wi in work_items:
        fields = wi["fields"]
        items.append(
            Item(str(wi["id"]), str(wi["id"]), str(fields.get("System.WorkItemType", "")), fields)
        )
    return SampleSet(name, "ado", items)


_NAME_AND_EMAIL = re.compile(r"^\s*(.*?)\s*<([^<>@\s]+@[^<>\s]+)>\s*$")


def user_from_text(text: str) -> UserValue:
    """A user written as text: ``"Johnnie McLeod <fabrikamfiber2@hotmail.com>"`` (Azure DevOps
    before identity objects), an email, or a name or username."""
    match = _NAME_AND_EMAIL.match(text)
    if match:
        return UserValue(username=match.group(2), full_name=match.group(1), email=match.group(2))
    if "@" in text and " " not in text.strip():
        return UserValue(username=text.strip(), email=text.strip())
    return UserValue(username=text.strip(), full_name=text.strip())


def _ado_value(raw):
    if isinstance(raw, dict):
        if "uniqueName" in raw or "displayName" in raw:
            unique = raw.get("uniqueName") or ""
            return UserValue(
                username=unique,
                full_name=raw.get("displayName") or "",
                email=unique if "@" in unique else "",
                account_id=raw.get("id") or "",
            )
        return Ref(str(raw.get("name") or raw.get("value") or ""), str(raw.get("id", "")))
    if isinstance(raw, list):
        return tuple(_ado_value(v) for v in raw if not isinstance(v, list))
    return raw


# ServiceNow -----------------------------------------------------------------------------------


def _servicenow(records, name: str) -> SampleSet:
    items = []
    for record in records:
        if not isinstance(record, dict):
            raise SampleError(f"{name}: a ServiceNow result that is not a record")
        items.append(
            Item(
                str(record.get("sys_id") or record.get("number") or ""),
                str(record.get("number") or record.get("sys_id") or ""),
                str(record.get("sys_class_name") or ""),
                record,
            )
        )
    return SampleSet(name, "servicenow", items)


def _servicenow_value(raw):
    # Every value is a string; "" is the empty value. A reference is {link, value(sys_id)}, or
    # {display_value, value} with sysparm_display_value=all.
    if raw == "":
        return None
    if isinstance(raw, dict):
        label = raw.get("display_value") or raw.get("value") or ""
        return Ref(str(label), str(raw.get("value", "")))
    return raw


# ALM Octane (REST reference: GET .../workspaces/{id}/defects -> {"total_count", "data": [...]},
# references {"type", "id", "name"}, multi-references {"total_count", "data"}) ------------------


def _octane(entities, name: str) -> SampleSet:
    items = [
        Item(
            str(e.get("id", "")),
            str(e.get("id", "")),
            str(e.get("subtype") or e.get("type") or ""),
            e,
        )
        for e in entities
    ]
    return SampleSet(name, "octane", items)


def _nests(value) -> bool:
    """A list, or a multi-reference, inside a multi-valued value: no product writes one, and
    reading it would recurse as deep as the document nests."""
    return isinstance(value, list) or (isinstance(value, dict) and "data" in value)


def _octane_value(raw):
    if isinstance(raw, dict):
        if isinstance(raw.get("data"), list):
            return tuple(_octane_value(v) for v in raw["data"] if not _nests(v))
        if raw.get("type") in ("workspace_user", "sharedspace_user", "user"):
            return UserValue(
                username=raw.get("name") or raw.get("email") or "",
                full_name=raw.get("full_name") or "",
                email=raw.get("email") or "",
                account_id=str(raw.get("id", "")),
            )
        return Ref(str(raw.get("name") or raw.get("id") or ""), str(raw.get("id", "")))
    if isinstance(raw, list):
        return tuple(_octane_value(v) for v in raw if not _nests(v))
    return raw


# ALM/QC (REST reference: GET .../domains/{d}/projects/{p}/defects; JSON {"entities": [{"Type",
# "Fields": [{"Name", "values": [{"value"}]}]}], "TotalResults"} or XML <Entities><Entity
# Type><Fields><Field Name><Value>) -----------------------------------------------------------


def _alm_item(entity_type: str, fields: dict) -> Item:
    ident = str(fields.get("id") or "")
    return Item(ident, ident, entity_type, fields)


def _alm_json(entities, name: str) -> SampleSet:
    items = []
    for entity in entities:
        fields = {}
        for f in entity.get("Fields") or ():
            values = [v.get("value") for v in f.get("values") or () if v.get("value") is not None]
            fields[f.get("Name", "")] = (
                None if not values else values[0] if len(values) == 1 else tuple(values)
            )
        items.append(_alm_item(str(entity.get("Type", "")), fields))
    return SampleSet(name, "alm", items)


def _read_alm_xml(text: str, name: str) -> SampleSet:
    try:
        root = xml_fromstring(text)
    except (DefusedXmlException, SyntaxError) as exc:
        raise SampleError(f"{name}: malformed or refused XML: {exc}") from exc
    entities = [root] if root.tag == "Entity" else root.findall("Entity")
    if root.tag not in ("Entity", "Entities"):
        raise SampleError(f"{name}: an XML document that is not an ALM/QC entity collection")
    items = []
    for entity in entities:
        fields = {}
        for f in entity.iter("Field"):
            values = [v.text for v in f.findall("Value") if v.text]
            if any(len(v) > MAX_VALUE_CHARS for v in values):
                raise SampleError(f"{name}: a value is over {MAX_VALUE_CHARS:,} characters")
            fields[f.get("Name", "")] = (
                None if not values else values[0] if len(values) == 1 else tuple(values)
            )
        items.append(_alm_item(entity.get("Type", ""), fields))
    return SampleSet(name, "alm", items)


def _alm_value(raw):
    return None if raw == "" else raw


# CSV -------------------------------------------------------------------------------------------

_ID_COLUMNS = ("id", "key", "issue key", "number", "issue id", "work item id")
_TYPE_COLUMNS = ("type", "issue type", "work item type", "item type", "subtype")


def _read_csv(text: str, name: str) -> SampleSet:
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) < 2 or len(rows[0]) < 2:
        raise SampleError(f"{name}: a CSV export needs a header row and at least one item")
    header = [h.strip() for h in rows[0]]
    normalized = [normalize_name(h) for h in header]
    id_col = next((normalized.index(c) for c in _ID_COLUMNS if c in normalized), 0)
    type_col = next((normalized.index(c) for c in _TYPE_COLUMNS if c in normalized), None)
    items = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        if len(row) != len(header):
            raise SampleError(
                f"{name}: line {line} has {len(row)} columns, the header {len(header)}"
            )
        if max(map(len, row)) > MAX_VALUE_CHARS:
            raise SampleError(
                f"{name}: line {line} has a value over {MAX_VALUE_CHARS:,} characters"
            )
        fields = {h: (v if v != "" else None) for h, v in zip(header, row, strict=True)}
        items.append(
            Item(row[id_col], row[id_col], row[type_col] if type_col is not None else "", fields)
        )
    return SampleSet(name, "csv", items)


def _csv_value(raw):
    return raw


_NORMALIZERS: dict[str, Any] = {
    "jira": _jira_value,
    "ado": _ado_value,
    "servicenow": _servicenow_value,
    "octane": _octane_value,
    "alm": _alm_value,
    "csv": _csv_value,
}


# ---------------------------------------------------------------------------------------------
# Resolving an item's fields to the endpoint type's fields.


@dataclass(frozen=True)
class Resolution:
    by_field: dict  # endpoint field key -> the item's field key
    how: dict  # endpoint field key -> "key" | "names map" | "label"
    unresolved: tuple[str, ...]  # the items' field keys no endpoint field matches


def key_order(sample: SampleSet) -> tuple:
    """The (item type, field key) pairs of the sample's items in order of first appearance: what
    ``resolve_fields`` reads of the items, kept by a part of the set."""
    order: dict = {}
    for item in sample.items:
        kind = item.type
        order.update(dict.fromkeys((kind, key) for key in item.fields))
    return tuple(order)


def resolve_fields(sample: SampleSet, item_type) -> Resolution:
    """Match the field keys the sample's items of ``item_type`` carry to the type's fields: by
    key (``customfield_10050``, ``System.State``, ``priority``), by the response's ``names``
    map, or by label (normalized)."""
    keys: dict[str, None] = {}
    wanted = {normalize_name(item_type.key), normalize_name(item_type.label)}
    taken: dict[str, bool] = {}

    def takes(type_name) -> bool:
        ok = taken.get(type_name)
        if ok is None:
            ok = taken[type_name] = bool(
                sample.type_hint or not type_name or normalize_name(type_name) in wanted
            )
        return ok

    if sample.key_order is not None:
        for type_name, key in sample.key_order:
            if takes(type_name):
                keys[key] = None
    else:
        for item in sample.items:
            if takes(item.type):
                keys.update(dict.fromkeys(item.fields))
    by_key = {f.key: f for f in item_type.fields}
    by_label = {}
    for f in item_type.fields:
        by_label.setdefault(normalize_name(f.label), f)
    by_field, how, unresolved = {}, {}, []
    for raw in keys:
        found, way = by_key.get(raw), "key"
        if found is None and raw in sample.names:
            found, way = by_label.get(normalize_name(sample.names[raw])), "names map"
        if found is None:
            found, way = by_label.get(normalize_name(raw)), "label"
        if found is None or found.key in by_field:
            if found is None:
                unresolved.append(raw)
            continue
        by_field[found.key] = raw
        how[found.key] = way
    return Resolution(by_field, how, tuple(unresolved))
