import pytest
from django.core import mail
from django.urls import reverse

from core.changes import record_change
from core.models import AuditEvent
from planner.models import Approval, Membership, PlanStatus, SignOffRole
from planner.review import comments, signoff, team
from planner.review.content import current_hash
from planner.review.restore import restore_version
from tests.factories import EndpointFactory, MembershipFactory, PlanFactory, UserFactory
from tests.planner.document.plans import full_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    plan = PlanFactory()
    owner, editor, alice, bob = (UserFactory(username=n) for n in ("olga", "ed", "alice", "bob"))
    for user, role in (
        (owner, "owner"),
        (editor, "editor"),
        (alice, "reviewer"),
        (bob, "reviewer"),
    ):
        MembershipFactory(plan=plan, user=user, role=role)
    first = SignOffRole.objects.create(plan=plan, title="Product owner: ALM", holder=alice)
    second = SignOffRole.objects.create(plan=plan, title="Sync administrator", holder=bob)
    return plan, owner, editor, alice, bob, first, second


def test_a_plan_is_signed_off_when_every_sign_off_approves_the_same_version(people):
    plan, owner, editor, alice, bob, first, second = people

    version = signoff.submit(plan, by=editor, ready=True)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_REVIEW
    assert version.sha256 == current_hash(plan)

    signoff.decide(plan, first, by=alice, decision="approve")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_REVIEW
    signoff.decide(plan, second, by=bob, decision="approve", comment="fine")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SIGNED_OFF
    assert set(Approval.objects.values_list("content_sha256", flat=True)) == {version.sha256}


def test_a_change_after_sign_off_sends_the_plan_back_to_draft(people):
    plan, owner, editor, alice, bob, first, second = people
    version = signoff.submit(plan, by=editor, ready=True)
    signoff.decide(plan, first, by=alice, decision="approve")
    signoff.decide(plan, second, by=bob, decision="approve")

    EndpointFactory(plan=plan, key="jira")
    record_change(plan, editor, "endpoint.create", "endpoints/jira")

    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert current_hash(plan) != version.sha256


def test_nobody_approves_a_version_they_submitted(people):
    plan, owner, editor, alice, bob, first, second = people
    signoff.submit(plan, by=editor, ready=True)
    first.holder = editor
    first.save()
    with pytest.raises(signoff.ReviewError, match="submitted"):
        signoff.decide(plan, first, by=editor, decision="approve")


def test_only_the_holder_decides_on_a_sign_off(people):
    plan, owner, editor, alice, bob, first, second = people
    signoff.submit(plan, by=editor, ready=True)
    with pytest.raises(signoff.ReviewError, match="holder"):
        signoff.decide(plan, first, by=bob, decision="approve")


def test_a_plan_with_open_findings_cannot_be_submitted(people):
    plan, owner, editor, *_ = people
    with pytest.raises(signoff.ReviewError, match="fix or acknowledge"):
        signoff.submit(plan, by=editor, ready=False)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert not plan.versions.exists()


def test_requesting_changes_needs_a_comment_and_reopens_the_draft(people):
    plan, owner, editor, alice, bob, first, second = people
    signoff.submit(plan, by=editor, ready=True)
    with pytest.raises(signoff.ReviewError, match="what should change"):
        signoff.decide(plan, first, by=alice, decision="request_changes")
    signoff.decide(plan, first, by=alice, decision="request_changes", comment="Map Severity")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_every_sign_off_needs_a_different_holder(people):
    plan, owner, editor, alice, bob, first, second = people
    with pytest.raises(signoff.ReviewError, match="already holds"):
        signoff.assign_holder(plan, second, alice, by=owner)


def test_default_sign_offs_are_a_product_owner_per_endpoint_and_the_sync_administrator():
    plan = PlanFactory()
    EndpointFactory(plan=plan, key="alm", name="ALM/QC")
    EndpointFactory(plan=plan, key="jira", name="Jira")
    titles = [r.title for r in signoff.ensure_default_sign_off_roles(plan)]
    assert titles == ["Product owner: ALM/QC", "Product owner: Jira", "Sync administrator"]
    assert len(signoff.ensure_default_sign_off_roles(plan)) == 3  # idempotent


def test_restoring_a_version_brings_its_content_back():
    plan = full_plan()
    owner = UserFactory()
    MembershipFactory(plan=plan, user=owner, role="owner")
    version = signoff.freeze_version(plan, by=owner)
    plan.connections.all().delete()
    record_change(plan, owner, "connection.delete", "connections/alm-jira")
    assert current_hash(plan) != version.sha256

    restore_version(plan, version, by=owner)

    assert current_hash(plan) == version.sha256
    assert AuditEvent.objects.filter(plan=plan, action="plan.restore").exists()


def test_inviting_an_unknown_email_creates_an_account_with_a_set_password_link(
    django_capture_on_commit_callbacks,
):
    plan = PlanFactory()
    owner = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = team.invite(
            plan,
            by=owner,
            who="new.person@example.com",
            role="reviewer",
            base_url="http://testserver/",
        )
    assert invitation.user.username == "new.person"
    assert not invitation.user.has_usable_password()
    assert not Membership.objects.filter(plan=plan, user=invitation.user).exists()
    assert len(mail.outbox) == 1
    assert "http://testserver/reset/" in mail.outbox[0].body


def test_the_last_owner_cannot_leave_or_step_down():
    plan = PlanFactory()
    owner = UserFactory()
    membership = MembershipFactory(plan=plan, user=owner, role="owner")
    with pytest.raises(team.TeamError, match="last owner"):
        team.remove(plan, membership, by=owner)
    with pytest.raises(team.TeamError, match="last owner"):
        team.change_role(plan, membership, by=owner, role="editor")
    second = MembershipFactory(plan=plan, role="owner")
    team.change_role(plan, membership, by=owner, role="editor")
    assert Membership.objects.get(pk=second.pk).role == "owner"


def test_threads_are_resolved_by_their_author_or_an_owner():
    plan = PlanFactory()
    alice, bob = UserFactory(), UserFactory()
    thread = comments.start_thread(plan, by=alice, subject="connections/alm-jira", body="Why both?")
    with pytest.raises(comments.CommentError):
        comments.set_resolved(thread, by=bob, role="reviewer", resolved=True)
    comments.set_resolved(thread, by=bob, role="owner", resolved=True)
    assert thread.resolved


def test_a_viewer_cannot_comment_or_submit(client_for, plan):
    client = client_for("viewer")
    assert (
        client.post(reverse("planner:thread_start", args=[plan.pk]), {"body": "x"}).status_code
        == 403
    )
    assert client.post(reverse("planner:review_submit", args=[plan.pk])).status_code == 403


def test_the_review_page_shows_stale_approvals_and_what_changed(client, people):
    plan, owner, editor, alice, bob, first, second = people
    signoff.submit(plan, by=editor, ready=True)
    signoff.decide(plan, first, by=alice, decision="approve")
    EndpointFactory(plan=plan, key="servicenow", name="ServiceNow")
    record_change(plan, editor, "endpoint.create", "endpoints/servicenow")

    client.force_login(owner)
    page = client.get(reverse("planner:review", args=[plan.pk])).content.decode()

    assert "stale: the plan changed since" in page
    assert "servicenow" in page


def test_the_worksheet_shows_the_version_hash_and_dated_sign_offs(people):
    from planner.exports.sheets import gather

    plan, owner, editor, alice, bob, first, second = people
    version = signoff.submit(plan, by=editor, ready=True)
    signoff.decide(plan, first, by=alice, decision="approve")

    data = gather(plan)

    assert data.latest_version == version.number
    assert data.content_sha256 == version.sha256
    approved, pending = data.sign_offs
    assert approved[:3] == ("Product owner: ALM", "alice", "approve")
    assert approved[3].endswith("UTC")
    assert pending == ("Sync administrator", "bob", "", "")
