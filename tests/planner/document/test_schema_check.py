"""The plan document's schema check: the compiled validator decides, jsonschema only explains a
document already found wrong; messages name each element by its key (issue 12, point 11)."""

import pytest

from planner.document import schema_check
from planner.document.dump import plan_document
from planner.document.load import validate_document
from tests.planner.document.plans import full_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def doc():
    return plan_document(full_plan())


def _refuse_to_explain(monkeypatch):
    def explaining_validator():
        raise AssertionError("jsonschema must not run on a conforming document")

    monkeypatch.setattr(schema_check, "explaining_validator", explaining_validator)


def test_a_conforming_document_is_passed_by_the_compiled_validator_alone(doc, monkeypatch):
    _refuse_to_explain(monkeypatch)

    assert schema_check.schema_problems(doc) == []
    assert validate_document(doc) == []


@pytest.mark.parametrize(
    ("break_it", "where"),
    [
        (lambda d: d["connections"][0]["type_mappings"][0].update(direction="sideways"),
         "/connections[alm-jira]/type_mappings[defect->bug]/direction: "),
        (lambda d: d["endpoints"][1].pop("name"), "/endpoints[jira]: "),
        (lambda d: d["sync_server"]["operations"][0].update(expires_on="2027-13-45"),
         "/sync_server/operations[certificate jira-cert]/expires_on: "),
        (lambda d: d["sync_server"]["operations"][1].update(expires_on="1 March"),
         "/sync_server/operations[credential alm-password]/expires_on: "),
        (lambda d: d.update(surprise=True), "/: "),
    ],
)  # fmt: skip
def test_each_break_is_caught_by_the_compiled_validator_and_explained_with_its_pointer(
    doc, break_it, where
):
    break_it(doc)

    assert not schema_check.compiled_validator().is_valid(doc)
    problems = validate_document(doc)
    assert problems and all(p.startswith("/") for p in problems)
    assert any(p.startswith(where) for p in problems), problems


def test_the_compiled_validator_checks_the_schema_draft_and_its_date_format():
    schema = schema_check.document_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    validator = schema_check.compiled_validator()
    assert type(validator).__name__ == "Draft202012Validator"
