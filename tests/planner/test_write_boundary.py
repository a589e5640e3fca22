"""One write boundary for plan content (issue 12, point 2): representative POSTs of every write
path write content only inside it, each with one audit event; sign-off changes go through it;
audit actions follow one naming scheme."""

import importlib

import pytest
from django.db import connection as database
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from connections.models import TypeMapping
from core.changes import action_name, content_change, record_change
from core.models import AuditEvent
from planner.models import Approval, Plan, PlanStatus, PlanVersion, SignOffRole, UseCaseAnswer
from planner.review.signoff import freeze_version
from tests.boundary import watching_content_writes
from tests.factories import (
    ConnectionFactory,
    ItemTypeFactory,
    MembershipFactory,
    OperationsItemFactory,
    SyncServerFactory,
    TypeMappingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def planner_url(name, plan, **kwargs):
    return reverse(f"planner:{name}", kwargs={"plan_id": plan.pk, **kwargs})


def post_watched(client, url, data):
    """POST and check that every content write was inside the boundary and audited once."""
    with watching_content_writes() as watch:
        response = client.post(url, data)
    assert response.status_code < 500, (url, response.status_code)
    watch.assert_clean(url)
    return response, watch


def test_the_watch_catches_a_write_outside_the_boundary(plan):
    with watching_content_writes() as watch:
        SignOffRole.objects.create(plan=plan, title="Bypass")
        Plan.objects.filter(pk=plan.pk).update(name="renamed behind the audit's back")
    assert watch.outside == ["SignOffRole save", "Plan update"]
    with pytest.raises(AssertionError, match="outside the boundary"):
        watch.assert_clean("bypass")


def test_the_watch_catches_content_written_without_an_audit_event(plan):
    with watching_content_writes() as watch, content_change(plan):
        SignOffRole.objects.create(plan=plan, title="Unrecorded")
    with pytest.raises(AssertionError, match="no audit event"):
        watch.assert_clean("silent")


@pytest.fixture
def connection(plan):
    connection = ConnectionFactory(plan=plan)
    TypeMappingFactory(connection=connection)
    return connection


def test_representative_posts_write_only_inside_the_boundary(member_client, plan, connection):
    owner = member_client.user
    tm = TypeMapping.objects.get(connection=connection)
    bug = ItemTypeFactory(endpoint=connection.left)
    defect = ItemTypeFactory(endpoint=connection.right)
    reviewer = MembershipFactory(plan=plan, role="reviewer").user
    posts = [
        (reverse("planner:plan_create"), {"name": "Another plan"}),
        (
            planner_url("plan_rename", plan),
            {"name": "Renamed", "description": "", "lock_version": plan.lock_version},
        ),
        (planner_url("operations_choose_server", plan), {"new_name": "Connect prod"}),
        (
            planner_url("operations_add_item", plan, kind="skill"),
            {"new-skill-name": "Networking", "new-skill-skill_area": "networking"},
        ),
        (planner_url("signoff_roles", plan), {"title": "Security officer"}),
        (planner_url("signoff_roles", plan), {"defaults": "1"}),
        (
            reverse(
                "planner:wizard_step",
                kwargs={
                    "plan_id": plan.pk,
                    "connection_id": connection.pk,
                    "step_key": "direction",
                },
            ),
            {f"tm-{tm.pk}": "r2l", "text": "Fixes flow back to QA."},
        ),
        (
            reverse(
                "connections:type_mapping_add",
                kwargs={"plan_id": plan.pk, "connection_id": connection.pk},
            ),
            {"left_type_id": bug.pk, "right_type_id": defect.pk, "direction": "l2r"},
        ),
    ]
    for url, data in posts:
        post_watched(member_client, url, data)
    # The writes really happened (the POSTs were valid), before the restore replaces the rows.
    assert Plan.objects.filter(name="Another plan").exists()
    assert TypeMapping.objects.filter(connection=connection, left_type=bug).exists()
    assert UseCaseAnswer.objects.filter(connection=connection, question="direction").exists()

    role = SignOffRole.objects.get(plan=plan, title="Security officer")
    post_watched(member_client, planner_url("signoff_holder", plan, role_id=role.pk),
                 {"holder": reviewer.username})  # fmt: skip
    post_watched(member_client, planner_url("signoff_roles", plan), {"remove": role.pk})
    item = OperationsItemFactory(sync_server=Plan.objects.get(pk=plan.pk).sync_server)
    post_watched(member_client, planner_url("operations_delete_item", plan, item_id=item.pk), {})
    version = freeze_version(plan, by=owner)
    post_watched(member_client, planner_url("version_restore", plan, number=version.number), {})
    post_watched(member_client, planner_url("plan_archive", plan), {})

    assert not SignOffRole.objects.filter(plan=plan, title="Security officer").exists()
    assert AuditEvent.objects.filter(plan=plan, action="plan.restore").exists()
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.ARCHIVED


def test_a_wizard_step_saving_several_rows_is_one_revision_and_one_event(
    member_client, plan, connection
):
    tm = TypeMapping.objects.get(connection=connection)
    revision = Plan.objects.get(pk=plan.pk).revision
    url = reverse(
        "planner:wizard_step",
        kwargs={"plan_id": plan.pk, "connection_id": connection.pk, "step_key": "direction"},
    )

    post_watched(member_client, url, {f"tm-{tm.pk}": "r2l", "text": "Fixes flow back."})

    assert Plan.objects.get(pk=plan.pk).revision == revision + 1
    event = AuditEvent.objects.get(plan=plan)
    assert event.action == "use_case.answer"
    assert [c["action"] for c in event.after["changes"]] == [
        "type_mapping.update",
        "use_case_answer.create",
    ]


@pytest.fixture
def signed_off(plan, member_client):
    """``plan`` signed off: one sign-off, approved on version 1."""
    holder = MembershipFactory(plan=plan, role="reviewer").user
    role = SignOffRole.objects.create(plan=plan, title="Sync administrator", holder=holder)
    version = PlanVersion.objects.create(plan=plan, number=1, document={}, sha256="0" * 64)
    approval = Approval.objects.create(
        sign_off_role=role, plan_version=version, decision="approve", content_sha256="0" * 64
    )
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.SIGNED_OFF)
    return role, approval


@pytest.mark.parametrize("change", ["add", "remove", "holder"])
def test_a_sign_off_change_on_a_signed_off_plan_goes_back_to_draft_with_a_trace(
    member_client, plan, signed_off, change
):
    role, approval = signed_off
    revision = Plan.objects.get(pk=plan.pk).revision
    url, data, action = {
        "add": (planner_url("signoff_roles", plan), {"title": "Security"}, "sign_off_role.create"),
        "remove": (planner_url("signoff_roles", plan), {"remove": role.pk}, "sign_off_role.delete"),
        "holder": (
            planner_url("signoff_holder", plan, role_id=role.pk),
            {"holder": ""},
            "sign_off_role.assign",
        ),
    }[change]

    post_watched(member_client, url, data)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert plan.revision == revision  # review data: the validated content revision stays
    event = AuditEvent.objects.get(plan=plan)
    assert (event.action, event.actor) == (action, member_client.user.username)
    if change != "remove":  # a removed sign-off takes its approvals with it
        approval.refresh_from_db()
        assert approval.stale


def test_a_stale_approval_shows_as_stale_on_the_review_page(member_client, plan, signed_off):
    _, approval = signed_off
    record_change(plan, member_client.user, "plan.update", "plan")

    html = member_client.get(planner_url("review", plan)).content.decode()

    approval.refresh_from_db()
    assert approval.stale
    assert "stale" in html.lower()


def test_one_change_over_several_plans_bumps_each_once_and_records_one_event_in_each(plan):
    other = Plan.objects.create(name="Other", sync_server=SyncServerFactory())
    user = UserFactory()

    with content_change([plan, other], user, origin=plan):
        record_change([plan, other], user, "sync_server.update", "operations/server", origin=plan)

    assert [p.revision for p in Plan.objects.filter(pk__in=[plan.pk, other.pk])] == [1, 1]
    assert AuditEvent.objects.filter(plan=plan).count() == 1
    assert AuditEvent.objects.get(plan=other).origin_plan == plan


def test_audit_actions_have_one_naming_scheme():
    assert action_name(TypeMapping, "create") == "type_mapping.create"
    assert action_name(UseCaseAnswer(), "update") == "use_case_answer.update"
    assert action_name("SyncServer", "share") == "sync_server.share"


def test_old_audit_actions_are_renamed_so_existing_rows_stay_readable(plan):
    old = ["typemapping.create", "usermapentry.add", "operationsitem.delete", "signoff.holder"]
    for action in old:
        AuditEvent.objects.create(plan=plan, action=action)
    migration = importlib.import_module("planner.migrations.0004_audit_actions_snake_case")
    # The models as that migration saw them (AuditEvent was planner's then; same table).
    state = MigrationExecutor(database).loader.project_state(
        ("planner", "0004_audit_actions_snake_case")
    )

    migration.forwards(state.apps, None)

    assert sorted(AuditEvent.objects.values_list("action", flat=True)) == [
        "operations_item.delete",
        "sign_off_role.assign",
        "type_mapping.create",
        "user_map_entry.add",
    ]


def test_removing_a_member_who_holds_a_sign_off_frees_it_through_the_boundary(
    member_client, plan, signed_off
):
    role, approval = signed_off
    membership = plan.memberships.get(user=role.holder)

    post_watched(member_client, planner_url("team_remove", plan, membership_id=membership.pk), {})

    role.refresh_from_db()
    plan.refresh_from_db()
    approval.refresh_from_db()
    assert role.holder is None
    assert plan.status == PlanStatus.DRAFT and approval.stale
    event = AuditEvent.objects.get(plan=plan, action="sign_off_role.assign")
    assert event.after == {"holder": None}


def test_a_failed_inner_step_is_rolled_back_and_not_recorded(plan):
    user = UserFactory()

    with content_change(plan, user):
        with pytest.raises(ValueError), content_change(plan):
            SignOffRole.objects.create(plan=plan, title="Rolled back")
            record_change(plan, user, "sign_off_role.create", "signoffs/Rolled back")
            raise ValueError("refused")
        record_change(plan, user, "plan.update", "plan")

    assert not SignOffRole.objects.filter(plan=plan).exists()
    assert list(AuditEvent.objects.filter(plan=plan).values_list("action", flat=True)) == [
        "plan.update"
    ]
