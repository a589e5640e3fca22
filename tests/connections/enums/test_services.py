"""Enum pairing in a few actions (issue 16, point 5): pick a value of each side (radios, htmx
or plain form), "Pair all identical", coverage and the default per direction, labelled
Unpair."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from connections.models import EnumPair
from core.models import AuditEvent
from planner.models import Plan
from tests.connections.enums.test_views import HTMX, mapping, pair, url, values  # noqa: F401
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_each_value_is_a_radio_of_the_one_pair_form(mapping, member_client):  # noqa: F811
    values(mapping.left_field, "Critical", "High")
    values(mapping.right_field, "P1", "P2")
    html = member_client.get(url("enum_pairs", mapping)).content.decode()
    assert html.count('name="left_value"') == 2 and html.count('name="right_value"') == 2
    assert html.count('form="pair-form"') == 4
    assert '<form id="pair-form"' in html and ">Pair</button>" in html
    assert "js/enum_pairing.js" in html  # the click-to-pair script, outside the swapped partial


def test_without_javascript_two_radios_and_pair_make_the_pair(mapping, member_client):  # noqa: F811
    (crit,) = values(mapping.left_field, "Critical")
    (p1,) = values(mapping.right_field, "P1")
    response = member_client.post(
        url("enum_pair_create", mapping), {"left_value": crit.pk, "right_value": p1.pk}
    )
    assert response.status_code == 302
    page = member_client.get(response["Location"]).content.decode()
    assert "Critical ↔ P1" in page
    assert "Left → right</strong>: 1 of 1 left values paired" in page


def test_with_htmx_the_pick_answers_the_editor_with_the_value_unchecked(mapping, member_client):  # noqa: F811
    (crit,) = values(mapping.left_field, "Critical")
    (p1,) = values(mapping.right_field, "P1")
    response = member_client.post(
        url("enum_pair_create", mapping), {"left_value": crit.pk, "right_value": p1.pk}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<div id="enum-editor"')
    assert " checked" not in html  # ready for the next click
    assert EnumPair.objects.filter(field_mapping=mapping).count() == 1


def test_a_pick_of_one_side_only_keeps_it_and_asks_for_the_other(mapping, member_client):  # noqa: F811
    (crit,) = values(mapping.left_field, "Critical")
    values(mapping.right_field, "P1")
    response = member_client.post(url("enum_pair_create", mapping), {"left_value": crit.pk})
    html = response.content.decode()
    assert response.status_code == 200 and "Pick a value on each side." in html
    assert f'value="{crit.pk}" form="pair-form" data-pair-pick checked' in html


def test_pair_all_identical_is_one_change_with_one_audit_event(mapping, member_client):  # noqa: F811
    plan = mapping.type_mapping.connection.plan
    values(mapping.left_field, "New", "Open", "Won't fix", "Critical")
    values(mapping.right_field, "new", "OPEN", "Wont fix", "won't-fix", "Highest")
    revision = Plan.objects.get(pk=plan.pk).revision
    page = member_client.get(url("enum_pairs", mapping)).content.decode()
    assert "Pair all identical (3)" in page

    response = member_client.post(url("enum_pair_identical", mapping), **HTMX)
    assert response.status_code == 200
    pairs = EnumPair.objects.filter(field_mapping=mapping).order_by("position")
    assert [(p.left_value.label, p.right_value.label) for p in pairs] == [
        ("New", "new"),
        ("Open", "OPEN"),
        ("Won't fix", "won't-fix"),
    ]  # "Critical" and "Highest" are synonyms, not identical: a suggestion, not this button
    assert Plan.objects.get(pk=plan.pk).revision == revision + 1
    events = AuditEvent.objects.filter(plan=plan)
    assert list(events.values_list("action", flat=True)) == ["enum_pair.create_many"]
    assert "Pair all identical" not in response.content.decode()  # nothing identical is left


def test_pair_all_identical_with_nothing_identical_says_so_and_changes_nothing(
    mapping,  # noqa: F811
    member_client,
):
    values(mapping.left_field, "Critical")
    values(mapping.right_field, "Highest")
    plan = mapping.type_mapping.connection.plan
    revision = Plan.objects.get(pk=plan.pk).revision
    response = member_client.post(url("enum_pair_identical", mapping))
    assert response.status_code == 200
    assert "No unpaired values have identical labels." in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).revision == revision
    assert not AuditEvent.objects.filter(plan=plan).exists()


def test_a_viewer_sees_no_pickers_and_cannot_pair_all(mapping, client):  # noqa: F811
    values(mapping.left_field, "New")
    values(mapping.right_field, "New")
    viewer = UserFactory()
    MembershipFactory(plan=mapping.type_mapping.connection.plan, user=viewer, role="viewer")
    client.force_login(viewer)
    html = client.get(url("enum_pairs", mapping)).content.decode()
    assert "data-pair-pick" not in html and "Pair all identical" not in html
    assert client.post(url("enum_pair_identical", mapping)).status_code == 403
    assert not EnumPair.objects.exists()


def test_coverage_and_the_bold_default_show_per_direction(mapping, member_client):  # noqa: F811
    crit, high, low = values(mapping.left_field, "Critical", "High", "Low")
    (p1, p2) = values(mapping.right_field, "P1", "P2")
    pair(mapping, crit, p1, 0)
    pair(mapping, high, p1, 1)
    html = member_client.get(url("enum_pairs", mapping)).content.decode()
    # mapping flows both ways: one line per direction, from facts.enums
    assert "Left → right</strong>: 2 of 3 left values paired; Low not written" in html
    assert "Right → left</strong>: 1 of 2 right values paired; P2 not written" in html
    assert "P1 is written as <strong>High</strong> (default; not Critical)" in html

    mapping.type_mapping.direction = "l2r"
    mapping.type_mapping.save()
    html = member_client.get(url("enum_pairs", mapping)).content.decode()
    assert "Left → right</strong>" in html and "Right → left</strong>" not in html


def test_the_unpair_button_says_unpair(mapping, member_client):  # noqa: F811
    (crit,) = values(mapping.left_field, "Critical")
    (p1,) = values(mapping.right_field, "P1")
    pair(mapping, crit, p1, 0)
    html = member_client.get(url("enum_pairs", mapping)).content.decode()
    assert 'aria-label="unpair Critical ↔ P1">Unpair</button>' in html
    assert "✕" not in html


def test_the_editor_query_count_does_not_grow_with_the_values(
    mapping,  # noqa: F811
    member_client,
    django_assert_max_num_queries,
):
    def grow(start, stop):
        lefts = values(mapping.left_field, *[f"Value {i}" for i in range(start, stop)])
        rights = values(mapping.right_field, *[f"value {i}" for i in range(start, stop)])
        for i in range(0, stop - start, 2):
            pair(mapping, lefts[i], rights[i], start + i)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = member_client.get(url("enum_pairs", mapping), {"suggest": 1})
        assert response.status_code == 200
        return len(queries), response.content.decode()

    grow(0, 4)
    small, _ = count()
    grow(4, 40)
    large, html = count()
    assert "Pair all identical (20)" in html
    assert large == small
    with django_assert_max_num_queries(10):
        member_client.get(url("enum_pairs", mapping), {"suggest": 1})


def test_pair_all_identical_leaves_inactive_and_removed_values_alone(mapping, member_client):  # noqa: F811
    from connections.enums.services import pair_identical
    from tests.factories import EnumValueFactory

    new, _ = values(mapping.left_field, "New", "Done")
    EnumValueFactory(field=mapping.left_field, label="Old", active=False, position=5)
    EnumValueFactory(field=mapping.left_field, label="Gone", removed=True, position=6)
    new_r, done_r = values(mapping.right_field, "NEW", "done")
    EnumValueFactory(field=mapping.right_field, label="old", position=5)
    EnumValueFactory(field=mapping.right_field, label="gone", position=6)
    pair(mapping, new, done_r, 0)  # Done is unpaired; "done" already has a pair: may join it
    created = pair_identical(
        plan=mapping.type_mapping.connection.plan, user=member_client.user, mapping=mapping
    )
    assert sorted((p.left_value.label, p.right_value.label) for p in created) == [
        ("Done", "done"),
        ("New", "NEW"),
    ]
