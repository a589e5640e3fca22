"""Subject paths and finding status: the pages' forms and the validator's agree."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connections.editing import subject_path
from connections.enums.services import pair_subject
from connections.field_mappings.services import field_mapping_subject, type_mapping_subject
from facts import status
from planner.document.snapshot import build_snapshot
from planner.models import Acknowledgement, Finding
from planner.validation import findings as finding_subjects
from planner.validation.display import FindingFilter, findings_page
from planner.validation.services import open_findings
from tests.factories import (
    CalculatedValueFactory,
    ConnectionFactory,
    EnumPairFactory,
    PlanFactory,
    TypeMappingFactory,
    UserMapEntryFactory,
)

pytestmark = pytest.mark.django_db


def test_the_authoring_services_and_the_validator_name_a_mapping_the_same_way(plan):
    tm = TypeMappingFactory(connection=ConnectionFactory(plan=plan, key="alm-jira"))
    pair = EnumPairFactory(field_mapping__type_mapping=tm)
    calculated = CalculatedValueFactory(field_mapping__type_mapping=tm).field_mapping
    entry = UserMapEntryFactory(user_map__connection=tm.connection, left_username="gbear",
                                right_username="Gary Bear")  # fmt: skip
    mapping = pair.field_mapping

    snap = build_snapshot(plan).connections[0]
    snap_tm = snap.type_mappings[0]
    snap_fms = {fm.key: fm for fm in snap_tm.field_mappings}
    key = f"{mapping.left_field.key}->{mapping.right_field.key}"
    assert type_mapping_subject(tm) == subject_path(tm)
    assert type_mapping_subject(tm) == finding_subjects.type_mapping_subject("alm-jira", snap_tm)
    assert field_mapping_subject(
        tm, mapping.left_field, mapping.right_field
    ) == finding_subjects.field_mapping_subject("alm-jira", snap_tm, key)
    assert field_mapping_subject(
        tm, None, calculated.right_field
    ) == finding_subjects.field_mapping_subject(
        "alm-jira", snap_tm, f"->{calculated.right_field.key}"
    )
    snap_pair = snap_fms[key].enum_pairs[0]
    assert pair_subject(
        mapping, pair.left_value.label, pair.right_value.label
    ) == finding_subjects.enum_pair_subject("alm-jira", snap_tm, snap_fms[key], snap_pair)
    assert subject_path(entry) == finding_subjects.users_subject(
        "alm-jira", snap.user_map.entries[0]
    )


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(acks=st.lists(st.sampled_from(["none", "current", "stale"]), min_size=1, max_size=6))
def test_the_findings_page_and_the_open_counts_agree_on_what_is_open(db, acks):
    plan = PlanFactory()
    for i, kind in enumerate(acks):
        Finding.objects.create(plan=plan, plan_revision=plan.revision, code="FLD-007",
                               severity="error", subject=f"s/{i}", fingerprint=f"fp{i}",
                               message="m")  # fmt: skip
        if kind != "none":
            Acknowledgement.objects.create(
                plan=plan, code="FLD-007", subject=f"s/{i}", reason="accepted",
                fingerprint=f"fp{i}" if kind == "current" else "older", acknowledged_by="u",
            )  # fmt: skip
    in_sql = set(open_findings(plan, plan.revision).values_list("subject", flat=True))
    page = findings_page(plan, FindingFilter(include_acknowledged=True))
    on_page = {f.subject for _, _, families in page.groups for *_, rows in families
               for f in rows if f.is_open}  # fmt: skip
    expected = {f"s/{i}" for i, kind in enumerate(acks) if kind != "current"}
    assert in_sql == on_page == expected
    assert {
        f"s/{i}"
        for i, kind in enumerate(acks)
        if status.is_open(f"fp{i}", {"none": None, "current": f"fp{i}", "stale": "older"}[kind])
    } == expected
