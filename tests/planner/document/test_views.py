import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from core import jobs
from core.models import Job, JobKind, JobStatus
from facts.datatypes import DataType
from planner.document.dump import plan_document
from planner.models import Finding, Membership, Plan
from planner.validation.services import run_validation
from tests.factories import (
    ConnectionFactory,
    EndpointUserFactory,
    EnumPairFactory,
    EnumValueFactory,
    FieldMappingFactory,
    MembershipFactory,
    PlanFactory,
    RelationshipRuleFactory,
    TypeMappingFactory,
    UserMapEntryFactory,
    UserMapFactory,
)
from tests.planner.document.plans import full_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return full_plan()


def _export(client, plan, fmt="xlsx", **extra):
    return client.post(reverse("planner:plan_export", args=[plan.pk]), {"format": fmt, **extra})


@pytest.mark.parametrize("role", ["viewer", "reviewer", "editor", "owner"])
def test_every_member_can_export_and_download_the_worksheet(client_for, plan, role):
    client = client_for(role)

    response = _export(client, plan, "xlsx", no_personal_data="on")

    job = Job.objects.get(plan=plan)
    assert response.status_code == 302
    assert response.url == reverse("planner:job_status", args=[plan.pk, job.pk])
    assert job.status == JobStatus.SUCCEEDED, job.message  # eager in tests
    assert job.kind == JobKind.EXPORT_XLSX
    assert job.options == {"personal_data": False, "per_type_sheets": False}
    assert job.expires_at is not None
    page = client.get(response.url)
    assert b"Download" in page.content
    download = client.get(reverse("planner:job_download", args=[plan.pk, job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_an_outsider_cannot_export_print_or_clone(client_for, plan):
    client = client_for(None)

    assert _export(client, plan).status_code == 404
    assert client.get(reverse("planner:plan_print", args=[plan.pk])).status_code == 404
    clone = client.post(reverse("planner:plan_clone", args=[plan.pk]), {"name": "Mine"})
    assert clone.status_code == 404
    assert not Job.objects.exists()


def test_an_unknown_export_format_is_refused_with_a_message(client_for, plan):
    response = _export(client_for("viewer"), plan, "pdf")

    assert response.status_code == 302 and not Job.objects.exists()


def test_an_unavailable_job_queue_is_reported_clearly(client_for, plan, monkeypatch):
    def broken(**kwargs):
        raise jobs.JobQueueUnavailable("connection refused")

    monkeypatch.setattr("planner.document.views.start_job", broken)
    client = client_for("viewer")

    response = _export(client, plan)

    assert response.url == reverse("planner:plan_detail", args=[plan.pk])
    page = client.get(response.url)
    assert b"job queue is unavailable" in page.content


def test_the_plan_page_offers_exports_and_clone_to_editors_only(client_for, plan):
    viewer_page = client_for("viewer").get(reverse("planner:plan_detail", args=[plan.pk]))
    assert b"Worksheet (XLSX)" in viewer_page.content
    assert reverse("planner:plan_clone", args=[plan.pk]).encode() not in viewer_page.content

    editor_page = client_for("editor").get(reverse("planner:plan_detail", args=[plan.pk]))
    assert reverse("planner:plan_clone", args=[plan.pk]).encode() in editor_page.content


def test_the_print_view_shows_every_sheet_and_can_hide_personal_data(client_for, plan):
    client = client_for("reviewer")

    page = client.get(reverse("planner:plan_print", args=[plan.pk]))
    hidden = client.get(reverse("planner:plan_print", args=[plan.pk]), {"personal_data": "0"})

    text = page.content.decode()
    for title in ("Overview", "Fields", "Enum values", "Operations", "Findings"):
        assert f"<h2>{title}</h2>" in text
    assert "alice@example.com" in text and "2-High" in text
    assert "alice@example.com" not in hidden.content.decode()
    assert "style=" not in text and "<script" not in text


def test_the_print_view_names_finding_subjects_for_people_and_keeps_the_path(client_for, plan):
    run_validation(plan)
    finding = Finding.objects.filter(plan=plan).exclude(subject="plan").first()
    assert finding.subject_text and finding.subject_text != finding.subject

    text = client_for("reviewer").get(reverse("planner:plan_print", args=[plan.pk])).content
    findings = text.decode().split("<h2>Findings</h2>", 1)[1]
    assert f"<td>{escape(finding.subject_text)}</td>" in findings
    assert f"<td>{escape(finding.subject)}</td>" in findings


def _connection_with_content(plan):
    """A connection with what each part of its picture reads: an enum field mapping with
    pairs, a user field mapping, a relationship rule, users on both sides and a user map."""
    conn = ConnectionFactory(plan=plan)
    tm = TypeMappingFactory(connection=conn)
    enums = FieldMappingFactory(
        type_mapping=tm,
        left_field__data_type=DataType.ENUM,
        right_field__data_type=DataType.ENUM,
    )
    EnumPairFactory(field_mapping=enums)
    EnumValueFactory(field=enums.left_field)
    FieldMappingFactory(
        type_mapping=tm, left_field__data_type=DataType.USER, right_field__data_type=DataType.USER
    )
    RelationshipRuleFactory(type_mapping=tm)
    for endpoint in (conn.left, conn.right):
        EndpointUserFactory(endpoint=endpoint)
    UserMapEntryFactory(user_map=UserMapFactory(connection=conn))
    return conn


# The print view's queries, whatever the number of connections (all pictures are built
# together by connections.setup.picture.connection_pictures); 41 with the rehearsal line (its last
# rehearsal job; the endpoints' names and the stored result only when there is one).
PRINT_QUERIES = 41


def test_the_print_view_runs_a_bounded_number_of_queries(client_for, django_assert_max_num_queries):
    small = full_plan()
    large = full_plan()
    for _ in range(4):
        _connection_with_content(large)
    assert (small.connections.count(), large.connections.count()) == (1, 5)
    for plan in (small, large):
        client = client_for("viewer")
        MembershipFactory(plan=plan, user=client.user, role="viewer")
        with django_assert_max_num_queries(PRINT_QUERIES):
            page = client.get(reverse("planner:plan_print", args=[plan.pk]))
        assert page.status_code == 200
        assert page.content.count(b'class="card connection-picture"') == plan.connections.count()


@pytest.mark.parametrize("role,allowed", [("viewer", False), ("reviewer", False),
                                          ("editor", True), ("owner", True)])  # fmt: skip
def test_only_owners_and_editors_can_clone(client_for, plan, role, allowed):
    client = client_for(role)

    response = client.post(reverse("planner:plan_clone", args=[plan.pk]), {"name": "The copy"})

    if not allowed:
        assert response.status_code == 403
        assert not Plan.objects.filter(name="The copy").exists()
        return
    clone = Plan.objects.get(name="The copy")
    assert response.url == reverse("planner:plan_detail", args=[clone.pk])
    assert Membership.objects.get(plan=clone).user == client.user
    assert plan_document(clone)["connections"] == plan_document(plan)["connections"]


def _upload(client, content: bytes, name="plan.json"):
    return client.post(
        reverse("planner:plan_import"),
        {"document": SimpleUploadedFile(name, content, content_type="application/json")},
    )


def test_an_uploaded_plan_document_becomes_a_plan_the_uploader_owns(client_for, plan):
    client = client_for(None)
    doc = plan_document(plan)

    response = _upload(client, json.dumps(doc).encode())

    imported = Plan.objects.exclude(pk=plan.pk).get()
    assert response.url == reverse("planner:plan_detail", args=[imported.pk])
    assert Membership.objects.get(plan=imported).user == client.user
    assert plan_document(imported) == doc


def test_a_refused_upload_lists_each_problem_and_creates_nothing(client_for, plan):
    client = client_for(None)
    doc = plan_document(plan)
    doc["connections"][0]["type_mappings"][0]["right_type"] = "story"
    before = Plan.objects.count()

    response = _upload(client, json.dumps(doc).encode())

    assert response.status_code == 200
    assert (
        "/connections[alm-jira]/type_mappings[defect-&gt;story]/right_type: no type &quot;story&quot;"
        in (response.content.decode())
    )
    assert Plan.objects.count() == before


def test_an_upload_that_is_not_json_or_too_large_is_refused(client_for, settings):
    client = client_for(None)
    before = Plan.objects.count()

    not_json = _upload(client, b"\x00\x01 not json")
    settings.UPLOAD_MAX_BYTES = 10
    too_large = _upload(client, b'{"format": "syncplan/1"}')

    assert not_json.status_code == 200 and b"not a JSON document" in not_json.content
    assert too_large.status_code == 200 and b"upload limit" in too_large.content
    assert Plan.objects.count() == before


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_export_runs_through_a_real_worker_on_redis(celery_worker):
    plan = full_plan()

    job = jobs.start_job(kind=JobKind.EXPORT_CSV, plan=plan, options={"per_type_sheets": True})

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.2)
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.celery_task_id
    assert job.result_file.name.endswith(".zip")
    with job.result_file.open("rb") as handle:
        assert handle.read(2) == b"PK"


def test_the_plan_page_with_its_export_block_runs_a_bounded_number_of_queries(
    client_for, django_assert_max_num_queries
):
    for plan in (PlanFactory(), full_plan()):
        client = client_for(None)
        MembershipFactory(plan=plan, user=client.user, role="editor")
        with django_assert_max_num_queries(15):
            page = client.get(reverse("planner:plan_detail", args=[plan.pk]))
        assert b"Export and share" in page.content


def test_anonymous_visitors_are_sent_to_the_login_page(client, plan):
    for url in (reverse("planner:plan_import"), reverse("planner:plan_print", args=[plan.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response.url
