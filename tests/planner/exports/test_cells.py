from datetime import date

import pytest

from planner.exports.cells import neutralize, safe_value


@pytest.mark.parametrize("text", ["=1+2", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_a_text_that_would_run_as_a_formula_is_neutralized(text):
    assert neutralize(text) == "'" + text


@pytest.mark.parametrize("text", ["Summary", "1-Low", "a=b", "", "'quoted"])
def test_ordinary_text_is_left_alone(text):
    assert neutralize(text) == text


def test_cell_values_keep_numbers_and_spell_out_the_rest():
    assert safe_value(-5) == -5
    assert safe_value(True) == "yes"
    assert safe_value(None) is None and safe_value("") is None
    assert safe_value(date(2027, 1, 2)) == "2027-01-02"
    assert safe_value("bad\x01char") == "badchar"
    assert safe_value('=HYPERLINK("x")') == '\'=HYPERLINK("x")'


def test_a_formula_hidden_behind_a_control_character_is_still_neutralized():
    assert safe_value("\x01=cmd()") == "'=cmd()"
