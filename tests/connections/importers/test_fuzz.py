"""Property test: random documents and mutations of the real samples (keys dropped, types
swapped, values emptied, nesting deepened) never crash an importer with anything but
SchemaImportError, and whatever parses can be written (no partial writes when it cannot)."""

import json
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connections.importers import FORMAT_CHOICES, ImportDocument, SchemaImportError, parse_documents
from connections.imports.services import apply_import
from connections.models import EndpointUser, Field, ItemType
from tests.factories import EndpointFactory

from .helpers import SAMPLES

JSON_SAMPLES = sorted(p.name for p in SAMPLES.glob("*.json"))
XML_SAMPLES = sorted(p.name for p in SAMPLES.glob("*.xml"))
KNOWN_KEYS = [
    "id", "name", "key", "schema", "type", "items", "custom", "system", "projects", "issuetypes",
    "issueTypes", "fields", "values", "fieldId", "required", "operations", "allowedValues",
    "hasDefaultValue", "defaultValue", "accountId", "displayName", "emailAddress", "data",
    "field_type", "field_type_data", "targets", "multiple", "entity_name", "label", "editable",
    "logical_name", "list_root", "result", "element", "internal_type", "mandatory", "reference",
    "max_length", "value", "sequence", "referenceName", "alwaysRequired", "readOnly", "isIdentity",
    "body", "_request", "transitions", "to", "identity", "uniqueName", "Fields", "Field", "Name",
    "Type", "List-Id", "Lists", "Items", "Id",
]  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(
        [
            "",
            "\x00",
            "true",
            "string",
            "array",
            "reference",
            "list_node",
            "x" * 300,
            "²",
            "-٣",
            "1e400",
        ]
    )
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KNOWN_KEYS) | st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=25,
)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def paths(value, prefix=()):
    """Every path (tuple of keys/indexes) into a JSON value."""
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths(v, (*prefix, i))


def trimmed(value):
    """A sample with its long lists cut to their first items: the same shapes, fast to mutate."""
    if isinstance(value, list):
        return [trimmed(v) for v in value[:6]]
    if isinstance(value, dict):
        return {k: trimmed(v) for k, v in value.items()}
    return value


SAMPLE_DATA = {
    name: json.dumps(trimmed(json.loads((SAMPLES / name).read_text()))) for name in JSON_SAMPLES
}


@st.composite
def mutated_json(draw):
    name = draw(st.sampled_from(JSON_SAMPLES))
    data = json.loads(SAMPLE_DATA[name])
    for _ in range(draw(st.integers(1, 4))):
        all_paths = [p for p in paths(data) if p]
        if not all_paths:
            break
        path = draw(st.sampled_from(all_paths))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        operation = draw(st.sampled_from(["drop", "swap", "empty", "deepen"]))
        if operation == "drop":
            del parent[last]
        elif operation == "swap":
            parent[last] = draw(JSON_VALUES)
        elif operation == "empty":
            parent[last] = draw(st.sampled_from(["", [], {}, None, 0]))
        else:
            parent[last] = draw(st.sampled_from([[parent[last]], {"x": parent[last]}]))
    return name, json.dumps(data).encode()


@st.composite
def mutated_xml(draw):
    name = draw(st.sampled_from(XML_SAMPLES))
    root = ElementTree.fromstring((SAMPLES / name).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        elements = list(root.iter())
        element = draw(st.sampled_from(elements))
        operation = draw(st.sampled_from(["drop", "text", "empty", "deepen", "attribute"]))
        children = list(element)
        if operation == "drop" and children:
            element.remove(draw(st.sampled_from(children)))
        elif operation == "text":
            element.text = draw(st.text(max_size=20).filter(lambda t: "\x00" not in t))
        elif operation == "empty":
            element.text = ""
            for child in children:
                element.remove(child)
        elif operation == "deepen" and children:
            child = draw(st.sampled_from(children))
            element.remove(child)
            wrapper = ElementTree.SubElement(
                element, draw(st.sampled_from(["Field", "x", "List", "Items"]))
            )
            wrapper.append(child)
        else:
            element.set(
                draw(st.sampled_from(["Name", "Label", "value", "x"])),
                draw(st.text(max_size=10).filter(str.isprintable)),
            )
    return name, ElementTree.tostring(root)


def parse_or_refuse(documents, format, type_hint="defect"):
    try:
        return parse_documents(documents, format, type_hint)
    except SchemaImportError as error:
        assert error.messages and error.messages[0]
        return None


def counts(endpoint):
    return (
        ItemType.objects.filter(endpoint=endpoint).count(),
        Field.objects.filter(item_type__endpoint=endpoint).count(),
        EndpointUser.objects.filter(endpoint=endpoint).count(),
    )


@FUZZ
@given(document=mutated_json(), format=st.sampled_from(FORMAT_CHOICES))
def test_mutated_json_samples_parse_or_are_refused_clearly(document, format):
    name, content = document
    parse_or_refuse([ImportDocument(name, content)], format)


@FUZZ
@given(document=mutated_xml(), format=st.sampled_from(["auto", "alm"]))
def test_mutated_xml_samples_parse_or_are_refused_clearly(document, format):
    name, content = document
    parse_or_refuse([ImportDocument(name, content)], format)


@FUZZ
@given(value=JSON_VALUES, format=st.sampled_from(FORMAT_CHOICES))
def test_random_documents_parse_or_are_refused_clearly(value, format):
    parse_or_refuse([ImportDocument("random.json", json.dumps(value).encode())], format)


@FUZZ
@given(content=st.binary(max_size=200), format=st.sampled_from(FORMAT_CHOICES))
def test_random_bytes_parse_or_are_refused_clearly(content, format):
    parse_or_refuse([ImportDocument("random.bin", content)], format)


@pytest.mark.django_db
@settings(FUZZ, max_examples=25)
@given(first=mutated_json(), second=mutated_json())
def test_whatever_parses_is_written_whole_and_nothing_else_is_written(plan, first, second):
    endpoint = EndpointFactory(
        plan=plan
    )  # the plan is shared by the examples: users are slow to make
    for name, content in (first, second):
        before = counts(endpoint)
        schema = parse_or_refuse([ImportDocument(name, content)], "auto")
        if schema is None:
            assert counts(endpoint) == before
            continue
        apply_import(endpoint, schema)
        if schema.types:
            known = {t.key for t in schema.types}
            assert known <= set(
                ItemType.objects.filter(endpoint=endpoint, removed=False).values_list(
                    "key", flat=True
                )
            )
