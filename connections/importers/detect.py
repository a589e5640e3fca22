"""Which product's response a document is, and parsing a set of documents into one schema.

``parse_documents(documents, format="auto", type_hint="")`` is the one entry point the import
service, the command and the upload page use. With ``auto`` each document's kind is told from
its content; with a named format a document that is clearly another product's is refused.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from . import ado, alm, jira, octane, servicenow, tabular
from .documents import (
    ImportDocument,
    check_size,
    load_csv,
    load_json,
    load_xlsx,
    load_xml,
    looks_like_json,
    looks_like_xlsx,
    looks_like_xml,
)
from .schema import ImportedSchema, SchemaImportError, finalize

# Format name → (product, label). "auto" tells the format from the content.
FORMATS: dict[str, tuple[str, str]] = {
    "jira-fields": ("jira", "Jira field list (/rest/api/2|3/field)"),
    "jira-createmeta": ("jira", "Jira create metadata (createmeta)"),
    "jira-users": ("jira", "Jira user search"),
    "jira-editmeta": ("jira", "Jira edit metadata (editmeta, or an issue with expand=editmeta)"),
    "ado": ("ado", "Azure DevOps (fields, work item types, states, picklists, members)"),
    "octane": ("octane", "ALM Octane (metadata/entities, metadata/fields, list nodes)"),
    "servicenow": ("servicenow", "ServiceNow (sys_dictionary, sys_choice)"),
    "alm": ("alm", "ALM/Quality Center (customization fields, used-lists; XML or JSON)"),
    "csv": ("tabular", "Generic CSV template"),
    "xlsx": ("tabular", "Generic XLSX template"),
}
FORMAT_CHOICES = ("auto", *FORMATS)
PRODUCT_NAMES = {
    "jira": "Jira",
    "ado": "Azure DevOps",
    "octane": "ALM Octane",
    "servicenow": "ServiceNow",
    "alm": "ALM/Quality Center",
    "tabular": "the generic template",
}
BUILDERS = {
    "jira": jira.build,
    "ado": ado.build,
    "octane": octane.build,
    "servicenow": servicenow.build,
    "alm": alm.build,
    "tabular": tabular.build,
}
KIND_LABELS = {
    "jira-fields": "a Jira field list",
    "jira-createmeta": "Jira create metadata",
    "jira-users": "a Jira user search response",
    "jira-editmeta": "Jira edit metadata",
    "ado": "an Azure DevOps response",
    "octane": "an ALM Octane response",
    "servicenow": "a ServiceNow sys_dictionary response",
    "servicenow-choices": "a ServiceNow sys_choice response",
    "alm": "an ALM/Quality Center customization response",
    "tabular": "a generic template",
}


def _first(value) -> dict:
    if isinstance(value, list):
        return next((v for v in value if isinstance(v, dict)), {})
    return {}


def json_kind(data) -> str:
    """The kind of a parsed JSON document (a key of KIND_LABELS), or ""."""
    if isinstance(data, list):
        first = _first(data)
        if any(k in first for k in ("schema", "clauseNames", "custom")) and "id" in first:
            return "jira-fields"
        if any(k in first for k in ("accountId", "displayName", "emailAddress")):
            return "jira-users"
        return ""
    if not isinstance(data, dict):
        return ""
    if _is_octane_sdk_routes(data):
        raise SchemaImportError(
            "this is the ALM Octane JavaScript SDK's generated routes file, not a metadata "
            "response: export GET .../metadata/fields (and metadata/entities, list_nodes) instead"
        )
    body, _url = ado.unwrap(data)
    if body is not data:
        return "ado" if ado.kind_of(body) else ""
    if isinstance(data.get("projects"), list) or isinstance(data.get("issueTypes"), list):
        return "jira-createmeta"
    if isinstance(data.get("editmeta"), dict) or _is_jira_editmeta(data):
        return "jira-editmeta"
    if isinstance(data.get("fields"), dict) and isinstance(data.get("key"), str):
        raise SchemaImportError(
            "this is one Jira issue (its field values, with their names and schema: the field "
            "information of one issue), not a schema: it does not say which fields are required "
            "or settable. Export the create metadata (GET /rest/api/2/issue/createmeta?"
            "projectKeys=KEY&expand=projects.issuetypes.fields), or fetch the issue with "
            "expand=editmeta for its edit metadata"
        )
    for key in ("fields", "values"):
        first = _first(data.get(key))
        if "fieldId" in first or ("subtask" in first and "name" in first):
            return "jira-createmeta"
    first = _first(data.get("data"))
    if first.get("type") in (
        "field_metadata",
        "entity_metadata",
        "list_node",
        "phase",
        "workspace_user",
    ):
        return "octane"
    first = _first(data.get("result", data.get("records")))
    if "element" in first:
        return "servicenow" if "internal_type" in first else "servicenow-choices"
    if ado.kind_of(data):
        return "ado"
    if any(k in data for k in ("Fields", "Field", "Lists", "List", "lists")):
        return "alm"
    return ""


def _is_jira_editmeta(data: dict) -> bool:
    """``GET /rest/api/2/issue/{key}/editmeta``: ``{"fields": {id: {schema, operations, ...}}}``."""
    fields = data.get("fields")
    if not isinstance(fields, dict) or not fields or len(data) > 2:
        return False
    return all(isinstance(v, dict) and "operations" in v for v in fields.values())


def _is_octane_sdk_routes(data: dict) -> bool:
    source = data.get("_source")
    if isinstance(source, str) and "routes" in source and "octane" in source.lower():
        return True
    return any(
        isinstance(v, dict) and isinstance(v.get("create"), dict) and "params" in v["create"]
        for v in data.values()
    )


def load(document: ImportDocument, format: str):
    """(kind, parsed content) of one document; ``format`` names the expected one or "auto"."""
    check_size(document)
    if format == "xlsx" or (format == "auto" and looks_like_xlsx(document)):
        rows = load_xlsx(document)
        return "tabular", rows
    if format == "csv" or (
        format == "auto" and not (looks_like_json(document) or looks_like_xml(document))
    ):
        rows = load_csv(document)
        if format == "auto" and not tabular.is_template(rows):
            raise SchemaImportError(
                "not JSON, XML or a template CSV (a template's header names the columns 'type' and 'key')",
                document=document.name,
                line=1,
            )
        return "tabular", rows
    if looks_like_xml(document):
        root = load_xml(document)
        if root.tag not in ("Fields", "Field", "Lists", "List"):
            raise SchemaImportError(
                f"an XML document with root <{root.tag[:40]}> is not an ALM/Quality Center "
                "customization response (<Fields> or <Lists>)",
                document=document.name,
            )
        return "alm", root
    if not looks_like_json(document):
        raise SchemaImportError(
            f"expected JSON (starting with {{ or [) for the {format} format",
            document=document.name,
            line=1,
        )
    data = load_json(document)
    try:
        kind = json_kind(data)
    except SchemaImportError as exc:
        raise SchemaImportError(exc.message, document=document.name) from exc
    return kind, data


def _product(kind: str) -> str:
    if kind.startswith("servicenow"):
        return "servicenow"
    return FORMATS[kind][0] if kind in FORMATS else kind


def parse_documents(
    documents: list[ImportDocument], format: str = "auto", type_hint: str = ""
) -> ImportedSchema:
    """One neutral schema from ``documents`` (all of one product), or SchemaImportError."""
    if format not in FORMAT_CHOICES:
        raise SchemaImportError(f"unknown format {format!r}; one of {', '.join(FORMAT_CHOICES)}")
    if not documents:
        raise SchemaImportError("no document to import")
    loaded = []
    for document in documents:
        kind, data = load(document, format)
        if format != "auto":
            wanted = FORMATS[format][0]
            if kind and _product(kind) != wanted:
                raise SchemaImportError(
                    f"this looks like {KIND_LABELS[kind]}, not {PRODUCT_NAMES[wanted]} ({format})",
                    document=document.name,
                )
            if not kind:  # not recognised: let the chosen importer say what is missing
                kind = format if format.startswith("jira-") else wanted
        elif not kind:
            shape = "an XML document" if isinstance(data, Element) else "this JSON"
            raise SchemaImportError(
                f"cannot tell which product's response {shape} is; choose the format",
                document=document.name,
            )
        loaded.append((document.name, kind, data))
    products = {_product(kind) for _, kind, _ in loaded}
    if len(products) > 1:
        names = ", ".join(sorted(PRODUCT_NAMES[p] for p in products))
        raise SchemaImportError(
            f"the documents come from different products ({names}); import one product at a time"
        )
    product = products.pop()
    schema = finalize(BUILDERS[product](loaded, type_hint.strip()))
    if not schema.types and not schema.users:
        raise SchemaImportError("the documents describe no item types, fields or users")
    return schema
