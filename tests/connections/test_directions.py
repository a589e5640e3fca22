from types import SimpleNamespace

from connections.models import Direction, Field, TypeMapping
from facts.direction import NOWHERE, effective_direction
from planner.document.snapshot import FieldSnap, TypeMappingSnap


def field(label="Summary", **flags):
    return FieldSnap(key=label.lower(), label=label, data_type="string", **flags)


def tm(direction=Direction.BOTH):
    return SimpleNamespace(direction=direction)


def test_a_blank_direction_inherits_the_type_mappings():
    direction, reason = effective_direction(tm(Direction.L2R), field(), field(), "")
    assert direction == Direction.L2R
    assert "inherits L→R" in reason


def test_a_declared_direction_wins_over_the_type_mappings():
    direction, reason = effective_direction(tm(Direction.L2R), field(), field(), Direction.BOTH)
    assert direction == Direction.BOTH
    assert reason == "declared both ways"


def test_both_ways_into_a_read_only_right_field_narrows_to_right_to_left():
    right = field("Resolved on", read_only=True)
    direction, reason = effective_direction(tm(), field("Closed"), right, Direction.BOTH)
    assert direction == Direction.R2L
    assert reason == "declared both ways, effective R→L because Resolved on is read-only"


def test_both_ways_into_a_system_generated_left_field_narrows_to_left_to_right():
    left = field("Created", system_generated=True)
    direction, reason = effective_direction(tm(), left, field("Opened"), "")
    assert direction == Direction.L2R
    assert "because Created is system-generated" in reason


def test_id_to_id_flows_nowhere():
    left = field("ID", system_generated=True)
    right = field("Key", read_only=True)
    direction, reason = effective_direction(tm(), left, right, "")
    assert direction == NOWHERE
    assert "nothing can be written" in reason
    assert "ID is system-generated" in reason and "Key is read-only" in reason


def test_one_way_into_a_read_only_field_flows_nowhere():
    direction, _ = effective_direction(tm(), field(), field(read_only=True), Direction.L2R)
    assert direction == NOWHERE


def test_a_calculated_value_flows_into_its_one_field_whatever_the_type_mapping_says():
    direction, reason = effective_direction(tm(Direction.R2L), None, field("Severity"), "")
    assert direction == Direction.L2R
    assert "calculated value is written into Severity" in reason
    direction, _ = effective_direction(tm(Direction.L2R), field("Team"), None, "")
    assert direction == Direction.R2L


def test_a_calculated_value_into_a_read_only_field_flows_nowhere():
    direction, _ = effective_direction(tm(), None, field(read_only=True), "")
    assert direction == NOWHERE


def test_it_works_on_unsaved_model_instances_and_snapshot_type_mappings_alike():
    left = Field(key="a", label="A", data_type="string")
    right = Field(key="b", label="B", data_type="string", read_only=True)
    model_result = effective_direction(TypeMapping(direction="both"), left, right, "")
    snap_result = effective_direction(
        TypeMappingSnap(left_type="x", right_type="y", direction="both"),
        field("A"),
        field("B", read_only=True),
        "",
    )
    assert model_result == snap_result == (Direction.R2L, model_result[1])
