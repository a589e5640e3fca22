import pytest
from django.urls import reverse

from core.jobs import JobQueueUnavailable
from core.models import Job
from planner.models import Acknowledgement, Finding
from planner.validation.services import run_validation

from .plans import stored_plan

ID_MAPPING = "connections/alm-jira/types/defect0->bug0/fields/id->id"


@pytest.fixture
def validated(plan):
    stored_plan(plan)
    run_validation(plan)
    return plan


def _url(plan, name="findings"):
    return reverse(f"planner:{name}", kwargs={"plan_id": plan.pk})


def _ack(client, plan, code, subject, reason="Accepted: the network team records it in May."):
    return client.post(
        _url(plan, "acknowledge_finding"), {"code": code, "subject": subject, "reason": reason}
    )


def test_a_viewer_sees_the_findings_grouped_and_linked(client_for, validated):
    response = client_for("viewer").get(_url(validated))
    body = response.content.decode()
    assert response.status_code == 200
    assert "FLD-006" in body and "OPS-004" in body
    assert body.index("Errors") < body.index("Warnings")
    endpoint = validated.endpoints.get(key="alm")
    # An endpoint's operations findings lead to where they are recorded: the register.
    assert f"{_url(validated, 'operations')}#endpoint-{endpoint.pk}" in body
    assert "Acknowledge</button>" not in body and "Validate</button>" not in body


def test_the_findings_can_be_filtered_by_severity_and_area(client_for, validated):
    client = client_for("viewer")
    body = client.get(_url(validated), {"severity": "error", "family": "FLD"}).content.decode()
    assert "FLD-006" in body and "OPS-003" not in body and "OPS-004" not in body
    partial = client.get(_url(validated), {"family": "OPS"}, HTTP_HX_REQUEST="true")
    assert partial.content.decode().lstrip().startswith('<div id="findings-list">')


def test_an_outsider_gets_404(client_for, validated):
    assert client_for(None).get(_url(validated)).status_code == 404


def test_a_viewer_cannot_acknowledge(client_for, validated):
    assert _ack(client_for("viewer"), validated, "OPS-004", "endpoints/alm").status_code == 403
    assert not Acknowledgement.objects.exists()


def test_an_editor_acknowledges_warnings_but_not_errors(client_for, validated):
    client = client_for("editor")
    assert _ack(client, validated, "FLD-006", ID_MAPPING).status_code == 403
    response = _ack(client, validated, "OPS-004", "endpoints/alm")
    assert response.status_code == 302
    ack = Acknowledgement.objects.get()
    assert (ack.code, ack.acknowledged_by) == ("OPS-004", client.user.username)


def test_an_owner_acknowledges_an_error_and_the_page_shows_the_reason(client_for, validated):
    client = client_for("owner")
    response = _ack(client, validated, "FLD-006", ID_MAPPING)
    assert response.status_code == 302
    body = client.get(_url(validated), {"acknowledged": "1"}).content.decode()
    assert "Accepted: the network team records it in May." in body
    assert "FLD-006" not in client.get(_url(validated)).content.decode()


def test_an_acknowledgement_without_a_real_reason_is_refused_with_a_message(client_for, validated):
    response = _ack(client_for("owner"), validated, "FLD-006", ID_MAPPING, reason="ok")
    assert response.status_code == 200
    assert "reason" in response.content.decode()
    assert not Acknowledgement.objects.exists()


def test_a_stale_acknowledgement_is_shown_as_stale(client_for, validated):
    finding = Finding.objects.get(plan=validated, code="OPS-004", subject="endpoints/alm")
    Acknowledgement.objects.create(
        plan=validated, code=finding.code, subject=finding.subject, fingerprint="0" * 64,
        reason="Given for an older state.", acknowledged_by="olga",
    )  # fmt: skip
    body = client_for("viewer").get(_url(validated)).content.decode()
    assert "Stale acknowledgement" in body and "Given for an older state." in body


def test_validate_queues_a_job_and_redirects_to_it(client_for, plan):
    stored_plan(plan)
    response = client_for("editor").post(_url(plan, "validate_plan"))
    job = Job.objects.get(plan=plan, kind="validate")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "planner:job_status", kwargs={"plan_id": plan.pk, "job_id": job.pk}
    )
    assert Finding.objects.filter(plan=plan).exists()  # tests run tasks eagerly
    page = client_for("viewer").get(response["Location"]).content.decode()
    assert "Succeeded" in page and _url(plan) in page


def test_validate_is_for_editors_and_owners(client_for, plan):
    assert client_for("reviewer").post(_url(plan, "validate_plan")).status_code == 403


def test_validate_explains_an_unavailable_queue(client_for, plan, monkeypatch):
    def unavailable(**kwargs):
        raise JobQueueUnavailable("connection refused")

    monkeypatch.setattr("planner.validation.views.start_job", unavailable)
    response = client_for("owner").post(_url(plan, "validate_plan"))
    assert response.status_code == 503
    assert "job queue is unavailable" in response.content.decode()


def test_the_plan_page_shows_open_counts_and_readiness(client_for, validated):
    body = (
        client_for("viewer")
        .get(reverse("planner:plan_detail", kwargs={"plan_id": validated.pk}))
        .content.decode()
    )
    errors = Finding.objects.filter(plan=validated, severity="error").count()
    assert f"{errors} errors" in body and "not ready for sign-off" in body


@pytest.mark.parametrize("type_mappings", [1, 8])
def test_the_findings_page_runs_a_bounded_number_of_queries(
    client_for, plan, type_mappings, django_assert_max_num_queries
):
    stored_plan(plan, type_mappings=type_mappings, fields=3)
    run_validation(plan)
    client = client_for("owner")
    with django_assert_max_num_queries(14):
        response = client.get(_url(plan), {"acknowledged": "1"})
    assert response.status_code == 200


def test_subjects_are_named_for_people_with_the_raw_path_kept(client_for, validated):
    body = client_for("viewer").get(_url(validated)).content.decode()
    assert "Defect0 → Bug0 › Id (id) → Id (id)" in body
    assert f'title="{ID_MAPPING}"' in body.replace("&gt;", ">")
    assert f'<code class="subject-path muted">{ID_MAPPING}</code>' in body.replace("&gt;", ">")


def test_connect_findings_are_listed_under_their_own_area(client_for, plan):
    # Found on a plan where Jira owns what it shares with ALM/QC: Connect makes ALM/QC master.
    Finding.objects.create(
        plan=plan, plan_revision=plan.revision, code="CNX-003", severity="warning",
        subject="connections/alm-jira", fingerprint="f", message="Connect makes ALM/QC the master",
        fix="Make ALM/QC the system of record.",
    )  # fmt: skip
    client = client_for("viewer")

    body = client.get(_url(plan)).content.decode()
    assert "CNX-003" in body and "Connect set-up" in body
    only = client.get(_url(plan), {"family": "CNX"}).content.decode()
    assert "Connect makes ALM/QC the master" in only
