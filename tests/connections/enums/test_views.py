import pytest
from django.urls import reverse

from connections.models import EnumPair, FieldMapping
from facts.datatypes import DataType
from tests.factories import (
    ConnectionFactory,
    EnumPairFactory,
    EnumValueFactory,
    FieldFactory,
    FieldMappingFactory,
    TypeMappingFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def mapping(plan):
    tm = TypeMappingFactory(connection=ConnectionFactory(plan=plan), direction="both")
    return FieldMappingFactory(
        type_mapping=tm,
        left_field=FieldFactory(item_type=tm.left_type, label="Severity", data_type=DataType.ENUM),
        right_field=FieldFactory(
            item_type=tm.right_type, label="Priority", data_type=DataType.ENUM
        ),
    )


def values(field, *labels):
    return [
        EnumValueFactory(field=field, label=label, position=i) for i, label in enumerate(labels)
    ]


def url(name, mapping, **extra):
    tm = mapping.type_mapping
    return reverse(
        f"connections:{name}",
        kwargs={"plan_id": tm.connection.plan_id, "connection_id": tm.connection_id,
                "type_mapping_id": tm.pk, "mapping_id": mapping.pk, **extra},
    )  # fmt: skip


def pair(mapping, left, right, position):
    return EnumPairFactory(
        field_mapping=mapping, left_value=left, right_value=right, position=position
    )


def test_both_value_lists_show_in_order_with_unpaired_values_and_coverage(mapping, member_client):
    crit, high, low = values(mapping.left_field, "Critical", "High", "Low")
    p1, p2 = values(mapping.right_field, "P1", "P2")
    pair(mapping, crit, p1, 0)
    html = member_client.get(url("enum_pairs", mapping)).content.decode()
    left = html[html.index('aria-label="Left values"') :]
    assert left.index("Critical") < left.index("High") < left.index("Low")
    assert "Left: 1 of 3 values paired" in html and "Right: 1 of 2 values paired" in html
    assert html.count('class="unpaired"') == 3  # High, Low, P2


def test_the_last_pair_of_a_group_is_bold_and_another_can_be_made_default(mapping, member_client):
    crit, high = values(mapping.left_field, "Critical", "High")
    (p1,) = values(mapping.right_field, "P1")
    first = pair(mapping, crit, p1, 0)
    pair(mapping, high, p1, 1)
    html = member_client.get(url("enum_pairs", mapping)).content.decode()
    assert "<strong>High ↔ P1</strong>" in html
    assert "P1 is written into the left as High" in html
    assert "make default for P1" in html

    response = member_client.post(
        url("enum_pair_default", mapping, pair_id=first.pk),
        {"lock_version": 0, "shared": "right"},
        **HTMX,
    )
    assert "<strong>Critical ↔ P1</strong>" in response.content.decode()
    assert list(EnumPair.objects.values_list("left_value__label", flat=True)) == [
        "High",
        "Critical",
    ]


def test_pairing_and_unpairing_values(mapping, member_client):
    (crit,) = values(mapping.left_field, "Critical")
    (p1,) = values(mapping.right_field, "P1")
    response = member_client.post(
        url("enum_pair_create", mapping), {"left_value": crit.pk, "right_value": p1.pk}, **HTMX
    )
    assert response.status_code == 200 and 'id="enum-editor"' in response.content.decode()
    created = EnumPair.objects.get()
    member_client.post(
        url("enum_pair_delete", mapping, pair_id=created.pk), {"lock_version": 0}, **HTMX
    )
    assert not EnumPair.objects.exists()


def test_pairing_works_as_a_plain_post_and_refuses_a_foreign_value(mapping, member_client):
    (crit,) = values(mapping.left_field, "Critical")
    (p1,) = values(mapping.right_field, "P1")
    response = member_client.post(
        url("enum_pair_create", mapping), {"left_value": crit.pk, "right_value": p1.pk}
    )
    assert response.status_code == 302
    refused = member_client.post(
        url("enum_pair_create", mapping), {"left_value": p1.pk, "right_value": p1.pk}
    )
    assert refused.status_code == 200
    assert "not a value of the left field" in refused.content.decode()


def test_pairs_move_up_and_down(mapping, member_client):
    a, b = values(mapping.left_field, "A", "B")
    (x,) = values(mapping.right_field, "X")
    pair(mapping, a, x, 0)
    second = pair(mapping, b, x, 1)
    member_client.post(
        url("enum_pair_move", mapping, pair_id=second.pk),
        {"lock_version": 0, "offset": "up"},
        **HTMX,
    )
    assert list(EnumPair.objects.values_list("left_value__label", flat=True)) == ["B", "A"]


def test_moving_a_pair_someone_else_moved_reports_the_conflict(mapping, member_client):
    a, b = values(mapping.left_field, "A", "B")
    (x,) = values(mapping.right_field, "X")
    pair(mapping, a, x, 0)
    second = pair(mapping, b, x, 1)
    target = url("enum_pair_move", mapping, pair_id=second.pk)
    member_client.post(target, {"lock_version": 0, "offset": "up"}, **HTMX)
    response = member_client.post(target, {"lock_version": 0, "offset": "down"}, **HTMX)
    html = response.content.decode()
    assert "Someone else changed the pair B → X" in html
    assert "it is #1 in the list now. Your change was not made" in html


def test_a_catch_all_is_set_per_side_and_a_stale_save_shows_both_values(mapping, member_client):
    (other,) = values(mapping.left_field, "Other")
    (misc, rest) = values(mapping.right_field, "Misc", "Rest")
    target = url("enum_catch_all", mapping)
    member_client.post(target, {"lock_version": 0, "side": "left", "value": other.pk}, **HTMX)
    assert FieldMapping.objects.get().left_catch_all == other
    member_client.post(target, {"lock_version": 1, "side": "right", "value": misc.pk}, **HTMX)
    response = member_client.post(
        target, {"lock_version": 1, "side": "right", "value": rest.pk}, **HTMX
    )
    html = response.content.decode()
    assert "the right catch-all is “Misc” now; you chose “Rest”" in html
    assert FieldMapping.objects.get().right_catch_all == misc


def test_identical_and_near_identical_labels_are_suggested_then_accepted_one_by_one(
    mapping, member_client
):
    new, open_, low = values(mapping.left_field, "New", "Open", "1-Low")
    new_r, open_r, low_r = values(mapping.right_field, "new", "OPEN", "Low")
    html = member_client.get(url("enum_pairs", mapping), {"suggest": 1}).content.decode()
    assert html.count('class="suggestion"') == 3
    assert "same label after the rank (95)" in html
    response = member_client.post(
        url("enum_suggestions_accept", mapping),
        {"pair_one": f"{new.pk}:{new_r.pk}", "pair": [f"{open_.pk}:{open_r.pk}"]},
        **HTMX,
    )
    assert list(EnumPair.objects.values_list("left_value__label", flat=True)) == ["New"]
    assert response.content.decode().count('class="suggestion"') == 2


def test_accepting_all_suggestions_and_rejecting_one(mapping, member_client):
    new, open_ = values(mapping.left_field, "New", "Open")
    new_r, open_r = values(mapping.right_field, "New", "Open")
    rejected = f"{open_.pk}:{open_r.pk}"
    html = member_client.get(
        url("enum_pairs", mapping), {"suggest": 1, "reject": rejected}, **HTMX
    ).content.decode()
    assert html.count('class="suggestion"') == 1
    member_client.post(
        url("enum_suggestions_accept", mapping),
        {"accept": "all", "all": [f"{new.pk}:{new_r.pk}"], "rejected": [rejected]},
        **HTMX,
    )
    assert EnumPair.objects.count() == 1


def test_a_mapping_of_non_enum_fields_has_no_pair_editor(plan, member_client):
    tm = TypeMappingFactory(connection=ConnectionFactory(plan=plan))
    plain = FieldMappingFactory(type_mapping=tm)
    assert member_client.get(url("enum_pairs", plain)).status_code == 404


# Roles ---------------------------------------------------------------------------------------


def _posts(mapping):
    (a,) = values(mapping.left_field, "A")
    (x,) = values(mapping.right_field, "X")
    existing = pair(mapping, a, x, 0)
    return [
        url("enum_pair_create", mapping),
        url("enum_pair_delete", mapping, pair_id=existing.pk),
        url("enum_pair_move", mapping, pair_id=existing.pk),
        url("enum_pair_default", mapping, pair_id=existing.pk),
        url("enum_catch_all", mapping),
        url("enum_suggestions_accept", mapping),
    ]


def test_a_viewer_reads_the_editor_but_gets_403_on_every_edit(mapping, client_for):
    targets = _posts(mapping)
    client = client_for("viewer")
    html = client.get(url("enum_pairs", mapping)).content.decode()
    assert "A ↔ X" in html and "pair-add" not in html
    for target in targets:
        assert client.post(target, {"lock_version": 0}).status_code == 403, target
    assert EnumPair.objects.count() == 1


def test_outsiders_get_404_everywhere(mapping, client_for):
    targets = _posts(mapping)
    client = client_for(None)
    assert client.get(url("enum_pairs", mapping)).status_code == 404
    for target in targets:
        assert client.post(target, {"lock_version": 0}).status_code == 404, target
