"""The workspace links its rows' findings from the ids it already holds
(``type_mapping_ids``): the same links the findings page builds from the database."""

import pytest

from connections.models import Field, FieldMapping, TypeMapping
from facts import subjects as S
from planner.models import Finding
from planner.subject_links import link, load_ids, type_mapping_ids
from planner.validation.services import run_validation
from tests.factories import FieldFactory
from tests.planner.validation.plans import stored_plan

pytestmark = pytest.mark.django_db


def test_links_from_the_workspaces_ids_are_those_of_the_findings_page(plan):
    stored_plan(plan)
    run_validation(plan)
    tm = TypeMapping.objects.select_related(
        "connection", "left_type__endpoint", "right_type__endpoint"
    ).first()
    FieldFactory(item_type=tm.right_type, key="components", required=True)
    mappings = FieldMapping.objects.filter(type_mapping=tm).select_related(
        "left_field", "right_field"
    )
    rows = [
        (m.pk, m.left_field.key if m.left_field else None,
         m.right_field.key if m.right_field else None)
        for m in mappings
    ]  # fmt: skip
    fields = [
        ("left" if f.item_type_id == tm.left_type_id else "right", f.key, f.pk)
        for f in Field.objects.filter(item_type__in=(tm.left_type, tm.right_type))
    ]
    ids = type_mapping_ids(tm, rows, fields)
    prefix = S.type_mapping(tm.connection.key, tm.left_type.key, tm.right_type.key) + "/fields/"
    found = [
        (f.subject, f.code) for f in Finding.objects.filter(plan=plan, subject__startswith=prefix)
    ]
    unmapped = S.field_mapping(
        tm.connection.key, tm.left_type.key, tm.right_type.key, None, "components"
    )
    first = rows[0]
    mapped = S.field_mapping(
        tm.connection.key, tm.left_type.key, tm.right_type.key, first[1], first[2]
    )
    cases = found + [(unmapped, "FLD-007"), (unmapped, "FLD-008"), (mapped, "ENM-001")]
    assert len(cases) > 3  # the validated plan has field mapping findings of its own

    for subject, code in cases:
        assert link(plan.pk, subject, ids, code) == link(
            plan.pk, subject, load_ids(plan, [subject]), code
        ), (subject, code)
    fixes = {code: link(plan.pk, s, ids, code).action_label for s, code in cases[-3:]}
    assert fixes == {"FLD-007": "Add a calculated value", "FLD-008": "Add a calculated value",
                     "ENM-001": "Pair the missing values"}  # fmt: skip
