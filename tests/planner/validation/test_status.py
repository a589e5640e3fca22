"""Finding status, once: every page that shows finding counts says the same thing about a plan,
and none shows "0" for a revision that was not validated."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from connections.models import TypeMapping
from core.changes import record_change
from planner.exports.sheets import ExportOptions
from planner.exports.worksheet import export_xlsx
from planner.validation.services import run_validation
from planner.validation.status import (
    ValidationRecord,
    finding_status,
    finding_status_of,
    finding_statuses,
)
from tests.factories import MembershipFactory, PlanFactory, UserFactory

from .plans import stored_plan

# --------------------------------------------------------------------------------------------
# The pure function.


def test_a_plan_never_validated_has_no_counts_and_says_so():
    status = finding_status(4, None)

    assert (status.errors, status.warnings, status.infos) == (None, None, None)
    assert not status.validated and not status.current and not status.ready_for_sign_off
    assert status.label == "not validated at revision 4"
    assert status.counts_text == "not validated at revision 4"


def test_a_plan_edited_since_its_validation_keeps_that_validations_counts_and_says_it_changed():
    status = finding_status(7, ValidationRecord(revision=5, errors=10, warnings=2, infos=1))

    assert (status.errors, status.warnings, status.infos) == (10, 2, 1)
    assert status.changed_since and not status.current
    assert status.label == "validated at revision 5; changed since"
    assert (
        status.counts_text
        == "10 errors, 2 warnings, 1 info (validated at revision 5; changed since)"
    )


def test_only_a_clean_validation_of_the_current_revision_is_ready_for_sign_off():
    assert finding_status(5, ValidationRecord(5, 0, 0, 3)).ready_for_sign_off
    assert not finding_status(5, ValidationRecord(5, 0, 1, 0)).ready_for_sign_off
    assert not finding_status(6, ValidationRecord(5, 0, 0, 0)).ready_for_sign_off


# --------------------------------------------------------------------------------------------
# The pages, over a plan validated and then edited (the defect: the dashboard said 0 errors,
# 0 warnings, 0 info while the plan page said 10 errors).


@pytest.fixture
def edited(plan, member_client):
    stored = stored_plan(plan)
    findings = run_validation(stored)
    validated_at = stored.revision
    record_change(stored, member_client.user, "plan.update", "plan")
    assert stored.revision == validated_at + 1
    expected = {
        severity: sum(1 for f in findings if f.severity == severity)
        for severity in ("error", "warning", "info")
    }
    assert expected["error"] > 0
    text = (
        f"{expected['error']} errors, {expected['warning']} warnings, {expected['info']} info "
        f"(validated at revision {validated_at}; changed since)"
    )
    return stored, text


def _visible_text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_the_dashboard_shows_the_last_validations_counts_after_an_edit(member_client, edited):
    plan, text = edited

    body = _visible_text(member_client.get(reverse("planner:dashboard")))

    assert text in body
    assert "0 errors" not in body


def test_the_plan_page_and_the_review_page_say_the_same(member_client, edited):
    plan, text = edited

    for name in ("planner:plan_detail", "planner:review"):
        body = _visible_text(member_client.get(reverse(name, kwargs={"plan_id": plan.pk})))
        assert text in body, name
        assert "not ready for sign-off" in body


def test_the_field_workspace_shows_the_last_validations_findings_and_their_revision(
    member_client, edited
):
    plan, text = edited
    tm = TypeMapping.objects.get(connection__plan=plan)
    url = reverse(
        "connections:workspace",
        kwargs={"plan_id": plan.pk, "connection_id": tm.connection_id, "type_mapping_id": tm.pk},
    )

    body = _visible_text(member_client.get(url))

    assert text in body
    assert "FLD-006" in body  # the ID mapping's error, found before the edit


def test_the_worksheet_and_the_print_view_say_the_same(member_client, edited):
    plan, text = edited

    workbook = openpyxl.load_workbook(io.BytesIO(export_xlsx(plan, ExportOptions())))
    overview = {row[1]: row[2] for row in workbook["Overview"].iter_rows(values_only=True)}
    findings = list(workbook["Findings"].iter_rows(values_only=True))
    assert overview["Findings"] == text
    assert findings[1][0] == "Status" and findings[1][3] == text
    assert "FLD-006" in {row[0] for row in findings[2:]}

    body = _visible_text(member_client.get(reverse("planner:plan_print", args=[plan.pk])))
    assert text in body


def test_a_plan_never_validated_shows_no_zero_counts_anywhere(member_client, plan):
    stored_plan(plan)
    label = f"not validated at revision {plan.revision}"

    for url in (
        reverse("planner:dashboard"),
        reverse("planner:plan_detail", args=[plan.pk]),
        reverse("planner:review", args=[plan.pk]),
    ):
        body = _visible_text(member_client.get(url))
        assert label in body, url
        assert "0 errors" not in body, url


def test_acknowledged_findings_are_not_open(member_client, plan):
    from planner.validation.services import AcknowledgeRights, acknowledge

    stored = stored_plan(plan)
    findings = run_validation(stored)
    error = next(f for f in findings if f.severity == "error")
    before = finding_status_of(stored).errors

    acknowledge(
        stored, member_client.user, AcknowledgeRights(True, True), error.code, error.subject,
        "Accepted: the ID is copied by the connector, not mapped.",
    )  # fmt: skip

    stored.refresh_from_db()
    status = finding_status_of(stored)
    assert status.errors == before - 1
    assert status.current


def test_a_validation_job_that_found_nothing_counts_as_validated_at_its_revision(plan):
    from core import jobs
    from core.models import JobKind
    from planner.models import Finding

    jobs.start_job(kind=JobKind.VALIDATE, plan=plan)  # an empty plan
    Finding.objects.filter(plan=plan).delete()  # as when the rules found nothing

    status = finding_status_of(plan)

    assert status.validated_revision == plan.revision
    assert (status.errors, status.warnings, status.infos) == (0, 0, 0)
    assert status.ready_for_sign_off


# --------------------------------------------------------------------------------------------
# Bounded queries.


def test_the_statuses_of_many_plans_take_two_queries(db, django_assert_num_queries):
    plans = [stored_plan(PlanFactory()) for _ in range(6)]
    for p in plans[:4]:
        run_validation(p)

    with django_assert_num_queries(2):
        statuses = finding_statuses(plans)

    assert [statuses[p.pk].validated for p in plans] == [True] * 4 + [False] * 2


def test_the_dashboard_with_many_validated_plans_runs_a_bounded_number_of_queries(
    client, db, django_assert_max_num_queries
):
    user = UserFactory()
    for index in range(12):
        plan = stored_plan(PlanFactory())
        MembershipFactory(plan=plan, user=user)
        if index % 2:
            run_validation(plan)
            record_change(plan, None, "plan.update", "plan")
    client.force_login(user)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("planner:dashboard"))

    assert response.status_code == 200
    assert _visible_text(response).count("changed since") == 6
