"""Pages and rules agree on effective direction, compatibility and the enum default, over
generated plans (no database: these pages' read models work on any field record, so the same
snapshot records go to the page function and to the validator)."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from connections.enums.pairs import defaults
from connections.field_mappings.coverage import enum_coverage
from connections.field_mappings.workspace import check_pair
from facts.datatypes import DataType
from planner.document.snapshot import (
    ConnectionSnap,
    EnumValueSnap,
    ItemTypeSnap,
    PlanSnapshot,
    TypeMappingSnap,
)
from planner.validation.context import Context
from planner.validation.engine import validate
from tests.planner.validation.builders import endpoint, f, fm, pairs, values

_types = st.sampled_from([t.value for t in DataType if t != DataType.ADDON])
_direction = st.sampled_from(["l2r", "r2l", "both"])
_own = st.sampled_from(["", "l2r", "r2l", "both"])


def _plan(left_field, right_field, type_direction, mapping):
    left = ItemTypeSnap(key="t", label="T", fields=(left_field,))
    right = ItemTypeSnap(key="t", label="T", fields=(right_field,))
    tm = TypeMappingSnap(left_type="t", right_type="t", direction=type_direction,
                         field_mappings=(mapping,))  # fmt: skip
    return PlanSnapshot(
        name="generated",
        endpoints=(endpoint("a", "A", "alm-qc", [left]), endpoint("b", "B", "jira", [right])),
        connections=(ConnectionSnap(key="a-b", left="a", right="b", type_mappings=(tm,)),),
    )


_field = st.builds(
    lambda data_type, read_only, system_generated, key: f(
        key, data_type, read_only=read_only, system_generated=system_generated
    ),
    _types,
    st.booleans(),
    st.booleans(),
    st.just("x"),
)


@settings(max_examples=200, deadline=None)
@given(left=_field, right=_field, type_direction=_direction, own=_own,
       calculated=st.sampled_from([None, "left", "right"]))  # fmt: skip
def test_the_workspace_pair_check_and_the_rules_see_the_same_effective_direction(
    left, right, type_direction, own, calculated
):
    mapping = fm(None if calculated == "left" else "x", None if calculated == "right" else "x", own)
    snapshot = _plan(left, right, type_direction, mapping)
    page = check_pair(
        SimpleNamespace(direction=type_direction),
        None if calculated == "left" else left,
        None if calculated == "right" else right,
        own,
    )
    (rule_view,) = Context(snapshot).mappings
    assert page.effective == rule_view.effective


@settings(max_examples=200, deadline=None)
@given(left=_field, right=_field, own=_direction)
def test_the_workspace_pair_check_and_fld001_fld002_agree_on_compatibility(left, right, own):
    snapshot = _plan(left, right, "l2r", fm("x", "x", own))
    page = check_pair(SimpleNamespace(direction="l2r"), left, right, own)
    codes = {finding.code for finding in validate(snapshot)}
    if page.effective == "none":
        return  # FLD-006 alone reports it (one cause, one finding); the page still warns
    assert (page.level == "incompatible") == ("FLD-001" in codes)
    assert (page.level == "fragile") == ("FLD-002" in codes)  # no sizes here: type risks only
    assert (page.level == "as_text") == ("REL-004" in codes)


_labels = st.sampled_from(["Low", "Mid", "High"])


@settings(max_examples=200, deadline=None)
@given(couples=st.lists(st.tuples(_labels, _labels), min_size=1, max_size=5, unique=True),
       direction=_direction)  # fmt: skip
def test_the_pair_editors_bold_default_is_the_value_enm002_says_is_written(couples, direction):
    labels = ("Low", "Mid", "High")
    left = f("x", DataType.ENUM, values=values(*labels))
    right = f("x", DataType.ENUM, values=values(*labels))
    snapshot = _plan(left, right, "l2r", fm("x", "x", direction, enum_pairs=pairs(*couples)))
    messages = " ".join(x.message for x in validate(snapshot) if x.code == "ENM-002")
    items = [SimpleNamespace(id=i, left=a, right=b) for i, (a, b) in enumerate(couples)]
    bold = defaults(items)
    flows_into = {"left": direction in ("r2l", "both"), "right": direction in ("l2r", "both")}
    for receiver, shared in (("left", "right"), ("right", "left")):
        for i, flags in bold.items():
            if not flags.get(shared):
                continue  # not the default of a group sharing one value of the other side
            group = [p for p in items if getattr(p, shared) == getattr(items[i], shared)]
            if len({getattr(p, receiver) for p in group}) < 2 or not flows_into[receiver]:
                continue
            written = f'"{getattr(items[i], shared)}" is written into'
            assert written in messages
            assert f'as "{getattr(items[i], receiver)}"' in messages


@settings(max_examples=200, deadline=None)
@given(couples=st.lists(st.tuples(_labels, _labels), max_size=4, unique=True),
       inactive=st.sets(_labels), direction=_direction,
       catch_all=st.sampled_from(["", "Low"]))  # fmt: skip
def test_the_enum_coverage_bar_and_enm001_agree_on_unpaired_values(
    couples, inactive, direction, catch_all
):
    labels = ("Low", "Mid", "High")
    left = f("x", DataType.ENUM, values=tuple(
        EnumValueSnap(v, i, active=v not in inactive) for i, v in enumerate(labels)))  # fmt: skip
    right = f("x", DataType.ENUM, values=values(*labels))
    mapping = fm("x", "x", direction, enum_pairs=pairs(*couples), right_catch_all=catch_all)
    snapshot = _plan(left, right, "l2r", mapping)
    bar = enum_coverage(left.values, right.values, couples, "", catch_all)
    codes = [x.code for x in validate(snapshot)]
    left_lost = direction in ("l2r", "both") and bar.left_unpaired and not catch_all
    right_lost = direction in ("r2l", "both") and bar.right_unpaired
    assert bool(left_lost or right_lost) == ("ENM-001" in codes)
