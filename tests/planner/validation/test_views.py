"""The findings page as a place to fix things from: each finding links to the exact row (with its
fix), acknowledgements in bulk, refusals kept in place, counters swapped out of band, and the
revision the findings are from."""

import re

import pytest
from django.urls import reverse

from connections.models import FieldMapping, TypeMapping
from core.changes import content_change, record_change
from core.models import AuditEvent
from facts import subjects as S
from facts.datatypes import DataType
from planner.models import Acknowledgement, Finding
from planner.subject_links import link, load_ids
from planner.validation.services import run_validation
from tests.factories import (
    EnumPairFactory,
    EnumValueFactory,
    FieldFactory,
    OperationsItemFactory,
    UserMapEntryFactory,
    UserMapFactory,
)
from tests.planner.validation.plans import stored_plan

ID_MAPPING = "connections/alm-jira/types/defect0->bug0/fields/id->id"
REASON = "Accepted: the network team records it in May."


@pytest.fixture
def validated(plan):
    stored_plan(plan)
    run_validation(plan)
    return plan


def _url(plan, name="findings"):
    return reverse(f"planner:{name}", kwargs={"plan_id": plan.pk})


def _body(response) -> str:
    return response.content.decode().replace("&gt;", ">").replace("&amp;", "&")


def _finding(plan, code, subject):
    return Finding.objects.get(plan=plan, code=code, subject=subject)


# --- links to the exact row --------------------------------------------------------------------


def test_a_field_mapping_finding_links_to_its_workspace_row(client_for, validated):
    mapping = FieldMapping.objects.get(
        type_mapping__connection__plan=validated, left_field__key="id"
    )
    tm = mapping.type_mapping
    workspace = reverse(
        "connections:workspace",
        kwargs={
            "plan_id": validated.pk,
            "connection_id": tm.connection_id,
            "type_mapping_id": tm.pk,
        },
    )
    body = _body(client_for("viewer").get(_url(validated)))
    finding = _finding(validated, "FLD-006", ID_MAPPING)
    row = body[body.index(f'id="finding-{finding.pk}"') :]
    assert f'href="{workspace}#fm-{mapping.pk}"' in row[: row.index("</li>")]
    # The anchor exists on the page it lands on.
    page = client_for("viewer").get(workspace).content.decode()
    assert f'id="fm-{mapping.pk}"' in page


def test_an_unanswered_use_case_links_to_the_wizard_which_opens_the_question(client_for, validated):
    connection = validated.connections.get()
    finding = _finding(validated, "USE-001", S.connection(connection.key))
    start = reverse(
        "planner:wizard_start", kwargs={"plan_id": validated.pk, "connection_id": connection.pk}
    )
    client = client_for("viewer")
    body = _body(client.get(_url(validated)))
    row = body[body.index(f'id="finding-{finding.pk}"') :]
    assert f'href="{start}#wizard"' in row[: row.index("</li>")]
    step = client.get(start)
    assert step.status_code == 302 and "/wizard/" in step["Location"]
    assert 'id="wizard"' in client.get(step["Location"]).content.decode()


def test_links_name_the_enum_pair_user_map_entry_and_register_item_rows(validated):
    connection = validated.connections.get()
    mapping = FieldMapping.objects.filter(type_mapping__connection=connection).first()
    pair = EnumPairFactory(
        field_mapping=mapping,
        left_value=EnumValueFactory(field=mapping.left_field, label="High / urgent"),
        right_value=EnumValueFactory(field=mapping.right_field, label="P1"),
    )
    entry = UserMapEntryFactory(
        user_map=UserMapFactory(connection=connection), left_username="olga", right_username="o.k"
    )
    item = OperationsItemFactory(sync_server=validated.sync_server, kind="certificate", key="ca")
    tm = mapping.type_mapping
    fm_subject = S.field_mapping(
        connection.key, tm.left_type.key, tm.right_type.key, mapping.left_field.key,
        mapping.right_field.key,
    )  # fmt: skip
    paths = {
        "pair": S.enum_pair(fm_subject, "High / urgent", "P1"),
        "entry": S.user_map_entry(connection.key, "olga", "o.k"),
        "item": S.operations_item("certificate", "ca"),
    }
    ids = load_ids(validated, paths.values())
    hrefs = {k: link(validated.pk, p, ids).href for k, p in paths.items()}
    base = {"plan_id": validated.pk, "connection_id": connection.pk}
    editor = reverse(
        "connections:enum_pairs",
        kwargs={**base, "type_mapping_id": tm.pk, "mapping_id": mapping.pk},
    )
    assert hrefs["pair"] == f"{editor}#pair-{pair.pk}"
    assert hrefs["entry"] == f"{reverse('connections:user_map', kwargs=base)}#entry-{entry.pk}"
    assert hrefs["item"] == f"{_url(validated, 'operations')}#item-{item.pk}"


def test_the_register_rows_carry_the_anchor_the_links_name(client_for, validated):
    item = OperationsItemFactory(sync_server=validated.sync_server, kind="certificate", key="ca")
    body = client_for("viewer").get(_url(validated, "operations")).content.decode()
    assert f'id="item-{item.pk}"' in body


def test_operations_findings_link_into_the_register(client_for, validated):
    client = client_for("viewer")
    findings = _body(client.get(_url(validated)))
    register = client.get(_url(validated, "operations")).content.decode()
    alm = validated.endpoints.get(key="alm")
    for code, subject, anchor in [
        ("OPS-004", "endpoints/alm", f"endpoint-{alm.pk}"),
        ("OPS-003", "plan", "maintenance_task"),
        ("OPS-006", "plan", "server"),
    ]:
        finding = _finding(validated, code, subject)
        row = findings[findings.index(f'id="finding-{finding.pk}"') :]
        assert f'href="{_url(validated, "operations")}#{anchor}"' in row[: row.index("</li>")]
        assert f'id="{anchor}"' in register


def test_a_missing_conflict_policy_offers_to_set_it_on_the_type_mapping_row(client_for, plan):
    stored_plan(plan, fields=1)
    FieldMapping.objects.filter(type_mapping__connection__plan=plan).update(direction="both")
    TypeMapping.objects.filter(connection__plan=plan).update(direction="both")
    run_validation(plan)
    assert Finding.objects.filter(plan=plan, code="FLD-013").exists()
    tm = TypeMapping.objects.get(connection__plan=plan)
    setup = reverse(
        "connections:connection_setup",
        kwargs={"plan_id": plan.pk, "connection_id": tm.connection_id},
    )
    action = (
        f'<a class="fix-action" href="{setup}#type-mapping-{tm.pk}">Set the conflict policy</a>'
    )
    assert action in _body(client_for("editor").get(_url(plan)))
    assert "fix-action" not in _body(client_for("viewer").get(_url(plan)))  # not theirs to edit
    assert f'id="type-mapping-{tm.pk}"' in client_for("editor").get(setup).content.decode()


# --- acknowledgements in place ------------------------------------------------------------------


def test_a_refused_acknowledgement_comes_back_as_its_row_with_the_reason_kept(
    client_for, validated
):
    finding = _finding(validated, "OPS-004", "endpoints/alm")
    response = client_for("editor").post(
        _url(validated, "acknowledge_finding"),
        {"code": "OPS-004", "subject": "endpoints/alm", "reason": "ok later"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<li class="finding" id="finding-{finding.pk}">')
    assert "Write the reason in a sentence" in body and ">ok later</textarea>" in body
    assert "<details open>" in body and 'id="findings-list"' not in body
    assert not Acknowledgement.objects.exists()


def test_without_js_a_refused_acknowledgement_reloads_the_page_with_the_text_kept(
    client_for, validated
):
    response = client_for("editor").post(
        _url(validated, "acknowledge_finding"),
        {"code": "OPS-004", "subject": "endpoints/alm", "reason": "tbd"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<h1>Findings</h1>" in body
    finding = _finding(validated, "OPS-004", "endpoints/alm")
    row = body[body.index(f'id="finding-{finding.pk}"') :]
    row = row[: row.index("</li>")]
    assert ">tbd</textarea>" in row and "Write the reason in a sentence" in row


def test_an_acknowledgement_swaps_the_counters_out_of_band(client_for, validated):
    response = client_for("editor").post(
        _url(validated, "acknowledge_finding"),
        {"code": "OPS-004", "subject": "endpoints/alm", "reason": REASON},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="findings-summary" hx-swap-oob="true"' in body
    assert "<li" not in body  # the acknowledged row leaves the list (acknowledged are hidden)
    open_warnings = re.search(r"(\d+) warnings", body).group(1)
    before = Finding.objects.filter(plan=validated, severity="warning").count()
    assert int(open_warnings) == before - 1


def test_with_acknowledged_shown_the_row_comes_back_acknowledged(client_for, validated):
    response = client_for("editor").post(
        _url(validated, "acknowledge_finding"),
        {"code": "OPS-004", "subject": "endpoints/alm", "reason": REASON, "acknowledged": "1"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert '<li class="finding acknowledged"' in body and REASON in body


# --- bulk ---------------------------------------------------------------------------------------


def _bulk(client, plan, findings, reason=REASON, **headers):
    return client.post(
        _url(plan, "acknowledge_findings"),
        {"finding": [f.pk for f in findings], "reason": reason},
        **headers,
    )


def test_an_editor_acknowledges_several_findings_of_one_code_in_one_change(client_for, validated):
    findings = list(Finding.objects.filter(plan=validated, code="OPS-004"))
    assert len(findings) == 2
    revision, events = validated.revision, AuditEvent.objects.filter(plan=validated).count()
    response = _bulk(client_for("editor"), validated, findings)
    assert response.status_code == 302
    acks = Acknowledgement.objects.filter(plan=validated, code="OPS-004")
    assert {a.subject for a in acks} == {f.subject for f in findings}
    assert {a.reason for a in acks} == {REASON}
    validated.refresh_from_db()
    assert validated.revision == revision + 1
    assert AuditEvent.objects.filter(plan=validated).count() == events + 1
    # The findings stay current: the plan is still validated at its revision.
    body = client_for("viewer").get(_url(validated)).content.decode()
    assert f"Findings from revision {validated.revision}." in body


def test_bulk_over_two_codes_is_refused_with_the_selection_and_reason_kept(client_for, validated):
    findings = [
        _finding(validated, "OPS-004", "endpoints/alm"),
        Finding.objects.filter(plan=validated, code="OPS-006").first(),
    ]
    response = _bulk(
        client_for("owner"), validated, findings, reason="Both are fine", HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith('<div id="findings-list">')
    assert "Select findings of one code" in body and ">Both are fine</textarea>" in body
    for finding in findings:
        assert f'value="{finding.pk}" form="bulk-ack" checked' in body
    assert not Acknowledgement.objects.exists()


def test_bulk_keeps_the_role_rules_errors_are_for_owners(client_for, validated):
    error = _finding(validated, "FLD-006", ID_MAPPING)
    assert _bulk(client_for("editor"), validated, [error]).status_code == 403
    assert _bulk(client_for("viewer"), validated, [error]).status_code == 403
    assert _bulk(client_for("owner"), validated, [error]).status_code == 302
    assert Acknowledgement.objects.get().code == "FLD-006"


def test_bulk_with_nothing_selected_says_so(client_for, validated):
    response = _bulk(client_for("owner"), validated, [])
    assert "Select the findings to acknowledge." in response.content.decode()


def test_bulk_of_an_unknown_finding_is_refused_not_an_error(client_for, validated):
    response = client_for("owner").post(
        _url(validated, "acknowledge_findings"), {"finding": ["999999", "x"], "reason": REASON}
    )
    assert response.status_code == 200
    assert "no longer reported" in response.content.decode()


# --- which revision -----------------------------------------------------------------------------


def test_the_findings_say_which_revision_they_are_from_and_that_the_plan_changed(
    client_for, validated
):
    client = client_for("owner")
    assert (
        f"Findings from revision {validated.revision}."
        in client.get(_url(validated)).content.decode()
    )
    validated_at = validated.revision
    with content_change(validated, client.user):
        record_change(validated, client.user, "plan.rename", "plan", None, {"name": "x"})
    validated.refresh_from_db()
    body = client.get(_url(validated)).content.decode()
    assert (
        f"Findings from revision {validated_at}: the plan is at revision {validated.revision} now"
        in body
    )
    assert f"validated at revision {validated_at}; changed since" in body


# --- bounded queries ----------------------------------------------------------------------------


@pytest.mark.parametrize("type_mappings", [1, 6])
def test_acknowledging_in_place_and_in_bulk_runs_a_bounded_number_of_queries(
    client_for, plan, type_mappings, django_assert_max_num_queries
):
    stored_plan(plan, type_mappings=type_mappings, fields=3)
    run_validation(plan)
    client = client_for("owner")
    one = {"code": "OPS-004", "subject": "endpoints/alm", "reason": REASON, "acknowledged": "1"}
    # 37: one of them asks whether a rehearsal of the revision before is to be carried forward.
    with django_assert_max_num_queries(37):
        response = client.post(_url(plan, "acknowledge_finding"), one, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    errors = Finding.objects.filter(plan=plan, code="FLD-006")
    with django_assert_max_num_queries(37):
        response = _bulk(client, plan, list(errors), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(_url(plan), {"acknowledged": "1"}).status_code == 200


def test_every_anchor_a_link_names_is_on_the_page_it_points_at(client_for, validated):
    from tests.factories import EndpointUserFactory

    connection = validated.connections.get()
    mapping = FieldMapping.objects.filter(type_mapping__connection=connection).first()
    tm = mapping.type_mapping
    left, right = connection.left.key, connection.right.key
    for side in (mapping.left_field, mapping.right_field):
        side.data_type = DataType.ENUM
        side.save(update_fields=["data_type"])
    EnumPairFactory(
        field_mapping=mapping,
        left_value=EnumValueFactory(field=mapping.left_field, label="High"),
        right_value=EnumValueFactory(field=mapping.right_field, label="P1"),
    )
    UserMapEntryFactory(
        user_map=UserMapFactory(connection=connection), left_username="olga", right_username="ok"
    )
    OperationsItemFactory(sync_server=validated.sync_server, kind="credential", key="api")
    EndpointUserFactory(endpoint=connection.left, username="olga")
    fm_subject = S.field_mapping(
        connection.key, tm.left_type.key, tm.right_type.key, mapping.left_field.key,
        mapping.right_field.key,
    )  # fmt: skip
    paths = [
        fm_subject,
        S.enum_pair(fm_subject, "High", "P1"),
        S.type_mapping(connection.key, tm.left_type.key, tm.right_type.key),
        S.user_map_entry(connection.key, "olga", "ok"),
        S.operations_item("credential", "api"),
        S.SERVER,
        S.item_type(left, tm.left_type.key),
        S.field(right, tm.right_type.key, mapping.right_field.key),
        S.endpoint_user(left, "olga"),
        S.connection(connection.key),
    ]
    ids = load_ids(validated, paths)
    client = client_for("viewer")
    coded = [(p, "USE-001") for p in paths] + [
        (S.users(connection.key), "USR-006"),
        (S.users(connection.key), "USR-002"),
        (S.endpoint(left), "OPS-004"),
        (S.PLAN, "OPS-005"),
    ]
    ids = load_ids(validated, [p for p, _ in coded])
    for path, code in coded:
        href = link(validated.pk, path, ids, code).href
        url, _, anchor = href.partition("#")
        response = client.get(url, follow=True)
        assert response.status_code == 200, path
        assert f'id="{anchor}"' in response.content.decode(), (path, href)
    # The calculated value offered for an unmapped required field opens with that field picked.
    extra = FieldFactory(item_type=tm.right_type, key="components", required=True)
    unmapped = S.field_mapping(
        connection.key, tm.left_type.key, tm.right_type.key, None, "components"
    )
    action = link(validated.pk, unmapped, load_ids(validated, [unmapped]), "FLD-008")
    assert action.action_label == "Add a calculated value"
    url, _, anchor = action.href.partition("#")
    assert f'id="{anchor}"' in client.get(url).content.decode()
    editor = client_for("editor")  # the fix is an edit: offered to those who may edit
    body = editor.get(action.action_href.partition("#")[0]).content.decode()
    assert f'<option value="{extra.pk}" selected' in body and 'id="calc-editor"' in body


# --- refreshed in place -------------------------------------------------------------------------


def _edit(plan, user):
    with content_change(plan, user):
        record_change(plan, user, "plan.rename", "plan", None, {"name": "x"})
    plan.refresh_from_db()


def test_findings_behind_the_plan_refresh_in_place_once_a_newer_validation_lands(
    client_for, validated
):
    client = client_for("owner")
    assert "shown=" not in client.get(_url(validated)).content.decode()  # current: no polling
    shown = validated.revision
    _edit(validated, client.user)
    body = _body(client.get(_url(validated)))
    poll = f'hx-get="{_url(validated)}?shown={shown}" hx-trigger="every 10s"'
    assert poll in body

    nothing_newer = client.get(_url(validated), {"shown": shown}, HTTP_HX_REQUEST="true")
    assert nothing_newer.status_code == 204 and nothing_newer.content == b""

    run_validation(validated)  # e.g. the background validation after the edit
    fresh = client.get(_url(validated), {"shown": shown}, HTTP_HX_REQUEST="true")
    fresh_body = fresh.content.decode()
    assert fresh.status_code == 200
    assert fresh_body.lstrip().startswith('<div id="findings-list">')  # current: polling stops
    assert f"Findings from revision {validated.revision}." in fresh_body
    assert 'id="findings-summary" hx-swap-oob="true"' in fresh_body


def test_the_polling_keeps_the_filters(client_for, validated):
    client = client_for("viewer")
    _edit(validated, validated.memberships.first().user)
    body = _body(client.get(_url(validated), {"family": "OPS", "acknowledged": "1"}))
    assert f"?family=OPS&acknowledged=1&shown={validated.revision - 1}" in body
