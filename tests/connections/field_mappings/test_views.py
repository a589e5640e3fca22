import re

import pytest
from django.urls import reverse

from connections.models import CalculatedValue, FieldMapping
from core.models import AuditEvent
from facts.datatypes import DataType
from planner.models import Finding
from tests.factories import (
    ConnectionFactory,
    FieldFactory,
    FieldMappingFactory,
    TypeMappingFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def tm(plan):
    connection = ConnectionFactory(plan=plan, key="alm-jira")
    return TypeMappingFactory(
        connection=connection, left_type__key="defect", left_type__label="Defect",
        right_type__key="bug", right_type__label="Bug", direction="l2r",
    )  # fmt: skip


def url(name, tm, **extra):
    kwargs = {
        "plan_id": tm.connection.plan_id,
        "connection_id": tm.connection_id,
        "type_mapping_id": tm.pk,
        **extra,
    }
    return reverse(f"connections:{name}", kwargs=kwargs)


def section(html, element_id) -> str:
    """The element with ``element_id`` (a <section> or <div>), up to its closing tag."""
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</section>", start)]


def left(tm, **kw):
    return FieldFactory(item_type=tm.left_type, **kw)


def right(tm, **kw):
    return FieldFactory(item_type=tm.right_type, **kw)


def test_the_workspace_lists_both_sides_fields_with_data_types_and_flags(tm, member_client):
    left(tm, label="Detected by", data_type=DataType.USER, required=True)
    right(tm, label="Resolved on", data_type=DataType.DATE, read_only=True)
    response = member_client.get(url("workspace", tm))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Detected by" in html and "User" in html
    assert "Resolved on" in html and "read-only" in html


def test_required_fields_of_the_creating_side_stand_out_until_covered(tm, member_client):
    summary = right(tm, label="Summary", required=True)
    right(tm, label="Priority", required=True, has_default=True)
    left(tm, label="Internal", required=True)  # left never receives created items (L→R)
    html = member_client.get(url("workspace", tm)).content.decode()
    assert "1 required field not covered" in html
    coverage = section(html, "required-summary")
    # Per creating side: only the right receives created items (L→R).
    assert "Right: Bug" in coverage and "Left: Defect" not in coverage
    assert f'{summary.label} ({summary.key}): <strong class="req-note">not covered' in coverage
    assert "Internal" not in coverage

    FieldMappingFactory(type_mapping=tm, left_field=left(tm, label="Title"), right_field=summary)
    html = member_client.get(url("workspace", tm)).content.decode()
    assert "Every required field of the receiving side is covered" in html


def test_picking_an_incompatible_pair_says_so_at_once(tm, member_client):
    a = left(tm, data_type=DataType.BOOLEAN)
    b = right(tm, data_type=DataType.USER)
    response = member_client.get(
        url("pair_check", tm), {"left_field": a.pk, "right_field": b.pk}, **HTMX
    )
    html = response.content.decode()
    assert 'id="pair-check"' in html and "<form" not in html
    assert "incompatible: the product refuses Boolean values in a User field" in html


def test_picking_a_pair_shows_the_narrowed_effective_direction(tm, member_client):
    a = left(tm, label="Closed on", data_type=DataType.DATE)
    b = right(tm, label="Resolved on", data_type=DataType.DATETIME, read_only=True)
    html = member_client.get(
        url("pair_check", tm),
        {"left_field": a.pk, "right_field": b.pk, "direction": "both"},
        **HTMX,
    ).content.decode()
    assert "declared both ways, effective R→L because Resolved on is read-only" in html
    assert "fragile: a date/time becomes a date" in html


def test_mapping_a_pair_with_htmx_returns_the_new_row_and_the_refreshed_field_lists(
    tm, member_client
):
    a, b = left(tm, label="Title"), right(tm, label="Summary", required=True)
    response = member_client.post(
        url("field_mapping_create", tm),
        {"left_field": a.pk, "right_field": b.pk, "direction": "", "notes": "the headline"},
        **HTMX,
    )
    html = response.content.decode()
    mapping = FieldMapping.objects.get()
    assert response.status_code == 200
    assert f'id="fm-{mapping.pk}"' in html and "the headline" in html
    assert re.search(r'<section id="fields-left"[^>]* hx-swap-oob="true"', html)
    # The side lists hold the fields no mapping names: Title and Summary left them.
    assert "Title" not in section(html, "fields-left")
    assert "Summary" not in section(html, "fields-right")
    assert "Every required field of the receiving side is covered" in html
    assert AuditEvent.objects.filter(action="field_mapping.create").exists()


def test_mapping_a_pair_works_as_a_plain_post(tm, member_client):
    a, b = left(tm), right(tm)
    response = member_client.post(
        url("field_mapping_create", tm), {"left_field": a.pk, "right_field": b.pk}
    )
    mapping = FieldMapping.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#fm-{mapping.pk}")


def test_an_invalid_pair_rerenders_the_picker_with_the_message(tm, member_client):
    a, b = left(tm), right(tm)
    FieldMappingFactory(type_mapping=tm, left_field=a, right_field=b)
    response = member_client.post(
        url("field_mapping_create", tm), {"left_field": a.pk, "right_field": b.pk}, **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#pair-picker"
    assert "is already mapped to" in response.content.decode()

    plain = member_client.post(url("field_mapping_create", tm), {"left_field": a.pk})
    assert plain.status_code == 200
    assert "Pick a field on each side" in plain.content.decode()


def test_a_field_of_another_plan_cannot_be_picked(tm, member_client):
    stranger = FieldFactory()
    response = member_client.post(
        url("field_mapping_create", tm),
        {"left_field": stranger.pk, "right_field": right(tm).pk},
        **HTMX,
    )
    assert response.status_code == 200
    assert "not part of this type mapping" in response.content.decode()
    assert not FieldMapping.objects.exists()


def test_editing_a_row_saves_it_alone(tm, member_client):
    mapping = FieldMappingFactory(type_mapping=tm)
    response = member_client.post(
        url("field_mapping_update", tm, mapping_id=mapping.pk),
        {"lock_version": 0, "direction": "both", "conflict_policy": "left_wins", "notes": "n"},
        **HTMX,
    )
    mapping.refresh_from_db()
    assert response.status_code == 200
    assert (mapping.direction, mapping.conflict_policy, mapping.lock_version) == (
        "both",
        "left_wins",
        1,
    )
    # The row comes back as a table row showing the saved values; its next Edit starts from
    # the saved version.
    html = response.content.decode()
    assert f'<tr id="fm-{mapping.pk}" class="fm-row' in html and "left wins" in html
    assert '<form class="fm-edit"' not in html
    edit = member_client.get(
        url("field_mapping_row", tm, mapping_id=mapping.pk), {"edit": ""}, **HTMX
    )
    assert 'name="lock_version" value="1"' in edit.content.decode()


def test_a_second_save_from_the_same_start_shows_both_values(tm, member_client):
    mapping = FieldMappingFactory(type_mapping=tm)
    target = url("field_mapping_update", tm, mapping_id=mapping.pk)
    member_client.post(target, {"lock_version": 0, "direction": "both", "notes": "first"}, **HTMX)
    response = member_client.post(
        target, {"lock_version": 0, "direction": "r2l", "notes": "second"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this mapping since you opened it" in html
    assert "direction both" in html and "“first”" in html  # theirs
    assert 'value="second"' in html  # mine, kept in the form
    assert 'name="lock_version" value="1"' in html  # saving again overwrites knowingly
    assert FieldMapping.objects.get().notes == "first"


def test_an_invalid_row_edit_rerenders_the_row_with_the_message(tm, member_client):
    mapping = FieldMappingFactory(type_mapping=tm)
    response = member_client.post(
        url("field_mapping_update", tm, mapping_id=mapping.pk),
        {"lock_version": 0, "direction": "sideways"},
        **HTMX,
    )
    assert response.status_code == 200
    assert "Unknown direction" in response.content.decode()


def test_deleting_a_row_with_a_stale_version_is_refused(tm, member_client):
    mapping = FieldMappingFactory(type_mapping=tm, lock_version=2)
    target = url("field_mapping_delete", tm, mapping_id=mapping.pk)
    mapping.notes = "kept"
    mapping.save()
    stale = member_client.post(target, {"lock_version": 1}, **HTMX)
    html = stale.content.decode()
    assert "Someone else saved this mapping" in html and "It was not deleted" in html
    assert 'value="kept"' in html  # the form holds what is saved, not blanks
    assert FieldMapping.objects.exists()
    gone = member_client.post(target, {"lock_version": 2}, **HTMX)
    # The row gives way to its Undo stub (tests/connections/field_mappings/test_undo.py).
    assert gone.status_code == 200 and 'class="fm-row fm-deleted"' in gone.content.decode()
    assert not FieldMapping.objects.exists()


def test_a_row_deleted_meanwhile_says_so(tm, member_client):
    mapping = FieldMappingFactory(type_mapping=tm)
    target = url("field_mapping_update", tm, mapping_id=mapping.pk)
    mapping.delete()
    response = member_client.post(target, {"lock_version": 0, "notes": "mine"}, **HTMX)
    assert "Someone else deleted this mapping meanwhile" in response.content.decode()


def test_the_calculated_value_editor_offers_only_a_lookup_for_a_relationship_field(
    tm, member_client
):
    release = right(tm, label="Release", data_type=DataType.RELATIONSHIP)
    html = member_client.get(
        url("calculated_value_form", tm), {"field": release.pk}, **HTMX
    ).content.decode()
    assert 'value="lookup"' in html and 'value="constant"' not in html
    assert html.startswith('<select id="calc-kind"')  # only the kinds: typed values stay
    title = right(tm, label="Title")
    html = member_client.get(
        url("calculated_value_form", tm), {"field": title.pk}, **HTMX
    ).content.decode()
    assert 'value="constant"' in html and 'value="lookup"' not in html


def test_a_calculated_value_of_the_wrong_kind_is_refused_with_a_message(tm, member_client):
    release = right(tm, label="Release", data_type=DataType.RELATIONSHIP)
    response = member_client.post(
        url("calculated_value_create", tm),
        {"field": release.pk, "kind": "constant", "value": "R1"},
        **HTMX,
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#calc-editor"
    assert "require different approaches" in response.content.decode()
    assert not CalculatedValue.objects.exists()


def test_a_calculated_value_covers_a_required_field(tm, member_client):
    severity = right(tm, label="Severity", required=True, data_type=DataType.ENUM)
    response = member_client.post(
        url("calculated_value_create", tm),
        {"field": severity.pk, "kind": "constant", "value": "3-Medium"},
        **HTMX,
    )
    html = response.content.decode()
    assert CalculatedValue.objects.get().value == "3-Medium"
    assert "a calculated value is written into Severity" in html
    assert "Every required field of the receiving side is covered" in html


def test_a_calculated_row_edits_its_value(tm, member_client):
    target = right(tm, label="Team")
    mapping = FieldMappingFactory(type_mapping=tm, left_field=None, right_field=target)
    CalculatedValue.objects.create(field_mapping=mapping, kind="constant", value="A")
    member_client.post(
        url("field_mapping_update", tm, mapping_id=mapping.pk),
        {"lock_version": 0, "kind": "expression", "value": "team_of(owner)"},
        **HTMX,
    )
    assert CalculatedValue.objects.get().value == "team_of(owner)"


def test_suggestions_propose_unmapped_compatible_pairs_and_accepting_all_maps_them(
    tm, member_client
):
    left(tm, key="summary", label="Summary")
    left(tm, key="severity", label="Severity", data_type=DataType.ENUM)
    right(tm, key="summary", label="Summary")
    right(tm, key="severity", label="Severity", data_type=DataType.ENUM)
    right(tm, key="owner", label="Owner", data_type=DataType.USER)
    left(tm, key="owner", label="Owner", data_type=DataType.BOOLEAN)
    html = member_client.get(url("field_suggestions", tm), **HTMX).content.decode()
    assert html.count('class="suggestion') == 2
    tokens = [t.split('"')[0] for t in html.split('name="all" value="')[1:]]
    response = member_client.post(
        url("field_suggestions_accept", tm), {"accept": "all", "all": tokens}, **HTMX
    )
    assert FieldMapping.objects.count() == 2
    assert "No more suggestions" in response.content.decode()


def test_a_rejected_suggestion_is_not_proposed_again(tm, member_client):
    a = left(tm, key="summary", label="Summary")
    b = right(tm, key="summary", label="Summary")
    html = member_client.get(
        url("field_suggestions", tm), {"reject": f"{a.pk}:{b.pk}"}, **HTMX
    ).content.decode()
    assert "No more suggestions" in html
    assert f'name="rejected" value="{a.pk}:{b.pk}"' in html


def test_open_findings_of_the_current_revision_mark_their_rows(tm, member_client):
    mapping = FieldMappingFactory(
        type_mapping=tm, left_field=left(tm, key="title"), right_field=right(tm, key="name")
    )
    Finding.objects.create(
        plan=tm.connection.plan, plan_revision=tm.connection.plan.revision, code="FLD-001",
        severity="error", subject="connections/alm-jira/types/defect->bug/fields/title->name",
        fingerprint="x", message="types do not fit",
    )  # fmt: skip
    html = member_client.get(url("workspace", tm)).content.decode()
    assert f'id="fm-{mapping.pk}" class="fm-row worst-error' in html
    assert "FLD-001: types do not fit" in html


# Roles ---------------------------------------------------------------------------------------


def test_a_viewer_reads_the_workspace_without_forms(tm, client_for):
    FieldMappingFactory(type_mapping=tm)
    response = client_for("viewer").get(url("workspace", tm))
    html = response.content.decode()
    assert response.status_code == 200
    assert "fm-edit" not in html and 'id="pair-picker"' not in html


def _post_views(tm):
    mapping = FieldMappingFactory(type_mapping=tm)
    return [
        url("field_mapping_create", tm),
        url("field_mapping_update", tm, mapping_id=mapping.pk),
        url("field_mapping_delete", tm, mapping_id=mapping.pk),
        url("calculated_value_create", tm),
        url("field_suggestions_accept", tm),
    ]


@pytest.mark.parametrize("role", ["viewer", "reviewer"])
def test_members_who_may_not_edit_get_403_on_every_edit(tm, client_for, role):
    client = client_for(role)
    for target in _post_views(tm):
        assert client.post(target, {"lock_version": 0}).status_code == 403, target
    assert FieldMapping.objects.count() == 1


def test_outsiders_get_404_on_every_workspace_url(tm, client_for):
    client = client_for(None)
    mapping = FieldMappingFactory(type_mapping=tm)
    for target in [
        url("workspace", tm),
        url("pair_check", tm),
        url("calculated_value_form", tm),
        url("field_suggestions", tm),
        url("field_mapping_row", tm, mapping_id=mapping.pk),
    ]:
        assert client.get(target).status_code == 404, target
    for target in _post_views(tm):
        assert client.post(target, {}).status_code == 404, target


def test_a_type_mapping_of_another_plan_is_404_even_for_a_member(tm, member_client):
    other = TypeMappingFactory()
    target = reverse(
        "connections:workspace",
        kwargs={"plan_id": tm.connection.plan_id, "connection_id": other.connection_id,
                "type_mapping_id": other.pk},
    )  # fmt: skip
    assert member_client.get(target).status_code == 404


def test_an_editor_may_edit(tm, client_for):
    client = client_for("editor")
    a, b = left(tm), right(tm)
    response = client.post(
        url("field_mapping_create", tm), {"left_field": a.pk, "right_field": b.pk}
    )
    assert response.status_code == 302
    assert FieldMapping.objects.filter(left_field=a, right_field=b).exists()


def test_checking_a_pair_works_without_javascript(tm, member_client):
    a = left(tm, data_type=DataType.BOOLEAN)
    b = right(tm, data_type=DataType.USER)
    response = member_client.get(url("pair_check", tm), {"left_field": a.pk, "right_field": b.pk})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert "incompatible:" in html
    assert f'<option value="{a.pk}" selected>' in html  # the picked pair stays picked
