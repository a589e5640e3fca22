"""The workspace as a table (issue 16, point 4): one row per field mapping, edited in place,
filtered by GET parameters, with the coverage and unmapped fields beside it and bulk mapping
from the suggestions in one change."""

import re

import pytest

from connections.field_mappings.workspace import load_workspace
from connections.models import FieldMapping
from core.models import AuditEvent
from facts.datatypes import DataType
from facts.direction import effective_direction
from planner.models import Finding
from tests.connections.field_mappings.test_views import HTMX, left, right, section, url
from tests.factories import (
    ConnectionFactory,
    FieldMappingFactory,
    TypeMappingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tm(plan):
    connection = ConnectionFactory(plan=plan, key="alm-jira")
    return TypeMappingFactory(
        connection=connection, left_type__key="defect", left_type__label="Defect",
        right_type__key="bug", right_type__label="Bug", direction="both",
    )  # fmt: skip


def row_html(html, mapping) -> str:
    start = html.index(f'<tr id="fm-{mapping.pk}"')
    return html[start : html.index("</tr>", start)]


def finding(tm, subject_tail, code="FLD-001", severity="error", message="types do not fit"):
    plan = tm.connection.plan
    return Finding.objects.create(
        plan=plan, plan_revision=plan.revision, code=code, severity=severity,
        subject=f"connections/alm-jira/types/defect->bug{subject_tail}",
        fingerprint=f"{code}{subject_tail}", message=message,
    )  # fmt: skip


def test_a_row_shows_both_fields_by_label_and_key_and_the_effective_direction(tm, member_client):
    closed = left(tm, key="closed_on", label="Closed on", data_type=DataType.DATE)
    resolved = right(tm, key="resolutiondate", label="Resolved on",
                     data_type=DataType.DATETIME, read_only=True)  # fmt: skip
    mapping = FieldMappingFactory(
        type_mapping=tm, left_field=closed, right_field=resolved, direction="both"
    )
    row = row_html(member_client.get(url("workspace", tm)).content.decode(), mapping)

    assert "Closed on (closed_on)" in row and "Resolved on (resolutiondate)" in row
    # The arrow is the rules' effective direction: declared both ways, the right is read-only.
    effective, reason = effective_direction(tm, closed, resolved, "both")
    assert effective == "r2l"
    assert '<span class="arrow"' in row and ">←</span>" in row
    assert "right → left" in row and reason in row
    assert "Date ← Date/time" in row
    assert 'class="compat compat-fragile"' in row


def test_edit_turns_the_row_into_a_form_and_cancel_turns_it_back(tm, member_client):
    mapping = FieldMappingFactory(type_mapping=tm, notes="keep")
    row_url = url("field_mapping_row", tm, mapping_id=mapping.pk)

    edit = member_client.get(row_url, {"edit": mapping.pk}, **HTMX).content.decode().strip()
    assert edit.startswith(f'<tr id="fm-{mapping.pk}" class="fm-row fm-editing')
    assert '<form class="fm-edit"' in edit and 'name="lock_version" value="0"' in edit
    assert "data-cancel" in edit and ">Save</button>" in edit

    cancel = member_client.get(row_url, **HTMX).content.decode().strip()
    assert cancel.startswith(f'<tr id="fm-{mapping.pk}" class="fm-row')
    assert "fm-edit" not in cancel and "data-edit" in cancel and "keep" in cancel


def test_without_javascript_edit_opens_the_page_with_that_row_as_a_form(tm, member_client):
    mapping, other = FieldMappingFactory(type_mapping=tm), FieldMappingFactory(type_mapping=tm)
    html = member_client.get(url("workspace", tm)).content.decode()
    # Edit is a real button in a GET form that lands on the page with ?edit=<id>.
    assert re.search(
        rf'<form method="get" action="[^"]*#fm-{mapping.pk}"[^>]*>\s*'
        rf'<input type="hidden" name="edit" value="{mapping.pk}">\s*<button type="submit"',
        html,
    )
    html = member_client.get(url("workspace", tm), {"edit": mapping.pk}).content.decode()
    assert 'class="fm-row fm-editing' in row_html(html, mapping)
    assert "fm-editing" not in row_html(html, other)
    # The row URL without htmx sends the browser there too.
    response = member_client.get(url("field_mapping_row", tm, mapping_id=mapping.pk), {"edit": 1})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?edit={mapping.pk}#fm-{mapping.pk}")


def test_a_viewer_gets_no_form_row_even_when_asking_for_one(tm, client_for):
    mapping = FieldMappingFactory(type_mapping=tm)
    html = client_for("viewer").get(url("workspace", tm), {"edit": mapping.pk}).content.decode()
    assert "fm-editing" not in html and "data-edit" not in html
    row = client_for("viewer").get(
        url("field_mapping_row", tm, mapping_id=mapping.pk), {"edit": 1}, **HTMX
    )
    assert "fm-edit" not in row.content.decode()


def test_a_plain_save_with_an_error_comes_back_as_the_form_row(tm, member_client):
    mapping = FieldMappingFactory(type_mapping=tm)
    response = member_client.post(
        url("field_mapping_update", tm, mapping_id=mapping.pk),
        {"lock_version": 0, "direction": "sideways", "notes": "typed"},
    )
    row = row_html(response.content.decode(), mapping)
    assert response.status_code == 200
    assert "fm-editing" in row and "Unknown direction" in row and 'value="typed"' in row


def test_the_findings_badge_lists_the_rows_findings_with_their_links(tm, member_client):
    status = left(tm, key="status", label="Status", data_type=DataType.ENUM)
    phase = right(tm, key="phase", label="Phase", data_type=DataType.ENUM)
    mapping = FieldMappingFactory(type_mapping=tm, left_field=status, right_field=phase)
    clean = FieldMappingFactory(type_mapping=tm)
    enm = finding(tm, "/fields/status->phase", "ENM-001", "warning", "3 values unpaired")
    fld = finding(tm, "/fields/status->phase", "FLD-013", "info", "no conflict policy")
    html = member_client.get(url("workspace", tm)).content.decode()
    row = row_html(html, mapping)

    assert 'class="fm-row worst-warning"' in row
    assert '<details><summary><span class="badge sev-warning">2</span> findings</summary>' in row
    assert "ENM-001: 3 values unpaired" in row and "FLD-013: no conflict policy" in row
    findings_page = f"/plans/{tm.connection.plan_id}/findings/"
    assert f'href="{findings_page}#finding-{enm.pk}"' in row
    assert f'href="{findings_page}#finding-{fld.pk}"' in row
    # The fix the findings page offers, from the same place: pairing the values.
    enum_editor = url("enum_pairs", tm, mapping_id=mapping.pk)
    assert f'<a class="fix-action" href="{enum_editor}">Pair the missing values</a>' in row
    assert "<details>" not in row_html(html, clean)


@pytest.fixture
def three_rows(tm):
    """One row flowing left to right with a finding, one right to left, one narrowed to right
    to left by a read-only field; a required right field nothing covers."""
    a = FieldMappingFactory(type_mapping=tm, direction="l2r",
                            left_field=left(tm, key="a"), right_field=right(tm, key="a"))  # fmt: skip
    b = FieldMappingFactory(type_mapping=tm, direction="r2l",
                            left_field=left(tm, key="b"), right_field=right(tm, key="b"))  # fmt: skip
    c = FieldMappingFactory(type_mapping=tm, direction="both", left_field=left(tm, key="c"),
                            right_field=right(tm, key="c", read_only=True))  # fmt: skip
    finding(tm, "/fields/a->a")
    gap = right(tm, key="component", label="Component", required=True)
    return a, b, c, gap


def test_filters_show_rows_with_findings_or_of_one_effective_direction(
    tm, member_client, three_rows
):
    a, b, c, _ = three_rows

    def shown(**query):
        html = member_client.get(url("workspace", tm), query).content.decode()
        return {m for m in (a, b, c) if f'<tr id="fm-{m.pk}"' in html}

    assert shown() == {a, b, c}
    assert shown(show="findings") == {a}
    assert shown(direction="r2l") == {b, c}  # c is declared both ways, effective R→L
    assert shown(direction="l2r") == {a}
    assert shown(show="findings", direction="r2l") == set()
    assert shown(show="nonsense", direction="sideways") == {a, b, c}  # ignored, not a 500


def test_the_unmapped_required_filter_lists_each_gap_with_its_two_fixes(
    tm, member_client, three_rows
):
    *mappings, gap = three_rows
    html = member_client.get(url("workspace", tm), {"show": "required"}).content.decode()
    assert not any(f'<tr id="fm-{m.pk}"' in html for m in mappings)
    start = html.index(f'<tr id="gap-right-{gap.pk}"')
    row = html[start : html.index("</tr>", start)]
    assert "Component (component)" in row and "required on the right, not covered" in row
    assert f"{url('pair_check', tm)}?right_field={gap.pk}#pair-picker" in row
    assert f"{url('calculated_value_form', tm)}?field={gap.pk}#calc-editor" in row
    assert "1 required field not covered shown" in html
    assert "<details>" not in row  # not validated yet: no findings


def test_a_gap_row_carries_its_findings_and_their_fix(tm, member_client, three_rows):
    *_, gap = three_rows
    fld = finding(tm, "/fields/->component", "FLD-007", "error", "Component is never set")
    html = member_client.get(url("workspace", tm), {"show": "required"}).content.decode()
    start = html.index(f'<tr id="gap-right-{gap.pk}"')
    row = html[start : html.index("</tr>", start)]
    assert '<span class="badge sev-error">1</span>' in row
    assert "FLD-007: Component is never set" in row
    assert f"/findings/#finding-{fld.pk}" in row
    calc = f"{url('calculated_value_form', tm)}?field={gap.pk}#calc-editor"
    assert f'<a class="fix-action" href="{calc}">Add a calculated value</a>' in row


def test_htmx_asks_for_the_filtered_table_alone(tm, member_client, three_rows):
    a, b, _, _ = three_rows
    response = member_client.get(
        url("workspace", tm), {"direction": "l2r"}, HTTP_HX_TARGET="mapping-table", **HTMX
    )
    html = response.content.decode().strip()
    assert html.startswith('<div id="mapping-table"') and "<html" not in html
    assert f'id="fm-{a.pk}"' in html and f'id="fm-{b.pk}"' not in html
    assert {"HX-Request", "HX-Target"} <= {v.strip() for v in response["Vary"].split(",")}


def test_beside_the_table_coverage_per_creating_side_and_the_unmapped_fields(tm, member_client):
    title, summary = left(tm, key="title", required=True), right(tm, key="summary", required=True)
    left(tm, key="owner", label="Owner", required=True)
    right(tm, key="labels", label="Labels")
    left(tm, key="gone", label="Gone", removed=True)
    FieldMappingFactory(type_mapping=tm, left_field=title, right_field=summary)
    html = member_client.get(url("workspace", tm)).content.decode()

    coverage = section(html, "required-summary")
    assert "Left: Defect" in coverage and "Right: Bug" in coverage  # both sides create
    assert "1 of 2 covered" in coverage and "1 of 1 covered" in coverage
    assert 'Owner (owner): <strong class="req-note">not covered' in coverage
    unmapped_left, unmapped_right = section(html, "fields-left"), section(html, "fields-right")
    assert "Owner" in unmapped_left and "title" not in unmapped_left
    assert "Gone" not in unmapped_left  # removed: cannot be mapped any more
    assert "Labels" in unmapped_right and "summary" not in unmapped_right
    workspace = load_workspace(tm.connection.plan, tm)
    assert [r.field.key for r in workspace.unmapped_left] == ["owner"]


# Bulk mapping from the suggestions ----------------------------------------------------------


@pytest.fixture
def suggested(tm):
    """Two confident pairs (same name and type) and a fragile one (a date/time into a date)."""
    tm.direction = "l2r"
    tm.save()
    pairs = {}
    for key, left_type, right_type in [
        ("summary", DataType.STRING, DataType.STRING),
        ("severity", DataType.ENUM, DataType.ENUM),
        ("detected_on", DataType.DATETIME, DataType.DATE),
    ]:
        pairs[key] = (
            left(tm, key=key, label=key.replace("_", " ").title(), data_type=left_type),
            right(tm, key=key, label=key.replace("_", " ").title(), data_type=right_type),
        )
    return pairs


def checkboxes(html) -> dict[str, bool]:
    return {
        m.group(1): m.group(2) is not None
        for m in re.finditer(r'name="pair" value="([\d:]+)"( checked)?', html)
    }


def token(pair) -> str:
    return f"{pair[0].pk}:{pair[1].pk}"


def test_only_confident_suggestions_are_ticked_in_advance(tm, member_client, suggested):
    html = member_client.get(url("field_suggestions", tm), **HTMX).content.decode()
    assert checkboxes(html) == {
        token(suggested["summary"]): True,
        token(suggested["severity"]): True,
        token(suggested["detected_on"]): False,
    }
    assert "Summary (summary)" in html


def test_the_ticked_pairs_are_mapped_in_one_change(tm, member_client, suggested):
    plan = tm.connection.plan
    revision = plan.revision
    ticked = [token(suggested["summary"]), token(suggested["detected_on"])]
    response = member_client.post(
        url("field_suggestions_accept", tm), {"accept": "selected", "pair": ticked}, **HTMX
    )
    html = response.content.decode()
    mapped = set(FieldMapping.objects.values_list("left_field__key", flat=True))
    assert mapped == {"summary", "detected_on"}
    plan.refresh_from_db()
    assert plan.revision == revision + 1
    events = AuditEvent.objects.filter(plan=plan)
    assert list(events.values_list("action", flat=True)) == ["field_mapping.create_many"]
    assert html.count('<tr id="fm-') == 2 and "Mapped 2 field pairs in one change." in html
    # What is left is still suggested (and still ticked because confident).
    assert checkboxes(html) == {token(suggested["severity"]): True}


def test_a_pair_that_cannot_be_mapped_maps_nothing_and_says_which(tm, member_client, suggested):
    plan = tm.connection.plan
    FieldMappingFactory(type_mapping=tm, left_field=suggested["summary"][0],
                        right_field=suggested["summary"][1])  # fmt: skip
    revision = plan.revision
    ticked = [token(suggested[k]) for k in ("summary", "severity", "detected_on")]
    response = member_client.post(
        url("field_suggestions_accept", tm), {"accept": "selected", "pair": ticked}, **HTMX
    )
    html = response.content.decode()
    assert FieldMapping.objects.count() == 1  # nothing half-done
    plan.refresh_from_db()
    assert plan.revision == revision
    assert not AuditEvent.objects.filter(action="field_mapping.create_many").exists()
    assert "Nothing was mapped: Summary (summary) → Summary (summary): already mapped." in html
    assert 'role="alert"' in html
    # The user's ticks stay as they were: the fragile pair they ticked is still ticked.
    assert checkboxes(html) == {
        token(suggested["severity"]): True,
        token(suggested["detected_on"]): True,
    }


def test_without_javascript_a_refused_bulk_mapping_says_why_on_the_page(
    tm, member_client, suggested
):
    pair = token(suggested["summary"])
    response = member_client.post(
        url("field_suggestions_accept", tm), {"accept": "selected", "pair": [pair, pair]}
    )
    assert response.status_code == 302
    page = member_client.get(response["Location"]).content.decode()
    assert FieldMapping.objects.count() == 1  # the same pair twice is one pair
    assert "Mapped 1 field pair." in page

    response = member_client.post(
        url("field_suggestions_accept", tm), {"accept": "selected", "pair": [pair]}, follow=True
    )
    assert "Nothing was mapped: Summary (summary) → Summary (summary): already mapped." in (
        response.content.decode()
    )
    assert FieldMapping.objects.count() == 1


def test_a_bulk_mapping_naming_a_field_of_another_type_maps_nothing(tm, member_client, suggested):
    stranger = right(TypeMappingFactory(), key="summary")
    pairs = [token(suggested["severity"]), f"{suggested['summary'][0].pk}:{stranger.pk}"]
    response = member_client.post(
        url("field_suggestions_accept", tm), {"accept": "selected", "pair": pairs}, **HTMX
    )
    assert not FieldMapping.objects.exists()
    assert "is not a field of the right type of this mapping" in response.content.decode()
