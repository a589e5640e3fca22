"""Plan-document strictness (issue 14 point 4): members given twice are refused with their path,
a wrong format says what it found, every problem is reported in one pass, a misspelt key gets
the closest one, and paths name elements by their key."""

import copy
import io
import json

import pytest
from django.core.management import CommandError, call_command

from planner.document.dump import plan_document
from planner.document.load import (
    DocumentRejected,
    import_document,
    parse_document,
    validate_document,
)
from planner.models import Plan
from tests.factories import UserFactory
from tests.planner.document.plans import full_plan

pytestmark = pytest.mark.django_db

MAPPING = "/connections[alm-jira]/type_mappings[defect->bug]"


@pytest.fixture
def doc():
    return plan_document(full_plan())


def _with_repeated_member(doc) -> str:
    """The document's JSON text with the ``alm`` endpoint's name given twice (the second one
    is what a plain JSON reader would silently keep)."""
    text = json.dumps(doc)
    given = '"key": "alm", "name": "ALM/QC"'
    assert given in text
    return text.replace(given, given + ', "name": "Other"', 1)


def test_a_member_given_twice_is_refused_with_its_path(doc):
    parsed = parse_document(_with_repeated_member(doc))

    assert validate_document(parsed) == [
        '/endpoints[alm]: member "name" is given twice; a member appears once in an object'
    ]
    with pytest.raises(DocumentRejected):
        import_document(parsed, user=UserFactory())


def test_the_import_command_refuses_a_member_given_twice(doc, tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(_with_repeated_member(doc))
    before = Plan.objects.count()
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("check_plan_document", str(path), stderr=err)

    assert '/endpoints[alm]: member "name" is given twice' in err.getvalue()
    assert Plan.objects.count() == before


def test_a_wrong_format_version_says_what_it_found(doc):
    doc["format"] = "syncplan/2"

    assert validate_document(doc) == [
        '/format: format "syncplan/2": this installation reads plan documents of format '
        '"syncplan/1"'
    ]
    del doc["format"]
    assert validate_document(doc)[0].startswith("/format: no format member: ")


def test_five_mistakes_are_all_reported_in_one_pass(doc):
    """Schema mistakes used to hide the name mistakes until they were fixed."""
    mapping = doc["connections"][0]["type_mappings"][0]
    doc["endpoints"][0]["types"][0]["fields"][0]["data_type"] = "spreadsheet"  # schema
    mapping["direction"] = "sideways"  # schema
    mapping["field_mappings"][0]["right_field"] = "sumary"  # unknown field
    doc["endpoints"][1]["types"].append(copy.deepcopy(doc["endpoints"][1]["types"][0]))  # dup
    text = _with_repeated_member(doc)  # a member given twice

    problems = validate_document(parse_document(text))

    assert len(problems) == 5, problems
    assert problems[0].startswith('/endpoints[alm]: member "name" is given twice')
    assert {p.split(": ")[0] for p in problems[1:]} == {
        "/endpoints[alm]/types[defect]/fields[jira-key]/data_type",
        f"{MAPPING}/direction",
        f"{MAPPING}/field_mappings[name->sumary]/right_field",
        "/endpoints[jira]/types/2",
    }


def test_an_unknown_key_offers_the_closest_one(doc):
    mapping = doc["connections"][0]["type_mappings"][0]
    mapping["field_mappings"][1]["right_field"] = "priorty"
    mapping["field_mappings"][1]["enum_pairs"][0]["left"] = "1-low"

    assert validate_document(doc) == [
        f'{MAPPING}/field_mappings[severity->priorty]/right_field: no field "priorty" in type '
        '"bug" (did you mean "priority"?)',
        f"{MAPPING}/field_mappings[severity->priorty]/enum_pairs[1-low↔Minor]/left: no value "
        '"1-low" in field "severity" (did you mean "1-Low"?)',
    ]


def test_an_unknown_key_with_nothing_close_offers_nothing(doc):
    doc["connections"][0]["type_mappings"][0]["field_mappings"][0]["left_field"] = "xyz"

    (problem,) = validate_document(doc)

    assert problem.endswith('no field "xyz" in type "defect"')


def test_paths_name_elements_by_key_down_to_the_enum_pair(doc):
    pairs = doc["connections"][0]["type_mappings"][0]["field_mappings"][1]["enum_pairs"]
    pairs[1]["right"] = "Majr"

    (problem,) = validate_document(doc)

    assert problem == (
        f"{MAPPING}/field_mappings[severity->priority]/enum_pairs[2-High↔Majr]/right: "
        'no value "Majr" in field "priority" (did you mean "Major"?)'
    )


@pytest.mark.parametrize(
    "broken",
    [
        {"endpoints": "none"},
        {"endpoints": [1, {"key": 2}]},
        {"connections": [{"key": "c", "left": None, "type_mappings": [{"left_type": 3}]}]},
    ],
)
def test_a_badly_shaped_document_is_reported_not_crashed_on(broken):
    problems = validate_document({"format": "syncplan/1", "plan": {"name": "x"}, **broken})

    assert problems and all(p.startswith("/") for p in problems)
