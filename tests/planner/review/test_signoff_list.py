"""The sign-off list a team sets stays as set; holders are picked from the members; a team too
small for its sign-offs is told so before submitting (issue 16, point 1)."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from planner.models import PlanStatus, SignOffRole
from planner.review import signoff
from planner.validation import services as validation
from tests.factories import EndpointFactory, MembershipFactory, PlanFactory, UserFactory

pytestmark = pytest.mark.django_db


def _ready_plan(owner):
    """A plan with one endpoint whose every error and warning the owner accepted."""
    plan = PlanFactory(name="Defects")
    MembershipFactory(plan=plan, user=owner, role="owner")
    EndpointFactory(plan=plan, key="alm", name="ALM/QC")
    validation.validate_and_store(plan)
    rights = validation.AcknowledgeRights(warnings=True, errors=True)
    for finding in validation.open_findings(plan, plan.revision).exclude(severity="info"):
        validation.acknowledge(
            plan, owner, rights, finding.code, finding.subject, "Accepted for the pilot phase."
        )
    plan.refresh_from_db()
    validation.validate_and_store(plan)
    return plan


@pytest.fixture
def pair(client):
    olga, bob = UserFactory(username="olga"), UserFactory(username="bob")
    plan = _ready_plan(olga)
    MembershipFactory(plan=plan, user=bob, role="editor")
    return plan, olga, bob


def _post(client, name, plan, data, **kw):
    return client.post(reverse(f"planner:{name}", kwargs={"plan_id": plan.pk, **kw}), data)


def test_a_two_person_team_submits_with_the_list_it_set(client, pair):
    """The reported defect: Sync administrator removed, Submit put it back and refused."""
    plan, olga, bob = pair
    client.force_login(olga)
    _post(client, "signoff_roles", plan, {"defaults": "1"})
    titles = list(plan.sign_off_roles.values_list("title", flat=True))
    assert titles == ["Product owner: ALM/QC", "Sync administrator"]
    admin = plan.sign_off_roles.get(title="Sync administrator")
    _post(client, "signoff_roles", plan, {"remove": admin.pk})
    owner_role = plan.sign_off_roles.get()
    _post(client, "signoff_holder", plan, {"holder": bob.pk}, role_id=owner_role.pk)

    response = client.post(reverse("planner:review_submit", args=[plan.pk]), follow=True)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_REVIEW, response.content.decode()
    assert list(plan.sign_off_roles.values_list("title", flat=True)) == ["Product owner: ALM/QC"]

    client.force_login(bob)
    _post(client, "review_decide", plan, {"decision": "approve"}, role_id=owner_role.pk)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SIGNED_OFF


def test_defaults_are_seeded_only_for_a_plan_that_never_had_a_list(pair):
    plan, olga, bob = pair
    SignOffRole.objects.create(plan=plan, title="Sync administrator")
    signoff.remove_sign_off(plan, plan.sign_off_roles.get(), by=olga)

    with pytest.raises(signoff.ReviewError, match="at least one sign-off"):
        signoff.submit(plan, by=olga, ready=True)
    assert not plan.sign_off_roles.exists()

    fresh = _ready_plan(UserFactory())
    with pytest.raises(signoff.ReviewError, match="needs a holder"):
        signoff.submit(fresh, by=olga, ready=True)
    assert fresh.sign_off_roles.count() == 2  # seeded once, on the first submit


def test_holders_are_picked_from_the_members(client, pair):
    plan, olga, bob = pair
    outsider, viewer = UserFactory(username="mallory"), UserFactory(username="vic")
    MembershipFactory(plan=plan, user=viewer, role="viewer")
    role = SignOffRole.objects.create(plan=plan, title="Sync administrator")
    client.force_login(olga)

    page = client.get(reverse("planner:review", args=[plan.pk])).content.decode()
    assert f'<option value="{bob.pk}">bob</option>' in page
    assert "mallory" not in page and ">vic<" not in page

    for stranger in (outsider, viewer):
        _post(client, "signoff_holder", plan, {"holder": stranger.pk}, role_id=role.pk)
        role.refresh_from_db()
        assert role.holder is None
    _post(client, "signoff_holder", plan, {"holder": "bob"}, role_id=role.pk)  # no typed names
    role.refresh_from_db()
    assert role.holder is None
    _post(client, "signoff_holder", plan, {"holder": bob.pk}, role_id=role.pk)
    role.refresh_from_db()
    assert role.holder == bob


def test_one_person_holds_only_one_sign_off(client, pair):
    plan, olga, bob = pair
    first = SignOffRole.objects.create(plan=plan, title="Product owner: ALM/QC", holder=bob)
    second = SignOffRole.objects.create(plan=plan, title="Sync administrator")
    client.force_login(olga)
    response = _post(client, "signoff_holder", plan, {"holder": bob.pk}, role_id=second.pk)
    second.refresh_from_db()
    assert second.holder is None and first.holder == bob
    assert response.status_code == 302


def test_the_review_page_says_when_the_team_is_too_small(client, pair):
    plan, olga, bob = pair
    SignOffRole.objects.create(plan=plan, title="Product owner: ALM/QC", holder=bob)
    SignOffRole.objects.create(plan=plan, title="Sync administrator", holder=olga)
    client.force_login(olga)
    page = client.get(reverse("planner:review", args=[plan.pk])).content.decode()
    assert 'id="team-shortfall"' in page
    assert "too small for 2 sign-offs" in page
    assert "Every editor and owner holds a sign-off" in page

    plan.sign_off_roles.get(title="Sync administrator").delete()
    page = client.get(reverse("planner:review", args=[plan.pk])).content.decode()
    assert 'id="team-shortfall"' not in page


def test_team_shortfall_is_pure_over_roles_and_members():
    class R:
        def __init__(self, title, holder_id):
            self.title, self.holder_id = title, holder_id

    members = [(1, "owner"), (2, "reviewer"), (3, "viewer")]
    assert signoff.team_shortfall([R("A", 2)], members) == []
    assert "too small" in signoff.team_shortfall([R("A", 2), R("B", 1)], members)[0]
    assert "You hold 'A'" in signoff.team_shortfall([R("A", 2)], members, submitter=2)[0]
    assert "List at least one" in signoff.team_shortfall([], members)[0]


def test_sign_off_list_edits_are_audited(pair):
    plan, olga, _ = pair
    role = signoff.add_sign_off(plan, "Security officer", by=olga)
    signoff.remove_sign_off(plan, role, by=olga)
    actions = list(
        AuditEvent.objects.filter(plan=plan, subject="signoffs/Security officer")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["sign_off_role.create", "sign_off_role.delete"]


def test_a_holder_cannot_submit_what_they_would_approve(pair):
    plan, olga, bob = pair
    SignOffRole.objects.create(plan=plan, title="Sync administrator", holder=olga)
    with pytest.raises(signoff.ReviewError, match="You hold 'Sync administrator'"):
        signoff.submit(plan, by=olga, ready=True)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert signoff.submit(plan, by=bob, ready=True).number == 1
