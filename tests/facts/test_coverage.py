"""Required-field coverage per creating side (facts/coverage.py)."""

from types import SimpleNamespace

from facts.coverage import (
    CALCULATED,
    CONSTRAINT,
    DEFAULT,
    MAPPED,
    MISSING,
    RELATIONSHIP_RULE,
    SET_BY_TOOL,
    creating_sides,
    required_fields,
    unmapped,
)
from planner.document.snapshot import FieldSnap


def fld(key, **flags):
    return FieldSnap(key=key, label=key.title(), data_type="string", **flags)


def covered(result):
    return {(r.side, r.field.key): r.covered_by for r in result}


def test_only_the_sides_a_type_mapping_creates_on_are_judged():
    assert creating_sides("l2r") == ("right",)
    assert creating_sides("r2l") == ("left",)
    assert creating_sides("both") == ("left", "right")
    left = [fld("title", required=True)]
    right = [fld("summary", required=True), fld("notes")]
    result = required_fields("l2r", None, None, left, right, [])
    assert covered(result) == {("right", "summary"): MISSING}


def test_a_required_field_is_covered_by_a_mapping_a_calculated_value_or_a_default():
    left = [fld("title", required=True), fld("created", required=True, system_generated=True)]
    right = [
        fld("summary", required=True),
        fld("severity", required=True),
        fld("phase", required=True, has_default=True),
    ]
    result = required_fields(
        "both", None, None, left, right, [("title", "summary"), (None, "severity")]
    )
    assert covered(result) == {
        ("left", "title"): MAPPED,
        ("right", "summary"): MAPPED,
        ("right", "severity"): CALCULATED,
        ("right", "phase"): DEFAULT,
    }


def test_on_creation_every_mapping_fills_the_new_item_whatever_its_direction():
    # The direction of a field mapping governs updates; on creation Connect uses every mapping.
    # The mapping is passed as keys only: its direction (r2l here) cannot matter.
    right = [fld("summary", required=True)]
    result = required_fields("l2r", None, None, [fld("title")], right, [("title", "summary")])
    assert covered(result) == {("right", "summary"): MAPPED}


def test_a_calculated_value_covers_only_the_side_it_sets():
    left, right = [fld("title", required=True)], [fld("summary", required=True)]
    result = required_fields("both", None, None, left, right, [(None, "summary")])
    assert covered(result) == {("left", "title"): MISSING, ("right", "summary"): CALCULATED}


def test_a_relationship_rule_and_a_data_model_constraint_cover_their_fields():
    sprint = SimpleNamespace(parent_type="release", parent_field="release",
                             date_window_fields=("start", "end"))  # fmt: skip
    right = [fld("release", required=True), fld("start", required=True),
             fld("team", required=True), fld("name", required=True)]  # fmt: skip
    result = required_fields("l2r", None, sprint, [], right, [], [("right", "team")])
    assert covered(result) == {
        ("right", "release"): CONSTRAINT,
        ("right", "start"): CONSTRAINT,
        ("right", "team"): RELATIONSHIP_RULE,
        ("right", "name"): MISSING,
    }
    # A rule for the same key on the other side covers nothing here.
    other = required_fields("l2r", None, None, [], right, [], [("left", "team")])
    assert covered(other)[("right", "team")] == MISSING


def test_a_field_the_sync_tool_sets_itself_is_covered():
    # ``set_by_sync_tool`` is a field fact (project, issue type, ...); records without it are not.
    project = SimpleNamespace(key="project", label="Project", required=True, read_only=False,
                              system_generated=False, removed=False, has_default=False,
                              set_by_sync_tool=True)  # fmt: skip
    result = required_fields("l2r", None, None, [], [project, fld("summary", required=True)], [])
    assert covered(result) == {("right", "project"): SET_BY_TOOL, ("right", "summary"): MISSING}


def test_read_only_system_generated_and_removed_fields_are_never_required_input():
    right = [fld("id", required=True, read_only=True),
             fld("created", required=True, system_generated=True),
             fld("gone", required=True, removed=True)]  # fmt: skip
    assert required_fields("l2r", None, None, [], right, []) == []


def test_unmapped_fields_are_those_no_mapping_or_calculated_value_names():
    left = [fld("title"), fld("severity"), fld("gone", removed=True), fld("owner")]
    right = [fld("summary"), fld("team"), fld("notes")]
    mappings = [("title", "summary"), (None, "team"), ("owner", "summary")]
    assert [f.key for f in unmapped("left", left, mappings)] == ["severity"]
    assert [f.key for f in unmapped("right", right, mappings)] == ["notes"]
    assert [f.key for f in unmapped("left", left, [])] == ["title", "severity", "owner"]
