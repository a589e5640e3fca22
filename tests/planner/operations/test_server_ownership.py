"""Who may see, attach and change a sync server's register (issue 12, point 1)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.models import AuditEvent
from planner.document.dump import plan_document
from planner.document.load import import_document
from planner.models import (
    Approval,
    OperationsItem,
    PlanStatus,
    PlanVersion,
    SignOffRole,
    SyncServer,
    SyncServerShare,
)
from planner.operations.services import choose_server
from planner.servers import servers_visible_to
from tests.factories import (
    EndpointFactory,
    MembershipFactory,
    OperationsItemFactory,
    PlanFactory,
    SyncServerFactory,
    UserFactory,
)
from tests.planner.document.plans import full_plan

pytestmark = pytest.mark.django_db


def ops_url(plan, name="operations", **kwargs):
    return reverse(f"planner:{name}", kwargs={"plan_id": plan.pk, **kwargs})


@pytest.fixture
def other_team():
    """Another team's plan on its own server, with a credential in the register."""
    plan = PlanFactory(name="Payments", sync_server=SyncServerFactory(name="Connect prod"))
    owner = MembershipFactory(plan=plan, role="owner").user
    item = OperationsItemFactory(
        sync_server=plan.sync_server, kind="credential", key="jira-token", name="Jira API token"
    )
    return plan, owner, item


def test_another_teams_server_is_neither_offered_nor_attachable(member_client, plan, other_team):
    theirs, _, item = other_team

    page = member_client.get(ops_url(plan)).content.decode()
    response = member_client.post(
        ops_url(plan, "operations_choose_server"), {"existing": theirs.sync_server_id}
    )

    assert "Connect prod" not in page
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    plan.refresh_from_db()
    assert plan.sync_server is None
    assert "Jira API token" not in member_client.get(ops_url(plan)).content.decode()


def test_a_new_server_may_take_a_name_another_team_uses(member_client, plan, other_team):
    theirs, _, _ = other_team

    member_client.post(ops_url(plan, "operations_choose_server"), {"new_name": "Connect prod"})

    plan.refresh_from_db()
    assert plan.sync_server.name == "Connect prod"
    assert plan.sync_server != theirs.sync_server
    assert not plan.sync_server.operations_items.exists()


def test_a_member_of_a_plan_on_the_server_may_attach_it_to_another_plan(member_client, plan):
    server = SyncServerFactory(name="Shared prod")
    mine = PlanFactory(sync_server=server)
    MembershipFactory(plan=mine, user=member_client.user, role="viewer")

    member_client.post(ops_url(plan, "operations_choose_server"), {"existing": server.pk})

    plan.refresh_from_db()
    assert plan.sync_server == server
    assert AuditEvent.objects.filter(plan=plan, action="plan.sync_server").exists()


def test_an_owner_shares_the_server_on_purpose_and_it_is_audited_in_both_plans(
    client, plan, other_team
):
    theirs, their_owner, _ = other_team
    editor = MembershipFactory(plan=plan, role="editor").user
    client.force_login(their_owner)

    response = client.post(
        ops_url(theirs, "operations_share_server"), {"plan_number": plan.pk}, follow=True
    )

    assert f"If plan {plan.pk} exists" in response.content.decode()
    assert SyncServerShare.objects.filter(sync_server=theirs.sync_server, plan=plan).exists()
    assert AuditEvent.objects.get(plan=theirs, action="sync_server.share").after == {
        "server": "Connect prod",
        "shared_with_plan": plan.pk,
    }
    assert AuditEvent.objects.filter(plan=plan, action="sync_server.share").exists()
    # Now the other team sees the server and may attach it.
    assert theirs.sync_server in servers_visible_to(editor)
    client.force_login(editor)
    client.post(ops_url(plan, "operations_choose_server"), {"existing": theirs.sync_server_id})
    plan.refresh_from_db()
    assert plan.sync_server == theirs.sync_server


def test_sharing_with_a_plan_that_does_not_exist_answers_the_same(client, other_team):
    theirs, their_owner, _ = other_team
    client.force_login(their_owner)

    response = client.post(
        ops_url(theirs, "operations_share_server"), {"plan_number": 999999}, follow=True
    )

    assert "If plan 999999 exists" in response.content.decode()
    assert not SyncServerShare.objects.exists()


def test_only_an_owner_shares_a_server(client_for, plan):
    plan.sync_server = SyncServerFactory()
    plan.save()
    client = client_for("editor")

    response = client.post(ops_url(plan, "operations_share_server"), {"plan_number": 1})

    assert response.status_code == 403


def test_a_server_without_plans_is_visible_to_staff_only(plan):
    server = SyncServerFactory()
    plan.sync_server = server
    plan.save()
    member = MembershipFactory(plan=plan).user
    sharer_plan = PlanFactory()
    SyncServerShare.objects.create(sync_server=server, plan=sharer_plan)
    shared_member = MembershipFactory(plan=sharer_plan).user
    staff = UserFactory(is_staff=True)
    assert server in servers_visible_to(member)
    assert server in servers_visible_to(shared_member)

    plan.sync_server = None
    plan.save()

    assert server not in servers_visible_to(member)
    assert server not in servers_visible_to(shared_member)
    assert server in servers_visible_to(staff)


def test_importing_a_document_never_reaches_another_teams_server_of_that_name():
    original = full_plan()
    doc = plan_document(original)
    outsider = UserFactory()

    imported = import_document(doc, user=outsider)

    assert imported.sync_server.name == original.sync_server.name
    assert imported.sync_server != original.sync_server
    # The document's register came along; the other team's register is untouched.
    assert imported.sync_server.operations_items.count() == 4
    assert original.sync_server.operations_items.count() == 4
    assert SyncServer.objects.filter(name=original.sync_server.name).count() == 2


def test_importing_links_to_a_server_the_importer_may_attach():
    original = full_plan()
    doc = plan_document(original)
    member = MembershipFactory(plan=original, role="viewer").user

    imported = import_document(doc, user=member)

    assert imported.sync_server == original.sync_server


def test_register_items_of_another_server_are_404_by_id(member_client, plan, other_team):
    _, _, item = other_team
    plan.sync_server = SyncServerFactory()
    plan.save()

    edit = member_client.post(
        ops_url(plan, "operations_edit_item", item_id=item.pk),
        {f"item-{item.pk}-name": "mine now"},
    )
    delete = member_client.post(ops_url(plan, "operations_delete_item", item_id=item.pk))

    assert (edit.status_code, delete.status_code) == (404, 404)
    item.refresh_from_db()
    assert item.name == "Jira API token"


@pytest.fixture
def shared(plan):
    """``plan`` and a signed-off plan of another team both running on one server."""
    server = SyncServerFactory(name="Connect prod")
    plan.sync_server = server
    plan.name = "Defects"
    plan.save()
    other = PlanFactory(name="Payments", sync_server=server, status=PlanStatus.SIGNED_OFF)
    version = PlanVersion.objects.create(plan=other, number=1, document={}, sha256="0" * 64)
    sign_off = SignOffRole.objects.create(plan=other, title="Sync administrator")
    approval = Approval.objects.create(
        sign_off_role=sign_off, plan_version=version, decision="approve", content_sha256="0" * 64
    )
    return server, other, approval


def test_the_editor_sees_beforehand_which_other_plans_a_register_edit_changes(
    member_client, plan, shared
):
    html = member_client.get(ops_url(plan)).content.decode()

    assert "Shared with 1 other plan" in html
    assert "<strong>Payments</strong>" in html


def test_editing_a_shared_register_changes_every_plan_on_the_server(member_client, plan, shared):
    server, other, approval = shared
    revisions = {plan.pk: plan.revision, other.pk: other.revision}

    response = member_client.post(
        ops_url(plan, "operations_add_item", kind="skill"),
        {"new-skill-name": "Networking", "new-skill-skill_area": "networking"},
    )

    assert response.status_code == 302
    assert OperationsItem.objects.filter(sync_server=server, name="Networking").exists()
    plan.refresh_from_db()
    other.refresh_from_db()
    approval.refresh_from_db()
    assert plan.revision == revisions[plan.pk] + 1
    assert other.revision == revisions[other.pk] + 1
    assert other.status == PlanStatus.DRAFT
    assert approval.stale
    mine = AuditEvent.objects.get(plan=plan, action="operations_item.create")
    theirs = AuditEvent.objects.get(plan=other, action="operations_item.create")
    assert mine.origin_plan is None
    assert theirs.origin_plan == plan
    assert theirs.actor == member_client.user.username
    assert theirs.subject == "operations/skill/networking"
    activity = reverse("planner:activity", kwargs={"plan_id": other.pk})
    MembershipFactory(plan=other, user=member_client.user, role="viewer")
    assert "from the plan Defects" in member_client.get(activity).content.decode()


def test_an_endpoints_operations_fields_change_only_its_own_plan(member_client, plan, shared):
    _, other, _ = shared
    endpoint = EndpointFactory(plan=plan)
    key = f"endpoint-{endpoint.pk}"

    response = member_client.post(
        ops_url(plan, "operations_edit_endpoint", endpoint_id=endpoint.pk),
        {
            f"{key}-lock_version": "0",
            f"{key}-integration_account": "svc-sync",
            f"{key}-auth_method": "native",
            f"{key}-network_path": "direct",
        },
    )

    assert response.status_code == 302
    assert AuditEvent.objects.filter(plan=plan, action="endpoint.update").exists()
    assert not AuditEvent.objects.filter(plan=other).exists()


def test_the_service_itself_refuses_another_teams_server(plan, other_team):
    theirs, _, _ = other_team
    with pytest.raises(PermissionDenied):
        choose_server(plan, user=UserFactory(), existing=theirs.sync_server)
    plan.refresh_from_db()
    assert plan.sync_server is None


def test_an_owner_withdraws_a_share_and_the_other_team_loses_sight_of_the_server(
    client, plan, other_team
):
    theirs, their_owner, _ = other_team
    editor = MembershipFactory(plan=plan, role="editor").user
    client.force_login(their_owner)
    client.post(ops_url(theirs, "operations_share_server"), {"plan_number": plan.pk})
    share = SyncServerShare.objects.get()
    assert f"Shared with plan {plan.pk}" in client.get(ops_url(theirs)).content.decode()

    client.post(ops_url(theirs, "operations_withdraw_share"), {"share": share.pk})

    assert not SyncServerShare.objects.exists()
    assert theirs.sync_server not in servers_visible_to(editor)
    assert AuditEvent.objects.filter(plan=theirs, action="sync_server.unshare").exists()
    assert AuditEvent.objects.filter(plan=plan, action="sync_server.unshare").exists()


def test_a_share_of_another_server_cannot_be_withdrawn(client_for, plan, other_team):
    theirs, _, _ = other_team
    share = SyncServerShare.objects.create(sync_server=theirs.sync_server, plan=PlanFactory())
    plan.sync_server = SyncServerFactory()
    plan.save()
    client = client_for("owner")

    response = client.post(ops_url(plan, "operations_withdraw_share"), {"share": share.pk})

    assert response.status_code == 302
    assert SyncServerShare.objects.filter(pk=share.pk).exists()
