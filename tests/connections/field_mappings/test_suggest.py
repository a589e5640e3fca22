from types import SimpleNamespace

from connections.field_mappings.suggest import (
    normalize_key,
    suggest_enum_pairs,
    suggest_field_pairs,
)
from connections.models import Direction
from facts.datatypes import Compat
from facts.names import normalize_name


def f(key, label=None, data_type="string", **flags):
    return SimpleNamespace(
        key=key, label=label if label is not None else key, data_type=data_type, **flags
    )


def pairs(suggestions):
    return [(s.left_key, s.right_key) for s in suggestions]


def test_names_are_normalized_like_the_user_matching_rules_say():
    assert normalize_name("  Détecté   par!! ") == "detecte par"
    assert normalize_key("customfield_Severity") == "severity"
    assert normalize_key("detectedOnDate") == "detected on date"
    assert normalize_key("u_short_description") == "short description"


def test_identically_named_fields_of_the_same_type_are_proposed_first():
    left = [f("priority", "Priority", "enum"), f("summary", "Summary")]
    right = [f("name", "Name"), f("priority", "Priority", "enum")]
    result = suggest_field_pairs(left, right, direction=Direction.L2R)
    assert pairs(result) == [("priority", "priority"), ("summary", "name")]
    assert result[0].score == 100
    assert result[1].reason == "known synonym"


def test_similar_labels_match_across_key_styles():
    left = [f("BG_DETECTION_DATE", "Detected on Date", "date")]
    right = [f("customfield_10020", "Detected on date", "date")]
    assert pairs(suggest_field_pairs(left, right, direction=Direction.L2R)) == [
        ("BG_DETECTION_DATE", "customfield_10020")
    ]


def test_incompatible_pairs_are_never_proposed_however_similar_the_names():
    left = [f("owner", "Owner", "boolean")]
    right = [f("owner", "Owner", "user")]
    assert suggest_field_pairs(left, right, direction=Direction.BOTH) == []


def test_fragile_pairs_rank_below_clean_ones_and_name_their_risk():
    left = [f("due", "Due", "datetime"), f("target", "Target", "date")]
    right = [f("due", "Due", "date"), f("target", "Target", "date")]
    result = suggest_field_pairs(left, right, direction=Direction.L2R)
    assert pairs(result) == [("target", "target"), ("due", "due")]
    assert result[1].compatibility is Compat.FRAGILE
    assert "time part is dropped" in result[1].reason
    assert result[1].score < result[0].score


def test_already_mapped_and_removed_fields_are_excluded():
    left = [f("a", "Alpha"), f("b", "Beta"), f("c", "Gamma", removed=True)]
    right = [f("a", "Alpha"), f("b", "Beta"), f("c", "Gamma")]
    result = suggest_field_pairs(
        left, right, direction=Direction.L2R, mapped_left={"a"}, mapped_right=set()
    )
    assert pairs(result) == [("b", "b")]


def test_pairs_that_could_write_nothing_are_excluded():
    left = [f("id", "ID", system_generated=True)]
    right = [f("id", "ID", read_only=True)]
    assert suggest_field_pairs(left, right, direction=Direction.BOTH) == []


def test_each_field_is_proposed_once_and_dissimilar_fields_not_at_all():
    left = [f("status", "Status"), f("state", "State")]
    right = [f("status", "Status"), f("zzz", "Completely unrelated")]
    assert pairs(suggest_field_pairs(left, right, direction=Direction.L2R)) == [
        ("status", "status")
    ]


def test_three_hundred_fields_a_side_are_suggested_quickly():
    import time

    left = [f(f"field_{i}", f"Custom information {i}") for i in range(300)]
    right = [f(f"cf{i}", f"Custom Information {i}") for i in range(300)]
    started = time.process_time()  # CPU time: the machine may be shared
    result = suggest_field_pairs(left, right, direction=Direction.BOTH)
    assert time.process_time() - started < 1.0
    assert len(result) == 300
    assert all(s.left_key.split("_")[1] == s.right_key[2:] for s in result)


def test_identical_and_near_identical_enum_labels_are_paired():
    result = suggest_enum_pairs(
        ["New", "Open", "1-Low", "Rejected"], ["open", "Low", "new", "Done"]
    )
    assert [(s.left, s.right, s.identical) for s in result] == [
        ("New", "new", True),
        ("Open", "open", True),
        ("1-Low", "Low", False),
    ]


def test_existing_pairs_are_not_proposed_again_nor_pairs_of_two_paired_values():
    result = suggest_enum_pairs(
        ["High", "Medium", "Critical"],
        ["High", "Medium", "Critical"],
        existing_pairs=[("High", "Medium"), ("Medium", "High")],
    )
    # High→High and Medium→Medium would only compete with existing pairs of paired values.
    assert [(s.left, s.right) for s in result] == [("Critical", "Critical")]


def test_a_value_without_a_pair_is_proposed_even_when_its_match_is_paired_elsewhere():
    result = suggest_enum_pairs(["Medium", "Critical"], ["Medium"], [("Critical", "Medium")])
    assert [(s.left, s.right) for s in result] == [("Medium", "Medium")]
