"""Where the rehearsal's results go (issue 17, point 6): its findings (RHR) on the findings page
with links to the rows that fix them, acknowledged like any other and counted by the finding
status for the revision rehearsed; the rehearsal line of the review page and the print view,
the same as the rehearsal page's and the worksheet Overview's."""

import datetime
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.changes import record_change
from core.jobs import start_job
from core.models import JobKind
from planner.demo import load_demo_plan
from planner.models import Acknowledgement, Finding, Plan
from planner.rehearsal.loading import rehearsal_status_of
from planner.validation.services import AcknowledgeRights, acknowledge, run_validation
from planner.validation.status import finding_status_of
from tests.factories import UserFactory
from tests.planner.rehearsal.test_views import BUGS, SPRINTS, rehearse_on_page, signed_in, upload


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def demo(db, media):
    return load_demo_plan(today=datetime.date(2026, 3, 2)).plan


REFUSED = "connections/alm-jira/types/Defect->Bug"
REASON = "Accepted: the team fixes the Severity constant before go-live."


def rehearsed(client, plan, role="owner"):
    signed_in(client, plan, role)
    upload(client, plan)
    rehearse_on_page(client, plan)
    plan.refresh_from_db()
    return plan


def rhr(plan):
    return {
        (f.code, f.subject): f for f in Finding.objects.filter(plan=plan, code__startswith="RHR-")
    }


def test_a_rehearsal_raises_its_findings_for_the_revision_it_rehearsed(client, demo):
    assert rehearsal_status_of(demo).line == f"not rehearsed at revision {demo.revision}"
    plan = rehearsed(client, demo)
    found = rhr(plan)
    # The demo as loaded refuses the 7 Jira bugs in ALM/QC, and 'Major' has no pair.
    assert ("RHR-001", REFUSED) in found
    refused = found[("RHR-001", REFUSED)]
    assert refused.severity == "error" and refused.plan_revision == plan.revision
    assert "7 of 7 items of Jira" in refused.message
    assert any(code == "RHR-003" and "'Major' (7 items)" in f.message
               for (code, _), f in found.items())  # fmt: skip
    status = finding_status_of(plan)
    assert status.current and not status.ready_for_sign_off
    assert status.errors == Finding.objects.filter(plan=plan, severity="error").count()
    assert rehearsal_status_of(plan).line == (
        "rehearsed on 8 Jira Cloud (development) items: 7 refused, 0 with losses"
    )


def test_the_findings_page_links_each_rhr_finding_to_the_row_that_fixes_it(client, demo):
    plan = rehearsed(client, demo)
    html = client.get(reverse("planner:findings", args=[plan.pk]), {"family": "RHR"})
    body = html.content.decode().replace("&amp;", "&").replace("&gt;", ">")
    assert "RHR-001" in body and "RHR-003" in body
    tm = plan.connections.get(key="alm-jira").type_mappings.get(
        left_type__key="Defect", right_type__key="Bug"
    )
    workspace = reverse(
        "connections:workspace",
        kwargs={"plan_id": plan.pk, "connection_id": tm.connection_id, "type_mapping_id": tm.pk},
    )
    assert workspace in body  # RHR-001: fixed among the type mapping's field mappings
    assert "Pair the missing values" in body  # RHR-003: the enum editor, one click away


def test_an_rhr_finding_is_acknowledged_like_any_other_and_the_rehearsal_stays_current(
    client, demo
):
    plan = rehearsed(client, demo)
    errors_before = finding_status_of(plan).errors
    response = client.post(
        reverse("planner:acknowledge_finding", args=[plan.pk]),
        {"code": "RHR-001", "subject": REFUSED, "reason": REASON},
    )
    assert response.status_code in (200, 302)
    ack = Acknowledgement.objects.get(plan=plan, code="RHR-001", subject=REFUSED)
    assert ack.reason == REASON
    plan.refresh_from_db()
    # The acknowledgement made a revision; the rehearsal and the findings are still current.
    assert rehearsal_status_of(plan).current
    assert finding_status_of(plan).errors == errors_before - 1
    # Validating again keeps the finding (the rehearsal is of this revision), acknowledged.
    rows = run_validation(plan)
    (again,) = [r for r in rows if (r.code, r.subject) == ("RHR-001", REFUSED)]
    assert again.acknowledgement is not None and not again.is_stale


def test_after_an_edit_the_rehearsal_is_older_and_validation_raises_no_rhr_finding(client, demo):
    plan = rehearsed(client, demo)
    rehearsed_at = plan.revision
    record_change(plan, None, "plan.rename", "plan", before={"name": ""}, after={"name": "x"})
    plan.refresh_from_db()
    assert rehearsal_status_of(plan).line == (
        f"rehearsed at revision {rehearsed_at}; changed since"
    )
    run_validation(plan)
    assert not rhr(plan)


def _line(html: str, id_: str) -> str:
    found = re.search(rf'id="{id_}"[^>]*>(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)) if found else ""


def test_the_review_page_and_the_print_view_state_the_last_rehearsal(client, demo):
    signed_in(client, demo, "viewer")
    review = reverse("planner:review", args=[demo.pk])
    printed = reverse("planner:plan_print", args=[demo.pk])
    not_yet = f"not rehearsed at revision {demo.revision}"
    assert not_yet in _line(client.get(review).content.decode(), "rehearsal-status")
    assert f'<dd class="rehearsal-status">{not_yet}</dd>' in client.get(printed).content.decode()

    plan = rehearsed(client, demo, role="editor")
    line = "rehearsed on 8 Jira Cloud (development) items: 7 refused, 0 with losses"
    assert line in _line(client.get(review).content.decode(), "rehearsal-status")
    assert f'<dd class="rehearsal-status">{line}</dd>' in client.get(printed).content.decode()
    rehearsal_page = client.get(reverse("planner:rehearsal", args=[plan.pk])).content.decode()
    assert line[0].upper() + line[1:] in _line(rehearsal_page, "rehearsal-status")

    before = Plan.objects.get(pk=plan.pk).revision
    record_change(plan, None, "plan.rename", "plan", before={"name": ""}, after={"name": "x"})
    changed = f"rehearsed at revision {before}; changed since"
    assert changed in _line(client.get(review).content.decode(), "rehearsal-status")
    assert f'<dd class="rehearsal-status">{changed}</dd>' in client.get(printed).content.decode()


def test_the_line_names_each_endpoint_with_its_items(client, demo):
    signed_in(client, demo, "editor")
    upload(client, demo)
    upload(client, demo, SPRINTS, type_hint="sprint")
    rehearse_on_page(client, demo)
    demo.refresh_from_db()
    # Both sets are Jira's: 8 bugs and tasks, 6 sprints.
    assert rehearsal_status_of(demo).line.startswith(
        "rehearsed on 14 Jira Cloud (development) items: 13 refused"
    )


def test_the_line_gives_the_counts_rehearse_plan_gives(client, demo):
    signed_in(client, demo, "editor")
    upload(client, demo)
    upload(client, demo, SPRINTS, type_hint="sprint")
    rehearse_on_page(client, demo)
    demo.refresh_from_db()
    out = StringIO()
    with pytest.raises(SystemExit):  # items are refused: exit status 1
        call_command("rehearse_plan", str(demo.pk), f"jira={BUGS}", f"jira:sprint={SPRINTS}",
                     format="json", stdout=out)  # fmt: skip
    runs = json.loads(out.getvalue())["runs"]
    record = rehearsal_status_of(demo).record
    assert (record.items, record.clean, record.with_losses, record.refused) == tuple(
        sum(r[k] for r in runs) for k in ("items", "clean", "with_losses", "refused")
    )


def test_an_acknowledgement_from_a_stale_page_does_not_carry_an_older_rehearsal(client, demo):
    plan = rehearsed(client, demo)
    rehearsed_at = plan.revision
    stale = Plan.objects.get(pk=plan.pk)  # read before another change
    record_change(plan, None, "plan.rename", "plan", before={"name": ""}, after={"name": "x"})
    run_validation(plan)  # the findings of the new revision, none from the rehearsal
    finding = Finding.objects.filter(plan=plan, severity="warning").first()
    acknowledge(stale, UserFactory(), AcknowledgeRights(True, True), finding.code,
                finding.subject, REASON)  # fmt: skip
    plan.refresh_from_db()
    assert rehearsal_status_of(plan).line == f"rehearsed at revision {rehearsed_at}; changed since"


def test_a_rehearsal_whose_validation_found_nothing_counts_as_validated_at_its_revision(
    client, demo
):
    start_job(kind=JobKind.VALIDATE, plan=demo)
    validated_before = demo.revision
    record_change(demo, None, "plan.rename", "plan", before={"name": ""}, after={"name": "x"})
    plan = rehearsed(client, demo)  # its job validates the new revision
    assert plan.revision == validated_before + 1
    Finding.objects.filter(plan=plan).delete()  # as when the rules found nothing
    status = finding_status_of(plan)
    assert status.validated_revision == plan.revision and status.current
