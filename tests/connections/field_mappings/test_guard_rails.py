"""The field workspace says the compatibility verdict when a pair is saved, and carries the
Validate button and the plan's status (issue 16, points 2 and 6)."""

import pytest
from django.urls import reverse

from connections.models import FieldMapping
from core.models import Job, JobKind
from facts.datatypes import DataType
from tests.connections.field_mappings.test_views import (
    HTMX,
    left,
    right,
    tm,  # noqa: F401 (fixture)
    url,
)

pytestmark = pytest.mark.django_db


def test_saving_an_incompatible_pair_says_so_in_the_htmx_response(tm, member_client):  # noqa: F811
    a = left(tm, label="Blocked", data_type=DataType.BOOLEAN)
    b = right(tm, label="Assignee", data_type=DataType.USER)
    response = member_client.post(
        url("field_mapping_create", tm), {"left_field": a.pk, "right_field": b.pk}, **HTMX
    )
    html = response.content.decode()
    assert FieldMapping.objects.filter(left_field=a, right_field=b).exists()
    assert 'id="saved-verdict"' in html and 'role="alert"' in html
    assert "Mapped Blocked → Assignee: incompatible: the product refuses" in html


def test_saving_a_compatible_pair_says_compatible_quietly(tm, member_client):  # noqa: F811
    a, b = left(tm, label="Title"), right(tm, label="Summary")
    response = member_client.post(
        url("field_mapping_create", tm), {"left_field": a.pk, "right_field": b.pk}, **HTMX
    )
    html = response.content.decode()
    assert "Mapped Title → Summary: compatible." in html and 'role="status"' in html


def test_a_plain_post_carries_the_verdict_to_the_page(tm, member_client):  # noqa: F811
    a = left(tm, label="Blocked", data_type=DataType.BOOLEAN)
    b = right(tm, label="Assignee", data_type=DataType.USER)
    response = member_client.post(
        url("field_mapping_create", tm), {"left_field": a.pk, "right_field": b.pk}, follow=True
    )
    html = response.content.decode()
    assert 'class="warning"' in html and "Mapped Blocked → Assignee: incompatible" in html


def test_validate_buttons_on_the_plan_page_and_the_workspace(tm, client_for):  # noqa: F811
    plan = tm.connection.plan
    validate = reverse("planner:validate_plan", args=[plan.pk])
    pages = [reverse("planner:plan_detail", args=[plan.pk]), url("workspace", tm)]
    client = client_for("editor")
    for page in pages:
        html = client.get(page).content.decode()
        assert f'action="{validate}"' in html, page
        assert 'id="plan-status-bar"' in html and "Draft" in html, page
    response = client.post(validate)
    job = Job.objects.get(plan=plan, kind=JobKind.VALIDATE)
    assert response["Location"] == reverse("planner:job_status", args=[plan.pk, job.pk])

    viewer = client_for("viewer")
    for page in pages:
        assert f'action="{validate}"' not in viewer.get(page).content.decode(), page
