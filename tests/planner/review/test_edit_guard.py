"""Guard rails (issue 16, point 6): the plan's status on every editing page, and a question
before the first edit withdraws a submission."""

import pytest
from django.urls import reverse

from planner.models import PlanStatus, SignOffRole
from planner.review import signoff
from tests.factories import MembershipFactory, PlanFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(client):
    plan = PlanFactory(name="Defects")
    editor, reviewer = UserFactory(username="ed"), UserFactory(username="rita")
    MembershipFactory(plan=plan, user=editor, role="owner")
    MembershipFactory(plan=plan, user=reviewer, role="reviewer")
    SignOffRole.objects.create(plan=plan, title="Sync administrator", holder=reviewer)
    signoff.submit(plan, by=editor, ready=True)
    plan.refresh_from_db()
    client.force_login(editor)
    return plan


def _rename(client, plan, name, **headers):
    plan.refresh_from_db()
    return client.post(
        reverse("planner:plan_rename", args=[plan.pk]),
        {"name": name, "description": "", "lock_version": plan.lock_version},
        **headers,
    )


def test_the_first_edit_of_a_plan_in_review_asks_and_saves_nothing(client, in_review):
    plan = in_review
    response = _rename(client, plan, "Renamed")
    assert response.status_code == 409
    assert response.content.decode().count("Edit anyway (withdraws the submission)") == 1
    plan.refresh_from_db()
    assert plan.name == "Defects" and plan.status == PlanStatus.IN_REVIEW


def test_an_htmx_edit_is_sent_to_the_question(client, in_review):
    plan = in_review
    page = reverse("planner:plan_detail", args=[plan.pk])
    response = _rename(
        client,
        plan,
        "Renamed",
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{page}",
    )
    assert response["HX-Redirect"].startswith(reverse("planner:edit_anyway", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.name == "Defects"


def test_once_confirmed_edits_withdraw_the_submission(client, in_review):
    plan = in_review
    page = reverse("planner:plan_detail", args=[plan.pk])
    response = client.post(reverse("planner:edit_anyway", args=[plan.pk]), {"next": page})
    assert response.status_code == 302 and response["Location"] == page
    _rename(client, plan, "Renamed")
    plan.refresh_from_db()
    assert plan.name == "Renamed" and plan.status == PlanStatus.DRAFT

    # A new submission asks again.
    signoff.submit(plan, by=plan.memberships.get(role="owner").user, ready=True)
    assert _rename(client, plan, "Again").status_code == 409


def test_a_draft_is_edited_without_a_question(client, in_review):
    plan = in_review
    plan.status = PlanStatus.DRAFT
    plan.save()
    assert _rename(client, plan, "Renamed").status_code != 409
    plan.refresh_from_db()
    assert plan.name == "Renamed"


def test_an_unsafe_next_goes_back_to_the_plan(client, in_review):
    plan = in_review
    response = client.post(
        reverse("planner:edit_anyway", args=[plan.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("planner:plan_detail", args=[plan.pk])


def test_plan_pages_show_the_status_and_the_question_to_editors(client, in_review):
    plan = in_review
    for name in ("planner:plan_detail", "planner:findings", "planner:team"):
        page = client.get(reverse(name, args=[plan.pk])).content.decode()
        assert 'id="plan-status-bar"' in page and "In review" in page, name
        assert "Edit anyway (withdraws the submission)" in page, name

    client.force_login(plan.memberships.get(role="reviewer").user)
    page = client.get(reverse("planner:plan_detail", args=[plan.pk])).content.decode()
    assert 'id="plan-status-bar"' in page and "Edit anyway" not in page
