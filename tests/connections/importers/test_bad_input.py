"""Bad input gets a clear message naming the problem (and the line or key where possible)."""

import io

import pytest
from openpyxl import Workbook

from connections.importers import ImportDocument, SchemaImportError, parse_documents
from connections.importers.tabular import template_csv
from core import uploads
from facts.datatypes import DataType

from .helpers import sample


def fails(content: bytes, format="auto", type_hint="", name="doc") -> SchemaImportError:
    with pytest.raises(SchemaImportError) as error:
        parse_documents([ImportDocument(name, content)], format, type_hint)
    return error.value


def test_malformed_json_names_the_line():
    error = fails(b'{\n  "result": [\n    {"name": "x",}\n  ]\n}')
    assert error.line == 3 and "malformed JSON" in str(error)


def test_malformed_xml_names_the_line():
    error = fails(b"<Fields>\n<Field Name='a'>\n<Type>String</Type>\n</Fields>", type_hint="defect")
    assert error.line == 4 and "malformed XML" in str(error)


def test_an_empty_file_is_refused():
    assert "empty" in str(fails(b"  \n"))


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 100
    error = fails(b"[" + b'{"id": "a", "schema": {}},' * 10 + b"{}]")
    assert "over the limit of 100 bytes" in str(error)


def test_the_wrong_products_file_is_named():
    error = fails(sample("jira_rest_api_2_field__jiracli_fields.json").content, format="ado")
    assert "looks like a Jira field list, not Azure DevOps" in str(error)


def test_documents_of_two_products_are_refused_together():
    with pytest.raises(SchemaImportError, match="different products"):
        parse_documents(
            [
                sample("jira_rest_api_2_field__jiracli_fields.json"),
                sample("servicenow_api_now_table_sys_dictionary__captured_dev17826.json"),
            ]
        )


def test_unrecognisable_json_asks_for_the_format():
    assert "cannot tell which product" in str(fails(b'{"hello": "world"}'))


def test_a_missing_key_is_named_with_its_path():
    error = fails(b'[{"id": "summary", "name": "Summary", "schema": []}]')
    assert error.key == "$[0].schema" and "expected an object" in str(error)


def test_a_value_of_the_wrong_type_is_named():
    error = fails(
        b'{"projects": [{"issuetypes": [{"name": "Bug", "fields": {"summary": {"required": "maybe"}}}]}]}'
    )
    assert "required" in error.key and "true or false" in str(error)


def test_deeply_nested_json_is_refused():
    assert "nests too deeply" in str(fails(b"[" * 100_000 + b"]" * 100_000))
    assert "nests too deeply" in str(fails(b'{"a":' * 80 + b"1" + b"}" * 80))


def test_a_document_with_too_many_values_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_NODES", 50)
    assert "more than 50 values" in str(fails(b"[" + b"1," * 100 + b"1]"))


def test_huge_integers_are_refused_not_crashing():
    assert "5,000 digits" in str(fails(b'{"data": [' + b"9" * 5000 + b"]}"))


def test_xml_entity_expansion_is_refused():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b"<Fields><Field Name='a' Label='&lol2;'><Type>String</Type></Field></Fields>"
    )
    assert "DTD or entities" in str(fails(laughs, type_hint="defect"))


def test_xml_external_entities_are_refused():
    external = (
        b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<Fields><Field Name='a' Label='&x;'><Type>String</Type></Field></Fields>"
    )
    assert "DTD or entities" in str(fails(external, type_hint="defect"))


def test_xml_of_another_kind_is_refused():
    assert "not an ALM/Quality Center customization response" in str(fails(b"<html><body/></html>"))


def test_text_that_is_not_utf8_is_refused():
    assert "not UTF-8" in str(fails(b'[{"id": "\xff\xfe"}]'))


def test_csv_without_the_template_header_is_refused():
    error = fails(b"name,kind\nfoo,bar\n", format="csv")
    assert error.line == 1 and "'type' and 'key'" in str(error)


def test_csv_row_with_a_bad_flag_names_its_line():
    error = fails(b"type,key,required\ndefect,summary,yes\ndefect,severity,perhaps\n")
    assert error.line == 3 and error.key == "required"


def test_the_downloadable_template_imports_as_documented():
    schema = parse_documents([ImportDocument("template.csv", template_csv().encode())])
    defect = schema.types[0]
    fields = {f.key: f for f in defect.fields}
    assert defect.label == "Defect" and defect.states == ("New", "Open", "Fixed", "Closed")
    assert fields["severity"].data_type == DataType.ENUM and fields["severity"].required
    assert [v.label for v in fields["severity"].values][:2] == ["1-Low", "2-Low-Med"]
    assert fields["created"].system_generated and fields["created"].read_only
    assert fields["story"].relationship_targets == ("story",)


def test_csv_unknown_data_type_is_kept_as_an_addon():
    schema = parse_documents(
        [ImportDocument("x.csv", b"type;key;data_type\nbug;risk;Tempo Account\n")]
    )
    risk = schema.types[0].fields[0]
    assert risk.data_type == DataType.ADDON and risk.addon_type == "Tempo Account"


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_template_imports_like_the_csv():
    content = xlsx(
        [
            ("type", "key", "label", "data_type", "values"),
            ("defect", "severity", "Severity", "enum", "Low|High"),
        ]
    )
    schema = parse_documents([ImportDocument("fields.xlsx", content)])
    severity = schema.types[0].fields[0]
    assert (severity.label, [v.label for v in severity.values]) == ("Severity", ["Low", "High"])


def test_a_broken_xlsx_is_refused():
    assert "not a readable XLSX" in str(fails(b"PK\x03\x04 this is not really a zip"))


def test_unknown_format_is_refused():
    assert "unknown format" in str(fails(b"[]", format="word"))


def test_a_partial_page_of_create_metadata_is_imported_with_a_warning():
    page = b'{"startAt": "0", "total": 9, "values": [{"fieldId": "summary", "name": "Summary", "required": true}]}'
    schema = parse_documents([ImportDocument("page.json", page)], "auto", "Bug")
    assert any("only one page" in w for w in schema.warnings)
    # One page of several lists only some of the type's fields: it removes none of the others.
    assert not schema.types[0].fields_complete
    whole = b'{"startAt": 0, "total": 1, "values": [{"fieldId": "summary", "name": "Summary"}]}'
    assert (
        parse_documents([ImportDocument("p.json", whole)], "auto", "Bug").types[0].fields_complete
    )


def test_digits_that_are_not_decimal_are_refused_as_numbers():
    error = fails(b"type,key,max_length\ndefect,summary,\xc2\xb2\n")  # a superscript two
    assert error.key == "max_length"
    error = fails(
        b'{"data": [{"type": "field_metadata", "name": "a", "entity_name": "e", "max_length": "\xc2\xb2"}]}'
    )
    assert "max_length" in error.key
