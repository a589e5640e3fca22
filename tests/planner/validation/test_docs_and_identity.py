from dataclasses import replace
from pathlib import Path

from connections.management.commands.datatypes_table import page
from facts.datatypes import DataType
from planner.exports.sheets import effective_direction
from planner.validation.findings import fingerprint, subject_fragment
from planner.wizard.questions import QUESTIONS, is_answered, is_placeholder, unanswered

from .builders import change_endpoint, change_field, clean_plan, f, fm

DOC = Path(__file__).resolve().parents[3] / "docs" / "data-types.md"
DEF = "connections/alm-jira/types/defect->defect"


def test_the_data_types_page_matches_the_matrix_in_the_code():
    assert DOC.read_text(encoding="utf-8") == page()


def test_the_data_types_page_lists_every_data_type():
    assert all(label in page() for label in DataType.labels)


def test_placeholders_are_not_answers_and_sentences_are():
    for text in ("", ".", "n/a", "N/A", "tbd", "TODO", "?", "-", "same as above", "x", "later"):
        assert is_placeholder(text), text
    for text in ("Testers log defects in ALM.", "No relationships are synchronized."):
        assert not is_placeholder(text), text


def test_the_use_case_questions_cover_the_guidelines():
    assert [q.key for q in QUESTIONS] == [
        "user-types-and-roles", "product-roles", "information-to-share", "who-creates",
        "data-subsets", "permissions", "relationships", "direction", "existing-items",
    ]  # fmt: skip
    connection = clean_plan().connections[0]
    assert unanswered(connection) == []
    empty = replace(connection, answers=(), type_mappings=())
    assert {q.key for q in QUESTIONS if not is_answered(q, empty)} == {q.key for q in QUESTIONS} - {
        "existing-items"
    }


def test_a_fingerprint_changes_with_its_subject_only():
    plan = clean_plan()
    subject = f"{DEF}/fields/f_int->f_int"
    before = fingerprint(plan, subject)
    assert fingerprint(clean_plan(), subject) == before
    other = change_field(plan, "jira", "defect", "f_text", label="Renamed")
    assert fingerprint(other, subject) == before
    changed = change_field(plan, "jira", "defect", "f_int", read_only=True)
    assert fingerprint(changed, subject) != before


def test_every_kind_of_subject_has_a_fragment():
    plan = clean_plan()
    for subject in (
        "plan",
        "endpoints/alm",
        "endpoints/alm/types/defect",
        "endpoints/alm/types/defect/fields/f_int",
        "connections/alm-jira",
        DEF,
        f"{DEF}/fields/f_enum->f_enum",
        f"{DEF}/fields/->origin",
        f"{DEF}/fields/f_enum->f_enum/values/Low->Low",
        "connections/alm-jira/users",
        "connections/alm-jira/users/alice->Alice Smith",
        "operations/certificate/tls",
    ):
        assert subject_fragment(plan, subject), subject
    assert subject_fragment(plan, "endpoints/nowhere") == {}


def test_an_endpoint_fingerprint_ignores_its_types_and_users():
    plan = clean_plan()
    before = fingerprint(plan, "endpoints/alm")
    assert (
        fingerprint(change_field(plan, "alm", "defect", "f_int", required=True), "endpoints/alm")
        == before
    )
    assert (
        fingerprint(
            change_endpoint(plan, "alm", lambda e: replace(e, network_path="proxy")),
            "endpoints/alm",
        )
        != before
    )


def test_the_effective_direction_drops_flows_into_unwritable_fields():
    plan = clean_plan()
    tm = plan.connections[0].type_mappings[0]
    left, right = plan.endpoint("alm").type("defect"), plan.endpoint("jira").type("defect")
    assert effective_direction(tm, fm("f_bool", "f_bool", "both"), left, right) == "both"
    assert effective_direction(tm, fm("f_bool", "id", "both"), left, right) == "r2l"
    assert effective_direction(tm, fm("id", "f_bool", "both"), left, right) == "l2r"
    assert effective_direction(tm, fm("id", "id", "both"), left, right) == "none"
    assert effective_direction(tm, fm(None, "origin"), left, right) == "l2r"  # calculated value
    assert effective_direction(tm, fm("name", "name"), left, right) == "l2r"  # inherits the type's
    assert f("x").writable
