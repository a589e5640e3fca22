"""The dashboard of my plans, renaming and archiving a plan."""

from django.urls import reverse

from core.models import AuditEvent
from planner.models import Plan
from tests.factories import MembershipFactory, PlanFactory


def finding(plan, severity, revision, code):
    from planner.models import Finding

    return Finding.objects.create(
        plan=plan,
        plan_revision=revision,
        code=code,
        severity=severity,
        subject=code,
        fingerprint="f",
        message="m",
    )


def test_the_dashboard_counts_open_findings_of_each_plans_current_revision(member_client, plan):
    Plan.objects.filter(pk=plan.pk).update(revision=3)
    finding(plan, "error", 3, "FLD-001")
    finding(plan, "error", 3, "FLD-002")
    finding(plan, "warning", 3, "USE-002")
    finding(plan, "error", 2, "OLD-001")  # an older revision's finding is stale
    response = member_client.get(reverse("planner:dashboard"))
    html = response.content.decode()
    assert "2 errors" in html and "1 warnings" in html and "0 info" in html


def test_archived_plans_leave_the_active_list(member_client, plan):
    other = PlanFactory(name="Old plan", status="archived")
    MembershipFactory(plan=other, user=member_client.user)
    response = member_client.get(reverse("planner:dashboard"))
    assert [m.plan for m in response.context["memberships"]] == [plan]
    assert [m.plan for m in response.context["archived"]] == [other]


def test_the_dashboard_runs_the_same_queries_for_one_plan_or_many(client, db):
    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("planner:dashboard")).status_code == 200
        return len(queries)

    MembershipFactory(user=user)
    few = count()
    for _ in range(5):
        plan = MembershipFactory(user=user).plan
        finding(plan, "info", 0, "X-1")
    assert count() == few


def test_renaming_a_plan_saves_in_place_and_is_recorded(member_client, plan):
    response = member_client.post(
        reverse("planner:plan_rename", kwargs={"plan_id": plan.pk}),
        {"name": "Jira ↔ Octane", "description": "", "lock_version": 0},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Saved" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).name == "Jira ↔ Octane"
    assert AuditEvent.objects.get(plan=plan, action="plan.update").subject == "plan"


def test_an_empty_name_is_refused_with_a_message(member_client, plan):
    response = member_client.post(
        reverse("planner:plan_rename", kwargs={"plan_id": plan.pk}),
        {"name": "", "lock_version": 0},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "This field is required" in response.content.decode()


def test_archiving_is_recorded_once(member_client, plan):
    url = reverse("planner:plan_archive", kwargs={"plan_id": plan.pk})
    member_client.post(url)
    member_client.post(url)
    assert Plan.objects.get(pk=plan.pk).status == "archived"
    assert AuditEvent.objects.filter(plan=plan, action="plan.archive").count() == 1
