import pytest

from planner.exports.answers import NO_ANSWER, answer_text, data_sentence, noted


@pytest.mark.parametrize(
    ("data", "sentence"),
    [
        ({"confirmed": True}, "Confirmed."),
        ({"every": 5, "unit": "minutes"}, "Synchronize every 5 minutes."),
        ({"scope": "since", "cutoff": "2026-01-01"},
         "Initial load: Items changed since a cut-off date (cut-off 2026-01-01)."),
        ({"from": "previous_tool"}, "Moving from another synchronization tool."),
        ({"types": {"defect->bug": {"existing": 1200, "new": 40, "per": "week"}}},
         "Volumes: defect->bug: 1200 existing and 40 new per week."),
        ({"left": "Testers", "right": "Developers"}, "ALM: Testers Jira: Developers"),
        ({"types": ["defect", "story"]}, "Types: defect, story."),
        ({}, ""),
    ],
)  # fmt: skip
def test_structured_answers_read_as_sentences(data, sentence):
    assert data_sentence(data, "ALM", "Jira") == sentence


@pytest.mark.parametrize("data", [{"a": {"b": [1, {"c": True}]}}, ["x"], 5, {"scope": 3}])
def test_any_stored_json_reads_without_braces(data):
    text = data_sentence(data)

    assert "{" not in text and "[" not in text and '"' not in text


@pytest.mark.parametrize("text", ["", "tbd", "N/A", "-- None --", "Defects"])
def test_placeholder_answers_show_a_visible_blank(text):
    assert answer_text(text) == NO_ANSWER


def test_what_was_typed_instead_of_an_answer_stays_as_a_note():
    assert noted("tbd") == "Written: “tbd”."
    assert noted("") == ""
    assert noted("Defects found in system test") == ""


def test_a_real_answer_is_kept():
    assert answer_text("Defects found in system test") == "Defects found in system test"
