from facts.names import normalize_name


def test_names_compare_without_case_accents_spacing_or_punctuation():
    assert normalize_name("  Ève   O'Brien-Smith ") == "eve o brien smith"
    assert normalize_name("JOSÉ  garcía") == normalize_name("Jose Garcia")
    assert normalize_name("customfield_10010") == "customfield 10010"
    assert normalize_name(None) == ""
    assert normalize_name("Gary Bear") != normalize_name("Gary Beard")
