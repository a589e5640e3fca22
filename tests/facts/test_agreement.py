"""The pages and the rules agree, because they ask the same plan facts.

Each concept has a test that runs the page's read model and the validator's rule over the same
generated plans (hypothesis), plus the two contradictions issue 13 quoted, each reproduced as
it was reported.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connections.field_mappings.workspace import load_workspace
from connections.models import Direction, TypeMapping, UserMap, UserMapEntry
from connections.users.services import preview, shared_representation
from facts.datatypes import DataType
from planner.document.snapshot import build_snapshot
from planner.validation.engine import validate
from tests.factories import (
    CalculatedValueFactory,
    ConnectionFactory,
    EndpointFactory,
    EndpointUserFactory,
    FieldFactory,
    FieldMappingFactory,
    PlanFactory,
    RelationshipRuleFactory,
    TypeMappingFactory,
    UserMapEntryFactory,
    UserMapFactory,
)

pytestmark = pytest.mark.django_db

DB_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _workspace(tm):
    tm = TypeMapping.objects.select_related(
        "connection__left", "connection__right", "left_type", "right_type"
    ).get(pk=tm.pk)
    return load_workspace(tm.connection.plan, tm)


def _fld007(plan, code="FLD-007"):
    """{(side, field key)} of the plan's FLD-007 (or FLD-008) findings."""
    found = set()
    for finding in validate(build_snapshot(plan)):
        if finding.code != code:
            continue
        left, right = finding.subject.rsplit("/fields/", 1)[1].split("->")
        found.add(("right", right) if right else ("left", left))
    return found


# ---------------------------------------------------------------------------------------------
# Required-field coverage: the workspace's "required field not covered" and FLD-007.


def test_a_field_set_by_a_relationship_rule_is_covered_in_the_workspace_as_for_fld007(plan):
    # Reported: the workspace said "1 required field not covered: Release (right)" where a
    # relationship rule sets Release, and the validator raised no FLD-007.
    tm = TypeMappingFactory(connection=ConnectionFactory(plan=plan), direction=Direction.L2R)
    release = FieldFactory(item_type=tm.right_type, key="release", label="Release",
                           data_type=DataType.RELATIONSHIP, required=True)  # fmt: skip
    RelationshipRuleFactory(type_mapping=tm, field=release)
    summary = FieldFactory(item_type=tm.right_type, key="summary", label="Summary", required=True)
    FieldMappingFactory(type_mapping=tm, right_field=summary)
    assert _workspace(tm).missing_required == []
    assert _fld007(plan) == set()


def test_a_required_field_mapped_against_the_creation_direction_still_covers_creation(plan):
    # Creating in Jira (L→R) from a mapping declared R→L: Connect fills Summary from it anyway.
    tm = TypeMappingFactory(connection=ConnectionFactory(plan=plan), direction=Direction.L2R)
    summary = FieldFactory(item_type=tm.right_type, key="summary", required=True)
    FieldMappingFactory(type_mapping=tm, right_field=summary, direction=Direction.R2L)
    assert _workspace(tm).missing_required == []
    assert _fld007(plan) == set()


_flags = st.fixed_dictionaries(
    {
        "required": st.booleans(),
        "read_only": st.booleans(),
        "system_generated": st.booleans(),
        "has_default": st.booleans(),
        "removed": st.booleans(),
    }
)
_side_fields = st.lists(_flags, min_size=1, max_size=4)
_direction = st.sampled_from(["l2r", "r2l", "both"])


@DB_SETTINGS
@given(
    type_direction=_direction,
    lefts=_side_fields,
    rights=_side_fields,
    data=st.data(),
)
def test_the_workspace_and_fld007_fld008_agree_on_generated_type_mappings(
    db, type_direction, lefts, rights, data
):
    plan = PlanFactory()
    tm = TypeMappingFactory(connection=ConnectionFactory(plan=plan), direction=type_direction)
    left = [FieldFactory(item_type=tm.left_type, key=f"l{i}", **kw) for i, kw in enumerate(lefts)]
    right = [
        FieldFactory(item_type=tm.right_type, key=f"r{i}", **kw) for i, kw in enumerate(rights)
    ]
    pairs = data.draw(
        st.lists(
            st.tuples(
                st.one_of(st.none(), st.integers(0, len(left) - 1)),
                st.one_of(st.none(), st.integers(0, len(right) - 1)),
                st.sampled_from(["", "l2r", "r2l", "both"]),
            ).filter(lambda p: p[0] is not None or p[1] is not None),
            max_size=4,
            unique_by=lambda p: (p[0], p[1]),
        )
    )
    for i, j, direction in pairs:
        lf = left[i] if i is not None else None
        rf = right[j] if j is not None else None
        if lf is None or rf is None:
            mapping = FieldMappingFactory(type_mapping=tm, left_field=lf, right_field=rf)
            CalculatedValueFactory(field_mapping=mapping)
        else:
            FieldMappingFactory(type_mapping=tm, left_field=lf, right_field=rf, direction=direction)
    ruled = data.draw(st.lists(st.sampled_from(left + right), unique=True, max_size=2))
    for f in ruled:
        RelationshipRuleFactory(type_mapping=tm, field=f)

    ws = _workspace(tm)
    page_missing = {(r.side, r.field.key) for r in ws.missing_required}
    page_default = {
        (r.side, r.field.key) for r in ws.left_fields + ws.right_fields if r.required == "default"
    }
    assert page_missing == _fld007(plan, "FLD-007")
    assert page_default == _fld007(plan, "FLD-008")


# ---------------------------------------------------------------------------------------------
# User resolution: the user map page's preview and USR-002.


def _user_plan(plan, strategy, left_users, right_users, entries, representation="username"):
    connection = ConnectionFactory(
        plan=plan,
        left=EndpointFactory(plan=plan, user_representation=representation,
                             user_directory_complete=True),
        right=EndpointFactory(plan=plan, user_representation=representation,
                              user_directory_complete=True),
    )  # fmt: skip
    tm = TypeMappingFactory(connection=connection, direction=Direction.L2R)
    FieldMappingFactory(
        type_mapping=tm,
        left_field__data_type=DataType.USER,
        right_field__data_type=DataType.USER,
    )
    made = {"left": [], "right": []}
    for side, specs in (("left", left_users), ("right", right_users)):
        endpoint = connection.left if side == "left" else connection.right
        for username, full_name, email in specs:
            made[side].append(
                EndpointUserFactory(
                    endpoint=endpoint, username=username, full_name=full_name, email=email
                )
            )
    user_map = UserMapFactory(connection=connection, strategy=strategy)
    for a, b in entries:
        UserMapEntryFactory(user_map=user_map, left_username=a, right_username=b)
    return connection, user_map, made


def _page(connection, user_map, made):
    """The user map page's preview, read as the page reads it."""
    entries = list(UserMapEntry.objects.filter(user_map=user_map))
    return preview(
        UserMap.objects.get(pk=user_map.pk),
        made["left"],
        made["right"],
        entries,
        shared_representation(connection),
    )


def _usr002(plan) -> list:
    return [f for f in validate(build_snapshot(plan)) if f.code == "USR-002"]


def test_jdoe_and_jdoe_match_by_username_on_the_page_and_for_usr002(plan):
    # Reported: the user map page said "matched (2/2)" for JDoe / jdoe under match-by-username,
    # and the validator raised USR-002.
    connection, user_map, made = _user_plan(
        plan, "by_username", [("JDoe", "John Doe", "")], [("jdoe", "John Doe", "")], []
    )
    page = _page(connection, user_map, made)
    assert [r.outcome for r in page.left + page.right] == ["matched", "matched"]
    assert _usr002(plan) == []


def test_an_explicit_pair_is_never_unmatched_under_matching_by_name(plan):
    # Issue 14: matching by name or email honours explicit entries first.
    connection, user_map, made = _user_plan(
        plan, "by_name", [("gbear", "Gary Bear", "")], [("gary.b", "G. Bear", "")],
        [("gbear", "gary.b")],
    )  # fmt: skip
    page = _page(connection, user_map, made)
    assert [r.outcome for r in page.left] == ["entry"]
    assert _usr002(plan) == []


def test_without_the_explicit_pair_the_same_users_are_unmatched_by_name(plan):
    connection, user_map, made = _user_plan(
        plan, "by_name", [("gbear", "Gary Bear", "")], [("gary.b", "G. Bear", "")], []
    )
    page = _page(connection, user_map, made)
    assert [r.outcome for r in page.left] == ["unmatched"]
    assert len(_usr002(plan)) == 1


_names = st.sampled_from(["JDoe", "jdoe", "ann", "Ann", "bo", "Zoë", "zoe", "cy"])
_full = st.sampled_from(["John Doe", "john  doe", "Ann Lee", "Zoë Smith", "Zoe Smith", ""])
_mail = st.sampled_from(["", "a@x.org", "A@X.org", "b@x.org"])
_users = st.lists(st.tuples(_names, _full, _mail), max_size=3, unique_by=lambda u: u[0])


@DB_SETTINGS
@given(
    strategy=st.sampled_from(["explicit", "by_name", "by_email", "by_username"]),
    representation=st.sampled_from(["username", "email", "full_name"]),
    left_users=_users,
    right_users=_users,
    data=st.data(),
)
def test_the_user_map_preview_and_usr002_agree_on_generated_directories(
    db, strategy, representation, left_users, right_users, data
):
    entries = data.draw(st.lists(st.tuples(_names, _names), max_size=2, unique=True))
    plan = PlanFactory()
    connection, user_map, made = _user_plan(
        plan, strategy, left_users, right_users, entries, representation
    )
    page = _page(connection, user_map, made)
    unmatched_left = [r for r in page.left if r.outcome == "unmatched"]
    assert bool(unmatched_left) == bool(_usr002(plan))  # only left → right flows here
